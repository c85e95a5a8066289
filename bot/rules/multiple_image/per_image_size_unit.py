"""A per-image width or height carries a unit.

What it does: finds ``widthN``/``heightN`` values such as ``150px`` or ``150 px``.

Why is this bad? The module strips ``px`` only from the global ``width`` and ``total_width``; a
``widthN`` of ``150px`` is not a number and silently becomes 200.

Example: ``width1=150px``

Use instead: ``width1=150``

Fix safety: safe: a trailing ``px`` is removed when only digits remain. Other values are reported.

Source: spec §4.1, §9.3 MI-06.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity, replace_value
from bot.rules.multiple_image._images import PER_IMAGE_RE
from bot.wikitext.spans import TemplateCall

_PX_RE = re.compile(r"^(\d+)\s*px$", re.I)


class PerImageSizeUnit(ImageRule):
    """A per-image width or height carries a unit."""

    code = "MI-06"
    severity = Severity.E2
    policy = FixPolicy.AUTO
    summary = ("image size with a unit", "image sizes with a unit")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        for param in call.params:
            match = PER_IMAGE_RE.match(param.key)
            if not match or match.group(1) not in ("width", "height"):
                continue
            value = param.value
            if not value or value.isdigit():
                continue
            px = _PX_RE.match(value)
            if px and "<!--" not in param.raw_value:
                yield self.found(
                    call,
                    f"{param.key}={value!r} must be a bare number",
                    edits=[replace_value(param, px.group(1))],
                    suggestion=px.group(1),
                )
            else:
                yield self.found(call, f"{param.key}={value!r} is not a number; 200 is used")
