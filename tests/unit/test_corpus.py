"""The 280 real articles of ../shared/corpus: the findings expected, the fast path equal to the full
parse, and fixes that are idempotent.

Skipped cleanly where ../shared is absent (set MAINTBOT_SHARED to point elsewhere). After a change
meant to alter findings, tests/data/corpus-summary.json is updated from the failure message.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.checker import check_text
from bot.cli import main
from bot.fixing import fix_text
from bot.rules.base import Rule
from tests.support.paths import CORPUS, DATA

# Checking 280 articles twice (fast and full parse) and fixing them takes about a minute.
pytestmark = pytest.mark.slow

EXPECTED = json.loads((DATA / "corpus-summary.json").read_text(encoding="utf-8"))


def assert_as_expected(actual: dict[str, object]) -> None:
    expected = {key: EXPECTED[key] for key in actual}
    summary = json.dumps({**EXPECTED, **actual}, indent=2, sort_keys=True)
    assert actual == expected, f"corpus findings changed; if meant, corpus-summary.json is now:\n{summary}"


@pytest.mark.usefixtures("corpus_files")
def test_check_finds_what_the_corpus_is_known_to_hold(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CORPUS), "--format", "json"]) == 1  # 1: findings
    findings = json.loads(capsys.readouterr().out)
    actual = {
        "findings": dict(Counter(f["code"] for f in findings)),
        "fixable": dict(Counter(f["code"] for f in findings if f["fixable"])),
        "pages_with_findings": len({f["path"] for f in findings}),
    }
    assert_as_expected(actual)


def test_findings_are_identical_to_the_full_parse_reference(
    corpus_files: list[Path], all_local_rules: list[Rule]
) -> None:
    differing = []
    for path in corpus_files:
        text = path.read_text(encoding="utf-8")
        if check_text(text, all_local_rules) != check_text(text, all_local_rules, reference=True):
            differing.append(path.name)
    assert differing == []


def test_fixes_on_the_corpus_are_idempotent_and_clear_what_they_fixed(
    corpus_files: list[Path], all_local_rules: list[Rule]
) -> None:
    fixed: Counter[str] = Counter()
    pages_fixed = 0
    for path in corpus_files:
        result = fix_text(path.read_text(encoding="utf-8"), all_local_rules)
        assert fix_text(result.text, all_local_rules).text == result.text, path.name
        assert not any(f.fixable for f in result.remaining), path.name
        fixed.update(f.code for f in result.fixed)
        pages_fixed += result.changed
    actual = {"fixed": dict(fixed), "pages_fixed": pages_fixed}
    assert_as_expected(actual)
