"""``align``, ``direction``, ``image_gap`` or ``border`` has a value the module does not know.

What it does: checks ``align`` (left, right, center, centre, none), ``direction`` (horizontal,
vertical), ``border`` (infobox, none) and ``image_gap`` (a number).

Why is this bad? The module silently falls back to its default.

Example: ``align=centre-left``

Use instead: ``align=left``

Fix safety: report only.

Source: spec §4.1, §9.3 MI-12.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import numeric_after_px
from bot.wikitext.spans import TemplateCall

_ALLOWED = {
    "align": {"left", "right", "center", "centre", "none"},
    "direction": {"horizontal", "vertical"},
    "border": {"infobox", "none"},
}


class InvalidValue(ImageRule):
    """``align``, ``direction``, ``image_gap`` or ``border`` has a value the module does not know."""

    code = "MI-12"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("invalid multiple-image value", "invalid multiple-image values")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        for key, allowed in _ALLOWED.items():
            value = call.value(key)
            if value and value.lower() not in allowed:
                yield self.found(call, f"{key}={value!r} is not one of {sorted(allowed)}")
        gap = call.value("image_gap")
        if gap and not numeric_after_px(gap):
            yield self.found(call, f"image_gap={gap!r} is not a number")
