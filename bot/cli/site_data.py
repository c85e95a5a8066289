"""``maintbot site-data``: read a wiki's own template names and footnote data into a snapshot."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli import logs
from bot.cli.common import Parser, add_command, fail, settings_of, state_path
from bot.cli.environment import check_state_dir
from bot.exit_codes import ExitCode
from bot.state import State
from bot.wikitext.names import BUILTIN_FAMILIES

EPILOG = """\
examples:
  maintbot site-data --config wiki.toml --out wiki.site.json
  maintbot check pages/ --site-data wiki.site.json
  maintbot scan-dump DUMP --site-data wiki.site.json

It reads the redirects to every template the rules read (sfn, sfnp, sfnm, sfnmp, the harv family,
multiple image, the citation templates), Module:Footnotes/whitelist and Module:Footnotes/anchor id
list/data. What the wiki lacks is named, and the built-in English Wikipedia defaults stand in.
'maintbot run' reads the same data itself at the start of every run.

exit codes: 0 written, 2 bad usage or config, 3 the wiki cannot be reached
"""


def register(commands: Any, parents: list[Parser]) -> None:
    command = add_command(
        commands,
        "site-data",
        parents,
        "read a wiki's template redirects and Module:Footnotes data into a snapshot file",
        "Read the wiki's own data that decides a footnote's verdict and write it as a snapshot that"
        " 'check --site-data' and 'scan-dump --site-data' use offline.",
        EPILOG,
    )
    command.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the snapshot to write (JSON)"
    )
    command.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    logs.setup(args)
    settings = settings_of(args)
    check_state_dir(settings)
    # Deferred so that commands that never talk to a wiki do not pay for loading pywikibot.
    from bot.wiki.errors import WikiError
    from bot.wiki.site import connect
    from bot.wiki.site_data import read_site_data

    state = State(state_path(settings))
    try:
        data = read_site_data(connect(settings, None).site, state)
    except WikiError as error:
        return fail(str(error), ExitCode(error.exit_code))
    finally:
        state.close()
    args.out.write_text(data.dumps(), encoding="utf-8")
    local = sum(1 for name in data.families if name not in BUILTIN_FAMILIES)
    pages = ", ".join(f"{title} (revision {revision})" for title, revision in sorted(data.revisions.items()))
    print(
        f"{args.out}: {len(data.families)} template names ({local} beyond the built-in ones),"
        f" {len(data.wrappers)} wrappers, {len(data.whitelist)} whitelisted anchors"
    )
    print(f"read: {pages or 'no data pages'}")
    if data.lacking:
        print(f"lacking (built-in defaults used): {', '.join(data.lacking)}")
    return ExitCode.OK
