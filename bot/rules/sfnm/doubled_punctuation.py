"""A middle {{sfnm}} source's postscript doubles the separator's punctuation.

What it does: finds ``Nps`` on a source that is not the last one ending in ";" or ",".

Why is this bad? Sources are joined with "; ", so the reader sees ";;".

Example: ``{{sfnm|1a1=A|1y=2000|1ps=;|2a1=B|2y=2001}}``

Use instead: drop ``1ps`` or end it without the separator's mark.

Fix safety: report only.

Source: spec §2, §9.2 SFNM-07.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.wikitext.names import Family


class DoubledPunctuation(FootnoteRule):
    """A middle {{sfnm}} source's postscript doubles the separator's punctuation."""

    code = "SFNM-07"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("doubled sfnm punctuation", "doubled sfnm punctuation marks")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        for source in footnote.sources[:-1]:
            param = call.get(f"{source.number}ps")
            if param is not None and param.value.endswith((";", ",")):
                yield self.found(
                    call,
                    f"{param.key}={param.value!r} ends in the mark the '; ' separator adds",
                )
