"""Editors' opt-outs written in the page: ``<!-- maintbot: ignore SFN-10 -->`` and ``ignore-page``.

``<!-- maintbot: ignore SFN-10, MI-13 -->`` placed just before a template (nothing but whitespace
between) or anywhere inside it silences those codes for that template; ``<!-- maintbot:
ignore-page SFN-10, MI -->`` silences them on the whole page. Selectors are read as ``--select``
reads them: a code, a prefix (``SFN-1``) or a family (``MI``). Only real comments count: one shown
literally inside ``<nowiki>`` or ``<pre>`` is text, not an instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.wikitext.blocks import COMMENT, tag_blocks
from bot.wikitext.spans import OPAQUE_TAGS

_DIRECTIVE_RE = re.compile(r"<!--\s*maintbot\s*:\s*(ignore-page|ignore)\b(.*?)-->$", re.I | re.S)
_HINT_RE = re.compile(r"<!--\s*maintbot\s*:", re.I)
_SELECTOR_SPLIT_RE = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class LocalOptOut:
    """An ``ignore`` comment: where it stands and the selectors it names."""

    start: int
    end: int
    selectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OptOuts:
    """Every opt-out of one page."""

    page: tuple[str, ...] = ()
    local: tuple[LocalOptOut, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.page or self.local)

    def selectors_for(self, text: str, start: int, end: int) -> tuple[str, ...]:
        """The selectors that apply to the template at ``text[start:end]``."""
        found = list(self.page)
        for opt_out in self.local:
            inside = start <= opt_out.start and opt_out.end <= end
            just_before = opt_out.end <= start and not text[opt_out.end : start].strip()
            if inside or just_before:
                found.extend(opt_out.selectors)
        return tuple(found)


def _selectors(raw: str) -> tuple[str, ...]:
    return tuple(part.upper() for part in _SELECTOR_SPLIT_RE.split(raw.strip()) if part)


def find_opt_outs(text: str) -> OptOuts:
    """The page's opt-out comments; a page with none costs one search."""
    if _HINT_RE.search(text) is None:
        return OptOuts()
    page: list[str] = []
    local: list[LocalOptOut] = []
    for start, end, kind in tag_blocks(text, OPAQUE_TAGS, comments=True, self_closing=True):
        if kind != COMMENT:
            continue
        match = _DIRECTIVE_RE.match(text, start, end)
        if match is None:
            continue
        selectors = _selectors(match.group(2))
        if match.group(1).lower() == "ignore-page":
            page.extend(selectors)
        else:
            local.append(LocalOptOut(start, end, selectors))
    return OptOuts(tuple(page), tuple(local))
