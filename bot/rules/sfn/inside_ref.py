"""Short footnote inside ``<ref>…</ref>`` or ``<references>…</references>``.

What it does: finds {{sfn}}/{{sfnm}} calls inside a literal ref or inside list-defined references.

Why is this bad? {{sfn}} makes its own ``<ref>``; nested refs do not work (Template:Sfn/doc,
"A citation inside an explanatory footnote"; "Sfn embedded in list-defined ref does not work").

Example: ``<ref>See {{sfn|A|2000|p=5}}</ref>``

Use instead: ``<ref>See {{harvnb|A|2000|p=5}}</ref>``, or {{efn}} around the {{sfn}}.

Fix safety: report only (the conversion is established practice, but the surrounding text decides
whether {{harvnb}} reads right).

Source: spec §3, §9.1 SFN-15.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity
from bot.wikitext.names import Family


class InsideRef(FootnoteRule):
    """Short footnote inside ``<ref>…</ref>`` or ``<references>…</references>``."""

    code = "SFN-15"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("short footnote inside a ref", "short footnotes inside refs")
    families = frozenset({Family.SFN, Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        tag = doc.enclosing_ref(footnote.call.start)
        if tag is not None:
            call = footnote.call
            kept = [doc.text[p.start : p.end] for p in call.params if p.key not in ("ps", "postscript")]
            harvnb = "{{harvnb|" + "|".join(kept) + "}}" if call.family is Family.SFN else None
            yield self.found(
                call,
                f"{{{{{call.name}}}}} inside <{tag}>; use {{{{harvnb}}}} there",
                suggestion=harvnb,
            )
