"""A global ``width`` overrides per-image widths.

What it does: finds blocks with ``width`` and any non-blank ``widthN``.

Why is this bad? Without ``total_width`` the global ``width`` wins and every ``widthN`` is ignored.

Example: ``width=200|width1=150``

Use instead: one or the other.

Fix safety: report only.

Source: spec §4.1, §9.3 MI-10.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, Rule, Severity
from bot.rules.multiple_image._images import PER_IMAGE_RE


class WidthOverrides(Rule):
    """A global ``width`` overrides per-image widths."""

    code = "MI-10"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("width overriding per-image widths", "widths overriding per-image widths")

    def check(self, doc: Document) -> Iterator[Finding]:
        for call in doc.images:
            if not call.value("width"):
                continue
            overridden = [
                p.key
                for p in call.params
                if p.value and (m := PER_IMAGE_RE.match(p.key)) and m.group(1) == "width"
            ]
            if overridden:
                yield self.found(call, f"width= overrides {', '.join(overridden)}")
