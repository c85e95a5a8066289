"""An {{sfnm}} source parameter uses a name sfnm does not have.

What it does: finds ``Npage``, ``Npages``, ``Nyear``, ``Ndate``, ``Nauthor`` and ``Nlast``.

Why is this bad? {{sfnm}} has no such aliases: the value is silently ignored.

Example: ``{{sfnm|1a1=Smith|1y=2005|1page=5}}``

Use instead: ``{{sfnm|1a1=Smith|1y=2005|1p=5}}``

Fix safety: safe: renamed to ``Np``/``Npp``/``Ny``/``Na1`` when that parameter is absent or empty.

Source: spec §2, §9.2 SFNM-06.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, rename
from bot.wikitext.footnotes import SFNM_MISNAMED_RE
from bot.wikitext.names import Family

_TARGETS = {"page": "p", "pages": "pp", "year": "y", "date": "y", "author": "a1", "last": "a1"}


class MisnamedParameter(FootnoteRule):
    """An {{sfnm}} source parameter uses a name sfnm does not have."""

    code = "SFNM-06"
    severity = Severity.E2
    policy = FixPolicy.AUTO
    summary = ("misnamed sfnm parameter", "misnamed sfnm parameters")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        for param in call.params:
            match = SFNM_MISNAMED_RE.match(param.key)
            if not match or not param.showkey:
                continue
            target = match.group(1) + _TARGETS[match.group(2)]
            free = not call.value(target)
            yield self.found(
                call,
                f"sfnm has no {param.key}=; use {target}=",
                edits=[rename(param, target)] if free else [],
                suggestion=target,
            )
