"""``maintbot status``: the daemon, its next scheduled runs, the last runs, triggers and requests."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from bot.cli.common import Parser, add_command, settings_of, state_path
from bot.cli.environment import check_state_dir
from bot.exit_codes import ExitCode
from bot.state import State

EPILOG = """\
examples:
  maintbot status --config wiki.toml

It reads the state directory only; the wiki is not asked. For a check a monitor can run, see
'maintbot doctor'.
"""


def register(commands: Any, parents: list[Parser]) -> None:
    status = add_command(
        commands,
        "status",
        parents,
        "next scheduled runs, last runs, pending triggers and requests",
        "Print what the state directory knows: whether the daemon runs, its schedule,"
        " the last runs with their counts, pending triggers and recent on-wiki requests.",
        EPILOG,
    )
    status.set_defaults(handler=execute)


def when(stamp: float | None) -> str:
    if stamp is None:
        return "paused"
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def execute(args: argparse.Namespace) -> ExitCode:
    settings = settings_of(args)
    check_state_dir(settings)
    from bot.service.daemon import daemon_running, next_runs  # APScheduler: seconds to import

    state_dir = settings.run.state_dir
    print(f"daemon: {'running' if daemon_running(state_dir) else 'not running'} ({state_dir})")
    print("next scheduled runs:")
    for job_id, stamp in next_runs(state_dir) or [("(none)", None)]:
        print(f"  {job_id}: {when(stamp) if job_id != '(none)' else ''}")
    state = State(state_path(settings))
    try:
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
    finally:
        state.close()
    return ExitCode.OK
