"""``maintbot check``: lint local wikitext files; print findings, a diff, or fix them in place."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from tqdm import tqdm

from bot.checker import check_text
from bot.cli.common import Parser, add_command, fail, namespace_number, site_data_of
from bot.exit_codes import ExitCode
from bot.files import STDIN, PageReadError, discover, read_page, write_atomic
from bot.fixing import fix_text
from bot.output.diff import unified_diff
from bot.output.report import Located, as_json, as_text, locate, statistics
from bot.rules.base import Rule
from bot.rules.registry import UnknownSelector, select
from bot.wikitext.limits import PageTooComplex
from bot.wikitext.sitedata import SiteData

EPILOG = """\
examples:
  maintbot check article.wiki                   list findings
  maintbot check pages/ --diff                  show the safe fixes as a diff, write nothing
  maintbot check pages/ --fix                   apply the safe fixes in place
  maintbot check - < page.wiki --format json    read stdin, print a JSON array
  maintbot check pages/ --select SFN --ignore SFN-01 --statistics
  maintbot check pages/ --site-data enwiki.site.json   judge with a wiki's own names and whitelist

exit codes: 0 no findings, 1 findings (after --fix: findings left), 2 bad usage or unreadable input
"""


def register(commands: Any, parents: list[Parser]) -> None:
    check = add_command(
        commands,
        "check",
        parents,
        "lint local wikitext files (writes nothing unless --fix)",
        "Lint local wikitext files: the same rules as a wiki run, offline.",
        EPILOG,
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
    check.add_argument("--statistics", action="store_true", help="print counts per rule code")
    check.add_argument(
        "--namespace",
        type=namespace_number,
        default=0,
        metavar="N",
        help="namespace number the pages belong to (10 = Template; default 0)",
    )
    check.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    try:
        rules = select(args.select, args.ignore)
    except UnknownSelector as error:
        return fail(str(error))
    site = site_data_of(args)
    paths = list(discover(args.paths))
    if not paths:
        return fail("no .wiki or .txt files found")
    located: list[Located] = []
    errors = 0
    for path in _progress(paths):
        try:
            page = read_page(path)
            located.extend(_check_page(args, rules, site, path, page.text))
        except PageReadError as error:
            fail(str(error))
            errors += 1
        except PageTooComplex as error:
            fail(f"{path}: skipped: {error}")
            errors += 1
    _print_findings(args, located)
    if errors:
        return ExitCode.USAGE
    return ExitCode.FINDINGS if located else ExitCode.OK


def _check_page(
    args: argparse.Namespace, rules: list[Rule], site: SiteData, path: str, text: str
) -> list[Located]:
    """One page: its findings, and its fixes written or shown as asked."""
    if not (args.fix or args.diff):
        return locate(path, text, check_text(text, rules, args.namespace, site=site))
    result = fix_text(text, rules, args.namespace, site=site)
    if args.diff and result.changed:
        sys.stdout.write(unified_diff(text, result.text, path))
    if args.fix and result.changed:
        if path == STDIN:
            sys.stdout.write(result.text)
        else:
            write_atomic(path, result.text)
    if result.blocked:
        print(f"maintbot: {path}: unbalanced template braces (SFN-19); no fix applied", file=sys.stderr)
    findings = result.remaining if args.fix else check_text(text, rules, args.namespace, site=site)
    return locate(path, text if not args.fix else result.text, findings)


def _progress(paths: list[str]) -> Sequence[str]:
    if len(paths) < 20 or not sys.stderr.isatty():
        return paths
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
