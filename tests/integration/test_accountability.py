"""Every edit leads back to its run: the run id in the summary, and the state database resolves it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.localwiki import LocalWiki


def test_status_resolves_the_run_id_of_an_edit_summary_to_the_runs_edits_and_reports(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(wiki.config(tmp_path))
    before = wiki.latest_revid("Mill history")
    assert main(["run", "--config", config, "--page", "Mill history"]) == 0
    (edit,) = wiki.revisions("Mill history", 1)
    assert "; run 1 ([[User:MaintBot/Task|task]])" in edit["comment"]
    (talk,) = wiki.revisions("Talk:Mill history", 1)
    assert "; run 1 ([[User:MaintBot/Task|task]])" in talk["comment"]
    capsys.readouterr()

    assert main(["status", "--config", config, "--run", "1"]) == 0
    text = capsys.readouterr().out
    assert f"  Mill history: revision {before} -> {edit['revid']} (" in text
    assert "  Talk:Mill history: posted (1 problem(s))" in text

    assert main(["status", "--config", config, "--run", "1", "--format", "json"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert [(e["title"], e["new_revision"]) for e in run["edits"]] == [("Mill history", edit["revid"])]


def test_status_of_an_unknown_run_is_one_line_and_exit_2(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "--config", str(wiki.config(tmp_path)), "--run", "99"]) == 2
    assert capsys.readouterr().err == "maintbot: error: the state database knows no run 99\n"
