"""What happened to a page, to its talk report and to a run, as types rather than strings.

The values are the words the summary, ``summary.json`` and the state database have always used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PageStatus(StrEnum):
    EDITED = "edited"  # saved, or on a dry run planned
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


class ReportStatus(StrEnum):
    NONE = ""  # nothing to report and nothing reported before: the talk page was not read
    POSTED = "posted"
    UPDATED = "updated"
    RESOLVED = "resolved"
    UNCHANGED = "unchanged"
    PLANNED = "planned"  # dry run
    SKIPPED = "skipped"
    FAILED = "failed"


class StopReason(StrEnum):
    SHUTOFF = "shutoff"
    WIKI_DOWN = "wiki down"
    ASKED = "asked to stop"


@dataclass(frozen=True, slots=True)
class Stop:
    """Why a run ended before its last page."""

    reason: StopReason
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else str(self.reason)


@dataclass(slots=True)
class PageOutcome:
    title: str
    revision: int | None = None
    status: PageStatus = PageStatus.UNCHANGED
    reason: str = ""
    fixed: dict[str, int] = field(default_factory=dict)
    reported: int = 0
    report_status: ReportStatus = ReportStatus.NONE
    report_reason: str = ""
    new_revision: int | None = None
    summary: str = ""  # the edit summary, saved or (dry run) planned
    diff: str = ""
    talk_title: str = ""
    talk_text: str = ""
    conflicts: int = 0
