"""``maintbot serve``: the daemon (scheduled jobs, on-wiki requests, operator triggers)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli import logs
from bot.cli.common import Parser, add_command, settings_of
from bot.cli.environment import check_state_dir
from bot.exit_codes import ExitCode

EPILOG = """\
examples:
  maintbot serve --config /etc/maintbot/wiki.toml
  maintbot serve --config wiki.toml --log-format json --log-file /var/log/maintbot/maintbot.log

The schedule is the config's [[service.jobs]]; run requests are read from service.request_page.
SIGTERM (or Ctrl-C) stops the daemon after the page in hand.

exit codes: 0 stopped by a signal, 2 bad config or state directory, 6 another maintbot (serve,
            run, trigger or undo) holds the state directory
"""


def register(commands: Any, parents: list[Parser]) -> None:
    serve = add_command(
        commands,
        "serve",
        parents,
        "run as a daemon: scheduled jobs, on-wiki requests, operator triggers",
        "Run the jobs of the config's [service] section on schedule, answer run requests on"
        " the request page, and take runs handed over by 'maintbot trigger'. One daemon per state"
        " directory.",
        EPILOG,
    )
    serve.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    logs.setup(args, daemon=True)
    settings = settings_of(args)
    check_state_dir(settings)
    # Deferred so that commands that never talk to a wiki do not pay for loading pywikibot.
    from bot.service.daemon import serve

    return ExitCode(serve(settings))
