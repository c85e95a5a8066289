"""Questions asked of the wiki a batch at a time: pages with their protection, and file existence.

pywikibot's own helpers (``exists()``, ``protection()``, ``FilePage.exists()``) ask one page per
request unless the page was loaded with what they read. So pages are loaded here in one query
per batch with everything the bot reads of them (latest revision, text when wanted, redirect
flag and protection), and the helpers then answer from pywikibot's cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

import pywikibot
from pywikibot import exceptions as pwb_errors
from pywikibot.data import api

REVISION_PROPS = "ids|timestamp|flags|comment|user|userid|contentmodel|sha1|size"


def load(site: pywikibot.site.APISite, pages: Sequence[pywikibot.Page], *, content: bool) -> None:
    """Fill pywikibot's cache for ``pages``: one query (with continuations) for all of them."""
    if not pages:
        return
    by_title = {page.title(with_section=False): page for page in pages}
    query = api.PropertyGenerator("info|revisions", site=site)
    query.set_maximum_items(-1)  # the latest revision of every page, not rvlimit revisions
    query.request["titles"] = list(by_title)
    query.request["inprop"] = "protection"
    query.request["rvprop"] = REVISION_PROPS + ("|content" if content else "")
    for data in query:
        page = by_title.get(data.get("title", ""))
        if page is None:  # the API names some titles its own way (gendered user namespaces)
            page = next((p for t, p in by_title.items() if site.sametitle(t, data.get("title", ""))), None)
        if page is not None:
            api.update_page(page, data, query.props)


class FileOracle:
    """Answers MI-05's question, does this file exist here or in a shared repository (Commons).

    A name not asked yet is provisionally taken to exist and noted; ``settle()`` then asks about
    every noted name in one ``prop=imageinfo|info`` query per fifty, and says which are missing.
    """

    PER_REQUEST = 50

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

    def settle(self) -> set[str]:
        """Ask about every noted name; returns those that exist nowhere."""
        names, self.noted = sorted(self.noted - self.known.keys()), set()
        titles: dict[str, list[str]] = {}
        for name in names:
            try:
                titles.setdefault(pywikibot.FilePage(self.site, name).title(), []).append(name)
            except (pwb_errors.Error, ValueError):
                self.known[name] = True  # unknown: never report what we could not check
        chosen = iter(titles)
        while chunk := list(islice(chosen, self.PER_REQUEST)):
            for title, found in self._ask(chunk).items():
                for name in titles[title]:
                    self.known[name] = found
        return {name for name in names if not self.known.setdefault(name, True)}

    def _ask(self, titles: Iterable[str]) -> dict[str, bool]:
        try:
            reply: dict[str, Any] = self.site.simple_request(
                action="query", prop="imageinfo|info", titles="|".join(titles), formatversion="2"
            ).submit()
        except pwb_errors.Error:
            return {}
        query = reply.get("query", {})
        renamed = {entry["to"]: entry["from"] for entry in query.get("normalized", [])}
        return {
            renamed.get(page["title"], page["title"]): not page.get("missing")
            or bool(page.get("imagerepository"))
            or bool(page.get("known"))
            for page in query.get("pages", [])
        }
