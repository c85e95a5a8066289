"""An image has no alt text.

What it does: finds non-blank ``imageN`` without a non-blank ``altN`` (WPCleaner #505).

Why is this bad? Screen-reader users get nothing for the picture.

Example: ``image1=A.jpg|caption1=The mill``

Use instead: ``image1=A.jpg|alt1=A stone mill by a river|caption1=The mill``

Fix safety: report only.

Source: spec §5 (WPC #505), §9.3 MI-13.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import filled_images
from bot.wikitext.spans import TemplateCall


class MissingAlt(ImageRule):
    """An image has no alt text."""

    code = "MI-13"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("image without alt text", "images without alt text")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        for number, param in sorted(filled_images(call).items()):
            if not call.value(f"alt{number}"):
                yield self.found(call, f"image{number}={param.value!r} has no alt{number}")
