"""What a revision of the request page asks anew: only request lines it adds, whatever else a human
writes around the bot's answers (nothing is asked, or run, twice)."""

from __future__ import annotations

import pytest

from bot.wiki.request_page import parse_requests

ANSWERED = "* page: Miller\n*: Done: checked 1 page(s). [[User:MaintBot|MaintBot]] 12:00\n"


@pytest.mark.parametrize(
    "edited",
    [
        "* page: Miller\n:Thanks\n*: Done: checked 1 page(s). [[User:MaintBot|MaintBot]] 12:00\n",
        "* page: Miller\n\n*: Done: checked 1 page(s). [[User:MaintBot|MaintBot]] 12:00\n",
        "* page: Miller\n::x\n*: Done: checked 1 page(s). [[User:MaintBot|MaintBot]] 12:00\n",
        ANSWERED + ":Thanks, bot\n",
        "Intro.\n" + ANSWERED,
    ],
    ids=["reply-between", "blank-between", "indent-between", "reply-after", "text-above"],
)
def test_writing_around_an_answered_request_asks_nothing(edited: str) -> None:
    assert parse_requests(2, "Sysop", 7, ANSWERED, edited) == []


def test_a_request_put_between_a_line_and_its_answer_is_the_only_new_one() -> None:
    edited = "* page: Miller\n* page: Mill history\n" + ANSWERED.split("\n", 1)[1]
    requests = parse_requests(2, "Sysop", 7, ANSWERED, edited)
    assert [(request.line, request.nth) for request in requests] == [("* page: Mill history", 0)]


def test_a_copy_of_an_answered_line_is_a_request_of_its_own() -> None:
    requests = parse_requests(2, "Sysop", 7, ANSWERED, ANSWERED + "* page: Miller\n")
    assert [(request.line, request.nth) for request in requests] == [("* page: Miller", 1)]
