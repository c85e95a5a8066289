"""The bot account as the wiki sees it, through plain API calls: login, rights, grants, blocks.

``maintbot init`` and ``maintbot doctor`` use this before any config or pywikibot state exists,
and to name every missing right at once, where a run stops at the first. Requests go to the
given api.php only, redirects are not followed, and the password is never printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from bot import __version__
from bot.config import Credentials
from bot.wiki.errors import LoginFailed, WikiUnreachable

# What a run needs, the BotPassword grant that carries each right, and how an account gets it.
NEEDED: dict[str, tuple[str, str]] = {
    "edit": ("editpage", "any registered account has it"),
    "createtalk": ("createeditmovepage", "any registered account has it (to start a talk page)"),
    "bot": ("highvolume", "the bot group: ask a bureaucrat, Special:UserRights/{account}"),
    "apihighlimits": ("highvolume", "the bot group: ask a bureaucrat, Special:UserRights/{account}"),
}
GRANT_NAMES = {
    "editpage": "Edit existing pages",
    "createeditmovepage": "Create, edit, and move pages",
    "highvolume": "High-volume (bot) access",
}
OLDEST_SUPPORTED = (1, 35)


class ApiError(Exception):
    """The API answered with an error; ``code`` is MediaWiki's error code."""

    def __init__(self, code: str, info: str) -> None:
        super().__init__(f"{code}: {info}")
        self.code = code


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    groups: tuple[str, ...]
    rights: frozenset[str]  # what the account may do
    granted: frozenset[str]  # what this BotPassword session may do (rights limited by its grants)
    blocked: str  # "" when not blocked, else who blocked it and why

    def missing(self, app_id: str, index_url: str) -> list[str]:
        """One line per missing right: which right, and how to add it."""
        lines = []
        for right, (grant, how) in NEEDED.items():
            if right not in self.rights:
                lines.append(f"right '{right}' missing from the account: {how.format(account=self.name)}")
            elif right not in self.granted:
                lines.append(
                    f"right '{right}' not granted to the BotPassword: add the grant"
                    f" '{GRANT_NAMES[grant]}' ({grant}) at {index_url}?title=Special:BotPasswords/{app_id}"
                )
        return lines


class Api:
    """A logged-in (or anonymous) session with one wiki's api.php."""

    def __init__(self, api_url: str, timeout: float = 30.0) -> None:
        self.api_url = api_url
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"maintbot/{__version__} (setup check)"

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        fields = {"format": "json", "formatversion": "2", **params}
        try:
            reply = self.session.request(
                method,
                self.api_url,
                params=fields if method == "GET" else None,
                data=fields if method == "POST" else None,
                timeout=self.timeout,
                allow_redirects=False,
            )
            reply.raise_for_status()
            data: dict[str, Any] = reply.json()
        except requests.RequestException as error:
            raise WikiUnreachable(f"{self.api_url}: {type(error).__name__}") from None
        except ValueError:
            raise WikiUnreachable(f"{self.api_url} did not answer like a MediaWiki API") from None
        if "error" in data:
            raise ApiError(str(data["error"].get("code")), str(data["error"].get("info")))
        return data

    def login(self, creds: Credentials) -> None:
        token = self.call("GET", action="query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        answer = self.call(
            "POST", action="login", lgname=creds.login_name, lgpassword=creds.password, lgtoken=token
        )["login"]
        if answer.get("result") != "Success":
            reason = answer.get("reason") or answer.get("result") or "no reason given"
            raise LoginFailed(f"login as {creds.login_name} failed: {reason}")

    def account(self, name: str) -> Account:
        """The logged-in account: its own rights, this session's, and any block."""
        me = self.call("GET", action="query", meta="userinfo", uiprop="rights|groups|blockinfo")["query"][
            "userinfo"
        ]
        # The account's own rights come from its groups: asked about itself, MediaWiki answers
        # with this session's rights, already cut down to the BotPassword's grants.
        groups = set(me.get("groups", ()))
        table = self.call("GET", action="query", meta="siteinfo", siprop="usergroups")["query"]["usergroups"]
        rights = {right for group in table if group["name"] in groups for right in group.get("rights", ())}
        blocked = ""
        if "blockid" in me:  # MediaWiki 1.39 reports blockid/blockedby, not pywikibot's blockinfo
            blocked = f"blocked by {me.get('blockedby', '?')}: {me.get('blockreason') or 'no reason given'}"
        return Account(
            name=str(me.get("name", name)),
            groups=tuple(me.get("groups", ())),
            rights=frozenset(rights),
            granted=frozenset(me.get("rights", ())),
            blocked=blocked,
        )

    def page_text(self, title: str) -> str | None:
        pages = self.call(
            "GET", action="query", prop="revisions", rvprop="content", rvslots="main", titles=title
        )["query"]["pages"]
        if not pages or pages[0].get("missing") or pages[0].get("invalid"):
            return None
        return str(pages[0]["revisions"][0]["slots"]["main"]["content"])

    def create(self, title: str, text: str, summary: str, *, overwrite: bool) -> None:
        """One edit; without ``overwrite`` an existing page raises ApiError('articleexists')."""
        token = self.call("GET", action="query", meta="tokens")["query"]["tokens"]["csrftoken"]
        guard = {} if overwrite else {"createonly": "1"}
        self.call("POST", action="edit", title=title, text=text, summary=summary, token=token, **guard)


def version_of(general: dict[str, Any]) -> tuple[int, ...]:
    """MediaWiki's version from siteinfo's generator ("MediaWiki 1.39.17" -> (1, 39, 17))."""
    words = str(general.get("generator", "")).split()
    numbers = words[-1].split("-")[0].split(".") if words else []
    return tuple(int(n) for n in numbers if n.isdigit())
