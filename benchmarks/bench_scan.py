#!/usr/bin/env python3
"""Speed of scan-dump on a dump built from the corpus, against bare mwparserfromhell parsing.

    python benchmarks/bench_scan.py ../shared/corpus [--repeat 4]

Builds a multistream dump of the corpus (repeated to make it larger), then prints, in one run:
pages/s and MB/s per core for the scan with 1 worker and with every core, the same for a bare
mwparserfromhell.parse of the same pages on one core, their ratio, the speed-up from 1 to all
cores, and what that means for a 100 GB dump on 1 and on 16 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import mwparserfromhell

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.scan.dump import index_path, read_stream, streams
from bot.scan.engine import scan_dump
from scripts.make_dump import corpus_pages, write_dump

DUMP_GB = 100


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=4, help="copies of the corpus in the dump")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "bench-multistream.xml.bz2"
        pages = write_dump(corpus_pages(args.corpus, args.repeat), dump)
        index = index_path(dump)
        assert index is not None
        header, parts = streams(dump, index)
        texts = [p.text for part in parts for p in read_stream(dump, header, part)]
        megabytes = sum(len(t.encode()) for t in texts) / 1e6

        started = time.perf_counter()
        for text in texts:
            mwparserfromhell.parse(text)
        bare = time.perf_counter() - started

        timings = {}
        for workers in sorted({1, cores}):
            out = Path(folder) / f"w{workers}.jsonl"
            report = scan_dump(dump, out, workers=workers, resume=False)
            timings[workers] = report.seconds

    print(
        f"dump: {pages} pages, {megabytes:.1f} MB of wikitext, {len(parts)} streams; machine: {cores} cores"
    )
    print(f"{'':32s}{'pages/s':>10s}{'MB/s per core':>16s}")
    print(f"{'mwparserfromhell.parse, 1 core':32s}{pages / bare:10.0f}{megabytes / bare:16.2f}")
    for workers, seconds in timings.items():
        label = f"scan-dump, {workers} worker(s)"
        print(f"{label:32s}{pages / seconds:10.0f}{megabytes / seconds / workers:16.2f}")
    one = timings[1]
    print(f"scan (decompress + parse XML + check) / bare parse, per core: {bare / one:.2f}x")
    if cores > 1:
        print(f"speed-up from 1 to {cores} cores: {one / timings[cores]:.2f}x")
    per_core = megabytes / one
    for n in (1, 16):
        hours = DUMP_GB * 1000 / (per_core * n) / 3600
        print(f"a {DUMP_GB} GB dump on {n:2d} core(s), at the 1-core rate scaled linearly: {hours:6.2f} h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
