"""A page range or list is given as a single page (``p``).

What it does: finds ``p``/``page`` (or sfnm ``Np``) values that hold a range or a list.

Why is this bad? The footnote renders "p. 12–15"; a range belongs in ``pp``, which also gets the
module's dash repair.

Example: ``{{sfn|Smith|2005|p=12–15}}``

Use instead: ``{{sfn|Smith|2005|pp=12–15}}``

Fix safety: the parameter is renamed when ``pp`` is empty and the value is an en-dash range (also
``&ndash;``), a ", " list (AWB's rule), or a hyphen range that starts above 9, ascends and has no
leading zero (Citation bot's rule). Otherwise reported.

Source: spec §6, §9.1 SFN-08.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, rename
from bot.rules.sfn._pages import clearly_a_range
from bot.wikitext.dashes import EN_DASH, has_range_or_list, page_items, parse_range
from bot.wikitext.names import Family

_SAFE_LIST_RE = re.compile(r"^\d+(?:, \d+)+$")


def _safe_to_rename(value: str) -> bool:
    items = page_items(value)
    if len(items) > 1:
        return bool(_SAFE_LIST_RE.match(value))
    found = parse_range(value)
    if found is None or found.reversed or not found.numeric:
        return False
    separator = found.separator
    if separator in (EN_DASH, "&ndash;"):
        return True
    return separator == "-" and clearly_a_range(found)


class RangeInP(FootnoteRule):
    """A page range or list is given as a single page (``p``)."""

    code = "SFN-08"
    severity = Severity.W
    policy = FixPolicy.GUARDED
    summary = ("page range given as p", "page ranges given as p")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for source in footnote.sources:
            p = source.p
            if p is None or not p.value or not has_range_or_list(p.value):
                continue
            target = {"p": "pp", "page": "pages"}.get(p.key, p.key + "p")
            pp_free = source.pp is None or not source.pp.value
            edits = [rename(p, target)] if pp_free and _safe_to_rename(p.value) else []
            yield self.found(
                footnote.call,
                f"{source.label}: {p.key}={p.value!r} holds a range or list; use {target}=",
                edits=edits,
                suggestion=f"{target}={p.value}",
            )
