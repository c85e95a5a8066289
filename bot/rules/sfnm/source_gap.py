"""Sources of an {{sfnm}} are numbered with a gap.

What it does: finds {{sfnm}} calls whose source numbers skip one (``1a1`` then ``3a1``).

Why is this bad? The module stops at the first missing number: every later source is silently
dropped from the footnote.

Example: ``{{sfnm|1a1=Smith|1y=2005|3a1=Jones|3y=2006}}``. Where the module stops at a source
that has parameters but no first author (``2y=`` without ``2a1=``), SFNM-02 alone reports it.

Use instead: ``{{sfnm|1a1=Smith|1y=2005|2a1=Jones|2y=2006}}``

Fix safety: renumbered when no positional sources are mixed in and every source has ``Na1``;
otherwise reported.

Source: spec §2, §9.2 SFNM-01.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Edit, Finding, FixPolicy, FootnoteRule, Severity
from bot.rules.sfnm._numbering import has_positionals, numbered_params
from bot.wikitext.names import Family


class SourceGap(FootnoteRule):
    """Sources of an {{sfnm}} are numbered with a gap."""

    code = "SFNM-01"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("sfnm source numbering gap", "sfnm source numbering gaps")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        groups = numbered_params(call)
        read = {s.number for s in footnote.sources}
        dropped = sorted(n for n in groups if n not in read)
        if not dropped or (not read and not groups):
            return
        if len(footnote.sources) + 1 in groups:
            return  # the module stops at a source with parameters but no first author: SFNM-02's
        renumbered = {old: new for new, old in enumerate(sorted(groups), start=1)}
        complete = all(call.get(f"{n}a1") is not None for n in groups)
        edits: list[Edit] = []
        if complete and not has_positionals(call):
            for old, new in renumbered.items():
                if old != new:
                    for param in groups[old]:
                        start = param.name_start + param.raw_name.index(str(old))
                        edits.append(Edit(start, start + len(str(old)), str(new)))
        yield self.found(
            call,
            f"source(s) {', '.join(map(str, dropped))} are never read: the numbering has a gap",
            edits=edits,
        )
