"""Pathological pages get a clear skip with a reason, in bounded time and memory, never a crash or a hang.

The limits: 2 MiB of text (MediaWiki's own page limit), templates nested 100 deep
(MediaWiki's expansion limit), 10,000 checked templates per page, and unclosed tags times
characters (mwparserfromhell reads to the end from each unclosed tag). Each case here would take
minutes or hours without them. The worst pages inside the limits are checked and fixed in a child
process held to a CPU and memory budget by the kernel (setrlimit): over budget, it is killed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.checker import check_text
from bot.cli import main
from bot.fixing import fix_text
from bot.rules.base import Rule
from bot.wikitext.limits import MAX_CHECKED_TEMPLATES, MAX_NESTING, PageTooComplex
from tests.support.paths import ROOT

# Each case builds and checks megabytes of hostile text; the whole file takes over a minute.
pytestmark = pytest.mark.slow

REAL_SECTION = "Mills.{{sfn|Smith|2005|pp=126β127}} " * 50


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("x" * 10_000_000, "larger than"),
        ("{{sfn|" * 200_000, f"nested more than {MAX_NESTING} deep"),
        ("{{sfn|" * (MAX_NESTING + 1) + "}}" * (MAX_NESTING + 1), "nested more than"),
        ("{{{{{{" * 100_000 + REAL_SECTION, "nested more than"),
        ("{{sfn|A|2000|p=1}}" * (MAX_CHECKED_TEMPLATES + 1), "checked templates"),
        ("{{sfn|Smith|" + "<span>" * 300_000 + "|2005}}", "unclosed tags or comments"),
        ("{{sfn|Smith|2005" + "<ref " * 50 + "x" * 2_000_000, "too costly to parse"),
        (("{{sfn|A|2000|p=" + "<span>" * 60 + "x" * 2000 + "}}") * 900, "too costly to parse"),
    ],
)
def test_pathological_pages_are_refused_with_a_reason(
    all_local_rules: list[Rule], text: str, reason: str
) -> None:
    with pytest.raises(PageTooComplex, match=reason):
        check_text(text, all_local_rules)
    with pytest.raises(PageTooComplex, match=reason):
        check_text(text, all_local_rules, reference=True)


def test_a_page_without_checked_templates_has_nothing_to_bound_and_is_clean(
    all_local_rules: list[Rule],
) -> None:
    # The prefilter finds no checked name, so nothing is scanned: the depth costs nothing.
    assert check_text("{{{{{{" * 100_000 + "{{cite book|title=Mills}}", all_local_rules) == []


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
        "<!--" * 500_000 + REAL_SECTION,
        "{{sfn|Smith|" + "<!--" * 500_000 + "|2005}}",  # the first comment hides the rest
        REAL_SECTION + "<nowiki>" * 250_000,
        REAL_SECTION + "<ref " * 400_000,
        REAL_SECTION + "<pre/" * 400_000 + ">",
        "{{cite book|last=" + "((" * 1_000_000 + "|year=2005}}" + REAL_SECTION,
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


# The worst pages inside every limit: the most templates with fixes, the costliest unclosed tags
# the parse budget allows (in the full parse and inside a template), the most images.
WORST_PAGES = {
    "10,000 footnotes, each fixed": "{{sfn|Smith|2005|pp=126β127}} text " * MAX_CHECKED_TEMPLATES,
    "full parse, unclosed attributes": "{{sfn|A|2000" + "<ref " * 45 + "x" * 2_000_000,
    "inside a footnote, unclosed attributes": "{{sfn|A|2000|p=" + "<ref " * 45 + "x" * 2_000_000 + "}}",
    "9,000 multiple images": "{{multiple image|image1=|caption1=x|image2=A.png|caption2=y}}\n" * 9_000,
    "9,900 footnotes nested 99 deep": ("{{sfn|" * 99 + "}}" * 99 + " ") * 100,
}
CPU_SECONDS = 60  # about five times the slowest case on a laptop core
MEMORY_BYTES = 1024**3
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from bot.checker import check_text
from bot.fixing import fix_text
from bot.rules.registry import select
from bot.wikitext.limits import PageTooComplex
text = open(sys.argv[1], encoding="utf-8").read()
try:
    check_text(text, select())
    print(len(fix_text(text, select()).fixed))
except PageTooComplex as refused:
    print("refused:", refused)
"""


@pytest.mark.parametrize("name", WORST_PAGES)
def test_worst_pages_inside_the_limits_stay_within_cpu_and_memory_budgets(tmp_path: Path, name: str) -> None:
    page = tmp_path / "page.wiki"
    page.write_text(WORST_PAGES[name], encoding="utf-8")
    child = CHILD.format(cpu=CPU_SECONDS, memory=MEMORY_BYTES)
    done = subprocess.run([sys.executable, "-c", child, str(page)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, f"{name}: killed or failed (exit {done.returncode}): {done.stderr[-500:]}"
    assert "refused" not in done.stdout, done.stdout  # inside the limits: checked, not skipped


def test_endless_input_is_read_no_further_than_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/dev/zero"]) == 2
    assert "/dev/zero: skipped: larger than 2112 KiB" in capsys.readouterr().err
