"""The deployment files are checked: systemd's own verifier, and every command they run parses."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.cli import build_parser, main
from bot.exit_codes import ExitCode
from bot.service.lock import DAEMON, state_lock
from tests.support.paths import ROOT

UNIT = ROOT / "deploy" / "systemd" / "maintbot.service"
INSTALLED = "/opt/maintbot/bin/maintbot"


def parses(command: str) -> None:
    """A maintbot command line as a deployment file writes it; argparse exits on a bad one."""
    words = shlex.split(command)
    assert Path(words[0]).name == "maintbot", command
    build_parser().parse_args(words[1:])


def unit_values(key: str) -> list[str]:
    return re.findall(rf"^{key}=(.*)$", UNIT.read_text(encoding="utf-8"), re.M)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_service_unit_passes_systemd_analyze_verify_without_a_warning(tmp_path: Path) -> None:
    # verify insists that ExecStart exists: point it at this checkout's maintbot.
    here = Path(sys.executable).with_name("maintbot")
    unit = tmp_path / "maintbot.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(INSTALLED, str(here)), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    exposure = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(unit)], capture_output=True, text=True
    )
    level = re.search(r"Overall exposure level for maintbot.service: ([\d.]+)", exposure.stdout)
    assert level is not None, exposure.stdout + exposure.stderr
    assert float(level.group(1)) <= 2.0  # systemd calls up to 2.0 "OK"; a bare service is 9.6


def test_the_service_is_hardened_and_stops_cleanly() -> None:
    for key, value in [
        ("DynamicUser", "yes"),
        ("StateDirectory", "maintbot"),
        ("ProtectSystem", "strict"),
        ("Restart", "on-failure"),
        ("KillSignal", "SIGTERM"),
        ("NoNewPrivileges", "yes"),
    ]:
        assert unit_values(key) == [value], key
    (start,) = unit_values("ExecStart")
    parses(start)
    assert start.split()[1] == "serve"


def test_toolforge_jobs_run_commands_that_parse() -> None:
    jobs = yaml.safe_load((ROOT / "deploy" / "toolforge" / "jobs.yaml").read_text(encoding="utf-8"))
    assert {job["name"] for job in jobs} == {"maintbot", "maintbot-doctor"}
    for job in jobs:
        assert set(job) >= {"name", "command", "image"}
        parses(job["command"])
    daemon = next(job for job in jobs if job["name"] == "maintbot")
    assert daemon["continuous"] is True
    assert " serve " in daemon["command"]


def test_the_containerfile_runs_commands_that_parse() -> None:
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")

    def exec_form(instruction: str) -> list[str]:
        found = re.search(rf"^{instruction} (\[.*\])$", text, re.M)
        assert found is not None, instruction
        return list(yaml.safe_load(found.group(1)))  # a JSON array is YAML too

    entry = exec_form("ENTRYPOINT")
    assert entry == ["maintbot"]
    parses(shlex.join(entry + exec_form("CMD")))
    health = exec_form("HEALTHCHECK --interval=1m --timeout=30s --start-period=1m CMD")
    parses(shlex.join(health))
    assert health[1:] == ["status", "--require-daemon"]  # the wiki is not asked every minute
    assert "USER maintbot" in text
    assert "STOPSIGNAL SIGTERM" in text


def test_the_health_check_fails_until_the_daemon_holds_the_state_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "wiki.toml"
    config.write_text('[wiki]\napi_url = "http://127.0.0.1:9/api.php"\n[run]\nstate_dir = "state"\n')
    check = ["status", "--config", str(config), "--require-daemon"]

    assert main(check) == ExitCode.NO_DAEMON
    assert "daemon: not running" in capsys.readouterr().out
    with state_lock(tmp_path / "state", DAEMON):
        assert main(check) == ExitCode.OK
        assert "daemon: running" in capsys.readouterr().out
    assert main(["status", "--config", str(config)]) == ExitCode.OK  # without the flag: a report only
