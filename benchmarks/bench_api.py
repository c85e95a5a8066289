#!/usr/bin/env python3
"""API efficiency on a real local wiki seeded with 1,000 pages.

    python -m benchmarks.bench_api [--pages 1000]

Starts a separate local wiki (127.0.0.1:8798, var/localwiki-bench), imports the pages with
MediaWiki's importDump.php, then runs the bot twice over every page that transcludes {{sfn}}:
the first run reads, fixes and reports; the second finds nothing changed. For each run it prints
the API requests made, the pages read, requests per page read, and how many requests fetched page
text (the second run should fetch none).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scripts import localwiki
from scripts.make_dump import write_dump

ROOT = Path(__file__).resolve().parent.parent

PORT = 8798
WIKI = ROOT / "var" / "localwiki-bench"
STATE = ROOT / "var" / "state" / "bench"


def sample_pages(count: int) -> list[tuple[str, str]]:
    made = []
    for i in range(count):
        if i % 10 == 0:
            text = (
                f"Mill {i} ground grain.{{{{sfn|Smith|2005|pp={i}β{i + 1}}}}}\n\n"
                "* {{cite book |last=Smith |year=2005 |title=Mills}}"
            )
        else:
            text = (
                f"Weir {i} is quiet.{{{{sfn|Smith|2005|p={i}}}}}\n\n"
                "* {{cite book |last=Smith |year=2005 |title=Mills}}"
            )
        made.append((f"Bench page {i}", text))
    return made


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=250,
        help="pages per API request (a bot account may read up to 500 at once)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    localwiki.up(WIKI, PORT)
    localwiki.reset(WIKI)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "bench.xml"
        write_dump(sample_pages(args.pages), dump)
        subprocess.run(
            ["php", "maintenance/importDump.php", str(dump)],
            cwd=localwiki.CODE,
            check=True,
            capture_output=True,
            env={"MW_CONFIG_FILE": str(WIKI / "LocalSettings.php"), "PATH": "/usr/bin:/bin"},
        )
    print(f"wiki with {args.pages} pages ready in {time.perf_counter() - started:.1f} s")
    for leftover in STATE.glob("state.sqlite*"):
        leftover.unlink()
    config = localwiki.bot_config(WIKI, PORT, "benchwiki", STATE, batch_size=args.batch_size)

    from bot.config import load

    settings = load(config)
    from pywikibot.data import api

    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    calls: list[dict[str, Any]] = []
    original = api.Request.submit

    def counting(self: api.Request) -> Any:
        calls.append({k: str(v) for k, v in self._params.items()})
        return original(self)

    api.Request.submit = counting
    for label in ("first run", "second run"):
        calls.clear()
        began = time.perf_counter()
        summary = run_bot(settings, Selection(transcludes=("Sfn",)), dry_run=False, echo=lambda _: None)
        seconds = time.perf_counter() - began
        counts = summary.counts
        read = counts["read"] + counts["already_checked"]
        reads = [c for c in calls if "rvprop" in c or "list" in c]  # page lists, metadata and text
        writes = [c for c in calls if c.get("action") == "['edit']"]
        text = [c for c in calls if "'content'" in c.get("rvprop", "")]
        print(
            f"{label}: {read} pages considered, {counts['read']} fetched with text,"
            f" {counts['edited']} edited, {seconds:.1f} s"
        )
        print(
            f"  API requests: {len(calls)} in all; {len(reads)} to list and read pages"
            f" ({len(reads) / max(read, 1):.3f} per page, one per {read / max(len(reads), 1):.0f} pages);"
            f" {len(writes)} edits and {len(calls) - len(reads) - len(writes)} others"
            " (tokens, login, per-edit checks, talk pages)"
        )
        print(f"  requests that fetched page text: {len(text)}")
    localwiki.stop(WIKI)
    return 0


if __name__ == "__main__":
    sys.exit(main())
