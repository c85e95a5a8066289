"""What the bot's own earlier edits of a page started from, read from the page's history.

The state database remembers every fix the bot made, but a database can be lost or a bot moved
to another machine; the wiki's history stays. A fix the bot made before and that the page needs
again was undone by someone (a revert, an undo, a rollback or by hand), and must not be made
again. Pages are followed by id, so a move keeps their history.

Questions asked: which pages the bot ever edited (``prop=contributors``), in the query that reads
a batch's text when that costs no extra request (``Contributors``), else in one query of its own
for the pages about to be edited; then for each page the bot edited one query for its revisions
there, and one query per fifty for the texts those revisions started from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import islice
from typing import Any

import pywikibot
from pywikibot.data import api

# The bot's latest edits of a page read back: an undo older than fifty bot edits of one page is
# not worth a longer query on every run.
BOT_EDITS_READ = 50
PER_REQUEST = 50
# Only accounts with the bot right are listed, so the answer stays short on pages with thousands
# of editors.
BOT_CONTRIBUTORS = {"pcrights": "bot", "pclimit": "max"}
# MediaWiki's prop=contributors reads at most 100 pages per request and continues for the rest.
CONTRIBUTORS_PAGES_PER_REQUEST = 100


class Contributors:
    """Which pages ``user`` has edited, as far as asked: ``bot.wiki.batch.load`` asks in the query
    that reads a batch's text when the batch is small enough for one contributors pass.

    Only the answers of the last two queries are kept: the editor recalls a batch's fixes while
    the next batch is read, and a run over a whole wiki must not hold an answer for every page.
    A page whose answer is gone is asked about again (``bot_edit_bases``)."""

    def __init__(self, user: str) -> None:
        self.user = user
        self._before: dict[int, bool] = {}
        self._latest: dict[int, bool] = {}

    @property
    def edited(self) -> dict[int, bool]:
        """Page id: whether ``user`` is among its contributors."""
        return {**self._before, **self._latest}

    @staticmethod
    def fits(titles: int) -> bool:
        """Whether asking about ``titles`` pages costs the query no continuation of its own."""
        return titles <= CONTRIBUTORS_PAGES_PER_REQUEST

    def read(self, replies: Sequence[dict[str, Any]]) -> None:
        """Learn from the page entries of one whole query, continuations included: a page's list
        may be split across them, so no page is known unedited before the query has finished."""
        found: dict[int, bool] = {}
        for data in replies:
            if "pageid" in data:
                page_id = int(data["pageid"])
                found[page_id] = found.get(page_id, False) or _lists(data, self.user)
        self._before, self._latest = self._latest, found


def _lists(data: dict[str, Any], user: str) -> bool:
    return any(entry.get("name") == user for entry in data.get("contributors", []))


def _edited_by(site: pywikibot.site.APISite, pages: Sequence[pywikibot.Page], user: str) -> list[int]:
    """The ids of the pages ``user`` has edited."""
    if not pages:
        return []
    query = api.PropertyGenerator(
        "contributors", site=site, parameters={"pageids": [page.pageid for page in pages], **BOT_CONTRIBUTORS}
    )
    contributors = Contributors(user)
    contributors.read(list(query))
    return [page_id for page_id, edited in contributors.edited.items() if edited]


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
    site: pywikibot.site.APISite, pages: Sequence[pywikibot.Page], user: str, known: Mapping[int, bool]
) -> dict[int, list[str]]:
    """For each page ``user`` has edited, by page id: the texts its edits there started from.
    ``known``: pages already known to be edited by ``user`` or not (``Contributors.edited``)."""
    unknown = [page for page in pages if page.pageid not in known]
    edited = [page.pageid for page in pages if known.get(page.pageid)] + _edited_by(site, unknown, user)
    revisions = {
        revision: page_id for page_id in edited for revision in _bases_of_bot_edits(site, page_id, user)
    }
    return _texts(site, revisions)
