"""{{multiple image}} holds exactly one image.

What it does: finds blocks with one non-blank ``imageN``.

Why is this bad? It renders a one-image box and files the page in "Pages using multiple image with
one image"; an ordinary thumbnail does the job.

Example: ``{{multiple image|image1=A.jpg|caption1=A}}``

Use instead: ``[[File:A.jpg|thumb|A]]``

Fix safety: report only.

Source: spec §4.2, §9.3 MI-02.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import filled_images
from bot.wikitext.spans import TemplateCall


class OneImage(ImageRule):
    """{{multiple image}} holds exactly one image."""

    code = "MI-02"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("one-image multiple-image block", "one-image multiple-image blocks")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        filled = filled_images(call)
        if len(filled) == 1:
            ((number, param),) = filled.items()
            caption = call.value(f"caption{number}") or ""
            thumb = f"[[File:{param.value}|thumb" + (f"|{caption}" if caption else "") + "]]"
            yield self.found(call, "only one image; a thumbnail would do", suggestion=thumb)
