"""The ``maintbot`` command: one module per subcommand, each thin over the pipeline.

Every subcommand module has ``register(commands, parents)``, which declares its parser, and an
``execute(args)`` handler returning an :class:`~bot.exit_codes.ExitCode`. Options that several
commands share come from parent parsers in :mod:`bot.cli.common` and :mod:`bot.cli.logs`, so
each is declared once.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli import check, doctor, init, rules, run, scan_dump, serve, site_data, status, trigger, undo
from bot.cli.common import (
    Parser,
    UsageError,
    config_parent,
    fail,
    rules_parent,
    selection_parent,
    site_data_parent,
)
from bot.cli.logs import log_parent
from bot.cli.terminal import Terminal, say
from bot.config import ConfigError
from bot.exit_codes import ExitCode
from bot.rules.registry import UnknownSelector
from bot.service.lock import AlreadyRunning

DESCRIPTION = """\
maintbot checks MediaWiki wikitext for broken short footnotes ({{sfn}}, {{sfnm}}) and
{{multiple image}} blocks, fixes what is safe to fix, and reports the rest.

Every check is a rule with a stable code (SFN-12, MI-01, ...): see 'maintbot rules'."""

EPILOG = """\
examples:
  maintbot check pages/ --diff                     lint local files, show the safe fixes
  maintbot rules SFN-10                            what one rule finds and why
  maintbot run --config wiki.toml --dry-run        plan a run on a wiki, write nothing
  maintbot serve --config wiki.toml                the daemon: schedule, requests, triggers

Wiki commands read their settings from --config FILE or $MAINTBOT_CONFIG.
'maintbot COMMAND --help' explains each command, with examples.
"""


def build_parser() -> Parser:
    parser = Parser(
        prog="maintbot",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"maintbot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    config, logging, pages, chosen_rules = config_parent(), log_parent(), selection_parent(), rules_parent()
    snapshot = site_data_parent()
    check.register(commands, [chosen_rules, snapshot])
    rules.register(commands, [])
    run.register(commands, [config, pages, logging])
    scan_dump.register(commands, [chosen_rules, snapshot])
    serve.register(commands, [config, logging])
    trigger.register(commands, [config, pages, logging])
    status.register(commands, [config])
    undo.register(commands, [config, logging])
    site_data.register(commands, [config, logging])
    doctor.register(commands, [config])
    init.register(commands, [])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    # Read before parsing, so that a usage error is a JSON line too where JSON was asked for.
    Terminal.json_lines = "--log-format=json" in words or "--log-format json" in " ".join(words)
    try:
        args = parser.parse_args(words)
    except SystemExit as exit:  # --help, --version and usage errors; returned, so callers get a code
        return int(exit.code or 0)
    Terminal.json_lines = getattr(args, "log_format", "text") == "json"
    Terminal.to_log_file = False  # until logs.setup opens one for this invocation
    if args.command is None:
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(args.handler(args))
    except (ConfigError, UnknownSelector, UsageError) as error:
        return fail(str(error))
    except AlreadyRunning as error:
        return fail(str(error), error.exit_code)
    except sqlite3.DatabaseError as error:  # checked at start; this is the state breaking mid-run
        return fail(f"the state database failed: {error}")
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        return ExitCode.OK
