"""Identical request lines: which copies are new, and which copy an answer goes under."""

from __future__ import annotations

from bot.wiki.request_page import insert_reply, new_requests

LINE = "* page: Miller"
ANSWER = "*: {{done}} Checked 1 page(s) [[User:MaintBot|MaintBot]] 07:00"
BOT = "MaintBot"


def _page(*lines: str) -> str:
    return "\n".join(["== Requests ==", *lines])


def test_a_copy_put_above_an_answered_one_is_the_one_answered() -> None:
    text = _page(LINE, LINE, ANSWER)
    assert insert_reply(text, LINE, (0, 1), "new", BOT) == _page(LINE, "*: new ~~~~", LINE, ANSWER)


def test_a_copy_between_two_answered_ones_is_the_one_answered() -> None:
    text = _page(LINE, ANSWER, LINE, LINE, ANSWER)
    expected = _page(LINE, ANSWER, LINE, "*: new ~~~~", LINE, ANSWER)
    assert insert_reply(text, LINE, (0, 2), "new", BOT) == expected


def test_copies_waiting_are_answered_in_page_order_and_a_copy_gone_waits() -> None:
    text = _page(LINE, LINE, ANSWER, LINE)
    assert insert_reply(text, LINE, (1, 2), "second", BOT) == _page(
        LINE, LINE, ANSWER, LINE, "*: second ~~~~"
    )
    assert insert_reply(text, LINE, (2, 3), "third", BOT) is None  # its copy was removed: it waits
    assert insert_reply(_page(LINE, ANSWER), LINE, (0, 1), "second", BOT) is None


def test_a_line_rewritten_above_another_lines_answer_is_answered_under_itself() -> None:
    text = _page(LINE, ANSWER)  # was "* page: Mill history", answered, then rewritten
    assert insert_reply(text, LINE, (0, 0), "declined", BOT) == _page(LINE, "*: declined ~~~~", ANSWER)


def test_a_reply_signed_by_someone_else_or_an_example_in_pre_is_not_an_answer() -> None:
    text = _page("<pre>", LINE, "</pre>", LINE, "*: me too [[User:Admin|Admin]]")
    expected = _page("<pre>", LINE, "</pre>", LINE, "*: new ~~~~", "*: me too [[User:Admin|Admin]]")
    assert insert_reply(text, LINE, (0, 0), "new", BOT) == expected


def test_copies_beyond_the_requests_known_or_waiting_are_new_wherever_they_are() -> None:
    assert new_requests(_page(LINE, LINE, ANSWER), BOT, {LINE: 1}, {}) == [LINE]  # put above
    assert new_requests(_page(LINE, ANSWER, LINE, LINE, ANSWER), BOT, {LINE: 2}, {}) == [LINE]
    assert new_requests(_page(LINE, LINE, ANSWER), BOT, {LINE: 2}, {LINE: 1}) == []  # blanking undone
    assert new_requests(_page(LINE, LINE, LINE), BOT, {LINE: 1}, {LINE: 1}) == [LINE, LINE]
    # an answered copy archived with its answer, the line asked again
    assert new_requests(_page("* page: Weir", ANSWER, LINE), BOT, {LINE: 1, "* page: Weir": 1}, {}) == [LINE]
    # an answered line rewritten into another: a request of its own, though an answer is under it
    assert new_requests(_page(LINE, ANSWER), BOT, {"* page: Weir": 1}, {}) == [LINE]
    # a line moved with its answer, a human's comment between them, an example in a comment
    text = _page("* page: Weir", LINE, "*: thanks", ANSWER, "<!-- " + LINE + " -->")
    assert new_requests(text, BOT, {LINE: 1, "* page: Weir": 1}, {"* page: Weir": 1}) == []
