"""What the bot's own earlier edits of a page started from, read from the page's history.

The state database remembers every fix the bot made, but a database can be lost or a bot moved
to another machine; the wiki's history stays. A fix the bot made before and that the page needs
again was undone by someone (a revert, an undo, a rollback or by hand), and must not be made
again. Pages are followed by id, so a move keeps their history.

Questions asked: one ``prop=contributors`` query per batch (which pages the bot ever edited),
then for each of those one query for the bot's revisions there, and one query per fifty for the
texts those revisions started from.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import Any

import pywikibot
from pywikibot.data import api

# The bot's latest edits of a page read back: an undo older than fifty bot edits of one page is
# not worth a longer query on every run.
BOT_EDITS_READ = 50
PER_REQUEST = 50


def _edited_by(site: pywikibot.site.APISite, pages: Sequence[pywikibot.Page], user: str) -> list[int]:
    """The ids of the pages ``user`` has edited; only accounts with the bot right are listed, so
    the answer stays short on pages with thousands of editors."""
    query = api.PropertyGenerator(
        "contributors",
        site=site,
        parameters={"pageids": [page.pageid for page in pages], "pcrights": "bot", "pclimit": "max"},
    )
    edited = set()
    for data in query:
        if any(entry.get("name") == user for entry in data.get("contributors", [])):
            edited.add(int(data["pageid"]))
    return sorted(edited)


def _bases_of_bot_edits(site: pywikibot.site.APISite, page_id: int, user: str) -> list[int]:
    """The revisions the bot's latest edits of the page were made on (0: the bot created it)."""
    reply: dict[str, Any] = site.simple_request(
        action="query",
        prop="revisions",
        pageids=page_id,
        rvuser=user,
        rvprop="ids",
        rvlimit=BOT_EDITS_READ,
        formatversion="2",
    ).submit()
    (page,) = reply["query"]["pages"]
    return [int(revision["parentid"]) for revision in page.get("revisions", []) if revision["parentid"]]


def _texts(site: pywikibot.site.APISite, revisions: dict[int, int]) -> dict[int, list[str]]:
    """The text of each revision, gathered by the page id ``revisions`` maps it to."""
    texts: dict[int, list[str]] = {}
    chosen = iter(sorted(revisions))
    while chunk := list(islice(chosen, PER_REQUEST)):
        reply: dict[str, Any] = site.simple_request(
            action="query",
            prop="revisions",
            revids=chunk,
            rvprop="ids|content",
            rvslots="main",
            formatversion="2",
        ).submit()
        for page in reply["query"].get("pages", []):
            for revision in page.get("revisions", []):
                content = revision["slots"]["main"].get("content")
                if content is not None:  # a revision hidden by an admin tells nothing
                    texts.setdefault(revisions[revision["revid"]], []).append(content)
    return texts


def bot_edit_bases(
    site: pywikibot.site.APISite, pages: Sequence[pywikibot.Page], user: str
) -> dict[int, list[str]]:
    """For each page ``user`` has edited, by page id: the texts its edits there started from."""
    if not pages:
        return {}
    revisions = {
        revision: page_id
        for page_id in _edited_by(site, pages, user)
        for revision in _bases_of_bot_edits(site, page_id, user)
    }
    return _texts(site, revisions)
