"""The operator's lines on stderr: ``maintbot: ...`` as text, or one JSON object per line.

Under ``--log-format json`` every line on stderr is JSON, our one-line errors as much as our logs
(bot/cli/logs.py), so a collector never meets a line it cannot read. With ``--log-file`` the same
lines go to the file too, so the log of a scheduled run says why it ended.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime

LEVELS = {"warning": logging.WARNING, "error": logging.ERROR}


class Terminal:
    """How lines reach stderr; ``main()`` sets it from the command line of each invocation."""

    json_lines = False
    to_log_file = False  # set by bot.cli.logs.setup, which sends the "maintbot" logger's lines there


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
    """One line for the operator on stderr, and in the log file if any; an error reads
    ``maintbot: error: ...`` as text (a JSON line has its level as a field)."""
    text = f"error: {message}" if level == "error" else message
    line = json_line(time.time(), level, "maintbot", message) if Terminal.json_lines else f"maintbot: {text}"
    print(line, file=sys.stderr)
    if Terminal.to_log_file:  # the file's handler is the only one then: the terminal does not get it twice
        logging.getLogger("maintbot").log(LEVELS[level], message if Terminal.json_lines else text)
