"""Small pieces several rules share: matches inside values, snippets of the page."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document
from bot.wikitext.spans import Param


def value_matches(doc: Document, param: Param, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` in a value, outside comments, with absolute offsets."""
    start, end = param.value_core
    yield from pattern.finditer(doc.masked, start, end)


def snippet(text: str, start: int, end: int, context: int = 20) -> str:
    left = max(0, start - context)
    right = min(len(text), end + context)
    return text[left:right].replace("\n", " ")
