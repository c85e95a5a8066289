"""Each run proves its login afresh; a block or a read-only wiki stops it; redirect talk pages are
never edited."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load
from bot.wiki.errors import WikiError
from bot.wiki.runner import run_bot
from bot.wiki.sources import Selection
from tests.support.localwiki import WIKI_DIR, LocalWiki

PAGES = ("Mill history", "Miller", "Joseph Stalin")


def run(config: Path, *args: str) -> int:
    return main(["run", "--config", str(config), *args])


def _block_the_bot(wiki: LocalWiki) -> None:
    wiki.maintenance(
        "maintenance/blockUsers.php", "--reason", "test", "--disable-autoblock", stdin="MaintBot\n"
    )


def test_a_wrong_password_after_a_good_run_is_refused_with_exit_2(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = wiki.config(tmp_path)
    assert run(config, "--page", "Weir") == 0
    bad = tmp_path / "bad-password.toml"
    bad.write_text('user = "MaintBot@maintbot"\npassword = "0123456789abcdefghijklmnopqrstuv"\n')
    bad.chmod(0o600)
    config.write_text(config.read_text().replace(str(wiki.dir / "bot-password.toml"), str(bad)))
    before = wiki.latest_revid("Mill history")
    assert run(config, "--page", "Mill history") == 2
    assert "login as MaintBot@maintbot failed" in capsys.readouterr().err
    assert wiki.latest_revid("Mill history") == before


def test_a_blocked_account_is_refused_at_start_with_exit_4(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = wiki.config(tmp_path)
    assert run(config, "--page", "Weir") == 0  # a good run first: its session must not be trusted
    _block_the_bot(wiki)
    before = wiki.latest_revid("Mill history")
    assert run(config, "--page", "Mill history") == 4
    err = capsys.readouterr().err
    assert "MaintBot is blocked" in err
    assert "Traceback" not in err
    assert wiki.latest_revid("Mill history") == before


def _stopped_mid_run(wiki: LocalWiki, tmp_path: Path, act: object) -> WikiError:
    settings = load(wiki.config(tmp_path))
    saves: list[str] = []

    def after_first_save(page: object) -> None:
        saves.append(str(page))
        if len(saves) == 2:
            act()  # type: ignore[operator]

    with pytest.raises(WikiError) as caught:
        run_bot(settings, Selection(titles=PAGES), dry_run=False, before_save=after_first_save, echo=print)
    return caught.value


def test_a_block_in_the_middle_of_a_run_stops_it_with_exit_4(wiki: LocalWiki, tmp_path: Path) -> None:
    error = _stopped_mid_run(wiki, tmp_path, lambda: _block_the_bot(wiki))
    assert error.exit_code == 4
    assert "blocked" in str(error)
    assert [r["user"] for r in wiki.revisions("Joseph Stalin", 1)] != ["MaintBot"]


def test_a_wiki_turning_read_only_in_the_middle_of_a_run_stops_it_with_exit_3(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    flag = WIKI_DIR / "readonly"
    try:
        error = _stopped_mid_run(wiki, tmp_path, lambda: flag.write_text("Emergency maintenance"))
    finally:
        flag.unlink(missing_ok=True)
    assert error.exit_code == 3
    assert "is read-only (Emergency maintenance); the run stopped there, what it saved before stands" in str(
        error
    )
    assert [r["user"] for r in wiki.revisions("Joseph Stalin", 1)] != ["MaintBot"]


def test_a_talk_page_redirecting_elsewhere_is_never_edited(wiki: LocalWiki, tmp_path: Path) -> None:
    wiki.edit_as("Editor", "Talk:Mill history", "#REDIRECT [[User:Editor/Notes]]")
    before = wiki.latest_revid("Talk:Mill history")
    assert run(wiki.config(tmp_path), "--page", "Mill history") == 0
    assert wiki.latest_revid("Talk:Mill history") == before
    assert wiki.text("User:Editor/Notes") is None


def test_a_talk_page_redirecting_to_the_same_articles_other_talk_gets_the_report_there(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    wiki.edit_as("Editor", "Mills of the valley", "#REDIRECT [[Mill history]]")
    wiki.edit_as("Editor", "Talk:Mills of the valley", "== Merge ==\nMerged into Mill history.")
    wiki.edit_as("Editor", "Talk:Mill history", "#REDIRECT [[Talk:Mills of the valley]]")
    assert run(wiki.config(tmp_path), "--page", "Mill history") == 0
    assert wiki.text("Talk:Mill history") == "#REDIRECT [[Talk:Mills of the valley]]"
    target = wiki.text("Talk:Mills of the valley") or ""
    assert target.startswith("== Merge ==\nMerged into Mill history.")
    assert "CITEREFBrown1998" in target
