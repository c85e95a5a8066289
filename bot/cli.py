"""The ``maintbot`` command: thin subcommands over the pipeline, with meaningful exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

from bot import __version__
from bot.checker import check_text
from bot.config import ConfigError
from bot.files import STDIN, PageReadError, discover, read_page, write_atomic
from bot.fixing import fix_text
from bot.output.diff import unified_diff
from bot.output.report import Located, as_json, as_text, locate, statistics
from bot.rules.base import FixPolicy
from bot.rules.registry import UnknownSelector, all_rules, by_code, select
from bot.wiki.errors import WikiError
from bot.wikitext.limits import PageTooComplex

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_DESCRIPTION = """\
maintbot checks MediaWiki wikitext for broken short footnotes ({{sfn}}, {{sfnm}}) and
{{multiple image}} blocks, fixes what is safe to fix, and reports the rest.

Every check is a rule with a stable code (SFN-12, MI-01, ...): see 'maintbot rules'."""

_CHECK_EPILOG = """\
examples:
  maintbot check article.wiki                   list findings
  maintbot check pages/ --diff                  show the safe fixes as a diff, write nothing
  maintbot check pages/ --fix                   apply the safe fixes in place
  maintbot check - < page.wiki --format json    read stdin, print a JSON array
  maintbot check pages/ --select SFN --ignore SFN-01 --statistics

exit codes: 0 no findings, 1 findings (after --fix: findings left), 2 bad usage or unreadable input
"""


def _codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code for value in values for code in value.split(",")]


def _cmd_check(args: argparse.Namespace) -> int:
    try:
        rules = select(_codes(args.select), _codes(args.ignore))
    except UnknownSelector as error:
        print(f"maintbot: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    paths = list(discover(args.paths))
    if not paths:
        print("maintbot: error: no .wiki or .txt files found", file=sys.stderr)
        return EXIT_ERROR
    located: list[Located] = []
    errors = 0
    progress = _progress(paths)
    for path in progress:
        try:
            page = read_page(path)
            located.extend(_check_page(args, rules, path, page.text))
        except PageReadError as error:
            print(f"maintbot: error: {error}", file=sys.stderr)
            errors += 1
        except PageTooComplex as error:
            print(f"maintbot: error: {path}: skipped: {error}", file=sys.stderr)
            errors += 1
    _print_findings(args, located)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if located else EXIT_CLEAN


def _check_page(args: argparse.Namespace, rules: list[Any], path: str, text: str) -> list[Located]:
    """One page of 'maintbot check': its findings, and its fixes written or shown as asked."""
    if not (args.fix or args.diff):
        return locate(path, text, check_text(text, rules, args.namespace))
    result = fix_text(text, rules, args.namespace)
    if args.diff and result.changed:
        sys.stdout.write(unified_diff(text, result.text, path))
    if args.fix and result.changed:
        if path == STDIN:
            sys.stdout.write(result.text)
        else:
            write_atomic(path, result.text)
    if result.blocked:
        print(f"maintbot: {path}: unbalanced template braces (SFN-19); no fix applied", file=sys.stderr)
    findings = result.remaining if args.fix else check_text(text, rules, args.namespace)
    return locate(path, text if not args.fix else result.text, findings)


def _progress(paths: list[str]) -> Sequence[str]:
    if len(paths) < 20 or not sys.stderr.isatty():
        return paths
    from tqdm import tqdm

    return tqdm(paths, unit="page", file=sys.stderr, leave=False)  # type: ignore[no-any-return]


def _print_findings(args: argparse.Namespace, located: list[Located]) -> None:
    if args.format == "json":
        if not (args.diff or (args.fix and STDIN in args.paths)):
            print(as_json(located))
        return
    if args.statistics:
        if located:
            print(statistics(located))
        return
    if args.diff:
        return
    out = sys.stderr if args.fix and STDIN in args.paths else sys.stdout
    for item in located:
        print(as_text(item), file=out)
    if located:
        fixable = sum(1 for item in located if item.finding.fixable)
        tail = f" ({fixable} fixable with --fix)" if fixable else ""
        print(f"Found {len(located)} finding(s){tail}.", file=out)


def _cmd_rules(args: argparse.Namespace) -> int:
    if args.code:
        rule = by_code(args.code)
        if rule is None:
            print(f"maintbot: error: no rule {args.code!r} (see 'maintbot rules')", file=sys.stderr)
            return EXIT_ERROR
        print(
            f"{rule.code}  [{rule.severity.value}, {rule.policy.value}]"
            + ("  (needs a wiki)" if rule.needs_wiki else "")
        )
        print(f"Reads: {rule.covers()}")
        print()
        print(rule.documentation())
        return EXIT_CLEAN
    for rule in all_rules():
        fix = {
            FixPolicy.AUTO: "fix",
            FixPolicy.GUARDED: "fix*",
            FixPolicy.REPORT: "report",
            FixPolicy.NONE: "info",
        }[rule.policy]
        print(f"{rule.code:8s} {rule.severity.value:2s} {fix:6s} {rule.title()}")
    print(
        "\nfix = safe fix; fix* = safe fix when its guard holds, else report."
        " 'maintbot rules CODE' explains one."
    )
    return EXIT_CLEAN


_RUN_EPILOG = """\
examples:
  maintbot run --dry-run                         plan on the default pages, print diffs and reports
  maintbot run --page "Joseph Stalin"            check, fix and report one page
  maintbot run --category "Mill articles" --limit 20 --out plans/ --dry-run
  maintbot run --recent-changes 24               pages edited in the last day

Without a page selection the bot takes the pages that transclude {{sfn}}, {{sfnm}} or
{{multiple image}}. Credentials come from wiki.password_file in the config, from
MAINTBOT_PASSWORD_FILE, or from MAINTBOT_BOT_USER and MAINTBOT_BOT_PASSWORD; a dry run needs none.

exit codes: 0 done, 1 some pages failed, 2 bad usage, config or credentials,
            3 the wiki cannot be reached, 4 the account may not edit (blocked, no bot right)
"""
DEFAULT_CONFIG = "config/local-wiki.toml"
DEFAULT_TEMPLATES = ("Sfn", "Sfnm", "Multiple image")


def _worklist_titles(path: str) -> list[str]:
    import json

    try:
        with open(path, encoding="utf-8") as lines:
            return [json.loads(line)["title"] for line in lines if line.strip()]
    except (OSError, ValueError, KeyError) as error:
        raise ConfigError(f"{path}: not a readable worklist ({error})") from None


def _cmd_run(args: argparse.Namespace) -> int:
    import logging

    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="maintbot: %(message)s",
        stream=sys.stderr,
    )
    settings = _load_settings(args.config)
    from bot.wiki.site import prepare

    prepare(settings)  # before anything imports pywikibot
    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    try:
        titles = list(args.page or ())
        if args.from_worklist:
            titles += _worklist_titles(args.from_worklist)
        selection = Selection(
            titles=tuple(titles),
            transcludes=tuple(args.transcludes or ()),
            categories=tuple(args.category or ()),
            recent_hours=args.recent_changes,
            limit=args.limit,
            namespaces=settings.run.namespaces,
        )
        if selection.empty:
            selection = Selection(
                transcludes=DEFAULT_TEMPLATES, limit=args.limit, namespaces=settings.run.namespaces
            )
        summary = run_bot(settings, selection, dry_run=args.dry_run, out_dir=args.out)
    except WikiError as error:
        print(f"maintbot: error: {error}", file=sys.stderr)
        return error.exit_code
    print(summary.text())
    return summary.exit_code


def _load_settings(config: str | None) -> Any:
    """The settings named on the command line, in $MAINTBOT_CONFIG, or the local default."""
    import os

    from bot.config import load

    return load(config or os.environ.get("MAINTBOT_CONFIG") or DEFAULT_CONFIG)


def _cmd_serve(args: argparse.Namespace) -> int:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s maintbot: %(message)s", stream=sys.stderr)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    settings = _load_settings(args.config)
    from bot.wiki.site import prepare

    prepare(settings)
    from bot.service.daemon import AlreadyRunning, serve

    try:
        return serve(settings)
    except AlreadyRunning as error:
        print(f"maintbot: error: {error}", file=sys.stderr)
        return error.exit_code


def _cmd_trigger(args: argparse.Namespace) -> int:
    import time

    settings = _load_settings(args.config)
    from bot.service.daemon import daemon_running
    from bot.service.state import State

    selection = {
        "titles": args.page or [],
        "categories": args.category or [],
        "transcludes": args.transcludes or [],
        "limit": args.limit,
    }
    if not daemon_running(settings.run.state_dir):
        print("maintbot: no daemon is running for this state directory; running now", file=sys.stderr)
        forwarded = ["run", "--config", str(settings.path)]
        for flag, values in (
            ("--page", args.page),
            ("--category", args.category),
            ("--transcludes", args.transcludes),
        ):
            for value in values or []:
                forwarded += [flag, value]
        if args.limit:
            forwarded += ["--limit", str(args.limit)]
        return main(forwarded)
    state = State(settings.run.state_dir / "state.sqlite")
    trigger_id = state.add_trigger(selection)
    print(f"handed to the running daemon as trigger #{trigger_id}")
    if args.wait:
        while (status := state.trigger_status(trigger_id))[0] in ("pending", "running"):
            time.sleep(1)
        print(f"trigger #{trigger_id}: {status[0]} (run {status[1]})")
    state.close()
    return EXIT_CLEAN


def _cmd_status(args: argparse.Namespace) -> int:
    from datetime import datetime

    settings = _load_settings(args.config)
    from bot.service.daemon import daemon_running, next_runs
    from bot.service.state import State

    def when(stamp: float | None) -> str:
        if stamp is None:
            return "paused"
        return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    state_dir = settings.run.state_dir
    print(f"daemon: {'running' if daemon_running(state_dir) else 'not running'} ({state_dir})")
    print("next scheduled runs:")
    for job_id, stamp in next_runs(state_dir) or [("(none)", None)]:
        print(f"  {job_id}: {when(stamp) if job_id != '(none)' else ''}")
    state = State(state_dir / "state.sqlite")
    print("last runs:")
    for record in state.last_runs(5):
        counts = record.counts
        print(
            f"  #{record.id} {record.origin} {when(record.started)}: read {counts.get('read', 0)},"
            f" edited {counts.get('edited', 0)}, reported {counts.get('reported', 0)},"
            f" already checked {counts.get('already_checked', 0)}"
            + (f", ended: {record.error}" if record.error else "")
        )
    print("pending triggers:")
    for trigger_id, selection in state.pending_triggers():
        print(f"  #{trigger_id}: {selection}")
    print("recent on-wiki requests:")
    for revision, user, line, status in state.recent_requests(5):
        print(f"  revision {revision} by {user}: {line} -> {status}")
    state.close()
    return EXIT_CLEAN


def _cmd_scan_dump(args: argparse.Namespace) -> int:
    from bot.scan.dump import DumpError
    from bot.scan.engine import ScanReport, scan_dump

    dump = Path(args.dump)
    worklist = Path(args.out) if args.out else Path(dump.name.split(".xml")[0] + ".worklist.jsonl")
    try:
        select(_codes(args.select), _codes(args.ignore))
    except UnknownSelector as error:
        print(f"maintbot: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    bar: Any = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="page", file=sys.stderr, leave=False)

    def progress(report: ScanReport) -> None:
        if bar is not None:
            bar.update(report.pages - bar.n)

    try:
        report = scan_dump(
            dump,
            worklist,
            namespaces=tuple(args.namespace or [0]),
            selected=tuple(_codes(args.select) or ["ALL"]),
            ignored=tuple(_codes(args.ignore) or []),
            workers=args.workers,
            scheduler=args.scheduler,
            resume=not args.no_resume,
            progress=progress,
        )
    except (FileNotFoundError, DumpError) as error:
        print(f"maintbot: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if bar is not None:
            bar.close()
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
    return EXIT_CLEAN


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maintbot",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"maintbot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="lint local wikitext files (dry run: writes nothing unless --fix)",
        description="Lint local wikitext files.",
        epilog=_CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a file, a directory (searched for *.wiki and *.txt) or - for stdin",
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="how findings are printed (default: text)"
    )
    mode = check.add_mutually_exclusive_group()
    mode.add_argument(
        "--diff", action="store_true", help="print the safe fixes as a unified diff; write nothing"
    )
    mode.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes to the files (atomically); stdin goes to stdout",
    )
    check.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules: codes, prefixes or families, comma-separated (SFN-12,MI or SFNM)",
    )
    check.add_argument(
        "--ignore", action="append", metavar="CODES", help="skip these rules (same forms as --select)"
    )
    check.add_argument("--statistics", action="store_true", help="print counts per rule code")
    check.add_argument(
        "--namespace",
        type=int,
        default=0,
        metavar="N",
        help="namespace number the pages belong to (10 = Template; default 0)",
    )
    check.set_defaults(handler=_cmd_check)

    run = commands.add_parser(
        "run",
        help="check pages on a wiki: safe fixes as edits, the rest as talk-page reports",
        description="Fetch pages from the wiki in batches, check them, save one edit per page with"
        " every safe fix, and post what needs a human on the talk page.",
        epilog=_RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--config", metavar="FILE", help=f"settings (default: $MAINTBOT_CONFIG or {DEFAULT_CONFIG})"
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing to the wiki: print planned edits as diffs and planned reports",
    )
    run.add_argument("--page", action="append", metavar="TITLE", help="a page to check (repeatable)")
    run.add_argument(
        "--transcludes",
        action="append",
        metavar="TEMPLATE",
        help="pages that transclude this template (repeatable)",
    )
    run.add_argument("--category", action="append", metavar="CAT", help="pages in this category (repeatable)")
    run.add_argument("--recent-changes", type=float, metavar="HOURS", help="pages edited in the last HOURS")
    run.add_argument("--limit", type=int, metavar="N", help="stop after N pages")
    run.add_argument(
        "--from-worklist",
        metavar="FILE",
        help="the pages of a scan-dump worklist (each page's current text is checked again)",
    )
    run.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="also write planned edits (.diff), reports (.talk.wiki) and summary.json here",
    )
    run.add_argument("-v", "--verbose", action="store_true", help="log each page's outcome")
    run.set_defaults(handler=_cmd_run)

    scan = commands.add_parser(
        "scan-dump",
        help="check a whole XML dump with every core (or a Dask cluster) into a worklist",
        description="Read a MediaWiki XML dump (.xml, .xml.bz2, or multistream .xml.bz2 with its index"
        " beside it, decompressed in parallel), check every page of the chosen namespaces, and write a"
        " worklist of JSON lines (title, revision, findings) plus WORKLIST.summary.json. An interrupted"
        " scan resumes where it stopped. Feed the worklist to 'maintbot run --from-worklist'.",
    )
    scan.add_argument("dump", metavar="DUMP")
    scan.add_argument("--out", metavar="WORKLIST", help="worklist file (default: NAME.worklist.jsonl here)")
    scan.add_argument("--workers", type=int, metavar="N", help="local processes (default: every core)")
    scan.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on this Dask distributed scheduler")
    scan.add_argument("--namespace", type=int, action="append", metavar="N", help="namespaces (default 0)")
    scan.add_argument("--select", action="append", metavar="CODES")
    scan.add_argument("--ignore", action="append", metavar="CODES")
    scan.add_argument("--no-resume", action="store_true", help="start again even if a checkpoint exists")
    scan.set_defaults(handler=_cmd_scan_dump)

    serve = commands.add_parser(
        "serve",
        help="run as a daemon: scheduled jobs, on-wiki requests, operator triggers",
        description="Run the jobs of the config's [service] section on schedule, answer run requests on"
        " the request page, and take runs handed over by 'maintbot trigger'. SIGTERM stops it after"
        " the page in hand. Exit 6 if another daemon holds the state directory.",
    )
    serve.add_argument(
        "--config", metavar="FILE", help=f"settings (default: $MAINTBOT_CONFIG or {DEFAULT_CONFIG})"
    )
    serve.set_defaults(handler=_cmd_serve)

    trigger = commands.add_parser(
        "trigger",
        help="hand a run to the running daemon (or run it now if none runs)",
        description="Queue a run for the daemon; without a daemon, run at once.",
    )
    trigger.add_argument("--config", metavar="FILE", help="settings")
    trigger.add_argument("--page", action="append", metavar="TITLE")
    trigger.add_argument("--category", action="append", metavar="CAT")
    trigger.add_argument("--transcludes", action="append", metavar="TEMPLATE")
    trigger.add_argument("--limit", type=int, metavar="N")
    trigger.add_argument("--wait", action="store_true", help="wait until the daemon has run it")
    trigger.set_defaults(handler=_cmd_trigger)

    status = commands.add_parser("status", help="next scheduled runs, last runs, pending requests")
    status.add_argument("--config", metavar="FILE", help="settings")
    status.set_defaults(handler=_cmd_status)

    rules = commands.add_parser(
        "rules",
        help="list the rules, or explain one",
        description="List every rule, or explain one with its code.",
    )
    rules.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as SFN-10")
    rules.set_defaults(handler=_cmd_rules)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.handler(args))
    except (ConfigError, UnknownSelector) as error:
        print(f"maintbot: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("maintbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
