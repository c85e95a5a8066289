"""What the revert memory learns from prop=contributors answers (bot/wiki/history.py)."""

from __future__ import annotations

from bot.wiki.history import Contributors


def _entry(page_id: int, *names: str) -> dict[str, object]:
    return {"pageid": page_id, "title": f"Page {page_id}", "contributors": [{"name": n} for n in names]}


def test_a_page_listed_in_pieces_is_edited_if_any_piece_names_the_bot() -> None:
    contributors = Contributors("MaintBot")
    contributors.read([_entry(1, "OtherBot"), _entry(2), _entry(1, "MaintBot"), {"title": "Missing"}])
    assert contributors.edited == {1: True, 2: False}


def test_only_the_answers_of_the_last_two_queries_are_kept() -> None:
    contributors = Contributors("MaintBot")
    for page_id in (1, 2, 3):
        contributors.read([_entry(page_id, "MaintBot")])
    assert contributors.edited == {2: True, 3: True}
