"""CITEREF anchors: the year grammar, anchor encoding, and the targets a page's citations define.

This follows Module:Footnotes and Module:Footnotes/anchor id list (spec §2.1, §2.2): the same
names, the same year extraction and the same encoding on both sides, so an sfn and its citation
meet exactly when the module would link them.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.wikitext.blocks import strip_comments
from bot.wikitext.names import Family
from bot.wikitext.sitedata import BUILTIN, SiteData
from bot.wikitext.spans import ASCII_SPACE, TemplateCall

_YEAR_RE = re.compile(r"^(?:\d{3,4}|n\.d\.|nd|c\. \d{3,4}|\d{4}\u2013\d{4}|\d{4}\u2013\d{2})[a-z]?$")


def is_year(value: str) -> bool:
    """Module:Footnotes' ``is_year``: the whole value is one of the six year forms."""
    return bool(_YEAR_RE.match(value))


_YEAR_REPAIRS = (
    (re.compile(r"^(\d{4})\s*(?:-|\u2014|\u2212|\u2013)\s*(\d{2}|\d{4})([a-z]?)$"), r"\1–\2\3"),
    (re.compile(r"^c\.\s*(\d{3,4}[a-z]?)$"), r"c. \1"),
    (re.compile(r"^(\d{3,4})([A-Z])$"), None),
)


def repaired_year(value: str) -> str | None:
    """The year ``value`` was meant to be (2001-2002 → 2001–2002, c.1900 → c. 1900, 2005A → 2005a)."""
    for pattern, replacement in _YEAR_REPAIRS:
        match = pattern.match(value)
        if match is None:
            continue
        fixed = match.group(1) + match.group(2).lower() if replacement is None else match.expand(replacement)
        if fixed != value and is_year(fixed):
            return fixed
    return None


_PIPED_LINK_RE = re.compile(r"\[\[:?([^\[|]+)\|([^\[]+)\]\]")
_PLAIN_LINK_RE = re.compile(r"\[\[:?([^\[]+)\|?\]\]")
_URL_PROTOCOLS = (
    "bitcoin:|ftp://|ftps://|geo:|git://|gopher://|http://|https://|irc://|ircs://|magnet:|mailto:|"
    "matrix:|mms://|news:|nntp://|redis://|sftp://|sip:|sips:|sms:|ssh://|svn://|tel:|telnet://|urn:|"
    "worldwind://|xmpp:|//"
)
_EXTERNAL_LINK_RE = re.compile(r"\[(?i:" + _URL_PROTOCOLS + r")([^ ]+?) ([^\[]+)\]")
_QUOTES_RE = re.compile(r"'{2,}")
_TAG_RE = re.compile(r"<[^>]*>")
_CHAR_REF_RE = re.compile(r"&([A-Za-z0-9\x80-\uffff]+;)|&#([0-9]+);|&#[xX]([0-9A-Fa-f]+);")
_BIDI_RE = re.compile("[\u200e\u200f\u202a-\u202e]+")
_TITLE_SPACE_RE = re.compile("[ _\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_ID_SPACE_RE = re.compile("[\t\n\f\r ]")
_PERCENT_RE = re.compile(r"%([a-fA-F0-9]{2})")
_PHP_TRIM = " \t\n\r\0\x0b"
_MAX_ANCHOR = 1024
# Words of no markup, entity, percent sign, underscore, bidi mark or space of any kind, between
# single spaces: what anchor_encode_markup only turns the spaces of into "_".
_PLAIN_WORD = "[^\\s\\[\\]'<&_%\\x00\u180e\u200e\u200f\u202a-\u202e]+"
_PLAIN_ANCHOR_RE = re.compile(f"{_PLAIN_WORD}(?: {_PLAIN_WORD})*")


def _quotes(match: re.Match[str]) -> str:
    """What survives of an apostrophe run once doQuotes made it markup and the tags went:
    two, three or five are pure markup, four keep one apostrophe, more than five keep the rest."""
    count = len(match.group())
    return "'" if count == 4 else "'" * (count - 5) if count > 5 else ""


def _char_reference(match: re.Match[str]) -> str:
    """Sanitizer::decodeCharReferences for one reference: unknown names stay, invalid code
    points become U+FFFD."""
    name, decimal, hexadecimal = match.groups()
    if name is not None:
        return html.entities.html5.get(name, match.group())
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    valid = code in (0x09, 0x0A, 0x0D) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
    return chr(code) if valid or 0x10000 <= code <= 0x10FFFF else "\ufffd"


def anchor_encode(text: str) -> str:
    """``mw.uri.anchorEncode`` for one anchor (see ``anchor_encode_markup``)."""
    if len(text) <= _MAX_ANCHOR and _PLAIN_ANCHOR_RE.fullmatch(text):
        # Most anchors (CITEREFSmith2005) hold nothing the steps below change but single spaces.
        return text.replace(" ", "_")
    return anchor_encode_markup(text)


def anchor_encode_markup(text: str) -> str:
    """``mw.uri.anchorEncode`` (CoreParserFunctions::anchorencode) before its output is escaped
    for HTML: links reduced to their text, quotes and tags dropped, entities decoded, bidi marks
    (LRM, RLM, embeddings) removed, every kind of space (NBSP included) made one ``_``, and
    ``%XX`` escaped to ``%25XX``. Zero-width spaces, soft hyphens and BOMs are kept, so they
    break a match (Parser::guessSectionNameFromWikiText, MediaWikiTitleCodec::splitTitleString,
    Sanitizer::escapeIdForLink)."""
    text = _PIPED_LINK_RE.sub(r"\2", text)
    text = _PLAIN_LINK_RE.sub(r"\1", text)
    text = _EXTERNAL_LINK_RE.sub(r"\2", text)
    text = _TAG_RE.sub("", _QUOTES_RE.sub(_quotes, text))
    text = re.sub(r"[ _]+", " ", text).strip(_PHP_TRIM)
    text = _CHAR_REF_RE.sub(_char_reference, text)
    # The fragment of a title "#text"; a title holding U+FFFD is malformed and left alone.
    key = _TITLE_SPACE_RE.sub("_", _BIDI_RE.sub("", text.replace(" ", "_"))).rstrip("_")
    if "\ufffd" not in key:
        text = key.replace("_", " ")
    return _PERCENT_RE.sub(r"%25\1", _ID_SPACE_RE.sub("_", text[:_MAX_ANCHOR]))


def citeref(names: Sequence[str], year: str) -> str:
    return anchor_encode("CITEREF" + "".join(names) + year)


_TEMPLATE_RE = re.compile(r"\{\{(?:[^{}]|\{(?!\{)|\}(?!\}))*\}\}")
_LINK_RE = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]]*)\]\]")


def strip_templates(text: str) -> str:
    while True:
        stripped = _TEMPLATE_RE.sub("", text)
        if stripped == text:
            return text
        text = stripped


def accept_as_written(text: str) -> str:
    """CS1's ``((…))`` markup reduced to its content: each ``((`` with the first ``))`` after it, line
    breaks included (the module's ``%(%((.-)%)%)``). Linear, where the regex ``\\(\\((.*?)\\)\\)``
    rescans the rest of the text from every ``((`` that nothing closes."""
    pieces: list[str] = []
    last = 0
    while (start := text.find("((", last)) >= 0:
        end = text.find("))", start + 2)
        if end < 0:
            break  # no "))" closes this "((", nor any later one
        pieces += [text[last:start], text[start + 2 : end]]
        last = end + 2
    pieces.append(text[last:])
    return "".join(pieces)


def clean_value(raw: str) -> str:
    """A citation value as the anchor list reads it: no comments, no templates, links as labels.
    ``((…))`` stays: only the name lists read it (names_get, vnames_get)."""
    text = strip_comments(raw)
    if "{{" in text:
        text = strip_templates(text)
    if "[[" in text:
        text = _LINK_RE.sub(r"\1", text)
    return text.strip(ASCII_SPACE)


# Module:Footnotes/anchor id list, patterns_date, in its order. Lua's string patterns work on
# bytes with ASCII classes (%d, %l), hence re.ASCII; '$' is the end of the value, hence \Z.
_CITATION_YEAR_RES = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        r"(\d{4})\D+(\d{4}[a-z]?)\Z",  # any range of four-digit years, whatever separates them
        r"\A(\d{4}–\d{2}[a-z]?)\Z",  # YYYY–YY, with an en dash only
        r"\A(c\. \d{3,4}[a-z]?)\Z",  # c. YYYY, with exactly one space
        r"(\d{3,4}[a-z]?)\Z",  # a year at the end (dmy, mdy, 1990s)
        r"\A(\d{3,4}[a-z]?)",  # a year at the start (ymd, 1998-99, 2004/05)
        r"\A(n\.d\.[a-z]?)\Z",
        r"\A(nd[a-z]?)\Z",
    )
)
_DATE_TEMPLATES = frozenset({"date", "datetomos", "formatdate", "isotodmymdy", "isotomos"})
_LUA_SPACE = " \t\n\v\f\r"
_TEMPLATE_MARKUP_RE = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)  # the module's '{{%s*(.-)%s*}}'

# The parameters a citation's year is read from, in the module's order (alias_patterns_*).
CS12_YEAR_KEYS = ("year", "date", "publication-date", "publicationdate", "air-date", "airdate")
PATENT_YEAR_KEYS = ("issue-date", "gdate", "publication-date", "pubdate")
HARVC_YEAR_KEYS = ("anchor-year", "year")


def _balanced_braces(text: str) -> str | None:
    """Lua's ``%b{}`` at the start of ``text``: the shortest prefix with balanced braces."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return text[: index + 1]
    return None


def year_from_date(raw: str) -> str | None:
    """The year Module:Footnotes/anchor id list reads from one raw year or date value.

    None when the value counts as absent (the next alias is tried); '' when it is present but
    holds no year the module recognises, or holds a template other than {{date}} (the module
    then gives up on the year: 1998-99 reads as 1998, c.1900 as 1900, 2004/05 as 2004)."""
    value = strip_comments(raw).lstrip(_LUA_SPACE)
    braced = _balanced_braces(value) if value.startswith("{") else None
    if braced is not None:
        inner = _TEMPLATE_MARKUP_RE.sub(r"\1", braced)
        parts = re.split(r"\s*\|\s*", inner)
        if parts[0].lower() not in _DATE_TEMPLATES:
            return ""
        if len(parts) < 2:
            return None
        text = parts[1]
    elif value.count("{") > value.count("}"):
        return ""  # the citation's braces never close: the module stops reading the page there
    else:
        text = re.split(r"[|}]", value, maxsplit=1)[0].strip(_LUA_SPACE)
        if not text:
            return None
    for pattern in _CITATION_YEAR_RES:
        match = pattern.search(text)
        if match:
            return "–".join(group for group in match.groups() if group is not None)
    return ""


def citation_year(raw: dict[str, str], keys: Sequence[str]) -> str:
    """The year of a citation's anchor: the first of ``keys`` with a value decides."""
    for key in keys:
        year = year_from_date(raw[key]) if key in raw else None
        if year is not None:
            return year
    return ""


# Module:Footnotes/anchor id list's name lists (aliases_*), each in its order; '#' is the slot.
CONTRIBUTOR_ALIASES = (
    *("contributor#", "contributor-last#", "contributor#-last"),
    *("contributor-surname#", "contributor#-surname"),
)
AUTHOR_ALIASES = ("last#", "author#", "surname#", "author-last#", "author#-last", "subject#", "host#")
EDITOR_ALIASES = ("editor#", "editor-last#", "editor#-last", "editor-surname#", "editor#-surname")
HARVC_ALIASES = ("last#", "author#")
INVENTOR_ALIASES = (
    *("inventor#", "inventor-last#", "inventor#-last", "inventor-surname#", "inventor#-surname"),
    *("invent#", "invent-#"),
)


def _slot_keys(aliases: tuple[str, ...], slot: int) -> Iterator[str]:
    for alias in aliases:
        yield alias.replace("#", str(slot))
        if slot == 1:
            yield alias.replace("#", "")  # |last= is |last1=


@cache
def _slots(aliases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The parameter names of each of the four slots, in the order they are tried: built once,
    as a page's citations ask for them thousands of times."""
    return tuple(tuple(_slot_keys(aliases, slot)) for slot in range(1, 5))


def numbered_names(values: dict[str, str], aliases: tuple[str, ...]) -> list[str] | None:
    """The module's names_get: four slots, each from the first alias given a value, ``((…))``
    unwrapped; None when all four come to nothing. Trailing empty slots are dropped."""
    names = [accept_as_written(next(filter(None, map(values.get, keys)), "")) for keys in _slots(aliases)]
    while names and not names[-1]:
        names.pop()
    return names or None


_VANCOUVER_SPLIT_RE = re.compile(r"\s*,\s*")  # mw.text.split's '%s*,%s*' (Unicode spaces)
# '^%(%(.*[^%)][^%)]$', read as Lua reads it: on bytes.
_AS_WRITTEN_OPENS_RE = re.compile(rb"\(\(.*[^)][^)]\Z", re.S)
_AS_WRITTEN_RE = re.compile(r"\(\(.*?\)\)", re.S)  # '%(%(.-%)%)'
_INITIALS_RE = re.compile(r"(.*?)[ \t\n\v\f\r]+[A-Z]+\Z", re.S)  # '(.-)%s+%u+$': ASCII, bytes


def vancouver_names(value: str) -> list[str]:
    """The module's vnames_get: a |vauthors= or |veditors= list read to its first four names.

    Names split at commas, except inside ``((…))``, whose pieces are joined again with ", ";
    a name without ``((…))`` loses its trailing capital initials (``Smith JA`` -> ``Smith``, but
    ``Smith J.`` stays). The count stops at the fourth piece read, as the module's does, so a
    ``((…))`` name spanning pieces can let a fifth name in."""
    pieces = _VANCOUVER_SPLIT_RE.split(value)
    names: list[str] = []
    index = 0
    while index < len(pieces):
        name = pieces[index]
        if _AS_WRITTEN_OPENS_RE.match(name.encode("utf-8", "surrogatepass")):
            index += 1
            while index < len(pieces):
                name += ", " + pieces[index]
                if pieces[index].endswith("))"):
                    break
                index += 1
        names.append(name)
        index += 1
        if index == 4:
            break
    return [
        accept_as_written(name if _AS_WRITTEN_RE.search(name) else _INITIALS_RE.sub(r"\1", name))
        for name in names
    ]


def cite_names(values: dict[str, str]) -> tuple[list[str] | None, str]:
    """A CS1/CS2 citation's first four names and the list they came from, in the module's order:
    contributors, authors, |vauthors=, editors, |veditors=; None when it has none."""
    for label, aliases in (("contributor", CONTRIBUTOR_ALIASES), ("author", AUTHOR_ALIASES)):
        names = numbered_names(values, aliases)
        if names is not None:
            return names, label
    if values.get("vauthors"):
        return vancouver_names(values["vauthors"]), "vauthors"
    names = numbered_names(values, EDITOR_ALIASES)
    if names is not None:
        return names, "editor"
    if values.get("veditors"):
        return vancouver_names(values["veditors"]), "veditors"
    return None, ""


@dataclass(frozen=True, slots=True)
class Citation:
    """One anchor-bearing template: its anchor (None for ref=none) and what it was made from."""

    anchor: str | None
    names: tuple[str, ...]
    year: str
    source: str  # the name list used, or "ref", "anchor", "harvc" ...
    start: int


@dataclass(slots=True)
class Targets:
    anchors: Counter[str] = field(default_factory=Counter)
    citations: list[Citation] = field(default_factory=list)
    whitelist: set[str] = field(default_factory=set)
    whitelist_calls: list[TemplateCall] = field(default_factory=list)
    templates: set[str] = field(default_factory=set)  # as the module lists them: first letter up
    site: SiteData = BUILTIN
    _related: dict[tuple[str, object], list[int]] | None = None

    def whitelisted(self, anchor: str, year: str) -> bool:
        """Whether a missing anchor is excused: by the page's {{sfn whitelist}}, or by the wiki's
        whitelist (a template on the page known to make it, or an anchor pattern)."""
        if anchor in self.whitelist:
            return True
        return self.site.whitelisted(anchor, year if is_year(year) else "", self.templates)

    def related(self, anchor: str, names: tuple[str, ...]) -> list[Citation]:
        """Citations a footnote may have meant, in page order: the same names, an anchor one
        letter longer or shorter, or the same anchor once case and diacritics are folded.
        Indexed once per page, so a page of many footnotes and citations is not quadratic."""
        if self._related is None:
            index: defaultdict[tuple[str, object], list[int]] = defaultdict(list)
            for number, citation in enumerate(self.citations):
                if citation.names:
                    index["names", citation.names].append(number)
                if citation.anchor is not None:
                    index["anchor", citation.anchor].append(number)
                    index["anchor minus one", citation.anchor[:-1]].append(number)
                    index["folded", fold(citation.anchor)].append(number)
            self._related = index
        keys = [
            ("names", names),
            ("anchor minus one", anchor),
            ("anchor", anchor[:-1]),
            ("folded", fold(anchor)),
        ]
        numbers = sorted({number for key in keys for number in self._related.get(key, ())})
        return [self.citations[number] for number in numbers]


def _values(call: TemplateCall) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in call.params:
        values[param.key] = param.raw_value
    return values


# The anchor id list's sfnref_get compares the name lower-cased: {{SfnRef}}, {{SFNREF}}, {{harvid}}.
_REF_TEMPLATE_RE = re.compile(r"\{\{\s*(?i:sfnref|harvid)\s*((?:\|[^{}]*)?)\}\}")


def _sfnref(raw: str) -> str | None:
    """The id an {{sfnref}}/{{harvid}} in ``raw`` makes: "CITEREF" and up to five positionals."""
    match = _REF_TEMPLATE_RE.search(strip_comments(raw))
    if match is None:
        return None
    parts = [p.strip() for p in match.group(1).split("|")[1:] if "=" not in p]
    return "CITEREF" + "".join(parts[:5])


def _ref_anchor(raw: str) -> str | None:
    """The anchor a ``ref=`` value makes: {{sfnref}}/{{harvid}} decoded, 'none' for no anchor."""
    made = _sfnref(raw)
    if made is not None:
        return anchor_encode(made)
    text = strip_comments(raw).strip()
    return None if text == "none" else anchor_encode(text)


def _wikicite_anchor(call: TemplateCall) -> str | None:
    """{{wikicite}}: ``ref=`` as written or from {{sfnref}}, else "Reference-" and ``id=``."""
    raw = _values(call)
    for key, prefix in (("ref", ""), ("id", "Reference-")):
        made = _sfnref(raw.get(key, ""))
        text = made if made is not None else strip_comments(raw.get(key, "")).strip()
        if text:
            return anchor_encode(prefix + text)
    return None


_PATENT_TEMPLATES = frozenset({"Cite patent", "Citeref patent", "Ref patent"})


def _harvc_citation(call: TemplateCall, raw: dict[str, str], values: dict[str, str]) -> Citation:
    """{{harvc}}: ``id=`` ({{sfnref}} decoded, any other template makes nothing), else its own
    ``last``/``author`` names and year; it has no ``ref=``."""
    id_raw = strip_comments(raw.get("id", "")).lstrip(ASCII_SPACE)
    if id_raw.startswith("{") or values.get("id"):
        made = _sfnref(id_raw) if id_raw.startswith("{") else values["id"]
        return Citation(None if made is None else anchor_encode(made), (), "", "id", call.start)
    names = numbered_names(values, HARVC_ALIASES)
    year = citation_year(raw, HARVC_YEAR_KEYS)
    anchor = None if names is None else citeref(names, year)
    return Citation(anchor, tuple(names or ()), year, "author", call.start)


# What a citation's anchor reads cleaned: its name lists and a few single values. A citation
# holds a dozen other parameters (title, url, pages ...) whose cleaning would be wasted.
_NAME_LISTS = (CONTRIBUTOR_ALIASES, AUTHOR_ALIASES, EDITOR_ALIASES, HARVC_ALIASES, INVENTOR_ALIASES)
_ANCHOR_KEYS = frozenset(
    {"vauthors", "veditors", "volume", "harvid", "id"}.union(
        *(keys for aliases in _NAME_LISTS for keys in _slots(aliases))
    )
)


def _citation(call: TemplateCall, site: SiteData) -> Citation:
    raw = _values(call)
    values = {key: clean_value(value) for key, value in raw.items() if key in _ANCHOR_KEYS}
    if call.family is Family.HARVC:
        return _harvc_citation(call, raw, values)
    ref_raw = raw.get("ref", "")
    if call.family is Family.VCITE:
        ref_raw = ref_raw or ("{{harvid|" + values["harvid"] + "}}" if values.get("harvid") else "")
    names: list[str] | None
    if call.normalized in _PATENT_TEMPLATES:
        year = citation_year(raw, PATENT_YEAR_KEYS)
        names, source = numbered_names(values, INVENTOR_ALIASES), "inventor"
    else:
        # Cite LSA too: the module's own "only |last= and |year=" branch compares the name in
        # lower case with one it has capitalised, so it never runs.
        year = citation_year(raw, CS12_YEAR_KEYS)
        names, source = cite_names(values)
    defaults = (
        site.wrapper_defaults(call.normalized, values.get("volume", ""))
        if call.family is Family.WRAPPER
        else None
    )
    if defaults is not None:
        # A wrapper's own names and date win; what it hides comes from the wiki's whitelist.
        if names is None:
            names, source = [defaults[0]], "wrapper"
        year = year or defaults[1]
    if ref_raw.strip() and clean_value(ref_raw) != "harv":
        return Citation(_ref_anchor(ref_raw), tuple(names or ()), year, "ref", call.start)
    anchor = None if names is None else citeref(names, year)  # no names: the module makes no anchor
    return Citation(anchor, tuple(names or ()), year, source, call.start)


def harvest(calls: Iterable[TemplateCall], site: SiteData = BUILTIN) -> Targets:
    """Every anchor a page's citations, wrappers, {{harvc}}, {{anchor}} and {{wikicite}} define,
    and the names of the templates the wiki's whitelist asks about."""
    targets = Targets(site=site)
    for call in calls:
        family = call.family
        targets.templates.add(call.name[:1].upper() + call.name[1:])
        if family in (Family.CITATION, Family.HARVC, Family.VCITE, Family.WRAPPER):
            citation = _citation(call, site)
        elif family is Family.ANCHOR:
            for param in call.params:
                if not param.showkey and param.value:
                    anchor = _ref_anchor(param.raw_value) or anchor_encode(param.value)
                    targets.anchors[anchor] += 1
                    targets.citations.append(Citation(anchor, (), "", "anchor", call.start))
            continue
        elif family is Family.WIKICITE:
            made = _wikicite_anchor(call)
            if made is None:
                continue
            citation = Citation(made, (), "", "wikicite", call.start)
        elif family is Family.WHITELIST:
            targets.whitelist_calls.append(call)
            for param in call.params:
                if not param.showkey and param.value:
                    targets.whitelist.add(anchor_encode(param.value))
            continue
        else:
            continue
        targets.citations.append(citation)
        if citation.anchor is not None:
            targets.anchors[citation.anchor] += 1
    return targets


def fold(text: str) -> str:
    """Case and diacritics folded away, for near-miss hints."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
