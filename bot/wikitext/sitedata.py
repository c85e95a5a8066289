"""What a wiki itself says decides a verdict: its template names, wrappers and whitelist.

Module:Footnotes reads Module:Footnotes/whitelist (wrapper templates with default names and
years, anchors that named templates make, anchor patterns) and Module:Footnotes/anchor id
list/data (the CS1/CS2 template names and the names of {{harvc}}, {{anchor}} ...); MediaWiki
resolves every local redirect. ``SiteData`` holds all of that for one wiki. ``from_modules``
builds it from the module texts and the redirects the wiki lists; ``BUILTIN`` is the fallback
where nothing was read: the English Wikipedia names this code knows (bot/wikitext/names.py),
no wrappers, no whitelist.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot.wikitext.lua_pattern import lua_find
from bot.wikitext.lua_table import LuaValue, read_module, sequence
from bot.wikitext.names import BUILTIN_FAMILIES, CHECKED_FAMILIES, Family

WHITELIST_PAGE = "Module:Footnotes/whitelist"
ANCHOR_DATA_PAGE = "Module:Footnotes/anchor id list/data"
SNAPSHOT_FORMAT = 1

# The templates whose local redirects the wiki is asked for, with the family each redirect joins.
REDIRECT_TARGETS: dict[str, Family] = {
    **{name: family for name, family in BUILTIN_FAMILIES.items() if family is not Family.CITATION},
    **dict.fromkeys(
        (
            *("Citation", "Cite book", "Cite journal", "Cite web", "Cite news", "Cite magazine"),
            *("Cite encyclopedia", "Cite report", "Cite thesis", "Cite conference", "Cite AV media"),
            *("Cite press release", "Cite map", "Cite episode", "Cite interview", "Cite podcast"),
            *("Cite speech", "Cite tech report", "Cite arXiv", "Cite mailing list", "Cite newsgroup"),
            *("Cite serial", "Cite sign", "Cite AV media notes", "Cite bioRxiv", "Cite ssrn"),
            *("Cite citeseerx", "Cite patent", "Cite LSA"),
        ),
        Family.CITATION,
    ),
}

# The anchor id list's pattern tables and the family each one's names belong to.
_PATTERN_TABLES: tuple[tuple[str, Family], ...] = (
    ("cs1_template_patterns", Family.CITATION),
    ("cs2_template_patterns", Family.CITATION),
    ("cs1_like_template_patterns", Family.CITATION),
    ("vcite_template_patterns", Family.VCITE),
    ("harvc_template_patterns", Family.HARVC),
    ("wikicite_template_patterns", Family.WIKICITE),
    ("anchor_template_patterns", Family.ANCHOR),
    ("sfn_whitelist_patterns", Family.WHITELIST),
)
# Module:Footnotes/anchor id list tries names it does not know as CS1 when they start so.
MODULE_PREFIXES: tuple[tuple[str, Family], ...] = (("Cite", Family.CITATION), ("Cita", Family.CITATION))
BUILTIN_PREFIXES: tuple[tuple[str, Family], ...] = (*MODULE_PREFIXES, ("Vcite", Family.VCITE))

# Where the wiki's siteinfo is not read: the extension tags of English Wikipedia whose content
# MediaWiki parses (bot/wikitext/spans.py masks the unparsed ones whole, whatever the wiki).
BUILTIN_EXTENSION_TAGS: tuple[str, ...] = ("indicator", "poem", "ref", "references")
EXTENSION_TAGS = "extension tags"  # how ``lacking`` names them

Defaults = dict[str, tuple[str, str]]  # volume ("default" when none applies) -> (names, year)


@dataclass(frozen=True, eq=False)
class SiteData:
    """One wiki's template names and Module:Footnotes data; ``lacking`` says what fell back."""

    families: Mapping[str, Family]
    prefixes: tuple[tuple[str, Family], ...] = BUILTIN_PREFIXES
    wrappers: Mapping[str, Defaults] = field(default_factory=dict)
    whitelist: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    special_patterns: tuple[str, ...] = ()
    dnb_patterns: tuple[str, ...] = ()
    dnb_templates: tuple[str, ...] = ()
    revisions: Mapping[str, int] = field(default_factory=dict)
    # The wiki's extension tags (siteinfo ``extensiontags``), lower case: MediaWiki calls no
    # template in their attributes.
    extension_tags: tuple[str, ...] = BUILTIN_EXTENSION_TAGS
    lacking: tuple[str, ...] = ()

    def family_of(self, normalized: str) -> Family | None:
        """The family a normalized template name belongs to, or None when no rule needs it.

        A name that a template writes (``Cite {{type}}``) is unknown until expanded: no family.
        """
        if "{" in normalized:
            return None
        family = self.families.get(normalized)
        if family is not None:
            return family
        return next((family for prefix, family in self.prefixes if normalized.startswith(prefix)), None)

    @cached_property
    def checked_names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The names and the name prefixes family_of puts in a checked family, for the prefilter."""
        names = (name for name, family in self.families.items() if family in CHECKED_FAMILIES)
        prefixes = (prefix for prefix, family in self.prefixes if family in CHECKED_FAMILIES)
        return tuple(sorted(names)), tuple(sorted(prefixes))

    def wrapper_defaults(self, name: str, volume: str) -> tuple[str, str] | None:
        """A wrapper's default (names, year) for ``volume``, as anchor_id_make_wrapper picks them."""
        volumes = self.wrappers.get(name)
        if volumes is None:
            return None
        return volumes.get(volume) or volumes.get("default")

    def whitelisted(self, anchor: str, year: str, page_templates: Iterable[str]) -> bool:
        """Module:Footnotes' ``target_check`` for an anchor no citation makes: whether the wiki's
        whitelist excuses it (a template on the page that makes it, or a pattern)."""
        templates = set(page_templates)
        key = anchor
        if re.search(r"(?:\d|n\.d\.|nd)[a-z]$", year):
            key = anchor[:-1] if anchor[-1:].islower() and anchor[-1:].isascii() else anchor
        if any(template in templates for template in self.whitelist.get(key, ())):
            return True
        if any(lua_find(pattern, anchor) for pattern in self.special_patterns):
            return True
        return any(name in templates for name in self.dnb_templates) and any(
            lua_find(pattern, anchor) for pattern in self.dnb_patterns
        )

    @cached_property
    def version(self) -> str:
        """A short digest of everything here: what a page was checked with."""
        return hashlib.sha256(self.dumps().encode("utf-8")).hexdigest()[:12]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SNAPSHOT_FORMAT,
            "families": {name: family.value for name, family in sorted(self.families.items())},
            "prefixes": [[prefix, family.value] for prefix, family in self.prefixes],
            "wrappers": {
                name: {vol: list(pair) for vol, pair in v.items()} for name, v in self.wrappers.items()
            },
            "whitelist": {anchor: list(names) for anchor, names in self.whitelist.items()},
            "special_patterns": list(self.special_patterns),
            "dnb_patterns": list(self.dnb_patterns),
            "dnb_templates": list(self.dnb_templates),
            "revisions": dict(self.revisions),
            "extension_tags": list(self.extension_tags),
            "lacking": list(self.lacking),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SiteData:
        if data.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"not a site-data snapshot of format {SNAPSHOT_FORMAT}")
        return cls(
            families={name: Family(value) for name, value in data["families"].items()},
            prefixes=tuple((prefix, Family(value)) for prefix, value in data["prefixes"]),
            wrappers={
                name: {vol: (pair[0], pair[1]) for vol, pair in volumes.items()}
                for name, volumes in data["wrappers"].items()
            },
            whitelist={anchor: tuple(names) for anchor, names in data["whitelist"].items()},
            special_patterns=tuple(data["special_patterns"]),
            dnb_patterns=tuple(data["dnb_patterns"]),
            dnb_templates=tuple(data["dnb_templates"]),
            revisions=dict(data["revisions"]),
            # Snapshots written before the tags were read hold none: the built-in ones stand in.
            extension_tags=tuple(data.get("extension_tags", BUILTIN_EXTENSION_TAGS)),
            lacking=tuple(data["lacking"]),
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def loads(cls, text: str) -> SiteData:
        return cls.from_json(json.loads(text))


def _ucfirst(name: str) -> str:
    return name[:1].upper() + name[1:]


def pattern_names(pattern: str) -> list[str]:
    """The template names Module:Footnotes/anchor id list/data makes of one of its patterns
    (its ``pattern_convert``): the bracketed first letter made upper case, then one optional or
    alternative part expanded (``[Xx]``, ``[ %-]?``, ``[%-]?``, ``[ %-]``, ``%-?``, ``%-``, ``.?``)."""
    upper = re.search(r"[A-Z]", pattern)
    name = re.sub(r"^\[[A-Za-z][A-Za-z]\]", upper.group() if upper else "nil", pattern, count=1)
    if match := re.match(r"(.*?)\[([A-Za-z])([A-Za-z])\](.*)$", name, re.S):
        lead, upper_char, lower_char, tail = match.groups()
        return [lead + upper_char + tail, lead + lower_char + tail]
    if match := re.match(r"^([^\[]+)\[ %-\]\?(.+)$", name, re.S):
        return [match[1] + match[2], match[1] + " " + match[2], match[1] + "-" + match[2]]
    if match := re.match(r"^([^\[]+)\[%-\]\?(.+)$", name, re.S):
        return [match[1] + match[2], match[1] + "-" + match[2]]
    if match := re.match(r"^([^\[]+)\[ %-\](.+)$", name, re.S):
        return [match[1] + " " + match[2], match[1] + "-" + match[2]]
    if match := re.match(r"^([^?]+)%-\?(.+)$", name, re.S):
        return [match[1] + match[2], match[1] + "-" + match[2]]
    if match := re.match(r"^(.*?)%-(.+)$", name, re.S):
        return [match[1] + "-" + match[2]]
    if match := re.match(r"^(.*?)(.)\?(.*)$", name, re.S):
        return [match[1] + match[3], match[1] + match[2] + match[3]]
    return [name]


def _strings(value: LuaValue) -> tuple[str, ...]:
    return tuple(item for item in sequence(value) if isinstance(item, str))


def _defaults(value: LuaValue) -> Defaults | None:
    """A wrapper's entry: ``{names, year}`` or a table of them by volume."""
    if not isinstance(value, dict):
        return None
    simple = _strings(value)
    if len(simple) >= 2:
        return {"default": (simple[0], simple[1])}
    volumes: Defaults = {}
    for volume, pair in value.items():
        names = _strings(pair)
        if len(names) >= 2:
            volumes[str(volume)] = (names[0], names[1])
    return volumes


def _table(value: LuaValue) -> dict[Any, LuaValue]:
    return value if isinstance(value, dict) else {}


def _extension_tags(listed: Iterable[str] | None, lacking: list[str]) -> tuple[str, ...]:
    """The tags as names (``<ref>`` -> ``ref``); the built-in ones where the wiki listed none."""
    if listed is None:
        lacking.append(EXTENSION_TAGS)
        return BUILTIN_EXTENSION_TAGS
    return tuple(sorted({tag.strip("<>").lower() for tag in listed}))


def from_modules(
    *,
    whitelist: str | None = None,
    anchor_data: str | None = None,
    redirects: Mapping[str, Iterable[str]] | None = None,
    revisions: Mapping[str, int] | None = None,
    extension_tags: Iterable[str] | None = None,
) -> SiteData:
    """SiteData from the module texts, ``redirects`` (target title -> redirect titles, without
    namespace) and the wiki's ``extension_tags`` (as siteinfo lists them: ``<ref>``); what is None
    falls back to the built-in defaults and is named in ``lacking``."""
    families: dict[str, Family] = dict(BUILTIN_FAMILIES)
    lacking: list[str] = []
    prefixes = BUILTIN_PREFIXES
    if anchor_data is None:
        lacking.append(ANCHOR_DATA_PAGE)
    else:
        module = read_module(anchor_data, ANCHOR_DATA_PAGE)
        prefixes = MODULE_PREFIXES
        for table, family in _PATTERN_TABLES:
            for pattern in _strings(module.locals.get(table)):
                for name in pattern_names(pattern):
                    families[_ucfirst(name)] = family
    site = SiteData(families=families, prefixes=prefixes)
    if redirects is None:
        lacking.append("redirects")
    else:
        for target, names in redirects.items():
            joined = REDIRECT_TARGETS.get(target) or site.family_of(target)
            if joined is None:
                continue
            for name in names:
                families.setdefault(name, joined)
    wrappers: dict[str, Defaults] = {}
    listed: dict[str, tuple[str, ...]] = {}
    patterns: tuple[str, ...] = ()
    dnb_patterns: tuple[str, ...] = ()
    dnb_templates: tuple[str, ...] = ()
    if whitelist is None:
        lacking.append(WHITELIST_PAGE)
    else:
        exported = _table(read_module(whitelist, WHITELIST_PAGE).returned)
        for name, value in _table(exported.get("wrapper_templates")).items():
            defaults = _defaults(value)
            if defaults is not None:
                wrappers[str(name)] = defaults
        listed = {str(anchor): _strings(names) for anchor, names in _table(exported.get("whitelist")).items()}
        patterns = _strings(exported.get("special_patterns"))
        dnb_patterns = _strings(exported.get("DNB_special_patterns"))
        dnb_templates = _strings(exported.get("DNB_template_names"))
        # The anchor id list tries the name tables before the wrappers: a known name stays what it is.
        for name in wrappers:
            families.setdefault(name, Family.WRAPPER)
        for name in {name for names in listed.values() for name in names} | set(dnb_templates):
            if site.family_of(name) is None:
                families[name] = Family.WHITELISTED
    tags = _extension_tags(extension_tags, lacking)
    return SiteData(
        families=families,
        prefixes=prefixes,
        wrappers=wrappers,
        whitelist=listed,
        special_patterns=patterns,
        dnb_patterns=dnb_patterns,
        dnb_templates=dnb_templates,
        revisions=dict(revisions or {}),
        extension_tags=tags,
        lacking=tuple(lacking),
    )


BUILTIN = from_modules()
