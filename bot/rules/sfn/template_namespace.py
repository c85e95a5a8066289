"""The page is in the Template namespace, where the module checks nothing.

What it does: notes pages in namespace 10 that use short footnotes.

Why is this bad? It is not: Module:Footnotes skips every check there, and so does the bot.

Example: ``Template:Infobox foo`` documenting ``{{sfn|Smith|2005}}``.

Use instead: nothing to change.

Fix safety: information only.

Source: spec §3 (scope rules), §9.1 SFN-20.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import TEMPLATE_NAMESPACE, Document
from bot.rules.base import Finding, FixPolicy, PageRule, Severity


class TemplateNamespace(PageRule):
    """The page is in the Template namespace, where the module checks nothing."""

    code = "SFN-20"
    severity = Severity.I
    policy = FixPolicy.NONE
    summary = ("template-namespace page", "template-namespace pages")

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.namespace == TEMPLATE_NAMESPACE and doc.footnotes:
            yield self.found(
                doc.footnotes[0].call, "Template namespace: short footnotes are not checked here"
            )
