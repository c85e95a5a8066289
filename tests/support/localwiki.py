"""The integration tests' own MediaWiki: where it runs, and direct access to it beside the bot.

It runs on its own port and folder (var/localwiki-test), so a demo wiki can keep running.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import localwiki
from tests.support.paths import ROOT

# MAINTBOT_TEST_PORT lets two checkouts run their integration tests side by side.
PORT = int(os.environ.get("MAINTBOT_TEST_PORT", "8799"))
WIKI_DIR = ROOT / "var" / "localwiki-test"
STATE_DIR = ROOT / "var" / "state" / "test"
LOCALWIKI = ROOT / "scripts" / "localwiki.py"


def run_localwiki(*args: str) -> None:
    subprocess.run(
        [sys.executable, str(LOCALWIKI), *args, "--dir", str(WIKI_DIR), "--port", str(PORT)],
        check=True,
        capture_output=True,
        text=True,
    )


@dataclass
class LocalWiki:
    """Direct access to the test wiki, independent of the bot: the API and maintenance scripts."""

    dir: Path
    port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    def api(self, **params: Any) -> dict[str, Any]:
        query = urllib.parse.urlencode({"format": "json", "formatversion": "2", **params})
        with urllib.request.urlopen(f"{self.api_url}?{query}", timeout=10) as reply:
            data: dict[str, Any] = json.load(reply)
            return data

    def text(self, title: str) -> str | None:
        pages = self.api(action="query", prop="revisions", rvprop="content", rvslots="main", titles=title)[
            "query"
        ]["pages"]
        if pages[0].get("missing"):
            return None
        return str(pages[0]["revisions"][0]["slots"]["main"]["content"])

    def revisions(self, title: str, limit: int = 10) -> list[dict[str, Any]]:
        pages = self.api(
            action="query",
            prop="revisions",
            rvprop="ids|user|userid|comment|flags|content",
            rvslots="main",
            rvlimit=limit,
            titles=title,
        )["query"]["pages"]
        return list(pages[0].get("revisions", []))

    def latest_revid(self, title: str) -> int | None:
        revisions = self.revisions(title, 1)
        return int(revisions[0]["revid"]) if revisions else None

    def latest_revision_user(self, title: str) -> str | None:
        revisions = self.revisions(title, 1)
        return str(revisions[0]["user"]) if revisions else None

    def bot_flagged(self, title: str) -> bool:
        changes = self.api(
            action="query", list="recentchanges", rctitle=title, rcprop="ids|flags", rclimit=1
        )["query"]["recentchanges"]
        return bool(changes and changes[0].get("bot"))

    def maintenance(self, script: str, *args: str, stdin: str = "") -> None:
        """Run one of MediaWiki's maintenance scripts on this wiki, as its operator would."""
        localwiki.run_php(["php", script, *args], self.dir, stdin=stdin)

    def edit_as(self, user: str, title: str, text: str, summary: str = "human edit") -> None:
        """A real edit by another account, made through MediaWiki's own maintenance script."""
        self.maintenance("maintenance/edit.php", "-u", user, "-s", summary, title, stdin=text)

    def date_like(self, revid: int, earlier_revid: int) -> None:
        """Give revision ``revid`` the timestamp of ``earlier_revid``: two saves in one second, the
        race MediaWiki's one-second edit timestamps cannot tell apart, made certain for a test."""
        with closing(sqlite3.connect(self.dir / "data" / "wiki.sqlite")) as db, db:
            db.execute(
                "UPDATE revision SET rev_timestamp ="
                " (SELECT rev_timestamp FROM revision WHERE rev_id = ?) WHERE rev_id = ?",
                (earlier_revid, revid),
            )

    def post_as(self, user: str, /, token_type: str = "csrf", **params: Any) -> dict[str, Any]:
        """An API write by another account (logged in with its password), as its browser would;
        ``token_type`` is the token the action asks for (``rollback`` for a rollback)."""
        return self.session(user, token_type)(**params)

    def session(self, user: str, token_type: str = "csrf") -> Callable[..., dict[str, Any]]:
        """One login of another account, for many API writes: each call posts its fields with the token."""
        password = tomllib.loads((self.dir / "accounts.toml").read_text())[user]["password"]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

        def call(**fields: Any) -> dict[str, Any]:
            body = urllib.parse.urlencode({"format": "json", "formatversion": "2", **fields}).encode()
            with opener.open(self.api_url, data=body, timeout=10) as reply:
                data: dict[str, Any] = json.load(reply)
                return data

        token = call(action="query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        login = call(action="login", lgname=user, lgpassword=password, lgtoken=token)["login"]
        assert login["result"] == "Success", login
        tokens = call(action="query", meta="tokens", type=token_type)["query"]["tokens"]
        return lambda **params: call(**params, token=tokens[f"{token_type}token"])

    def config(self, tmp: Path, **run: Any) -> Path:
        """A config file for this wiki (throttle 0 unless given)."""
        settings = {"throttle_seconds": 0, "max_retries": 1, "retry_wait_seconds": 0.2, **run}
        lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in settings.items())
        path = tmp / "maintbot.toml"
        path.write_text(
            textwrap.dedent(f"""\
            [wiki]
            api_url = "{self.api_url}"
            name = "testwiki"
            user = "MaintBot"
            password_file = "{self.dir / "bot-password.toml"}"

            [run]
            state_dir = "{STATE_DIR}"
            task_page = "User:MaintBot/Task"
            """)
            + lines
            + "\n",
            encoding="utf-8",
        )
        return path
