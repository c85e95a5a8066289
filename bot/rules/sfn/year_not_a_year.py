"""The year of a short footnote is missing or not in a form the module accepts.

What it does: checks the last positional of {{sfn}} and the {{harv}} family (or ``Ny`` of {{sfnm}})
against the year grammar of Module:Footnotes (``is_year``): ``2005``, ``2005a``, ``n.d.``,
``c. 1900``, ``2001–2002``, ``2001–02``. The {{harv}} templates go through the same
``args_fetch`` and ``core`` as {{sfn}}, so their years are read alike.

Why is this bad? A value that is not a year is read as one more name, so the anchor is wrong and
the footnote usually has no target.

Example: ``{{sfn|Smith|c.1900}}``, ``{{sfn|Lee|2001-2002}}``, ``{{sfn|Smith|2005A}}``

Use instead: ``{{sfn|Smith|c. 1900}}``, ``{{sfn|Lee|2001–2002}}``, ``{{sfn|Smith|2005a}}``

A footnote whose anchor, as written, matches a target is left alone: it works.

Fix safety: safe only when the repaired year makes an anchor that matches exactly one citation;
otherwise reported.

Source: spec §2.1, §9.1 SFN-03.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, replace_value
from bot.wikitext.citeref import is_year, repaired_year
from bot.wikitext.names import Family


class YearNotAYear(FootnoteRule):
    """The year of a short footnote is missing or not in a form the module accepts."""

    code = "SFN-03"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("malformed footnote year", "malformed footnote years")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        anchors = doc.targets.anchors
        for source in footnote.sources:
            if source.ref is not None and source.ref.value:
                continue
            if anchors.get(source.anchor or "", 0):
                continue  # the footnote links fine as written (a custom anchor, say)
            slot = source.year_slot
            if slot is None or not slot.value:
                if source.names:
                    yield self.found(footnote.call, f"{source.label}: no year")
                continue
            if is_year(slot.value):
                continue
            fixed = repaired_year(slot.value)
            edits = []
            if fixed is not None and anchors.get(source.anchor_with_year(fixed)) == 1:
                edits.append(replace_value(slot, fixed))
            yield self.found(
                footnote.call,
                f"{source.label}: {slot.value!r} is not a year the module recognises",
                edits=edits,
                suggestion=fixed,
            )
