"""Template names as MediaWiki resolves them, and the families the rules care about."""

from __future__ import annotations

import re
from enum import Enum

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


def normalize_name(raw: str) -> str:
    """The page title a template call resolves to: comments gone, spaces folded, first letter up."""
    name = strip_comments(raw)
    name = _SPACES_RE.sub(" ", name).strip()
    name = _NAMESPACE_RE.sub("", name)
    return name[:1].upper() + name[1:]


# Redirects as listed on enwiki; first-letter case is already folded by normalize_name.
_FAMILY_BY_NAME: dict[str, Family] = {
    "Sfn": Family.SFN,
    "Sfnp": Family.SFN,
    "SFN": Family.SFN,
    "Sfnm": Family.SFNM,
    "Sfnmp": Family.SFNM,
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
    return [name for name, known in _FAMILY_BY_NAME.items() if known is family]


def family_of(normalized: str) -> Family | None:
    """The family a normalized template name belongs to, or None when no rule needs it.

    A name that a template writes (``Cite {{type}}``) is unknown until expanded: no family.
    """
    if "{" in normalized:
        return None
    family = _FAMILY_BY_NAME.get(normalized)
    if family is not None:
        return family
    if normalized.startswith(("Cite", "Cita")):
        return Family.CITATION
    if normalized.startswith("Vcite"):
        return Family.VCITE
    return None


FOOTNOTE_FAMILIES = frozenset({Family.SFN, Family.SFNM})
CHECKED_FAMILIES = frozenset({Family.SFN, Family.SFNM, Family.MULTIPLE_IMAGE})
