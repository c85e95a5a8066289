"""The limits that keep checking one page bounded in time and memory, and the scan's exceptions.

A page beyond a limit is skipped with the reason (PageTooComplex); a page the fast scan cannot read
exactly as mwparserfromhell would goes to the full parse (UnreliableScan).
"""

from __future__ import annotations

from bot.wikitext.blocks import unclosed_tags

MAX_PAGE_BYTES = 2 * 1024 * 1024 + 64 * 1024  # MediaWiki refuses pages over 2 MiB ($wgMaxArticleSize)
MAX_NESTING = 100  # MediaWiki expands templates at most 100 deep ($wgMaxPPExpandDepth)
MAX_CHECKED_TEMPLATES = 10_000
# mwparserfromhell reads to the end of its input from every unclosed tag: unclosed tags times
# characters bounds its work. This many is about 4 s of parsing at its slowest (unterminated
# attributes, tests/unit/test_limits.py); real pages, even broken ones, stay far below.
MAX_PARSE_WORK = 100_000_000

TOO_LARGE = f"larger than {MAX_PAGE_BYTES // 1024} KiB, more than any wiki page can be"


class PageTooComplex(Exception):
    """A page beyond the limits that keep a check bounded in time and memory; it is skipped."""


class UnreliableScan(Exception):
    """The fast scan and mwparserfromhell disagree on a checked template; use the full parse."""


def check_limits(text: str) -> None:
    """PageTooComplex when the page is larger than any wiki page can be."""
    # Counting characters first spares encoding every ordinary page.
    if len(text) > MAX_PAGE_BYTES // 4 and len(text.encode("utf-8")) > MAX_PAGE_BYTES:
        raise PageTooComplex(TOO_LARGE)


def parse_work(masked: str) -> int:
    """What parsing this (masked) text costs mwparserfromhell beyond reading it once."""
    unclosed = unclosed_tags(masked)
    if unclosed * len(masked) > MAX_PARSE_WORK:
        raise PageTooComplex(
            f"{unclosed} unclosed tags or comments in {len(masked)} characters, too costly to parse"
        )
    return unclosed * len(masked)
