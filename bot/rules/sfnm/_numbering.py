"""How an {{sfnm}} call numbers its sources and authors, read from its parameter names."""

from __future__ import annotations

from collections import defaultdict

from bot.wikitext.footnotes import SFNM_KEY_RE, SFNM_MISNAMED_RE
from bot.wikitext.spans import Param, TemplateCall


def numbered_params(call: TemplateCall) -> dict[int, list[Param]]:
    """Parameters grouped by their source number (1a1, 3y, 2page … ), in call order."""
    groups: dict[int, list[Param]] = defaultdict(list)
    for param in call.params:
        match = SFNM_KEY_RE.match(param.key) or SFNM_MISNAMED_RE.match(param.key)
        if match and param.showkey:
            groups[int(match.group(1))].append(param)
    return dict(groups)


def author_index(param: Param) -> int | None:
    match = SFNM_KEY_RE.match(param.key)
    if match and match.group(3):
        return int(match.group(3))
    return None


def numbered_authors(params: list[Param]) -> list[tuple[int, Param]]:
    """A source's author parameters with their numbers, lowest first (stable for repeats)."""
    return sorted(((i, p) for p in params if (i := author_index(p)) is not None), key=lambda pair: pair[0])


def has_positionals(call: TemplateCall) -> bool:
    return any(not p.showkey or p.key.isdigit() for p in call.params)
