"""Template names as MediaWiki resolves them, and the families the rules care about."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from bot.wikitext.blocks import strip_comments

_SPACES_RE = re.compile(r"[\s_]+")
_NAMESPACE_RE = re.compile(r"^(?:template|tmpl)\s*:\s*", re.I)


class Family(Enum):
    SFN = "sfn"
    SFNM = "sfnm"
    MULTIPLE_IMAGE = "multiple image"
    CITATION = "citation"
    HARVC = "harvc"
    ANCHOR = "anchor"
    WIKICITE = "wikicite"
    VCITE = "vcite"
    SFNREF = "sfnref"
    WHITELIST = "whitelist"
    DATE = "date"
    HARV = "harv"
    WRAPPER = "wrapper"  # a CS1 wrapper the wiki's whitelist gives default names and year
    WHITELISTED = "whitelisted"  # a template the wiki's whitelist says makes some anchors


@lru_cache(maxsize=4096)  # a page calls the same few templates hundreds of times
def normalize_name(raw: str) -> str:
    """The page title a template call resolves to: comments gone, spaces folded, first letter up."""
    name = strip_comments(raw)
    name = _SPACES_RE.sub(" ", name).strip()
    name = _NAMESPACE_RE.sub("", name)
    return name[:1].upper() + name[1:]


# The built-in fallback: redirects as listed on English Wikipedia, used where the wiki's own data is
# not read (bot/wikitext/sitedata.py). First-letter case is already folded by normalize_name.
BUILTIN_FAMILIES: dict[str, Family] = {
    "Sfn": Family.SFN,
    "Sfnp": Family.SFN,
    "SFN": Family.SFN,
    "Sfnm": Family.SFNM,
    "Sfnmp": Family.SFNM,
    "Harv": Family.HARV,
    "Harvnb": Family.HARV,
    "Harvtxt": Family.HARV,
    "Harvp": Family.HARV,
    "Harvcol": Family.HARV,
    "Harvcolnb": Family.HARV,
    "Harvcoltxt": Family.HARV,
    "Harvard citation": Family.HARV,
    "Harvard citation no brackets": Family.HARV,
    "Harvard citation text": Family.HARV,
    "Multiple image": Family.MULTIPLE_IMAGE,
    "Multiple images": Family.MULTIPLE_IMAGE,
    "Multiple Image": Family.MULTIPLE_IMAGE,
    "Multi image": Family.MULTIPLE_IMAGE,
    "Mult image": Family.MULTIPLE_IMAGE,
    "Harvc": Family.HARVC,
    "Anchor": Family.ANCHOR,
    "Anchors": Family.ANCHOR,
    "Wikicite": Family.WIKICITE,
    "Sfnref": Family.SFNREF,
    "SfnRef": Family.SFNREF,
    "Harvid": Family.SFNREF,
    "Sfn whitelist": Family.WHITELIST,
    "Harv whitelist": Family.WHITELIST,
    "Date": Family.DATE,
    # CS1/CS2 redirects whose names do not start with Cite/Cita (Module:Footnotes/anchor id list/data).
    "Web cite": Family.CITATION,
    "Book cite": Family.CITATION,
    "Journal cite": Family.CITATION,
    "News cite": Family.CITATION,
    "Citepaper": Family.CITATION,
}


def template_names(family: Family) -> list[str]:
    """The template names (redirects included) that resolve to ``family``, as listed above."""
    return [name for name, known in BUILTIN_FAMILIES.items() if known is family]


FOOTNOTE_FAMILIES = frozenset({Family.SFN, Family.SFNM, Family.HARV})
CHECKED_FAMILIES = frozenset({Family.SFN, Family.SFNM, Family.HARV, Family.MULTIPLE_IMAGE})
