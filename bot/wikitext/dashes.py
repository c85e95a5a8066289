"""Dashes, page ranges and the mojibake forms an en or em dash takes after a bad decode."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

import ftfy

EN_DASH = "\u2013"
EM_DASH = "\u2014"


def _decoded_forms(dash: str) -> set[str]:
    """What the UTF-8 bytes of ``dash`` look like when read in the usual wrong code pages."""
    raw = dash.encode("utf-8")
    forms = set()
    for codec in (
        "cp1252",
        "cp1250",
        "cp1254",
        "cp1253",
        "cp1251",
        "mac_roman",
        "cp437",
        "iso8859_7",
        "latin-1",
    ):
        forms.add(raw.decode(codec, errors="ignore"))
    forms.add(raw.decode("cp1252").encode("utf-8").decode("cp1252", errors="ignore"))
    return {form for form in forms if len(form) > 1}


@cache
def mojibake_table() -> dict[str, str]:
    """Every mojibake sequence we recognise, mapped to the dash it stands for."""
    table = {form: EN_DASH for form in _decoded_forms(EN_DASH)}
    table.update({form: EM_DASH for form in _decoded_forms(EM_DASH)})
    # cp1252 dash bytes read as Latin-1 become C1 controls.
    table["\x96"] = EN_DASH
    table["\x97"] = EM_DASH
    return table


def _mojibake_pattern() -> str:
    forms = sorted(mojibake_table(), key=len, reverse=True)
    # ISO-8859-7 leaves a lone Greek beta once its invisible C1 companions are stripped.
    return "|".join([*(re.escape(form) for form in forms), "β[\x80-\x9f]{0,2}", "\ufffd"])


MOJIBAKE_RE = re.compile(_mojibake_pattern())
DIGIT_MOJIBAKE_RE = re.compile(rf"(?<=\d)(?:{_mojibake_pattern()})(?=\d)")
# Multi-character mojibake of any letter (UTF-8 read as cp1252), for running prose.
PROSE_MOJIBAKE_RE = re.compile(
    rf"(?:{'|'.join(re.escape(f) for f in sorted(mojibake_table(), key=len, reverse=True) if len(f) > 1)})"
    r"|Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    r"|[\u0080-\u009f]"
)


# Every mojibake form above starts with one of these characters: a cheap test before the big ones.
MOJIBAKE_START_RE = re.compile("[âÃβв‚Γ\u0080-\u009f\ufffd]")

# A lone β is prose mojibake where it stands glued between these (``groupsβamong``), or spaced
# between them (``were β according``) on a page that shows mojibake elsewhere (GEN-04).
GLUED_BETA_NEIGHBOURS = string.ascii_letters + string.digits
BEFORE_SPACED_BETA = GLUED_BETA_NEIGHBOURS + ",.;:'\")"
AFTER_SPACED_BETA = GLUED_BETA_NEIGHBOURS + "'\"("


def repair_mojibake(sequence: str, *, between_digits: bool) -> str:
    """The text a mojibake sequence most likely stood for.

    ftfy decodes the multi-byte forms; a lone beta (its C1 companions lost) carries no evidence of
    en or em, so ranges get the en dash and prose the em dash.
    """
    if len(sequence) > 1 and not sequence.startswith("β"):
        fixed = ftfy.fix_text(sequence)
        if fixed != sequence:
            return EN_DASH if between_digits and fixed in (EN_DASH, EM_DASH) else fixed
    dash = mojibake_table().get(sequence)
    if dash is None:
        dash = ftfy.fix_text(sequence) if len(sequence) > 1 else EM_DASH
        if dash == sequence:
            dash = EM_DASH
    return EN_DASH if between_digits else dash


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN_RE = re.compile(r"^[ivxlcdm]+$", re.I)


def roman_to_int(text: str) -> int | None:
    if not _ROMAN_RE.match(text):
        return None
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in text.lower()]
    for index, value in enumerate(values):
        nxt = values[index + 1] if index + 1 < len(values) else 0
        total += -value if value < nxt else value
    return total if total > 0 else None


SEPARATOR_PATTERN = rf"\s*(?:-|{EN_DASH}|{EM_DASH}|\u2212|&ndash;|&mdash;|{MOJIBAKE_RE.pattern})\s*"
_RANGE_RE = re.compile(
    rf"^(?P<a>[0-9]+|[ivxlcdm]+)(?P<sep>{SEPARATOR_PATTERN})(?P<b>[0-9]+|[ivxlcdm]+)$", re.I
)
_PAGE_RE = re.compile(r"^(?:[0-9]+|[ivxlcdm]+)$", re.I)
_ITEM_SPLIT_RE = re.compile(r"[,;]")


@dataclass(frozen=True, slots=True)
class PageRange:
    """One ``a–b`` item of a page value, with offsets relative to the value."""

    first: str
    last: str
    separator: str
    sep_start: int
    sep_end: int
    start_page: int
    end_page: int  # after expanding an abbreviated end (347–48 means 347–348)
    numeric: bool

    @property
    def reversed(self) -> bool:
        return self.start_page >= self.end_page

    @property
    def span(self) -> int:
        return self.end_page - self.start_page


def _expand(first: str, last: str) -> int:
    if len(last) < len(first):
        return int(first[: len(first) - len(last)] + last)
    return int(last)


def page_items(value: str) -> list[tuple[int, str]]:
    """The comma/semicolon separated items of a page value, with their offsets."""
    items = []
    pos = 0
    for piece in _ITEM_SPLIT_RE.split(value):
        stripped = piece.strip()
        if stripped:
            items.append((pos + piece.index(stripped), stripped))
        pos += len(piece) + 1
    return items


def parse_range(item: str, offset: int = 0) -> PageRange | None:
    match = _RANGE_RE.match(item)
    if match is None:
        return None
    first, last = match.group("a"), match.group("b")
    if first.isdigit() and last.isdigit():
        start_page, end_page, numeric = int(first), _expand(first, last), True
    else:
        roman_first, roman_last = roman_to_int(first), roman_to_int(last)
        if roman_first is None or roman_last is None or first.isdigit() or last.isdigit():
            return None
        start_page, end_page, numeric = roman_first, roman_last, False
    return PageRange(
        first,
        last,
        match.group("sep"),
        offset + match.start("sep"),
        offset + match.end("sep"),
        start_page,
        end_page,
        numeric,
    )


def page_ranges(value: str) -> list[PageRange]:
    return [r for pos, item in page_items(value) if (r := parse_range(item, pos)) is not None]


def is_single_page(value: str) -> bool:
    """A bare integer or roman numeral: one page, nothing else."""
    return bool(_PAGE_RE.match(value.strip()))


def has_range_or_list(value: str) -> bool:
    items = page_items(value)
    return len(items) > 1 or any(parse_range(item) is not None for _, item in items)
