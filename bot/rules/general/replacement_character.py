"""A replacement character or C1 control sits in a template value.

What it does: finds U+FFFD and U+0080–U+009F in {{sfn}}, {{sfnm}} and {{multiple image}} values,
except in pages, location and year, where SFN-12 handles them.

Why is this bad? A byte was lost or mis-decoded: the text the reader sees is wrong (WPCleaner
#582, CheckWiki #16).

Example: ``caption1=The old m\\ufffdll``

Use instead: the intended character (``The old mill``).

Fix safety: report only.

Source: spec §5, §9.4 GEN-02.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, Rule, Severity
from bot.rules.helpers import checked_footnotes, value_matches
from bot.wikitext.spans import Param, TemplateCall

_BAD_RE = re.compile("[\ufffd\u0080-\u009f]")


class ReplacementCharacter(Rule):
    """A replacement character or C1 control sits in a template value."""

    code = "GEN-02"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("replacement character", "replacement characters")

    def check(self, doc: Document) -> Iterator[Finding]:
        checked: list[tuple[TemplateCall, list[Param]]] = []
        for footnote in checked_footnotes(doc):
            dated = {id(p) for s in footnote.sources for p in s.dated_params}
            checked.append((footnote.call, [p for p in footnote.call.params if id(p) not in dated]))
        checked.extend((call, list(call.params)) for call in doc.images)
        for call, params in checked:
            for param in params:
                for match in value_matches(doc, param, _BAD_RE):
                    yield self.found(call, f"{param.key}: U+{ord(match.group()):04X} in {param.value!r}")
