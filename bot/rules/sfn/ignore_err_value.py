"""``ignore-err`` has a value other than exactly ``yes``.

What it does: checks ``ignore-err``/``ignore-false-positive`` (and sfnm ``Nignore-err``) of {{sfn}},
{{sfnm}} and the {{harv}} family: Module:Footnotes' ``args_fetch`` reads them for all of them.

Why is this bad? The module honours only ``yes``; ``Yes``, ``true`` or ``1`` do nothing.

Example: ``{{sfn|Smith|2005|ignore-err=Yes}}``

Use instead: ``{{sfn|Smith|2005|ignore-err=yes}}``

Fix safety: report only (the editor may not have meant to suppress the error).

Source: spec §1, §2.3, §9.1 SFN-18.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.wikitext.names import Family


class IgnoreErrValue(FootnoteRule):
    """``ignore-err`` has a value other than exactly ``yes``."""

    code = "SFN-18"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("ignored ignore-err value", "ignored ignore-err values")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for param in footnote.call.params:
            if param.key.endswith(("ignore-err", "ignore-false-positive")) and param.value not in (
                "",
                "yes",
            ):
                yield self.found(
                    footnote.call,
                    f"{param.key}={param.value!r} is not honoured; only 'yes' is",
                    suggestion=f"{param.key}=yes",
                )
