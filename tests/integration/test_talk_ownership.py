"""The bot owns only what it wrote on a talk page: replies, subsections and signatures survive."""

from __future__ import annotations

from pathlib import Path

from bot.cli import main
from tests.integration.test_bot_on_wiki import MILL_FIXED
from tests.support.localwiki import LocalWiki

HEADING = "== maintbot: short footnote and image problems =="
TALK = "Talk:Mill history"
NEW_PROBLEM = "{{sfn|Nobody|2001}}"
REPLY = ":I will look for the 1998 survey. [[User:Editor|Editor]] 10:00, 1 December 2026 (UTC)"
SUBSECTION = "=== Which survey? ===\nThe 1998 one is in the county library. ~~~~"


def run(wiki: LocalWiki, tmp_path: Path) -> int:
    return main(["run", "--config", str(wiki.config(tmp_path)), "--page", "Mill history"])


def first_report(wiki: LocalWiki, tmp_path: Path) -> str:
    assert run(wiki, tmp_path) == 0
    talk = wiki.text(TALK)
    assert talk is not None
    assert HEADING in talk
    return talk


def reply(wiki: LocalWiki, text: str) -> None:
    wiki.edit_as("Editor", TALK, (wiki.text(TALK) or "") + "\n" + text)


def add_problem(wiki: LocalWiki) -> None:
    """A new report-only problem in the article, so the next run must update its report."""
    wiki.edit_as("Editor", "Mill history", MILL_FIXED + f"\n\nA new claim.{NEW_PROBLEM}")


def test_a_reply_under_the_report_is_kept_when_the_report_is_updated(wiki: LocalWiki, tmp_path: Path) -> None:
    first_report(wiki, tmp_path)
    reply(wiki, REPLY)
    add_problem(wiki)
    assert run(wiki, tmp_path) == 0
    talk = wiki.text(TALK) or ""
    assert "CITEREFNobody2001" in talk  # the report was updated
    assert REPLY in talk
    assert talk.count(HEADING) == 1


def test_a_subsection_under_the_report_is_kept_when_the_report_is_updated(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    first_report(wiki, tmp_path)
    reply(wiki, SUBSECTION)
    add_problem(wiki)
    run(wiki, tmp_path)
    talk = wiki.text(TALK) or ""
    assert "CITEREFNobody2001" in talk
    assert "=== Which survey? ===\nThe 1998 one is in the county library. [[User:Editor|Editor]]" in talk


def test_resolving_keeps_the_discussion_and_replaces_only_the_bots_table(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    first_report(wiki, tmp_path)
    reply(wiki, REPLY)
    reply(wiki, SUBSECTION)
    wiki.edit_as(
        "Editor", "Mill history", MILL_FIXED.replace("{{sfn|Brown|1998|p=3}}", "{{sfn|Brown|1999|p=3}}")
    )
    run(wiki, tmp_path)
    talk = wiki.text(TALK) or ""
    assert "{{done}} The problems reported here on [[:Mill history]] are gone" in talk
    assert "CITEREFBrown1998" not in talk  # the bot's own table is gone
    assert REPLY in talk
    assert "=== Which survey? ===" in talk
    assert talk.index("{{done}}") < talk.index(REPLY) < talk.index("=== Which survey? ===")


def test_a_reply_written_inside_the_bots_block_is_never_overwritten(wiki: LocalWiki, tmp_path: Path) -> None:
    talk = first_report(wiki, tmp_path)
    inside = talk.replace("|}\n", "|}\n:Row one is wrong, the survey is 1999. ~~~~\n", 1)
    assert inside != talk
    wiki.edit_as("Editor", TALK, inside)
    add_problem(wiki)
    run(wiki, tmp_path)
    talk = wiki.text(TALK) or ""
    assert ":Row one is wrong, the survey is 1999. [[User:Editor|Editor]]" in talk
    assert "CITEREFNobody2001" in talk
    assert talk.count("<!-- maintbot-report digest=") == 1  # one live report, the edited one retired


def test_a_second_run_after_a_reply_changes_nothing(wiki: LocalWiki, tmp_path: Path) -> None:
    first_report(wiki, tmp_path)
    reply(wiki, REPLY)
    before = wiki.latest_revid(TALK)
    run(wiki, tmp_path)
    assert wiki.latest_revid(TALK) == before


def test_a_report_deleted_and_restored_is_updated_in_place_not_posted_again(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    first_report(wiki, tmp_path)
    reply(wiki, REPLY)
    wiki.post_as("Admin", action="delete", title=TALK, reason="cleanup")
    wiki.post_as("Admin", action="undelete", title=TALK, reason="oops")
    add_problem(wiki)
    assert run(wiki, tmp_path) == 0
    talk = wiki.text(TALK) or ""
    assert "CITEREFNobody2001" in talk
    assert talk.count(HEADING) == 1
    assert REPLY in talk


def test_a_report_moved_with_its_article_is_updated_at_the_new_title(wiki: LocalWiki, tmp_path: Path) -> None:
    first_report(wiki, tmp_path)
    reply(wiki, REPLY)
    moved = wiki.post_as(
        "Admin",
        action="move",
        to="Mill history (moved)",
        reason="rename",
        movetalk="1",
        **{"from": "Mill history"},
    )
    assert moved["move"]["talkto"] == "Talk:Mill history (moved)", moved
    wiki.edit_as("Editor", "Mill history (moved)", MILL_FIXED + f"\n\nA new claim.{NEW_PROBLEM}")
    config = str(wiki.config(tmp_path))
    assert main(["run", "--config", config, "--page", "Mill history (moved)"]) == 0
    talk = wiki.text("Talk:Mill history (moved)") or ""
    assert "CITEREFNobody2001" in talk
    assert talk.count(HEADING) == 1
    assert REPLY in talk
    assert (wiki.text(TALK) or "").startswith("#REDIRECT")  # the redirect left behind is not written to
