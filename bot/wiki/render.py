"""Planned talk reports as the wiki renders them, for the review page of a dry run.

One ``action=parse`` request per planned report, made only when a review page is written
(``--out``): each report is parsed under its own talk page's title, so what depends on the title
(links to sections, magic words) renders as it will on that page. Several reports in one request
would share one title. Without a wiki, or when the wiki cannot render one, the review page shows
that report's wikitext instead, labelled as such.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urljoin

import pywikibot

from bot.wiki.errors import WIKI_DOWN, one_line

log = logging.getLogger("maintbot")

# The wiki links to its own pages by path ("/index.php?title=..."): from a file on disk those
# must name the wiki. Parser output always quotes attributes with double quotes.
_SITE_PATH = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')


def rendered_report(site: pywikibot.site.APISite, api_url: str, title: str, text: str) -> str:
    """The HTML the wiki makes of ``text`` on the page ``title``, its links pointing at the wiki.

    Not pre-save transformed: the signature (``~~~~``) stays as written, since a dry run is not
    logged in and would be signed by its address instead of the bot.
    """
    reply = site.simple_request(
        action="parse",
        title=title,
        text=text,
        contentmodel="wikitext",
        prop="text",
        disableeditsection="1",
        disablelimitreport="1",
        formatversion="2",
    ).submit()
    html: str = reply["parse"]["text"]
    return _SITE_PATH.sub(lambda match: f'{match[1]}="{urljoin(api_url, match[2])}"', html)


def rendered_reports(
    site: pywikibot.site.APISite, api_url: str, reports: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Each (talk title, planned text) rendered, by talk title. A report the wiki fails to render
    is left out (the review page then shows its wikitext) with one log line; once the wiki stops
    answering, so are the rest, rather than each waiting through pywikibot's retries."""
    rendered: dict[str, str] = {}
    for title, text in reports:
        try:
            rendered[title] = rendered_report(site, api_url, title, text)
        except (pywikibot.exceptions.Error, *WIKI_DOWN, KeyError) as error:
            down = isinstance(error, WIKI_DOWN)
            which = f"reports from {title} on" if down else f"the report on {title}"
            log.warning("the review page shows %s as wikitext: %s", which, one_line(error))
            if down:
                break
    return rendered
