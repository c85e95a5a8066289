"""Runs and triggers survive interruption: real processes, real signals, the real wiki.

A trigger the daemon was stopped in (SIGTERM) is not done: it waits for the next start; a
request is answered once, as stopped. A daemon killed outright (SIGKILL) leaves a run without an
end and a trigger "running"; whoever next holds the state directory finishes the one and hands
the other back. ``run``, ``trigger`` and ``undo`` take the daemon's lock, so two of them never
write from one state directory at once.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.config import load
from bot.wiki.request_page import process_requests
from tests.integration.faultproxy import fault_proxy
from tests.support.daemon import REQUESTS, holder, lines_of, maintbot, serve, service_config, stop, until
from tests.support.localwiki import PORT, STATE_DIR, LocalWiki

MILLS = ("Joseph Stalin", "Mill history", "Weir", "Sluice", "Miller", "Sluice gate")
MILLER_FIXED = "pp=60–61"


@pytest.fixture(autouse=True)
def fresh_schedule() -> None:
    for leftover in STATE_DIR.glob("jobs.sqlite*"):
        leftover.unlink()


def _slow_config(wiki: LocalWiki, tmp_path: Path, **service: object) -> Path:
    """Two seconds between edits: a run over the six mill pages lasts long enough to interrupt."""
    return service_config(wiki, tmp_path, run={"throttle_seconds": 2}, **service)


def _trigger(config: Path, *extra: str) -> subprocess.Popen[str]:
    pages = [arg for title in MILLS for arg in ("--page", title)]
    return maintbot("trigger", "--config", str(config), *pages, *extra)


def _rows(sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(STATE_DIR / "state.sqlite") as db:
        return list(db.execute(sql))


def _bot_edits(wiki: LocalWiki) -> dict[str, int]:
    return {
        title: sum(1 for revision in wiki.revisions(title, 50) if revision["user"] == "MaintBot")
        for title in MILLS
    }


def _first_edit_made(wiki: LocalWiki) -> bool:
    return wiki.latest_revision_user("Joseph Stalin") == "MaintBot"


def _the_next_start_finishes_the_trigger_once(wiki: LocalWiki, config: Path) -> None:
    daemon = serve(config)
    try:
        assert until(lambda: _rows("SELECT status FROM triggers") == [("done",)], 90)
    finally:
        stop(daemon)
    assert MILLER_FIXED in (wiki.text("Miller") or "")
    assert max(_bot_edits(wiki).values()) == 1  # nothing done twice


def test_a_trigger_stopped_by_sigterm_is_not_done_and_runs_at_the_next_start(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    config = _slow_config(wiki, tmp_path)
    daemon = serve(config)
    assert until(lambda: holder() == str(daemon.pid))
    waiting = _trigger(config, "--wait")
    assert until(lambda: _first_edit_made(wiki), 60), "the trigger's run never edited"
    stop(daemon)
    _, said = waiting.communicate(timeout=60)
    assert waiting.returncode == 1
    assert said.strip() == (
        "maintbot: error: the daemon stopped before trigger #1 was done; it stays pending"
        " and runs at the daemon's next start"
    )
    assert _rows("SELECT status FROM triggers") == [("pending",)]
    assert _rows("SELECT error FROM runs") == [("asked to stop",)]
    assert MILLER_FIXED not in (wiki.text("Miller") or "")  # the run really was cut short

    _the_next_start_finishes_the_trigger_once(wiki, config)


def test_a_request_run_stopped_by_sigterm_is_answered_once_as_stopped_and_the_daemon_exits_0(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    embedded = wiki.api(action="query", list="embeddedin", eititle="Template:Sfn")["query"]["embeddedin"]
    before = {page["title"]: wiki.latest_revid(page["title"]) for page in embedded}
    wiki.edit_as("Admin", REQUESTS, (wiki.text(REQUESTS) or "") + "\n* template: Sfn")
    direct = service_config(wiki, tmp_path, max_request_pages=50)
    config = tmp_path / "through-the-proxy.toml"
    # the run's second edit waits at the proxy: the signal comes while a page is in hand
    with fault_proxy(f"http://127.0.0.1:{PORT}", ["pass", "hold"]) as (proxy, base):
        config.write_text(direct.read_text().replace(wiki.api_url, f"{base}/api.php"))
        daemon = serve(config)
        output, reader = lines_of(daemon)
        try:
            assert proxy.holding.wait(120), "the request's run never made a second edit"
            daemon.send_signal(signal.SIGTERM)
            assert until(lambda: any("signal 15: stopping after the current page" in line for line in output))
        finally:
            proxy.release.set()
            daemon.wait(timeout=120)
            reader.join(timeout=60)
    log = "".join(output)
    assert daemon.returncode == 0, log
    edited = [title for title in before if wiki.latest_revid(title) != before[title]]
    assert 1 <= len(edited) < len(before), log  # stopped after the page in hand, not at the end
    assert all(_bot_edits_of(wiki, title) == 1 for title in edited)
    answers = (wiki.text(REQUESTS) or "").split("* template: Sfn\n", 1)[1]
    assert answers.count("*: ") == 1
    assert answers.startswith("*: Stopped early (<nowiki>asked to stop</nowiki>); before the stop: ")
    assert "Ask again to check the rest; nothing is done twice." in answers
    (said,) = [line for line in output if "signal" in line]
    assert said.endswith(" maintbot: signal 15: stopping after the current page\n")
    (logged,) = [line for line in output if "Stopped early" in line]
    assert " by Admin: Stopped early (<nowiki>asked to stop</nowiki>); before the stop: " in logged
    assert "Traceback" not in log
    assert "skipped: maximum number of running instances" not in log  # the polls due meanwhile
    assert process_requests(load(direct)) == []  # answered once: the next start says nothing more


def _bot_edits_of(wiki: LocalWiki, title: str) -> int:
    return sum(1 for revision in wiki.revisions(title, 50) if revision["user"] == "MaintBot")


def test_after_sigkill_the_next_holder_ends_the_run_and_hands_the_trigger_back(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    config = _slow_config(wiki, tmp_path)
    daemon = serve(config)
    assert until(lambda: holder() == str(daemon.pid))
    _trigger(config).communicate(timeout=60)
    assert until(lambda: _first_edit_made(wiki), 60), "the trigger's run never edited"
    daemon.send_signal(signal.SIGKILL)
    daemon.communicate(timeout=60)
    assert _rows("SELECT status FROM triggers") == [("running",)]
    assert _rows("SELECT ended FROM runs") == [(None,)]

    other = maintbot("run", "--config", str(config), "--page", "Weir")
    _, said = other.communicate(timeout=120)
    assert other.returncode == 0, said
    assert (
        "a maintbot that was stopped without warning left 1 run(s) unfinished (now marked"
        " interrupted) and 1 trigger(s) running (handed back as pending)"
    ) in said
    (killed,) = _rows("SELECT error FROM runs WHERE origin = 'trigger:1'")
    assert str(killed[0]).startswith("interrupted: the process ended before the run did")
    assert _rows("SELECT status FROM triggers") == [("pending",)]

    _the_next_start_finishes_the_trigger_once(wiki, config)


def test_a_run_while_the_daemon_holds_the_state_directory_exits_6_in_one_line(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    config = service_config(wiki, tmp_path)
    daemon = serve(config)
    try:
        assert until(lambda: holder() == str(daemon.pid))
        before = wiki.latest_revid("Weir")
        run = maintbot("run", "--config", str(config), "--page", "Weir")
        out, said = run.communicate(timeout=120)
        assert run.returncode == 6
        assert out == ""
        assert said == (
            f"maintbot: error: maintbot serve (pid {daemon.pid}) is working from {STATE_DIR}; one at"
            " a time; hand it a run with 'maintbot trigger'\n"
        )
        assert wiki.latest_revid("Weir") == before
        dry = maintbot("run", "--config", str(config), "--page", "Weir", "--dry-run")
        out, said = dry.communicate(timeout=120)
        assert dry.returncode == 0, out + said  # writes nothing, so it may run beside the daemon
    finally:
        stop(daemon)


def test_trigger_wait_exits_1_when_the_run_failed(wiki: LocalWiki, tmp_path: Path) -> None:
    wiki.edit_as("Admin", "User:MaintBot/Shutoff", "stopped: a complaint is checked")
    config = service_config(wiki, tmp_path, run={"shutoff_page": "User:MaintBot/Shutoff"})
    daemon = serve(config)
    try:
        assert until(lambda: holder() == str(daemon.pid))
        waiting = maintbot("trigger", "--config", str(config), "--page", "Weir", "--wait")
        out, _ = waiting.communicate(timeout=120)
    finally:
        stop(daemon)
    assert waiting.returncode == 1
    assert "trigger #1: failed (run 1)" in out
