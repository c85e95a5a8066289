"""Empty positional parameter between names.

What it does: finds ``||`` (an empty unnamed parameter) between non-empty positionals of {{sfn}}
and the {{harv}} family (Module:Footnotes reads their names alike: ``args_fetch`` and ``core``).

Why is this bad? The footnote renders "Smith & 2005"-style text with an empty name in it.

Example: ``{{sfn|Smith||2005}}``

Use instead: ``{{sfn|Smith|2005}}``

Fix safety: safe when every positional is unnumbered (removing one shifts only empty text);
otherwise reported.

Source: spec §9.1 SFN-06.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, remove
from bot.wikitext.footnotes import positionals
from bot.wikitext.names import Family


class EmptyPositional(FootnoteRule):
    """Empty positional parameter between names."""

    code = "SFN-06"
    severity = Severity.W
    policy = FixPolicy.GUARDED
    summary = ("empty positional parameter", "empty positional parameters")
    families = frozenset({Family.SFN, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        slots = positionals(footnote.call)
        last = max((i for i, p in enumerate(slots) if p is not None and p.value), default=-1)
        unnumbered = all(p is not None and not p.showkey for p in slots)
        for index, param in enumerate(slots[:last]):
            if param is None or param.value or "<!--" in param.raw_value:
                continue
            yield self.found(
                footnote.call,
                f"positional parameter {index + 1} is empty",
                edits=[remove(param)] if unnumbered else [],
            )
