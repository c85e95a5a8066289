"""{{multiple image}} has no images at all.

What it does: finds blocks where every ``imageN`` is blank or absent.

Why is this bad? The module renders nothing, silently discarding the header, footer and captions,
and files the page in "Pages using multiple image with zero images". Captions left behind are a
sign that images were removed (after a deletion, say) and something is now missing.

Example: ``{{multiple image|image1=|caption1=Old mill}}``

Use instead: restore the images, or remove the block with its captions.

Fix safety: the whole template is removed only when it has no non-blank caption, header, title or
footer (nothing a reader could lose); otherwise reported.

Source: spec §4.2, §9.3 MI-01.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Edit, Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import PER_IMAGE_RE, filled_images
from bot.wikitext.spans import TemplateCall


class NoImages(ImageRule):
    """{{multiple image}} has no images at all."""

    code = "MI-01"
    severity = Severity.E1
    policy = FixPolicy.GUARDED
    summary = ("empty multiple-image block", "empty multiple-image blocks")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        if filled_images(call):
            return
        texts = [
            p
            for p in call.params
            if p.value
            and (
                p.key in ("header", "title", "footer")
                or ((m := PER_IMAGE_RE.match(p.key)) is not None and m.group(1) == "caption")
            )
        ]
        if texts:
            kept = ", ".join(p.key for p in texts)
            yield self.found(
                call,
                f"no images, but text remains ({kept}): images were probably removed; a human must decide",
            )
        else:
            yield self.found(
                call,
                "no images and no text: the block renders nothing",
                edits=[Edit(call.start, call.end, "")],
            )
