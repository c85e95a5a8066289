"""What readers cannot see is not edited, and an editor's comment is never deleted by a fix."""

from __future__ import annotations

import pytest

from bot.checker import check_text
from bot.fixing import COMMENT_NOTE, fix_text
from bot.rules.base import Rule

EMPTY_BLOCK = "{{multiple image|align=right|image1=<!-- add image here -->}}"


def test_nothing_after_an_unclosed_comment_is_fixed_or_reported(all_local_rules: list[Rule]) -> None:
    text = "Intro.<!-- draft below\nMills.{{sfn|Smith|2005|pp=12-15}}"
    result = fix_text(text, all_local_rules)
    assert result.text == text
    assert result.remaining == []


def test_text_before_an_unclosed_comment_is_still_fixed(all_local_rules: list[Rule]) -> None:
    text = "Mills.{{sfn|Smith|2005|pp=12-15}}<!-- draft {{sfn|Lee|2001|pp=3-4}}"
    assert fix_text(text, all_local_rules).text == text.replace("12-15", "12–15")


@pytest.mark.parametrize("reference", [False, True])
def test_a_footnote_in_a_reference_name_is_never_called_so_never_checked(
    all_local_rules: list[Rule], reference: bool
) -> None:
    # MediaWiki hands a <ref>'s attributes to Cite as written, closed or not: no template runs there.
    text = 'Mills.<ref name="{{sfn|Smith|2005|pp=12-15}}">Smith.</ref><ref name="{{harvnb|Lee|2001}}"/>'
    assert check_text(text + '<ref name="{{sfn|Lee|2002}}">', all_local_rules, reference=reference) == []
    assert fix_text(text, all_local_rules).text == text


def test_a_footnote_after_a_tag_that_never_ends_is_checked(all_local_rules: list[Rule]) -> None:
    found = check_text('Mills.<ref name="{{sfn|Smith|2005}}"', all_local_rules)
    assert [f.code for f in found] == ["SFN-01"]


def test_an_empty_image_block_holding_a_comment_is_reported_not_deleted(all_local_rules: list[Rule]) -> None:
    result = fix_text(f"Text.\n{EMPTY_BLOCK}\nMore.", all_local_rules)
    assert "<!-- add image here -->" in result.text
    (mi01,) = [f for f in result.remaining if f.code == "MI-01"]
    assert mi01.message.endswith(COMMENT_NOTE)
    assert not mi01.edits


def test_an_empty_image_block_without_a_comment_is_still_removed(all_local_rules: list[Rule]) -> None:
    assert fix_text("Text.\n{{multiple image|image1=}}\nMore.", all_local_rules).text == "Text.\n\nMore."
