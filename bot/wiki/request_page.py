"""Runs requested on the wiki by its admins: read new lines on the request page, check who added
them through the API (never from a signature in the text), run, and reply under each line.

A request is one line added to the request page:

    * page: Mill history
    * category: Mill articles
    * template: Sfn

The bot answers on the next line (``*: ...``), signed. Lines added by anyone outside the
configured group (default ``sysop``), by an IP, by a hidden author or by a blocked account are
declined, and logged. The author is judged by account id, not name: a name freed by a rename can be
registered by anyone, so holding it gives nothing; an account renamed between its request and the
check is declined, since the name on the request no longer says who made it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import pywikibot
from pywikibot import exceptions as pwb_errors

from bot.config import Settings, credentials
from bot.output.talk import escape
from bot.planning import Asker
from bot.state import State
from bot.wiki.errors import ShutoffEngaged
from bot.wiki.outcomes import PageStatus, ReportStatus
from bot.wiki.runner import RunSummary, run_bot
from bot.wiki.saving import Change, Kind, SaveStatus, WikiWriter
from bot.wiki.site import Wiki, connect
from bot.wiki.sources import Selection, count_pages, off_wiki
from bot.wikitext.spans import mask_opaque

log = logging.getLogger("maintbot")

REQUEST_RE = re.compile(r"^\*\s*(page|category|template)\s*:\s*(\S.*?)\s*$", re.I)
_MAX_LINKS = 10
_COUNT_CEILING = 10  # an oversized request is counted up to ten times the limit, no further


class RequestStatus(StrEnum):
    DONE = "done"
    DECLINED = "declined"
    UNANSWERED = "unanswered"  # the reply could not be saved: the next poll tries again


@dataclass(frozen=True, slots=True)
class Request:
    revision: int
    user: str
    user_id: int  # 0 for an IP edit or a hidden author
    line: str
    kind: str
    target: str

    def selection(self, namespaces: tuple[int, ...]) -> Selection:
        if self.kind == "page":
            return Selection(titles=(self.target,), namespaces=namespaces)
        if self.kind == "category":
            return Selection(categories=(self.target,), namespaces=namespaces)
        return Selection(transcludes=(self.target,), namespaces=namespaces)


def added_lines(old: str, new: str) -> list[str]:
    """Lines of ``new`` that ``old`` did not have (each counted once)."""
    before = old.splitlines()
    remaining = {line: before.count(line) for line in set(before)}
    added = []
    for line in new.splitlines():
        if remaining.get(line, 0):
            remaining[line] -= 1
        else:
            added.append(line)
    return added


def parse_requests(revision: int, user: str, user_id: int, old: str, new: str) -> list[Request]:
    """Request lines a revision added; examples inside <pre>, <nowiki> or comments do not count."""
    found = []
    for line in added_lines(mask_opaque(old), mask_opaque(new)):
        match = REQUEST_RE.match(line)
        if match:
            found.append(Request(revision, user, user_id, line, match.group(1).lower(), match.group(2)))
    return found


def authorise(site: pywikibot.site.APISite, request: Request, group: str) -> tuple[bool, str]:
    """Ask the wiki about the account that made the edit, by its id: registered, not renamed since,
    not blocked, in the group. Returns whether the request may run, and why not."""
    if not request.user_id:
        if not request.user:
            return False, "the author of the edit is hidden"
        return False, "edits by IP addresses cannot request runs"
    reply = site.simple_request(
        action="query", list="users", ususerids=str(request.user_id), usprop="blockinfo|groups"
    ).submit()
    accounts = reply.get("query", {}).get("users", [])
    if not accounts or "missing" in accounts[0]:
        return False, "the account does not exist"
    account = accounts[0]
    if account.get("name") != request.user:
        return False, "the account was renamed after the request; ask again under the new name"
    if "blockid" in account:
        return False, "the account is blocked"
    if group not in account.get("groups", []):
        return False, f"only members of the '{group}' group may request runs"
    return True, ""


def _done_reply(summary: RunSummary) -> str:
    counts = summary.counts
    edited = [o.title for o in summary.outcomes if o.status is PageStatus.EDITED]
    reported = [
        o.talk_title
        for o in summary.outcomes
        if o.report_status in (ReportStatus.POSTED, ReportStatus.UPDATED)
    ]
    links = ", ".join(f"[[{t}]]" for t in edited[:_MAX_LINKS])
    talks = ", ".join(f"[[{t}]]" for t in reported[:_MAX_LINKS])
    text = (
        f"{{{{done}}}} Checked {counts['read'] + counts['already_checked']} page(s):"
        f" {counts['edited']} edited"
        + (f" ({links})" if links else "")
        + f", {counts['reported']} talk report(s)"
        + (f" ({talks})" if talks else "")
        + f", {counts['skipped']} skipped, {counts['failed']} failed."
    )
    held = [o for o in summary.outcomes if o.status in (PageStatus.SKIPPED, PageStatus.FAILED)]
    if held:  # each with its reason: a page that does not exist says so
        why = "; ".join(f"[[:{o.title}]]: {escape(o.reason)}" for o in held[:_MAX_LINKS])
        more = f"; and {len(held) - _MAX_LINKS} more" if len(held) > _MAX_LINKS else ""
        text += f" Not edited: {why}{more}."
    if summary.stopped:
        text += f" Stopped early: {escape(str(summary.stopped))}."
    return text


def _insert_reply(text: str, line: str, reply: str) -> str | None:
    lines = text.split("\n")
    for index, current in enumerate(lines):
        if current == line:
            lines.insert(index + 1, f"*: {reply} ~~~~")
            return "\n".join(lines)
    return None


def process_requests(
    settings: Settings, *, runner: Callable[..., RunSummary] = run_bot
) -> list[tuple[Request, RequestStatus]]:
    """Handle every request line added since the last look; returns each request with its outcome."""
    service = settings.service
    if not service.request_page:
        return []
    creds = credentials(settings)
    wiki = connect(settings, creds)
    site = wiki.site
    state = State(settings.run.state_dir / "state.sqlite")
    handled: list[tuple[Request, RequestStatus]] = []
    try:
        page = pywikibot.Page(site, service.request_page)
        if not page.exists():
            return []
        if all(state.request_seen(int(r.revid)) for r in page.revisions(content=False, total=50)):
            return []  # nothing new: one light query per poll, no page text
        revisions = list(page.revisions(content=True, total=50))[::-1]  # oldest first
        previous = ""
        for revision in revisions:
            text = revision.text or ""
            revid = int(revision.revid)
            if state.request_seen(revid) or revision.user == creds.account:
                previous = text
                if not state.request_seen(revid):
                    state.record_request(revid, revision.user, "", "own edit", None)
                continue
            author_id = 0 if revision.anon or revision.userhidden else int(revision.get("userid", 0))
            requests = parse_requests(revid, revision.user, author_id, previous, text)
            previous = text
            complete = True
            for request in requests:
                if state.request_answered(revid, request.line):
                    continue
                status = _handle(settings, wiki, state, request, runner)
                handled.append((request, status))
                complete = complete and status is not RequestStatus.UNANSWERED
            if complete:  # otherwise the next look tries the unanswered lines again
                state.record_request(revid, revision.user, "", "read", None)
    except ShutoffEngaged as stop:
        log.warning("requests left for later: %s", stop)
    finally:
        state.close()
    return handled


def _within_limit(wiki: Wiki, selection: Selection, settings: Settings) -> tuple[bool, str]:
    """A request may start at most ``service.max_request_pages`` page checks: one line on a
    request page must not set the bot loose on a whole wiki."""
    limit = settings.service.max_request_pages
    found = count_pages(wiki, selection, _COUNT_CEILING * limit)
    if found <= limit:
        return True, ""
    many = f"more than {found - 1}" if found > _COUNT_CEILING * limit else str(found)
    return False, (
        f"it would check {many} pages, over the limit of {limit} (service.max_request_pages);"
        " ask for a smaller category or template, or name the pages"
    )


def _handle(
    settings: Settings, wiki: Wiki, state: State, request: Request, runner: Callable[..., RunSummary]
) -> RequestStatus:
    allowed, why = authorise(wiki.site, request, settings.service.request_group)
    if allowed and (refused := off_wiki(wiki.site, request.selection(settings.run.namespaces))):
        allowed, why = False, next(iter(refused.values()))
    if allowed:
        allowed, why = _within_limit(wiki, request.selection(settings.run.namespaces), settings)
    run_id = None
    if allowed:
        summary = runner(
            settings,
            request.selection(settings.run.namespaces),
            dry_run=False,
            origin=f"request:{request.revision}",
            asker=Asker(request.user, request.revision),
            full=True,
            echo=lambda _: None,
        )
        run_id = summary.run_id
        reply, status = _done_reply(summary), RequestStatus.DONE
        log.info("request %s by %s: %s", request.revision, request.user, reply)
    else:
        reply = f"Declined: {why}. The request was not run."
        status = RequestStatus.DECLINED
        log.warning("request %s by %s declined: %s", request.revision, request.user, why)

    def compose(page: pywikibot.Page) -> Change | None:
        updated = _insert_reply(page.text, request.line, reply)
        summary = f"{settings.wording.summary_prefix} reply to a run request"
        return None if updated is None else Change(updated, summary)  # None: the line is gone

    try:
        saved = WikiWriter(wiki, settings).write(
            wiki.page(settings.service.request_page), compose, Kind.REPLY
        )
        if saved.status in (SaveStatus.REFUSED, SaveStatus.CONFLICTED):
            raise pwb_errors.Error(saved.reason)
    except pwb_errors.Error as error:
        log.error("could not answer request %s (it will be answered later): %s", request.revision, error)
        return RequestStatus.UNANSWERED
    state.record_request(request.revision, request.user, request.line, status, run_id)
    return status
