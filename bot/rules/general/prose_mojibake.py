"""Likely mojibake in running prose.

What it does: looks outside templates for the marks a bad decode leaves: ``â€“``, ``â€”``,
``Ã©`` and their kin (repaired with ftfy), C1 control characters, and the lone Greek ``β`` that
ISO-8859-7 makes of a dash. A ``β`` glued between Latin letters or digits (``groupsβamong``) is
taken as mojibake; a spaced ``β`` (``were β according``) only on a page that shows such evidence
elsewhere, since β is also a real letter (β decay).

Why is this bad? Readers see "groupsβamong them" where the text said "groups—among them".

Example: ``ethnic groupsβamong them Poles``

Use instead: ``ethnic groups—among them Poles``

Fix safety: report only, with the suggested repair: β is a real Greek letter elsewhere.

Source: spec §12 GEN-04.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, PageRule, Severity, Where
from bot.wikitext.dashes import (
    AFTER_SPACED_BETA,
    BEFORE_SPACED_BETA,
    DIGIT_MOJIBAKE_RE,
    EN_DASH,
    GLUED_BETA_NEIGHBOURS,
    MOJIBAKE_START_RE,
    PROSE_MOJIBAKE_RE,
    repair_mojibake,
)
from bot.wikitext.spans import brace_depths

# One pass over the page: the mojibake forms, or a lone β to be judged by its neighbours (no form
# that starts with β has a letter, digit or space after it, so the two never compete).
_PROSE_RE = re.compile(rf"(?P<multi>{PROSE_MOJIBAKE_RE.pattern})|β")
_ALNUM = frozenset(GLUED_BETA_NEIGHBOURS)
_SPACED_BEFORE = frozenset(f"{c} " for c in BEFORE_SPACED_BETA)
_SPACED_AFTER = frozenset(f" {c}" for c in AFTER_SPACED_BETA)
_WORD_RE = re.compile(r"\w*$")
_WORD_AFTER_RE = re.compile(r"^\w*")


def _glued(text: str, start: int) -> bool:
    return text[start - 1 : start] in _ALNUM and text[start + 1 : start + 2] in _ALNUM


def _spaced(text: str, start: int) -> bool:
    return text[start - 2 : start] in _SPACED_BEFORE and text[start + 1 : start + 3] in _SPACED_AFTER


class ProseMojibake(PageRule):
    """Likely mojibake in running prose."""

    code = "GEN-04"
    severity = Severity.W
    policy = FixPolicy.REPORT
    summary = ("prose mojibake", "prose mojibake")

    def check(self, doc: Document) -> Iterator[Finding]:
        # The prefilter found in the raw text what this could report (a form, a glued or spaced
        # β), or the page has none: the mask only blanks text, and a blanked piece is never one
        # character between two kept ones, so a finding in the mask stands in the raw text too.
        if doc.mojibake_marks:
            yield from self.in_mask(doc)

    def in_mask(self, doc: Document) -> Iterator[Finding]:
        """The findings, read in the mask."""
        masked = doc.masked
        hits: list[tuple[int, int, str]] = []
        spaced: list[tuple[int, int, str]] = []
        evidence = False
        resume = 0
        # Every form starts with a mark: the pattern is tried only there, not at every character.
        for mark in MOJIBAKE_START_RE.finditer(masked):
            start = mark.start()
            match = _PROSE_RE.match(masked, start) if start >= resume else None
            if match is None:
                continue
            resume = match.end()
            if match.lastgroup == "multi":
                hits.append((start, match.end(), "multi"))
            elif _glued(masked, start):
                hits.append((start, start + 1, "glued"))
                evidence = True
            elif _spaced(masked, start):
                spaced.append((start, start + 1, "spaced"))
        # A spaced β is mojibake only on a page that shows it elsewhere.
        if spaced and (evidence or DIGIT_MOJIBAKE_RE.search(masked)):
            hits.extend(spaced)
        if not hits:
            return
        hits.sort()
        depths = brace_depths(masked, [start for start, _, _ in hits])
        for (start, end, kind), depth in zip(hits, depths, strict=True):
            if depth == 0:
                yield self._finding(doc, start, end, kind)

    def _finding(self, doc: Document, start: int, end: int, kind: str) -> Finding:
        text = doc.text
        bad = text[start:end]
        between_digits = start > 0 and text[start - 1].isdigit() and end < len(text) and text[end].isdigit()
        if kind == "multi":
            repair = repair_mojibake(bad, between_digits=between_digits)
        elif kind == "spaced":
            repair = EN_DASH
        else:
            repair = repair_mojibake("β", between_digits=between_digits)
        pad = " " if kind == "spaced" else ""
        left_end, right_start = start - len(pad), end + len(pad)
        before = _WORD_RE.search(text, max(0, left_end - 30), left_end)
        after = _WORD_AFTER_RE.match(text[right_start : right_start + 30])
        left = before.group() if before else ""
        right = after.group() if after else ""
        return self.found(
            Where(start, end, None),
            f"likely mojibake {bad!r} in prose: {left}{pad}{bad}{pad}{right!s}",
            suggestion=f"{left}{pad}{repair}{pad}{right}",
        )
