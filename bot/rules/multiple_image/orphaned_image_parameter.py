"""A caption, alt text, link or size is left for an image that is not there.

What it does: finds non-blank ``captionN``, ``altN``, ``linkN``, ``widthN``, ``heightN``,
``classN`` or ``thumbtimeN`` whose ``imageN`` is blank or absent.

Why is this bad? The module drops them silently; an orphaned caption usually means the picture it
describes was removed.

Example: ``{{multiple image|image1=A.jpg|image2=|caption2=Old mill}}``

Use instead: restore ``image2``, or remove ``caption2`` with it.

Fix safety: report only: the caption is human text describing a lost image.

Source: spec §4.2, §9.3 MI-03.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import PER_IMAGE_RE, filled_images
from bot.wikitext.spans import TemplateCall


class OrphanedImageParameter(ImageRule):
    """A caption, alt text, link or size is left for an image that is not there."""

    code = "MI-03"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("orphaned image parameter", "orphaned image parameters")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        filled = filled_images(call)
        for param in call.params:
            match = PER_IMAGE_RE.match(param.key)
            if not match or match.group(1) == "image" or not param.value:
                continue
            number = int(match.group(2))
            if number not in filled:
                shown = param.value if len(param.value) <= 80 else param.value[:77] + "..."
                yield self.found(call, f"{param.key}={shown!r} has no image{number}")
