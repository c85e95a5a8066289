"""Log options shared by the wiki commands: readable lines, JSON for collectors, a rotating file."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys

from bot.cli.common import Parser, UsageError
from bot.cli.terminal import Terminal, json_line

ROTATE_BYTES = 10 * 1024 * 1024
ROTATE_KEEP = 5


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what journald exporters, Loki or Elastic ingest without parsing."""

    def format(self, record: logging.LogRecord) -> str:
        more = {"traceback": self.formatException(record.exc_info)} if record.exc_info else {}
        return json_line(record.created, record.levelname.lower(), record.name, record.getMessage(), **more)


def log_parent() -> Parser:
    parent = Parser(add_help=False)
    group = parent.add_argument_group("logging")
    group.add_argument("-v", "--verbose", action="store_true", help="log each page's outcome")
    group.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="readable lines (default) or one JSON object per line for log collectors",
    )
    group.add_argument(
        "--log-file",
        metavar="FILE",
        help=f"log here instead of stderr, rotated at {ROTATE_BYTES // 2**20} MiB, {ROTATE_KEEP} kept",
    )
    return parent


def _ours(record: logging.LogRecord) -> bool:
    """Not pywikibot's records (a traceback for every request it retries) nor the Python warnings
    it captures: the terminal gets one line of ours per failure, a log file gets them all."""
    return not record.name.startswith(("pywiki", "py.warnings"))


def setup(args: argparse.Namespace, *, daemon: bool = False) -> None:
    """Logging as the options ask; a daemon logs its progress (INFO) and time-stamps text lines.
    Called before the config is read, so that a log file also says when the config is bad."""
    handler: logging.Handler
    if args.log_file:
        try:
            handler = logging.handlers.RotatingFileHandler(
                args.log_file, maxBytes=ROTATE_BYTES, backupCount=ROTATE_KEEP, encoding="utf-8"
            )
        except OSError as error:
            raise UsageError(f"{args.log_file}: cannot open the log file: {error.strerror}") from None
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.addFilter(_ours)
    stamped = daemon or bool(args.log_file)
    text = "%(asctime)s maintbot: %(message)s" if stamped else "maintbot: %(message)s"
    handler.setFormatter(JsonFormatter() if args.log_format == "json" else logging.Formatter(text))
    logging.basicConfig(
        level=logging.INFO if (args.verbose or daemon) else logging.WARNING, handlers=[handler], force=True
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    Terminal.to_log_file = bool(args.log_file)
