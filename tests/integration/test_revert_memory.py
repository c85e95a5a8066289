"""A fix a human undid is never made again: not after the page is moved, not after the bot's state
database is lost, whichever way the human undid it (by hand, with undo, with rollback)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import load
from bot.wiki import history
from bot.wiki.outcomes import PageStatus
from bot.wiki.runner import run_bot
from bot.wiki.sources import Selection
from scripts.make_dump import write_dump
from tests.support.localwiki import STATE_DIR, LocalWiki

FIXED = "pp=60–61"


def _quiet(_: str) -> None:
    return None


def _by_hand(wiki: LocalWiki, original: str) -> None:
    wiki.edit_as("Editor", "Miller", original, summary="the beta is intended")


def _with_undo(wiki: LocalWiki, _original: str) -> None:
    (bot_edit,) = wiki.revisions("Miller", 1)
    wiki.post_as("Editor", action="edit", title="Miller", undo=bot_edit["revid"], summary="undo")


def _with_rollback(wiki: LocalWiki, _original: str) -> None:
    rolled = wiki.post_as("Admin", "rollback", action="rollback", title="Miller", user="MaintBot")
    assert "rollback" in rolled, rolled


REVERTS: dict[str, Callable[[LocalWiki, str], None]] = {
    "by hand": _by_hand,
    "undo": _with_undo,
    "rollback": _with_rollback,
}


def _fixed_then_reverted(wiki: LocalWiki, config: Path, revert: Callable[[LocalWiki, str], None]) -> str:
    """The bot fixes Miller, a human reverts the fix; the page's text after the revert."""
    original = wiki.text("Miller") or ""
    run_bot(load(config), Selection(titles=("Miller",)), dry_run=False, echo=_quiet)
    assert FIXED in (wiki.text("Miller") or "")
    revert(wiki, original)
    assert wiki.text("Miller") == original
    return original


def _second_run_leaves_it(wiki: LocalWiki, config: Path, title: str, text: str) -> None:
    human_revision = wiki.latest_revid(title)
    summary = run_bot(load(config), Selection(titles=(title,)), dry_run=False, echo=_quiet)
    assert wiki.latest_revid(title) == human_revision
    assert wiki.text(title) == text
    (outcome,) = summary.outcomes
    assert outcome.status is PageStatus.UNCHANGED
    assert outcome.reported == 2  # the undone fix is reported now, beside the missing target


def test_a_reverted_fix_is_not_made_again_after_the_page_is_moved(wiki: LocalWiki, tmp_path: Path) -> None:
    config = wiki.config(tmp_path)
    original = _fixed_then_reverted(wiki, config, _by_hand)
    moved = wiki.post_as(
        "Admin", action="move", to="Miller (trade)", reason="more precise title", **{"from": "Miller"}
    )
    assert moved["move"]["to"] == "Miller (trade)", moved
    _second_run_leaves_it(wiki, config, "Miller (trade)", original)


@pytest.mark.parametrize("how", list(REVERTS))
def test_a_reverted_fix_is_not_made_again_when_the_state_database_is_lost(
    wiki: LocalWiki, tmp_path: Path, how: str
) -> None:
    config = wiki.config(tmp_path)
    original = _fixed_then_reverted(wiki, config, REVERTS[how])
    for kept in STATE_DIR.glob("state.sqlite*"):
        kept.unlink()
    _second_run_leaves_it(wiki, config, "Miller", original)


def _lose_state() -> None:
    for kept in STATE_DIR.glob("state.sqlite*"):
        kept.unlink()


def test_reverted_fixes_are_remembered_when_who_edited_them_comes_in_pieces(
    wiki: LocalWiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked in the query that reads the pages' text, the bot's edits of a batch come one
    contributor per reply here: a page whose entry comes in a later reply is not taken as
    never edited by the bot."""
    config = wiki.config(tmp_path)
    original = wiki.text("Miller") or ""
    twins = ("Miller", "Miller (craft)", "Miller (guild)")
    for title in twins[1:]:
        wiki.edit_as("Editor", title, original)
    run_bot(load(config), Selection(titles=twins), dry_run=False, echo=_quiet)
    for title in twins:
        assert FIXED in (wiki.text(title) or "")
        wiki.edit_as("Editor", title, original, summary="the beta is intended")
    _lose_state()
    monkeypatch.setitem(history.BOT_CONTRIBUTORS, "pclimit", "1")
    summary = run_bot(load(config), Selection(titles=twins), dry_run=False, echo=_quiet)
    assert [wiki.text(title) for title in twins] == [original] * 3
    assert [o.status for o in summary.outcomes] == [PageStatus.UNCHANGED] * 3
    assert [o.reported for o in summary.outcomes] == [2] * 3


def test_a_reverted_fix_is_remembered_in_a_batch_too_big_to_ask_along(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    """MediaWiki tells the contributors of 100 pages per request: a bigger batch asks separately,
    for the pages to be edited."""
    config = wiki.config(tmp_path, batch_size=150)
    original = _fixed_then_reverted(wiki, config, _by_hand)
    _lose_state()
    fillers = [(f"Filler {i}", f"Quiet page {i}.") for i in range(120)]
    write_dump(fillers, tmp_path / "fillers.xml")
    wiki.maintenance("maintenance/importDump.php", str(tmp_path / "fillers.xml"))
    titles = ("Miller", *(title for title, _ in fillers))
    summary = run_bot(load(config), Selection(titles=titles), dry_run=False, echo=_quiet)
    assert wiki.text("Miller") == original
    (miller,) = [o for o in summary.outcomes if o.title == "Miller"]
    assert miller.status is PageStatus.UNCHANGED
    assert miller.reported == 2
