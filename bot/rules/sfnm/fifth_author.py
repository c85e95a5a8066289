"""An {{sfnm}} source has a fifth (or later) author.

What it does: finds ``Na5`` and higher.

Why is this bad? The module puts ``Na5`` in the year's slot: the year is lost, the source renders
"A et al." without a year and links to a year-less anchor that usually matches nothing.

Example: ``{{sfnm|1a1=A|1a2=B|1a3=C|1a4=D|1a5=E|1y=2000}}``

Use instead: ``{{sfnm|1a1=A|1a2=B|1a3=C|1a4=D|1y=2000}}``

Fix safety: safe: CS1 anchors use four names, so ``Na5`` and later are deleted.

Source: spec §2, §9.2 SFNM-04.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, remove
from bot.rules.sfnm._numbering import author_index
from bot.wikitext.names import Family


class FifthAuthor(FootnoteRule):
    """An {{sfnm}} source has a fifth (or later) author."""

    code = "SFNM-04"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("sfnm author beyond the fourth", "sfnm authors beyond the fourth")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        extra = [p for p in call.params if (author_index(p) or 0) >= 5]
        if extra:
            keys = ", ".join(p.key for p in extra)
            yield self.found(
                call, f"{keys}: a fifth author takes the year's place", edits=[remove(p) for p in extra]
            )
