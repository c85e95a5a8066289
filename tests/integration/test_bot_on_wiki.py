"""The bot against a real MediaWiki: edits, talk reports, dry runs, guards, conflicts, failures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load
from scripts import localwiki
from tests.support.localwiki import LocalWiki
from tests.support.paths import DATA, ROOT

MILL_FIXED = (DATA / "wiki" / "mill_history.fixed.wiki").read_text(encoding="utf-8").rstrip("\n")
SEED_FIXED = (DATA / "great-terror.fixed.wiki").read_text(encoding="utf-8").rstrip("\n")
ALL_PAGES = [
    "Joseph Stalin",
    "Mill history",
    "Weir",
    "Sluice",
    "Millstone",
    "Mill pond",
    "Mill rights",
    "Miller",
    "Sluice gate",
    "Talk:Miller",
    "Template:Sfn/doc",
]
MILL_SUMMARY = (
    "maintbot: Fixed 1 year dash that broke a footnote link (SFN-01a); 1 page range given as p (SFN-08);"
    " 1 page range dash (SFN-10); 1 mojibake page range (SFN-12); 1 image with a File: prefix (MI-04);"
    " 1 image size with a unit (MI-06); run 1 ([[User:MaintBot/Task|task]])"
)


def run(wiki: LocalWiki, tmp_path: Path, *args: str) -> int:
    return main(["run", "--config", str(wiki.config(tmp_path)), *args])


def test_fixable_page_is_edited_exactly_as_a_bot_with_the_expected_summary(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    assert run(wiki, tmp_path, "--page", "Mill history") == 0
    assert wiki.text("Mill history") == MILL_FIXED
    (latest, *_) = wiki.revisions("Mill history", 1)
    assert latest["user"] == "MaintBot"
    assert latest["comment"] == MILL_SUMMARY
    assert latest["minor"] is True
    assert wiki.bot_flagged("Mill history")


def test_talk_page_holds_the_report_and_a_second_run_changes_nothing(wiki: LocalWiki, tmp_path: Path) -> None:
    run(wiki, tmp_path, "--page", "Mill history")
    talk = wiki.text("Talk:Mill history")
    assert talk is not None
    assert talk.startswith("== maintbot: short footnote and image problems ==\n<!-- maintbot-report digest=")
    assert "| SFN-01 || <code><nowiki>sfn: no target: CITEREFBrown1998</nowiki></code>" in talk
    assert "a citation by the same names has year 1999 (CITEREFBrown1999)" in talk
    assert re.search(r"\[\[User:MaintBot\|MaintBot\]\].*\(UTC\)<!-- /maintbot-report -->$", talk)
    revisions = {title: wiki.latest_revid(title) for title in ("Mill history", "Talk:Mill history")}
    assert run(wiki, tmp_path, "--page", "Mill history") == 0
    assert {title: wiki.latest_revid(title) for title in revisions} == revisions
    assert wiki.text("Talk:Mill history") == talk


def test_seed_page_gets_exactly_the_seventeen_range_repairs(wiki: LocalWiki, tmp_path: Path) -> None:
    run(wiki, tmp_path, "--page", "Joseph Stalin")
    assert wiki.text("Joseph Stalin") == SEED_FIXED
    (latest,) = wiki.revisions("Joseph Stalin", 1)
    assert latest["comment"].startswith("maintbot: Fixed 17 mojibake page ranges (SFN-12)")
    talk = wiki.text("Talk:Joseph Stalin") or ""
    assert "7 works are cited by 42 short footnotes but have no entry in the bibliography" in talk
    assert "page range 347–248 in 1pp runs backwards" in talk
    assert "no images, but text remains (caption1, caption2)" in talk
    assert "groups—among" in talk


def test_report_is_updated_in_place_and_marked_resolved_when_the_problem_is_gone(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    run(wiki, tmp_path, "--page", "Mill history")
    fixed_by_human = MILL_FIXED.replace("{{sfn|Brown|1998|p=3}}", "{{sfn|Brown|1999|p=3}}")
    wiki.edit_as("Editor", "Mill history", fixed_by_human)
    wiki.edit_as(
        "Editor", "Talk:Mill history", (wiki.text("Talk:Mill history") or "") + "\n\n== Other ==\nHi."
    )
    run(wiki, tmp_path, "--page", "Mill history")
    talk = wiki.text("Talk:Mill history") or ""
    assert talk.count("== maintbot: short footnote and image problems ==") == 1
    assert "{{done}} The problems reported here on [[:Mill history]] are gone" in talk
    assert talk.rstrip().endswith("== Other ==\nHi.")
    assert wiki.text("Mill history") == fixed_by_human


def test_dry_run_writes_nothing_and_prints_the_plan(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {title: wiki.latest_revid(title) for title in ALL_PAGES}
    out = tmp_path / "plans"
    assert run(wiki, tmp_path, "--dry-run", "--out", str(out)) == 0
    assert {title: wiki.latest_revid(title) for title in ALL_PAGES} == before
    assert wiki.text("Talk:Mill history") is None
    printed = capsys.readouterr().out
    assert "--- Mill history (original)" in printed
    assert "+++ Mill history (fixed)" in printed
    assert "=== planned report on [[Talk:Mill history]] ===" in printed
    assert (out / "Mill_history.diff").read_text(encoding="utf-8").startswith("--- Mill history (original)")
    assert "CITEREFBrown1998" in (out / "Mill_history.talk.wiki").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["dry_run"] is True
    assert summary["counts"]["edited"] == 3


def test_nobots_bots_deny_and_protected_pages_are_left_untouched(wiki: LocalWiki, tmp_path: Path) -> None:
    guarded = ["Millstone", "Mill pond", "Mill rights"]
    before = {title: wiki.latest_revid(title) for title in guarded}
    run(wiki, tmp_path, "--page", "Millstone", "--page", "Mill pond", "--page", "Mill rights")
    assert {title: wiki.latest_revid(title) for title in guarded} == before
    for title in guarded:
        assert wiki.text(f"Talk:{title}") is None


def test_talk_page_with_nobots_gets_no_report_but_the_article_is_fixed(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    talk_before = wiki.latest_revid("Talk:Miller")
    run(wiki, tmp_path, "--page", "Miller")
    assert "pp=60–61" in (wiki.text("Miller") or "")
    assert wiki.latest_revid("Talk:Miller") == talk_before


def test_cosmetic_only_fix_is_not_saved(wiki: LocalWiki, tmp_path: Path) -> None:
    before = wiki.latest_revid("Sluice")
    run(wiki, tmp_path, "--page", "Sluice")
    assert wiki.latest_revid("Sluice") == before


def test_a_human_edit_between_read_and_save_is_preserved(wiki: LocalWiki, tmp_path: Path) -> None:
    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    human_text = (wiki.text("Mill history") or "") + "\n\nA human added this paragraph."
    fired: list[str] = []

    def human_edits_first(_page: object) -> None:
        if not fired:
            fired.append("once")
            wiki.edit_as("Editor", "Mill history", human_text)

    settings = load(wiki.config(tmp_path))
    summary = run_bot(
        settings,
        Selection(titles=("Mill history",)),
        dry_run=False,
        before_save=human_edits_first,
        echo=lambda _: None,
    )
    final = wiki.text("Mill history") or ""
    assert "A human added this paragraph." in final
    assert final == MILL_FIXED + "\n\nA human added this paragraph."
    users = [r["user"] for r in wiki.revisions("Mill history", 3)]
    assert users[:2] == ["MaintBot", "Editor"]
    outcome = summary.outcomes[0]
    assert outcome.status == "edited"
    assert outcome.conflicts <= 1  # MediaWiki merged the two edits, or the bot re-read and re-planned


def test_a_human_edit_in_the_same_second_as_the_bot_read_is_kept(wiki: LocalWiki, tmp_path: Path) -> None:
    """MediaWiki's edit timestamps have one-second resolution: a save that names its base revision
    only by timestamp overwrites a human edit made in the same second as that revision."""
    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    base = wiki.latest_revid("Mill history")
    assert base is not None
    human_text = (wiki.text("Mill history") or "") + "\n\nA human added this in the same second."
    fired: list[str] = []

    def human_edits_in_the_same_second(_page: object) -> None:
        if not fired:
            fired.append("once")
            wiki.edit_as("Editor", "Mill history", human_text)
            human = wiki.latest_revid("Mill history")
            assert human is not None
            assert human != base
            wiki.date_like(human, base)

    summary = run_bot(
        load(wiki.config(tmp_path)),
        Selection(titles=("Mill history",)),
        dry_run=False,
        before_save=human_edits_in_the_same_second,
        echo=lambda _: None,
    )
    assert fired
    assert wiki.text("Mill history") == MILL_FIXED + "\n\nA human added this in the same second."
    assert [r["user"] for r in wiki.revisions("Mill history", 2)] == ["MaintBot", "Editor"]
    assert summary.outcomes[0].status == "edited"


def test_wiki_that_is_down_gives_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "down.toml"
    config.write_text(
        '[wiki]\napi_url = "http://127.0.0.1:9/api.php"\n'
        f'[run]\nstate_dir = "{ROOT / "var" / "state" / "test"}"\n',
        encoding="utf-8",
    )
    assert main(["run", "--config", str(config), "--dry-run"]) == 3
    err = capsys.readouterr().err
    assert "cannot reach the wiki at http://127.0.0.1:9/api.php" in err
    assert "Traceback" not in err


def test_wrong_api_url_gives_a_clear_error(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "wrong.toml"
    config.write_text(
        f'[wiki]\napi_url = "http://127.0.0.1:{wiki.port}/w/api.php"\n'
        f'[run]\nstate_dir = "{ROOT / "var" / "state" / "test"}"\n',
        encoding="utf-8",
    )
    assert main(["run", "--config", str(config), "--dry-run"]) == 3
    err = capsys.readouterr().err
    assert "answered HTTP 404" in err or "did not answer like a MediaWiki API" in err
    assert "Traceback" not in err


def test_wrong_bot_password_is_refused_without_revealing_it(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "0123456789abcdefghijklmnopqrstuv"
    bad = tmp_path / "bad-password.toml"
    bad.write_text(f'user = "MaintBot@maintbot"\npassword = "{secret}"\n', encoding="utf-8")
    bad.chmod(0o600)
    config = wiki.config(tmp_path)
    config.write_text(config.read_text().replace(str(wiki.dir / "bot-password.toml"), str(bad)))
    code = main(["run", "--config", str(config), "--page", "Weir"])
    captured = capsys.readouterr()
    assert code == 2
    assert "login as MaintBot@maintbot failed" in captured.err
    assert secret not in captured.err + captured.out


def test_password_file_readable_by_others_is_refused(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_file = tmp_path / "open-password.toml"
    open_file.write_text((wiki.dir / "bot-password.toml").read_text())
    open_file.chmod(0o644)
    config = wiki.config(tmp_path)
    config.write_text(config.read_text().replace(str(wiki.dir / "bot-password.toml"), str(open_file)))
    assert main(["run", "--config", str(config), "--page", "Weir"]) == 2
    assert "readable by others; run: chmod 600" in capsys.readouterr().err


def test_pages_are_found_by_transclusion_and_category(wiki: LocalWiki, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    run(wiki, tmp_path, "--dry-run", "--category", "Mill articles", "--out", str(out))
    titles = {p["title"] for p in json.loads((out / "summary.json").read_text())["pages"]}
    assert titles == {"Mill history", "Weir", "Sluice"}
    run(wiki, tmp_path, "--dry-run", "--transcludes", "Sfn", "--limit", "3", "--out", str(out))
    assert len(json.loads((out / "summary.json").read_text())["pages"]) == 3


def test_a_run_that_names_no_pages_checks_pages_with_only_harv_or_sfnp_footnotes(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    if not localwiki.modules_present():
        pytest.skip("../shared/wiki-modules is not present: no template transcludes Module:Footnotes")
    wiki.edit_as("Editor", "Harv only", "Mills ground grain {{harvnb|Nobody|2001}}.")
    wiki.edit_as("Editor", "Sfnp only", "Mills ground grain.{{sfnp|Nobody|2002}}")
    out = tmp_path / "plans"
    run(wiki, tmp_path, "--dry-run", "--out", str(out))
    titles = {p["title"] for p in json.loads((out / "summary.json").read_text())["pages"]}
    assert {"Harv only", "Sfnp only", "Mill history"} <= titles


def test_a_dump_worklist_drives_a_run_that_rechecks_current_text(wiki: LocalWiki, tmp_path: Path) -> None:
    worklist = tmp_path / "worklist.jsonl"
    worklist.write_text(
        json.dumps({"title": "Mill history", "revision": 1, "findings": []})
        + "\n"
        + json.dumps({"title": "Miller", "revision": 1, "findings": []})
        + "\n",
        encoding="utf-8",
    )
    wiki.edit_as("Editor", "Miller", "'''Miller''' was a common trade. Fixed by hand meanwhile.")
    assert run(wiki, tmp_path, "--from-worklist", str(worklist)) == 0
    assert wiki.text("Mill history") == MILL_FIXED
    assert wiki.latest_revision_user("Miller") == "Editor"  # its current text needs nothing


def test_a_save_draws_no_warning_from_the_api(wiki: LocalWiki, tmp_path: Path) -> None:
    # A process of its own: pywikibot prints the API's warnings to the stderr it first met.
    config = str(wiki.config(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--config", config, "--page", "Mill history"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert wiki.latest_revision_user("Mill history") == "MaintBot"
    assert "API warning" not in done.stderr
