"""A dash in pages, location or year arrived as mojibake.

What it does: finds the forms an en or em dash takes when its UTF-8 bytes are read in the wrong
code page (``â€“``, ``β€“``, a lone ``β``, ``вЂ“``, ``‚Äì``, ``ΓÇô``, C1 controls, U+FFFD) in
``p``/``pp``/``loc``/year (and sfnm ``Np``/``Npp``/``Nloc``/``Ny``).

Why is this bad? Readers see "pp. 126β127"; a mangled year breaks the anchor.

Example: ``{{sfn|Khlevniuk|2015|pp=139β140}}``

Use instead: ``{{sfn|Khlevniuk|2015|pp=139–140}}``

Fix safety: safe between two digits (a range): the sequence becomes an en dash, even where it was
an em dash. Elsewhere reported with the likely repair.

Source: spec §7 (mojibake table), §9.1 SFN-12.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Edit, Finding, FixPolicy, FootnoteRule, Severity
from bot.rules.helpers import value_matches
from bot.wikitext.dashes import MOJIBAKE_RE, repair_mojibake
from bot.wikitext.names import Family


class MojibakeDash(FootnoteRule):
    """A dash in pages, location or year arrived as mojibake."""

    code = "SFN-12"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("mojibake page range", "mojibake page ranges")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for source in footnote.sources:
            for param in source.dated_params:
                for match in value_matches(doc, param, MOJIBAKE_RE):
                    start, end = match.span()
                    between_digits = (
                        start > 0
                        and doc.masked[start - 1].isdigit()
                        and end < len(doc.masked)
                        and doc.masked[end].isdigit()
                    )
                    repair = repair_mojibake(match.group(), between_digits=between_digits)
                    left = doc.text[max(param.value_core[0], start - 4) : start]
                    right = doc.text[end : min(param.value_core[1], end + 4)]
                    yield self.found(
                        footnote.call,
                        f"{source.label}: mojibake {match.group()!r} in"
                        f" {param.key}=…{left}{match.group()}{right}… stands for {repair!r}",
                        edits=[Edit(start, end, repair)] if between_digits else [],
                        suggestion=f"{left}{repair}{right}",
                    )
