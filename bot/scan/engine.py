"""Scan a dump with every core (or a Dask cluster) into a worklist, resumably.

Work is cut into units: one stream of a multistream dump (decompressed and parsed by the worker
itself), or a piece of a single-stream dump's XML (decompressed in order by this process, with
lbzip2 on every core where it is installed, and parsed by the worker). At most a few units per
worker are in flight, so memory stays bounded whatever the dump's size. Results are written in unit
order; after each unit the worklist is flushed and a checkpoint records how far it got, so an
interrupted scan resumes where it stopped with the same output.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from bot.checker import check_text
from bot.output.serialise import page_record
from bot.rules.base import Rule
from bot.rules.registry import select
from bot.scan.dump import DumpPage, Stream, index_path, pages_from_xml, read_stream, streams, xml_chunks
from bot.wikitext.limits import PageTooComplex
from bot.wikitext.sitedata import BUILTIN, SiteData

CHUNK_BYTES = 1 << 20  # a piece of a single-stream dump: about a multistream stream's XML


@cache
def _rules(selected: tuple[str, ...], ignored: tuple[str, ...]) -> list[Rule]:
    return select(list(selected), list(ignored))


@cache
def _site(snapshot: str | None) -> SiteData:
    """A worker reads the site-data snapshot once (by path: a unit carries no copy of it)."""
    return BUILTIN if snapshot is None else SiteData.loads(Path(snapshot).read_text(encoding="utf-8"))


def check_pages(
    pages: list[DumpPage], selected: tuple[str, ...], ignored: tuple[str, ...], snapshot: str | None = None
) -> dict[str, Any]:
    """Worker: check pages, return worklist records and the unit's statistics."""
    rules = _rules(selected, ignored)
    site = _site(snapshot)
    records = []
    size = 0
    for page in pages:
        size += len(page.text.encode("utf-8"))
        try:
            findings = check_text(page.text, rules, page.namespace, site=site)
        except PageTooComplex as error:
            records.append(page_record(page, [], skipped=str(error)))
            continue
        if findings:
            records.append(page_record(page, findings))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux counts KiB
    return {"records": records, "pages": len(pages), "bytes": size, "peak_memory": peak}


def check_stream(
    path: str,
    header: str,
    stream: Stream,
    namespaces: tuple[int, ...] | None,
    selected: tuple[str, ...],
    ignored: tuple[str, ...],
    snapshot: str | None = None,
) -> dict[str, Any]:
    """Worker: decompress and parse one stream of a multistream dump, then check it."""
    started = time.process_time()
    pages = read_stream(Path(path), header, stream, frozenset(namespaces) if namespaces else None)
    return {**check_pages(pages, selected, ignored, snapshot), "cpu": time.process_time() - started}


def check_chunk(
    header: str,
    chunk: bytes,
    namespaces: tuple[int, ...] | None,
    selected: tuple[str, ...],
    ignored: tuple[str, ...],
    snapshot: str | None = None,
) -> dict[str, Any]:
    """Worker: parse one piece of a single-stream dump's XML, then check it."""
    started = time.process_time()
    pages = pages_from_xml(header, chunk, frozenset(namespaces) if namespaces else None)
    return {**check_pages(pages, selected, ignored, snapshot), "cpu": time.process_time() - started}


@dataclass(slots=True)
class ScanReport:
    pages: int = 0
    pages_with_findings: int = 0
    bytes: int = 0
    seconds: float = 0.0
    units: int = 0
    resumed_from: int = 0
    skipped: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    peak_worker_memory: int = 0  # bytes, the most any worker process held (this run only)
    worker_cpu: float = 0.0  # seconds of CPU the workers spent on this run's units

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "pages_with_findings": self.pages_with_findings,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "units": self.units,
            "resumed_from_unit": self.resumed_from,
            "findings_by_code": dict(sorted(self.codes.items())),
        }


def _open_executor(stack: ExitStack, workers: int, scheduler: str | None) -> tuple[Executor, int]:
    """Local processes, or a Dask cluster's workers behind the same concurrent.futures interface;
    with how many units run at once."""
    if scheduler is None:
        # A worker forked from the forkserver starts clean, not as a copy of this process's memory
        # (the pages a caller holds): its peak memory is its own, and bounded by its units.
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))
        stack.callback(pool.shutdown, cancel_futures=True)
        return pool, workers
    from distributed import Client  # the optional cluster extra: only a cluster run needs it

    client = stack.enter_context(Client(scheduler))  # type: ignore[no-untyped-call]
    executor = client.get_executor(pure=False)
    stack.callback(executor.shutdown, wait=False)
    return executor, max(1, sum(client.nthreads().values()))


def _units(
    dump: Path,
    namespaces: tuple[int, ...] | None,
    selected: tuple[str, ...],
    ignored: tuple[str, ...],
    snapshot: str | None,
    threads: int,
) -> Iterator[tuple[Callable[..., Any], tuple[Any, ...]]]:
    index = index_path(dump)
    if index is not None:
        header, parts = streams(dump, index)
        for stream in parts:
            yield check_stream, (str(dump), header, stream, namespaces, selected, ignored, snapshot)
        return
    for header, chunk in xml_chunks(dump, CHUNK_BYTES, threads):
        yield check_chunk, (header, chunk, namespaces, selected, ignored, snapshot)


def _checkpoint_path(worklist: Path) -> Path:
    return worklist.with_name(worklist.name + ".checkpoint")


def scan_dump(
    dump: Path,
    worklist: Path,
    *,
    namespaces: tuple[int, ...] | None = (0,),
    selected: tuple[str, ...] = ("ALL",),
    ignored: tuple[str, ...] = (),
    site_data: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = True,
    progress: Callable[[ScanReport], None] | None = None,
    stop_after_units: int | None = None,
) -> ScanReport:
    """Scan ``dump`` into ``worklist`` (JSON lines); ``<worklist>.summary.json`` gets the totals.

    ``site_data`` is a snapshot from ``maintbot site-data`` (the built-in defaults without one)."""
    if not dump.exists():
        raise FileNotFoundError(f"{dump}: no such dump")
    checkpoint = _checkpoint_path(worklist)
    report = ScanReport()
    done_units = 0
    offset = 0
    if resume and checkpoint.exists() and worklist.exists():
        saved = json.loads(checkpoint.read_text())
        done_units, offset = saved["units"], saved["offset"]
        report = ScanReport(
            pages=saved["pages"],
            pages_with_findings=saved["pages_with_findings"],
            bytes=saved["bytes"],
            seconds=saved["seconds"],
            units=done_units,
            resumed_from=done_units,
            skipped=saved.get("skipped", 0),
            codes=Counter(saved["codes"]),
        )
    worklist.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack, open(worklist, "a+b") as out:
        executor, workers = _open_executor(stack, workers or os.cpu_count() or 1, scheduler)
        window = 2 * workers + 2
        started = time.perf_counter() - report.seconds
        snapshot = str(site_data.resolve()) if site_data is not None else None
        units = _units(dump, namespaces, tuple(selected), tuple(ignored), snapshot, workers)
        units = islice(units, done_units, None)
        next_unit = done_units
        results: dict[int, dict[str, Any]] = {}
        pending: dict[Future[dict[str, Any]], int] = {}
        out.truncate(offset)  # drop what an interrupted run wrote after its last checkpoint
        out.seek(offset)
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                unit = next(units, None)
                if unit is None:
                    exhausted = True
                    break
                fn, args = unit
                pending[executor.submit(fn, *args)] = next_unit
                next_unit += 1
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                results[pending.pop(future)] = future.result()
            while report.units in results:
                _write(out, results.pop(report.units), report)
                report.units += 1
                report.seconds = time.perf_counter() - started
                _save_checkpoint(checkpoint, report, out.tell())
                if progress is not None:
                    progress(report)
                if stop_after_units is not None and report.units >= stop_after_units:
                    return report  # for tests of resuming: as if killed here
    report.seconds = time.perf_counter() - started
    summary = worklist.with_name(worklist.name + ".summary.json")
    summary.write_text(json.dumps(report.as_dict(), indent=2), encoding="utf-8")
    checkpoint.unlink(missing_ok=True)
    return report


def _write(out: Any, result: dict[str, Any], report: ScanReport) -> None:
    for record in result["records"]:
        out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        report.codes.update(f["code"] for f in record["findings"])
    report.pages += result["pages"]
    report.bytes += result["bytes"]
    report.peak_worker_memory = max(report.peak_worker_memory, result["peak_memory"])
    report.worker_cpu += result["cpu"]
    skipped = sum(1 for record in result["records"] if "skipped" in record)
    report.skipped += skipped
    report.pages_with_findings += len(result["records"]) - skipped
    out.flush()


def _save_checkpoint(path: Path, report: ScanReport, offset: int) -> None:
    data = {
        "skipped": report.skipped,
        "units": report.units,
        "offset": offset,
        "pages": report.pages,
        "pages_with_findings": report.pages_with_findings,
        "bytes": report.bytes,
        "seconds": report.seconds,
        "codes": dict(report.codes),
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data))
    os.replace(temporary, path)
