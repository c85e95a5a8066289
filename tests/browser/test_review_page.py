"""The dry-run review page as a reviewer sees it in Chromium, built from the seed page offline."""

from __future__ import annotations

from pathlib import Path

from bot.output.diff import unified_diff
from bot.output.review import ReviewItem, review_page
from bot.output.talk import render_report
from bot.planning import edit_summary, plan_page
from bot.rules.base import Rule
from tests.support.browser import browser_page, look_at
from tests.support.paths import DATA


def test_the_seed_review_page_reads_at_1280_without_sideways_scrolling(
    all_local_rules: list[Rule], tmp_path: Path
) -> None:
    text = (DATA / "great-terror.wiki").read_text(encoding="utf-8")
    plan = plan_page(text, all_local_rules)
    task = "User:MaintBot/Task"
    report = render_report("Great Terror", 42, text, plan.report, "Checked.", "maintbot", task)
    item = ReviewItem(
        "Great Terror",
        diff=unified_diff(plan.text, plan.new_text, "Great Terror"),
        summary=edit_summary(plan, "maintbot:", task),
        talk_title="Talk:Great Terror",
        talk_text=report.body,
    )
    index = tmp_path / "index.html"
    index.write_text(review_page([item], "maintbot dry run"), encoding="utf-8")

    with browser_page() as page:
        layout = look_at(page, index.as_uri(), "review-page-seed.png")
        highlighted = page.locator("ins").count()

    assert not layout.scrolls_sideways, f"the review page is {layout.width} px wide"
    assert "Edit summary: maintbot: Fixed 17 mojibake page ranges (SFN-12)" in layout.text
    assert "1 page(s) checked: 1 planned edit(s), 1 planned talk report(s)." in layout.text
    assert highlighted >= 17  # each repaired dash is marked, not just its line
    # Offline there is no wiki to render the report: its wikitext is shown, and said to be so.
    assert "Report for Talk:Great Terror, as wikitext (not rendered: no wiki to render it)" in layout.text
