"""How the page rules decide that a hyphenated value is meant as a range."""

from __future__ import annotations

from bot.wikitext.dashes import PageRange


def clearly_a_range(found: PageRange) -> bool:
    """Citation bot's test for a hyphen in a single-page parameter: start above 9, no leading zero."""
    return (
        found.numeric
        and found.start_page > 9
        and not found.first.startswith("0")
        and not found.last.startswith("0")
    )
