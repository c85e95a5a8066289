"""Failures of the wiki side, each with a message fit for an operator and an exit code."""

from __future__ import annotations

EXIT_WIKI_UNREACHABLE = 3
EXIT_REFUSED = 4
EXIT_SHUTOFF = 5


class WikiError(Exception):
    exit_code = EXIT_WIKI_UNREACHABLE


class WikiUnreachable(WikiError):
    """No MediaWiki API answers at the configured URL."""


class LoginFailed(WikiError):
    exit_code = 2


class EditingRefused(WikiError):
    """The account may not edit (blocked, or lacks the bot right)."""

    exit_code = EXIT_REFUSED


class ShutoffEngaged(WikiError):
    """The shutoff page no longer says 'run': no more edits or reports."""

    exit_code = EXIT_SHUTOFF


class WikiStoppedAnswering(WikiError):
    """The wiki stopped answering in the middle of a run (after pywikibot's retries with backoff)."""
