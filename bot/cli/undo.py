"""``maintbot undo RUN``: revert a run's edits that nobody has edited since, withdraw its reports."""

from __future__ import annotations

import argparse
from contextlib import nullcontext
from typing import Any

from bot.cli import logs
from bot.cli.common import Parser, add_command, fail, positive_int, settings_of
from bot.cli.environment import check_state_dir
from bot.exit_codes import ExitCode
from bot.service.lock import state_lock

EPILOG = """\
examples:
  maintbot undo 42 --config wiki.toml            what undoing run 42 would do (writes nothing)
  maintbot undo 42 --config wiki.toml --yes      do it

The run id is in every edit summary ('run 42') and in 'maintbot status'. An edit a human has
edited on top of is skipped and listed, never reverted. The shutoff page and {{bots}} apply.

exit codes: 0 done, 1 something was skipped, 2 bad usage or unknown run, 3 the wiki cannot be
            reached, 5 stopped by the shutoff page, 6 another maintbot holds the state directory
"""


def register(commands: Any, parents: list[Parser]) -> None:
    undo = add_command(
        commands,
        "undo",
        parents,
        "revert a run's edits that are still the latest revision; withdraw its talk reports",
        "Revert each edit of the run that is still the latest revision of its page, list the"
        " pages a human has edited since (left alone), and mark the run's talk reports as"
        " withdrawn, keeping replies. Writes nothing without --yes.",
        EPILOG,
    )
    undo.add_argument("run", type=positive_int, metavar="RUN", help="the run id, as in 'run 42' in a summary")
    undo.add_argument("--yes", action="store_true", help="act: without it, only show what would be done")
    undo.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    logs.setup(args)
    settings = settings_of(args)
    check_state_dir(settings)
    from bot.wiki.errors import WikiError  # pywikibot: loaded only by commands that talk to a wiki
    from bot.wiki.undo import UnknownRun, undo_run

    try:
        with state_lock(settings.run.state_dir, "undo") if args.yes else nullcontext():
            summary = undo_run(settings, args.run, act=args.yes)
    except UnknownRun as error:
        return fail(str(error))
    except WikiError as error:
        return fail(str(error), ExitCode(error.exit_code))
    print(summary.text())
    return ExitCode.FINDINGS if summary.skipped else ExitCode.OK
