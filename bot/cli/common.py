"""What the subcommands share: the parser class, parent parsers, settings, checked argument types."""

from __future__ import annotations

import argparse
import math
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from bot.cli.terminal import Terminal, say
from bot.config import ENV_CONFIG, Settings, load
from bot.exit_codes import ExitCode
from bot.titles import BadTitle, category_title, page_title, template_title
from bot.wikitext.sitedata import BUILTIN, SiteData


class UsageError(Exception):
    """A bad command line or environment, said in one line; exit 2."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the fix, not the whole usage block."""

    def error(self, message: str) -> NoReturn:
        advice = f"{message} (see '{self.prog} --help')"
        if Terminal.json_lines:
            say(advice, "error")
        else:
            print(f"{self.prog}: error: {advice}", file=sys.stderr)
        raise SystemExit(ExitCode.USAGE)


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> ExitCode:
    """Say what went wrong in one line on stderr; the caller returns the code."""
    say(message, "error")
    return code


def add_command(
    commands: Any, name: str, parents: list[Parser], summary: str, description: str, epilog: str
) -> Parser:
    """A subcommand's parser, the same shape for all: help line, description, epilog with examples."""
    parser: Parser = commands.add_parser(
        name,
        parents=parents,
        help=summary,
        description=textwrap.fill(description, 88),  # the raw formatter keeps the epilog's layout
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def config_parent() -> Parser:
    parent = Parser(add_help=False)
    parent.add_argument(
        "--config",
        metavar="FILE",
        help=f"the settings file (default: ${ENV_CONFIG}); 'maintbot init' writes one",
    )
    return parent


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings named by --config or $MAINTBOT_CONFIG; there is no default file."""
    path = args.config or os.environ.get(ENV_CONFIG)
    if not path:
        raise UsageError(
            f"no config file: give --config FILE or set {ENV_CONFIG}"
            " (write one with 'maintbot init', or start from config/example.toml)"
        )
    return load(path)


# Argument types: a bad value becomes argparse's one-line error, naming the option.
def _checked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def checked(value: str) -> Any:
        try:
            return parse(value)
        except BadTitle as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    checked.__name__ = parse.__name__  # argparse names the type in its messages
    return checked


page_arg = _checked(page_title)
template_arg = _checked(template_title)
category_arg = _checked(category_title)


def _number(
    convert: Callable[[str], Any], what: str, fits: Callable[[Any], bool], wanted: str
) -> Callable[[str], Any]:
    """An argument type for numbers: ``what`` names the kind, ``wanted`` says the range."""

    def number(value: str) -> Any:
        try:
            found = convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not {what}") from None
        if not fits(found):
            raise argparse.ArgumentTypeError(f"{wanted}, not {value}")
        return found

    number.__name__ = what  # argparse names the type in its messages
    return number


positive_int = _number(int, "a whole number", lambda n: n >= 1, "must be 1 or more")
namespace_number = _number(
    int, "a namespace number", lambda n: n >= 0, "must name a namespace of pages (0 or more)"
)
hours = _number(
    float, "a number of hours", lambda n: math.isfinite(n) and n > 0, "must be a number of hours above 0"
)


def rule_codes(value: str) -> list[str]:
    """Comma-separated rule selectors; an empty one would silently select nothing."""
    codes = [code.strip() for code in value.split(",")]
    if not all(codes):
        raise argparse.ArgumentTypeError(f"{value!r} holds an empty rule code")
    return codes


def rules_parent() -> Parser:
    parent = Parser(add_help=False)
    parent.add_argument(
        "--select",
        action="extend",
        type=rule_codes,
        metavar="CODES",
        help="only these rules: codes, prefixes or families, comma-separated (SFN-12,MI or SFNM)",
    )
    parent.add_argument(
        "--ignore",
        action="extend",
        type=rule_codes,
        metavar="CODES",
        help="skip these rules (same forms as --select)",
    )
    return parent


def site_data_parent() -> Parser:
    """Offline checks judge with a wiki's own data when given its snapshot."""
    parent = Parser(add_help=False)
    parent.add_argument(
        "--site-data",
        metavar="FILE",
        type=Path,
        help="a snapshot written by 'maintbot site-data' (the wiki's template redirects, CS1 names,"
        " wrappers and whitelist); without one the built-in English Wikipedia defaults apply:"
        " no wrappers, no whitelist, no local redirects",
    )
    return parent


def site_data_of(args: argparse.Namespace) -> SiteData:
    """The snapshot named by --site-data, or the built-in defaults."""
    path: Path | None = args.site_data
    if path is None:
        return BUILTIN
    try:
        return SiteData.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsageError(f"--site-data {path}: not a readable site-data snapshot ({error})") from None


def selection_parent() -> Parser:
    """The pages a wiki run takes; titles are read as people paste them ([[links]], {{calls}})."""
    parent = Parser(add_help=False)
    group = parent.add_argument_group(
        "pages to check", "Without these: the pages that use {{sfn}}, {{sfnm}} or {{multiple image}}."
    )
    group.add_argument("--page", action="append", type=page_arg, metavar="TITLE", help="a page (repeatable)")
    group.add_argument(
        "--transcludes",
        action="append",
        type=template_arg,
        metavar="TEMPLATE",
        help="pages that transclude this template, 'Sfn' or '{{Sfn}}' (repeatable)",
    )
    group.add_argument(
        "--category",
        action="append",
        type=category_arg,
        metavar="CAT",
        help="pages in this category, with or without 'Category:' (repeatable)",
    )
    group.add_argument(
        "--recent-changes", type=hours, metavar="HOURS", help="pages edited in the last HOURS (above 0)"
    )
    group.add_argument("--limit", type=positive_int, metavar="N", help="stop after N pages (1 or more)")
    return parent


def chosen(args: argparse.Namespace) -> dict[str, Any]:
    """The selection as the state database and the daemon store it."""
    return {
        "titles": list(args.page or ()),
        "categories": list(args.category or ()),
        "transcludes": list(args.transcludes or ()),
        "recent_hours": args.recent_changes,
        "limit": args.limit,
    }


def state_path(settings: Settings) -> Path:
    return settings.run.state_dir / "state.sqlite"
