"""Apply safe fixes as span edits, byte-exactly, until the page is stable.

Nothing is re-serialised: each edit replaces one span of the original string, every other
character stays as it was. Overlapping edits are deferred to the next pass, which re-parses the
page, so fixing twice equals fixing once.

Every applied fix has a fingerprint (its code and the template text it changed). A caller may
refuse fingerprints (the bot refuses fixes it applied before and a human undid); such findings
stay as reports.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.checker import check_text
from bot.rules.base import Edit, Finding, Rule

MAX_PASSES = 6
UNDONE_NOTE = "; this fix was applied before and undone by an editor, so it is not applied again"


@dataclass(slots=True)
class FixResult:
    original: str
    text: str
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    blocked: bool = False

    @property
    def changed(self) -> bool:
        return self.text != self.original


def fingerprint(finding: Finding, text: str) -> str:
    """What a fix is, independent of where the page has moved it: code and template text."""
    digest = hashlib.sha256(f"{finding.code}\0{text[finding.start : finding.end]}".encode())
    return digest.hexdigest()[:24]


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


def _refuse(findings: list[Finding], text: str, allow: Callable[[str], bool] | None) -> list[Finding]:
    """Turn fixes the caller refuses into reports that say why."""
    if allow is None:
        return findings
    return [
        dataclasses.replace(f, edits=(), message=f.message + UNDONE_NOTE)
        if f.edits and not allow(fingerprint(f, text))
        else f
        for f in findings
    ]


def fix_text(
    text: str,
    rules: list[Rule],
    namespace: int = 0,
    file_exists: Callable[[str], bool] | None = None,
    allow: Callable[[str], bool] | None = None,
) -> FixResult:
    """Apply every safe fix the rules offer; a page with an edit-blocking finding is left alone."""
    result = FixResult(original=text, text=text)

    def check(current: str) -> list[Finding]:
        return _refuse(check_text(current, rules, namespace, file_exists=file_exists), current, allow)

    for _ in range(MAX_PASSES):
        findings = check(result.text)
        result.remaining = findings
        if any(f.blocks_edits for f in findings):
            result.blocked = True
            result.text, result.fixed, result.fingerprints = text, [], []
            result.remaining = check(text)
            return result
        new_text, applied = apply_edits(result.text, findings)
        if not applied or new_text == result.text:
            break
        result.fixed.extend(applied)
        result.fingerprints.extend(fingerprint(f, result.text) for f in applied)
        result.text = new_text
    if result.changed:
        result.remaining = check(result.text)
    return result
