"""{{sfnm}} has a top-level ``p``, ``pp``, ``loc``, ``page``, ``pages`` or ``ref``.

What it does: finds parameters {{sfnm}} does not read because they belong to a numbered source.

Why is this bad? They are silently ignored: the page number never shows.

Example: ``{{sfnm|1a1=Marshall|1y=1993|2a1=Ward|2y=2004|p=138}}`` (real text from "Anarchism").

Use instead: ``{{sfnm|1a1=Marshall|1y=1993|2a1=Ward|2y=2004|2p=138}}`` (the source it belongs to).

Fix safety: moved (renamed to ``1p`` …) only when the call has exactly one source and that source
has no page or location yet; otherwise reported.

Source: spec §2, §9.2 SFNM-05.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, rename
from bot.wikitext.names import Family

_MOVED = {"p": "p", "pp": "pp", "loc": "loc", "page": "p", "pages": "pp", "ref": "ref"}


class TopLevelPage(FootnoteRule):
    """{{sfnm}} has a top-level ``p``, ``pp``, ``loc``, ``page``, ``pages`` or ``ref``."""

    code = "SFNM-05"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("ignored top-level sfnm parameter", "ignored top-level sfnm parameters")
    families = frozenset({Family.SFNM})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        only = footnote.sources[0] if len(footnote.sources) == 1 else None
        for param in call.params:
            if not param.showkey or param.key not in _MOVED or not param.value:
                continue
            target = f"{footnote.sources[-1].number if footnote.sources else 1}{_MOVED[param.key]}"
            movable = (
                only is not None
                and all(x is None or not x.value for x in (only.p, only.pp, only.loc))
                and call.get(target) is None
            )
            yield self.found(
                call,
                f"top-level {param.key}={param.value!r} is ignored by sfnm; give it to a source ({target}=?)",
                edits=[rename(param, target)] if movable else [],
                suggestion=f"{target}={param.value}",
            )
