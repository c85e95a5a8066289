"""Failures of the wiki side, each with a message fit for an operator and an exit code."""

from __future__ import annotations

import requests
from pywikibot import exceptions as pwb_errors

from bot.exit_codes import ExitCode


class WikiError(Exception):
    exit_code = ExitCode.WIKI_UNREACHABLE


class WikiUnreachable(WikiError):
    """No MediaWiki API answers at the configured URL."""


class WikiReadOnly(WikiUnreachable):
    """The wiki answers but takes no edits (``$wgReadOnly``)."""


class LoginFailed(WikiError):
    exit_code = ExitCode.USAGE


class EditingRefused(WikiError):
    """The account may not edit (blocked, or lacks the bot right)."""

    exit_code = ExitCode.REFUSED


class ShutoffEngaged(WikiError):
    """The shutoff page no longer says 'run': no more edits or reports."""

    exit_code = ExitCode.SHUTOFF


class WikiStoppedAnswering(WikiError):
    """The wiki stopped answering in the middle of a run (after pywikibot's retries with backoff)."""


# What pywikibot raises once its retries with backoff are spent: the wiki is down, not one page.
WIKI_DOWN = (pwb_errors.ApiTimeoutError, pwb_errors.ServerError, requests.ConnectionError)


def one_line(error: BaseException) -> str:
    """``error``'s message in one line: pywikibot's messages hold line breaks."""
    return " ".join(str(error).split())


def stopped_answering(title: str, error: BaseException) -> WikiStoppedAnswering:
    """The end of a run at ``title``, in one line."""
    return WikiStoppedAnswering(f"the wiki stopped answering at {title!r}: {one_line(error)}")
