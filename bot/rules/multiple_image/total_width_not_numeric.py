"""``total_width`` is not a number.

What it does: checks ``total_width`` after removing a ``px`` unit, when the block has an image.

Why is this bad? The module does arithmetic on it: the page shows a Lua "Script error".

Example: ``total_width=50%``

Use instead: ``total_width=400``

Fix safety: report only (stripping ``%`` or ``em`` would guess a pixel size).

Source: spec §4.2, §9.3 MI-08.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import filled_images, numeric_after_px
from bot.wikitext.spans import TemplateCall


class TotalWidthNotNumeric(ImageRule):
    """``total_width`` is not a number."""

    code = "MI-08"
    severity = Severity.E1
    policy = FixPolicy.REPORT
    summary = ("non-numeric total width", "non-numeric total widths")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        value = call.value("total_width")
        if value and not numeric_after_px(value) and filled_images(call):
            yield self.found(call, f"total_width={value!r} is not a number: Lua script error")
