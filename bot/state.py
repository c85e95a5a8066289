"""The state database (SQLite): runs, pages checked, edits made, talk reports, requests, triggers.

It is what makes runs incremental (a page whose latest revision was checked with the same rule set
is not fetched again), revert-aware (a fix once applied to a page is never applied to it again),
and what `maintbot status` reads.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, origin TEXT NOT NULL, started REAL NOT NULL, ended REAL,
    dry_run INTEGER NOT NULL, counts TEXT, error TEXT
);
CREATE TABLE IF NOT EXISTS pages (
    title TEXT PRIMARY KEY, revision INTEGER NOT NULL, ruleset TEXT NOT NULL,
    findings INTEGER NOT NULL, checked REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY, run_id INTEGER, title TEXT NOT NULL, old_revision INTEGER,
    new_revision INTEGER, codes TEXT NOT NULL, made REAL NOT NULL
);
-- Kept by page id, which a move keeps; the title-keyed table of earlier versions is gone, and the
-- pages' histories (bot/wiki/history.py) bring back what it held.
DROP TABLE IF EXISTS applied_fixes;
CREATE TABLE IF NOT EXISTS fixes_made (
    page_id INTEGER NOT NULL, fingerprint TEXT NOT NULL, edit_id INTEGER,
    PRIMARY KEY (page_id, fingerprint)
);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY, run_id INTEGER, title TEXT NOT NULL, talk_title TEXT NOT NULL,
    status TEXT NOT NULL, problems INTEGER NOT NULL, made REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS requests (
    revision INTEGER NOT NULL, user TEXT, line TEXT NOT NULL, status TEXT NOT NULL, run_id INTEGER,
    seen REAL NOT NULL, PRIMARY KEY (revision, line)
);
CREATE TABLE IF NOT EXISTS request_lines (
    line TEXT NOT NULL, nth INTEGER NOT NULL, revision INTEGER NOT NULL, user TEXT, user_id INTEGER,
    status TEXT NOT NULL, reply TEXT, replied INTEGER NOT NULL DEFAULT 0, run_id INTEGER,
    PRIMARY KEY (line, nth)
);
CREATE TABLE IF NOT EXISTS site_pages (
    title TEXT PRIMARY KEY, revision INTEGER NOT NULL, text TEXT NOT NULL, read REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS triggers (
    id INTEGER PRIMARY KEY, selection TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL,
    run_id INTEGER
);
"""


class TriggerStatus(StrEnum):
    PENDING = "pending"  # waiting for the daemon (again, when a stop or a crash interrupted it)
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # the run broke, or the shutoff page or a dead wiki stopped it


INTERRUPTED = "interrupted: the process ended before the run did (killed, or the machine stopped)"


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    origin: str
    started: float
    ended: float | None
    dry_run: bool
    counts: dict[str, int]
    error: str | None


@dataclass(frozen=True, slots=True)
class EditRecord:
    id: int
    title: str
    old_revision: int | None
    new_revision: int | None
    codes: dict[str, int]


@dataclass(frozen=True, slots=True)
class ReportRecord:
    id: int
    title: str
    talk_title: str
    status: str
    problems: int


def _run_record(row: tuple[Any, ...]) -> RunRecord:
    return RunRecord(row[0], row[1], row[2], row[3], bool(row[4]), json.loads(row[5] or "{}"), row[6])


class State:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # runs
    def start_run(self, origin: str, dry_run: bool) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO runs (origin, started, dry_run) VALUES (?, ?, ?)",
                (origin, time.time(), int(dry_run)),
            )
            return int(cursor.lastrowid or 0)

    def end_run(self, run_id: int, counts: dict[str, int], error: str | None = None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET ended = ?, counts = ?, error = ? WHERE id = ?",
                (time.time(), json.dumps(counts), error, run_id),
            )

    def last_runs(self, limit: int = 5) -> list[RunRecord]:
        rows = self._db.execute(
            "SELECT id, origin, started, ended, dry_run, counts, error FROM runs ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [_run_record(r) for r in rows]

    # pages
    def already_checked(self, title: str, revision: int, ruleset: str) -> bool:
        row = self._db.execute("SELECT revision, ruleset FROM pages WHERE title = ?", (title,)).fetchone()
        return row is not None and row[0] == revision and row[1] == ruleset

    def known(self, title: str) -> bool:
        return self._db.execute("SELECT 1 FROM pages WHERE title = ?", (title,)).fetchone() is not None

    def page_checked(self, title: str, revision: int, ruleset: str, findings: int) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)",
                (title, revision, ruleset, findings, time.time()),
            )

    # edits and revert memory
    def record_edit(
        self,
        run_id: int | None,
        title: str,
        page_id: int,
        old: int | None,
        new: int | None,
        codes: dict[str, int],
        fingerprints: list[str],
    ) -> None:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO edits (run_id, title, old_revision, new_revision, codes, made)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, title, old, new, json.dumps(codes), time.time()),
            )
            db.executemany(
                "INSERT OR IGNORE INTO fixes_made VALUES (?, ?, ?)",
                [(page_id, fp, cursor.lastrowid) for fp in fingerprints],
            )

    def remember_fixes(self, page_id: int, fingerprints: set[str]) -> None:
        """Fixes the page's history shows the bot made (no edit of ours in this database made them)."""
        with self._tx() as db:
            db.executemany(
                "INSERT OR IGNORE INTO fixes_made VALUES (?, ?, NULL)", [(page_id, fp) for fp in fingerprints]
            )

    def was_applied(self, page_id: int, fingerprint: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM fixes_made WHERE page_id = ? AND fingerprint = ?", (page_id, fingerprint)
        ).fetchone()
        return row is not None

    def knows_fixes(self, page_id: int) -> bool:
        """Whether any fix the bot made on the page is remembered here."""
        row = self._db.execute("SELECT 1 FROM fixes_made WHERE page_id = ?", (page_id,)).fetchone()
        return row is not None

    def run(self, run_id: int) -> RunRecord | None:
        row = self._db.execute(
            "SELECT id, origin, started, ended, dry_run, counts, error FROM runs WHERE id = ?", (run_id,)
        ).fetchone()
        return None if row is None else _run_record(row)

    def run_edits(self, run_id: int) -> list[EditRecord]:
        """The edits a run made, in order: what ``status --run`` shows and ``undo`` reverts."""
        rows = self._db.execute(
            "SELECT id, title, old_revision, new_revision, codes FROM edits WHERE run_id = ? ORDER BY id",
            (run_id,),
        ).fetchall()
        return [EditRecord(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def run_reports(self, run_id: int) -> list[ReportRecord]:
        rows = self._db.execute(
            "SELECT id, title, talk_title, status, problems FROM reports WHERE run_id = ? ORDER BY id",
            (run_id,),
        ).fetchall()
        return [ReportRecord(*r) for r in rows]

    def record_report(
        self, run_id: int | None, title: str, talk_title: str, status: str, problems: int
    ) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO reports (run_id, title, talk_title, status, problems, made)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, title, talk_title, status, problems, time.time()),
            )

    def last_report_id(self, title: str) -> int | None:
        row = self._db.execute("SELECT MAX(id) FROM reports WHERE title = ?", (title,)).fetchone()
        return None if row is None else row[0]

    def open_report(self, title: str) -> bool:
        """Whether the last report on this page's talk page still lists problems."""
        row = self._db.execute(
            "SELECT status FROM reports WHERE title = ? ORDER BY id DESC LIMIT 1", (title,)
        ).fetchone()
        return row is not None and row[0] not in ("resolved", "withdrawn")

    # on-wiki requests
    def request_seen(self, revision: int) -> bool:
        return (
            self._db.execute("SELECT 1 FROM requests WHERE revision = ?", (revision,)).fetchone() is not None
        )

    def record_request(self, revision: int, user: str, line: str, status: str, run_id: int | None) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO requests VALUES (?, ?, ?, ?, ?, ?)",
                (revision, user, line, status, run_id, time.time()),
            )

    def last_request_revision(self) -> tuple[int, str] | None:
        """The newest request-page revision read, and how it was read (its status)."""
        row = self._db.execute(
            "SELECT revision, status FROM requests WHERE line = '' ORDER BY revision DESC LIMIT 1"
        ).fetchone()
        return None if row is None else (row[0], row[1])

    # A request is its line plus which copy of it it is; each is kept from the revision that first
    # added it, so a blanking undone later adds nothing and an answered line never runs again.
    def request_line_known(self, line: str, nth: int) -> bool:
        found = self._db.execute(
            "SELECT 1 FROM request_lines WHERE line = ? AND nth = ?", (line, nth)
        ).fetchone()
        return found is not None

    def add_request_line(
        self, line: str, nth: int, revision: int, user: str, user_id: int, status: str
    ) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO request_lines (line, nth, revision, user, user_id, status)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (line, nth, revision, user, user_id, status),
            )

    def unreplied_request_lines(self) -> list[tuple[str, int, int, str, int, str, str | None]]:
        """(line, nth, revision, user, user_id, status, reply) of every request not yet replied to."""
        rows = self._db.execute(
            "SELECT line, nth, revision, user, user_id, status, reply FROM request_lines"
            " WHERE replied = 0 ORDER BY revision, rowid"
        ).fetchall()
        return [(r[0], r[1], r[2], r[3] or "", r[4] or 0, r[5], r[6]) for r in rows]

    def set_request_line(
        self,
        line: str,
        nth: int,
        status: str,
        reply: str | None = None,
        run_id: int | None = None,
        replied: bool = False,
    ) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE request_lines SET status = ?, reply = COALESCE(?, reply),"
                " run_id = COALESCE(?, run_id), replied = ? WHERE line = ? AND nth = ?",
                (status, reply, run_id, int(replied), line, nth),
            )

    def recent_requests(self, limit: int = 5) -> list[tuple[int, str, str, str]]:
        rows = self._db.execute(
            "SELECT revision, user, line, status FROM requests ORDER BY seen DESC LIMIT ?", (limit,)
        ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    # operator triggers handed to the daemon
    def site_page(self, title: str, revision: int) -> str | None:
        """The text of a wiki data page (Module:Footnotes/whitelist ...) read at ``revision``."""
        row = self._db.execute(
            "SELECT text FROM site_pages WHERE title = ? AND revision = ?", (title, revision)
        ).fetchone()
        return None if row is None else str(row[0])

    def keep_site_page(self, title: str, revision: int, text: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO site_pages (title, revision, text, read) VALUES (?, ?, ?, ?)",
                (title, revision, text, time.time()),
            )

    def add_trigger(self, selection: dict[str, Any]) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO triggers (selection, status, created) VALUES (?, ?, ?)",
                (json.dumps(selection), TriggerStatus.PENDING, time.time()),
            )
            return int(cursor.lastrowid or 0)

    def take_trigger(self) -> tuple[int, dict[str, Any]] | None:
        with self._tx() as db:
            row = db.execute(
                "SELECT id, selection FROM triggers WHERE status = ? ORDER BY id LIMIT 1",
                (TriggerStatus.PENDING,),
            ).fetchone()
            if row is None:
                return None
            db.execute("UPDATE triggers SET status = ? WHERE id = ?", (TriggerStatus.RUNNING, row[0]))
            return int(row[0]), dict(json.loads(row[1]))

    def finish_trigger(self, trigger_id: int, run_id: int | None, status: TriggerStatus) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE triggers SET status = ?, run_id = ? WHERE id = ?", (status, run_id, trigger_id)
            )

    def trigger_status(self, trigger_id: int) -> tuple[TriggerStatus, int | None] | None:
        """The trigger's status and its latest run; None when there is no such trigger."""
        row = self._db.execute("SELECT status, run_id FROM triggers WHERE id = ?", (trigger_id,)).fetchone()
        return None if row is None else (TriggerStatus(row[0]), row[1])

    def pending_triggers(self) -> list[tuple[int, dict[str, Any]]]:
        rows = self._db.execute(
            "SELECT id, selection FROM triggers WHERE status = ? ORDER BY id", (TriggerStatus.PENDING,)
        ).fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]

    def finish_interrupted(self) -> tuple[int, int]:
        """Runs never ended are marked interrupted, running triggers handed back as pending; only
        the holder of the state directory's lock may call this (bot/service/lock.py). Returns how
        many of each."""
        with self._tx() as db:
            runs = db.execute(
                "UPDATE runs SET ended = ?, error = ? WHERE ended IS NULL", (time.time(), INTERRUPTED)
            ).rowcount
            triggers = db.execute(
                "UPDATE triggers SET status = ? WHERE status = ?",
                (TriggerStatus.PENDING, TriggerStatus.RUNNING),
            ).rowcount
        return runs, triggers
