"""A global ``width`` overrides per-image widths.

What it does: finds blocks with ``width`` and any non-blank ``widthN``.

Why is this bad? Without ``total_width`` the global ``width`` wins and every ``widthN`` is ignored.

Example: ``width=200|width1=150``

Use instead: keep one or the other.

Fix safety: report only.

Source: spec §4.1, §9.3 MI-10.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import PER_IMAGE_RE
from bot.wikitext.spans import TemplateCall


class WidthOverrides(ImageRule):
    """A global ``width`` overrides per-image widths."""

    code = "MI-10"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("width overriding per-image widths", "widths overriding per-image widths")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        if not call.value("width"):
            return
        overridden = [
            p.key
            for p in call.params
            if p.value and (m := PER_IMAGE_RE.match(p.key)) and m.group(1) == "width"
        ]
        if overridden:
            yield self.found(call, f"width= overrides {', '.join(overridden)}")
