"""Short footnote links to no citation on the page (no target).

What it does: computes the CITEREF anchor of each {{sfn}} / {{sfnm}} source, and of each
{{harv}}-family link, the way Module:Footnotes does (up to four names and the year, or the ``ref=``
text) and looks for it among the anchors the page's citations define (CS1/CS2 templates and their
redirects, wrappers the wiki's whitelist knows, {{harvc}}, {{anchor}}, ``ref={{sfnref|…}}``).

Why is this bad? The footnote's link goes nowhere; the module shows a hidden "no target" error
and puts the article in Category:Harv and Sfn no-target errors.

Example: ``{{sfn|Smith|2005}}`` while the only citation is ``{{cite book|last=Smith|date=2006}}``.

Use instead: the names and year the citation has, ``{{sfn|Smith|2006}}``, or add the citation.

Fix safety: report only; the report carries near-miss hints (same names other year, a dash in the
year, a missing disambiguation letter, case or diacritics, ``ref=none``, editor-only citations).
Suppressed by ``ignore-err=yes``, by ``{{sfn whitelist}}`` on the page, and by the wiki's
Module:Footnotes/whitelist (a template on the page it says makes the anchor, or an anchor pattern).

Source: spec §2.2, §2.3, §3 (M1), §9.1 SFN-01.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.rules.sfn._targets import dash_variant_anchor, near_misses, unlinked
from bot.wikitext.names import Family


class NoTarget(FootnoteRule):
    """Short footnote links to no citation on the page (no target)."""

    code = "SFN-01"
    severity = Severity.E1
    policy = FixPolicy.REPORT
    summary = ("short footnote with no target", "short footnotes with no target")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        targets = doc.targets
        for source, anchor in unlinked(footnote.sources, targets):
            if targets.whitelisted(anchor, source.year) or dash_variant_anchor(source, targets):
                continue
            yield self.found(
                footnote.call,
                f"{source.label}: no target: {anchor}",
                anchor=anchor,
                hints=near_misses(source, targets),
            )
