"""An image names a file that does not exist on the wiki or on Commons.

What it does: asks the wiki whether each ``imageN`` file exists (locally or through a shared
repository such as Commons). It runs only where the bot talks to a wiki, never on local files.

Why is this bad? The reader sees a red link or an empty frame.

Example: ``image1=Deleted photo.jpg``

Use instead: give the file's current name, or remove the image with its caption.

Fix safety: report only.

Source: spec §9.3 MI-05.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import filled_images
from bot.wikitext.spans import TemplateCall


class MissingFile(ImageRule):
    """An image names a file that does not exist on the wiki or on Commons."""

    code = "MI-05"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("missing image file", "missing image files")
    needs_wiki = True

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        exists = doc.file_exists
        if exists is None:
            return
        for param in filled_images(call).values():
            if not exists(param.value):
                yield self.found(call, f"{param.key}={param.value!r}: no such file")
