"""``maintbot status``: the daemon, its next scheduled runs, the last runs, triggers and requests;
with ``--run N`` the edits and talk reports of one run."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.cli.common import Parser, add_command, fail, positive_int, settings_of, state_path
from bot.cli.environment import check_state_dir
from bot.exit_codes import ExitCode
from bot.service.lock import daemon_running
from bot.state import State

EPILOG = """\
examples:
  maintbot status --config wiki.toml
  maintbot status --config wiki.toml --run 42            what run 42 edited and reported
  maintbot status --config wiki.toml --format json       the same for scripts

It reads the state directory only; the wiki is not asked. For a check a monitor can run, see
'maintbot doctor'; for a container's health check, 'maintbot status --require-daemon'.
"""


def register(commands: Any, parents: list[Parser]) -> None:
    status = add_command(
        commands,
        "status",
        parents,
        "next scheduled runs, last runs, pending triggers and requests; one run's edits",
        "Print what the state directory knows: whether the daemon runs, its schedule,"
        " the last runs with their counts, pending triggers and recent on-wiki requests;"
        " with --run, every edit and talk report of that run (the run id is in each edit summary).",
        EPILOG,
    )
    status.add_argument("--run", type=positive_int, metavar="N", help="the edits and reports of run N")
    status.add_argument("--format", choices=("text", "json"), default="text", help="text or one JSON object")
    status.add_argument(
        "--require-daemon",
        action="store_true",
        help="exit 7 when no 'maintbot serve' holds the state directory (a health check that asks"
        " nothing of the wiki)",
    )
    status.set_defaults(handler=execute)


def _counts(counts: dict[str, int]) -> str:
    return (
        f"read {counts.get('read', 0)}, edited {counts.get('edited', 0)},"
        f" reported {counts.get('reported', 0)}, already checked {counts.get('already_checked', 0)}"
    )


def _overview_text(data: dict[str, Any]) -> list[str]:
    lines = [
        f"daemon: {'running' if data['daemon_running'] else 'not running'} ({data['state_dir']})",
        "next scheduled runs:",
    ]
    lines += [f"  {job['job']}: {job['at'] or 'paused'}" for job in data["next_runs"]] or ["  (none)"]
    lines.append("last runs:")
    for run in data["last_runs"]:
        ended = f", ended: {run['error']}" if run["error"] else ""
        lines.append(f"  #{run['id']} {run['origin']} {run['started']}: {_counts(run['counts'])}{ended}")
    lines.append("pending triggers:")
    lines += [f"  #{trigger['id']}: {trigger['selection']}" for trigger in data["pending_triggers"]]
    lines.append("recent on-wiki requests:")
    lines += [
        f"  revision {r['revision']} by {r['user']}: {r['line']} -> {r['status']}"
        for r in data["recent_requests"]
    ]
    return lines


def _run_text(run: dict[str, Any]) -> list[str]:
    ended = f"; ended: {run['error']}" if run["error"] else ""
    lines = [f"run {run['id']} ({run['origin']}), started {run['started']}: {_counts(run['counts'])}{ended}"]
    lines.append(f"edits ({len(run['edits'])}):")
    for edit in run["edits"]:
        codes = ", ".join(f"{code} ×{n}" for code, n in edit["codes"].items())
        lines.append(
            f"  {edit['title']}: revision {edit['old_revision']} -> {edit['new_revision']} ({codes})"
        )
    lines.append(f"talk reports ({len(run['reports'])}):")
    lines += [f"  {r['talk_title']}: {r['status']} ({r['problems']} problem(s))" for r in run["reports"]]
    return lines


def execute(args: argparse.Namespace) -> ExitCode:
    settings = settings_of(args)
    check_state_dir(settings)
    from bot.service.daemon import next_runs  # APScheduler: seconds to import
    from bot.service.status import overview, run_detail

    state = State(state_path(settings))
    state_dir = settings.run.state_dir
    running = daemon_running(state_dir)
    data: dict[str, Any] | None
    try:
        if args.run is None:
            data = overview(state, running, next_runs(state_dir))
        else:
            data = run_detail(state, args.run)
    finally:
        state.close()
    if data is None:
        return fail(f"the state database knows no run {args.run}")
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print("\n".join(_overview_text(data) if args.run is None else _run_text(data)))
    return ExitCode.NO_DAEMON if args.require_daemon and not running else ExitCode.OK
