"""The 280 real articles of ../shared/corpus: no crash, and the fast path equals the full parse.

Skipped cleanly where ../shared is absent (set MAINTBOT_SHARED to point elsewhere).
"""

from __future__ import annotations

from pathlib import Path

from bot.checker import check_text
from bot.cli import main
from bot.fixing import fix_text
from bot.rules.base import Rule
from tests.conftest import CORPUS


def test_check_over_the_whole_corpus_raises_nothing(corpus_files: list[Path], capsys: object) -> None:
    code = main(["check", str(CORPUS), "--statistics"])
    assert code in (0, 1)


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
    for path in corpus_files:
        text = path.read_text(encoding="utf-8")
        result = fix_text(text, all_local_rules)
        if not result.changed:
            continue
        assert fix_text(result.text, all_local_rules).text == result.text, path.name
        assert not any(f.fixable for f in result.remaining), path.name
