"""Log options: readable lines by default, JSON objects for collectors, a file that rotates."""

from __future__ import annotations

import json
import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from bot.cli.common import UsageError
from bot.cli.logs import ROTATE_BYTES, ROTATE_KEEP, setup


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_go_to_a_rotating_file(tmp_path: Path) -> None:
    log = tmp_path / "maintbot.log"
    args = build_parser().parse_args(["serve", "--log-format", "json", "--log-file", str(log)])
    setup(args, daemon=True)
    logging.getLogger("maintbot").info("scheduled %s", "nightly")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("maintbot").exception("poll failed")
    (handler,) = logging.getLogger().handlers
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (ROTATE_BYTES, ROTATE_KEEP)
    handler.flush()
    first, second = (json.loads(line) for line in log.read_text(encoding="utf-8").splitlines())
    assert (first["level"], first["logger"], first["message"]) == ("info", "maintbot", "scheduled nightly")
    assert second["message"] == "poll failed"
    assert "ValueError: boom" in second["traceback"]


def test_text_lines_by_default_and_warnings_only_unless_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    setup(build_parser().parse_args(["run"]))
    logging.getLogger("maintbot").info("hidden")
    logging.getLogger("maintbot").warning("skipped Weir")
    assert capsys.readouterr().err == "maintbot: skipped Weir\n"


def test_a_log_file_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    args = build_parser().parse_args(["run", "--log-file", str(tmp_path / "missing" / "x.log")])
    with pytest.raises(UsageError, match="cannot open the log file"):
        setup(args)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--log-format", "json", "--config", "/nonexistent/maintbot.toml"],  # a config error
        ["run", "--log-format=json", "--page", "a|b"],  # a usage error, found while parsing
    ],
)
def test_in_json_mode_an_error_on_stderr_is_a_json_line_too(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    (line,) = capsys.readouterr().err.splitlines()
    entry = json.loads(line)
    assert entry["level"] == "error"
    assert entry["message"].startswith(("/nonexistent/maintbot.toml: ", "argument --page: 'a|b'"))


def test_in_text_mode_an_error_is_one_plain_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--config", "/nonexistent/maintbot.toml"]) == 2
    assert capsys.readouterr().err == "maintbot: error: /nonexistent/maintbot.toml: no such config file\n"
