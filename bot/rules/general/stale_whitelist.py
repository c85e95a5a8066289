"""An ``{{sfn whitelist}}`` entry now has a real target.

What it does: finds anchors listed in an on-page {{sfn whitelist}}/{{harv whitelist}} that a
citation on the page now defines.

Why is this bad? The whitelist hides future no-target errors for that anchor for no reason.

Example: ``{{sfn whitelist|CITEREFSmith2005}}`` next to ``{{cite book|last=Smith|year=2005}}``.

Use instead: remove the entry.

Fix safety: report only.

Source: spec §2.3, §9.4 GEN-03.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, PageRule, Severity
from bot.wikitext.citeref import anchor_encode
from bot.wikitext.names import Family


class StaleWhitelist(PageRule):
    """An ``{{sfn whitelist}}`` entry now has a real target."""

    code = "GEN-03"
    severity = Severity.I
    policy = FixPolicy.REPORT
    summary = ("stale whitelist entry", "stale whitelist entries")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check(self, doc: Document) -> Iterator[Finding]:
        if not self.footnotes(doc):
            return
        anchors = doc.targets.anchors
        for call in doc.targets.whitelist_calls:
            for param in call.params:
                anchor = anchor_encode(param.value)
                if not param.showkey and anchor and anchors.get(anchor, 0) > 0:
                    yield self.found(call, f"{anchor} is whitelisted but a citation defines it")
