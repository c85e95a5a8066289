"""Unknown parameter in {{multiple image}}.

What it does: checks every non-blank parameter against the module's list (Module:Check for unknown
parameters as called by Module:Multiple image).

Why is this bad? It is ignored; in articles the page goes into "Pages using multiple image with
unknown parameters" and previews show a warning.

Example: ``image_1=A.jpg``, ``caption=Two views``

Use instead: ``image1=A.jpg``, ``footer=Two views``

Fix safety: report only (``caption``→``footer`` changes the layout).

Source: spec §4.2, §9.3 MI-11.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import GLOBAL_PARAMS, PER_IMAGE_RE
from bot.wikitext.spans import TemplateCall


class UnknownParameter(ImageRule):
    """Unknown parameter in {{multiple image}}."""

    code = "MI-11"
    severity = Severity.E1
    policy = FixPolicy.REPORT
    summary = ("unknown multiple-image parameter", "unknown multiple-image parameters")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        for param in call.params:
            if not param.value or param.key in GLOBAL_PARAMS or PER_IMAGE_RE.match(param.key):
                continue
            yield self.found(call, f"unknown parameter {param.key!r}")
