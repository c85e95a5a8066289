"""A checked template is never closed, or its braces are unbalanced.

What it does: finds ``{{sfn``, ``{{sfnm`` and ``{{multiple image`` openings that do not form a
template (CheckWiki #43/#47).

Why is this bad? The page shows raw wikitext, and any parse of the page around it is unreliable.

Example: ``{{sfn|Smith|2005|p=12}`` (one closing brace).

Use instead: ``{{sfn|Smith|2005|p=12}}``

Fix safety: report only, and the bot makes no edit at all to a page with this finding.

Source: spec §5 (CW #43, #47), §9.1 SFN-19.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, PageRule, Severity, Where
from bot.rules.helpers import snippet


class UnbalancedBraces(PageRule):
    """A checked template is never closed, or its braces are unbalanced."""

    code = "SFN-19"
    severity = Severity.E1
    policy = FixPolicy.REPORT
    summary = ("unclosed template", "unclosed templates")
    blocks_edits = True

    def check(self, doc: Document) -> Iterator[Finding]:
        for start, name in doc.scan.unclosed:
            end = min(len(doc.text), start + 2 + len(name))
            yield self.found(
                Where(start, end, name),
                f"{{{{{name} is never closed: {snippet(doc.text, start, start + 40, 0)!r};"
                " the bot will not edit this page",
            )
