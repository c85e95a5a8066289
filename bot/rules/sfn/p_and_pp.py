"""Both a single page and a page range are given.

What it does: finds sources where ``p``/``page`` and ``pp``/``pages`` are both non-empty.

Why is this bad? The module uses ``p`` and silently drops ``pp``.

Example: ``{{sfn|Smith|2005|p=12|pp=12}}``, ``{{sfn|Smith|2005|p=12|pp=12–14}}``

Use instead: ``{{sfn|Smith|2005|p=12}}``, and for differing values the one the editor meant.

Fix safety: safe only when both values are the same (``pp`` is dropped, nothing visible changes);
otherwise reported.

Source: spec §1, §9.1 SFN-07.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, remove
from bot.wikitext.names import Family


class PAndPp(FootnoteRule):
    """Both a single page and a page range are given."""

    code = "SFN-07"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("duplicate page parameter", "duplicate page parameters")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})
    cosmetic = True  # the rendered footnote does not change

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for source in footnote.sources:
            p, pp = source.p, source.pp
            if p is None or pp is None or not p.value or not pp.value:
                continue
            same = p.value == pp.value
            yield self.found(
                footnote.call,
                f"{source.label}: {p.key}={p.value!r} and {pp.key}={pp.value!r} both given;"
                f" {pp.key} is ignored",
                edits=[remove(pp)] if same else [],
            )
