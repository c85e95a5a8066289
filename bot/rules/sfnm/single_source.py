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

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.wikitext.names import Family


class SingleSource(FootnoteRule):
    """An {{sfnm}} cites one source only."""

    code = "SFNM-08"
    severity = Severity.I
    policy = FixPolicy.NONE
    summary = ("single-source sfnm", "single-source sfnm calls")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        if len(footnote.sources) == 1:
            yield self.found(footnote.call, "sfnm with a single source ({{sfn}} would do)")
