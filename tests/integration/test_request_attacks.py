"""The request page attacked as a vandal, a confused admin and a careless sysop would, on the real wiki."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import load
from bot.wiki.request_page import process_requests
from tests.support.daemon import REQUESTS, service_config
from tests.support.localwiki import PORT, STATE_DIR, LocalWiki


def ask(wiki: LocalWiki, user: str, lines: str) -> None:
    wiki.edit_as(user, REQUESTS, (wiki.text(REQUESTS) or "") + "\n" + lines)


def _bot_edits(wiki: LocalWiki, title: str) -> int:
    return sum(1 for revision in wiki.revisions(title, 50) if revision["user"] == "MaintBot")


def test_the_same_line_twice_in_one_edit_is_two_requests_and_edits_the_page_once(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Mill history\n* page: Mill history")
    handled = process_requests(settings)
    assert [(r.nth, status) for r, status in handled] == [(0, "done"), (1, "done")]
    assert _bot_edits(wiki, "Mill history") == 1
    lines = (wiki.text(REQUESTS) or "").split("\n")
    first, second = (i for i, line in enumerate(lines) if line == "* page: Mill history")
    assert lines[first + 1].startswith("*: {{done}} Checked 1 page(s): 1 edited ([[Mill history]])")
    assert lines[second + 1].startswith("*: {{done}} Checked 1 page(s): 0 edited")
    assert process_requests(settings) == []


def test_a_newcomer_rewriting_an_answered_request_makes_a_new_request_of_their_own(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Miller")
    assert [status for _, status in process_requests(settings)] == ["done"]
    before = wiki.latest_revid("Mill history")
    wiki.edit_as(
        "Editor", REQUESTS, (wiki.text(REQUESTS) or "").replace("* page: Miller", "* page: Mill history")
    )
    handled = process_requests(settings)
    assert [(r.user, r.target, status) for r, status in handled] == [("Editor", "Mill history", "declined")]
    assert wiki.latest_revid("Mill history") == before
    assert _bot_edits(wiki, "Miller") == 1
    page = wiki.text(REQUESTS) or ""
    assert page.count("\n*: ") == 2  # the old answer stays, the new line has its own
    assert process_requests(settings) == []


def test_a_sysop_whose_rights_are_removed_before_the_poll_is_declined(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    promote = wiki.post_as("Admin", token_type="userrights", action="userrights", user="Editor", add="sysop")
    assert promote["userrights"]["added"] == ["sysop"], promote
    ask(wiki, "Editor", "* page: Mill history")
    demote = wiki.post_as(
        "Admin", token_type="userrights", action="userrights", user="Editor", remove="sysop"
    )
    assert demote["userrights"]["removed"] == ["sysop"], demote
    before = wiki.latest_revid("Mill history")
    assert [status for _, status in process_requests(settings)] == ["declined"]
    assert wiki.latest_revid("Mill history") == before


def test_direction_marks_and_right_to_left_titles_are_read_as_the_wiki_reads_them(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: \u200fMill history\u200e")
    ask(wiki, "Admin", "* page: \u05d8\u05d7\u05e0\u05d4")  # a Hebrew title no page has
    handled = process_requests(settings)
    assert [status for _, status in handled] == ["done", "done"]
    assert wiki.latest_revision_user("Mill history") == "MaintBot"
    page = wiki.text(REQUESTS) or ""
    assert "Not edited: [[:\u05d8\u05d7\u05e0\u05d4]]: <nowiki>page does not exist</nowiki>." in page
    assert page.count("\n*: ") == 2
    assert process_requests(settings) == []


def test_a_request_page_protected_after_the_request_is_answered_once_when_it_opens(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Mill history")
    wiki.post_as("Admin", action="protect", title=REQUESTS, protections="edit=sysop", expiry="infinite")
    assert [status for _, status in process_requests(settings)] == ["unanswered"]
    assert _bot_edits(wiki, "Mill history") == 1
    assert [status for _, status in process_requests(settings)] == ["unanswered"]  # not run again
    assert _bot_edits(wiki, "Mill history") == 1
    wiki.post_as("Admin", action="protect", title=REQUESTS, protections="edit=all", expiry="infinite")
    assert [status for _, status in process_requests(settings)] == ["done"]
    assert (wiki.text(REQUESTS) or "").count("\n*: ") == 1
    assert process_requests(settings) == []


def test_a_request_naming_ten_thousand_pages_is_declined_in_one_line(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: " + "|".join(f"Page {n}" for n in range(10_000)))
    assert [status for _, status in process_requests(settings)] == ["declined"]
    page = wiki.text(REQUESTS) or ""
    (answer,) = [line for line in page.split("\n") if line.startswith("*: ")]
    assert answer.startswith("*: Declined: not a valid page title (<nowiki>")
    assert len(answer) < 500


def test_requests_answered_before_the_state_was_lost_are_not_run_or_answered_again(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Miller")
    ask(wiki, "Editor", "* page: Mill history")
    assert [status for _, status in process_requests(settings)] == ["done", "declined"]
    for database in STATE_DIR.glob("state.sqlite*"):
        database.unlink()
    ask(wiki, "Admin", "* page: Weir")  # asked after the loss: still run
    handled = process_requests(settings)
    assert [(r.target, status) for r, status in handled] == [("Weir", "done")]
    assert _bot_edits(wiki, "Miller") == 1
    assert (wiki.text(REQUESTS) or "").count("\n*: ") == 3
    assert process_requests(settings) == []


def test_an_answer_saved_whose_reply_the_server_lost_is_not_posted_again(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    from tests.integration.faultproxy import fault_proxy

    ask(wiki, "Editor", "* page: Mill history")
    with fault_proxy(f"http://127.0.0.1:{PORT}", ["lost", "lost"]) as (proxy, base):
        config = service_config(wiki, tmp_path)
        config.write_text(  # a family name of its own: pywikibot keeps one family object per name
            config.read_text()
            .replace(wiki.api_url, f"{base}/api.php")
            .replace('name = "testwiki"', 'name = "lostanswerwiki"')
        )
        settings = load(config)
        assert [status for _, status in process_requests(settings)] == ["unanswered"]
        assert proxy.injected == ["lost", "lost"]
        assert (wiki.text(REQUESTS) or "").count("\n*: Declined:") == 1  # saved all the same
        assert process_requests(settings) == []  # the bot's own revision shows the answer
    assert (wiki.text(REQUESTS) or "").count("\n*: Declined:") == 1


def test_a_moved_request_page_is_named_to_the_operator_and_no_request_is_taken_from_its_new_title(
    wiki: LocalWiki, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load(service_config(wiki, tmp_path))
    ask(wiki, "Admin", "* page: Miller")
    moved = wiki.post_as("Editor", action="move", **{"from": REQUESTS}, to="User:Editor/Requests")
    assert moved["move"]["to"] == "User:Editor/Requests", moved
    wiki.edit_as(
        "Editor", "User:Editor/Requests", (wiki.text("User:Editor/Requests") or "") + "\n* page: Mill history"
    )
    before = {title: wiki.latest_revid(title) for title in ("Miller", "Mill history")}
    with caplog.at_level(logging.WARNING, logger="maintbot"):
        assert process_requests(settings) == []
    assert {title: wiki.latest_revid(title) for title in before} == before
    assert (
        f"request page {REQUESTS} redirects to User:Editor/Requests (moved?): no request there is read"
        in caplog.text
    )
