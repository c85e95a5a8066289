"""Short footnotes whose anchor matches no citation, and the near misses that explain them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.wikitext.citeref import Targets, fold
from bot.wikitext.footnotes import Source

_DASHES_RE = re.compile(r"\s*[-\u2013\u2014\u2212]\s*")


def unlinked(sources: list[Source], targets: Targets) -> Iterator[tuple[Source, str]]:
    """Each source whose anchor no citation defines (and that is not suppressed), with it."""
    for source in sources:
        anchor = source.anchor
        if anchor is not None and not targets.anchors.get(anchor, 0) and not source.suppressed:
            yield source, anchor


def dash_normalized(year: str) -> str:
    return _DASHES_RE.sub("\u2013", year)


def dash_variant_anchor(source: Source, targets: Targets) -> str | None:
    """The one existing anchor that differs from the source's only by the year's dash."""
    year = source.year or (source.year_slot.value if source.year_slot is not None else "")
    if not year or (source.ref is not None and source.ref.value):
        return None
    fixed = dash_normalized(year)
    if fixed == year:
        return None
    candidate = source.anchor_with_year(fixed)
    return candidate if targets.anchors.get(candidate) == 1 else None


def near_misses(source: Source, targets: Targets, limit: int = 3) -> tuple[str, ...]:
    anchor = source.anchor or ""
    names = source.names_before_year
    hints: list[str] = []
    for citation in targets.related(anchor, names):
        other = citation.anchor
        if citation.names and tuple(citation.names) == names:
            if other is None:
                hints.append("a citation with these names has ref=none, so it makes no anchor")
            elif citation.year != source.year:
                year = citation.year or "no year"
                hints.append(f"a citation by the same names has year {year} ({other})")
            if other is not None and citation.source in ("editor", "veditors"):
                hints.append(f"the matching citation names editors only ({other})")
        if other is None or other == anchor:
            continue
        if other[:-1] == anchor or anchor[:-1] == other:
            hints.append(f"differs only by a disambiguation letter: {other}")
        elif fold(other) == fold(anchor):
            hints.append(f"differs only in case or diacritics: {other}")
    unique = list(dict.fromkeys(hints))
    return tuple(unique[:limit])
