"""The one JSON form of a finding, shared by ``check --format json`` and scan-dump worklists.

Keys are written in one order; the optional ones (``anchor``, ``suggestion``, ``hints``,
``edits``) appear only when the finding has them, so the output stays small and diffable.
"""

from __future__ import annotations

from typing import Any, Protocol

from bot.output.positions import LineIndex
from bot.rules.base import Finding


def finding_record(finding: Finding, line: int, column: int) -> dict[str, Any]:
    """A finding as JSON-ready data, at ``line``:``column`` of its page (both from 1)."""
    record: dict[str, Any] = {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "template": finding.template,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "fixable": finding.fixable,
    }
    if finding.anchor is not None:
        record["anchor"] = finding.anchor
    if finding.suggestion is not None:
        record["suggestion"] = finding.suggestion
    if finding.hints:
        record["hints"] = list(finding.hints)
    if finding.edits:
        record["edits"] = [
            {"start": e.start, "end": e.end, "replacement": e.replacement} for e in finding.edits
        ]
    return record


class DumpedPage(Protocol):
    """What a worklist line names of a page (a dump page, say)."""

    @property
    def title(self) -> str: ...
    @property
    def namespace(self) -> int: ...
    @property
    def page_id(self) -> int: ...
    @property
    def revision(self) -> int: ...
    @property
    def text(self) -> str: ...


def page_record(page: DumpedPage, findings: list[Finding], *, skipped: str | None = None) -> dict[str, Any]:
    """A worklist line: the page, and its findings or why it was skipped.

    ``maintbot run --from-worklist`` reads only ``title``, so worklists written before the
    findings carried every key still read.
    """
    record: dict[str, Any] = {
        "title": page.title,
        "namespace": page.namespace,
        "page_id": page.page_id,
        "revision": page.revision,
    }
    if skipped is not None:
        record["skipped"] = skipped
    index = LineIndex(page.text) if findings else None
    record["findings"] = [finding_record(f, *index.position(f.start)) for f in findings] if index else []
    return record
