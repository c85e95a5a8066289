"""The bot talks to the configured wiki and nothing else.

Two layers. Titles from outside (requests, ``--page``, worklists) that start with an interwiki
prefix (``wikipedia:…``) would make pywikibot open a site on another host and log in there;
they are refused by name first, with a clear reason. Below that, pywikibot's HTTP session gets a
transport that refuses every origin but the configured wiki's, so no code path can reach
another host, whatever pywikibot decides to follow.
"""

from __future__ import annotations

from typing import Any, NoReturn
from urllib.parse import urlsplit

import pywikibot
import requests
from pywikibot.comms import http
from pywikibot.exceptions import FatalServerError


class OffWiki(FatalServerError):  # type: ignore[misc]  # pywikibot ships no type hints
    """A request to a host other than the configured wiki's (pywikibot does not retry these)."""


class _Refuse(requests.adapters.BaseAdapter):
    def __init__(self, allowed: str) -> None:
        super().__init__()
        self.allowed = allowed

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> NoReturn:
        host = urlsplit(request.url or "").netloc
        raise OffWiki(f"refused to contact {host}: maintbot talks only to {self.allowed}")

    def close(self) -> None:
        """Nothing to release: no connection is ever opened."""


def confine(api_url: str) -> None:
    """Let pywikibot's HTTP session reach the configured wiki's origin and no other."""
    parts = urlsplit(api_url)
    origin = f"{parts.scheme}://{parts.netloc}/".lower()
    session = http.session
    kept = session.adapters.get(origin) or requests.adapters.HTTPAdapter()
    for adapter in session.adapters.values():
        if adapter is not kept:
            adapter.close()
    session.adapters.clear()
    refuse = _Refuse(parts.netloc)
    session.mount("http://", refuse)
    session.mount("https://", refuse)
    session.mount(origin, kept)


def off_wiki_prefix(site: pywikibot.site.APISite, title: str) -> str | None:
    """The interwiki prefix ``title`` starts with, or None when the title is on this wiki.

    A namespace name wins over an interwiki prefix of the same name, as in MediaWiki.
    """
    head, colon, _ = title.lstrip(": ").partition(":")
    if not colon:
        return None
    prefix = " ".join(head.replace("_", " ").split()).lower()
    if site.namespaces.lookup_name(prefix) is not None:
        return None
    prefixes = {str(entry["prefix"]).lower() for entry in site.siteinfo.get("interwikimap", cache=True)}
    return prefix if prefix in prefixes else None
