"""Pathological pages get a clear skip with a reason, in bounded time, never a crash or a hang.

The limits: 2 MiB of text (MediaWiki's own page limit), templates nested 100 deep
(MediaWiki's expansion limit), 10,000 checked templates per page. Each case here would take
minutes or explode without them; the assertions are on outcomes, the suite's timeout guards time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.checker import check_text
from bot.cli import main
from bot.fixing import fix_text
from bot.rules.base import Rule
from bot.wikitext.spans import MAX_CHECKED_TEMPLATES, MAX_NESTING, PageTooComplex

REAL_SECTION = "Mills.{{sfn|Smith|2005|pp=126β127}} " * 50


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("x" * 10_000_000, "larger than"),
        ("{{sfn|" * 200_000, f"nested more than {MAX_NESTING} deep"),
        ("{{sfn|" * (MAX_NESTING + 1) + "}}" * (MAX_NESTING + 1), "nested more than"),
        ("{{{{{{" * 100_000, "nested more than"),
        ("{{sfn|A|2000|p=1}}" * (MAX_CHECKED_TEMPLATES + 1), "checked templates"),
    ],
)
def test_pathological_pages_are_refused_with_a_reason(
    all_local_rules: list[Rule], text: str, reason: str
) -> None:
    with pytest.raises(PageTooComplex, match=reason):
        check_text(text, all_local_rules)
    with pytest.raises(PageTooComplex, match=reason):
        check_text(text, all_local_rules, reference=True)


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 1000 + REAL_SECTION + "\x00",
        "}}" * 100_000 + REAL_SECTION,
        "{{sfn|" * MAX_NESTING + "}}" * MAX_NESTING,
        "[[" * 50_000 + REAL_SECTION,
        "<!--" * 10_000 + REAL_SECTION,
        "{{sfn|A|2000|p=1}}" * 2_000,
        "\ud7ff\ue000\U0010ffff" * 1000 + REAL_SECTION,
    ],
)
def test_odd_but_acceptable_pages_are_checked(all_local_rules: list[Rule], text: str) -> None:
    findings = check_text(text, all_local_rules)
    assert all(0 <= f.start <= f.end <= len(text) for f in findings)
    result = fix_text(text, all_local_rules)
    assert fix_text(result.text, all_local_rules).text == result.text


def test_check_command_skips_a_huge_file_with_a_reason_and_checks_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.wiki"
    huge.write_text("{{sfn|A|2000}} " * 700_000, encoding="utf-8")
    fine = tmp_path / "fine.wiki"
    fine.write_text(REAL_SECTION, encoding="utf-8")
    assert main(["check", str(huge), str(fine), "--statistics"]) == 2
    captured = capsys.readouterr()
    assert f"{huge}: skipped: larger than 2112 KiB" in captured.err
    assert "50  SFN-12" in captured.out
    assert "Traceback" not in captured.err
