"""``perrow`` reaches a row of zero images while images are left.

What it does: places the images row by row as ``perrow`` says (``2/3``: two, then three, the last
number repeating) and reports when a zero comes before every image is placed.

Why is this bad? The module loops forever: a Lua time-out error on the page.

Example: ``perrow=2/0`` with three images. Not with ``direction=vertical``, where the module
ignores ``perrow`` (one image a row), nor ``perrow=x/0``, whose empty first piece puts every
image in the first row.

Use instead: ``perrow=2/1``

Fix safety: report only.

Source: spec §4.1, §4.2, §9.3 MI-09.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, ImageRule, Severity
from bot.rules.multiple_image._images import filled_images
from bot.wikitext.spans import TemplateCall


def _lua_number(piece: str) -> int | None:
    return int(piece) if piece.isascii() and piece.isdigit() else None


def stalls(perrow: str, count: int) -> bool:
    """True when Module:Multiple image's getPerRow, placing ``count`` images, reaches a row of
    zero (its loop then never ends). A port of its rules: the value is split at runs of
    non-digits; an empty piece means "the rest in one row"; a missing one repeats the last."""
    pieces = re.split(r"[^0-9]+", perrow)
    left = count
    row = _lua_number(pieces[0])
    row = left if row is None else row
    index = 0
    while left > 0:
        if row == 0:
            return True
        left -= row
        index += 1
        following = _lua_number(pieces[index]) if index < len(pieces) else row
        row = min(left if following is None else following, left)
    return False


class PerrowZero(ImageRule):
    """``perrow`` reaches a row of zero images while images are left."""

    code = "MI-09"
    severity = Severity.E1
    policy = FixPolicy.REPORT
    summary = ("perrow with a zero row", "perrow values with a zero row")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        value = call.value("perrow")
        if call.value("direction") == "vertical":
            return  # the module puts one image in each row and never reads perrow
        if value and stalls(value, len(filled_images(call))):
            yield self.found(call, f"perrow={value!r} leaves images on a zero-length row: Lua time-out")
