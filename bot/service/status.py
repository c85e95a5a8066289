"""What the state directory knows, as one plain dictionary: for ``maintbot status`` (text or JSON)
and for the on-wiki status page the daemon keeps.

Only the state directory is read; the wiki is never asked.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bot.config import Settings
from bot.state import RunRecord, State
from bot.wiki.saving import SaveStatus
from bot.wiki.status_page import write_own_page

Schedule = list[tuple[str, float | None]]  # (job id, next run as a UNIX time, None when paused)


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


def overview(state: State, running: bool, schedule: Schedule, runs: int = 5) -> dict[str, Any]:
    """The daemon, its schedule, the last runs, pending triggers and recent requests."""
    return {
        "state_dir": str(state.path.parent),
        "daemon_running": running,
        "next_runs": [{"job": job, "at": when(stamp)} for job, stamp in schedule],
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


def status_wikitext(data: dict[str, Any], shutoff: str) -> str:
    """The on-wiki status page: shutoff state, next runs, last runs with counts and errors."""
    lines = [
        "<!-- Written by the bot after each run; an edit here is overwritten by the next one. -->",
        f"'''Shutoff:''' {shutoff}",
        "",
        "== Next runs ==",
    ]
    lines += [f"* {job['job']}: {job['at'] or 'paused'}" for job in data["next_runs"]] or ["* none scheduled"]
    lines += ["", "== Last runs ==", '{| class="wikitable"']
    lines.append("! Run !! Started !! Origin !! Read !! Edited !! Reported !! Ended")
    for run in data["last_runs"]:
        counts = run["counts"]
        ended = (
            f"'''<nowiki>{run['error']}</nowiki>'''"
            if run["error"]
            else ("done" if run["ended"] else "running")
        )
        figures = " || ".join(str(counts.get(key, 0)) for key in ("read", "edited", "reported"))
        origin = f"<nowiki>{run['origin']}</nowiki>"
        lines.append(f"|-\n| {run['id']} || {run['started']} || {origin} || {figures} || {ended}")
    lines.append("|}")
    return "\n".join(lines) + "\n"


def publish(settings: Settings, running: bool, schedule: Schedule) -> SaveStatus:
    """Bring ``service.status_page`` up to date; no edit when it already says the same.

    While the shutoff page stops the bot, the writer refuses this edit too (ShutoffEngaged).
    """
    shutoff = f"[[{settings.run.shutoff_page}]] says run" if settings.run.shutoff_page else "no shutoff page"
    state = State(settings.run.state_dir / "state.sqlite")
    try:
        text = status_wikitext(overview(state, running, schedule), shutoff)
    finally:
        state.close()
    summary = f"{settings.wording.summary_prefix} status after the last run"
    return write_own_page(settings, settings.service.status_page, text, summary)
