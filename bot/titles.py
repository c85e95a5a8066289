"""Page, template and category titles as people write them, turned into titles MediaWiki accepts.

The command line, the config file and the on-wiki request page all take titles from humans, who
paste links (``[[Weir|the weir]]``), template calls (``{{Sfn}}``), signatures (``Weir ~~~~``) and
underscores. One parser serves all three, so a title refused on the wiki is refused on the command
line for the same reason. It needs no wiki: what it cannot know offline (localised namespace
names, interwiki prefixes) the wiki layer checks.
"""

from __future__ import annotations

import re
from enum import Enum

# MediaWiki's $wgLegalTitleChars leaves out exactly these (plus control characters).
_ILLEGAL = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f\ufffd]")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")  # MediaWiki refuses them: they would decode in URLs
_RELATIVE = re.compile(r"^\.\.?(?:/|$)|/\.\.?(?:/|$)")
_TILDES = re.compile(r"(?<!~)\s*(?:--|—|–)?\s*~{3,5}\s*$")
# A saved signature: a link to the user, their talk page or contributions, then usually a date.
_SIGNATURE = re.compile(
    r"\s*(?:--|—|–)?\s*\[\[\s*:?\s*(?:user|user[ _]talk|special:contributions)\s*[:/].*$",
    re.IGNORECASE | re.DOTALL,
)
MAX_BYTES = 255  # MediaWiki's limit for a title, in UTF-8 bytes

# The canonical namespace names every MediaWiki knows (localised names are for the wiki to check).
_NAMESPACES = {
    "media": -2,
    "special": -1,
    "talk": 1,
    "user": 2,
    "user talk": 3,
    "project": 4,
    "project talk": 5,
    "file": 6,
    "image": 6,
    "file talk": 7,
    "image talk": 7,
    "mediawiki": 8,
    "mediawiki talk": 9,
    "template": 10,
    "template talk": 11,
    "help": 12,
    "help talk": 13,
    "category": 14,
    "category talk": 15,
    "module": 828,
    "module talk": 829,
}
CATEGORY = 14


class Kind(Enum):
    """What a title is asked to name; it decides which wrappers are unwrapped and which namespaces fit."""

    PAGE = "page"
    TEMPLATE = "template"
    CATEGORY = "category"


class BadTitle(ValueError):
    """A title no page can have, with the reason in words."""

    def __init__(self, given: str, kind: Kind, reason: str) -> None:
        super().__init__(f"{given!r} is not a valid {kind.value} title: {reason}")
        self.given = given
        self.reason = reason


def namespace_of(title: str) -> int | None:
    """The canonical namespace a title's prefix names, or None (main namespace, or unknown here)."""
    prefix, colon, _rest = title.partition(":")
    if not colon:
        return None
    return _NAMESPACES.get(" ".join(prefix.replace("_", " ").split()).lower())


def parse(given: str, kind: Kind = Kind.PAGE) -> str:
    """The title ``given`` names, normalised as MediaWiki would; :class:`BadTitle` says why not."""
    text = _unwrapped(_unsigned(given.strip()), kind)
    text = " ".join(text.replace("_", " ").split()).lstrip(":").strip()
    if not text:
        raise BadTitle(given, kind, "it is empty")
    reason = _illegal(text)
    if reason:
        raise BadTitle(given, kind, reason)
    namespace = namespace_of(text)
    if namespace is not None and namespace < 0:
        prefix = text.partition(":")[0]
        raise BadTitle(given, kind, f"{prefix}: is a virtual namespace, it holds no pages to check")
    if kind is Kind.CATEGORY:
        if namespace is None:
            return f"Category:{text}"
        if namespace != CATEGORY:
            raise BadTitle(given, kind, "it names a page in another namespace, not a category")
    return text


def page_title(given: str) -> str:
    return parse(given, Kind.PAGE)


def template_title(given: str) -> str:
    return parse(given, Kind.TEMPLATE)


def category_title(given: str) -> str:
    """Always with its ``Category:`` prefix, so a name with a colon in it stays a category."""
    return parse(given, Kind.CATEGORY)


def _unsigned(text: str) -> str:
    """Without a trailing signature (``~~~~``, or the user link it saved as), when a title precedes it."""
    for pattern in (_TILDES, _SIGNATURE):
        found = pattern.search(text)
        while found and not text[: found.start()].strip():  # a link to a user page may be the title
            found = pattern.search(text, found.start() + 1)
        if found:
            text = text[: found.start()]
    return text.strip()


def _unwrapped(text: str, kind: Kind) -> str:
    """The target of a link, or the name of a template call when a template is asked for."""
    if text.startswith("[[") and text.endswith("]]"):
        return text[2:-2].partition("|")[0]
    if kind is Kind.TEMPLATE and text.startswith("{{") and text.endswith("}}"):
        return text[2:-2].partition("|")[0]
    return text


def _illegal(text: str) -> str:
    bad = _ILLEGAL.search(text)
    if bad:
        return f"{bad.group()!r} cannot appear in a title"
    if _PERCENT_ESCAPE.search(text):
        return "a %-escape cannot appear in a title (write the character itself)"
    if _RELATIVE.search(text):
        return "'.' and '..' path segments cannot appear in a title"
    if "~~~" in text:
        return "'~~~' cannot appear in a title (it would become a signature)"
    if len(text.encode("utf-8")) > MAX_BYTES:
        return f"longer than {MAX_BYTES} bytes"
    return ""
