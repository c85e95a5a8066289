"""An {{sfnm}} source has parameters but no first author.

What it does: finds source numbers N with ``Ny``, ``Np``, ``Na2`` … but no ``Na1``.

Why is this bad? The module reads sources while ``Na1`` exists; the footnote ends before N.

Example: ``{{sfnm|1a1=Smith|1y=2005|2a2=Jones|2y=2004}}``

Use instead: ``{{sfnm|1a1=Smith|1y=2005|2a1=Jones|2y=2004}}``

Fix safety: when ``Na2`` exists and ``Na1`` does not, the authors are shifted down (``Na2``→``Na1``
…); otherwise reported.

Source: spec §2, §9.2 SFNM-02.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, rename
from bot.rules.sfnm._numbering import numbered_authors, numbered_params
from bot.wikitext.names import Family


class SourceWithoutFirstAuthor(FootnoteRule):
    """An {{sfnm}} source has parameters but no first author."""

    code = "SFNM-02"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("sfnm source without a first author", "sfnm sources without a first author")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        for number, params in sorted(numbered_params(call).items()):
            if call.get(f"{number}a1") is not None:
                continue
            authors = numbered_authors(params)
            edits = []
            if authors and authors[0][0] == 2:
                edits = [rename(p, f"{number}a{i - 1}") for i, p in authors]
            yield self.found(
                call,
                f"source {number} has no {number}a1; the footnote ends before it",
                edits=edits,
            )
