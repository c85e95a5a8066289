"""Findings as text lines, a JSON array and per-code statistics."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.output.positions import LineIndex
from bot.output.serialise import finding_record
from bot.rules.base import Finding


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with the file it was found in and its line and column."""

    path: str
    finding: Finding
    line: int
    column: int


def locate(path: str, text: str, findings: Iterable[Finding]) -> list[Located]:
    index = LineIndex(text)
    return [Located(path, f, *index.position(f.start)) for f in findings]


def as_text(located: Located) -> str:
    finding = located.finding
    marker = " [*]" if finding.fixable else ""
    lines = [
        f"{located.path}:{located.line}:{located.column}: {finding.code}{marker}"
        f" [{finding.severity.value}] {finding.message}"
    ]
    if finding.suggestion and not finding.fixable:
        lines.append(f"    suggested: {finding.suggestion}")
    lines.extend(f"    hint: {hint}" for hint in finding.hints)
    return "\n".join(lines)


def as_dict(located: Located) -> dict[str, object]:
    return {"path": located.path, **finding_record(located.finding, located.line, located.column)}


def as_json(located: list[Located]) -> str:
    return json.dumps([as_dict(item) for item in located], ensure_ascii=False, indent=2)


def statistics(located: list[Located]) -> str:
    counts = Counter(item.finding.code for item in located)
    fixable = Counter(item.finding.code for item in located if item.finding.fixable)
    titles = {item.finding.code: item.finding.rule.title() for item in located}
    rows = []
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = f" ({fixable[code]} fixable)" if fixable[code] else ""
        rows.append(f"{count:6d}  {code:8s} {titles[code]}{mark}")
    rows.append(f"{sum(counts.values()):6d}  total")
    return "\n".join(rows)
