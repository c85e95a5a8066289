"""Template calls with exact character spans, found in two ways that must agree.

``scan_fast`` finds only the templates the rules read and splits them with a small tokenizer; a
checked template ({{sfn}}, {{sfnm}}, {{multiple image}}) holding anything mwparserfromhell reads as
more than text (a link, a tag, a nested template ...) is parsed by mwparserfromhell on its own span,
so its parameters are exactly mwparserfromhell's. ``scan_full``
parses the whole page with mwparserfromhell and is the reference the fast path is tested against.
Neither ever rewrites text: a span is a pair of offsets into the original string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import NamedTuple

import mwparserfromhell
from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

from bot.wikitext.blocks import COMMENT, strip_comments, tag_blocks, unclosed_tags
from bot.wikitext.limits import (
    MAX_CHECKED_TEMPLATES,
    MAX_NESTING,
    PageTooComplex,
    UnreliableScan,
    check_limits,
    parse_work,
)
from bot.wikitext.names import CHECKED_FAMILIES, FOOTNOTE_FAMILIES, Family, normalize_name
from bot.wikitext.sitedata import BUILTIN, SiteData

# Blocks whose content MediaWiki (and mwparserfromhell) never parses for templates.
OPAQUE_TAGS = (
    *("categorytree", "ce", "chem", "gallery", "graph", "hiero", "imagemap", "inputbox", "math"),
    *("nowiki", "pre", "score", "section", "source", "syntaxhighlight", "templatedata", "timeline"),
)


@cache
def literal_attribute_tags(extension_tags: tuple[str, ...]) -> tuple[str, ...]:
    """The extension tags whose content MediaWiki parses but whose attributes it hands over as
    written: the preprocessor calls no template there (<ref name="{{harvnb|…}}"> shows no
    footnote). The unparsed ones (OPAQUE_TAGS) are masked whole; a tag the wiki lacks is text."""
    return tuple(tag for tag in extension_tags if tag not in OPAQUE_TAGS)


LITERAL_ATTRIBUTE_TAGS = literal_attribute_tags(BUILTIN.extension_tags)
_OPEN_RE = re.compile(r"(?<!\{)\{\{(?!\{)")
_NAME_END_RE = re.compile(r"[{}|\[\]]")
_NAME_TOKEN_RE = re.compile(r"\{\{+|\}\}+|\|")
_NOT_IN_TITLE_RE = re.compile(r"[{}\[\]<>]")
# What mwparserfromhell may read as more than text inside a call: braces and brackets, tags and
# comments, a NUL (its C tokenizer stops there), "=" at a line start (a heading in a parameter's
# name) and a ":" after a word, which may end a URL scheme (a free link, read by its own rules).
_NOT_PLAIN_RE = re.compile(r"[{}\[\]<>\x00]|\n=|\w:")
_TOKEN_RE = re.compile(r"\{\{+|\}\}+|\[\[|\]\]|\||=")
# What can open a piece inside a call, so that a "}}" after it may close something else.
_NESTING_RE = re.compile(r"\{\{|\[\[")
# MediaWiki trims parameters with PHP's trim() and Lua's mw.text.trim: ASCII whitespace only, so a
# no-break space stays part of the value (and of the anchor).
ASCII_SPACE = " \t\n\r\f\v\0"
_BRACE_RE = re.compile(r"\{\{\{?|\}\}\}?")


class Param(NamedTuple):
    """One ``|name=value`` or ``|value`` of a call, with absolute offsets.

    A named tuple, not a frozen dataclass: a page's citations hold thousands of parameters, and a
    tuple is built several times faster."""

    key: str
    showkey: bool
    start: int
    end: int
    name_start: int
    name_end: int
    value_start: int
    value_end: int
    raw_name: str
    raw_value: str

    @property
    def value(self) -> str:
        """The value as the template sees it: comments dropped, outer whitespace trimmed."""
        return strip_comments(self.raw_value).strip(ASCII_SPACE)

    @property
    def value_core(self) -> tuple[int, int]:
        """Offsets of the value without its surrounding whitespace."""
        raw = self.raw_value
        lead = len(raw) - len(raw.lstrip(ASCII_SPACE))
        trail = len(raw) - len(raw.rstrip(ASCII_SPACE))
        return self.value_start + lead, self.value_end - trail


@dataclass(frozen=True, slots=True)
class TemplateCall:
    """One ``{{...}}`` call of a template some rule reads."""

    name: str
    normalized: str
    family: Family
    start: int
    end: int
    params: tuple[Param, ...]

    def get(self, key: str) -> Param | None:
        """The parameter MediaWiki uses for ``key`` (the last one given), or None."""
        found = None
        for param in self.params:
            if param.key == key:
                found = param
        return found

    def value(self, key: str) -> str | None:
        param = self.get(key)
        return None if param is None else param.value


@dataclass(slots=True)
class Scan:
    """What a page holds for the rules: calls in document order and the page's opaque blocks."""

    text: str
    masked: str
    calls: list[TemplateCall] = field(default_factory=list)
    unclosed: list[tuple[int, str]] = field(default_factory=list)


def mask_opaque(text: str, site: SiteData = BUILTIN) -> str:
    """The text with comments, unparsed blocks and the attributes of the wiki's other extension
    tags blanked out, offsets unchanged (a blanked tag keeps its name and its ``>`` or ``/>``)."""
    pieces: list[str] = []
    last = 0
    literal = literal_attribute_tags(site.extension_tags)
    blocks = tag_blocks(
        text,
        OPAQUE_TAGS + literal,
        comments=True,
        self_closing=True,
        opening_only=literal,
    )
    for start, end, name in blocks:
        if name in literal:
            start += 1 + len(name)
            end -= 2 if text[end - 2] == "/" else 1
            if start == end:
                continue
        pieces.append(text[last:start])
        pieces.append(" " * (end - start))
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def visible_end(text: str) -> int:
    """Where readers stop seeing the page: at a comment that never ends (MediaWiki hides the rest)."""
    end = len(text)
    for start, block_end, name in tag_blocks(text, OPAQUE_TAGS, comments=True, self_closing=True):
        if block_end == len(text) and name == COMMENT and text.find("-->", start + 4) < 0:
            end = start
    return end


def brace_depths(masked: str, offsets: list[int]) -> list[int]:
    """How many template openings are still open at each of ``offsets`` (sorted ascending).

    0 means running text. One pass over the braces before the last offset. A running count, not
    the matching of _Brackets: the prose check asks only whether text stands inside braces, and an
    unclosed ``{{`` keeps what follows inside until a ``}}``.
    """
    depths: list[int] = []
    depth = 0
    tokens = _BRACE_RE.finditer(masked, 0, offsets[-1]) if offsets else iter(())
    pending = next(tokens, None)
    for offset in offsets:
        while pending is not None and pending.start() < offset:
            if pending.group().startswith("{"):
                depth += 1
            elif depth:
                depth -= 1
            pending = next(tokens, None)
        depths.append(depth)
    return depths


def _parseable(text: str) -> str:
    """mwparserfromhell's C tokenizer stops at a NUL byte; a same-length stand-in keeps offsets."""
    return text.replace("\x00", "\x01") if "\x00" in text else text


def _params_from_node(node: Template, start: int, text: str) -> tuple[Param, ...]:
    params: list[Param] = []
    cursor = start + 2 + len(str(node.name))
    for param in node.params:
        cursor += 1
        length = len(str(param))
        name_length = len(str(param.name))
        value_length = len(str(param.value))
        if param.showkey:
            name_start, name_end = cursor, cursor + name_length
            value_start = name_end + 1
        else:
            name_start = name_end = value_start = cursor
        # Text comes from the page itself, not from the parse, so it is exactly what was written.
        raw_name = text[name_start:name_end]
        raw_value = text[value_start : value_start + value_length]
        params.append(
            Param(
                key=strip_comments(raw_name if param.showkey else str(param.name)).strip(),
                showkey=bool(param.showkey),
                start=cursor,
                end=cursor + length,
                name_start=name_start,
                name_end=name_end,
                value_start=value_start,
                value_end=value_start + value_length,
                raw_name=raw_name if param.showkey else "",
                raw_value=raw_value,
            )
        )
        cursor += length
    return tuple(params)


def call_from_node(node: Template, start: int, family: Family, text: str) -> TemplateCall:
    """The call for a parsed template found at ``start`` of the page ``text``."""
    raw_name = text[start + 2 : start + 2 + len(str(node.name))]
    return TemplateCall(
        name=raw_name.strip(),
        normalized=normalize_name(raw_name),
        family=family,
        start=start,
        end=start + len(str(node)),
        params=_params_from_node(node, start, text),
    )


class Opening(Enum):
    """What an open piece on the bracket stack is."""

    BRACES = "{"  # a run of two or more "{": templates and arguments, matched innermost first
    LINK = "[["


@dataclass(slots=True)
class _Piece:
    kind: Opening
    start: int
    count: int  # the braces of the run still open (a link: 2)


class _Match(NamedTuple):
    opening: int  # offset of the innermost braces the match took from the run
    end: int
    size: int  # 2: a template, 3: an argument


def _levels(count: int) -> int:
    # The fewest nesting levels a run of braces can open: three make the largest level.
    return (count + 2) // 3


class _Brackets:
    """MediaWiki's preprocessor stack: the one state machine both brace passes run.

    A run of opening braces is one piece. A run of closing braces matches the pieces on top from
    the inside out: three braces (or more) make an argument, two a template, as many as both runs
    still hold; a single brace left over is text. So ``{{{{{x}}}`` is ``{{`` and the argument
    ``{{{x}}}``, and ``{{{{x}}|y}}`` a template in a template. mwparserfromhell reads braces the
    same way except where a run that could open an argument is closed by two braces: it then looks
    ahead for a ``}}}`` MediaWiki never looks for, so such a page is ``uneven`` and left to the full
    parse. Inside a link (pushed only by the call splitter) ``}}`` closes nothing.
    """

    def __init__(self) -> None:
        self.stack: list[_Piece] = []
        self.depth = 0  # nesting levels the open brace runs hold at least
        self.uneven = False

    def open(self, kind: Opening, start: int, count: int) -> None:
        self.stack.append(_Piece(kind, start, count))
        if kind is Opening.BRACES:
            self.depth += _levels(count)

    def close_link(self) -> None:
        """A ``]]`` closes a link on top and nothing else."""
        if self.stack and self.stack[-1].kind is Opening.LINK:
            self.stack.pop()

    def close_braces(self, start: int, count: int) -> list[_Match]:
        """Match a run of ``count`` closing braces at ``start``; what matches nothing is text."""
        matches: list[_Match] = []
        while count >= 2 and self.stack and self.stack[-1].kind is Opening.BRACES:
            piece = self.stack[-1]
            size = min(count, piece.count, 3)
            self.uneven |= size == 2 and piece.count >= 3
            self.depth -= _levels(piece.count)
            piece.count -= size
            matches.append(_Match(piece.start + piece.count, start + size, size))
            start += size
            count -= size
            if piece.count < 2:
                self.stack.pop()  # a single "{" left over is text
            else:
                self.depth += _levels(piece.count)
        return matches


def brace_runs(text: str) -> list[tuple[int, int]]:
    """The runs of two or more braces of one kind, as MediaWiki's preprocessor reads them (a single
    brace is text), as (start, end) in order: what a regex for such runs finds, found with
    str.find, which skips the text between them two to three times faster than the regex."""
    runs: list[tuple[int, int]] = []
    length = len(text)
    next_open, next_close = text.find("{{"), text.find("}}")
    while next_open >= 0 or next_close >= 0:
        opening = next_close < 0 or 0 <= next_open < next_close
        start, brace = (next_open, "{") if opening else (next_close, "}")
        end = start + 2
        while end < length and text[end] == brace:
            end += 1
        runs.append((start, end))
        if opening:
            next_open = text.find("{{", end)
        else:
            next_close = text.find("}}", end)
    return runs


def _closing_pairs(masked: str) -> dict[int, int | None]:
    """``closing_braces`` for a page where every opening run is ``{{`` (most pages): each opens one
    template, and each pair of a closing run closes the innermost still open."""
    ends: dict[int, int | None] = {}
    still_open: list[int] = []
    for start, end in brace_runs(masked):
        if masked[start] == "{":
            still_open.append(start)
            if len(still_open) > MAX_NESTING:
                raise PageTooComplex(f"templates nested more than {MAX_NESTING} deep")
            continue
        for pair_end in range(start + 2, min(end, start + 2 * len(still_open)) + 1, 2):
            ends[still_open.pop()] = pair_end
    ends.update(dict.fromkeys(still_open))
    return dict(sorted(ends.items()))


def closing_braces(masked: str) -> tuple[dict[int, int | None], bool]:
    """For every ``{{`` of a template, where its ``}}`` ends (None if never), in document order;
    and whether the page is uneven (see _Brackets), so that only the full parse may read it.

    Braces only, in one pass: links are left to the call splitter, as this pass only finds the
    openings and bounds the nesting. Nesting deeper than MAX_NESTING is refused, which bounds the
    work of every later step.
    """
    if "{{{" not in masked:
        return _closing_pairs(masked), False
    ends: dict[int, int | None] = {}
    brackets = _Brackets()
    for start, end in brace_runs(masked):
        if masked[start] == "{":
            brackets.open(Opening.BRACES, start, end - start)
            if brackets.depth > MAX_NESTING:
                raise PageTooComplex(f"templates nested more than {MAX_NESTING} deep")
            continue
        for closed in brackets.close_braces(start, end - start):
            if closed.size == 2:
                ends[closed.opening] = closed.end
    for piece in brackets.stack:
        if piece.count == 2:  # a "{{" never closed (a longer run left open is text to both parsers)
            ends[piece.start] = None
    return dict(sorted(ends.items())), brackets.uneven


def _close_flat(masked: str, start: int, close: int) -> tuple[int, list[int], dict[int, int]]:
    """``_close`` for a call that nothing opens inside before its first ``}}`` at ``close``: every
    ``|`` before it separates, and the first ``=`` of each part names it."""
    separators: list[int] = []
    separator = masked.find("|", start + 2, close)
    while separator >= 0:
        separators.append(separator)
        separator = masked.find("|", separator + 1, close)
    equals: dict[int, int] = {}
    bounds = [*separators, close]
    for index in range(1, len(bounds)):
        equal = masked.find("=", bounds[index - 1] + 1, bounds[index])
        if equal >= 0:
            equals[index] = equal
    return close + 2, separators, equals


def _close(masked: str, start: int) -> tuple[int, list[int], dict[int, int]] | None:
    """Where the call opened at ``start`` ends, with its top-level ``|`` and first ``=`` per part.

    MediaWiki's preprocessor rules (_Brackets): inside ``[[…]]`` a ``|`` separates nothing and
    ``}}`` closes nothing, ``]]`` closes only a link. None when the call never closes. A ``[[``
    that never closes is plain text, but what that makes of the braces after it is for the full
    parse to say (UnreliableScan).
    """
    first_close = masked.find("}}", start + 2)
    if first_close >= 0 and _NESTING_RE.search(masked, start + 2, first_close) is None:
        return _close_flat(masked, start, first_close)
    brackets = _Brackets()
    brackets.open(Opening.BRACES, start, 2)
    separators: list[int] = []
    equals: dict[int, int] = {}
    for match in _TOKEN_RE.finditer(masked, start + 2):
        token = match.group()
        if token in ("|", "="):
            if len(brackets.stack) > 1:
                continue
            if token == "|":
                separators.append(match.start())
            elif separators and len(separators) not in equals:
                equals[len(separators)] = match.start()
        elif token == "[[":
            brackets.open(Opening.LINK, match.start(), 2)
        elif token == "]]":
            brackets.close_link()
        elif token.startswith("{"):
            brackets.open(Opening.BRACES, match.start(), len(token))
        else:
            closed = brackets.close_braces(match.start(), len(token))
            if not brackets.stack:
                return closed[-1].end, separators, equals
        if len(brackets.stack) > 2 * MAX_NESTING:
            return None
    unclosed_link = next((piece.start for piece in brackets.stack if piece.kind is Opening.LINK), None)
    if unclosed_link is not None:
        raise UnreliableScan(f"a [[ at {unclosed_link} inside a template never closes")
    return None


def _split_call(text: str, masked: str, start: int, family: Family) -> TemplateCall | None:
    """Split a call with the small tokenizer; None when it never closes."""
    closed = _close(masked, start)
    if closed is None:
        return None
    end, separators, equals = closed
    name_end = separators[0] if separators else end - 2
    raw_name = text[start + 2 : name_end]
    params: list[Param] = []
    bounds = [*separators, end - 2]
    positional = 0
    for index in range(1, len(bounds)):
        seg_start, seg_end = bounds[index - 1] + 1, bounds[index]
        eq = equals.get(index)
        if eq is not None:
            raw_key = text[seg_start:eq]
            key = strip_comments(raw_key).strip()
            params.append(
                Param._make(  # from a tuple: no keyword parsing, and a page holds thousands
                    (
                        key,
                        True,
                        seg_start,
                        seg_end,
                        seg_start,
                        eq,
                        eq + 1,
                        seg_end,
                        raw_key,
                        text[eq + 1 : seg_end],
                    ),
                )
            )
        else:
            positional += 1
            params.append(
                Param._make(
                    (
                        str(positional),
                        False,
                        seg_start,
                        seg_end,
                        seg_start,
                        seg_start,
                        seg_start,
                        seg_end,
                        "",
                        text[seg_start:seg_end],
                    ),
                )
            )
    return TemplateCall(raw_name.strip(), normalize_name(raw_name), family, start, end, tuple(params))


def _outer_name(text: str, masked: str, start: int, end: int) -> str:
    """The name of the call at ``text[start:end]`` without what the templates and arguments inside
    it write: the text MediaWiki and mwparserfromhell read as the name itself, comments dropped."""
    brackets = _Brackets()
    brackets.open(Opening.BRACES, start, 2)
    written: list[tuple[int, int]] = []
    name_end = end - 2
    for match in _NAME_TOKEN_RE.finditer(masked, start + 2, end - 2):
        token = match.group()
        if token == "|":
            if len(brackets.stack) == 1:
                name_end = match.start()
                break
        elif token.startswith("{"):
            brackets.open(Opening.BRACES, match.start(), len(token))
        else:
            written.extend(
                (closed.opening, closed.end) for closed in brackets.close_braces(match.start(), len(token))
            )
    pieces: list[str] = []
    cursor = start + 2
    for opening, closed_end in sorted(written):
        if opening >= cursor:  # an outermost piece: what nests inside it was skipped with it
            pieces.append(text[cursor:opening])
            cursor = closed_end
    pieces.append(text[cursor:name_end])
    return strip_comments("".join(pieces))


def _name_at(text: str, masked: str, start: int, end: int | None) -> str | None:
    """The normalized name of the call opened at ``start`` that ends at ``end`` (None: never).

    None where a template writes the name (no family the rules read) or the call never closes;
    "" where mwparserfromhell reads no template at all, as MediaWiki titles cannot hold what the
    name holds: nothing, a bracket, a lone brace, ``<`` or ``>`` outside comments, or a line break.
    """
    name_end = _NAME_END_RE.search(masked, start + 2)
    if name_end is None:
        return None
    if name_end.group() in "[]":
        return ""
    if name_end.group() in "{}" and not masked.startswith(name_end.group() * 2, name_end.start()):
        return ""  # a lone brace in the name: what it makes of the call is the parse's to say
    if name_end.group() == "{":
        if end is None:
            return None
        # A template writes part of the name. What stands around it must still make a title,
        # before it and after it ("{{{{{}}}<}}"): a line break after text, a bracket, a lone
        # brace, "<" or ">" may make the whole no title ("{{=\n{{s}}3}}"): the parse decides.
        outer = _outer_name(text, masked, start, end)
        return "" if _NOT_IN_TITLE_RE.search(outer) or "\n" in outer.lstrip() else None
    name = strip_comments(text[start + 2 : name_end.start()])
    if not name.strip() or "<" in name or ">" in name or "\n" in name.strip():
        return ""
    return normalize_name(name)


def _openings(
    text: str, masked: str, ends: dict[int, int | None], site: SiteData
) -> list[tuple[int, Family]]:
    """The openings of the brace pass whose template belongs to a family the rules read, in order."""
    openings: list[tuple[int, Family]] = []
    for start in ends:
        name = _name_at(text, masked, start, ends[start])
        if name == "":
            # The brace pass counted this "{{" as an opening; the parse would not: ask the parse.
            raise UnreliableScan(f"the {{{{ at {start} opens no template")
        family = site.family_of(name) if name is not None else None
        if family is not None:
            openings.append((start, family))
    if sum(1 for _, family in openings if family in CHECKED_FAMILIES) > MAX_CHECKED_TEMPLATES:
        raise PageTooComplex(f"more than {MAX_CHECKED_TEMPLATES} checked templates")
    return openings


def _fast_call(text: str, masked: str, start: int, family: Family, closes: bool) -> TemplateCall | None:
    """The call opened at ``start``, exactly as mwparserfromhell reads it where the rules check it;
    None for a target template that never closes (it is text)."""
    checked = family in CHECKED_FAMILIES
    call = _split_call(text, masked, start, family) if closes else None
    if call is None:
        if checked or closes:
            # How a broken checked template reads depends on everything around it, and a call the
            # brace pass closes but a link keeps open ("{{cite|[[}}]]") is one the two passes
            # read differently: ask the full parse, so that what is reported is exact.
            raise UnreliableScan(f"the template at {start} never closes")
        return None
    if checked and _NOT_PLAIN_RE.search(text, start + 2, call.end - 2) is None:
        # Nothing in it is more than text to mwparserfromhell: it splits the call at every "|" and
        # at the first "=" of each part, as the small tokenizer did, so no parse is needed.
        return call
    if masked.find("<", start, call.end) >= 0 and unclosed_tags(masked[start : call.end]):
        # mwparserfromhell reads a tag to its closer even past the "}}" that would close the
        # template ("{{sfn|<ref>}}</ref>" never closes), and parses on from an unclosed one.
        raise UnreliableScan(f"a tag inside the template at {start} is not closed inside it")
    if not checked:
        return call
    nodes = mwparserfromhell.parse(_parseable(text[start : call.end]), skip_style_tags=True).nodes
    if len(nodes) != 1 or not isinstance(nodes[0], Template):
        raise UnreliableScan(f"template at {start} does not parse alone")
    return call_from_node(nodes[0], start, family, text)


def scan_fast(text: str, site: SiteData = BUILTIN) -> Scan:
    """Find the calls the rules read without parsing the whole page.

    Citation-like templates only matter as footnote targets, so a page without {{sfn}} or {{sfnm}}
    is not asked for them.
    """
    masked = mask_opaque(text, site)
    page = Scan(text=text, masked=masked)
    ends, uneven = closing_braces(masked)
    if uneven:
        raise UnreliableScan("an argument's {{{ is closed by }}")
    openings = _openings(text, masked, ends, site)
    wants_targets = any(family in FOOTNOTE_FAMILIES for _, family in openings)
    for start, family in openings:
        if family in CHECKED_FAMILIES or wants_targets:
            call = _fast_call(text, masked, start, family, ends[start] is not None)
            if call is not None:
                page.calls.append(call)
    return page


def _located_templates(code: Wikicode, base: int) -> Iterator[tuple[int, Template]]:
    """Every template node in ``code`` with its absolute offset, in document order."""
    pos = base
    for node in code.nodes:
        text = str(node)
        if isinstance(node, Template):
            yield pos, node
        if "{{" in text[1:]:
            cursor = 1
            for child in node.__children__():
                child_text = str(child)
                if "{{" not in child_text:
                    continue
                index = text.find(child_text, cursor)
                if index < 0:
                    continue
                yield from _located_templates(child, pos + index)
                cursor = index + len(child_text)
        pos += len(text)


def scan_full(text: str, site: SiteData = BUILTIN) -> Scan:
    """The reference scan: a full mwparserfromhell parse of the page (same limits as the fast one)."""
    check_limits(text)
    masked = mask_opaque(text, site)
    ends, _ = closing_braces(masked)
    parse_work(masked)
    scan = Scan(text=text, masked=masked)
    found: set[int] = set()
    # mwparserfromhell reads on after a comment that never ends; MediaWiki shows nothing there.
    visible = _parseable(text[: visible_end(text)])
    for start, node in _located_templates(mwparserfromhell.parse(visible, skip_style_tags=True), 0):
        family = site.family_of(normalize_name(str(node.name)))
        if family is None or not masked.startswith("{{", start):
            continue  # not ours, or in a tag's attributes, where MediaWiki calls no template
        scan.calls.append(call_from_node(node, start, family, text))
        found.add(start)
    if sum(1 for call in scan.calls if call.family in CHECKED_FAMILIES) > MAX_CHECKED_TEMPLATES:
        raise PageTooComplex(f"more than {MAX_CHECKED_TEMPLATES} checked templates")
    for match in _OPEN_RE.finditer(masked):
        start = match.start()
        if start in found:
            continue
        name = _name_at(text, masked, start, ends.get(start))
        if name and site.family_of(name) in CHECKED_FAMILIES:
            scan.unclosed.append((start, name))
    return scan


def scan(text: str, site: SiteData = BUILTIN) -> Scan:
    """The fast scan, falling back to the full parse where the two could disagree."""
    check_limits(text)
    try:
        return scan_fast(text, site)
    except UnreliableScan:
        return scan_full(text, site)
