#!/usr/bin/env python3
"""API requests per 100 pages on every path a run takes, on a real local wiki.

    python -m benchmarks.bench_api [--pages 300] [--port 8798]

Starts a separate local wiki (127.0.0.1, var/localwiki-bench), imports ``--pages`` pages (most
clean; a tenth each needing a fix, a talk report for a footnote without target, and a talk report
for an image block naming a missing file beside an existing one), all in one category and
transcluding {{sfn}}. Then, for each way of choosing pages (listed titles, a scan-dump worklist,
a template's transclusions, a category, recent changes, an on-wiki request), from the seeded
wiki and an empty state database, it runs the bot dry and live, first run and rerun, through a
loopback proxy that records every request. A request run is live only: requests are never dry.

Each row splits the requests: ``fixed`` are the run's own (site info, login, rights, tokens, the
wiki's footnote data, the request page and the first shutoff read), ``per 100`` are those that
list or read the selected pages, their talk pages and files, per 100 pages considered, and
``saves`` are the edits and reports saved, each with the shutoff read before it (``per save``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts import localwiki
from scripts.make_dump import write_dump
from tests.integration.faultproxy import fault_proxy

ROOT = Path(__file__).resolve().parent.parent
WIKI = ROOT / "var" / "localwiki-bench"
STATE = ROOT / "var" / "state" / "bench"
CATEGORY = "Bench pages"
SHUTOFF = "User:MaintBot/Shutoff"
REQUESTS_PAGE = "User:MaintBot/Requests"
CITATION = "* {{cite book |last=Smith |year=2005 |title=Mills}}"
LISTS = {"embeddedin", "categorymembers", "recentchanges"}  # the API modules that select pages
OWN_DATA = ("Module:", "Template:", SHUTOFF, REQUESTS_PAGE)
Requests = list[dict[str, list[str]]]


def sample_pages(count: int) -> list[tuple[str, str]]:
    made = []
    for i in range(count):
        if i % 10 == 0:  # a mojibake page range: a safe fix
            body = f"Mill {i} ground grain.{{{{sfn|Smith|2005|pp={i}β{i + 1}}}}}"
        elif i % 10 == 1:  # a footnote without target: a talk report
            body = f"Weir {i} is quiet.{{{{sfn|Nobody|1999|p={i}}}}}"
        elif i % 10 == 2:  # a missing file beside one that exists: a talk report
            body = (
                f"{{{{multiple image|image1=Weir.png|alt1=A weir|image2=Sluice {i}.jpg|alt2=A sluice}}}}\n"
                f"Sluice {i}.{{{{sfn|Smith|2005|p={i}}}}}"
            )
        else:
            body = f"Race {i} runs.{{{{sfn|Smith|2005|p={i}}}}}"
        made.append((f"Bench page {i}", f"{body}\n\n{CITATION}\n\n[[Category:{CATEGORY}]]"))
    return made


@dataclass(frozen=True, slots=True)
class Measured:
    pages: int  # pages considered: fetched, or skipped as already checked
    saves: int
    fixed: int
    per_page: int  # requests that list or read the selected pages, their talks and files
    per_save: int


def measure(requests: Requests, pages: int) -> Measured:
    saves = sum(1 for r in requests if r.get("action") == ["edit"])
    shutoff_reads = sum(1 for r in requests if r.get("titles") == [SHUTOFF])
    listing = [r for r in requests if {*r.get("list", []), *r.get("generator", [])} & LISTS]
    named = (r.get("titles", r.get("pageids", r.get("revids"))) for r in requests)
    reading = [n for n in named if n and not n[0].startswith(OWN_DATA)]
    per_page = len(listing) + len(reading)
    per_save = saves + max(shutoff_reads - 1, 0)
    return Measured(pages, saves, len(requests) - per_page - per_save, per_page, per_save)


def fresh_pywikibot() -> None:
    """No site, session or cookie kept from the run before: each run starts as a new process would
    (pywikibot's disk caches, like a deployment's, stay)."""
    import pywikibot
    from pywikibot.comms import http

    pywikibot._sites.clear()
    http.cookie_jar.clear()


def worklist(dump: Path, folder: Path) -> tuple[str, ...]:
    from bot.cli.run import worklist_titles

    out = folder / "bench.worklist.jsonl"
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "scan-dump", str(dump), "--out", str(out), "--workers", "1"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return tuple(worklist_titles(str(out)))


def request_run(settings: Any, port: int) -> int:
    """An admin adds a request for the category to the request page (the same line again on a
    rerun: each copy is a request of its own); the bot answers it. Returns the pages considered."""
    from bot.wiki.account import Api
    from bot.wiki.request_page import process_requests
    from bot.wiki.runner import RunSummary, run_bot

    text = Api(localwiki.api_url(port)).page_text(REQUESTS_PAGE) or ""
    asked = f"{text}\n* category: {CATEGORY}\n"
    localwiki.run_php(["php", "maintenance/edit.php", "-u", "Admin", REQUESTS_PAGE], WIKI, stdin=asked)
    considered = []

    def runner(*args: Any, **kwargs: Any) -> RunSummary:
        summary = run_bot(*args, **kwargs)
        considered.append(summary.counts["read"] + summary.counts["already_checked"])
        return summary

    process_requests(settings, runner=runner)
    return sum(considered)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--port", type=int, default=8798, help="the bench wiki's port on 127.0.0.1")
    args = parser.parse_args()
    started = time.perf_counter()
    localwiki.up(WIKI, args.port)
    localwiki.reset(WIKI)
    folder = Path(tempfile.mkdtemp())
    dump = folder / "bench.xml"
    write_dump(sample_pages(args.pages), dump)
    localwiki.run_php(["php", "maintenance/importDump.php", str(dump)], WIKI)
    localwiki.run_php(["php", "maintenance/rebuildrecentchanges.php"], WIKI)
    localwiki.run_php(["php", "maintenance/edit.php", "-u", "Admin", SHUTOFF], WIKI, stdin="run")
    localwiki.snapshot(WIKI)  # every path starts from this wiki
    print(f"wiki with {args.pages} pages ready in {time.perf_counter() - started:.0f} s")

    from bot.config import load
    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    titles = tuple(title for title, _ in sample_pages(args.pages))
    paths: dict[str, Selection] = {
        "explicit pages": Selection(titles=titles),
        "worklist (scan-dump)": Selection(titles=worklist(dump, folder)),
        "transcludes {{sfn}}": Selection(transcludes=("Sfn",)),
        "category": Selection(categories=(CATEGORY,)),
        "recent changes": Selection(recent_hours=24 * 365),
    }
    print(f"{'path':22} {'run':15} {'pages':>5} {'saves':>5} {'fixed':>5} {'per 100':>7} {'per save':>8}")
    with fault_proxy(localwiki.api_url(args.port).removesuffix("/api.php"), []) as (proxy, base):
        config = localwiki.bot_config(WIKI, args.port, "benchwiki", STATE, shutoff_page=SHUTOFF)
        config.write_text(
            config.read_text().replace(localwiki.api_url(args.port), f"{base}/api.php")
            + f'[service]\nrequest_page = "{REQUESTS_PAGE}"\n'
        )
        settings = load(config)

        def row(path: str, run: str, action: Callable[[], int]) -> None:
            fresh_pywikibot()
            proxy.requests.clear()
            pages = action()
            m = measure(proxy.requests, pages)
            per_100 = 100 * m.per_page / max(m.pages, 1)
            per_save = m.per_save / m.saves if m.saves else 0
            print(f"{path:22} {run:15} {m.pages:5} {m.saves:5} {m.fixed:5} {per_100:7.2f} {per_save:8.1f}")

        def bot_run(selection: Selection, dry: bool) -> Callable[[], int]:
            def action() -> int:
                summary = run_bot(settings, selection, dry_run=dry, echo=lambda _: None)
                return int(summary.counts["read"] + summary.counts["already_checked"])

            return action

        for path, selection in paths.items():
            localwiki.reset(WIKI)
            for leftover in STATE.glob("state.sqlite*"):
                leftover.unlink()
            for run, dry in (("dry", True), ("dry rerun", True), ("live", False), ("live rerun", False)):
                row(path, run, bot_run(selection, dry))
        localwiki.reset(WIKI)
        for run in ("live", "live rerun"):
            row("request page", run, lambda: request_run(settings, args.port))
    localwiki.stop(WIKI)
    return 0


if __name__ == "__main__":
    sys.exit(main())
