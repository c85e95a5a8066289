"""Apply safe fixes as span edits, byte-exactly, until the page is stable.

Nothing is re-serialised: each edit replaces one span of the original string, every other
character stays as it was. Overlapping edits are deferred to the next pass, which re-parses the
page, so fixing twice equals fixing once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.checker import check_text
from bot.rules.base import Edit, Finding, Rule

MAX_PASSES = 6


@dataclass(slots=True)
class FixResult:
    original: str
    text: str
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    blocked: bool = False

    @property
    def changed(self) -> bool:
        return self.text != self.original


def apply_edits(text: str, findings: list[Finding]) -> tuple[str, list[Finding]]:
    """Apply each fixable finding's edits unless they overlap an earlier finding's edits."""
    taken: list[Edit] = []
    applied: list[Finding] = []
    for finding in findings:
        if not finding.edits:
            continue
        edits = list(finding.edits)
        if all(e in taken for e in edits):
            continue  # another finding already makes exactly this edit
        if any(_overlaps(e, t) for e in edits for t in taken if e != t):
            continue
        taken.extend(e for e in edits if e not in taken)
        applied.append(finding)
    pieces: list[str] = []
    cursor = 0
    for edit in sorted(taken, key=lambda e: (e.start, e.end)):
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:
        return b.start <= a.start <= b.end or a.start <= b.start <= a.end
    return a.start < b.end and b.start < a.end


def fix_text(
    text: str, rules: list[Rule], namespace: int = 0, file_exists: Callable[[str], bool] | None = None
) -> FixResult:
    """Apply every safe fix the rules offer; a page with an edit-blocking finding is left alone."""
    result = FixResult(original=text, text=text)
    for _ in range(MAX_PASSES):
        findings = check_text(result.text, rules, namespace, file_exists=file_exists)
        result.remaining = findings
        if any(f.blocks_edits for f in findings):
            result.blocked = True
            result.text = text
            result.fixed = []
            result.remaining = check_text(text, rules, namespace, file_exists=file_exists)
            return result
        new_text, applied = apply_edits(result.text, findings)
        if not applied or new_text == result.text:
            break
        result.fixed.extend(applied)
        result.text = new_text
    if result.changed:
        result.remaining = check_text(result.text, rules, namespace, file_exists=file_exists)
    return result
