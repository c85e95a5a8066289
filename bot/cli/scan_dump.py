"""``maintbot scan-dump``: check a whole XML dump on every core (or a Dask cluster) into a worklist."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.cli.common import Parser, add_command, fail, namespace_number, positive_int, site_data_of
from bot.exit_codes import ExitCode
from bot.rules.registry import UnknownSelector, select
from bot.scan.dump import DumpError
from bot.scan.engine import ScanReport, scan_dump

EPILOG = """\
examples:
  maintbot scan-dump enwiki-latest-pages-articles-multistream.xml.bz2 --out enwiki.worklist.jsonl
  maintbot scan-dump DUMP --scheduler tcp://10.0.0.5:8786     on a Dask distributed cluster
  maintbot run --config wiki.toml --from-worklist enwiki.worklist.jsonl

exit codes: 0 scanned, 2 bad usage or an unreadable dump
"""


def register(commands: Any, parents: list[Parser]) -> None:
    scan = add_command(
        commands,
        "scan-dump",
        parents,
        "check a whole XML dump with every core (or a Dask cluster) into a worklist",
        "Read a MediaWiki XML dump (.xml, .xml.bz2, or multistream .xml.bz2 with its index"
        " beside it, decompressed in parallel), check every page of the chosen namespaces, and write a"
        " worklist of JSON lines (title, revision, findings) plus WORKLIST.summary.json. An interrupted"
        " scan resumes where it stopped. Feed the worklist to 'maintbot run --from-worklist'.",
        EPILOG,
    )
    scan.add_argument("dump", metavar="DUMP", help="the dump file (.xml, .xml.bz2, multistream .xml.bz2)")
    scan.add_argument("--out", metavar="WORKLIST", help="worklist file (default: NAME.worklist.jsonl here)")
    scan.add_argument(
        "--workers", type=positive_int, metavar="N", help="local processes (default: every core)"
    )
    scan.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on this Dask distributed scheduler")
    scan.add_argument(
        "--namespace",
        type=namespace_number,
        action="append",
        metavar="N",
        help="a namespace to check (repeatable; default 0)",
    )
    scan.add_argument("--no-resume", action="store_true", help="start again even if a checkpoint exists")
    scan.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    dump = Path(args.dump)
    worklist = Path(args.out) if args.out else Path(dump.name.split(".xml")[0] + ".worklist.jsonl")
    try:
        select(args.select, args.ignore)
    except UnknownSelector as error:
        return fail(str(error))
    site_data_of(args)  # a bad snapshot is a usage error here, not in every worker
    bar = tqdm(unit="page", file=sys.stderr, leave=False) if sys.stderr.isatty() else None

    def progress(report: ScanReport) -> None:
        if bar is not None:
            bar.update(report.pages - bar.n)

    try:
        report = scan_dump(
            dump,
            worklist,
            namespaces=tuple(args.namespace or [0]),
            selected=tuple(args.select or ["ALL"]),
            ignored=tuple(args.ignore or []),
            site_data=args.site_data,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=not args.no_resume,
            progress=progress,
        )
    except (FileNotFoundError, DumpError) as error:
        return fail(str(error))
    finally:
        if bar is not None:
            bar.close()
    _print_report(report, worklist)
    return ExitCode.OK


def _print_report(report: ScanReport, worklist: Path) -> None:
    mb = report.bytes / 1e6
    rate = (
        f"{report.pages / report.seconds:.0f} pages/s, {mb / report.seconds:.1f} MB/s"
        if report.seconds
        else ""
    )
    resumed = f" (resumed after unit {report.resumed_from})" if report.resumed_from else ""
    print(f"scanned {report.pages} pages ({mb:.1f} MB) in {report.seconds:.1f} s{resumed}: {rate}")
    print(f"{report.pages_with_findings} pages with findings -> {worklist}")
    for code, count in sorted(report.codes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{count:8d}  {code}")
