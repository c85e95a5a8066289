"""What a revision of the request page asks anew: the request copies no request was known of,
never a request already asked, whatever a human writes around the bot's answers (nothing is
asked, or run, twice)."""

from __future__ import annotations

import pytest

from bot.wiki.request_page import asked_anew

ANSWER = "*: Done: checked 1 page(s). [[User:MaintBot|MaintBot]] 12:00"
MILLER = "* page: Miller"


def anew(text: str) -> list[tuple[str, int]]:
    """What ``text`` asks after a revision in which "* page: Miller" was asked and answered."""
    return asked_anew(text, lambda line, nth: (line, nth) == (MILLER, 0))


@pytest.mark.parametrize(
    "edited",
    [
        f"{MILLER}\n:Thanks\n{ANSWER}\n",
        f"{MILLER}\n\n{ANSWER}\n",
        f"{MILLER}\n::x\n{ANSWER}\n",
        f"{MILLER}\n{ANSWER}\n:Thanks, bot\n",
        f"Intro.\n{MILLER}\n{ANSWER}\n",
        f"{MILLER}\nText.\n\n== Later ==\n{ANSWER}\n",
        "",
    ],
    ids=[
        "reply-between",
        "blank-between",
        "indent-between",
        "reply-after",
        "text-above",
        "parted",
        "blanked",
    ],
)
def test_writing_around_an_answered_request_asks_nothing(edited: str) -> None:
    assert anew(edited) == []


def test_a_request_put_between_a_line_and_its_answer_is_the_only_new_one() -> None:
    assert anew(f"{MILLER}\n* page: Mill history\n{ANSWER}\n") == [("* page: Mill history", 0)]


def test_a_copy_of_an_answered_line_is_a_request_of_its_own() -> None:
    assert anew(f"{MILLER}\n{ANSWER}\n{MILLER}\n") == [(MILLER, 1)]


def test_an_example_in_pre_or_a_comment_is_no_request() -> None:
    assert anew("<pre>\n* page: Weir\n</pre>\n<!--\n* page: Weir\n-->\n") == []
