"""``perrow`` reaches a row of zero images while images are left.

What it does: places the images row by row as ``perrow`` says (``2/3``: two, then three, the last
number repeating) and reports when a zero comes before every image is placed.

Why is this bad? The module loops forever: a Lua time-out error on the page.

Example: ``perrow=2/0`` with three images.

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


def stalls(perrow: str, count: int) -> bool:
    """True when placing ``count`` images row by row reaches a zero-length row."""
    numbers = [int(n) for n in re.findall(r"\d+", perrow)]
    placed = row_index = 0
    while numbers and placed < count:
        row = numbers[min(row_index, len(numbers) - 1)]
        if row == 0:
            return True
        placed += row
        row_index += 1
    return False


class PerrowZero(ImageRule):
    """``perrow`` reaches a row of zero images while images are left."""

    code = "MI-09"
    severity = Severity.E1
    policy = FixPolicy.REPORT
    summary = ("perrow with a zero row", "perrow values with a zero row")

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        value = call.value("perrow")
        if value and stalls(value, len(filled_images(call))):
            yield self.found(call, f"perrow={value!r} leaves images on a zero-length row: Lua time-out")
