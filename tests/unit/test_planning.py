"""Planning reads policy and wording from each finding's rule: the summary, the report, no cosmetic edit."""

from __future__ import annotations

from bot.planning import Asker, edit_summary, plan_page
from bot.rules.registry import select

BIBLIOGRAPHY = "\n* {{cite book |last=Smith |year=2005 |title=Mills}}\n"


def test_edit_summary_counts_fixes_most_first_then_in_catalogue_order() -> None:
    text = (
        "A.{{sfn|Smith|2005|pp=12-15}} B.{{sfn|Smith|2005|pp=16-17}} C.{{sfn|Smith|2005|p=3–5}}"
        " D.{{multiple image|image1=File:A.jpg|alt1=a|image2=B.jpg|alt2=b}}" + BIBLIOGRAPHY
    )
    plan = plan_page(text, select())
    assert edit_summary(plan, "maintbot:", "User:MaintBot/Task") == (
        "maintbot: Fixed 2 page range dashes (SFN-10); 1 page range given as p (SFN-08);"
        " 1 image with a File: prefix (MI-04) ([[User:MaintBot/Task|task]])"
    )


def test_edit_summary_names_its_run_and_who_asked_with_a_link_to_the_request() -> None:
    plan = plan_page("A.{{sfn|Smith|2005|p=3–5}}" + BIBLIOGRAPHY, select())
    summary = edit_summary(plan, "maintbot:", "User:MaintBot/Task", 42, Asker("Admin", 7))
    assert summary == (
        "maintbot: Fixed 1 page range given as p (SFN-08); run 42 for [[User:Admin|Admin]]"
        " ([[Special:PermanentLink/7|request]]) ([[User:MaintBot/Task|task]])"
    )


def test_report_takes_unfixable_findings_but_not_information() -> None:
    text = "A.{{sfn|Smith|2006}} B.{{sfnm|1a1=Smith|1y=2005}}" + BIBLIOGRAPHY
    plan = plan_page(text, select())
    assert [f.code for f in plan.report] == ["SFN-01"]  # SFNM-08 is information only
    assert not plan.edits


def test_cosmetic_fixes_alone_plan_no_edit() -> None:
    text = "A.{{sfn|Smith|2005|pp=12&ndash;15}}" + BIBLIOGRAPHY
    plan = plan_page(text, select())
    assert plan.cosmetic_only
    assert not plan.edits
    assert plan.fixed == []
