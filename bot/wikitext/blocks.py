"""Comments and tag blocks (``<!--…-->``, ``<nowiki>…</nowiki>``, ``<ref>…</ref>``), found in linear time.

The blocks are exactly those the regex

    <!--.*?(?:-->|\\Z)|<(names)(?:\\s[^>]*)?/>|<(names)(?:\\s[^>]*)?>.*?</\\2\\s*>

finds (case-insensitive, dot matching newlines). A comment that never ends runs to the end of the
text, as in MediaWiki, which shows nothing after it. The regex itself rescans to the end of the page
from every opening that is never closed, so 2 MiB of ``<!--`` would take hours; here each part of
the page is read a bounded number of times. An opening that finds no closer means no later opening
of that kind can close either, so that kind is not looked for again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from mwparserfromhell.definitions import is_single

COMMENT = "!--"


@cache
def _openings(names: tuple[str, ...], comments: bool) -> re.Pattern[str]:
    # A name counts only when whitespace, "/" or ">" follows it, as in the regex above.
    parts = ["<!--"] if comments else []
    if names:
        parts.append(rf"<({'|'.join(map(re.escape, names))})(?=[\s/>])")
    return re.compile("|".join(parts), re.I)


@cache
def _closers(name: str) -> re.Pattern[str]:
    return re.compile(rf"</({re.escape(name)})\s*>", re.I)


def _closer_end(text: str, name: str, start: int) -> int:
    """Where the first ``</name>`` from ``start`` ends, -1 if none. The name compares as a regex
    back-reference does, by lower case, which is stricter than the case-insensitive search."""
    for closer in _closers(name).finditer(text, start):
        if closer.group(1).lower() == name:
            return closer.end()
    return -1


def tag_blocks(
    text: str,
    names: tuple[str, ...],
    *,
    comments: bool = False,
    self_closing: bool = False,
    opening_only: tuple[str, ...] = (),
) -> Iterator[tuple[int, int, str]]:
    """Each block as (start, end, lower-case name; ``COMMENT`` for a comment), left to right.

    ``self_closing`` also yields ``<name … />`` as a block of its own; otherwise such a tag is
    neither a block nor an opening. For the ``opening_only`` names (a subset of ``names``) only the
    opening tag is a block, closed or not, and the search goes on after it, as with the regex
    ``<(names)(?:\\s[^>]*)?>``.
    """
    if not names and not comments:
        return
    openings = _openings(names, comments)
    unclosable: set[str] = set()
    next_gt = -1  # the first ">" at or after the last place one was looked for
    tags_end = False
    position = 0
    while True:
        match = openings.search(text, position)
        if match is None:
            return
        start = match.start()
        position = start + 1
        name = match.group(match.lastindex) if match.lastindex else None
        if name is None:  # a comment
            end = text.find("-->", start + 4)
            if end < 0:
                yield start, len(text), COMMENT
                return
            position = end + 3
            yield start, position, COMMENT
            continue
        name = name.lower()
        if tags_end:
            continue
        name_end = match.end()
        if next_gt < name_end:
            next_gt = text.find(">", name_end)
            if next_gt < 0:
                if not comments:
                    return  # no ">" from here on: no tag can end
                tags_end = True  # no tag can end, but a comment would still hide the rest
                continue
        # The attributes run from name_end to next_gt; read their ends only, never copy them.
        spaced = next_gt > name_end and text[name_end].isspace()
        if text[next_gt - 1] == "/" and (spaced or next_gt == name_end + 1):
            if self_closing:
                position = next_gt + 1
                yield start, position, name
            continue
        if (next_gt > name_end and not spaced) or name in unclosable:
            continue
        if name in opening_only:
            position = next_gt + 1
            yield start, position, name
            continue
        end = _closer_end(text, name, next_gt + 1)
        if end < 0:
            unclosable.add(name)
            continue
        position = end
        yield start, position, name


def strip_comments(text: str) -> str:
    """``text`` without its ``<!--…-->`` comments (an unclosed one takes the rest, as in MediaWiki)."""
    if "<!--" not in text:
        return text
    pieces = []
    last = 0
    for start, end, _ in tag_blocks(text, (), comments=True):
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


_TAG_OR_COMMENT_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])|<!--")


def unclosed_tags(text: str) -> int:
    """How many tags in ``text`` open with nothing to close them, and how many comments never end.

    mwparserfromhell reads on from each such opening to the end of its input looking for the close,
    so its work grows with this number times the input's length. Tags that may stand alone
    (``<br>``, ``<li>``), self-closing tags and any closed tag cost nothing extra. Pass text with
    comments and unparsed blocks masked, as mwparserfromhell does not look inside them.
    """
    last_comment_end = text.rfind("-->")
    openings: Counter[str] = Counter()
    closings: Counter[str] = Counter()
    unclosed = 0
    next_gt = -1
    for match in _TAG_OR_COMMENT_RE.finditer(text):
        if match.lastindex is None:
            unclosed += last_comment_end < match.start() + 4
            continue
        name = match.group(2).lower()
        if match.group(1):
            closings[name] += 1
            continue
        if is_single(name):
            continue
        if next_gt < match.end():
            next_gt = text.find(">", match.end())
        if next_gt < 0:
            unclosed += 1  # its attributes never end: the costliest case of all
        elif text[next_gt - 1] != "/":
            openings[name] += 1
    return unclosed + sum(max(0, count - closings[name]) for name, count in openings.items())
