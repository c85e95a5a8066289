"""More than four names before the year.

What it does: finds {{sfn}} and {{harv}}-family calls with five or more names before the year
(Module:Footnotes reads their names and year alike: ``args_fetch`` and ``core``).

Why is this bad? The anchor uses four names at most; names five and up are ignored by the current
module and made the older module lose the year.

Example: ``{{sfn|A|B|C|D|E|2019}}``

Use instead: ``{{sfn|A|B|C|D|2019}}``

Fix safety: safe when every positional is unnumbered: dropping names 5+ leaves the rendering and
the anchor as they were. Otherwise reported.

Source: spec §1, §9.1 SFN-05.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, remove
from bot.wikitext.citeref import is_year
from bot.wikitext.footnotes import positionals
from bot.wikitext.names import Family


class TooManyNames(FootnoteRule):
    """More than four names before the year."""

    code = "SFN-05"
    severity = Severity.W
    policy = FixPolicy.GUARDED
    summary = ("footnote with more than four names", "footnotes with more than four names")
    families = frozenset({Family.SFN, Family.HARV})
    cosmetic = True  # the rendered footnote does not change

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        slots = positionals(footnote.call)
        values = [p.value if p is not None else "" for p in slots]
        year_index = next((i for i in range(4, len(values)) if is_year(values[i])), None)
        if year_index is None or year_index == 4:
            return
        extra = [p for p in slots[4:year_index] if p is not None]
        unnumbered = all(p is not None and not p.showkey for p in slots)
        yield self.found(
            footnote.call,
            f"{year_index} names before the year; only the first four are used",
            edits=[remove(p) for p in extra] if unnumbered else [],
        )
