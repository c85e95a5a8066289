"""A page range runs backwards.

What it does: expands abbreviated ends (347–48 is 347–348) and reports ranges whose end is not
after their start. Mojibake separators count as dashes, so ``347β248`` is reported before and after
its dash is repaired.

Why is this bad? The reader is sent to pages that cannot be right; the module does not notice.

Example: ``{{sfnm|1a1=Service|1y=2004|1pp=347–248}}``

Use instead: the pages the source really has (``347–348``?): only a human with the book can say.

Fix safety: report only (neither the module, AWB nor Citation bot repairs it).

Source: spec §7, §9.1 SFN-11.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.wikitext.dashes import page_ranges
from bot.wikitext.names import Family


class ReversedRange(FootnoteRule):
    """A page range runs backwards."""

    code = "SFN-11"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("reversed page range", "reversed page ranges")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for source in footnote.sources:
            for param in source.page_params:
                for found in page_ranges(param.value):
                    if found.reversed:
                        yield self.found(
                            footnote.call,
                            f"{source.label}: page range {found.first}–{found.last} in"
                            f" {param.key} runs backwards",
                        )
