"""The bot's block on a talk page: found again, rewritten alone, never over a human's words."""

from __future__ import annotations

from bot.output.talk import Report, resolved_report, upsert

HEADING = "maintbot: problems"
SIGNATURE = "[[User:MaintBot|MaintBot]] ([[User talk:MaintBot|talk]]) 22:00, 1 December 2026 (UTC)"
NEW = Report(heading=HEADING, body="New table.", digest="new")


def test_a_report_in_the_old_format_is_updated_up_to_its_signature_only() -> None:
    legacy = f"== {HEADING} ==\n<!-- maintbot-report digest=old -->\nOld table.\n{SIGNATURE}\n"
    legacy += ":A reply. ~~~~\n"
    updated = upsert(legacy, NEW) or ""
    assert "Old table." not in updated and "New table." in updated
    assert updated.endswith(":A reply. ~~~~\n")


def test_a_block_whose_closing_marker_a_human_removed_is_retired_not_overwritten() -> None:
    talk = f"== {HEADING} ==\n<!-- maintbot-report digest=old body=x -->\nOld table.\n{SIGNATURE}\nMy words."
    updated = upsert(talk, NEW) or ""
    assert "Old table." in updated and "My words." in updated and "New table." in updated
    assert updated.count("digest=") == 1


def test_resolving_a_page_with_no_report_writes_nothing() -> None:
    assert upsert("== Other ==\nHi.", resolved_report("Weir", 3, HEADING)) is None


def test_the_block_under_the_bots_own_heading_wins_over_a_copied_marker() -> None:
    copied = "== Quote ==\n<!-- maintbot-report digest=old body=x -->\nA copy.~~~~<!-- /maintbot-report -->\n"
    first = upsert("", NEW) or ""
    again = upsert(copied + first, Report(heading=HEADING, body="Newer.", digest="newer")) or ""
    assert again.startswith(copied)
    assert "Newer." in again and "New table." not in again
