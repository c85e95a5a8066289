"""A year-like positional is followed by another name.

What it does: finds {{sfn}} and {{harv}}-family calls where a positional that looks like a year is
followed by a non-empty positional (Module:Footnotes reads their names and year alike: ``args_fetch``
and ``core``).

Why is this bad? Only the last positional can be the year; the earlier "year" becomes a name, the
anchor is wrong and the footnote renders oddly.

Example: ``{{sfn|Smith|2005|Jones}}``

Use instead: ``{{sfn|Smith|Jones|2005}}``

Fix safety: report only (the intended order is not certain).

Source: spec §1, §9.1 SFN-04.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.wikitext.citeref import is_year
from bot.wikitext.footnotes import positionals
from bot.wikitext.names import Family


class YearThenName(FootnoteRule):
    """A year-like positional is followed by another name."""

    code = "SFN-04"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("year followed by a name", "years followed by names")
    families = frozenset({Family.SFN, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        values = [p.value if p is not None else "" for p in positionals(footnote.call)]
        last = max((i for i, v in enumerate(values) if v), default=-1)
        if last >= 4:
            return  # five or more positionals: the module searches for the year itself
        for index in range(1, last):
            if is_year(values[index]):
                yield self.found(
                    footnote.call,
                    f"year {values[index]!r} is followed by {values[index + 1] or 'more'!r};"
                    " the year must come last",
                )
                break
