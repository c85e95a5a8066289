"""A replacement character or C1 control sits in a template value.

What it does: finds U+FFFD and U+0080–U+009F in {{sfn}}, {{sfnm}} and {{multiple image}} values,
except in pages, location and year, where SFN-12 handles them.

Why is this bad? A byte was lost or mis-decoded: the text the reader sees is wrong (WPCleaner
#582, CheckWiki #16).

Example: ``caption1=The old m\\ufffdll``

Use instead: type the intended character (``The old mill``).

Fix safety: report only.

Source: spec §5, §9.4 GEN-02.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, ImageRule, Severity
from bot.rules.helpers import value_matches
from bot.wikitext.names import Family
from bot.wikitext.spans import Param, TemplateCall

_BAD_RE = re.compile("[\ufffd\u0080-\u009f]")


class ReplacementCharacter(FootnoteRule, ImageRule):
    """A replacement character or C1 control sits in a template value."""

    code = "GEN-02"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("replacement character", "replacement characters")
    families = frozenset({Family.SFN, Family.SFNM, Family.MULTIPLE_IMAGE})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        dated = {id(p) for s in footnote.sources for p in s.dated_params}
        params = [p for p in footnote.call.params if id(p) not in dated]
        yield from self._check_params(footnote.call, params, doc)

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        yield from self._check_params(call, call.params, doc)

    def _check_params(self, call: TemplateCall, params: Iterable[Param], doc: Document) -> Iterator[Finding]:
        for param in params:
            for match in value_matches(doc, param, _BAD_RE):
                yield self.found(call, f"{param.key}: U+{ord(match.group()):04X} in {param.value!r}")
