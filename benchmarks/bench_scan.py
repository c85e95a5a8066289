#!/usr/bin/env python3
"""Speed of scan-dump against decompression alone and a bare parse, for both dump layouts.

    python -m benchmarks.bench_scan ../shared/corpus [--repeat 4] [--workers 2] [--pages-per-stream 10]
        [--rounds 3]

Builds a multistream and a single-stream dump of the corpus (repeated --repeat times), then
prints in one run, for each layout: decompression alone (in parallel on --workers cores), the
bare mwparserfromhell.parse and the check alone (one core, pages in memory), and scan-dump on 1
and on --workers workers: MB/s of wikitext per core, ratios, and the peak memory of a worker.
The decompression and scan rows run --rounds times, taking turns, and keep their least CPU and
least wall time (each over the rounds, so they may come from two rounds). Then a
worker's stages apart (decompression, XML, check, per MB, one round on one core) and what the
check may cost for issue 12's aim of a scan within 1.3x the CPU of decompression alone.

Rates per core come from CPU time (this process, its children, and the pool workers of the scan
and of the multistream decompression, which count their own), so they
hold on a busy machine; wall times are printed beside them. The speed-up from 1 to N workers is measured in
wall time, and also predicted from CPU time (N x CPU for 1 / CPU for N), which is what it would
be on idle cores.

The corpus's pages average 47 KB of wikitext, ten times a Wikipedia article's, so its multistream
dump puts 10 pages in a stream, not Wikimedia's 100: streams of Wikipedia's size (about 0.5 MB),
and enough of them to share among the workers. The check alone runs once before it is timed, as a
worker compiles its prefilter and rules once for a whole dump.
"""

from __future__ import annotations

import argparse
import bz2
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import mwparserfromhell

from bot.checker import check_text
from bot.rules.base import Rule
from bot.rules.registry import select
from bot.scan.dump import Stream, index_path, pages_from_xml, read_stream, streams
from bot.scan.engine import scan_dump
from bot.wikitext.prefilter import page_filter
from bot.wikitext.sitedata import BUILTIN
from scripts.make_dump import corpus_pages, write_dump

DUMP_GB = 100
AIM = 1.3  # issue 12: a scan within this many times the CPU of decompression alone
CLUSTER = (4, 16)  # machines, cores each
T = TypeVar("T")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Timing:
    cpu: float
    wall: float


def _measure(run: Callable[[], object]) -> Timing:
    return _measured(run)[0]


def _measured(run: Callable[[], T]) -> tuple[Timing, T]:
    cpu, wall = _cpu(), time.perf_counter()
    result = run()
    return Timing(_cpu() - cpu, time.perf_counter() - wall), result


def _decompress(path: str, stream: Stream) -> float:
    """Decompress one stream; the CPU seconds it took, counted by the worker itself."""
    started = time.process_time()
    with open(path, "rb") as dump:
        dump.seek(stream.start)
        bz2.decompress(dump.read(stream.end - stream.start))
    return time.process_time() - started


def _decompress_streams(dump: Path, parts: list[Stream], workers: int) -> float:
    """Decompress every stream on ``workers`` processes; the CPU seconds they took. The workers
    start from a forkserver and count their own CPU, as the scan's do: both rows count alike."""
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        return sum(pool.map(_decompress, [str(dump)] * len(parts), parts, chunksize=8))


def _decompress_single(dump: Path, workers: int) -> None:
    with subprocess.Popen(
        ["lbzip2", "-d", "-c", "-n", str(workers), str(dump)], stdout=subprocess.PIPE
    ) as lb:
        assert lb.stdout is not None
        while lb.stdout.read(1 << 20):
            pass


@dataclass
class Stages:
    """CPU seconds per MB of wikitext of each stage of a multistream scan, on one core."""

    decompression: float
    xml: float
    check: float
    footnoted_check: float  # the check of the pages holding a checked template name, per MB of them
    footnoted_share: float  # the share of the wikitext on those pages
    other_check: float  # the check of every other page, per MB of them


def _stages(dump: Path, header: str, parts: list[Stream], rules: list[Rule]) -> Stages:
    """Each stage of a worker's work, timed apart on this process, stream by stream."""
    prefilter = page_filter(*BUILTIN.checked_names)
    spent = {"decompression": 0.0, "xml": 0.0, "check": 0.0, "footnoted": 0.0}
    size = footnoted_size = 0
    with open(dump, "rb") as packed:
        for part in parts:
            packed.seek(part.start)
            raw = packed.read(part.end - part.start)
            started = time.process_time()
            xml = bz2.decompress(raw)
            decompressed = time.process_time()
            pages = pages_from_xml(header, xml, frozenset({0}))
            parsed = time.process_time()
            spent["decompression"] += decompressed - started
            spent["xml"] += parsed - decompressed
            for page in pages:
                started = time.process_time()
                check_text(page.text, rules)
                took = time.process_time() - started
                spent["check"] += took
                page_size = len(page.text.encode("utf-8"))
                size += page_size
                if prefilter.marks(page.text).templates:
                    spent["footnoted"] += took
                    footnoted_size += page_size
    megabytes, other_megabytes = size / 1e6, (size - footnoted_size) / 1e6
    return Stages(
        spent["decompression"] / megabytes,
        spent["xml"] / megabytes,
        spent["check"] / megabytes,
        spent["footnoted"] / (footnoted_size / 1e6) if footnoted_size else 0.0,
        footnoted_size / size if size else 0.0,
        (spent["check"] - spent["footnoted"]) / other_megabytes if other_megabytes else 0.0,
    )


def _steal(stat: Path = Path("/proc/stat")) -> tuple[int, int] | None:
    """The machine's CPU ticks so far: (stolen by the hypervisor, in all); None off Linux. The
    fields after steal (guest, guest_nice) are counted in user and nice already (proc(5))."""
    try:
        fields = [int(value) for value in stat.read_text().split("\n")[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    return (fields[7] if len(fields) > 7 else 0), sum(fields)


def _best(timings: list[Timing]) -> Timing:
    """The least CPU and the least wall time over rounds: what the machine's other work did not add."""
    return Timing(min(t.cpu for t in timings), min(t.wall for t in timings))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=4, help="copies of the corpus in each dump")
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel runs")
    parser.add_argument("--pages-per-stream", type=int, default=10, help="pages in a multistream stream")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of each decompression and scan row, in turns (best kept)",
    )
    args = parser.parse_args()
    n = args.workers
    rules = select()
    load = os.getloadavg()
    steal_start = _steal()
    with tempfile.TemporaryDirectory() as folder:
        multi = Path(folder) / "bench-multistream.xml.bz2"
        single = Path(folder) / "bench.xml.bz2"
        pages = write_dump(corpus_pages(args.corpus, args.repeat), multi, args.pages_per_stream)
        write_dump(corpus_pages(args.corpus, args.repeat), single)
        index = index_path(multi)
        assert index is not None
        header, parts = streams(multi, index)
        texts = [p.text for part in parts for p in read_stream(multi, header, part)]
        megabytes = sum(len(t.encode()) for t in texts) / 1e6
        once = texts[: len(texts) // args.repeat]  # the bare parse is slow: one copy
        once_mb = sum(len(t.encode()) for t in once) / 1e6

        for text in once:
            check_text(text, rules)
        rows: list[tuple[str, float, Timing]] = []
        rows.append(
            (
                "bare mwparserfromhell.parse, 1 core",
                once_mb,
                _measure(lambda: [mwparserfromhell.parse(t) for t in once]),
            )
        )
        rows.append(
            ("check alone, 1 core", megabytes, _measure(lambda: [check_text(t, rules) for t in texts]))
        )
        stages = _stages(multi, header, parts, rules)
        peaks: dict[str, int] = {}
        scans: dict[tuple[str, int], Timing] = {}
        decompress: dict[str, Timing] = {}
        for layout, dump in (("multistream", multi), ("single stream", single)):
            timings: dict[str, list[Timing]] = {}
            for _ in range(args.rounds):  # the rows take turns, so that a change of load weighs on all
                if layout == "multistream":
                    timing, worker_cpu = _measured(lambda: _decompress_streams(multi, parts, n))
                    timing.cpu += worker_cpu
                else:
                    timing = _measure(lambda: _decompress_single(single, n))
                timings.setdefault("decompression", []).append(timing)
                for workers in (1, n):
                    out = Path(folder) / f"{layout[0]}{workers}.jsonl"
                    timing, report = _measured(partial(scan_dump, dump, out, workers=workers, resume=False))
                    # Workers are the forkserver's children, not ours: they report their own CPU.
                    timing.cpu += report.worker_cpu
                    timings.setdefault(f"scan {workers}", []).append(timing)
                    peaks[f"{layout}, {workers}"] = max(
                        peaks.get(f"{layout}, {workers}", 0), report.peak_worker_memory
                    )
            decompress[layout] = _best(timings["decompression"])
            rows.append((f"{layout}: decompression alone, {n} cores", megabytes, decompress[layout]))
            for workers in (1, n):
                scans[layout, workers] = _best(timings[f"scan {workers}"])
                rows.append((f"{layout}: scan-dump, {workers} worker(s)", megabytes, scans[layout, workers]))
    steal_end = _steal()

    print(f"dumps: {pages} pages, {megabytes:.1f} MB of wikitext ({len(parts)} streams); workers: {n}")
    loads = " ".join(f"{value:.2f}" for value in load), " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average (1, 5, 15 min) at the start: {loads[0]}, at the end: {loads[1]}")
    if steal_start is not None and steal_end is not None and steal_end[1] > steal_start[1]:
        stolen = (steal_end[0] - steal_start[0]) / (steal_end[1] - steal_start[1])
        print(f"CPU time taken by the hypervisor (steal) during the bench: {stolen:.1%}")
    print(f"decompression and scan rows: the best of {args.rounds} rounds, taken in turns")
    print("| what | CPU s | wall s | MB/s per core | MB/s wall |")
    print("|---|---|---|---|---|")
    for label, size, timing in rows:
        rates = f"{size / timing.cpu:.2f} | {size / timing.wall:.2f}"
        print(f"| {label} | {timing.cpu:.2f} | {timing.wall:.2f} | {rates} |")
    bare = rows[0][1] / rows[0][2].cpu
    check = rows[1][1] / rows[1][2].cpu
    print(f"check alone / bare parse, per core: {check / bare:.1f}x")
    for layout in ("multistream", "single stream"):
        one, many = scans[layout, 1], scans[layout, n]
        print(
            f"{layout}: scan on {n} workers / decompression alone:"
            f" {many.wall / decompress[layout].wall:.2f}x the wall time,"
            f" {many.cpu / decompress[layout].cpu:.2f}x the CPU; 1 -> {n} workers:"
            f" {one.wall / many.wall:.2f}x wall, {n * one.cpu / many.cpu:.2f}x predicted from CPU;"
            f" scan / bare parse per core: {megabytes / one.cpu / bare:.1f}x"
        )
    _print_stages(stages)
    for label, peak in peaks.items():
        print(f"peak memory of a worker ({label} worker(s)): {peak / 2**20:.0f} MiB")
    per_core = megabytes / scans["multistream", 1].cpu
    print(f"at {per_core:.2f} MB/s per core (multistream, 1 worker, CPU):")
    for label, cores in (
        ("1 core", 1),
        ("16 cores", 16),
        (f"{CLUSTER[0]}x{CLUSTER[1]} cores", CLUSTER[0] * CLUSTER[1]),
    ):
        hours = DUMP_GB * 1000 / (per_core * cores) / 3600
        print(f"  a {DUMP_GB} GB dump on {label}: {hours:.2f} h ({hours * 60:.0f} min), scaling linearly")
    return 0


def _print_stages(stages: Stages) -> None:
    """Where a worker's CPU goes, and what the check may cost for a scan within AIM x decompression."""
    print(
        f"per MB of wikitext, one core (multistream): decompression {stages.decompression:.4f} s,"
        f" XML {stages.xml:.4f} s, check {stages.check:.4f} s"
        f" ({stages.footnoted_check:.4f} s per MB on the pages holding a checked name,"
        f" {stages.footnoted_share:.0%} of the text; {stages.other_check:.4f} s on the rest)"
    )
    floor = (stages.decompression + stages.xml) / stages.decompression
    budget = AIM * stages.decompression - stages.decompression - stages.xml
    print(f"a scan whose check cost nothing: {floor:.2f}x the CPU of decompression alone")
    if budget <= 0:
        print(f"within {AIM}x of decompression: no room left for the check after the XML")
        return
    fits = (
        f"; it costs {stages.check:.4f} s now: it fits"
        if stages.check <= budget
        else f", {stages.check / budget:.1f}x less than now"
    )
    print(
        f"within {AIM}x of decompression the check may cost {budget:.4f} s per MB"
        f" ({1 / budget:.0f} MB/s per core){fits}"
    )
    # The aim holds for a dump whose share s of text on pages with a checked name gives
    # s * footnoted + (1 - s) * other <= budget, at this check's speed.
    if budget < stages.other_check:
        print(
            "at this check's speed, the aim holds for no dump: the pages without a checked name alone"
            f" cost {stages.other_check:.4f} s per MB"
        )
    elif stages.footnoted_check > stages.other_check:
        share = (budget - stages.other_check) / (stages.footnoted_check - stages.other_check)
        print(
            f"at this check's speed, the aim holds for a dump with at most {min(share, 1):.0%} of its text"
            f" on pages holding a checked name (this corpus: {stages.footnoted_share:.0%})"
        )


if __name__ == "__main__":
    sys.exit(main())
