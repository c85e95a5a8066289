#!/usr/bin/env python3
"""A bounded soak run on a local wiki: the bot works while people keep editing around it.

    python -m scripts.soak [--pages 20] [--minutes 2] [--requests 5]    (from the repository's root)

It starts its own local wiki (127.0.0.1:8797, var/localwiki-soak), seeds N pages, then for M
minutes runs the bot over them and answers the run requests on a request page, again and again,
while at the same time:

- an editor (Editor) appends lines to random pages, each with a new mojibake range for the bot
  to fix and a unique marker;
- people reply under the bot's talk reports, with ``:`` replies and ``===`` subsections, each with
  a unique marker (every page keeps a footnote without a target, so its report stays);
- an admin asks for runs on a request page, one line for each of the first R pages, while a
  vandal blanks or overwrites that page and a patroller (Admin) undoes each vandal edit.

At the end, after a last poll for requests, it checks that every marker is still on its page, that
every request line has exactly one answer under it and that no request was run twice, and prints
the figures; anything lost or done twice makes the exit status 1. Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import sqlite3
import sys
import threading
import time
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts import localwiki

ROOT = Path(__file__).resolve().parent.parent

PORT = 8797
WIKI = ROOT / "var" / "localwiki-soak"
SOURCES = "\n\n== Sources ==\n* {{cite book |last=Smith |first=John |year=2005 |title=A History of Mills}}\n"
NO_TARGET = "{{sfn|Nobody|1999}}"  # never fixable: every page keeps a talk report to reply under
REQUESTS = "User:MaintBot/Soak requests"
ANSWER = "*:"  # how the bot's answer under a request line starts


@dataclass
class SoakReport:
    pages_processed: int = 0
    edits: int = 0
    conflicts: int = 0
    errors: int = 0
    human_edits: int = 0
    human_retries: int = 0
    lost_edits: int = 0
    rounds: int = 0
    talk_replies: int = 0
    lost_replies: int = 0
    requests_asked: int = 0
    vandal_edits_undone: int = 0
    undo_refused: int = 0
    requests_unanswered: int = 0
    requests_answered_twice: int = 0
    requests_run_twice: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def harm(self) -> int:
        """Human words lost, vandalism left standing, requests not answered or done twice."""
        return (
            self.lost_edits
            + self.lost_replies
            + self.undo_refused
            + self.requests_unanswered
            + self.requests_answered_twice
            + self.requests_run_twice
        )

    def text(self) -> str:
        return (
            f"rounds: {self.rounds}, pages processed: {self.pages_processed}, bot edits: {self.edits},"
            f" conflicts handled: {self.conflicts}, errors: {self.errors}, human edits: {self.human_edits}"
            f" (saves MediaWiki refused and the human made again: {self.human_retries}),"
            f" lost edits: {self.lost_edits}\n"
            f"talk replies and subsections under the bot's reports: {self.talk_replies},"
            f" lost: {self.lost_replies}\n"
            f"requests asked: {self.requests_asked}, vandal edits on the request page undone:"
            f" {self.vandal_edits_undone} (undo refused: {self.undo_refused}), requests unanswered:"
            f" {self.requests_unanswered}, answered twice: {self.requests_answered_twice},"
            f" run twice: {self.requests_run_twice}"
        )


def _edit_as(wiki: Path, user: str, title: str, text: str) -> None:
    localwiki.run_php(["php", "maintenance/edit.php", "-u", user, "-s", "soak", title], wiki, stdin=text)


def _text(port: int, title: str) -> str:
    query = urllib.parse.urlencode(
        {
            "action": "query",
            "prop": "revisions",
            "rvprop": "content",
            "rvslots": "main",
            "titles": title,
            "format": "json",
            "formatversion": "2",
        }
    )
    with urllib.request.urlopen(f"{localwiki.api_url(port)}?{query}", timeout=10) as reply:
        page = json.load(reply)["query"]["pages"][0]
    return str(page["revisions"][0]["slots"]["main"]["content"]) if "revisions" in page else ""


class Person:
    """Someone at the wiki through the API as their browser would be: logged in once with the
    account's password, saving with the edit token."""

    def __init__(self, wiki: Path, port: int, user: str) -> None:
        self.url = localwiki.api_url(port)
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        password = tomllib.loads((wiki / "accounts.toml").read_text())[user]["password"]
        token = self._call(action="query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        login = self._call(action="login", lgname=user, lgpassword=password, lgtoken=token)["login"]
        if login["result"] != "Success":
            raise localwiki.WikiError(f"{user} could not log in: {login['result']}")
        self._token = self._call(action="query", meta="tokens")["query"]["tokens"]["csrftoken"]

    def _call(self, **fields: Any) -> dict[str, Any]:
        body = urllib.parse.urlencode({"format": "json", "formatversion": "2", **fields}).encode()
        with self._opener.open(self.url, data=body, timeout=30) as reply:
            data: dict[str, Any] = json.load(reply)
            return data

    def edit(self, title: str, **change: Any) -> int | None:
        """Save (``text=``, ``appendtext=`` or ``undo=``); the new revision, or None if refused."""
        done = self._call(action="edit", title=title, summary="soak", token=self._token, **change)
        saved = done.get("edit", {})
        return int(saved["newrevid"]) if saved.get("result") == "Success" and "newrevid" in saved else None


class Talkers:
    """People replying under the bot's talk reports: a ``:`` reply or a ``===`` subsection."""

    def __init__(self, port: int, person: Person, titles: list[str], report: SoakReport) -> None:
        self.port, self.person, self.titles, self.report = port, person, titles, report
        self.markers: dict[str, list[str]] = {}

    def act(self, chance: random.Random) -> None:
        talk = f"Talk:{chance.choice(self.titles)}"
        if "maintbot" not in _text(self.port, talk):
            return  # no report to reply under yet
        count = self.report.talk_replies + 1
        if chance.random() < 0.5:
            marker = f"Reply {count}: I will look for that source."
            added = f"\n:{marker} ~~~~"
        else:
            marker = f"Human point {count} about the sources."
            added = f"\n\n=== Human subsection {count} ===\n{marker} ~~~~"
        if self.person.edit(talk, appendtext=added) is not None:
            self.markers.setdefault(talk, []).append(marker)
            self.report.talk_replies += 1

    def check(self) -> None:
        for talk, markers in self.markers.items():
            final = _text(self.port, talk)
            lost = [marker for marker in markers if marker not in final]
            self.report.lost_replies += len(lost)
            self.report.problems += [f"{talk}: lost {marker!r}" for marker in lost]


def _answers(text: str, line: str) -> int:
    """How many answers stand under the request line."""
    lines = text.split("\n")
    if line not in lines:
        return 0
    after = lines[lines.index(line) + 1 :]
    return next((n for n, following in enumerate(after) if not following.startswith(ANSWER)), len(after))


class RequestPage:
    """An admin asking for runs, one line per page, while a vandal blanks or overwrites the page
    and a patroller undoes each vandal edit."""

    def __init__(self, port: int, people: dict[str, Person], titles: list[str], report: SoakReport) -> None:
        self.port, self.people, self.report = port, people, report
        self.waiting = [f"* page: {title}" for title in titles]
        self.asked: list[str] = []

    def act(self, chance: random.Random) -> None:
        if self.waiting and chance.random() < 0.5:
            line = self.waiting.pop(0)
            if self.people["Admin"].edit(REQUESTS, appendtext=f"\n{line}") is not None:
                self.asked.append(line)
                self.report.requests_asked += 1
        if chance.random() < 0.7:
            return
        vandalism = "" if chance.random() < 0.5 else "this page is rubbish LOL"
        vandal_edit = self.people["Editor"].edit(REQUESTS, text=vandalism)
        if vandal_edit is None:
            return
        time.sleep(chance.uniform(0.0, 0.5))  # the bot may poll the vandalised page meanwhile
        if self.people["Admin"].edit(REQUESTS, undo=vandal_edit) is None:
            self.report.undo_refused += 1
            self.report.problems.append(f"{REQUESTS}: the patroller could not undo revision {vandal_edit}")
        else:
            self.report.vandal_edits_undone += 1

    def check(self, state: Path) -> None:
        text = _text(self.port, REQUESTS)
        for line in self.asked:
            answers = _answers(text, line)
            if answers == 0:
                self.report.requests_unanswered += 1
            elif answers > 1:
                self.report.requests_answered_twice += 1
            if answers != 1:
                self.report.problems.append(f"{REQUESTS}: {line!r} has {answers} answer(s)")
        with sqlite3.connect(state / "state.sqlite") as db:
            (runs,) = db.execute("SELECT COUNT(*) FROM runs WHERE origin LIKE 'request:%'").fetchone()
            (done,) = db.execute("SELECT COUNT(*) FROM request_lines WHERE status = 'done'").fetchone()
        # Several lines first seen in one revision share its run origin: count runs, not origins.
        self.report.requests_run_twice = max(runs - done, 0)
        if runs > done:
            self.report.problems.append(f"{runs} request runs for {done} requests done")


def _keep_doing(
    act: Callable[[random.Random], None], stop: threading.Event, seed: int, pause: float
) -> threading.Thread:
    """``act(chance)`` again and again until ``stop``, in a thread of its own, up to ``pause``
    seconds apart."""
    chance = random.Random(seed)

    def loop() -> None:
        while not stop.is_set():
            act(chance)
            time.sleep(chance.uniform(0.05, pause))

    worker = threading.Thread(target=loop, daemon=True)
    worker.start()
    return worker


def soak(wiki: Path, port: int, pages: int, seconds: float, state_dir: Path, asks: int = 5) -> SoakReport:
    """Run the soak against an installed, running local wiki; returns the figures. The admin asks
    for runs on the first ``asks`` pages (each request is a whole bot run of its own)."""
    titles = [f"Soak page {i}" for i in range(pages)]
    for i, title in enumerate(titles):
        _edit_as(
            wiki,
            "Admin",
            title,
            f"'''{title}''' starts here.{{{{sfn|Smith|2005|pp={i}β{i + 1}}}}} Unsourced.{NO_TARGET}"
            + SOURCES,
        )
    _edit_as(wiki, "Admin", REQUESTS, "Ask for runs here, one line each.\n")
    report = SoakReport()
    markers: dict[str, list[str]] = {title: [] for title in titles}
    stop = threading.Event()
    people = {user: Person(wiki, port, user) for user in ("Admin", "Editor")}
    talkers = Talkers(port, people["Editor"], titles, report)
    requests = RequestPage(port, people, titles[:asks], report)

    def human(chance: random.Random) -> None:
        count = report.human_edits + report.human_retries + 1
        title = chance.choice(titles)
        marker = f"Human edit {count}."
        current = _text(port, title)
        head, sep, tail = current.partition("\n\n== Sources ==")
        try:
            _edit_as(
                wiki,
                "Editor",
                title,
                f"{head}\n{marker}{{{{sfn|Smith|2005|pp={count}β{count + 1}}}}}{sep}{tail}",
            )
        except localwiki.WikiError:
            # The bot saved in between and edit.php does not merge: like a person at an edit
            # conflict, read the page again and make the edit again. Only saved edits count.
            report.human_retries += 1
            return
        markers[title].append(marker)
        report.human_edits += 1

    config = localwiki.bot_config(wiki, port, "soakwiki", state_dir, max_retries=2, retry_wait_seconds=0.5)
    config.write_text(config.read_text() + f'[service]\nrequest_page = "{REQUESTS}"\n', encoding="utf-8")

    from bot.config import load

    settings = load(config)
    from bot.wiki.request_page import process_requests
    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    workers = [
        _keep_doing(human, stop, 7, 0.3),
        _keep_doing(talkers.act, stop, 8, 1.0),  # people reply less often than they edit
        _keep_doing(requests.act, stop, 9, 1.0),
    ]
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            summary = run_bot(settings, Selection(titles=tuple(titles)), dry_run=False, echo=lambda _: None)
            process_requests(settings)
            report.rounds += 1
            report.pages_processed += len(summary.outcomes)
            report.edits += sum(1 for o in summary.outcomes if o.status == "edited")
            report.conflicts += sum(o.conflicts for o in summary.outcomes)
            report.errors += sum(1 for o in summary.outcomes if o.status == "failed")
            report.problems += [f"{o.title}: {o.reason}" for o in summary.outcomes if o.status == "failed"]
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    process_requests(settings)  # the requests asked in the last moments
    for title in titles:
        final = _text(port, title)
        report.lost_edits += sum(1 for marker in markers[title] if marker not in final)
    talkers.check()
    requests.check(state_dir)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--requests", type=int, default=5, help="run requests the admin makes")
    args = parser.parse_args()
    localwiki.up(WIKI, PORT)
    localwiki.reset(WIKI)
    state = ROOT / "var" / "state" / "soak"
    for leftover in state.glob("state.sqlite*"):
        leftover.unlink()
    try:
        report = soak(WIKI, PORT, args.pages, args.minutes * 60, state, args.requests)
    finally:
        localwiki.stop(WIKI)
    print(report.text())
    for problem in report.problems[:10]:
        print(f"  problem: {problem}")
    return 0 if report.harm == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
