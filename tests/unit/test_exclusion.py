"""{{bots}}/{{nobots}} as Template:Bots documents them."""

from __future__ import annotations

import pytest

from bot.wikitext.exclusion import bot_may_edit


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("Plain text.", True),
        ("{{nobots}}\nText.", False),
        ("{{Nobots|deny=MaintBot}}", False),
        ("{{nobots|OtherBot}}", True),
        ("{{nobots|MaintBot, OtherBot}}", False),
        ("{{bots|deny=MaintBot}}", False),
        ("{{bots|deny=OtherBot, AnotherBot}}", True),
        ("{{bots|deny=all}}", False),
        ("{{bots|allow=MaintBot}}", True),
        ("{{bots|allow=OtherBot}}", False),
        ("{{bots|allow=none}}", False),
        ("{{bots|optout=all}}", False),
        ("{{bots}}", True),
        ("<!-- {{nobots}} -->Text.", True),
        ("<nowiki>{{nobots}}</nowiki>", True),
        ("{{Template:Bots|deny=MaintBot}}", False),
    ],
)
def test_exclusion(text: str, allowed: bool) -> None:
    assert bot_may_edit(text, "MaintBot") is allowed
