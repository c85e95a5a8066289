"""An {{sfnm}} cites one source only.

What it does: notes {{sfnm}} calls with exactly one source.

Why is this bad? It is not an error: {{sfn}} would be the usual choice. Information only.

Example: ``{{sfnm|1a1=Smith|1y=2005|1p=12}}``

Use instead: ``{{sfn|Smith|2005|p=12}}`` (optional).

Fix safety: information only.

Source: spec §9.2 SFNM-08.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, Rule, Severity
from bot.rules.helpers import checked_footnotes
from bot.wikitext.names import Family


class SingleSource(Rule):
    """An {{sfnm}} cites one source only."""

    code = "SFNM-08"
    severity = Severity.I
    policy = FixPolicy.NONE
    summary = ("single-source sfnm", "single-source sfnm calls")

    def check(self, doc: Document) -> Iterator[Finding]:
        for footnote in checked_footnotes(doc):
            if footnote.call.family is Family.SFNM and len(footnote.sources) == 1:
                yield self.found(footnote.call, "sfnm with a single source ({{sfn}} would do)")
