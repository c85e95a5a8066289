"""One maintbot at a time writes from a state directory: ``serve``, ``run``, a ``trigger`` run at
once and ``undo`` take the same lock file, which names its holder (``pid command``).

Whoever takes the lock first finishes what a holder killed without warning (SIGKILL, a crash, a
power cut) left half-done: its runs are marked ended with why, its triggers handed back as
pending. Only a holder of the lock can have left them so, and it no longer runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from bot.exit_codes import ExitCode
from bot.state import State

log = logging.getLogger("maintbot")

LOCK_NAME = "maintbot.lock"
DAEMON = "serve"


class AlreadyRunning(Exception):
    exit_code = ExitCode.ALREADY_RUNNING


def _holder(path: Path) -> tuple[str, str]:
    """(pid, command) of the process that holds the lock, as it wrote them; '?' when unwritten."""
    words = (path.read_text(encoding="utf-8").split() if path.exists() else []) + ["?", "?"]
    return words[0], words[1]


@contextlib.contextmanager
def state_lock(state_dir: Path, command: str) -> Iterator[None]:
    """Hold the state directory for ``command`` in this process; a second holder is refused."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the command's lifetime
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        pid, holder = _holder(path)
        hint = "; hand it a run with 'maintbot trigger'" if holder == DAEMON else ""
        raise AlreadyRunning(
            f"maintbot {holder} (pid {pid}) is working from {state_dir}; one at a time{hint}"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()} {command}")
    handle.flush()
    try:
        _finish_interrupted(state_dir)
        yield
    finally:
        handle.seek(0)
        handle.truncate()  # no stale holder for the next reader
        handle.close()


def _finish_interrupted(state_dir: Path) -> None:
    state = State(state_dir / "state.sqlite")
    try:
        runs, triggers = state.finish_interrupted()
    finally:
        state.close()
    if runs or triggers:
        log.warning(
            "a maintbot that was stopped without warning left %d run(s) unfinished (now marked"
            " interrupted) and %d trigger(s) running (handed back as pending)",
            runs,
            triggers,
        )


def daemon_running(state_dir: Path) -> bool:
    """Whether ``maintbot serve`` holds the state directory (not a ``run`` or an ``undo``)."""
    path = state_dir / LOCK_NAME
    if not path.exists():
        return False
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(path)[1] == DAEMON
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False
