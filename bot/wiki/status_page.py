"""The bot's own page (the status page): written whole, through the one writer, only when changed."""

from __future__ import annotations

import pywikibot

from bot.config import Settings, credentials
from bot.wiki.saving import Change, Kind, SaveStatus, WikiWriter
from bot.wiki.site import connect


def write_own_page(settings: Settings, title: str, text: str, summary: str) -> SaveStatus:
    """Make ``title`` read ``text``; no edit when it already does. The shutoff page applies."""
    wiki = connect(settings, credentials(settings))

    def compose(page: pywikibot.Page) -> Change | None:
        same = page.exists() and page.text.rstrip("\n") == text.rstrip("\n")
        return None if same else Change(text, summary)

    return WikiWriter(wiki, settings).write(wiki.page(title), compose, Kind.REPLY).status
