"""``maintbot init``: set the bot up for a wiki, checking everything before writing anything.

It asks for (or takes) the API URL and the BotPassword, checks that the URL is a MediaWiki API,
that the BotPassword logs in and holds every right and grant a run needs (naming each missing one
and where to add it), then writes a commented config and a mode-600 password file. With
``--create-pages`` it also creates the task, shutoff and request pages, one edit each. Nothing
that exists is overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import Parser, UsageError, add_command, fail
from bot.config import Credentials, load
from bot.exit_codes import ExitCode
from bot.titles import BadTitle, page_title
from bot.wiki.account import OLDEST_SUPPORTED, Api, ApiError, version_of
from bot.wiki.errors import LoginFailed, WikiError
from bot.wiki.site import preflight

EPILOG = """\
examples:
  maintbot init                                        asks for the URL, the account and the password
  maintbot init --api-url https://wiki.example.org/w/api.php --user MaintBot@maintbot \\
      --contact "User:Me; me@example.org" --config /etc/maintbot/maintbot.toml --create-pages

The password is read from $MAINTBOT_BOT_PASSWORD, else asked for (or read from standard input).
Make the BotPassword at Special:BotPasswords on the wiki with the grants 'High-volume (bot)
access', 'Edit existing pages' and 'Create, edit, and move pages'; the account needs the bot group.

exit codes: 0 set up, 2 bad usage, a file that exists (use --force) or a failed login,
            3 the wiki cannot be reached, 4 the account lacks a right or is blocked
"""
TEMPLATES = ("Template:Sfn", "Template:Sfnm", "Template:Multiple image")


def register(commands: Any, parents: list[Parser]) -> None:
    init = add_command(
        commands,
        "init",
        parents,
        "set up for a wiki: check URL, login and rights; write config and password file",
        "Check a wiki and a BotPassword, then write a commented config and a mode-600"
        " password file, and optionally create the bot's pages on the wiki.",
        EPILOG,
    )
    init.add_argument("--api-url", metavar="URL", help="the wiki's api.php (asked for when not given)")
    init.add_argument(
        "--user", metavar="NAME@APP", help="the BotPassword login name (asked for when not given)"
    )
    init.add_argument(
        "--config",
        type=Path,
        default=Path("maintbot.toml"),
        metavar="FILE",
        help="where to write the config (default: maintbot.toml here)",
    )
    init.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="where to write the password, mode 600 (default: bot-password.toml beside the config)",
    )
    init.add_argument(
        "--contact",
        default="",
        metavar="TEXT",
        help="who runs the bot, for the User-Agent (wiki user page and e-mail); most wikis ask for it",
    )
    init.add_argument("--state-dir", type=Path, metavar="DIR", help="run.state_dir (default: the bot's own)")
    init.add_argument(
        "--create-pages",
        action="store_true",
        help="create the task page, the shutoff page (reading 'run') and the request page",
    )
    init.add_argument(
        "--force", action="store_true", help="overwrite an existing config, password file or page"
    )
    init.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    config = args.config.absolute()
    secret = (args.password_file or config.with_name("bot-password.toml")).absolute()
    for path in (config, secret):
        if path.exists() and not args.force:
            raise UsageError(f"{path} exists; nothing was written (--force replaces it)")
    api_url = args.api_url or _ask("API URL (ending in api.php): ")
    creds = Credentials(args.user or _ask("BotPassword login name (Name@AppId): "), _password())
    if "@" not in creds.login_name:
        raise UsageError(f"{creds.login_name!r} is not a BotPassword login name (Name@AppId)")
    try:
        general = preflight(api_url)
        print(f"wiki: {general.get('sitename', '?')}, {general.get('generator', 'MediaWiki ?')} at {api_url}")
        if version_of(general) < OLDEST_SUPPORTED:
            print("  note: older than MediaWiki 1.35, the oldest the bot is tested with")
        api = Api(api_url)
        api.login(creds)
        account = api.account(creds.account)
    except LoginFailed as error:
        index = api_url.removesuffix("api.php") + "index.php"
        return fail(f"{error}; make or reset the BotPassword at {index}?title=Special:BotPasswords")
    except (WikiError, ApiError) as error:
        return fail(str(error), ExitCode.WIKI_UNREACHABLE)
    print(f"login: {creds.login_name} (groups: {', '.join(account.groups) or 'none'})")
    problems = account.missing(creds.app_id, api_url.removesuffix("api.php") + "index.php")
    if account.blocked:
        problems.insert(0, f"{account.name} is {account.blocked}")
    if problems:
        for problem in problems:
            print(f"  missing: {problem}", file=sys.stderr)
        return fail("the account cannot run the bot yet; nothing was written", ExitCode.REFUSED)
    _report_templates(api)
    pages = _pages(account.name)
    _write_secret(secret, creds)
    _write_config(config, args, api_url, general, account.name, secret, pages)
    load(config)  # what was written must load; a bug here must not reach the operator's first run
    print(f"wrote {config} and {secret} (mode 600)")
    if args.create_pages:
        _create_pages(api, pages, account.name, overwrite=args.force)
    print(f"next: maintbot doctor --config {config} --no-daemon")
    print(f"      maintbot run --config {config} --dry-run --limit 5")
    return ExitCode.OK


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise UsageError(
            f"not given and no terminal to ask: {prompt.strip(': ')} (see 'maintbot init --help')"
        )
    return input(prompt).strip()


def _password() -> str:
    if os.environ.get("MAINTBOT_BOT_PASSWORD"):
        return os.environ["MAINTBOT_BOT_PASSWORD"]
    if sys.stdin.isatty():
        return getpass.getpass("BotPassword: ")
    return sys.stdin.readline().strip()


def _report_templates(api: Api) -> None:
    found = api.call("GET", action="query", titles="|".join(TEMPLATES), redirects="1")["query"]
    missing = {page["title"] for page in found.get("pages", ()) if page.get("missing")}
    for title in TEMPLATES:
        said = "not on this wiki: its rules find nothing" if title in missing else "found"
        print(f"template: {title}: {said}")


def _pages(account: str) -> dict[str, str]:
    """The bot's pages, in its own user space (the canonical 'User:' works on every wiki)."""
    try:
        return {kind: page_title(f"User:{account}/{name}") for kind, name in _PAGE_NAMES.items()}
    except BadTitle as error:
        raise UsageError(str(error)) from None


_PAGE_NAMES = {"task": "Task", "shutoff": "Shutoff", "requests": "Requests"}


def _write_secret(path: Path, creds: Credentials) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # --force: a new file gets the new mode, whatever the old one had
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"user = {_toml(creds.login_name)}\npassword = {_toml(creds.password)}\n")


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_config(
    path: Path,
    args: argparse.Namespace,
    api_url: str,
    general: dict[str, Any],
    account: str,
    secret: Path,
    pages: dict[str, str],
) -> None:
    name = re.sub(r"[^A-Za-z0-9_-]", "", str(general.get("wikiid", ""))) or "wiki"
    state = '# state_dir = "/var/lib/maintbot"   # default: $STATE_DIRECTORY, else ~/.local/state/maintbot'
    if args.state_dir:
        state = f"state_dir = {_toml(str(args.state_dir.absolute()))}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""\
# maintbot on {general.get("sitename", name)}, written by 'maintbot init'.
# Every key is explained in config/example.toml of the source; 'maintbot doctor' checks this file.

[wiki]
api_url = {_toml(api_url)}
name = {_toml(name)}                     # pywikibot's name for this wiki
user = {_toml(account)}
password_file = {_toml(str(secret))}     # mode 600: user = "Name@App", password = "..."
user_agent_contact = {_toml(args.contact)}   # who runs the bot; most wikis ask for it

[run]
namespaces = [0]                 # main namespace only
throttle_seconds = 10            # seconds between edits (6 a minute, as most bot policies ask)
task_page = {_toml(pages["task"])}
shutoff_page = {_toml(pages["shutoff"])}   # edits only while this page reads exactly "run"
{state}

[service]
request_page = {_toml(pages["requests"])}   # admins ask for runs here
request_group = "sysop"          # who may ask (checked through the API, by account)

[[service.jobs]]
id = "nightly"
trigger = "cron"                 # or "interval" with weeks/days/hours/minutes/seconds
hour = 3
minute = 15
transcludes = ["Sfn", "Sfnm", "Multiple image"]
""",
        encoding="utf-8",
    )


def _create_pages(api: Api, pages: dict[str, str], account: str, *, overwrite: bool) -> None:
    texts = {
        "task": (
            f"'''{account}''' is a bot run with maintbot. It checks the syntax of short footnotes"
            " ({{tl|sfn}}, {{tl|sfnm}}) and {{tl|multiple image}}, fixes what is safe to fix in one"
            " bot edit per page, and reports the rest on the article's talk page.\n\n"
            f"'''To stop it''': edit [[{pages['shutoff']}]] to read anything but <code>run</code>."
            " It stops within one edit.\n\n"
            f"'''To ask for a run''' (administrators): add a line to [[{pages['requests']}]].\n"
        ),
        "shutoff": "run",
        "requests": (
            f"Administrators may ask {account} to check pages here, one request per line:\n"
            "<pre>\n* page: Title\n* category: Name\n* template: Name\n</pre>\n"
            "The bot answers under each line. Requests from other accounts are declined.\n"
        ),
    }
    for kind, title in pages.items():
        try:
            api.create(title, texts[kind], f"maintbot init: the bot's {kind} page", overwrite=overwrite)
        except ApiError as error:
            if error.code != "articleexists":
                print(f"page: {title}: not created: {error}", file=sys.stderr)
                continue
            print(f"page: {title}: exists, left as it is (--force replaces it)")
            continue
        print(f"page: {title}: {'written' if overwrite else 'created'}")
