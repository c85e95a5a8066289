"""The daemon as an operator runs it: ``maintbot serve`` in a process of its own, stopped by signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.localwiki import STATE_DIR, LocalWiki
from tests.support.paths import ROOT

REQUESTS = "User:MaintBot/Requests"


def service_config(
    wiki: LocalWiki, tmp_path: Path, run: dict[str, object] | None = None, **service: object
) -> Path:
    """A config with a [service] section that polls every second; ``run`` adds [run] settings."""
    path = wiki.config(tmp_path, **(run or {}))
    extra = {"request_page": REQUESTS, "request_poll_seconds": 1, "trigger_poll_seconds": 1, **service}
    lines = "\n".join(f"{k} = {v!r}".replace("'", '"') for k, v in extra.items())
    path.write_text(path.read_text() + f"\n[service]\n{lines}\n")
    return path


def maintbot(*args: str, stderr: int = subprocess.PIPE) -> subprocess.Popen[str]:
    """A maintbot command in a process of its own; ``stderr=subprocess.STDOUT`` merges the streams."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )


def serve(config: Path) -> subprocess.Popen[str]:
    return maintbot("serve", "--config", str(config), stderr=subprocess.STDOUT)


def lines_of(process: subprocess.Popen[str]) -> tuple[list[str], threading.Thread]:
    """The process's output lines as they come, read by a thread of their own; and that thread,
    which ends when the process closes its output."""
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


def until(condition: Callable[[], bool], seconds: float = 40) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def stop(process: subprocess.Popen[str], how: signal.Signals = signal.SIGTERM) -> str:
    """SIGTERM, as a service manager stops the daemon (or SIGINT, Ctrl-C); its output, once it
    has exited cleanly."""
    process.send_signal(how)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    return output


def holder() -> str:
    """The pid of the process holding the state directory's lock, as the lock file names it."""
    lock = STATE_DIR / "maintbot.lock"
    return lock.read_text().split(" ")[0].strip() if lock.exists() else ""
