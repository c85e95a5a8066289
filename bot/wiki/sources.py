"""Source stage on a wiki: which pages to read (the editor loads them in batches)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice

import pywikibot

from bot.wiki.batch import load
from bot.wiki.confine import off_wiki_prefix
from bot.wiki.site import Wiki

log = logging.getLogger("maintbot")


@dataclass(frozen=True, slots=True)
class Selection:
    titles: tuple[str, ...] = ()
    transcludes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    recent_hours: float | None = None
    limit: int | None = None
    namespaces: tuple[int, ...] = field(default_factory=lambda: (0,))

    @property
    def empty(self) -> bool:
        return not (self.titles or self.transcludes or self.categories or self.recent_hours)


def off_wiki(site: pywikibot.site.APISite, selection: Selection) -> dict[str, str]:
    """Each title of the selection that points off this wiki, with why it is refused."""
    return {
        title: f"{title}: not a page on this wiki (interwiki prefix '{prefix}')"
        for title in (*selection.titles, *selection.transcludes, *selection.categories)
        if (prefix := off_wiki_prefix(site, title)) is not None
    }


def _listed(wiki: Wiki, selection: Selection) -> Iterator[pywikibot.Page]:
    site = wiki.site
    namespaces = list(selection.namespaces)
    refused = off_wiki(site, selection)
    for reason in refused.values():
        log.warning("skipped %s", reason)
    for title in selection.titles:
        if title not in refused:
            yield pywikibot.Page(site, title)
    for template in selection.transcludes:
        if template not in refused:
            page = pywikibot.Page(site, template, ns=10)
            yield from page.embeddedin(namespaces=namespaces, content=False)
    for category in selection.categories:
        if category not in refused:
            cat = pywikibot.Category(site, category if ":" in category else f"Category:{category}")
            yield from cat.articles(namespaces=namespaces, content=False)
    if selection.recent_hours:
        end = site.server_time() - timedelta(hours=selection.recent_hours)
        for change in site.recentchanges(end=end, namespaces=namespaces, changetype="edit|new", bot=False):
            yield pywikibot.Page(site, change["title"])


def _unique(pages: Iterable[pywikibot.Page], limit: int | None) -> Iterator[pywikibot.Page]:
    seen: set[str] = set()
    for page in pages:
        title = page.title()
        if title in seen:
            continue
        seen.add(title)
        yield page
        if limit is not None and len(seen) >= limit:
            return


def count_pages(wiki: Wiki, selection: Selection, ceiling: int) -> int:
    """How many distinct pages the selection names, counted by title only and at most to
    ``ceiling + 1``: enough to refuse a request that is too big without reading it all."""
    return sum(1 for _ in _unique(_listed(wiki, selection), ceiling + 1))


def to_read(
    wiki: Wiki,
    selection: Selection,
    skip: Callable[[pywikibot.Page], bool] | None = None,
    known: Callable[[str], bool] | None = None,
) -> Iterator[pywikibot.Page]:
    """The selected pages, deduplicated, that must be read with their text (the editor loads them).

    With ``skip``, pages the state database ``known``s are first described by revision metadata
    only (no text), one query per ``run.batch_size`` pages (at most the API's limit), and those
    ``skip`` rejects are never fetched in full; pages never seen go straight to the editor. That
    is what makes repeated runs cheap.
    """
    chosen = _unique(_listed(wiki, selection), selection.limit)
    while batch := list(islice(chosen, wiki.batch_size)):
        if skip is not None:
            seen = [page for page in batch if known is None or known(page.title())]
            load(wiki.site, seen, content=False)
            unchanged = {id(page) for page in seen if page.exists() and skip(page)}
            batch = [page for page in batch if id(page) not in unchanged]
        yield from batch
