"""A dash is written as an HTML entity in a short footnote.

What it does: finds ``&ndash;`` and ``&mdash;`` in {{sfn}}/{{sfnm}} values (CheckWiki #50).

Why is this bad? The entity is harder to read and edit than the character; in a year it breaks
the anchor comparison.

Example: ``{{sfn|Smith|2005|pp=12&ndash;15}}``

Use instead: ``{{sfn|Smith|2005|pp=12–15}}``

Fix safety: safe: the entity becomes the character it names.

Source: spec §5 (CW #50), §9.4 GEN-01.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Edit, Finding, FixPolicy, FootnoteRule, Severity
from bot.rules.helpers import value_matches
from bot.wikitext.names import Family

_ENTITY_RE = re.compile(r"&(ndash|mdash);")
_CHARACTER = {"ndash": "\u2013", "mdash": "\u2014"}


class DashEntity(FootnoteRule):
    """A dash is written as an HTML entity in a short footnote."""

    code = "GEN-01"
    severity = Severity.W
    policy = FixPolicy.AUTO
    summary = ("dash entity", "dash entities")
    families = frozenset({Family.SFN, Family.SFNM})
    cosmetic = True  # the rendered footnote does not change

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for param in footnote.call.params:
            for match in value_matches(doc, param, _ENTITY_RE):
                yield self.found(
                    footnote.call,
                    f"{param.key}: {match.group()} should be the character itself",
                    edits=[Edit(match.start(), match.end(), _CHARACTER[match.group(1)])],
                )
