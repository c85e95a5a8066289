"""``maintbot serve``: scheduled runs, on-wiki requests and operator triggers, one at a time.

APScheduler 3.x with a persistent SQLite job store keeps the schedule across restarts. Every job
runs in one worker thread, so runs never overlap; ``coalesce`` folds missed runs into one,
``max_instances=1`` forbids a second copy of a running job, and ``misfire_grace_time`` is set
from the config (the 3.x default of one second would drop runs missed during a restart).
One maintbot per state directory, held by a lock file (bot/service/lock.py). SIGTERM or SIGINT
stops it after the page in hand; a trigger it stopped is handed back as pending, run at the next
start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import threading
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any, TypeVar

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import OperationalError

from bot.config import DEFAULT_TRANSCLUDES, JobSettings, Settings, load
from bot.service.lock import DAEMON, state_lock
from bot.service.status import publish
from bot.state import State, TriggerStatus
from bot.wiki.errors import WikiError
from bot.wiki.outcomes import StopReason
from bot.wiki.request_page import process_requests
from bot.wiki.runner import RunSummary, run_bot
from bot.wiki.sources import Selection

log = logging.getLogger("maintbot")

STOP = threading.Event()
T = TypeVar("T")
JOBS_DB = "jobs.sqlite"
POLLS = ("triggers", "requests")  # the ids of the poll jobs


def _selection_of(job: JobSettings) -> dict[str, Any]:
    return {
        "titles": list(job.pages),
        "categories": list(job.categories),
        "transcludes": list(job.transcludes),
        "recent_hours": job.recent_hours,
        "limit": job.limit,
    }


def _signature(job: JobSettings) -> str:
    data = json.dumps(
        {"trigger": job.trigger, "args": job.trigger_args, "sel": _selection_of(job)}, sort_keys=True
    )
    return f"{job.id}:{hashlib.sha256(data.encode()).hexdigest()[:12]}"


# Job functions: module-level, so the persistent store can name them; they re-read the config.
def scheduled_run(config_path: str, job_id: str) -> None:
    settings = load(config_path)
    job = next((j for j in settings.service.jobs if j.id == job_id), None)
    if job is None:
        return
    _run_selection(settings, _selection_of(job), origin=f"schedule:{job_id}")
    _publish_status(settings)


def poll_requests(config_path: str) -> None:
    settings = load(config_path)
    if _guarded(lambda: process_requests(settings, should_stop=STOP.is_set), "request poll"):
        _publish_status(settings)


def poll_triggers(config_path: str) -> None:
    settings = load(config_path)
    state = State(settings.run.state_dir / "state.sqlite")
    try:
        while not STOP.is_set() and (taken := state.take_trigger()) is not None:
            trigger_id, selection = taken
            summary = _run_selection(settings, selection, origin=f"trigger:{trigger_id}")
            state.finish_trigger(trigger_id, summary.run_id if summary else None, _trigger_outcome(summary))
            _publish_status(settings)
    finally:
        state.close()


def _trigger_outcome(summary: RunSummary | None) -> TriggerStatus:
    """A run a signal stopped is not done: the trigger waits for the next start."""
    if summary is None:
        return TriggerStatus.FAILED
    if summary.stopped is None:
        return TriggerStatus.DONE
    return TriggerStatus.PENDING if summary.stopped.reason is StopReason.ASKED else TriggerStatus.FAILED


def _publish_status(settings: Settings) -> None:
    """The on-wiki status page after a run: a failure to write it is logged, never fatal."""
    if settings.service.status_page:
        schedule = next_runs(settings.run.state_dir)
        _guarded(lambda: publish(settings, True, schedule), "status page")


def _guarded(action: Callable[[], T], what: str) -> T | None:
    try:
        return action()
    except WikiError as error:
        log.error("%s: %s", what, error)
    except Exception:
        log.exception("%s failed", what)
    return None


def _run_selection(settings: Settings, selection: dict[str, Any], origin: str) -> RunSummary | None:
    chosen = Selection(
        titles=tuple(selection.get("titles") or ()),
        categories=tuple(selection.get("categories") or ()),
        transcludes=tuple(selection.get("transcludes") or ()),
        recent_hours=selection.get("recent_hours"),
        limit=selection.get("limit"),
        namespaces=settings.run.namespaces,
    )
    if chosen.empty:
        chosen = Selection(
            transcludes=DEFAULT_TRANSCLUDES,
            limit=chosen.limit,
            namespaces=settings.run.namespaces,
        )
    summary = _guarded(
        lambda: run_bot(
            settings, chosen, dry_run=False, origin=origin, echo=log.info, should_stop=STOP.is_set
        ),
        origin,
    )
    if summary is not None:
        log.info("%s: %s", origin, summary.text().splitlines()[0])
    return summary


def _sync_jobs(scheduler: BackgroundScheduler, settings: Settings, config_path: str) -> None:
    """Make the stored schedule match the config, keeping the next run time of unchanged jobs."""
    wanted = {job.id: job for job in settings.service.jobs}
    for stored in scheduler.get_jobs(jobstore="default"):
        job = wanted.get(stored.id)
        if job is None or stored.name != _signature(job):
            scheduler.remove_job(stored.id, jobstore="default")
    for job in settings.service.jobs:
        if scheduler.get_job(job.id, jobstore="default") is None:
            scheduler.add_job(
                scheduled_run,
                job.trigger,
                args=[config_path, job.id],
                id=job.id,
                name=_signature(job),
                jobstore="default",
                **job.trigger_args,
            )
    service = settings.service
    triggers, requests = POLLS
    polls = [(poll_triggers, triggers, service.trigger_poll_seconds)]
    if service.request_page:
        polls.append((poll_requests, requests, service.request_poll_seconds))
    for poll, job_id, seconds in polls:
        scheduler.add_job(
            poll,
            "interval",
            seconds=seconds,
            args=[config_path],
            id=job_id,
            jobstore="volatile",
            replace_existing=True,
        )


def _not_a_skipped_poll(record: logging.LogRecord) -> bool:
    """False for APScheduler's warning that a poll was skipped while a run works (its own poll's
    or another job's): the next poll reads all that came in meanwhile, so the warning, every few
    seconds of a long run, would say nothing. A scheduled run skipped is still said."""
    skipped = str(record.msg).startswith('Execution of job "%s" skipped: maximum number of running')
    job = record.args[0] if isinstance(record.args, tuple) and record.args else None
    return not (skipped and getattr(job, "id", None) in POLLS)


def serve(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT; returns the exit code."""
    config_path = str(settings.path.resolve())
    state_dir = settings.run.state_dir
    with state_lock(state_dir, DAEMON):
        scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(url=f"sqlite:///{state_dir / JOBS_DB}"),
                "volatile": MemoryJobStore(),
            },
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": settings.service.misfire_grace_seconds,
            },
            timezone=UTC,
        )

        def stop(signum: int, _frame: Any) -> None:
            STOP.set()  # before the line: whoever reads it may count on the stop
            log.info("signal %d: stopping after the current page", signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logging.getLogger("apscheduler.scheduler").addFilter(_not_a_skipped_poll)
        scheduler.start(paused=True)
        _sync_jobs(scheduler, settings, config_path)
        scheduler.resume()
        for job in scheduler.get_jobs():
            log.info("scheduled %s: next run %s", job.id, job.next_run_time)
        while not STOP.wait(0.5):
            pass
        scheduler.shutdown(wait=True)
    log.info("stopped")
    return 0


def next_runs(state_dir: Path) -> list[tuple[str, float | None]]:
    """The stored schedule (job id, next run as a UNIX time or None when paused), read through
    APScheduler's job store without starting a scheduler."""
    path = state_dir / JOBS_DB
    if not path.exists():
        return []
    store = SQLAlchemyJobStore(url=f"sqlite:///{path}")
    try:
        jobs = store.get_all_jobs()
    except OperationalError:  # no daemon has written its schedule here yet
        return []
    finally:
        store.shutdown()
    return [(job.id, job.next_run_time.timestamp() if job.next_run_time else None) for job in jobs]
