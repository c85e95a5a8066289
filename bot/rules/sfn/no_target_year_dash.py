"""Short footnote misses its citation only because of the dash in the year.

What it does: finds sources with no target where exactly one citation anchor differs from the
source's only by the year's dash (a hyphen, em dash or spaced dash instead of an unspaced en dash).

Why is this bad? Module:Footnotes compares anchors character by character; citation years are
normalised to an en dash, so ``{{sfn|Lee|2001-2002}}`` never finds ``date=2001–2002``.

Example: ``{{sfn|Lee|2001-2002}}``

Use instead: ``{{sfn|Lee|2001–2002}}``

Fix safety: safe when exactly one anchor matches after the repair; only the sfn's year changes,
never the citation.

Source: spec §2.1, §9.1 SFN-01a.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, replace_value
from bot.rules.sfn._targets import dash_normalized, dash_variant_anchor, unlinked
from bot.wikitext.names import Family


class NoTargetYearDash(FootnoteRule):
    """Short footnote misses its citation only because of the dash in the year."""

    code = "SFN-01a"
    severity = Severity.E1
    policy = FixPolicy.GUARDED
    summary = ("year dash that broke a footnote link", "year dashes that broke footnote links")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        targets = doc.targets
        for source, anchor in unlinked(footnote.sources, targets):
            fixed_anchor = dash_variant_anchor(source, targets)
            if fixed_anchor is None or source.year_slot is None:
                continue
            year = source.year_slot.value
            yield self.found(
                footnote.call,
                f"{source.label}: no target: {anchor}; {fixed_anchor} exists with an en dash",
                edits=[replace_value(source.year_slot, dash_normalized(year))],
                anchor=anchor,
                suggestion=dash_normalized(year),
            )
