"""The daemon and the admins' requests, against the real wiki."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bot.config import load
from bot.service.status import publish
from bot.wiki import request_page
from bot.wiki.request_page import asked_anew, process_requests
from bot.wiki.runner import RunSummary, run_bot
from bot.wiki.saving import SaveStatus
from tests.support.daemon import REQUESTS, holder, maintbot, serve, service_config, stop, until
from tests.support.localwiki import STATE_DIR, LocalWiki
from tests.support.paths import ROOT

STATUS = "User:MaintBot/Status"


def ask(wiki: LocalWiki, user: str, line: str) -> None:
    wiki.edit_as(user, REQUESTS, (wiki.text(REQUESTS) or "") + "\n" + line)


def test_request_lines_are_read_from_what_a_revision_added() -> None:
    old = "Intro\n<pre>\n* page: An example\n</pre>\n* page: Old request\n*: {{done}} ..."
    new = old + "\n* page: Mill history\n* category: Mill articles\nchatter\n* template: Sfn"
    found = asked_anew(new, lambda line, nth: (line, nth) == ("* page: Old request", 0))
    assert found == [("* page: Mill history", 0), ("* category: Mill articles", 0), ("* template: Sfn", 0)]


def test_request_by_a_sysop_is_run_and_answered(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Mill history")
    request = wiki.latest_revid(REQUESTS)
    handled = process_requests(settings)
    assert [(r.user, r.target, status) for r, status in handled] == [("Admin", "Mill history", "done")]
    (edit,) = wiki.revisions("Mill history", 1)
    assert edit["user"] == "MaintBot"
    assert (
        f"; run 1 for [[User:Admin|Admin]] ([[Special:PermanentLink/{request}|request]])" in edit["comment"]
    )
    page = wiki.text(REQUESTS) or ""
    assert "* page: Mill history\n*: {{done}} Checked 1 page(s): 1 edited ([[Mill history]])" in page
    assert process_requests(settings) == []  # answered once, never again


def test_a_request_over_the_page_limit_is_declined_with_the_number_and_the_limit(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path, max_request_pages=2))
    before = {title: wiki.latest_revid(title) for title in ("Mill history", "Weir", "Sluice")}
    ask(wiki, "Admin", "* category: Mill articles")
    assert [status for _, status in process_requests(settings)] == ["declined"]
    assert {title: wiki.latest_revid(title) for title in before} == before
    page = wiki.text(REQUESTS) or ""
    assert "*: Declined: it would check 3 pages, over the limit of 2 (service.max_request_pages);" in page


def test_the_answer_to_a_request_for_a_missing_page_says_it_does_not_exist(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: No such mill")
    assert [status for _, status in process_requests(settings)] == ["done"]
    page = wiki.text(REQUESTS) or ""
    assert "Not edited: [[:No such mill]]: <nowiki>page does not exist</nowiki>." in page


def test_the_same_request_by_an_ordinary_account_is_declined(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(service_config(wiki, tmp_path))
    before = wiki.latest_revid("Mill history")
    ask(wiki, "Editor", "* page: Mill history")
    handled = process_requests(settings)
    assert [(r.user, status) for r, status in handled] == [("Editor", "declined")]
    assert wiki.latest_revid("Mill history") == before
    page = wiki.text(REQUESTS) or ""
    assert "* page: Mill history\n*: Declined: only members of the 'sysop' group may request runs." in page


def test_a_copied_sysop_signature_does_not_make_a_request_valid(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(
        wiki,
        "Editor",
        "* page: Mill history [[User:Admin|Admin]] ([[User talk:Admin|talk]]) 10:00, 1 May 2026 (UTC)",
    )
    assert [status for _, status in process_requests(settings)] == ["declined"]


def _ask_as_ip(wiki: LocalWiki, line: str) -> None:
    with urllib.request.urlopen(f"{wiki.api_url}?action=query&meta=tokens&format=json", timeout=10) as reply:
        token = json.load(reply)["query"]["tokens"]["csrftoken"]
    fields = {
        "action": "edit",
        "title": REQUESTS,
        "appendtext": "\n" + line,
        "token": token,
        "format": "json",
    }
    request = urllib.request.Request(wiki.api_url, data=urllib.parse.urlencode(fields).encode())
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert "edit" in json.load(reply)


def test_a_blanking_undone_by_an_admin_runs_no_declined_request_again(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    before = {title: wiki.latest_revid(title) for title in ("Mill history", "Weir")}
    ask(wiki, "Editor", "* page: Mill history")
    _ask_as_ip(wiki, "* page: Weir")
    assert [status for _, status in process_requests(settings)] == ["declined", "declined"]
    answered = wiki.latest_revid(REQUESTS)
    wiki.edit_as("Editor", REQUESTS, "", summary="blanking")
    wiki.post_as("Admin", action="edit", title=REQUESTS, undo=wiki.latest_revid(REQUESTS), undoafter=answered)
    assert wiki.latest_revision_user(REQUESTS) == "Admin"
    assert process_requests(settings) == []
    assert {title: wiki.latest_revid(title) for title in before} == before
    assert (wiki.text(REQUESTS) or "").count("*: Declined:") == 2


def test_a_request_blanked_before_its_answer_is_answered_once_when_a_patroller_restores_it(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Mill history")
    wiki.edit_as("Editor", REQUESTS, "", summary="blanking")
    vandal_edit = wiki.latest_revid(REQUESTS)
    assert [status for _, status in process_requests(settings)] == ["unanswered"]  # run, nowhere to reply
    assert wiki.latest_revision_user("Mill history") == "MaintBot"
    fixed = wiki.latest_revid("Mill history")
    wiki.post_as("Admin", action="edit", title=REQUESTS, undo=vandal_edit, summary="revert vandalism")
    assert [status for _, status in process_requests(settings)] == ["done"]
    assert process_requests(settings) == []
    page = wiki.text(REQUESTS) or ""
    assert page.count("*: {{done}} Checked 1 page(s): 1 edited ([[Mill history]])") == 1
    assert wiki.latest_revid("Mill history") == fixed  # run once, answered once


def test_a_copied_request_line_is_answered_under_the_copy(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Miller")
    assert [status for _, status in process_requests(settings)] == ["done"]
    ask(wiki, "Editor", "* page: Miller")
    handled = process_requests(settings)
    assert [(r.user, r.nth, status) for r, status in handled] == [("Editor", 1, "declined")]
    lines = (wiki.text(REQUESTS) or "").split("\n")
    first, second = (i for i, line in enumerate(lines) if line == "* page: Miller")
    assert lines[first + 1].startswith("*: {{done}} Checked 1 page(s)")
    assert lines[second + 1].startswith("*: Declined: only members of the 'sysop' group may request runs.")


def test_malformed_request_lines_are_answered_and_never_block_the_next(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path, max_request_pages=2))
    lines = [
        "* page: [[Mill history|the history]]",
        "* template: {{Sfn}}",
        "* category: User:X",
        "* page: Special:Random",
    ]
    for line in lines:
        ask(wiki, "Admin", line)
    # a signature as MediaWiki saves it, link and date included
    wiki.post_as("Admin", action="edit", title=REQUESTS, appendtext="\n* page: Miller ~~~~")
    handled = process_requests(settings)
    assert [(r.target.split(" [[")[0], status) for r, status in handled] == [
        ("[[Mill history|the history]]", "done"),
        ("{{Sfn}}", "declined"),
        ("User:X", "declined"),
        ("Special:Random", "declined"),
        ("Miller", "done"),
    ]
    page = wiki.text(REQUESTS) or ""
    assert "* page: [[Mill history|the history]]\n*: {{done}} Checked 1 page(s): 1 edited" in page
    assert "* template: {{Sfn}}\n*: Declined: it would check " in page
    invalid = "*: Declined: not a valid page title (<nowiki>"
    assert f"* category: User:X\n{invalid}it names a page in another namespace" in page
    assert f"* page: Special:Random\n{invalid}Special: is a virtual namespace" in page
    assert wiki.latest_revision_user("Miller") == "MaintBot"
    assert process_requests(settings) == []


def test_a_request_that_breaks_is_answered_as_failed_and_the_next_still_runs(
    wiki: LocalWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load(service_config(wiki, tmp_path))

    def breaks_on_weir(*args: Any, **kwargs: Any) -> RunSummary:
        if args[1].titles == ("Weir",):
            raise RuntimeError("the wiki fell over")
        return run_bot(*args, **kwargs)

    ask(wiki, "Admin", "* page: Weir")
    ask(wiki, "Admin", "* page: Miller")
    handled = process_requests(settings, runner=breaks_on_weir)
    assert [(r.target, status) for r, status in handled] == [("Weir", "failed"), ("Miller", "done")]
    page = wiki.text(REQUESTS) or ""
    assert "* page: Weir\n*: Failed: <code><nowiki>RuntimeError: the wiki fell over" in page
    assert "* page: Miller\n*: {{done}} Checked 1 page(s)" in page
    (logged,) = [r for r in caplog.records if "fell over" in r.getMessage()]
    assert "\n" not in logged.getMessage()  # one line,
    assert logged.exc_info is None  # no traceback
    assert process_requests(settings, runner=breaks_on_weir) == []


def _with_job(wiki: LocalWiki, tmp_path: Path, seconds: int) -> Path:
    path = service_config(wiki, tmp_path)
    path.write_text(
        path.read_text() + f'\n[[service.jobs]]\nid = "mills"\ntrigger = "interval"\n'
        f'seconds = {seconds}\npages = ["Mill history", "Weir"]\n'
    )
    return path


def _runs() -> list[tuple[str, str]]:
    with sqlite3.connect(STATE_DIR / "state.sqlite") as db:
        return [(r[0], r[1] or "{}") for r in db.execute("SELECT origin, counts FROM runs ORDER BY id")]


@pytest.fixture
def fresh_schedule() -> None:
    for leftover in STATE_DIR.glob("jobs.sqlite*"):
        leftover.unlink()


@pytest.mark.usefixtures("fresh_schedule")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_the_daemon_logs_its_schedule_and_its_stop_at_info_level(
    wiki: LocalWiki, tmp_path: Path, how: signal.Signals
) -> None:
    config = _with_job(wiki, tmp_path, seconds=3600)
    daemon = maintbot("serve", "--config", str(config), "--log-format", "json", stderr=subprocess.STDOUT)
    try:
        assert until(lambda: (STATE_DIR / "jobs.sqlite").exists())  # past start: the schedule is next
    finally:
        output = stop(daemon, how)
    levels = {
        entry["message"].split(":")[0]: entry["level"] for entry in map(json.loads, output.splitlines())
    }
    assert levels["scheduled mills"] == levels["scheduled triggers"] == "info"  # routine, not a warning
    # A signal is how an operator (or systemd) stops the service: routine too.
    assert levels[f"signal {how.value}"] == levels["stopped"] == "info"


@pytest.mark.usefixtures("fresh_schedule")
def test_scheduled_job_fires_edits_and_a_restart_keeps_the_schedule_and_redoes_nothing(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    config = _with_job(wiki, tmp_path, seconds=3)
    daemon = serve(config)
    try:
        assert until(lambda: wiki.latest_revision_user("Mill history") == "MaintBot"), "job never edited"
        assert until(
            lambda: any(origin == "schedule:mills" and '"edited": 1' in counts for origin, counts in _runs())
        )
    finally:
        output = stop(daemon)
    assert "scheduled mills" in output
    edited_revision = wiki.latest_revid("Mill history")
    with sqlite3.connect(STATE_DIR / "jobs.sqlite") as db:
        (stored_next,) = db.execute(
            "SELECT next_run_time FROM apscheduler_jobs WHERE id = 'mills'"
        ).fetchone()
    runs_before = len(_runs())
    daemon = serve(config)
    try:
        assert until(lambda: len(_runs()) > runs_before + 1)
    finally:
        output = stop(daemon)
    assert f"{stored_next}"
    assert "scheduled mills" in output
    assert wiki.latest_revid("Mill history") == edited_revision  # no work redone
    for origin, counts in _runs()[runs_before:]:
        if origin == "schedule:mills":
            assert '"edited": 0' in counts or '"edited"' not in counts
            assert '"already_checked": 2' in counts


@pytest.mark.usefixtures("fresh_schedule")
def test_a_second_daemon_on_the_same_state_is_refused(wiki: LocalWiki, tmp_path: Path) -> None:
    config = service_config(wiki, tmp_path)
    first = serve(config)
    try:
        assert until(lambda: holder() == str(first.pid))
        second = subprocess.run(
            [sys.executable, "-m", "bot.cli", "serve", "--config", str(config)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 6
        assert f"maintbot serve (pid {first.pid}) is working from" in second.stderr
    finally:
        stop(first)


@pytest.mark.usefixtures("fresh_schedule")
def test_trigger_is_handed_to_the_daemon(wiki: LocalWiki, tmp_path: Path) -> None:
    config = service_config(wiki, tmp_path, status_page=STATUS)
    daemon = serve(config)
    try:
        assert until(lambda: holder() == str(daemon.pid))
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "trigger",
                "--config",
                str(config),
                "--page",
                "Miller",
                "--wait",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "handed to the running daemon as trigger #" in done.stdout
        assert ": done (run " in done.stdout
        assert "pp=60–61" in (wiki.text("Miller") or "")
        status = subprocess.run(
            [sys.executable, "-m", "bot.cli", "status", "--config", str(config)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "daemon: running" in status.stdout
        assert "trigger:1" in status.stdout
        # the daemon keeps the on-wiki status page: the run with its counts, in a table
        assert until(lambda: "<nowiki>trigger:1</nowiki> || 1 || 1 || " in (wiki.text(STATUS) or ""), 60)
        revision = wiki.latest_revid(STATUS)
        as_json = subprocess.run(
            [sys.executable, "-m", "bot.cli", "status", "--config", str(config), "--format", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        data = json.loads(as_json.stdout)
        assert data["daemon_running"]
        assert data["last_runs"][0]["origin"] == "trigger:1"
        assert data["last_runs"][0]["counts"]["edited"] == 1
        # written again with nothing new to say: no edit
        assert publish(load(config), True, []) is SaveStatus.NOTHING
        assert wiki.latest_revid(STATUS) == revision
    finally:
        stop(daemon)


@pytest.mark.usefixtures("fresh_schedule")
def test_request_answered_by_the_running_daemon(wiki: LocalWiki, tmp_path: Path) -> None:
    config = service_config(wiki, tmp_path)
    daemon = serve(config)
    try:
        ask(wiki, "Admin", "* category: Mill articles")
        assert until(lambda: "*: {{done}} Checked 3 page(s)" in (wiki.text(REQUESTS) or ""), 60)
    finally:
        stop(daemon)


def _churn(wiki: LocalWiki, user: str, cycles: int) -> None:
    """``cycles`` blankings of the request page, each undone at once, all by ``user``."""
    edit = wiki.session(user)
    kept = wiki.text(REQUESTS) or ""
    for _ in range(cycles):
        edit(action="edit", title=REQUESTS, text="", summary="test blanking")
        edit(action="edit", title=REQUESTS, text=kept, summary="restore")


def test_a_newcomers_request_behind_more_than_fifty_admin_edits_is_still_the_newcomers(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    assert process_requests(settings) == []  # the page as seeded is read
    before = wiki.latest_revid("Mill history")
    ask(wiki, "Editor", "* page: Mill history")
    _churn(wiki, "Admin", 30)  # sixty revisions by a sysop, the line restored by each second one
    handled = process_requests(settings)
    assert [(r.user, status) for r, status in handled] == [("Editor", "declined")]
    assert wiki.latest_revid("Mill history") == before
    assert process_requests(settings) == []
    page = wiki.text(REQUESTS) or ""
    assert page.count("*: Declined: only members of the 'sysop' group may request runs.") == 1


def test_churn_beyond_what_one_poll_reads_is_read_over_several_polls_in_order(
    wiki: LocalWiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(request_page, "HISTORY_LIMIT", 7)
    settings = load(service_config(wiki, tmp_path))
    assert process_requests(settings) == []
    before = wiki.latest_revid("Mill history")
    ask(wiki, "Editor", "* page: Mill history")
    _churn(wiki, "Admin", 12)
    handled = [process_requests(settings) for _ in range(5)]  # 25 revisions, seven a poll
    assert [(r.user, status) for poll in handled for r, status in poll] == [("Editor", "declined")]
    assert wiki.latest_revid("Mill history") == before
    page = wiki.text(REQUESTS) or ""
    assert page.count("*: Declined: only members of the 'sysop' group may request runs.") == 1


def test_a_line_first_seen_after_a_hidden_revision_is_credited_to_nobody(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    assert process_requests(settings) == []
    before = wiki.latest_revid("Mill history")
    ask(wiki, "Editor", "* page: Mill history\nan insult")
    insult = wiki.latest_revid(REQUESTS)
    wiki.edit_as("Admin", REQUESTS, (wiki.text(REQUESTS) or "").replace("\nan insult", ""))
    hide = wiki.post_as(  # the current revision's text cannot be hidden, so it is hidden now
        "Admin", action="revisiondelete", type="revision", target=REQUESTS, ids=insult, hide="content"
    )
    assert hide["revisiondelete"]["items"][0]["status"] == "Success", hide
    handled = process_requests(settings)
    assert [(r.user, status) for r, status in handled] == [("", "declined")]
    assert wiki.latest_revid("Mill history") == before
    page = wiki.text(REQUESTS) or ""
    assert "* page: Mill history\n*: Declined: who added this line cannot be told" in page
    assert process_requests(settings) == []


SHUTOFF = "User:MaintBot/Shutoff"


def test_a_shutoff_during_a_request_run_gives_one_answer_that_names_what_was_done(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path, run={"shutoff_page": SHUTOFF}, max_request_pages=50))
    wiki.edit_as("Admin", SHUTOFF, "run")
    saves: list[str] = []

    def pulled_after_the_first_save(*args: Any, **kwargs: Any) -> RunSummary:
        def before_save(page: Any) -> None:
            saves.append(page.title())
            if len(saves) == 1:
                wiki.edit_as("Admin", SHUTOFF, "stop: checking a complaint")

        return run_bot(*args, **kwargs, before_save=before_save)

    ask(wiki, "Admin", "* template: Sfn")
    ask(wiki, "Admin", "* page: Miller")
    embedded = wiki.api(action="query", list="embeddedin", eititle="Template:Sfn")["query"]["embeddedin"]
    sfn = [page["title"] for page in embedded]
    before = {title: wiki.latest_revid(title) for title in sfn}
    assert [status for _, status in process_requests(settings, runner=pulled_after_the_first_save)] == []
    edited = [title for title in sfn if wiki.latest_revid(title) != before[title]]
    assert len(edited) == 1  # the save in flight lands, nothing after it
    assert "*:" not in (wiki.text(REQUESTS) or "").split("== Requests ==")[1]  # no answer while stopped
    assert process_requests(settings) == []  # still stopped: nothing more is done or said

    wiki.edit_as("Admin", SHUTOFF, "run")
    handled = process_requests(settings)
    assert [(r.target, status) for r, status in handled] == [("Sfn", "stopped"), ("Miller", "done")]
    assert process_requests(settings) == []
    page = wiki.text(REQUESTS) or ""
    assert page.count("\n*: ") == 2  # one answer each
    assert (
        f"* template: Sfn\n*: Stopped early (<nowiki>shutoff: [[{SHUTOFF}]] says 'stop: checking a"
        f" complaint', not 'run': no edits</nowiki>); before the stop: 1 edited ([[{edited[0]}]])" in page
    )
    assert "Ask again to check the rest; nothing is done twice." in page
    assert "* page: Miller\n*: {{done}} Checked 1 page(s): 1 edited ([[Miller]])" in page
    unchanged = [title for title in sfn if title not in (*edited, "Miller")]
    assert all(wiki.latest_revid(title) == before[title] for title in unchanged)  # not run behind the stop

    stopped_at = {title: wiki.latest_revid(title) for title in edited}
    talk = f"Talk:{edited[0]}"
    assert wiki.text(talk) is None  # the report due after the edit in flight was not posted
    ask(wiki, "Admin", "* template: Sfn")  # asked again, as the answer says
    assert [status for _, status in process_requests(settings)] == ["done"]
    assert {title: wiki.latest_revid(title) for title in edited} == stopped_at  # nothing done twice
    assert wiki.text(talk) is not None  # nothing lost


def test_a_request_made_while_the_shutoff_is_on_runs_once_it_is_lifted(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path, run={"shutoff_page": SHUTOFF}))
    wiki.edit_as("Admin", SHUTOFF, "stopped")
    before = wiki.latest_revid("Mill history")
    ask(wiki, "Admin", "* page: Mill history")
    assert process_requests(settings) == []
    assert wiki.latest_revid("Mill history") == before
    wiki.edit_as("Admin", SHUTOFF, "run")
    assert [status for _, status in process_requests(settings)] == ["done"]
    assert "*: {{done}} Checked 1 page(s): 1 edited ([[Mill history]])" in (wiki.text(REQUESTS) or "")
    assert process_requests(settings) == []


def test_a_stop_asked_for_in_the_middle_of_a_request_answers_it_as_stopped_and_the_next_waits(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path, max_request_pages=50))
    ask(wiki, "Admin", "* template: Sfn")
    ask(wiki, "Admin", "* page: Weir")

    def stop_after_the_first_edit() -> bool:  # as SIGTERM sets the daemon's STOP
        return bool(wiki.api(action="query", list="usercontribs", ucuser="MaintBot")["query"]["usercontribs"])

    handled = process_requests(settings, should_stop=stop_after_the_first_edit)
    assert [(r.target, status) for r, status in handled] == [("Sfn", "stopped")]
    page = wiki.text(REQUESTS) or ""
    stopped = (
        "* template: Sfn\n*: Stopped early (<nowiki>asked to stop</nowiki>); before the stop: 1 edited ([["
    )
    assert stopped in page
    assert [(r.target, status) for r, status in process_requests(settings)] == [("Weir", "done")]
    assert process_requests(settings) == []
