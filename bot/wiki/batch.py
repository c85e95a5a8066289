"""Questions asked of the wiki a batch at a time: pages with their protection, and file existence.

pywikibot's own helpers (``exists()``, ``protection()``, ``FilePage.exists()``) ask one page per
request unless the page was loaded with what they read. So pages are loaded here in one query
per batch with everything the bot reads of them (latest revision, text when wanted, redirect
flag and protection), and the helpers then answer from pywikibot's cache. A batch is as large as
the API allows the account: 500 titles with apihighlimits (bots), 50 otherwise. Which pages the
bot edited before (``bot.wiki.history``) comes along where it costs no request of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import pywikibot
from pywikibot import exceptions as pwb_errors
from pywikibot.data import api

from bot.wiki.history import BOT_CONTRIBUTORS, Contributors

REVISION_PROPS = "ids|timestamp|flags|comment|user|userid|contentmodel|sha1|size"


def titles_per_request(site: pywikibot.site.APISite) -> int:
    """The API's limit on titles in one query: 500 for an account with apihighlimits, else 50."""
    return int(site.maxlimit)


def query_pages(site: pywikibot.site.APISite, **parameters: Any) -> Iterator[dict[str, Any]]:
    """The pages of a query, following continuation."""
    parameters = {"action": "query", "formatversion": "2", **parameters}
    while True:
        reply = site.simple_request(**parameters).submit()
        yield from reply.get("query", {}).get("pages", [])
        if "continue" not in reply:
            return
        parameters.update(reply["continue"])


def _file_exists(data: dict[str, Any]) -> bool:
    """A file exists when its page does, or a shared repository (Commons) holds it."""
    return "missing" not in data or bool(data.get("imagerepository")) or "known" in data


def load(
    site: pywikibot.site.APISite,
    pages: Sequence[pywikibot.Page],
    *,
    content: bool,
    files: Sequence[str] = (),
    contributors: Contributors | None = None,
) -> dict[str, bool]:
    """Fill pywikibot's cache for ``pages`` and say which of ``files`` (``File:`` titles) exist,
    in one query (with continuations) per ``titles_per_request`` titles of both together; and
    tell ``contributors`` whose pages the account edited, where a query is small enough for that
    to cost no continuation."""
    by_title = {page.title(with_section=False): page for page in pages}
    wanted = iter([*by_title, *files])
    found: dict[str, bool] = {}
    while chunk := list(islice(wanted, titles_per_request(site))):
        asks_files = any(title not in by_title for title in chunk)
        asks_contributors = contributors is not None and contributors.fits(len(chunk))
        props = "info|revisions" + ("|imageinfo" if asks_files else "")
        query = api.PropertyGenerator(props + ("|contributors" if asks_contributors else ""), site=site)
        query.set_maximum_items(-1)  # the latest revision of every page, not rvlimit revisions
        query.request["titles"] = chunk
        query.request["inprop"] = "protection"
        query.request["rvprop"] = REVISION_PROPS + ("|content" if content else "")
        if asks_contributors:
            for parameter, value in BOT_CONTRIBUTORS.items():
                query.request[parameter] = value
        read: list[dict[str, Any]] = []
        for data in query:
            title = data.get("title", "")
            page = by_title.get(title)
            if page is None:  # the API names some titles its own way (gendered user namespaces)
                page = next((p for t, p in by_title.items() if site.sametitle(t, title)), None)
            if page is not None:
                api.update_page(page, data, query.props)
                read.append(data)
            else:
                found[title] = _file_exists(data)
        if contributors is not None and asks_contributors:
            contributors.read(read)
    return found


class FileOracle:
    """Answers MI-05's question, does this file exist here or in a shared repository (Commons).

    A name not asked yet is provisionally taken to exist and noted; ``settle()`` then asks about
    every noted name in batched ``prop=imageinfo|info`` queries, and says which are missing.
    """

    def __init__(self, site: pywikibot.site.APISite) -> None:
        self.site = site
        self.known: dict[str, bool] = {}
        self.noted: set[str] = set()  # asked about, not yet settled
        self.asked: set[str] = set()  # asked about since the caller last reset it (one page's plan)

    def exists(self, name: str) -> bool:
        self.asked.add(name)
        if name in self.known:
            return self.known[name]
        self.noted.add(name)
        return True

    def settle(
        self, also_load: Iterable[pywikibot.Page] = (), contributors: Contributors | None = None
    ) -> set[str]:
        """Ask about every noted name, loading the pages ``also_load`` (with text, and with their
        ``contributors`` where that is free) in the same queries; returns the names that exist
        nowhere."""
        names, self.noted = sorted(self.noted - self.known.keys()), set()
        titles: dict[str, list[str]] = {}
        for name in names:
            try:
                titles.setdefault(pywikibot.FilePage(self.site, name).title(), []).append(name)
            except (pwb_errors.Error, ValueError):
                self.known[name] = True  # unknown: never report what we could not check
        found = load(self.site, list(also_load), content=True, files=list(titles), contributors=contributors)
        for title, exists in found.items():
            for name in titles.get(title, ()):
                self.known[name] = exists
        return {name for name in names if not self.known.setdefault(name, True)}
