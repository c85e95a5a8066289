#!/usr/bin/env python3
"""A bounded soak run on a local wiki: the bot works while a human keeps editing the same pages.

    python -m scripts.soak [--pages 20] [--minutes 2]      (from the repository's root)

It starts its own local wiki (127.0.0.1:8797, var/localwiki-soak), seeds N pages, then for M
minutes runs the bot over them again and again while another account (Editor) appends lines to
random pages, each line carrying a new mojibake range for the bot to fix and a unique marker.
At the end it checks that every marker is still on its page, and prints pages processed, edits,
conflicts handled, errors and lost edits (which must be 0). Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts import localwiki

ROOT = Path(__file__).resolve().parent.parent

PORT = 8797
WIKI = ROOT / "var" / "localwiki-soak"
SOURCES = "\n\n== Sources ==\n* {{cite book |last=Smith |first=John |year=2005 |title=A History of Mills}}\n"


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
    problems: list[str] = field(default_factory=list)

    def text(self) -> str:
        return (
            f"rounds: {self.rounds}, pages processed: {self.pages_processed}, bot edits: {self.edits},"
            f" conflicts handled: {self.conflicts}, errors: {self.errors}, human edits: {self.human_edits}"
            f" (saves MediaWiki refused and the human made again: {self.human_retries}),"
            f" lost edits: {self.lost_edits}"
        )


def _edit_as(wiki: Path, user: str, title: str, text: str) -> None:
    localwiki.run_php(["php", "maintenance/edit.php", "-u", user, "-s", "soak", title], wiki, stdin=text)


def _text(port: int, title: str) -> str:
    import json
    import urllib.parse
    import urllib.request

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


def soak(wiki: Path, port: int, pages: int, seconds: float, state_dir: Path) -> SoakReport:
    """Run the soak against an installed, running local wiki; returns the figures."""
    titles = [f"Soak page {i}" for i in range(pages)]
    for i, title in enumerate(titles):
        _edit_as(
            wiki, "Admin", title, f"'''{title}''' starts here.{{{{sfn|Smith|2005|pp={i}β{i + 1}}}}}" + SOURCES
        )
    report = SoakReport()
    markers: dict[str, list[str]] = {title: [] for title in titles}
    stop = threading.Event()
    chance = random.Random(7)

    def human() -> None:
        count = 0
        while not stop.is_set():
            title = chance.choice(titles)
            count += 1
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
                continue
            markers[title].append(marker)
            report.human_edits += 1
            time.sleep(chance.uniform(0.05, 0.3))

    config = localwiki.bot_config(wiki, port, "soakwiki", state_dir, max_retries=2, retry_wait_seconds=0.5)

    from bot.config import load

    settings = load(config)
    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    worker = threading.Thread(target=human, daemon=True)
    worker.start()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            summary = run_bot(settings, Selection(titles=tuple(titles)), dry_run=False, echo=lambda _: None)
            report.rounds += 1
            report.pages_processed += len(summary.outcomes)
            report.edits += sum(1 for o in summary.outcomes if o.status == "edited")
            report.conflicts += sum(o.conflicts for o in summary.outcomes)
            report.errors += sum(1 for o in summary.outcomes if o.status == "failed")
            report.problems += [f"{o.title}: {o.reason}" for o in summary.outcomes if o.status == "failed"]
    finally:
        stop.set()
        worker.join(timeout=30)
    for title in titles:
        final = _text(port, title)
        report.lost_edits += sum(1 for marker in markers[title] if marker not in final)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=2.0)
    args = parser.parse_args()
    localwiki.up(WIKI, PORT)
    localwiki.reset(WIKI)
    state = ROOT / "var" / "state" / "soak"
    for leftover in state.glob("state.sqlite*"):
        leftover.unlink()
    try:
        report = soak(WIKI, PORT, args.pages, args.minutes * 60, state)
    finally:
        localwiki.stop(WIKI)
    print(report.text())
    for problem in report.problems[:10]:
        print(f"  error: {problem}")
    return 0 if report.lost_edits == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
