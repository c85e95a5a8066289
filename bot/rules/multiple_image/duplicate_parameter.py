"""A parameter is given twice in one {{multiple image}}.

What it does: finds repeated parameter names (WPCleaner #524).

Why is this bad? MediaWiki uses the last one and files the page under its duplicate-arguments
tracking category.

Example: ``image2=A.jpg|…|image2=A.jpg``

Use instead: keep one ``image2``.

Fix safety: exact repeats (same name, same value) are removed, keeping the last; repeats with
different values are reported.

Source: spec §5 (WPC #524), §9.3 MI-14.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity, remove
from bot.wikitext.spans import Param, TemplateCall


class DuplicateParameter(ImageRule):
    """A parameter is given twice in one {{multiple image}}."""

    code = "MI-14"
    severity = Severity.E1
    policy = FixPolicy.GUARDED
    summary = ("duplicate multiple-image parameter", "duplicate multiple-image parameters")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        by_key: dict[str, list[Param]] = defaultdict(list)
        for param in call.params:
            by_key[param.key].append(param)
        for key, params in by_key.items():
            if len(params) < 2:
                continue
            identical = len({p.value for p in params}) == 1
            yield self.found(
                call,
                f"{key} is given {len(params)} times"
                + ("" if identical else " with different values; the last one counts"),
                edits=[remove(p) for p in params[:-1]] if identical else [],
            )
