"""Faults survived and secrets kept, against the real wiki."""

from __future__ import annotations

import json
import random
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from bot.config import credentials, load
from bot.wiki.confine import OffWiki
from bot.wiki.errors import WikiError
from bot.wiki.outcomes import StopReason
from bot.wiki.request_page import Request, authorise, process_requests
from bot.wiki.runner import run_bot
from bot.wiki.site import connect
from bot.wiki.sources import Selection
from tests.support.localwiki import PORT, STATE_DIR, WIKI_DIR, LocalWiki, run_localwiki
from tests.support.paths import DATA, ROOT

MILL_FIXED = (DATA / "wiki" / "mill_history.fixed.wiki").read_text(encoding="utf-8").rstrip("\n")
SEED_FIXED = (DATA / "great-terror.fixed.wiki").read_text(encoding="utf-8").rstrip("\n")
RENAME = "extensions/Renameuser/maintenance/renameUser.php"
PAGES = ("Joseph Stalin", "Mill history", "Miller", "Sluice gate")
HEADING = "== maintbot: short footnote and image problems =="


def _expected_end_state(wiki: LocalWiki) -> None:
    """Every page exactly as one clean run leaves it: fixed once, reported once."""
    assert wiki.text("Joseph Stalin") == SEED_FIXED
    assert wiki.text("Mill history") == MILL_FIXED
    assert "pp=60–61" in (wiki.text("Miller") or "")
    for title in PAGES:
        bot_edits = [r for r in wiki.revisions(title, 20) if r["user"] == "MaintBot"]
        assert len(bot_edits) <= 1, title
    for talk in ("Talk:Joseph Stalin", "Talk:Mill history", "Talk:Sluice gate"):
        assert (wiki.text(talk) or "").count(HEADING) == 1, talk


def test_wiki_going_down_mid_run_stops_cleanly_and_a_rerun_finishes_without_duplicates(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(wiki.config(tmp_path))
    saves: list[str] = []

    def server_dies_at_the_second_save(_page: object) -> None:
        saves.append("save")
        if len(saves) == 2:
            run_localwiki("stop")

    try:
        summary = run_bot(
            settings,
            Selection(titles=PAGES),
            dry_run=False,
            echo=lambda _: None,
            before_save=server_dies_at_the_second_save,
        )
        assert summary.exit_code == 3
        assert summary.stopped is not None
        assert summary.stopped.reason is StopReason.WIKI_DOWN
        assert summary.stopped.detail.startswith("the wiki stopped answering")
    finally:
        run_localwiki("start")
    with __import__("sqlite3").connect(STATE_DIR / "state.sqlite") as db:
        (ended, error) = db.execute("SELECT ended, error FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert ended is not None
    assert error.startswith("wiki down")
    again = run_bot(settings, Selection(titles=PAGES), dry_run=False, echo=lambda _: None)
    assert again.exit_code == 0
    _expected_end_state(wiki)


def test_killed_at_random_points_the_bot_still_ends_as_one_clean_run(wiki: LocalWiki, tmp_path: Path) -> None:
    config = wiki.config(tmp_path, throttle_seconds=0.3)
    command = [sys.executable, "-m", "bot.cli", "run", "--config", str(config)]
    for title in PAGES:
        command += ["--page", title]
    chance = random.Random(20261128)
    for _ in range(3):
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(1.0, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
    final = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    _expected_end_state(wiki)


def test_the_bot_password_never_appears_in_output_logs_or_state(wiki: LocalWiki, tmp_path: Path) -> None:
    secret = re.search(r'password = "(\w+)"', (WIKI_DIR / "bot-password.toml").read_text()).group(1)  # type: ignore[union-attr]
    config = wiki.config(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "-v", "--config", str(config), "--page", "Mill history"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0
    assert secret not in done.stdout + done.stderr
    for path in STATE_DIR.rglob("*"):
        if path.is_file() and path.name != "passwords.py":  # pywikibot's own store, mode 600, removed at exit
            assert secret.encode() not in path.read_bytes(), path
    assert not (STATE_DIR / "pywikibot" / "passwords.py").exists()  # the process removed it
    for title in ("Mill history", "Talk:Mill history"):
        assert secret not in (wiki.text(title) or "")


def _anonymous_append(wiki: LocalWiki, title: str, text: str) -> None:
    token_url = f"{wiki.api_url}?action=query&meta=tokens&format=json"
    with urllib.request.urlopen(token_url, timeout=10) as reply:
        token = json.load(reply)["query"]["tokens"]["csrftoken"]
    data = urllib.parse.urlencode(
        {"action": "edit", "title": title, "appendtext": text, "token": token, "format": "json"}
    ).encode()
    with urllib.request.urlopen(urllib.request.Request(wiki.api_url, data=data), timeout=10) as reply:
        assert "edit" in json.load(reply)


def _service(wiki: LocalWiki, tmp_path: Path) -> Path:
    path = wiki.config(tmp_path)
    path.write_text(path.read_text() + '\n[service]\nrequest_page = "User:MaintBot/Requests"\n')
    return path


def test_requests_from_an_ip_or_a_blocked_sysop_are_declined(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(_service(wiki, tmp_path))
    before = wiki.latest_revid("Mill history")
    _anonymous_append(wiki, "User:MaintBot/Requests", "\n* page: Mill history")
    assert [status for _, status in process_requests(settings)] == ["declined"]
    page = wiki.text("User:MaintBot/Requests") or ""
    assert "*: Declined: edits by IP addresses cannot request runs." in page
    wiki.edit_as("Admin", "User:MaintBot/Requests", page + "\n* page: Miller")
    wiki.maintenance("maintenance/blockUsers.php", "--reason", "test", "--disable-autoblock", stdin="Admin\n")
    assert [status for _, status in process_requests(settings)] == ["declined"]
    assert "*: Declined: the account is blocked." in (wiki.text("User:MaintBot/Requests") or "")
    assert wiki.latest_revid("Mill history") == before
    assert "pp=60β61" in (wiki.text("Miller") or "")


def test_requests_are_judged_by_the_account_not_the_name(wiki: LocalWiki, tmp_path: Path) -> None:
    """A sysop renamed away frees a name that anyone may register: the newcomer holding it, signing
    as the sysop did, is declined; the sysop, under the new name, still may ask; and an account
    renamed between its request and the check is declined, since the name no longer says who asked."""
    settings = load(_service(wiki, tmp_path))
    wiki.maintenance("maintenance/createAndPromote.php", "--sysop", "Curator", secrets.token_hex(16))
    wiki.maintenance(RENAME, "--oldname", "Curator", "--newname", "Curator (retired)")
    wiki.maintenance("maintenance/createAndPromote.php", "Curator", secrets.token_hex(16))
    untouched = wiki.latest_revid("Mill history")
    page = (wiki.text("User:MaintBot/Requests") or "") + "\n* page: Mill history [[User:Curator|Curator]]"
    wiki.edit_as("Curator", "User:MaintBot/Requests", page)
    handled = process_requests(settings)
    assert [(r.user, status) for r, status in handled] == [("Curator", "declined")]
    page = wiki.text("User:MaintBot/Requests") or ""
    assert "*: Declined: only members of the 'sysop' group may request runs." in page
    assert wiki.latest_revid("Mill history") == untouched

    wiki.edit_as("Curator (retired)", "User:MaintBot/Requests", page + "\n* page: Miller")
    handled = process_requests(settings)
    assert [(r.user, status) for r, status in handled] == [("Curator (retired)", "done")]
    assert wiki.latest_revision_user("Miller") == "MaintBot"

    wiki.maintenance("maintenance/createAndPromote.php", "--sysop", "Archivist", secrets.token_hex(16))
    page = wiki.text("User:MaintBot/Requests") or ""
    wiki.edit_as("Archivist", "User:MaintBot/Requests", page + "\n* page: Weir")
    site = connect(settings, credentials(settings)).site
    revision = wiki.revisions("User:MaintBot/Requests", 1)[0]
    request = Request(revision["revid"], "Archivist", revision["userid"], "* page: Weir", "page", "Weir")
    assert authorise(site, request, "sysop") == (True, "")
    wiki.maintenance(RENAME, "--oldname", "Archivist", "--newname", "Archivist2")
    assert authorise(site, request, "sysop") == (
        False,
        "the account was renamed after the request; ask again under the new name",
    )


def test_instructions_in_page_text_are_never_followed(wiki: LocalWiki, tmp_path: Path) -> None:
    """A page that asks the bot to edit elsewhere or to stop checks is just text to check."""
    wiki.edit_as(
        "Editor",
        "Weir",
        (wiki.text("Weir") or "")
        + "\n<!-- maintbot: please also edit [[Main Page]] and ignore all rules -->\n"
        "* page: Main Page\n{{sfn|Smith|2005|pp=9β10}}",
    )
    main_page = wiki.latest_revid("Main Page")
    settings = load(wiki.config(tmp_path))
    run_bot(settings, Selection(titles=("Weir",)), dry_run=False, echo=lambda _: None)
    assert wiki.latest_revid("Main Page") == main_page
    assert "pp=9–10" in (wiki.text("Weir") or "")


@pytest.mark.parametrize("namespace_config", [[0]])
def test_only_configured_namespaces_are_edited(
    wiki: LocalWiki, tmp_path: Path, namespace_config: list[int]
) -> None:
    before = wiki.latest_revid("Template:Sfn/doc")
    settings = load(wiki.config(tmp_path, namespaces=namespace_config))
    summary = run_bot(
        settings,
        Selection(titles=("Template:Sfn/doc",), namespaces=(0, 10)),
        dry_run=False,
        echo=lambda _: None,
    )
    assert wiki.latest_revid("Template:Sfn/doc") == before
    assert summary.outcomes[0].reason == "namespace 10 is not configured"


def test_a_request_whose_author_is_hidden_is_declined(wiki: LocalWiki, tmp_path: Path) -> None:
    """An edit whose author an admin has hidden (revision deletion) cannot be attributed."""
    settings = load(_service(wiki, tmp_path))
    before = wiki.latest_revid("Mill history")
    page = wiki.text("User:MaintBot/Requests") or ""
    wiki.edit_as("Admin", "User:MaintBot/Requests", page + "\n* page: Mill history")
    revision = wiki.latest_revid("User:MaintBot/Requests")
    hidden = wiki.post_as(
        "Admin", action="revisiondelete", type="revision", ids=revision, hide="user", reason="test"
    )
    assert hidden.get("revisiondelete", {}).get("status") == "Success", hidden
    assert [(r.user, status) for r, status in process_requests(settings)] == [("", "declined")]
    assert "*: Declined: the author of the edit is hidden." in (wiki.text("User:MaintBot/Requests") or "")
    assert wiki.latest_revid("Mill history") == before


def test_the_bot_never_leaves_the_configured_wiki(
    wiki: LocalWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An interwiki title ("wikipedia:…") would make pywikibot open another host and log in there."""
    settings = load(_service(wiki, tmp_path))
    page = wiki.text("User:MaintBot/Requests") or ""
    wiki.edit_as("Admin", "User:MaintBot/Requests", page + "\n* page: wikipedia:Mill history")
    assert [status for _, status in process_requests(settings)] == ["declined"]
    assert "*: Declined: wikipedia:Mill history: not a page on this wiki (interwiki prefix 'wikipedia')." in (
        wiki.text("User:MaintBot/Requests") or ""
    )

    titles = ("wikipedia:Mill history", "Mill history")
    summary = run_bot(settings, Selection(titles=titles), dry_run=False, echo=lambda _: None)
    assert [o.title for o in summary.outcomes] == ["Mill history"]
    assert wiki.latest_revision_user("Mill history") == "MaintBot"
    assert "skipped wikipedia:Mill history: not a page on this wiki" in caplog.text

    # Below the titles, pywikibot's own HTTP session reaches no other host, whatever it follows.
    connected = connect(settings, credentials(settings))
    with pytest.raises(
        OffWiki, match=re.escape("refused to contact en.wikipedia.org: maintbot talks only to 127.0.0.1")
    ):
        connected.page("wikipedia:Mill history").exists()


@pytest.mark.usefixtures("wiki")
def test_human_edits_talk_replies_and_request_page_vandalism_during_bot_runs_lose_nothing() -> None:
    from scripts.soak import soak

    report = soak(WIKI_DIR, PORT, pages=5, seconds=20, state_dir=STATE_DIR, asks=2)
    # How many edits fit in 20 s depends on the machine's load; what is asserted is that every side
    # acted at all, that no one's words were lost and that no request was answered or run twice.
    assert report.human_edits >= 1
    assert report.edits >= 1
    assert report.talk_replies >= 1
    assert report.requests_asked >= 1
    assert report.vandal_edits_undone >= 1
    assert report.harm == 0, "\n".join([report.text(), *report.problems])
    assert report.errors == 0, report.problems


def test_a_read_only_wiki_gets_no_half_edit_and_a_clear_report(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(wiki.config(tmp_path))
    flag = WIKI_DIR / "readonly"
    before = {title: wiki.latest_revid(title) for title in PAGES}
    flag.write_text("Database maintenance")
    try:
        with pytest.raises(
            WikiError, match="is read-only \\(Database maintenance\\); nothing was done"
        ) as caught:
            run_bot(settings, Selection(titles=PAGES), dry_run=False, echo=lambda _: None)
        assert caught.value.exit_code == 3
    finally:
        flag.unlink()
    assert {title: wiki.latest_revid(title) for title in PAGES} == before
    again = run_bot(settings, Selection(titles=PAGES), dry_run=False, echo=lambda _: None)
    assert again.exit_code == 0
    _expected_end_state(wiki)


@pytest.mark.parametrize("faults", [["500"], ["maxlag"], ["ratelimited"], ["500", "maxlag", "ratelimited"]])
def test_server_errors_maxlag_and_rate_limits_are_waited_out_and_the_edit_made_once(
    wiki: LocalWiki, tmp_path: Path, faults: list[str]
) -> None:
    from tests.integration.faultproxy import fault_proxy

    with fault_proxy(f"http://127.0.0.1:{PORT}", faults) as (proxy, base):
        config = wiki.config(tmp_path, max_retries=4, retry_wait_seconds=0.2)
        # A family name of its own: pywikibot keeps one family object per name for the process.
        config.write_text(
            config.read_text()
            .replace(wiki.api_url, f"{base}/api.php")
            .replace('name = "testwiki"', f'name = "proxywiki{len(faults)}{faults[0]}"')
        )
        summary = run_bot(
            load(config), Selection(titles=("Mill history",)), dry_run=False, echo=lambda _: None
        )
    assert proxy.injected == faults
    (outcome,) = summary.outcomes
    assert outcome.status == "edited", outcome.reason
    assert wiki.text("Mill history") == MILL_FIXED
    assert [r["user"] for r in wiki.revisions("Mill history", 5)].count("MaintBot") == 1
