"""Apply safe fixes as span edits, byte-exactly, until the page is stable.

Nothing is re-serialised: each edit replaces one span of the original string, every other
character stays as it was. Overlapping edits are deferred to the next pass, which re-parses the
page, so fixing twice equals fixing once.

Every applied fix has a fingerprint (its code and the template text it changed). A caller may
refuse fingerprints (the bot refuses fixes it applied before and a human undid); such findings
stay as reports.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.checker import check_text
from bot.rules.base import Edit, Finding, Rule
from bot.wikitext.blocks import COMMENT, tag_blocks
from bot.wikitext.sitedata import BUILTIN, SiteData
from bot.wikitext.spans import OPAQUE_TAGS

MAX_PASSES = 6
UNDONE_NOTE = "; this fix was applied before and undone by an editor, so it is not applied again"
COMMENT_NOTE = "; the fix would delete a comment an editor left, so a human must decide"


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
    taken: list[Edit] = []  # sorted by position, pairwise apart: neighbours are all one must check
    seen: set[Edit] = set()
    applied: list[Finding] = []
    for finding in findings:
        new = [e for e in finding.edits if e not in seen]
        if not new:
            continue  # no edits, or another finding already makes exactly these
        if any(_clashes(e, taken) for e in new):
            continue
        for edit in new:
            bisect.insort(taken, edit, key=_position)
            seen.add(edit)
        applied.append(finding)
    pieces: list[str] = []
    cursor = 0
    for edit in taken:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def _position(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


def _clashes(edit: Edit, taken: list[Edit]) -> bool:
    """Whether ``edit`` overlaps a taken edit: only those starting by its end and ending at or
    after its start can, and since taken edits do not overlap, they sit just before that point."""
    index = bisect.bisect(taken, (edit.end, sys.maxsize), key=_position) - 1
    while index >= 0 and taken[index].end >= edit.start:
        if _overlaps(edit, taken[index]):
            return True
        index -= 1
    return False


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


def _deletes_comment(edit: Edit, text: str, comments: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_left(comments, (edit.start,)) - 1  # the one starting before may reach in
    for start, end in comments[max(index, 0) :]:
        if start >= edit.end:
            return False
        if end > edit.start and text[start:end] not in edit.replacement:
            return True
    return False


def _keep_comments(findings: list[Finding], text: str) -> list[Finding]:
    """Turn fixes that would delete a human's ``<!-- comment -->`` into reports: the words are theirs."""
    if "<!--" not in text or not any(f.edits for f in findings):
        return findings
    blocks = tag_blocks(text, OPAQUE_TAGS, comments=True, self_closing=True)
    comments = [(start, end) for start, end, name in blocks if name == COMMENT]
    return [
        dataclasses.replace(f, edits=(), message=f.message + COMMENT_NOTE)
        if any(_deletes_comment(edit, text, comments) for edit in f.edits)
        else f
        for f in findings
    ]


def fix_text(
    text: str,
    rules: list[Rule],
    namespace: int = 0,
    file_exists: Callable[[str], bool] | None = None,
    allow: Callable[[str], bool] | None = None,
    site: SiteData = BUILTIN,
) -> FixResult:
    """Apply every safe fix the rules offer; a page with an edit-blocking finding is left alone."""
    result = FixResult(original=text, text=text)

    def check(current: str) -> list[Finding]:
        found = check_text(current, rules, namespace, file_exists=file_exists, site=site)
        return _refuse(_keep_comments(found, current), current, allow)

    stable = False
    for _ in range(MAX_PASSES):
        findings = check(result.text)
        result.remaining = findings
        if any(f.blocks_edits for f in findings):
            if result.text != text:  # a fix led here: report on the page as it is
                findings = check(text)
            result.blocked = True
            result.text, result.fixed, result.fingerprints = text, [], []
            result.remaining = findings
            return result
        new_text, applied = apply_edits(result.text, findings)
        if not applied or new_text == result.text:
            stable = True  # the findings in hand are those of the final text
            break
        result.fixed.extend(applied)
        result.fingerprints.extend(fingerprint(f, result.text) for f in applied)
        result.text = new_text
    if not stable:
        result.remaining = check(result.text)
    return result
