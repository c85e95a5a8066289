"""Read a wiki's own footnote data: the local names of every template the rules read, the
Module:Footnotes data pages, kept in the state database by revision, and its extension tags.

A run asks for the data pages' latest revision ids (one request) and fetches a page's text only
when its revision is not the one kept; redirects are listed with ``prop=redirects`` for as many
templates per request as the API allows the account. What the wiki lacks (no Scribunto, no such
module, a module this reader refuses) falls back to the built-in defaults, and the log says which.
"""

from __future__ import annotations

import logging
from itertools import islice

import pywikibot

from bot.state import State
from bot.wiki.batch import query_pages, titles_per_request
from bot.wikitext.lua_table import LuaDataError
from bot.wikitext.names import normalize_name
from bot.wikitext.sitedata import ANCHOR_DATA_PAGE, REDIRECT_TARGETS, WHITELIST_PAGE, SiteData, from_modules

log = logging.getLogger("maintbot")

DATA_PAGES = (WHITELIST_PAGE, ANCHOR_DATA_PAGE)


def _name(title: str) -> str:
    """A template's name without its (possibly localised) namespace."""
    return normalize_name(title.split(":", 1)[1] if ":" in title else title)


def read_redirects(site: pywikibot.site.APISite) -> dict[str, list[str]]:
    """For each template the rules read, the local names that redirect to it."""
    redirects: dict[str, list[str]] = {}
    targets = iter(REDIRECT_TARGETS)
    while batch := list(islice(targets, titles_per_request(site))):
        titles = "|".join(f"Template:{name}" for name in batch)
        for page in query_pages(site, prop="redirects", titles=titles, rdnamespace="10", rdlimit="max"):
            names = [_name(redirect["title"]) for redirect in page.get("redirects", [])]
            if names:
                redirects.setdefault(_name(page["title"]), []).extend(names)
    return redirects


def _module(title: str) -> str:
    """A module's canonical title, whatever the wiki calls its Module namespace."""
    return "Module:" + title.split(":", 1)[1]


def read_data_pages(site: pywikibot.site.APISite, state: State) -> tuple[dict[str, str], dict[str, int]]:
    """The data pages' texts and revisions; a page is fetched only when its revision is new."""
    revisions = {
        _module(page["title"]): page["revisions"][0]["revid"]
        for page in query_pages(site, prop="revisions", titles="|".join(DATA_PAGES), rvprop="ids")
        if not page.get("missing") and page.get("revisions")
    }
    texts: dict[str, str] = {}
    for title, revision in revisions.items():
        kept = state.site_page(title, revision)
        if kept is not None:
            texts[title] = kept
    stale = "|".join(title for title in revisions if title not in texts)
    if stale:
        for page in query_pages(site, prop="revisions", titles=stale, rvprop="ids|content", rvslots="main"):
            title, latest = _module(page["title"]), page["revisions"][0]
            texts[title], revisions[title] = latest["slots"]["main"]["content"], latest["revid"]
            state.keep_site_page(title, latest["revid"], texts[title])
    return texts, revisions


def read_extension_tags(site: pywikibot.site.APISite) -> list[str] | None:
    """The wiki's extension tags (``<ref>``, ``<poem>`` ...), None where the API lists none.
    pywikibot keeps siteinfo in its cache in the state directory (config.API_config_expiry)."""
    try:
        tags = site.siteinfo.get("extensiontags")
    except (KeyError, pywikibot.exceptions.Error):
        return None
    return [str(tag) for tag in tags] if isinstance(tags, list) else None


def read_site_data(site: pywikibot.site.APISite, state: State) -> SiteData:
    """The wiki's SiteData; what it lacks comes from the built-in defaults, and is logged."""
    texts, revisions = read_data_pages(site, state)
    redirects = read_redirects(site)
    extension_tags = read_extension_tags(site)
    while True:
        try:
            data = from_modules(
                whitelist=texts.get(WHITELIST_PAGE),
                anchor_data=texts.get(ANCHOR_DATA_PAGE),
                redirects=redirects,
                revisions=revisions,
                extension_tags=extension_tags,
            )
            break
        except LuaDataError as refused:
            log.warning("site data: %s; its built-in defaults are used instead", refused)
            texts.pop(refused.page)
            revisions.pop(refused.page, None)
    if data.lacking:
        log.warning("site data: the wiki lacks %s; the built-in defaults stand in", ", ".join(data.lacking))
    return data
