"""``maintbot check`` and ``maintbot rules`` as a user runs them: output, files, exit codes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.exit_codes import ExitCode
from tests.support.paths import DATA

SEED = DATA / "great-terror.wiki"
HOUSE_SECTIONS = ("What it does:", "Why is this bad?", "Example:", "Use instead:", "Fix safety:", "Source:")
FIXED = (DATA / "great-terror.fixed.wiki").read_text(encoding="utf-8")


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    target = tmp_path / "great-terror.wiki"
    shutil.copy(SEED, target)
    return target


def test_json_output_has_every_documented_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), "--format", "json"]) == ExitCode.FINDINGS
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 88
    first = records[0]
    for key in (
        "path",
        "code",
        "severity",
        "message",
        "template",
        "start",
        "end",
        "line",
        "column",
        "fixable",
    ):
        assert key in first
    no_target = [r for r in records if r["code"] == "SFN-01"]
    assert {r["anchor"] for r in no_target} >= {"CITEREFKhlevniuk2015", "CITEREFHarris2017"}
    mojibake = [r for r in records if r["code"] == "SFN-12"]
    assert all(r["fixable"] and r["template"] in ("sfn", "sfnm") for r in mojibake)
    text = SEED.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]].startswith("{{sfn") for r in mojibake)
    assert all(r["line"] == 1 and r["column"] == r["start"] + 1 for r in records)


def test_diff_shows_the_fix_and_writes_nothing(seed_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = seed_copy.read_bytes()
    assert main(["check", str(seed_copy), "--diff"]) == ExitCode.FINDINGS
    out = capsys.readouterr().out
    assert out.startswith(f"--- {seed_copy} (original)\n+++ {seed_copy} (fixed)\n@@ -1 +1 @@\n")
    assert "2pp=126β127" in out
    assert "2pp=126–127" in out
    assert seed_copy.read_bytes() == before


def test_fix_writes_the_expected_text_and_a_second_fix_changes_nothing(seed_copy: Path) -> None:
    assert main(["check", str(seed_copy), "--fix"]) == ExitCode.FINDINGS  # report-only findings remain
    assert seed_copy.read_text(encoding="utf-8") == FIXED
    main(["check", str(seed_copy), "--fix"])
    assert seed_copy.read_text(encoding="utf-8") == FIXED
    assert not list(seed_copy.parent.glob(".great-terror.wiki.*"))  # no temporary file left


def test_fix_keeps_crlf_line_endings_and_file_mode(tmp_path: Path) -> None:
    page = tmp_path / "page.wiki"
    page.write_bytes(b"Intro.\r\nMills.{{sfn|Smith|2005|pp=12\xce\xb213}}\r\n<!-- keep -->\r\n")
    page.chmod(0o640)
    main(["check", str(page), "--fix", "--select", "SFN-12"])
    assert page.read_bytes() == "Intro.\r\nMills.{{sfn|Smith|2005|pp=12–13}}\r\n<!-- keep -->\r\n".encode()
    assert page.stat().st_mode & 0o777 == 0o640


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "clean.wiki"
    page.write_text("Plain prose with no templates.\n", encoding="utf-8")
    assert main(["check", str(page)]) == ExitCode.OK
    assert capsys.readouterr().out == ""


def test_unreadable_input_is_named_and_the_other_files_are_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "latin1.wiki"
    bad.write_bytes(b"caf\xe9 {{sfn|A|2000}}")
    good = tmp_path / "good.wiki"
    good.write_text("Mills.{{sfn|Smith|2005|pp=126β127}}", encoding="utf-8")
    code = main(["check", str(bad), str(tmp_path / "missing.wiki"), str(good)])
    captured = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert f"{bad}: not valid UTF-8 (byte 0xe9 at offset 3)" in captured.err
    assert f"{tmp_path / 'missing.wiki'}: cannot read" in captured.err
    assert "Traceback" not in captured.err
    assert f"{good}:1:7: SFN-12 [*]" in captured.out


def test_stdin_is_read_and_fix_prints_the_fixed_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = "Mills.{{sfn|Smith|2005|pp=126β127}}"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(source.encode())))
    main(["check", "-", "--fix", "--select", "SFN-12"])
    assert capsys.readouterr().out == "Mills.{{sfn|Smith|2005|pp=126–127}}"


def test_select_and_ignore_pick_rules(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(SEED), "--select", "SFN-11,MI", "--format", "json"])
    codes = {r["code"] for r in json.loads(capsys.readouterr().out)}
    assert codes == {"SFN-11", "MI-01", "MI-03"}
    main(["check", str(SEED), "--ignore", "SFN", "--ignore", "GEN-04", "--format", "json"])
    codes = {r["code"] for r in json.loads(capsys.readouterr().out)}
    assert codes == {"MI-01", "MI-03"}


def test_unknown_selector_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), "--select", "XYZ-1"]) == ExitCode.USAGE
    assert "unknown rule selector 'XYZ-1'" in capsys.readouterr().err


def test_statistics_count_per_code(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(SEED), "--statistics"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["63", "SFN-01"]
    assert lines[1].split()[:2] == ["17", "SFN-12"]
    assert lines[1].endswith("(17 fixable)")
    assert lines[-1].split() == ["88", "total"]


def test_directories_are_searched_for_wiki_and_txt_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.wiki").write_text("{{sfn|A|2000|pp=12}}", encoding="utf-8")
    (tmp_path / "b.txt").write_text("{{sfn|B|2001|pp=12}}", encoding="utf-8")
    (tmp_path / "c.md").write_text("{{sfn|C|2002|pp=12}}", encoding="utf-8")
    main(["check", str(tmp_path), "--select", "SFN-09"])
    out = capsys.readouterr().out
    assert "a.wiki:1:1: SFN-09" in out
    assert "b.txt:1:1: SFN-09" in out
    assert "c.md" not in out


def test_rules_lists_every_code_and_explains_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == ExitCode.OK
    listing = capsys.readouterr().out
    for code in ("SFN-01 ", "SFN-01a", "SFN-20", "SFNM-08", "MI-01 ", "MI-15", "GEN-04"):
        assert code in listing
    assert main(["rules", "sfn-10"]) == ExitCode.OK
    explained = capsys.readouterr().out
    assert explained.startswith(
        "SFN-10  [W, safe fix when guarded]\nReads: {{Sfn}}, {{Sfnp}}, {{SFN}}, {{Sfnm}}, {{Sfnmp}}, "
        "{{Harv}}, {{Harvnb}}, {{Harvtxt}}, {{Harvp}}, {{Harvcol}}, {{Harvcolnb}}, {{Harvcoltxt}}, "
        "{{Harvard citation}}, {{Harvard citation no brackets}}, {{Harvard citation text}}\n"
    )
    main(["rules", "SFNM-01"])
    assert "\nReads: {{Sfnm}}, {{Sfnmp}}\n" in capsys.readouterr().out
    main(["rules", "GEN-04"])
    assert "\nReads: the whole page\n" in capsys.readouterr().out
    for section in HOUSE_SECTIONS:
        assert section in explained
    assert main(["rules", "NOPE-1"]) == ExitCode.USAGE


def test_every_rule_documents_itself_in_the_house_form() -> None:
    from bot.rules.registry import all_rules

    for rule in all_rules():
        doc = rule.documentation()
        for section in HOUSE_SECTIONS:
            assert section in doc, (rule.code, section)
