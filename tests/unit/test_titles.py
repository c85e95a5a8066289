"""Titles as humans write them: links, template calls and signatures unwrapped; impossible ones refused."""

from __future__ import annotations

import pytest

from bot.titles import BadTitle, Kind, category_title, page_title, parse, template_title


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Weir", "Weir"),
        ("  Mill_history ", "Mill history"),
        ("[[Weir]]", "Weir"),
        ("[[Weir|the weir]]", "Weir"),
        ("[[:Talk:Weir]]", "Talk:Weir"),
        ("Weir ~~~~", "Weir"),
        ("Weir -- ~~~", "Weir"),
        ("[[Weir]] ~~~~~", "Weir"),
        ("Weir [[User:Admin|Admin]] ([[User talk:Admin|talk]]) 22:30, 1 December 2026 (UTC)", "Weir"),
        ("Weir —[[Special:Contributions/10.0.0.1|10.0.0.1]] 22:30", "Weir"),
        ("[[User:MaintBot/Sandbox]]", "User:MaintBot/Sandbox"),
        ("User:MaintBot/Sandbox ~~~~", "User:MaintBot/Sandbox"),
    ],
)
def test_page_titles_are_unwrapped_and_normalised(given: str, expected: str) -> None:
    assert page_title(given) == expected


def test_template_calls_give_their_name() -> None:
    assert template_title("{{Sfn}}") == "Sfn"
    assert template_title("{{ sfn |Smith|2005}}") == "sfn"
    assert template_title("Template:Multiple image") == "Template:Multiple image"


def test_categories_get_their_prefix_and_other_namespaces_are_refused() -> None:
    assert category_title("Mill articles") == "Category:Mill articles"
    assert category_title("[[:Category:Mills]]") == "Category:Mills"
    assert category_title("category:Mills") == "category:Mills"
    assert category_title("Mills: a history") == "Category:Mills: a history"  # not a namespace
    with pytest.raises(BadTitle, match="another namespace, not a category"):
        category_title("User:X")


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("[[]]", "it is empty"),
        ("[[|x]]", "it is empty"),
        ("Special:Random", "virtual namespace"),
        ("special:random", "virtual namespace"),
        ("Media:Mill.jpg", "virtual namespace"),
        ("Mill#History", "'#' cannot appear"),
        ("A<b>", "'<' cannot appear"),
        ("{{Sfn}}", "'{' cannot appear"),  # a template call is not a page title
        ("A|B", "'|' cannot appear"),
        ("Weir\x07", "cannot appear"),
        ("Mill%20history", "%-escape"),
        ("../Weir", "path segments"),
        ("Weir/./x", "path segments"),
        ("~~~~", "'~~~' cannot appear"),
        ("W" * 256, "longer than 255 bytes"),
    ],
)
def test_impossible_page_titles_are_refused_with_the_reason(given: str, reason: str) -> None:
    with pytest.raises(BadTitle) as caught:
        page_title(given)
    assert reason in str(caught.value)
    assert caught.value.given == given


def test_the_message_names_the_title_and_what_was_asked_for() -> None:
    with pytest.raises(BadTitle) as caught:
        parse("User:X", Kind.CATEGORY)
    assert str(caught.value).startswith("'User:X' is not a valid category title: ")
