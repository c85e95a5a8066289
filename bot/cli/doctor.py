"""``maintbot doctor``: is this bot healthy? One command for an operator or a monitor.

Exit codes follow the monitoring-plugin convention (Nagios, Icinga, Sensu, ...): 0 OK, 1 WARNING,
2 CRITICAL. Every check runs that can (a dead wiki skips the login, not the state checks), so one
call names every problem.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from bot.cli.common import Parser, UsageError, add_command, hours, settings_of, state_path
from bot.cli.environment import check_state_dir
from bot.config import ConfigError, Settings, credentials
from bot.service.lock import daemon_running
from bot.state import State
from bot.wiki.account import OLDEST_SUPPORTED, Api, ApiError, version_of
from bot.wiki.errors import WikiError
from bot.wiki.site import preflight

EPILOG = """\
examples:
  maintbot doctor --config wiki.toml                     every check, one line each
  maintbot doctor --config wiki.toml --format json       for a monitor or a script
  maintbot doctor --no-daemon --warning 2 --critical 6   runs from cron every hour, no daemon

checks: config valid; state directory and database sound; wiki reachable (and its MediaWiki
version); the BotPassword logs in; the account is not blocked and has every right the bot
needs; the shutoff page reads 'run'; the daemon runs; the last successful run is recent.

exit codes (monitoring-plugin style): 0 OK, 1 WARNING, 2 CRITICAL
"""


class Health(IntEnum):
    OK = 0
    WARNING = 1
    CRITICAL = 2


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    health: Health
    detail: str


def register(commands: Any, parents: list[Parser]) -> None:
    doctor = add_command(
        commands,
        "doctor",
        parents,
        "check config, wiki, login, rights, shutoff, daemon and last run (exit 0/1/2)",
        "Check everything the bot needs, the way a monitor would, and say what is wrong.",
        EPILOG,
    )
    doctor.add_argument(
        "--format", choices=("text", "json"), default="text", help="one line per check, or one JSON object"
    )
    doctor.add_argument(
        "--no-daemon",
        action="store_true",
        help="do not expect 'maintbot serve' to run (runs come from cron or by hand)",
    )
    doctor.add_argument(
        "--warning",
        type=hours,
        default=25.0,
        metavar="HOURS",
        help="warn when the last successful run is older (default: 25)",
    )
    doctor.add_argument(
        "--critical",
        type=hours,
        default=49.0,
        metavar="HOURS",
        help="critical when the last successful run is older (default: 49)",
    )
    doctor.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> Health:
    findings = examine(args)
    worst = max((finding.health for finding in findings), default=Health.OK)
    if args.format == "json":
        checks = [{"check": f.check, "status": f.health.name.lower(), "detail": f.detail} for f in findings]
        print(json.dumps({"status": worst.name.lower(), "checks": checks}, ensure_ascii=False, indent=2))
    else:
        problems = [f for f in findings if f.health is not Health.OK]
        summary = "; ".join(f"{f.check}: {f.detail}" for f in problems) or "every check passed"
        print(f"maintbot {worst.name}: {summary}")
        for finding in findings:
            print(f"  {finding.health.name:8s} {finding.check}: {finding.detail}")
    return worst


def examine(args: argparse.Namespace) -> list[Finding]:
    try:
        settings = settings_of(args)
    except (ConfigError, UsageError) as error:
        return [Finding("config", Health.CRITICAL, str(error))]
    findings = [Finding("config", Health.OK, str(settings.path))]
    try:
        check_state_dir(settings)
    except UsageError as error:
        return [*findings, Finding("state", Health.CRITICAL, str(error))]
    findings.append(Finding("state", Health.OK, str(settings.run.state_dir)))
    findings += _wiki(settings)
    findings.append(_daemon(settings, expected=not args.no_daemon))
    findings.append(_last_run(settings, args.warning, args.critical))
    return findings


def _wiki(settings: Settings) -> list[Finding]:
    """Reachability, login, account and shutoff; each later check needs the one before it."""
    url = settings.wiki.api_url
    try:
        general = preflight(url)
    except WikiError as error:
        return [Finding("wiki", Health.CRITICAL, str(error))]
    version = version_of(general)
    found = [
        Finding(
            "wiki",
            Health.OK if version >= OLDEST_SUPPORTED else Health.WARNING,
            f"{general.get('generator', 'MediaWiki ?')} at {url}"
            + ("" if version >= OLDEST_SUPPORTED else " (older than the 1.35 the bot is tested with)"),
        )
    ]
    api = Api(url)
    try:
        creds = credentials(settings)
        api.login(creds)
        account = api.account(creds.account)
    except (ConfigError, WikiError, ApiError) as error:
        return [*found, Finding("login", Health.CRITICAL, str(error))]
    found.append(Finding("login", Health.OK, f"logged in as {creds.login_name}"))
    missing = account.missing(creds.app_id, url.removesuffix("api.php") + "index.php")
    if account.blocked:
        found.append(Finding("account", Health.CRITICAL, f"{account.name} is {account.blocked}"))
    elif missing:
        found.append(Finding("account", Health.CRITICAL, "; ".join(missing)))
    else:
        found.append(Finding("account", Health.OK, f"{account.name}, not blocked, every right the bot needs"))
    found.append(_shutoff(settings, api.page_text))
    return found


def _shutoff(settings: Settings, read: Callable[[str], str | None]) -> Finding:
    page, wanted = settings.run.shutoff_page, settings.run.shutoff_run_value
    if not page:
        return Finding("shutoff", Health.WARNING, "no run.shutoff_page: nobody on the wiki can stop the bot")
    try:
        text = read(page)
    except (WikiError, ApiError) as error:
        return Finding("shutoff", Health.CRITICAL, f"{page}: cannot be read: {error}")
    if text is None:
        return Finding("shutoff", Health.WARNING, f"{page} does not exist: the bot makes no edit")
    if text.strip() != wanted:
        return Finding(
            "shutoff", Health.WARNING, f"{page} reads {text.strip()[:40]!r}: the bot makes no edit"
        )
    return Finding("shutoff", Health.OK, f"{page} reads {wanted!r}")


def _daemon(settings: Settings, *, expected: bool) -> Finding:
    if daemon_running(settings.run.state_dir):
        return Finding("daemon", Health.OK, f"maintbot serve holds {settings.run.state_dir}")
    if not expected:
        return Finding("daemon", Health.OK, "not running (not expected: --no-daemon)")
    return Finding("daemon", Health.CRITICAL, f"no maintbot serve runs for {settings.run.state_dir}")


def _last_run(settings: Settings, warning: float, critical: float) -> Finding:
    state = State(state_path(settings))
    try:
        runs = state.last_runs(100)
    finally:
        state.close()
    good = next((r for r in runs if r.ended is not None and not r.error and not r.dry_run), None)
    if good is None:
        return Finding("last run", Health.WARNING, "no successful run recorded yet")
    age = (time.time() - (good.ended or 0.0)) / 3600
    detail = f"run #{good.id} ({good.origin}) ended {age:.1f} h ago"
    if age > critical:
        return Finding("last run", Health.CRITICAL, f"{detail}, over {critical:g} h")
    if age > warning:
        return Finding("last run", Health.WARNING, f"{detail}, over {warning:g} h")
    return Finding("last run", Health.OK, detail)
