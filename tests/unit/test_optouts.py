"""Editors silence codes in the page: per template (just before or inside it) or for the whole page."""

from __future__ import annotations

from bot.checker import check_text
from bot.fixing import fix_text
from bot.rules.base import Rule
from bot.rules.registry import select
from bot.wikitext.optouts import LocalOptOut, find_opt_outs

CITE = "{{cite book |last=Conquest |year=2007 |title=T}}"
RANGE = "{{sfn|Conquest|2007|pp=126β127}}"  # SFN-12 mojibake dash


def codes(text: str, rules: list[Rule]) -> list[str]:
    return [f.code for f in check_text(text, rules)]


def test_a_comment_just_before_a_template_silences_that_template_only(all_local_rules: list[Rule]) -> None:
    text = f"A.<!-- maintbot: ignore SFN-12 -->\n {RANGE} B.{RANGE}\n{CITE}"
    findings = check_text(text, all_local_rules)
    assert [(f.code, f.start) for f in findings] == [("SFN-12", text.rindex(RANGE))]


def test_a_comment_inside_a_template_silences_it(all_local_rules: list[Rule]) -> None:
    text = "{{sfn|Conquest|2007|pp=126β127<!-- maintbot: ignore SFN-12 -->}}\n" + CITE
    assert codes(text, all_local_rules) == []


def test_words_between_the_comment_and_the_template_break_the_link(all_local_rules: list[Rule]) -> None:
    text = f"<!-- maintbot: ignore SFN-12 --> text {RANGE}\n{CITE}"
    assert codes(text, all_local_rules) == ["SFN-12"]


def test_ignore_page_takes_families_and_prefixes(all_local_rules: list[Rule]) -> None:
    text = f"<!-- maintbot: ignore-page SFN-1, MI -->{RANGE}\n{{{{multiple image}}}}\n{CITE}"
    assert codes(text, all_local_rules) == []
    assert codes(text.replace("SFN-1,", "SFN-01,"), all_local_rules) == ["SFN-12"]


def test_a_comment_shown_inside_nowiki_is_not_an_instruction(all_local_rules: list[Rule]) -> None:
    text = f"<nowiki><!-- maintbot: ignore-page SFN --></nowiki>{RANGE}\n{CITE}"
    assert codes(text, all_local_rules) == ["SFN-12"]
    assert not find_opt_outs(text)


def test_a_silenced_fix_is_not_applied(all_local_rules: list[Rule]) -> None:
    text = f"<!-- maintbot: ignore SFN-12 -->{RANGE}\n{CITE}"
    assert fix_text(text, all_local_rules).text == text


def test_directives_are_read_case_insensitively_with_any_separator() -> None:
    opt_outs = find_opt_outs("<!--MaintBot: IGNORE sfn-10 ,mi-13\nGEN-->x")
    assert opt_outs.local == (LocalOptOut(0, 41, ("SFN-10", "MI-13", "GEN")),)


def test_a_code_with_a_letter_is_selected_as_written(all_local_rules: list[Rule]) -> None:
    text = "Winter.{{sfn|Lee|Park|2001-2002|p=7}}\n{{cite book |last1=Lee |last2=Park |year=2001–2002}}"
    assert codes(text, all_local_rules) == ["SFN-01a", "SFN-03"]
    assert codes("<!-- maintbot: ignore-page SFN-01a -->" + text, all_local_rules) == ["SFN-03"]
    assert [rule.code for rule in select(["SFN-01a"])] == ["SFN-01a"]
