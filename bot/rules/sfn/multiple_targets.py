"""Short footnote matches more than one citation (multiple targets).

What it does: counts the citations whose anchor equals the source's anchor.

Why is this bad? The link can only reach the first; Module:Footnotes shows a visible
"multiple targets (N×)" error and adds Category:Harv and Sfn multiple-target errors. It cannot be
suppressed.

Example: two ``{{cite book|last=Smith|year=2005}}`` on one page and ``{{sfn|Smith|2005}}``.

Use instead: disambiguate the years (``2005a``, ``2005b``) in the citations and the footnotes,
or remove the repeated citation.

Fix safety: report only (which citation is which needs a human).

Source: spec §3 (M2), §9.1 SFN-02.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.wikitext.names import Family


class MultipleTargets(FootnoteRule):
    """Short footnote matches more than one citation (multiple targets)."""

    code = "SFN-02"
    severity = Severity.E1
    policy = FixPolicy.REPORT
    summary = ("short footnote with multiple targets", "short footnotes with multiple targets")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        anchors = doc.targets.anchors
        for source in footnote.sources:
            anchor = source.anchor
            if anchor is not None and anchors.get(anchor, 0) >= 2:
                yield self.found(
                    footnote.call,
                    f"{source.label}: multiple targets ({anchors[anchor]}×): {anchor}",
                    anchor=anchor,
                )
