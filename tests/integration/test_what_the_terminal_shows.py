"""What reaches the operator's terminal when the wiki fails mid-run: one line per failure, never
pywikibot's tracebacks; with ``--log-file`` those are kept in the file for whoever investigates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.integration.faultproxy import fault_proxy
from tests.support.localwiki import PORT, LocalWiki
from tests.support.paths import ROOT

PAGES = ("--page", "Mill history", "--page", "Miller")
EVERY_SAVE_FAILS = ["500"] * 40  # more than pywikibot's retries of every save the run tries


def _run_while_saves_fail(wiki: LocalWiki, tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    config = wiki.config(tmp_path)
    with fault_proxy(f"http://127.0.0.1:{PORT}", EVERY_SAVE_FAILS) as (proxy, base):
        config.write_text(config.read_text().replace(wiki.api_url, f"{base}/api.php"))
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run", "--config", str(config), *options, *PAGES],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert proxy.injected, "no save was attempted"
    return done


def _failure_lines(stderr: str) -> list[str]:
    """stderr without the site-data notice that a wiki lacking the footnote modules adds at start
    (as the test wiki does where ../shared is absent): that line is not about the failure."""
    return [line for line in stderr.splitlines() if not line.startswith("maintbot: site data:")]


def test_a_wiki_failing_every_save_stops_the_run_with_one_line_and_exit_3(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    before = wiki.latest_revid("Miller")
    done = _run_while_saves_fail(wiki, tmp_path)
    assert done.returncode == 3
    (line,) = _failure_lines(done.stderr)
    assert line.startswith(
        "maintbot: error: stopped early: wiki down: the wiki stopped answering at 'Mill history':"
    ), line
    assert "stopped early: wiki down" in done.stdout  # the run's summary still says what was done
    assert wiki.latest_revid("Miller") == before  # the run stopped: the next page was not tried


def test_with_a_log_file_pywikibots_tracebacks_go_there_and_the_terminal_gets_one_line(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    log_file = tmp_path / "maintbot.log"
    done = _run_while_saves_fail(wiki, tmp_path, "--log-file", str(log_file))
    assert done.returncode == 3
    assert len(_failure_lines(done.stderr)) == 1
    kept = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in kept
    assert "pywikibot.exceptions.ServerError: 500 Server Error" in kept
    assert " maintbot: error: stopped early: wiki down: " in kept  # why the run ended, as on the terminal


def test_in_json_mode_every_line_on_stderr_is_json_the_login_and_the_notices_too(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    config = str(wiki.config(tmp_path))
    lines = []
    # A live run logs in (pywikibot says so); trigger without a daemon says it runs at once.
    for command in ("run", "trigger"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.cli",
                command,
                "--config",
                config,
                "--log-format",
                "json",
                "-v",
                *PAGES,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        lines += done.stderr.splitlines()
    entries = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    messages = [entry["message"] for entry in entries]
    assert any(message.startswith("Mill history: maintbot: Fixed") for message in messages), messages
    assert "no daemon is running for this state directory; running now" in messages
