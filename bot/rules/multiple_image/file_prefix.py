"""An image is given with a ``File:`` prefix or as a link.

What it does: finds ``imageN`` values that start with ``File:``/``Image:`` or are ``[[…]]``.

Why is this bad? The module adds ``File:`` itself, so the result is ``File:File:…``: a broken image.

Example: ``image1=File:A.jpg``, ``image1=[[File:A.jpg]]``

Use instead: ``image1=A.jpg``

Fix safety: safe: the prefix and brackets are removed; a link with options (``|…``) is reported.

Source: spec §4.1, §9.3 MI-04.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity, replace_value
from bot.rules.multiple_image._images import images
from bot.wikitext.spans import TemplateCall

_PREFIXED_RE = re.compile(r"^(\[\[)?\s*(?:file|image)\s*:\s*([^\[\]|]+?)\s*(\]\])?$", re.I)


class FilePrefix(ImageRule):
    """An image is given with a ``File:`` prefix or as a link."""

    code = "MI-04"
    severity = Severity.E2
    policy = FixPolicy.AUTO
    summary = ("image with a File: prefix", "images with a File: prefix")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        for param in images(call).values():
            value = param.value
            if not value or "<!--" in param.raw_value:
                continue
            match = _PREFIXED_RE.match(value)
            if match and bool(match.group(1)) == bool(match.group(3)):
                yield self.found(
                    call,
                    f"{param.key}={value!r}: give the bare file name",
                    edits=[replace_value(param, match.group(2))],
                    suggestion=match.group(2),
                )
            elif value.startswith("[[") or re.match(r"^(?:file|image)\s*:", value, re.I):
                yield self.found(call, f"{param.key}={value!r}: give the bare file name")
