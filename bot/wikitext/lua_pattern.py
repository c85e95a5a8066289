"""Lua patterns as Python byte regexes, for the patterns a wiki's data modules hold.

Module:Footnotes/whitelist matches anchors with Lua patterns (``'CITEREFAHD%d+'``). Lua matches
bytes, its classes are the C locale's (``%a`` is ASCII letters only) and a set such as ``[öü]``
holds the UTF-8 bytes of those letters; translating to a bytes regex keeps all of that exact.
Balanced matches (``%b``), frontiers (``%f``) and back references are refused: no data module
we read uses them, and guessing would give another verdict than the module's.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

_CLASSES: dict[str, frozenset[int]] = {
    "a": frozenset(string.ascii_letters.encode()),
    "c": frozenset([*range(32), 127]),
    "d": frozenset(string.digits.encode()),
    "g": frozenset(range(33, 127)),
    "l": frozenset(string.ascii_lowercase.encode()),
    "p": frozenset(string.punctuation.encode()),
    "s": frozenset(b" \t\n\v\f\r"),
    "u": frozenset(string.ascii_uppercase.encode()),
    "w": frozenset((string.ascii_letters + string.digits).encode()),
    "x": frozenset(string.hexdigits.encode()),
}
_ALL = frozenset(range(256))


class LuaPatternError(ValueError):
    """A pattern uses what this translation does not follow."""


def _class(letter: int) -> frozenset[int] | None:
    char = chr(letter)
    members = _CLASSES.get(char.lower())
    if members is None:
        return None
    return _ALL - members if char.isupper() else members


def _regex_set(members: frozenset[int]) -> bytes:
    return b"[" + b"".join(b"\\x%02x" % member for member in sorted(members)) + b"]"


def _set(pattern: bytes, pos: int) -> tuple[frozenset[int], int]:
    """The bytes a ``[...]`` starting at ``pos`` holds, and where it ends."""
    pos += 1
    negate = pattern[pos : pos + 1] == b"^"
    pos += negate
    members: set[int] = set()
    first = True
    while pos < len(pattern) and (first or pattern[pos] != ord("]")):
        first = False
        byte = pattern[pos]
        if byte == ord("%") and pos + 1 < len(pattern):
            members |= _class(pattern[pos + 1]) or {pattern[pos + 1]}
            pos += 2
        elif pattern[pos + 1 : pos + 2] == b"-" and pos + 2 < len(pattern) and pattern[pos + 2] != ord("]"):
            members |= set(range(byte, pattern[pos + 2] + 1))
            pos += 3
        else:
            members.add(byte)
            pos += 1
    if pos >= len(pattern):
        raise LuaPatternError("unfinished [set]")
    return (_ALL - members if negate else frozenset(members)), pos + 1


@lru_cache(maxsize=256)
def compile_lua_pattern(pattern: str) -> re.Pattern[bytes]:
    """A regex that finds, in UTF-8 bytes, what ``string.match`` with ``pattern`` finds."""
    raw = pattern.encode("utf-8")
    out: list[bytes] = []
    pos = 0
    if raw.startswith(b"^"):
        out.append(rb"\A")
        pos = 1
    while pos < len(raw):
        byte = raw[pos]
        if byte == ord("$") and pos == len(raw) - 1:
            out.append(rb"\Z")
            pos += 1
            continue
        if byte in b"()":
            if raw[pos : pos + 2] == b"()":
                raise LuaPatternError("position captures are not supported")
            out.append(bytes([byte]))
            pos += 1
            continue
        if byte == ord("%"):
            if pos + 1 >= len(raw):
                raise LuaPatternError("pattern ends with '%'")
            letter = raw[pos + 1]
            if chr(letter) in "bf" or chr(letter).isdigit():
                raise LuaPatternError(f"%{chr(letter)} is not supported")
            members = _class(letter)
            item = _regex_set(members) if members is not None else re.escape(bytes([letter]))
            pos += 2
        elif byte == ord("["):
            members, pos = _set(raw, pos)
            item = _regex_set(members)
        elif byte == ord("."):
            item = rb"[\x00-\xff]"
            pos += 1
        else:
            item = re.escape(bytes([byte]))
            pos += 1
        quantifier = raw[pos : pos + 1]
        if quantifier in (b"*", b"+", b"?"):
            item += quantifier
            pos += 1
        elif quantifier == b"-":
            item += b"*?"
            pos += 1
        out.append(item)
    return re.compile(b"".join(out))


def lua_find(pattern: str, text: str) -> bool:
    """Whether ``text:match(pattern)`` finds anything."""
    return compile_lua_pattern(pattern).search(text.encode("utf-8")) is not None
