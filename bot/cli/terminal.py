"""The operator's lines on stderr: ``maintbot: ...`` as text, or one JSON object per line.

Under ``--log-format json`` every line on stderr is JSON, our one-line errors as much as our logs
(bot/cli/logs.py), so a collector never meets a line it cannot read.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime


class Terminal:
    """How lines reach stderr; ``main()`` sets it from the command line of each invocation."""

    json_lines = False


def json_line(created: float, level: str, logger: str, message: str, **more: str) -> str:
    """One log entry as a JSON line: what journald exporters, Loki or Elastic ingest as is."""
    entry = {
        "time": datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds"),
        "level": level,
        "logger": logger,
        "message": message,
        **more,
    }
    return json.dumps(entry, ensure_ascii=False)


def say(message: str, level: str = "warning") -> None:
    """One line for the operator on stderr; an error reads ``maintbot: error: ...`` as text."""
    if Terminal.json_lines:
        line = json_line(time.time(), level, "maintbot", message)
    else:
        line = f"maintbot: error: {message}" if level == "error" else f"maintbot: {message}"
    print(line, file=sys.stderr)
