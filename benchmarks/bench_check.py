#!/usr/bin/env python3
"""Throughput of the whole check against a bare mwparserfromhell parse of the same pages.

    python -m benchmarks.bench_check ../shared/corpus [--repeat 3] [--site-data FILE]

Prints MB/s per core (CPU time) and wall MB/s for the bare mwparserfromhell.parse, the whole check
on every page, on the pages holding a checked template name, and on those with no name and no
mojibake mark, and the prefilter alone on those; and the check's ratio to the bare parse. The best
of --repeat runs is kept for each; the rows take turns, and a run shorter than a second is
repeated within a measurement.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import mwparserfromhell

from bot.checker import check_text
from bot.files import PAGE_SUFFIXES
from bot.rules.registry import select
from bot.wikitext.prefilter import Marks, page_filter
from bot.wikitext.sitedata import BUILTIN, SiteData

MIN_SECONDS = 1.0  # a measurement shorter than this is mostly the clock's and the machine's noise


def _rounds(run: Callable[[], object]) -> int:
    """How many runs make one measurement: as many as last MIN_SECONDS."""
    started = time.process_time()
    run()
    return max(1, math.ceil(MIN_SECONDS / max(time.process_time() - started, 1e-6)))


def _timed(run: Callable[[], object], rounds: int) -> tuple[float, float]:
    """CPU and wall seconds of one run, averaged over ``rounds`` runs."""
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        run()
    return (time.process_time() - cpu_start) / rounds, (time.perf_counter() - wall_start) / rounds


def _best(runs: list[Callable[[], object]], repeat: int) -> list[tuple[float, float]]:
    """The least CPU and wall seconds of each run over ``repeat`` measurements. The runs take
    turns, so that a change in the machine's load weighs on all of them, not on one row."""
    rounds = [_rounds(run) for run in runs]
    best = [(float("inf"), float("inf"))] * len(runs)
    for _ in range(repeat):
        for index, run in enumerate(runs):
            cpu, wall = _timed(run, rounds[index])
            best[index] = (min(best[index][0], cpu), min(best[index][1], wall))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("directory", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    parser.add_argument("--site-data", type=Path, help="a snapshot from 'maintbot site-data' to check with")
    args = parser.parse_args()
    files = sorted(p for p in args.directory.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file())
    if not files:
        print(f"no .wiki or .txt files under {args.directory}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in files]
    rules = select()
    site = SiteData.loads(args.site_data.read_text(encoding="utf-8")) if args.site_data else BUILTIN
    prefilter = page_filter(*site.checked_names)
    quiet = [t for t in texts if prefilter.marks(t) == Marks(templates=False, mojibake=False)]
    marked = [t for t in texts if prefilter.marks(t).templates]

    def size(pages: list[str]) -> float:
        return sum(len(t.encode("utf-8")) for t in pages) / 1e6

    rows = [
        (
            "bare mwparserfromhell.parse, every page",
            texts,
            lambda: [mwparserfromhell.parse(t) for t in texts],
        ),
        ("check, every page", texts, lambda: [check_text(t, rules, site=site) for t in texts]),
        (
            "check, pages with a checked name",
            marked,
            lambda: [check_text(t, rules, site=site) for t in marked],
        ),
        (
            "check, pages with no name and no mark",
            quiet,
            lambda: [check_text(t, rules, site=site) for t in quiet],
        ),
        ("prefilter alone, those pages", quiet, lambda: [prefilter.marks(t) for t in quiet]),
    ]
    findings = sum(len(check_text(t, rules, site=site)) for t in texts)
    print(f"pages: {len(texts)} ({len(marked)} with a checked name, {len(quiet)} with no name and no mark)")
    print(f"text: {size(texts):.2f} MB   rules: {len(rules)}   findings: {findings}")
    print("| what | pages | MB | CPU s | MB/s per core | MB/s wall |")
    print("|---|---|---|---|---|---|")
    rates = {}
    timings = _best([run for _, _, run in rows], args.repeat)
    for (label, pages, _), (cpu, wall) in zip(rows, timings, strict=True):
        megabytes = size(pages)
        rates[label] = megabytes / cpu
        figures = f"{megabytes:.2f} | {cpu:.2f} | {rates[label]:.2f} | {megabytes / wall:.2f}"
        print(f"| {label} | {len(pages)} | {figures} |")
    bare = rates["bare mwparserfromhell.parse, every page"]
    print(f"check / bare parse, per core: {rates['check, every page'] / bare:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
