"""Incremental runs, revert memory and the shutoff page, against the real wiki."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.config import load
from bot.wiki.outcomes import StopReason
from bot.wiki.runner import run_bot
from bot.wiki.sources import Selection
from tests.support.localwiki import LocalWiki

MILLS = ("Joseph Stalin", "Mill history", "Weir", "Sluice", "Miller", "Sluice gate")


@pytest.fixture
def api_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every API request pywikibot sends, with its parameters."""
    from pywikibot.data import api

    calls: list[dict[str, Any]] = []
    original = api.Request.submit

    def counting(self: api.Request) -> Any:
        calls.append({k: str(v) for k, v in self._params.items()})
        return original(self)

    monkeypatch.setattr(api.Request, "submit", counting)
    return calls


def _quiet(_: str) -> None:
    return None


def test_second_run_over_unchanged_pages_fetches_no_text_and_parses_nothing(
    wiki: LocalWiki, tmp_path: Path, api_calls: list[dict[str, Any]]
) -> None:
    settings = load(wiki.config(tmp_path))
    first = run_bot(settings, Selection(titles=MILLS), dry_run=False, echo=_quiet)
    assert first.parsed >= len(MILLS)
    api_calls.clear()
    second = run_bot(settings, Selection(titles=MILLS), dry_run=False, echo=_quiet)
    assert second.parsed == 0
    assert second.outcomes == []
    assert second.unchanged_skipped == len(MILLS)
    # The wiki's own data pages are asked about on every run; the articles in one batch.
    metadata = [c for c in api_calls if "rvprop" in c and "Module:" not in c.get("titles", "")]
    assert len(metadata) == 1  # one batch of revision ids for all six pages
    content_requests = [c for c in metadata if "'content'" in c["rvprop"]]
    assert content_requests == []
    assert not [c for c in api_calls if c.get("action") == "edit"]


def test_a_page_edited_since_is_checked_again(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(wiki.config(tmp_path))
    run_bot(settings, Selection(titles=("Weir",)), dry_run=False, echo=_quiet)
    wiki.edit_as("Editor", "Weir", (wiki.text("Weir") or "") + "\nMore.{{sfn|Smith|2005|pp=8β9}}")
    again = run_bot(settings, Selection(titles=("Weir",)), dry_run=False, echo=_quiet)
    assert again.parsed == 1
    assert "pp=8–9" in (wiki.text("Weir") or "")


def test_a_human_revert_of_a_bot_fix_is_not_reapplied_but_reported(wiki: LocalWiki, tmp_path: Path) -> None:
    settings = load(wiki.config(tmp_path))
    original = wiki.text("Miller") or ""
    run_bot(settings, Selection(titles=("Miller",)), dry_run=False, echo=_quiet)
    assert "pp=60–61" in (wiki.text("Miller") or "")
    wiki.edit_as("Editor", "Miller", original, summary="Undo: the beta is intended")
    human_revision = wiki.latest_revid("Miller")
    summary = run_bot(settings, Selection(titles=("Miller",)), dry_run=False, echo=_quiet)
    assert wiki.latest_revid("Miller") == human_revision
    assert wiki.text("Miller") == original
    (outcome,) = summary.outcomes
    assert outcome.status == "unchanged"
    assert outcome.reported == 2  # the undone fix is reported now, beside the missing target


def test_shutoff_page_stops_edits_within_one_edit(wiki: LocalWiki, tmp_path: Path) -> None:
    wiki.edit_as("Admin", "User:MaintBot/Shutoff", "run")
    settings = load(wiki.config(tmp_path, shutoff_page="User:MaintBot/Shutoff"))
    edits: list[str] = []

    def admin_pulls_the_switch_after_the_first_edit(page: Any) -> None:
        edits.append(page.title())
        if len(edits) == 1:
            wiki.edit_as("Admin", "User:MaintBot/Shutoff", "stop: checking a complaint")

    before = {title: wiki.latest_revid(title) for title in MILLS}
    summary = run_bot(
        settings,
        Selection(titles=MILLS),
        dry_run=False,
        echo=_quiet,
        before_save=admin_pulls_the_switch_after_the_first_edit,
    )
    after = {title: wiki.latest_revid(title) for title in MILLS}
    changed = [title for title in MILLS if before[title] != after[title]]
    assert changed == ["Joseph Stalin"]  # the edit in flight lands; nothing after it
    assert wiki.text("Talk:Joseph Stalin") is None  # the report that would follow is not posted
    assert summary.stopped is not None
    assert summary.stopped.reason is StopReason.SHUTOFF
    assert summary.exit_code == 5


def test_shutoff_engaged_before_the_run_means_no_edit_at_all(wiki: LocalWiki, tmp_path: Path) -> None:
    wiki.edit_as("Admin", "User:MaintBot/Shutoff", "stopped")
    settings = load(wiki.config(tmp_path, shutoff_page="User:MaintBot/Shutoff"))
    before = {title: wiki.latest_revid(title) for title in MILLS}
    summary = run_bot(settings, Selection(titles=MILLS), dry_run=False, echo=_quiet)
    assert {title: wiki.latest_revid(title) for title in MILLS} == before
    assert summary.exit_code == 5
