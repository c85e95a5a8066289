"""Table literals of Lua data modules, read without running any Lua.

A wiki keeps what decides a footnote's verdict in data modules (Module:Footnotes/whitelist,
Module:Footnotes/anchor id list/data): ``local x = {...}`` statements and a ``return``. This reads
exactly that much of Lua: strings in every form (quotes with Lua 5.1 escapes, long brackets),
numbers, booleans, nil, tables with ``[key] =``, ``name =`` and positional entries, references to
locals read before (``t['k']``, ``t.k``), and comments. ``require('strict')`` is allowed; a
function definition or a loop is skipped unread (its lines are recorded, so a caller that needs
what the code computes redoes it). Anything else is refused with the page and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

LuaKey: TypeAlias = "str | int | float"
LuaValue: TypeAlias = "str | int | float | bool | dict[LuaKey, LuaValue] | None"
LuaTable: TypeAlias = "dict[LuaKey, LuaValue]"


class LuaDataError(ValueError):
    """A module holds something this reader does not read; names the page and line."""

    def __init__(self, page: str, line: int, message: str) -> None:
        super().__init__(f"{page}, line {line}: {message}")
        self.page = page
        self.line = line


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "name", "keyword", "string", "number", "op", "eof"
    value: str | int | float
    line: int


@dataclass(slots=True)
class LuaModule:
    """What a data module defines: its locals in order, what it returns, the code it skipped."""

    locals: dict[str, LuaValue] = field(default_factory=dict)
    returned: LuaValue = None
    skipped_lines: list[int] = field(default_factory=list)


KEYWORDS = frozenset(
    (
        *("and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in"),
        *("local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"),
    )
)
# Openers and closers of the blocks a skipped definition or loop may hold.
_BLOCK_OPEN = frozenset({"function", "do", "if", "repeat"})
_BLOCK_CLOSE = frozenset({"end", "until"})
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER_RE = re.compile(r"0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_LONG_OPEN_RE = re.compile(r"\[(=*)\[")
_OPS = ("...", "..", "==", "~=", "<=", ">=", "::", *"+-*/%^#<>=(){}[];:,.")
_LINE_BREAK_RE = re.compile(r"\n\r|\r\n|\r|\n")
_FIRST_BREAK_RE = re.compile(r"\A(?:\n\r|\r\n|\r|\n)")
_DECIMAL_RE = re.compile(r"\d{1,3}")
_HEX_RE = re.compile(r"[0-9a-fA-F]{2}")
_CODEPOINT_RE = re.compile(r"\{([0-9a-fA-F]+)\}")
_SPACE_RE = re.compile(r"[ \t\r\n\f\v]*")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPES.update({"\n": "\n", "\r": "\n"})  # a backslash before a line break keeps the break


class _Lexer:
    def __init__(self, text: str, page: str) -> None:
        self.text = text
        self.page = page
        self.pos = 0
        self.line = 1

    def fail(self, message: str, line: int | None = None) -> LuaDataError:
        return LuaDataError(self.page, self.line if line is None else line, message)

    def _advance(self, end: int) -> str:
        chunk = self.text[self.pos : end]
        self.line += chunk.count("\n")
        self.pos = end
        return chunk

    def _long_bracket(self, what: str) -> str:
        """The content of ``[==[ ... ]==]`` at pos; a newline right after the opening is dropped."""
        match = _LONG_OPEN_RE.match(self.text, self.pos)
        assert match is not None
        close = "]" + match.group(1) + "]"
        end = self.text.find(close, match.end())
        if end < 0:
            raise self.fail(f"unfinished long {what}")
        content = self.text[match.end() : end]
        self._advance(end + len(close))
        # As Lua's lexer: every line break becomes "\n", and one right after the opening is dropped.
        return _LINE_BREAK_RE.sub("\n", _FIRST_BREAK_RE.sub("", content, count=1))

    def _skip_space_and_comments(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n\f\v":
                self._advance(self.pos + 1)
            elif text.startswith("--", self.pos):
                self._advance(self.pos + 2)
                if _LONG_OPEN_RE.match(text, self.pos):
                    self._long_bracket("comment")
                else:
                    end = text.find("\n", self.pos)
                    self._advance(len(text) if end < 0 else end)
            else:
                return

    def _quoted(self, quote: str) -> str:
        """A quoted string; Lua strings are bytes, so escapes make bytes and the whole is UTF-8."""
        text = self.text
        out = bytearray()
        pos = self.pos + 1
        while True:
            if pos >= len(text) or text[pos] in "\r\n":
                raise self.fail("unfinished string")
            char = text[pos]
            if char == quote:
                self._advance(pos + 1)
                return out.decode("utf-8", errors="replace")
            pos += 1
            if char != "\\":
                out += char.encode("utf-8", errors="surrogatepass")
                continue
            escape = text[pos : pos + 1]
            if escape in _ESCAPES:
                out += _ESCAPES[escape].encode()
                pos += 1
            elif (digits := _DECIMAL_RE.match(text, pos)) is not None:
                if int(digits.group()) > 255:
                    raise self.fail("decimal escape too large")
                out.append(int(digits.group()))
                pos = digits.end()
            elif escape == "x":
                if (hexdigits := _HEX_RE.match(text, pos + 1)) is None:
                    raise self.fail("\\x needs two hex digits")
                out.append(int(hexdigits.group(), 16))
                pos = hexdigits.end()
            elif escape == "z":
                pos = _SPACE_RE.match(text, pos + 1).end()  # type: ignore[union-attr]
            elif escape == "u":
                if (code := _CODEPOINT_RE.match(text, pos + 1)) is None:
                    raise self.fail("\\u needs {hex digits}")
                out += chr(int(code.group(1), 16)).encode("utf-8", errors="surrogatepass")
                pos = code.end()
            elif escape == "":
                raise self.fail("unfinished string")
            else:
                out += escape.encode("utf-8")  # Lua 5.1 (Scribunto) keeps any other escaped character
                pos += 1

    def tokens(self) -> Iterator[Token]:
        text = self.text
        while True:
            self._skip_space_and_comments()
            line = self.line
            if self.pos >= len(text):
                yield Token("eof", "", line)
                return
            char = text[self.pos]
            if char in "'\"":
                yield Token("string", self._quoted(char), line)
            elif _LONG_OPEN_RE.match(text, self.pos):
                yield Token("string", self._long_bracket("string"), line)
            elif (number := _NUMBER_RE.match(text, self.pos)) is not None and (
                char.isdigit() or text[self.pos + 1 : self.pos + 2].isdigit()
            ):
                literal = self._advance(number.end())
                if literal[:2].lower() == "0x":
                    yield Token("number", int(literal, 16), line)
                elif re.fullmatch(r"\d+", literal):
                    yield Token("number", int(literal), line)
                else:
                    yield Token("number", float(literal), line)
            elif (name := _NAME_RE.match(text, self.pos)) is not None:
                word = self._advance(name.end())
                yield Token("keyword" if word in KEYWORDS else "name", word, line)
            else:
                op = next((op for op in _OPS if text.startswith(op, self.pos)), None)
                if op is None:
                    raise self.fail(f"unexpected character {char!r}")
                self._advance(self.pos + len(op))
                yield Token("op", op, line)


def _normal_key(key: LuaValue) -> LuaKey:
    if isinstance(key, float) and key.is_integer():
        return int(key)
    # A boolean key would collide with 1 in a Python dict; no data module uses one.
    if key is None or isinstance(key, (bool, dict)):
        raise TypeError("table keys must be strings or numbers here")
    return key


class _Reader:
    def __init__(self, text: str, page: str) -> None:
        self.page = page
        self.tokens = list(_Lexer(text, page).tokens())
        self.index = 0
        self.token = self.tokens[0]
        self.module = LuaModule()

    def fail(self, message: str) -> LuaDataError:
        return LuaDataError(self.page, self.token.line, message)

    def next(self) -> Token:
        token = self.token
        self.index = min(self.index + 1, len(self.tokens) - 1)
        self.token = self.tokens[self.index]
        return token

    def at(self, kind: str, value: object = None) -> bool:
        return self.token.kind == kind and (value is None or self.token.value == value)

    def expect(self, kind: str, value: object = None) -> Token:
        if not self.at(kind, value):
            wanted = value if value is not None else kind
            raise self.fail(f"expected {wanted!r}, found {self.token.value!r}")
        return self.next()

    def accept(self, kind: str, value: object) -> bool:
        if self.at(kind, value):
            self.next()
            return True
        return False

    def chunk(self) -> LuaModule:
        while not self.at("eof"):
            if self.accept("op", ";"):
                continue
            if self.at("keyword", "return"):
                self.next()
                self.module.returned = None if self.at("eof") or self.at("op", ";") else self.expression()
                self.accept("op", ";")
                if not self.at("eof"):
                    raise self.fail("code after return")
                break
            self.statement()
        return self.module

    def statement(self) -> None:
        if self.at("name", "require"):
            self.require()
        elif self.at("keyword", "local"):
            self.next()
            if self.at("keyword", "function"):
                self.skip_block()
            else:
                self.local()
        elif self.at("keyword") and self.token.value in ("function", "for", "while", "do", "if", "repeat"):
            self.skip_block()
        else:
            raise self.fail(f"not a data statement: {self.token.value!r}")

    def require(self) -> None:
        self.next()
        parenthesised = self.accept("op", "(")
        module = self.expect("string").value
        if parenthesised:
            self.expect("op", ")")
        if module != "strict":
            raise self.fail(f"require of {module!r}: only 'strict' is allowed in a data module")

    def local(self) -> None:
        names = [str(self.expect("name").value)]
        while self.accept("op", ","):
            names.append(str(self.expect("name").value))
        values: list[LuaValue] = []
        if self.accept("op", "="):
            values.append(self.expression())
            while self.accept("op", ","):
                values.append(self.expression())
        for index, name in enumerate(names):
            self.module.locals[name] = values[index] if index < len(values) else None

    def skip_block(self) -> None:
        """Pass over a definition or a loop to its matching ``end``; none of it is run."""
        line = self.token.line
        depth = 0
        while True:
            token = self.next()
            if token.kind == "eof":
                raise LuaDataError(self.page, line, "block never closed")
            if token.kind == "keyword" and token.value in _BLOCK_OPEN:
                depth += 1
            elif token.kind == "keyword" and token.value in _BLOCK_CLOSE:
                depth -= 1
                if depth <= 0:
                    break
        self.module.skipped_lines.append(line)

    def expression(self) -> LuaValue:
        token = self.token
        if token.kind in ("string", "number"):
            self.next()
            return token.value
        if token.kind == "keyword" and token.value in ("true", "false", "nil"):
            self.next()
            return {"true": True, "false": False, "nil": None}[str(token.value)]
        if self.at("op", "-"):
            self.next()
            number = self.expect("number").value
            assert not isinstance(number, str)
            return -number
        if self.at("op", "{"):
            return self.table()
        if token.kind == "name":
            return self.reference()
        raise self.fail(f"not a literal: {token.value!r}")

    def reference(self) -> LuaValue:
        """``name``, ``name.field`` or ``name[key]`` of a local read before; no calls."""
        name = str(self.next().value)
        if name not in self.module.locals:
            raise self.fail(f"{name!r} is not a local defined before")
        value = self.module.locals[name]
        while self.at("op", ".") or self.at("op", "["):
            if self.accept("op", "."):
                key: LuaValue = self.expect("name").value
            else:
                self.next()
                key = self.expression()
                self.expect("op", "]")
            if not isinstance(value, dict):
                raise self.fail(f"indexing {name!r}, which is not a table")
            value = value.get(self.key(key))
        if self.at("op", "(") or self.at("op", ":") or self.at("string") or self.at("op", "{"):
            raise self.fail(f"call of {name!r}: no code is run")
        return value

    def key(self, value: LuaValue) -> LuaKey:
        try:
            return _normal_key(value)
        except TypeError as error:
            raise self.fail(str(error)) from None

    def table(self) -> LuaTable:
        self.expect("op", "{")
        table: LuaTable = {}
        position = 0
        while not self.accept("op", "}"):
            if self.at("op", "["):
                self.next()
                key = self.key(self.expression())
                self.expect("op", "]")
                self.expect("op", "=")
                value = self.expression()
            elif self.at("name") and self.tokens[self.index + 1].value == "=":
                key = str(self.next().value)
                self.expect("op", "=")
                value = self.expression()
            else:
                position += 1
                key, value = position, self.expression()
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
            if not (self.accept("op", ",") or self.accept("op", ";")):
                self.expect("op", "}")
                break
        return table


def read_module(text: str, page: str) -> LuaModule:
    """Read a data module; ``page`` names it in every refusal."""
    return _Reader(text, page).chunk()


def sequence(value: LuaValue) -> list[LuaValue]:
    """The positional entries 1..n of a table, as Lua's ``ipairs`` walks them."""
    if not isinstance(value, dict):
        return []
    items: list[LuaValue] = []
    while (index := len(items) + 1) in value:
        items.append(value[index])
    return items
