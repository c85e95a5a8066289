"""Which pages can hold anything to check, decided at substring speed before any scan.

Most pages of a wiki hold none of the checked templates and no prose mojibake, and no rule finds
anything on them. One Hyperscan pass over the page answers both questions: the patterns are a
superset of every spelling that ``normalize_name`` turns into a checked name (either case of the
first letter, spaces or underscores between words, comments anywhere inside), and of everything
GEN-04 can report as it stands in the raw text (a prose form, a β glued or spaced between letters),
not merely of the characters such forms start with, which Cyrillic, Greek and French words hold. A
"no" is therefore exact; a "yes" only sends the page on to the full scan, which decides.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import hyperscan

from bot.wikitext.blocks import strip_comments
from bot.wikitext.dashes import (
    AFTER_SPACED_BETA,
    BEFORE_SPACED_BETA,
    GLUED_BETA_NEIGHBOURS,
    PROSE_MOJIBAKE_RE,
)

# What normalize_name folds into one space: what re's \s matches (str.isspace; nothing above
# U+3000 is whitespace) and "_".
_SEPARATOR = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(0x3001)) if c.isspace()) + "_]"
_COMMENT = "<!--.*?-->"
_LAST_CASED = 0x1FFFF  # no code point above changes under str.upper() (tests/unit/test_prefilter.py)

_MOJIBAKE_ID = 0
_SPLIT_ID = 1


@cache
def _upper_sources() -> dict[str, frozenset[str]]:
    """For each result of str.upper() on one character, the characters that give it."""
    sources: dict[str, set[str]] = {}
    for base in range(0, _LAST_CASED + 1, 256):
        block = "".join(map(chr, range(base, base + 256)))
        if block.upper() == block:
            continue  # most blocks hold no cased letter: one comparison in C skips them
        for char in block:
            upper = char.upper()
            sources.setdefault(upper, {upper} if len(upper) == 1 else set()).add(char)
    return {upper: frozenset(chars) for upper, chars in sources.items()}


def _literal(char: str) -> str:
    return f"\\x{{{ord(char):x}}}"


def _one_of(chars: Iterable[str]) -> str:
    return "[" + "".join(map(_literal, chars)) + "]"


def _prose_candidates() -> str:
    """All GEN-04 can report, as it stands in a page's raw text: a prose mojibake form, or a β
    glued or spaced between the characters the rule reads around it."""
    forms = re.sub(r"(?<!\\)\\u([0-9a-f]{4})", r"\\x{\1}", PROSE_MOJIBAKE_RE.pattern)  # Hyperscan's \x{..}
    glued = _one_of(GLUED_BETA_NEIGHBOURS)
    return f"{forms}|{glued}β{glued}|{_one_of(BEFORE_SPACED_BETA)} β {_one_of(AFTER_SPACED_BETA)}"


def _firsts(prefix: str) -> frozenset[str]:
    """The characters whose str.upper() is ``prefix``."""
    same = frozenset({prefix}) if len(prefix) == 1 and prefix.upper() == prefix else frozenset()
    return _upper_sources().get(prefix, same)


def name_patterns(name: str, *, whole: bool = True) -> list[str]:
    """Hyperscan patterns that match every raw spelling ``normalize_name`` turns into ``name`` (a
    whole name: up to the ``|`` or ``}`` that ends it; else a prefix of one), except those with a
    comment inside a word (see ``PageFilter``)."""
    patterns = []
    for length in range(1, min(3, len(name)) + 1):  # str.upper() of one character is 1 to 3 long
        firsts = _firsts(name[:length])
        if not firsts:
            continue
        pattern = _one_of(sorted(firsts))
        for char in name[length:]:
            pattern += f"(?:{_SEPARATOR}|{_COMMENT})+" if char in " _" else _literal(char)
        if whole:
            pattern += f"(?:{_SEPARATOR}|{_COMMENT})*[|}}]"
        patterns.append(pattern)
    return patterns


def _name_letters(names: Iterable[str]) -> set[str]:
    """Every character a raw spelling of one of ``names`` can hold outside its separators."""
    letters: set[str] = set()
    for name in names:
        for length in range(1, min(3, len(name)) + 1):
            letters.update(_firsts(name[:length]))
        letters.update(name.replace("_", " ").replace(" ", ""))
    return letters


@dataclass(frozen=True, slots=True)
class Marks:
    """What a page may hold; False is certain, True only possible."""

    templates: bool
    mojibake: bool


class PageFilter:
    """One compiled pass over a page for the checked template names and prose mojibake.

    A comment inside a word of a name (``{{sf<!-- -->n}}``) would make every pattern costly to
    compile; instead a comment right after a letter of some name sends the page to a second pass
    over its text without comments, where such a name is whole again.
    """

    def __init__(self, names: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        names, prefixes = sorted(set(names)), sorted(set(prefixes))
        letters = _one_of(sorted(_name_letters([*names, *prefixes])))
        expressions = [_prose_candidates(), f"{letters}<!--"]
        expressions.extend(pattern for name in names for pattern in name_patterns(name))
        expressions.extend(pattern for name in prefixes for pattern in name_patterns(name, whole=False))
        flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_DOTALL | hyperscan.HS_FLAG_SINGLEMATCH
        self._database = hyperscan.Database()
        self._database.compile(
            expressions=[expression.encode("utf-8") for expression in expressions],
            ids=list(range(len(expressions))),
            elements=len(expressions),
            flags=[flags] * len(expressions),
        )
        self._local = threading.local()  # a scratch space serves one scan at a time

    def _scratch(self) -> hyperscan.Scratch:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        return scratch

    def _found(self, text: str) -> set[int]:
        """Which kinds of expression match: _MOJIBAKE_ID, _SPLIT_ID, or 2 for any name."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: Hyperscan reads valid UTF-8 only
            return {_MOJIBAKE_ID, 2}
        found: set[int] = set()

        def matched(expression: int, _start: int, _end: int, _flags: int, _context: object) -> bool:
            found.add(min(expression, 2))
            return {_MOJIBAKE_ID, 2} <= found  # both known: stop

        with contextlib.suppress(hyperscan.ScanTerminated):  # raised when the handler stops it
            self._database.scan(data, match_event_handler=matched, scratch=self._scratch())
        return found

    def marks(self, text: str) -> Marks:
        found = self._found(text)
        templates = 2 in found
        if not templates and _SPLIT_ID in found:
            templates = 2 in self._found(strip_comments(text))
        return Marks(templates=templates, mojibake=_MOJIBAKE_ID in found)


@cache
def page_filter(names: tuple[str, ...], prefixes: tuple[str, ...] = ()) -> PageFilter:
    """The filter for these names and name prefixes, compiled once per process."""
    return PageFilter(names, prefixes)
