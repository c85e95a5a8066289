"""The global ``width`` is not a number.

What it does: checks ``width`` after removing a ``px`` unit.

Why is this bad? A non-numeric width silently becomes 200 for every image.

Example: ``width=auto``

Use instead: ``width=200`` (or leave it out).

Fix safety: report only.

Source: spec §4.1, §9.3 MI-07.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import numeric_after_px
from bot.wikitext.spans import TemplateCall


class GlobalWidthNotNumeric(ImageRule):
    """The global ``width`` is not a number."""

    code = "MI-07"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("non-numeric width", "non-numeric widths")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        value = call.value("width")
        if value and not numeric_after_px(value):
            yield self.found(call, f"width={value!r} is not a number; 200 is used")
