"""Bad command lines and broken environments: one line on stderr and exit 2, never a traceback.

Most run in-process (an exception would fail the test); a few run as a user runs them, in a
subprocess, so what reaches the terminal is what is asserted. None of these reach a wiki: each is
refused before the first request (the config names a closed port).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.exit_codes import ExitCode
from tests.support.paths import ROOT


def maintbot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "MAINTBOT_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**environment, **(env or {})},
        timeout=120,
    )


def assert_one_line_refusal(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def in_process(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, captured.out, captured.err)


@pytest.fixture(autouse=True)
def no_config_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAINTBOT_CONFIG", raising=False)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "wiki.toml"
    path.write_text(
        '[wiki]\napi_url = "http://127.0.0.1:9/api.php"\n[run]\nstate_dir = "state"\n', encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "--limit", "-1"], ["--limit", "1 or more"]),
        (["run", "--limit", "many"], ["--limit", "not a whole number"]),
        (["run", "--recent-changes", "-5"], ["--recent-changes", "above 0"]),
        (["run", "--recent-changes", "nan"], ["--recent-changes", "above 0"]),
        (["run", "--page", ""], ["--page", "it is empty"]),
        (["run", "--page", "Special:Random"], ["--page", "virtual namespace"]),
        (["run", "--page", "Mill#History"], ["--page", "'#' cannot appear"]),
        (["run", "--category", "User:X"], ["--category", "not a category"]),
        (["trigger", "--page", "[[]]"], ["--page", "it is empty"]),
        (["check", "--select", "", "x.wiki"], ["--select", "empty rule code"]),
        (["check", "--ignore", "SFN,", "x.wiki"], ["--ignore", "empty rule code"]),
        (["check", "--namespace", "-1", "x.wiki"], ["--namespace", "0 or more"]),
        (["scan-dump", "--workers", "0", "x.xml"], ["--workers", "1 or more"]),
    ],
)
def test_bad_selections_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: list[str]
) -> None:
    assert_one_line_refusal(in_process(capsys, *args), *words)


def test_link_and_template_syntax_is_read_as_the_title() -> None:
    from bot.cli import build_parser

    args = build_parser().parse_args(
        ["run", "--page", "[[Weir]]", "--transcludes", "{{Sfn}}", "--category", "Mill articles"]
    )
    assert (args.page, args.transcludes, args.category) == (["Weir"], ["Sfn"], ["Category:Mill articles"])


@pytest.mark.parametrize("command", ["run", "serve", "status", "trigger"])
def test_a_wiki_command_without_a_config_says_how_to_give_one(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert_one_line_refusal(in_process(capsys, command), "--config FILE", "MAINTBOT_CONFIG")


def test_the_config_can_come_from_the_environment(config: Path) -> None:  # and --config is optional
    config.write_text(config.read_text() + "throttle_seconds = nan\n", encoding="utf-8")
    assert_one_line_refusal(
        maintbot("status", env={"MAINTBOT_CONFIG": str(config)}), "run.throttle_seconds must be a finite"
    )


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("throttle_seconds = nan", ["run.throttle_seconds must be a finite number"]),
        ("batch_size = 0", ["run.batch_size must be between 1 and 500"]),
    ],
)
def test_bad_numbers_in_the_config_exit_2(
    capsys: pytest.CaptureFixture[str], config: Path, setting: str, words: list[str]
) -> None:
    config.write_text(config.read_text() + setting + "\n", encoding="utf-8")
    assert_one_line_refusal(in_process(capsys, "run", "--config", str(config), "--dry-run"), *words)


def test_a_bad_job_schedule_exits_2(capsys: pytest.CaptureFixture[str], config: Path) -> None:
    config.write_text(
        config.read_text() + '[[service.jobs]]\ntrigger = "cron"\nminute = 99\n', encoding="utf-8"
    )
    assert_one_line_refusal(
        in_process(capsys, "serve", "--config", str(config)),
        "service.jobs[0].minute must be between 0 and 59",
    )


def test_with_a_log_file_the_one_line_is_in_the_file_too(config: Path, tmp_path: Path) -> None:
    """The log of a scheduled run says why it ended, as the file's other lines read."""
    config.write_text(config.read_text() + "batch_size = 0\n", encoding="utf-8")
    log = tmp_path / "maintbot.log"
    done = maintbot("serve", "--config", str(config), "--log-file", str(log))
    assert_one_line_refusal(done, "run.batch_size must be between 1 and 500")
    (kept,) = log.read_text(encoding="utf-8").splitlines()
    day, clock, line = kept.split(" ", 2)  # time-stamped, as the file's logging is
    assert (len(day), len(clock)) == (len("2026-12-02"), len("07:13:41,258"))
    assert line == done.stderr.strip()


def test_in_json_the_file_gets_the_same_json_line(config: Path, tmp_path: Path) -> None:
    log = tmp_path / "maintbot.log"
    done = maintbot(
        "run", "--config", str(config), "--dry-run", "--log-format", "json", "--log-file", str(log)
    )
    assert done.returncode == ExitCode.WIKI_UNREACHABLE, done.stderr
    (shown,) = (json.loads(line) for line in done.stderr.splitlines())
    kept = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert shown["message"].startswith("cannot reach the wiki at http://127.0.0.1:9/api.php")
    fields = ("level", "logger", "message")
    assert [entry[field] for entry in kept[-1:] for field in fields] == [shown[field] for field in fields]


def damaged_state(config: Path, damage: str) -> Path:
    state = config.parent / "state"
    state.mkdir()
    database = state / "state.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE pages (title TEXT PRIMARY KEY, body TEXT)")
        db.executemany("INSERT INTO pages VALUES (?, ?)", [(str(i), "x" * 500) for i in range(200)])
    db.close()
    if damage == "truncated":
        data = database.read_bytes()
        database.write_bytes(data[: len(data) // 2])
    else:
        database.write_bytes(os.urandom(8192))
    return database


@pytest.mark.parametrize("command", ["run", "status", "serve", "trigger"])
@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_a_corrupt_state_database_is_one_line(
    capsys: pytest.CaptureFixture[str], config: Path, command: str, damage: str
) -> None:
    database = damaged_state(config, damage)
    result = in_process(capsys, command, "--config", str(config))
    assert_one_line_refusal(result, str(database), "not a usable SQLite database", "move it aside")


def test_the_daemon_with_a_corrupt_state_database_stops_at_once_in_one_line(config: Path) -> None:
    database = damaged_state(config, "random")
    result = maintbot("serve", "--config", str(config))
    assert_one_line_refusal(result, str(database), "not a usable SQLite database")


def test_an_impossible_state_directory_is_one_line(capsys: pytest.CaptureFixture[str], config: Path) -> None:
    blocker = config.parent / "state"
    blocker.write_text("a file where the state directory should be")
    assert_one_line_refusal(
        in_process(capsys, "run", "--config", str(config), "--dry-run"),
        "state directory",
        "cannot be created",
    )
    config.write_text(config.read_text().replace('"state"', '"/proc/maintbot-state"'), encoding="utf-8")
    assert_one_line_refusal(in_process(capsys, "status", "--config", str(config)), "/proc/maintbot-state")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_state_directory_is_one_line(capsys: pytest.CaptureFixture[str], config: Path) -> None:
    state = config.parent / "state"
    state.mkdir(mode=0o500)
    try:
        assert_one_line_refusal(in_process(capsys, "status", "--config", str(config)), "is not writable")
    finally:
        state.chmod(0o700)


@pytest.mark.parametrize("content", [b"hello, not xml\n", b"\x00\x01binary"])
def test_scan_dump_of_a_file_that_is_not_xml_is_one_line(tmp_path: Path, content: bytes) -> None:
    dump = tmp_path / "pages.xml"
    dump.write_bytes(content)
    result = maintbot("scan-dump", str(dump), "--out", str(tmp_path / "w.jsonl"), "--workers", "1")
    assert_one_line_refusal(result, str(dump), "cannot read the dump")


def test_help_and_version_return_their_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == ExitCode.OK
    assert "examples:" in capsys.readouterr().out
    assert main(["--version"]) == ExitCode.OK
    assert main([]) == ExitCode.USAGE


def test_every_option_of_every_command_has_help() -> None:
    from bot.cli import build_parser

    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    assert isinstance(subcommands, dict)
    assert subcommands
    for name, command in subcommands.items():
        assert command.epilog, name
        assert "examples:" in command.epilog, name
        for action in command._actions:
            assert action.help, (name, action.dest)


def test_init_without_a_terminal_names_what_it_needs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = in_process(capsys, "init", "--config", str(tmp_path / "wiki.toml"))
    assert_one_line_refusal(result, "no terminal to ask: API URL")
    assert not list(tmp_path.iterdir())


def test_init_never_overwrites_a_config_without_force(
    capsys: pytest.CaptureFixture[str], config: Path
) -> None:
    before = config.read_text()
    result = in_process(capsys, "init", "--config", str(config), "--api-url", "http://127.0.0.1:9/api.php")
    assert_one_line_refusal(result, str(config), "exists; nothing was written (--force replaces it)")
    assert config.read_text() == before
