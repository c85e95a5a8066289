"""maintbot undo RUN on the real wiki: the bot's edits reverted, a human's work and words kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.support.localwiki import LocalWiki

PAGES = ("Mill history", "Joseph Stalin")
REPLY = ":I will add the 1998 survey. [[User:Editor|Editor]] 10:00, 1 December 2026 (UTC)"
SHUTOFF = "User:MaintBot/Shutoff"


def bot_run(wiki: LocalWiki, config: str) -> dict[str, str | None]:
    """Run 1 over both pages; the texts they had before it."""
    before = {title: wiki.text(title) for title in PAGES}
    assert main(["run", "--config", config, *(arg for title in PAGES for arg in ("--page", title))]) == 0
    assert all(wiki.latest_revision_user(title) == "MaintBot" for title in PAGES)
    return before


def test_undo_reverts_untouched_edits_skips_a_human_edit_and_withdraws_reports_keeping_replies(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(wiki.config(tmp_path))
    before = bot_run(wiki, config)
    human = (wiki.text("Joseph Stalin") or "") + "\n\nA human's new sentence."
    wiki.edit_as("Editor", "Joseph Stalin", human)
    wiki.edit_as("Editor", "Talk:Mill history", (wiki.text("Talk:Mill history") or "") + "\n" + REPLY)
    capsys.readouterr()

    revisions = {title: wiki.latest_revid(title) for title in (*PAGES, "Talk:Mill history")}
    assert main(["undo", "1", "--config", config]) == 1  # dry run: shows, writes nothing
    assert {title: wiki.latest_revid(title) for title in revisions} == revisions
    shown = capsys.readouterr().out
    assert "would revert: Mill history" in shown
    assert "skipped: Joseph Stalin: edited since (revision" in shown

    assert main(["undo", "1", "--config", config, "--yes"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("undo of run 1 (run 2): 1 edit(s) reverted, 2 report(s) withdrawn, 1 skipped")
    assert wiki.text("Mill history") == before["Mill history"]
    (undo,) = wiki.revisions("Mill history", 1)
    assert undo["user"] == "MaintBot"
    assert "undo run 1: back to revision" in undo["comment"]
    assert "; run 2 " in undo["comment"]
    assert wiki.text("Joseph Stalin") == human  # a human built on the bot's edit: left alone
    talk = wiki.text("Talk:Mill history") or ""
    assert "'''Withdrawn:''' run 1, which wrote this report, was undone by run 2." in talk
    assert "CITEREFBrown1998" not in talk
    assert REPLY in talk

    assert main(["undo", "1", "--config", config, "--yes"]) == 1  # nothing is undone twice
    assert wiki.text("Mill history") == before["Mill history"]


def test_undo_stops_at_the_shutoff_page_without_an_edit(wiki: LocalWiki, tmp_path: Path) -> None:
    config = str(wiki.config(tmp_path, shutoff_page=SHUTOFF))
    wiki.edit_as("Admin", SHUTOFF, "run")
    bot_run(wiki, config)
    wiki.edit_as("Admin", SHUTOFF, "stopped")
    revisions = {title: wiki.latest_revid(title) for title in PAGES}
    assert main(["undo", "1", "--config", config, "--yes"]) == 5
    assert {title: wiki.latest_revid(title) for title in PAGES} == revisions
