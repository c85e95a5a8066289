"""The process exit codes of every maintbot command, in one place (the README's table lists them)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a ``maintbot`` command's exit status means; scripts and monitors read these."""

    OK = 0  # done; for ``check``: no findings
    FINDINGS = 1  # ``check``: findings left; ``run``: some pages failed
    USAGE = 2  # bad usage, config, credentials or input
    WIKI_UNREACHABLE = 3  # the wiki cannot be reached, is not a MediaWiki API, or is read-only
    REFUSED = 4  # the account may not edit (blocked, no bot right)
    SHUTOFF = 5  # stopped by the shutoff page
    ALREADY_RUNNING = 6  # another maintbot holds this state directory
    NO_DAEMON = 7  # ``status --require-daemon``: no ``maintbot serve`` holds the state directory
