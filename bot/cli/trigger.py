"""``maintbot trigger``: hand a run to the running daemon, or run it at once when none runs."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from bot.cli import logs
from bot.cli.common import Parser, add_command, chosen, fail, settings_of, state_path
from bot.cli.environment import check_state_dir
from bot.cli.run import run_selection
from bot.cli.terminal import say
from bot.exit_codes import ExitCode
from bot.service.lock import daemon_running
from bot.state import State, TriggerStatus

EPILOG = """\
examples:
  maintbot trigger --config wiki.toml --page "Mill history" --wait
  maintbot trigger --category "Mill articles" --limit 50

Without a running daemon for the state directory the run happens at once, as 'maintbot run'.

With --wait it waits for the trigger's run; if the daemon stops first, the trigger stays queued
for its next start and the wait ends.

exit codes: 0 handed over, or with --wait done (run at once: as 'maintbot run'); 1 with --wait:
            the run failed, or the daemon stopped before finishing it; 2 bad usage or config;
            6 another maintbot holds the state directory (run at once)
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
    logs.setup(args)
    settings = settings_of(args)
    check_state_dir(settings)
    selection = chosen(args)
    state_dir = settings.run.state_dir
    if not daemon_running(state_dir):
        say("no daemon is running for this state directory; running now")
        return run_selection(settings, selection, command="trigger")
    state = State(state_path(settings))
    try:
        trigger_id = state.add_trigger(selection)
        print(f"handed to the running daemon as trigger #{trigger_id}")
        return _wait_for(state, trigger_id, state_dir) if args.wait else ExitCode.OK
    finally:
        state.close()


def _wait_for(state: State, trigger_id: int, state_dir: Path) -> ExitCode:
    """Until the trigger is done or failed, or the daemon that would run it is gone."""
    while (found := state.trigger_status(trigger_id)) is not None:
        status, run_id = found
        if status in (TriggerStatus.DONE, TriggerStatus.FAILED):
            print(f"trigger #{trigger_id}: {status} (run {run_id})")
            return ExitCode.OK if status is TriggerStatus.DONE else ExitCode.FINDINGS
        if not daemon_running(state_dir):
            return fail(
                f"the daemon stopped before trigger #{trigger_id} was done; it stays {status}"
                " and runs at the daemon's next start",
                ExitCode.FINDINGS,
            )
        time.sleep(1)
    return fail(f"trigger #{trigger_id} is gone from the state database", ExitCode.FINDINGS)
