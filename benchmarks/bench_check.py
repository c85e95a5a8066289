#!/usr/bin/env python3
"""Throughput of the whole check against a bare mwparserfromhell parse of the same pages.

    python benchmarks/bench_check.py ../shared/corpus [--repeat 3] [--site-data FILE]

Prints MB/s for (a) the full check (scan, every local rule, findings) and (b) mwparserfromhell.parse
alone, and their ratio. The best of --repeat runs is reported for each, so a busy machine hurts
the figures less.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import mwparserfromhell

from bot.checker import check_text
from bot.files import PAGE_SUFFIXES
from bot.rules.registry import select
from bot.wikitext.sitedata import BUILTIN, SiteData


def _best_seconds(run: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
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
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rules = select()
    site = SiteData.loads(args.site_data.read_text(encoding="utf-8")) if args.site_data else BUILTIN
    findings = 0

    def full_check() -> None:
        nonlocal findings
        findings = sum(len(check_text(text, rules, site=site)) for text in texts)

    def bare_parse() -> None:
        for text in texts:
            mwparserfromhell.parse(text)

    check_seconds = _best_seconds(full_check, args.repeat)
    parse_seconds = _best_seconds(bare_parse, args.repeat)
    print(f"pages: {len(texts)}   text: {megabytes:.2f} MB   rules: {len(rules)}   findings: {findings}")
    print(f"full check:                {check_seconds:7.2f} s   {megabytes / check_seconds:7.2f} MB/s")
    print(f"mwparserfromhell.parse:    {parse_seconds:7.2f} s   {megabytes / parse_seconds:7.2f} MB/s")
    print(f"check / bare parse throughput: {parse_seconds / check_seconds:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
