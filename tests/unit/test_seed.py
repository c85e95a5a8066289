"""The seed page (tests/data/great-terror.wiki): every finding it must and must not produce."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.checker import check_text
from bot.fixing import fix_text
from bot.rules.base import Finding, Rule
from tests.support.paths import DATA

SEED = (DATA / "great-terror.wiki").read_text(encoding="utf-8")
FIXED = (DATA / "great-terror.fixed.wiki").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def findings(all_local_rules: list[Rule]) -> list[Finding]:
    return check_text(SEED, all_local_rules)


def of(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def test_seed_produces_exactly_these_codes(findings: list[Finding]) -> None:
    assert Counter(f.code for f in findings) == {
        "SFN-01": 63,  # 32 sfn + 31 sfnm sources; the section has no bibliography
        "SFN-12": 17,
        "GEN-04": 4,
        "MI-03": 2,
        "MI-01": 1,
        "SFN-11": 1,
    }


def test_every_anchor_is_reported_without_target(findings: list[Finding]) -> None:
    anchors = {f.anchor for f in of(findings, "SFN-01")}
    assert anchors == {
        "CITEREFKhlevniuk2015",
        "CITEREFConquest1991",
        "CITEREFMontefiore2003",
        "CITEREFService2004",
        "CITEREFOvery2004",
        "CITEREFConquest2008",
        "CITEREFHarris2017",
    }
    assert all(not f.fixable for f in of(findings, "SFN-01"))


def test_seventeen_mojibake_ranges_are_fixable_one_character_each(findings: list[Finding]) -> None:
    mojibake = of(findings, "SFN-12")
    assert len(mojibake) == 17
    expected_offsets = [m.start() for m in re.finditer(r"(?<=\d)β(?=\d)", SEED)]
    assert [f.edits[0].start for f in mojibake] == expected_offsets
    assert all(len(f.edits) == 1 and f.edits[0].end - f.edits[0].start == 1 for f in mojibake)
    assert {f.edits[0].replacement for f in mojibake} == {"–"}


def test_reversed_range_is_reported_not_fixed(findings: list[Finding]) -> None:
    (reversed_range,) = of(findings, "SFN-11")
    assert "347–248" in reversed_range.message
    assert not reversed_range.fixable
    assert SEED[reversed_range.start : reversed_range.end].startswith(
        "{{sfnm|1a1=Service|1y=2004|1pp=347β248"
    )


def test_empty_multiple_image_is_reported_with_its_orphaned_captions(findings: list[Finding]) -> None:
    (empty,) = of(findings, "MI-01")
    assert not empty.fixable  # captions remain: a human must decide
    assert "caption1, caption2" in empty.message
    captions = of(findings, "MI-03")
    assert [f.message.split("=")[0] for f in captions] == ["caption1", "caption2"]
    block = SEED[empty.start : empty.end]
    assert block.startswith("{{multiple image |align=left")
    assert block.endswith("completely }}")


def test_prose_mojibake_is_reported_with_repairs(findings: list[Finding]) -> None:
    prose = of(findings, "GEN-04")
    assert [f.suggestion for f in prose] == [
        "groups—among",
        "Chinese—through",
        "were – according",
        "Khlevniuk – ",
    ]
    assert all(not f.fixable and f.template is None for f in prose)


def test_fixed_text_is_exactly_the_hand_made_expectation(all_local_rules: list[Rule]) -> None:
    result = fix_text(SEED, all_local_rules)
    assert result.text == FIXED
    assert Counter(f.code for f in result.fixed) == {"SFN-12": 17}


def test_recheck_after_fixing_shows_no_fixed_finding_and_keeps_the_rest(
    all_local_rules: list[Rule],
) -> None:
    after = Counter(f.code for f in check_text(FIXED, all_local_rules))
    assert after == {"SFN-01": 63, "GEN-04": 4, "MI-03": 2, "MI-01": 1, "SFN-11": 1}


def test_fixing_twice_equals_fixing_once(all_local_rules: list[Rule]) -> None:
    assert fix_text(FIXED, all_local_rules).text == FIXED
