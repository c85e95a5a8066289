"""The local environment a wiki command needs, checked before any work: one line when it is broken.

A state directory that cannot be made or written, or a state database that is not one (truncated,
overwritten, another program's file), would otherwise surface as a traceback deep inside a run,
or, in the daemon, as the same traceback on every poll.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile

from bot.cli.common import UsageError
from bot.config import Settings


def check_state_dir(settings: Settings) -> None:
    """Raise UsageError unless the state directory is writable and its databases are sound."""
    directory = settings.run.state_dir
    where = f"(run.state_dir in {settings.path})"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"state directory {directory} cannot be created: {error.strerror} {where}") from None
    try:
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        raise UsageError(f"state directory {directory} is not writable: {error.strerror} {where}") from None
    for database in sorted(directory.glob("*.sqlite")):
        problem = _unsound(database.as_uri())
        if problem:
            raise UsageError(
                f"{database} is not a usable SQLite database ({problem}); move it aside to start"
                " afresh (the bot then forgets which pages it checked and which fixes it made)"
            )


def _unsound(uri: str) -> str:
    """Why the database cannot be used, or "" when SQLite's quick check passes."""
    try:
        with contextlib.closing(sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "" if verdict and verdict[0] == "ok" else str(verdict[0] if verdict else "no answer")
