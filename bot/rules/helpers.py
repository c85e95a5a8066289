"""Small pieces several rules share: which footnotes are checked, matches inside values."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import TEMPLATE_NAMESPACE, Document, Footnote
from bot.wikitext.spans import Param


def checked_footnotes(doc: Document) -> list[Footnote]:
    """Footnotes the module checks: none in the Template namespace (spec SFN-20)."""
    return [] if doc.namespace == TEMPLATE_NAMESPACE else doc.footnotes


def value_matches(doc: Document, param: Param, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` in a value, outside comments, with absolute offsets."""
    start, end = param.value_core
    yield from pattern.finditer(doc.masked, start, end)


def snippet(text: str, start: int, end: int, context: int = 20) -> str:
    left = max(0, start - context)
    right = min(len(text), end + context)
    return text[left:right].replace("\n", " ")
