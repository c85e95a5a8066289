"""The same file appears twice in one {{multiple image}}.

What it does: compares the block's non-blank images, ignoring case of the first letter and
underscores (WPCleaner #523).

Why is this bad? Usually a copy-paste slip: the second picture was meant to be another file.

Example: ``image1=A.jpg|image2=A.jpg``

Use instead: name the intended second file.

Fix safety: report only.

Source: spec §5 (WPC #523), §9.3 MI-15.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import filled_images
from bot.wikitext.names import normalize_name
from bot.wikitext.spans import TemplateCall


class DuplicateImage(ImageRule):
    """The same file appears twice in one {{multiple image}}."""

    code = "MI-15"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("repeated image", "repeated images")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        seen: dict[str, int] = {}
        for number, param in sorted(filled_images(call).items()):
            name = normalize_name(param.value)
            if name in seen:
                yield self.found(call, f"image{number} repeats image{seen[name]} ({param.value!r})")
            else:
                seen[name] = number
