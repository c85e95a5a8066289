"""Authors of an {{sfnm}} source are numbered with a gap.

What it does: finds sources with ``Na1`` and ``Na3`` but no ``Na2`` (any gap).

Why is this bad? The module stops reading authors at the gap and puts the year in that slot: the
later authors are lost and the anchor is wrong.

Example: ``{{sfnm|1a1=A|1a3=C|1y=2000}}``

Use instead: ``{{sfnm|1a1=A|1a2=C|1y=2000}}``

Fix safety: safe: the authors are renumbered consecutively in their order.

Source: spec §2, §9.2 SFNM-03.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, rename
from bot.rules.sfnm._numbering import numbered_authors, numbered_params
from bot.wikitext.names import Family


class AuthorGap(FootnoteRule):
    """Authors of an {{sfnm}} source are numbered with a gap."""

    code = "SFNM-03"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("sfnm author numbering gap", "sfnm author numbering gaps")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        for number, params in sorted(numbered_params(call).items()):
            authors = numbered_authors(params)
            indexes = [i for i, _ in authors]
            if not indexes or indexes[0] != 1 or indexes == list(range(1, len(indexes) + 1)):
                continue
            if len(set(indexes)) != len(indexes):
                continue  # a repeated author number is SFN-16's
            edits = [
                rename(p, f"{number}a{new}") for new, (old, p) in enumerate(authors, start=1) if new != old
            ]
            yield self.found(call, f"source {number}: author numbers {indexes} have a gap", edits=edits)
