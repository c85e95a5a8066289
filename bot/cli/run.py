"""``maintbot run``: check pages on the wiki; safe fixes as edits, the rest as talk-page reports."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from bot.cli import logs
from bot.cli.common import Parser, UsageError, add_command, chosen, fail, settings_of
from bot.cli.environment import check_state_dir
from bot.config import DEFAULT_TRANSCLUDES, Settings
from bot.exit_codes import ExitCode
from bot.service.lock import state_lock
from bot.titles import BadTitle, page_title

EPILOG = """\
examples:
  maintbot run --config wiki.toml --dry-run          plan on the default pages, print diffs and reports
  maintbot run --config wiki.toml --page "Joseph Stalin"
  maintbot run --category "Mill articles" --limit 20 --out plans/ --dry-run
  maintbot run --recent-changes 24                   pages edited in the last day
  maintbot run --from-worklist enwiki.worklist.jsonl pages a scan-dump found

Titles may be pasted as links or calls: --page "[[Weir]]", --transcludes "{{Sfn}}".
Credentials come from wiki.password_file in the config, from MAINTBOT_PASSWORD_FILE, or from
MAINTBOT_BOT_USER and MAINTBOT_BOT_PASSWORD; a dry run needs none where reading is public.

exit codes: 0 done, 1 some pages failed, 2 bad usage, config, credentials or state directory,
            3 the wiki cannot be reached, 4 the account may not edit, 5 stopped by the shutoff page,
            6 another maintbot (serve, run, trigger or undo) holds the state directory
"""


def register(commands: Any, parents: list[Parser]) -> None:
    run = add_command(
        commands,
        "run",
        parents,
        "check pages on a wiki: safe fixes as edits, the rest as talk-page reports",
        "Fetch pages from the wiki in batches, check them, save one edit per page with"
        " every safe fix, and post what needs a human on the talk page.",
        EPILOG,
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing to the wiki: print planned edits as diffs and planned reports",
    )
    run.add_argument(
        "--from-worklist",
        metavar="FILE",
        help="the pages of a scan-dump worklist (each page's current text is checked again)",
    )
    run.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="also write planned edits (.diff), reports (.talk.wiki) and summary.json here",
    )
    run.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    logs.setup(args)
    settings = settings_of(args)
    selection = chosen(args)
    if args.from_worklist:
        selection["titles"] += worklist_titles(args.from_worklist)
    return run_selection(settings, selection, command="run", dry_run=args.dry_run, out_dir=args.out)


def worklist_titles(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as lines:
            return [page_title(json.loads(line)["title"]) for line in lines if line.strip()]
    except (OSError, ValueError, KeyError, TypeError) as error:
        reason = str(error) if isinstance(error, BadTitle) else f"{type(error).__name__}: {error}"
        raise UsageError(f"{path}: not a readable worklist ({reason})") from None


def run_selection(
    settings: Settings,
    selection: dict[str, Any],
    *,
    command: str,
    dry_run: bool = False,
    out_dir: Path | None = None,
) -> ExitCode:
    """One run on the wiki over ``selection``; shared by ``run`` and ``trigger`` without a daemon.
    A dry run writes nothing, so it runs beside a daemon; a real one holds the state directory."""
    check_state_dir(settings)
    # Deferred so that commands that never talk to a wiki do not pay for loading pywikibot.
    from bot.wiki.errors import WikiError
    from bot.wiki.runner import run_bot
    from bot.wiki.sources import Selection

    pages = Selection(
        titles=tuple(selection["titles"]),
        transcludes=tuple(selection["transcludes"]),
        categories=tuple(selection["categories"]),
        recent_hours=selection["recent_hours"],
        limit=selection["limit"],
        namespaces=settings.run.namespaces,
    )
    if pages.empty:
        pages = Selection(
            transcludes=DEFAULT_TRANSCLUDES, limit=pages.limit, namespaces=settings.run.namespaces
        )
    try:
        with nullcontext() if dry_run else state_lock(settings.run.state_dir, command):
            summary = run_bot(settings, pages, dry_run=dry_run, out_dir=out_dir)
    except WikiError as error:
        return fail(str(error), ExitCode(error.exit_code))
    print(summary.text())
    sys.stdout.flush()
    if summary.stopped is not None:  # the summary says what was done; the terminal, why it stopped
        return fail(f"stopped early: {summary.stopped}", ExitCode(summary.exit_code))
    return ExitCode(summary.exit_code)
