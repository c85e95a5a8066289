"""Invisible or bidirectional characters, or a no-break space, in a name or year.

What it does: finds zero-width spaces, LRM/RLM and other bidi controls, byte-order marks, soft
hyphens and no-break spaces in the names and year of a source (CheckWiki #16), in {{sfn}}, {{sfnm}}
and the {{harv}} family, whose anchors Module:Footnotes' ``core`` makes alike.

Why is this bad? Zero-width spaces, byte-order marks, soft hyphens and the isolates (U+2066–2069)
are invisible in the editor but part of the anchor, so the footnote misses its citation. A
no-break space, LRM/RLM and the embeddings (U+202A–202E) are folded away by the module's anchor
encoding and break nothing: removing them alone is a cosmetic fix. (The module decides: spec
§9.1 SFN-13 counts all of them as breaking anchors; the rendered module shows otherwise.)

Example: ``{{sfn|Smith\\u200b|2005}}``

Use instead: ``{{sfn|Smith|2005}}``

Fix safety: safe: the invisible characters are removed and a no-break space becomes a space;
zero-width joiners (ZWJ/ZWNJ), which some scripts need, are kept.

Source: spec §5 (CW #16), §9.1 SFN-13.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Edit, Finding, FixPolicy, FootnoteRule, Severity
from bot.rules.helpers import value_matches
from bot.wikitext.names import Family

_INVISIBLE_RE = re.compile("[\u200b\u200e\u200f\ufeff\u00ad\u202a-\u202e\u2066-\u2069\u00a0]")
_FOLDED_RE = re.compile("[\u200e\u200f\u202a-\u202e\u00a0]")  # anchorEncode drops or spaces these


class InvisibleCharacters(FootnoteRule):
    """Invisible or bidirectional characters, or a no-break space, in a name or year."""

    code = "SFN-13"
    severity = Severity.E2
    policy = FixPolicy.AUTO
    summary = ("invisible character in a footnote", "invisible characters in footnotes")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for source in footnote.sources:
            params = [*source.name_params]
            if source.year_slot is not None and source.year_slot not in params:
                params.append(source.year_slot)
            for param in params:
                edits = [
                    Edit(m.start(), m.end(), " " if m.group() == "\u00a0" else "")
                    for m in value_matches(doc, param, _INVISIBLE_RE)
                ]
                if edits:
                    found = ", ".join(f"U+{ord(doc.text[e.start]):04X}" for e in edits)
                    yield self.found(
                        footnote.call,
                        f"{source.label}: invisible character(s) {found} in {param.value!r}",
                        edits=edits,
                        cosmetic=all(_FOLDED_RE.match(doc.text[e.start]) for e in edits),
                    )
