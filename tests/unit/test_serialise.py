"""One JSON form of a finding: check --format json and scan-dump worklists write the same record."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from bot.checker import check_text
from bot.cli import main
from bot.rules.registry import select
from bot.scan.dump import DumpPage
from bot.scan.engine import check_pages
from tests.support.paths import DATA

SEED = (DATA / "great-terror.wiki").read_text(encoding="utf-8")


def test_findings_survive_pickling_with_their_rule() -> None:
    findings = check_text(SEED, select())
    copies = pickle.loads(pickle.dumps(findings))
    assert copies == findings
    assert all(c.rule is f.rule for c, f in zip(copies, findings, strict=True))
    wording = {f.rule.summary for f in copies if f.code == "SFN-12"}
    assert wording == {("mojibake page range", "mojibake page ranges")}


def test_worklist_findings_are_the_check_json_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "Seed.wiki"
    page.write_text(SEED, encoding="utf-8")
    main(["check", str(page), "--format", "json"])
    checked = json.loads(capsys.readouterr().out)
    scanned = check_pages([DumpPage("Seed", 0, 7, 9, SEED)], ("ALL",), ())
    (record,) = scanned["records"]
    assert (record["title"], record["namespace"], record["page_id"], record["revision"]) == ("Seed", 0, 7, 9)
    assert record["findings"] == [{k: v for k, v in item.items() if k != "path"} for item in checked]
    assert any("anchor" in item for item in record["findings"])  # SFN-01 names its anchor
