"""CITEREF anchors: the year grammar, anchor encoding, and the targets a page's citations define.

This follows Module:Footnotes and Module:Footnotes/anchor id list (spec §2.1, §2.2): the same
names, the same year extraction and the same encoding on both sides, so an sfn and its citation
meet exactly when the module would link them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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


_WS_RE = re.compile(r"[\s_]+")


def anchor_encode(text: str) -> str:
    """``{{anchorencode:}}`` as far as matching goes: entities decoded, whitespace to underscores."""
    return _WS_RE.sub("_", html.unescape(text).strip())


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
    """CS1's ``((…))`` markup reduced to its content: each ``((`` with the first ``))`` after it on
    its line. Linear, where the regex ``\\(\\((.*?)\\)\\)`` rescans a line from every unclosed ``((``."""
    pieces: list[str] = []
    last = position = 0
    while (start := text.find("((", position)) >= 0:
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        end = text.find("))", start + 2, line_end)
        if end < 0:
            position = line_end  # no "))" closes anything else on this line either
            continue
        pieces += [text[last:start], text[start + 2 : end]]
        last = position = end + 2
    pieces.append(text[last:])
    return "".join(pieces)


def clean_value(raw: str) -> str:
    """A citation value as the anchor list reads it: no comments, no templates, links as labels."""
    text = strip_comments(raw)
    if "{{" in text:
        text = strip_templates(text)
    if "[[" in text:
        text = _LINK_RE.sub(r"\1", text)
    if "((" in text:
        text = accept_as_written(text)
    return text.strip(ASCII_SPACE)


_RANGE_YEAR_RE = re.compile(r"(?<!\d)(\d{4})[^\d]*?[-\u2013\u2014/][^\d]*?(?<!\d)(\d{4})(?!\d)([a-z]?)")
_SHORT_RANGE_RE = re.compile(r"^(\d{4})[-\u2013\u2014/](\d{2})([a-z]?)$")
_CIRCA_RE = re.compile(r"^c\.\s*(\d{3,4}[a-z]?)$")
_TRAILING_RE = re.compile(r"(?<!\d)(\d{3,4}[a-z]?)$")
_LEADING_RE = re.compile(r"^(\d{3,4}[a-z]?)(?!\d)")
_ND_RE = re.compile(r"^(n\.d\.|nd)([a-z]?)$")
_DATE_TEMPLATE_RE = re.compile(r"\{\{\s*[Dd]ate\s*\|([^{}|]*)[^{}]*\}\}")


def year_from_date(raw: str) -> str:
    """The year the anchor list takes from a citation's year or date value ('' when none)."""
    text = strip_comments(raw)
    text = _DATE_TEMPLATE_RE.sub(r"\1", text)
    if "{{" in text:
        return ""
    text = text.strip()
    for pattern in (_RANGE_YEAR_RE, _SHORT_RANGE_RE):
        match = pattern.search(text)
        if match:
            return f"{match.group(1)}\u2013{match.group(2)}{match.group(3)}"
    for pattern in (_CIRCA_RE, _ND_RE):
        match = pattern.match(text)
        if match:
            return "c. " + match.group(1) if pattern is _CIRCA_RE else "".join(match.groups())
    match = _TRAILING_RE.search(text) or _LEADING_RE.match(text)
    return match.group(1) if match else ""


# Name lists in the order the anchor list tries them; '#' stands for the slot number.
_NAME_LISTS: tuple[tuple[str, ...], ...] = (
    (
        "contributor#-last",
        "contributor-last#",
        "contributor#-surname",
        "contributor-surname#",
        "contributor#",
    ),
    (
        "last#",
        "author#",
        "surname#",
        "author#-last",
        "author-last#",
        "author#-surname",
        "author-surname#",
        "subject#",
        "host#",
    ),
    ("vauthors",),
    ("editor#-last", "editor-last#", "editor#-surname", "editor-surname#", "editor#"),
    ("veditors",),
)
_INITIALS_RE = re.compile(r"\s+[A-Z]{1,3}\.?$")


def _slot_keys(pattern: str, slot: int) -> tuple[str, ...]:
    keys = [pattern.replace("#", str(slot))]
    if slot == 1 and "#" in pattern:
        keys.append(pattern.replace("#", ""))
    return tuple(keys)


# For each name list: its label, and for slots 1-4 every parameter name that fills the slot.
_NAME_KEYS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = tuple(
    (
        aliases[0].replace("#", ""),
        tuple(tuple(key for alias in aliases for key in _slot_keys(alias, slot)) for slot in range(1, 5)),
    )
    for aliases in _NAME_LISTS
)


def cite_names(values: dict[str, str]) -> tuple[list[str], str]:
    """The first four names of a citation and which list they came from."""
    for label, slot_keys in _NAME_KEYS:
        if label.startswith("v"):
            raw = values.get(label, "")
            if raw:
                names = [_INITIALS_RE.sub("", part.strip()) for part in raw.split(",")]
                return [n for n in names if n][:4], label
            continue
        slots = [next((values[key] for key in keys if values.get(key)), "") for keys in slot_keys]
        while slots and not slots[-1]:
            slots.pop()
        if slots:
            return slots, label
    return [], ""


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


def _citation(call: TemplateCall, site: SiteData) -> Citation:
    raw = _values(call)
    values = {key: clean_value(value) for key, value in raw.items()}
    ref_raw = raw.get("ref", "")
    if call.family is Family.VCITE:
        ref_raw = ref_raw or ("{{harvid|" + values["harvid"] + "}}" if values.get("harvid") else "")
    if call.family is Family.HARVC and values.get("id"):
        return Citation(anchor_encode(values["id"]), (), "", "id", call.start)
    year_keys = (
        ("anchor-year", "year")
        if call.family is Family.HARVC
        else (
            "year",
            "date",
            "publication-date",
            "publicationdate",
            "air-date",
            "airdate",
            "issue-date",
            "gdate",
            "pubdate",
        )
    )
    year = next((year_from_date(raw[key]) for key in year_keys if values.get(key)), "")
    if call.normalized == "Cite patent":
        names = [
            values[k]
            for k in ("inventor-last", "inventor1-last", "inventor-surname", "inventor1-surname", "inventor")
            if values.get(k)
        ][:1]
        source = "inventor"
    elif call.normalized == "Cite LSA":
        names, source = ([values["last"]] if values.get("last") else []), "last"
    else:
        names, source = cite_names(values)
    defaults = (
        site.wrapper_defaults(call.normalized, values.get("volume", ""))
        if call.family is Family.WRAPPER
        else None
    )
    if defaults is not None:
        # A wrapper's own names and date win; what it hides comes from the wiki's whitelist.
        if not names:
            names, source = [defaults[0]], "wrapper"
        year = year or defaults[1]
    if ref_raw.strip() and clean_value(ref_raw) != "harv":
        return Citation(_ref_anchor(ref_raw), tuple(names), year, "ref", call.start)
    return Citation(citeref(names, year), tuple(names), year, source, call.start)


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
