"""``maintbot trigger``: hand a run to the running daemon, or run it at once when none runs."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from bot.cli import logs
from bot.cli.common import Parser, add_command, chosen, settings_of, state_path
from bot.cli.environment import check_state_dir
from bot.cli.run import run_selection
from bot.exit_codes import ExitCode
from bot.state import State

EPILOG = """\
examples:
  maintbot trigger --config wiki.toml --page "Mill history" --wait
  maintbot trigger --category "Mill articles" --limit 50

Without a running daemon for the state directory the run happens at once, as 'maintbot run'.

exit codes: 0 handed over (or, run at once, as 'maintbot run'), 2 bad usage or config
"""


def register(commands: Any, parents: list[Parser]) -> None:
    trigger = add_command(
        commands,
        "trigger",
        parents,
        "hand a run to the running daemon (or run it now if none runs)",
        "Queue a run for the daemon through the state database; without a daemon, run at once.",
        EPILOG,
    )
    trigger.add_argument("--wait", action="store_true", help="wait until the daemon has run it")
    trigger.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    settings = settings_of(args)
    check_state_dir(settings)
    logs.setup(args)
    selection = chosen(args)
    from bot.service.daemon import daemon_running  # APScheduler and SQLAlchemy: seconds to import

    if not daemon_running(settings.run.state_dir):
        print("maintbot: no daemon is running for this state directory; running now", file=sys.stderr)
        return run_selection(settings, selection)
    state = State(state_path(settings))
    try:
        trigger_id = state.add_trigger(selection)
        print(f"handed to the running daemon as trigger #{trigger_id}")
        if args.wait:
            while (status := state.trigger_status(trigger_id))[0] in ("pending", "running"):
                time.sleep(1)
            print(f"trigger #{trigger_id}: {status[0]} (run {status[1]})")
    finally:
        state.close()
    return ExitCode.OK
