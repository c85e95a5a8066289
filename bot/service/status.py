"""What the state directory knows, as one plain dictionary: for ``maintbot status`` (text or JSON)
and for the on-wiki status page the daemon keeps.

Only the state directory is read; the wiki is never asked.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bot.service.daemon import daemon_running, next_runs
from bot.state import RunRecord, State


def when(stamp: float | None) -> str | None:
    return None if stamp is None else datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _run(record: RunRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "origin": record.origin,
        "started": when(record.started),
        "ended": when(record.ended),
        "dry_run": record.dry_run,
        "counts": record.counts,
        "error": record.error,
    }


def overview(state: State, runs: int = 5) -> dict[str, Any]:
    """The daemon, its schedule, the last runs, pending triggers and recent requests."""
    state_dir = state.path.parent
    return {
        "state_dir": str(state_dir),
        "daemon_running": daemon_running(state_dir),
        "next_runs": [{"job": job, "at": when(stamp)} for job, stamp in next_runs(state_dir)],
        "last_runs": [_run(record) for record in state.last_runs(runs)],
        "pending_triggers": [{"id": i, "selection": s} for i, s in state.pending_triggers()],
        "recent_requests": [
            {"revision": revision, "user": user, "line": line, "status": status}
            for revision, user, line, status in state.recent_requests(5)
        ],
    }


def run_detail(state: State, run_id: int) -> dict[str, Any] | None:
    """One run with every edit and talk report it made, or None when the database has no such run."""
    record = state.run(run_id)
    if record is None:
        return None
    return {
        **_run(record),
        "edits": [asdict(edit) for edit in state.run_edits(run_id)],
        "reports": [asdict(report) for report in state.run_reports(run_id)],
    }
