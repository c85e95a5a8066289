"""The bot's block on a talk page: found again, rewritten alone, never over a human's words."""

from __future__ import annotations

import re

from bot.output.talk import Report, render_report, resolved_report, upsert
from bot.planning import plan_page
from bot.rules.base import Rule
from tests.support.paths import DATA

HEADING = "maintbot: problems"
SIGNATURE = "[[User:MaintBot|MaintBot]] ([[User talk:MaintBot|talk]]) 22:00, 1 December 2026 (UTC)"
NEW = Report(heading=HEADING, body="New table.", digest="new")


def test_a_report_in_the_old_format_is_updated_up_to_its_signature_only() -> None:
    legacy = f"== {HEADING} ==\n<!-- maintbot-report digest=old -->\nOld table.\n{SIGNATURE}\n"
    legacy += ":A reply. ~~~~\n"
    updated = upsert(legacy, NEW) or ""
    assert "Old table." not in updated
    assert "New table." in updated
    assert updated.endswith(":A reply. ~~~~\n")


def test_a_block_whose_closing_marker_a_human_removed_is_retired_not_overwritten() -> None:
    talk = f"== {HEADING} ==\n<!-- maintbot-report digest=old body=x -->\nOld table.\n{SIGNATURE}\nMy words."
    updated = upsert(talk, NEW) or ""
    assert "Old table." in updated
    assert "My words." in updated
    assert "New table." in updated
    assert updated.count("digest=") == 1


def test_resolving_a_page_with_no_report_writes_nothing() -> None:
    assert upsert("== Other ==\nHi.", resolved_report("Weir", 3, HEADING)) is None


def test_the_block_under_the_bots_own_heading_wins_over_a_copied_marker() -> None:
    copied = "== Quote ==\n<!-- maintbot-report digest=old body=x -->\nA copy.~~~~<!-- /maintbot-report -->\n"
    first = upsert("", NEW) or ""
    again = upsert(copied + first, Report(heading=HEADING, body="Newer.", digest="newer")) or ""
    assert again.startswith(copied)
    assert "Newer." in again
    assert "New table." not in again


def _seed_report(rules: list[Rule]) -> str:
    text = (DATA / "great-terror.wiki").read_text(encoding="utf-8")
    plan = plan_page(text, rules)
    return render_report("Great Terror", 42, text, plan.report, "Checked.", HEADING, "").body


def test_missing_works_lead_the_report_in_one_sentence_largest_first(all_local_rules: list[Rule]) -> None:
    body = _seed_report(all_local_rules)
    sentence = body.split("\n\n")[1]
    assert sentence.startswith(
        "'''7 works are cited by 42 short footnotes but have no entry in the bibliography:''' "
        "Khlevniuk 2015 (28 footnotes), Service 2004 (20), Montefiore 2003 (8)"
    )


def test_every_finding_is_listed_in_a_folded_table_with_templates_cut_short(
    all_local_rules: list[Rule],
) -> None:
    body = _seed_report(all_local_rules)
    table = body[body.index("{|") :]
    assert table.startswith('{| class="wikitable mw-collapsible mw-collapsed"')
    assert table.count("\n|-\n| ") == 71
    snippets = re.findall(r"line \d+: <code[^>]*><nowiki>(.*?)</nowiki></code>", table)
    assert snippets
    assert max(len(s) for s in snippets) <= 60


def test_a_rule_title_with_braces_is_shown_not_transcluded(all_local_rules: list[Rule]) -> None:
    assert "'''<nowiki>{{multiple image}} has no images at all</nowiki>''' (MI-01)" in _seed_report(
        all_local_rules
    )
