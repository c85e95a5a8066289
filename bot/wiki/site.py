"""pywikibot, configured from our settings alone, and a checked connection to the wiki.

``connect()`` is the explicit setup every command that talks to a wiki makes: it gives pywikibot
a private directory (``<state_dir>/pywikibot``) for its caches, cookies and throttle file, and
sets every option in code; no user-config.py is ever read (see ``bot/wiki/__init__.py``). The
BotPassword reaches pywikibot through a mode-600 password file in that directory, which is
removed when the process ends.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pywikibot
import requests
from pywikibot import config
from pywikibot.bot import init_handlers

from bot import __version__
from bot.config import Credentials, Settings
from bot.wiki import EMPTY_SETTINGS
from bot.wiki.batch import titles_per_request
from bot.wiki.confine import confine
from bot.wiki.errors import EditingRefused, LoginFailed, WikiReadOnly, WikiUnreachable


def private_dir(settings: Settings) -> Path:
    """Move pywikibot's working files (caches, cookies, throttle) out of the shipped empty folder
    to our state directory."""
    directory = settings.run.state_dir / "pywikibot"
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    # The first wiki command of a process names the folder: the sites pywikibot caches keep the
    # paths they were made with (their throttle file), so it never moves under them.
    if Path(config.base_dir) == EMPTY_SETTINGS:
        config.base_dir = str(directory)
    return Path(config.base_dir)


def preflight(api_url: str, timeout: float = 10.0, *, mid_run: bool = False) -> dict[str, Any]:
    """Ask the API for its site info with plain HTTP, so a dead or wrong URL fails fast and clearly.
    ``mid_run``: asked after the run has saved, so a read-only wiki does not mean nothing was done."""
    try:
        reply = requests.get(
            api_url,
            params={"action": "query", "meta": "siteinfo", "format": "json"},
            timeout=timeout,
            headers={"User-Agent": f"maintbot/{__version__} preflight"},
        )
    except requests.RequestException as error:
        reason = type(error).__name__
        raise WikiUnreachable(f"cannot reach the wiki at {api_url} ({reason}); is it running?") from None
    if reply.status_code != 200:
        raise WikiUnreachable(f"{api_url} answered HTTP {reply.status_code}; is this the wiki's api.php?")
    try:
        general = reply.json()["query"]["general"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise WikiUnreachable(f"{api_url} did not answer like a MediaWiki API (check wiki.api_url)") from None
    if "readonly" in general and general["readonly"] is not False:  # formatversion 1 says ""
        reason = general.get("readonlyreason") or "no reason given"
        done = "the run stopped there, what it saved before stands" if mid_run else "nothing was done"
        raise WikiReadOnly(f"the wiki at {api_url} is read-only ({reason}); {done}; try later")
    return dict(general)


@dataclass
class Wiki:
    """A connected wiki: the pywikibot site and what we learned on the way in."""

    site: pywikibot.site.APISite
    settings: Settings
    logged_in: bool

    def page(self, title: str) -> pywikibot.Page:
        return pywikibot.Page(self.site, title)

    @property
    def batch_size(self) -> int:
        """Titles per query: as configured, up to what the API allows this account."""
        return min(self.settings.run.batch_size, titles_per_request(self.site))


def _write_password_file(directory: Path, creds: Credentials) -> Path:
    path = directory / "passwords.py"
    line = f"({creds.account!r}, BotPassword({creds.app_id!r}, {creds.password!r}))\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(line)
    atexit.register(lambda: path.unlink(missing_ok=True))
    return path


def _blocked(info: dict[str, Any]) -> str:
    """Why the account ``info`` (meta=userinfo with its block) describes is blocked, or "".

    pywikibot's ``is_blocked()`` looks for a ``blockinfo`` key; MediaWiki 1.39 sends ``blockid``
    and ``blockedby`` instead, so the block would go unseen.
    """
    if "blockid" not in info and "blockedby" not in info:
        return ""
    return f"blocked by {info.get('blockedby', '?')}: {info.get('blockreason') or 'no reason given'}"


def block_reason(site: pywikibot.site.APISite) -> str:
    """Why the account is blocked, or "" when it is not, asked afresh."""
    reply = site.simple_request(action="query", meta="userinfo", uiprop="blockinfo").submit()
    return _blocked(reply.get("query", {}).get("userinfo", {}))


def _end_session(site: pywikibot.site.APISite) -> None:
    """Log out of a kept session. One the wiki has already forgotten (a reset wiki, an expired
    cookie) has no token to log out with; it is over anyway, and the login that follows asks for
    the password as it should."""
    # pywikibot's token wallet raises KeyError ("Invalid token 'csrf' for user None") for it.
    with contextlib.suppress(KeyError):
        site.logout()


def _route_pywikibot_logs() -> None:
    """pywikibot prints to the terminal itself, a traceback for every failed request it retries.
    Its warnings and errors go through our handlers instead: a log file keeps them, the terminal
    leaves them out (bot/cli/logs.py), where each failure is one line of ours."""
    init_handlers()  # pywikibot's own set-up, now, so that it never runs later over ours
    pywiki = logging.getLogger("pywiki")
    for handler in pywiki.handlers:
        handler.close()
    pywiki.handlers = [logging.NullHandler()]  # with a handler pywikibot never sets up again
    pywiki.propagate = True
    pywiki.setLevel(logging.WARNING)


def connect(settings: Settings, creds: Credentials | None) -> Wiki:
    """Configure pywikibot, check the wiki answers, and log in when credentials are given."""
    preflight(settings.wiki.api_url)
    directory = private_dir(settings)
    confine(settings.wiki.api_url)
    name = settings.wiki.name
    config.family_files[name] = settings.wiki.api_url
    config.put_throttle = settings.run.throttle_seconds
    config.minthrottle = 0
    config.write_maxlag = settings.run.maxlag_seconds
    config.max_retries = settings.run.max_retries
    config.retry_wait = settings.run.retry_wait_seconds
    config.retry_max = max(settings.run.retry_wait_seconds * 4, 1)
    config.cosmetic_changes = False
    config.user_agent_description = settings.wiki.user_agent_contact or None
    config.log = []
    _route_pywikibot_logs()
    # Without credentials no account is named: pywikibot would take a session cookie another
    # maintbot left in the shared folder for this account's, and ask for its password on the
    # terminal. The editor judges {{bots|deny=...}} against wiki.user all the same.
    if creds is not None:
        config.usernames[name]["*"] = creds.account
        config.usernames[name][name] = creds.account
        config.password_file = str(_write_password_file(directory, creds))
    try:
        site = pywikibot.Site(name, name)
        if creds is None:
            return Wiki(site=site, settings=settings, logged_in=False)
        # A session kept from an earlier run would let pywikibot skip the password: every run logs
        # out first, so a changed or wrong password fails now, not never.
        _end_session(site)
        site.login()
    except pywikibot.exceptions.NoUsernameError as error:
        raise LoginFailed(f"login as {creds.login_name if creds else '?'} failed: {error}") from None
    except pywikibot.exceptions.Error as error:
        raise WikiUnreachable(f"talking to {settings.wiki.api_url} failed: {error}") from None
    if not site.logged_in() or site.user() != creds.account:
        raise LoginFailed(f"login as {creds.login_name} failed: wrong user name or BotPassword")
    blocked = _blocked(site.userinfo)  # pywikibot asked with the block when it logged in
    if blocked:
        raise EditingRefused(
            f"{creds.account} is blocked on {settings.wiki.api_url} ({blocked}); not editing"
        )
    if not site.has_right("bot"):
        raise EditingRefused(f"{creds.account} lacks the bot right (bot group and a 'highvolume' grant)")
    return Wiki(site=site, settings=settings, logged_in=True)
