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
from functools import partial
from typing import Any

import pywikibot
from pywikibot import exceptions as pwb_errors

from bot.config import Settings, credentials
from bot.output.talk import escape, plain
from bot.planning import Asker
from bot.state import State
from bot.titles import BadTitle, category_title, page_title, template_title
from bot.wiki.batch import query_pages
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
# Revisions of the request page read in one poll, at most: a vandal's thousands of edits are read
# over several polls, in order, rather than all at once.
HISTORY_LIMIT = 500
_TEXT_HIDDEN = "text hidden"  # a revision read whose text an admin had hidden


class RequestStatus(StrEnum):
    DONE = "done"
    DECLINED = "declined"
    STOPPED = "stopped"  # the shutoff page or a dead wiki stopped its run; answered, not resumed
    FAILED = "failed"  # the request broke while being handled; it is answered and not retried
    UNANSWERED = "unanswered"  # the reply could not be saved: the next poll tries again


@dataclass(frozen=True, slots=True)
class Request:
    revision: int
    user: str
    user_id: int  # 0 for an IP edit or a hidden author
    line: str
    kind: str
    target: str
    nth: int = 0  # which copy of ``line`` on the page: a copied line is its own request

    def selection(self, namespaces: tuple[int, ...]) -> Selection:
        """What the request names, read as the command line reads titles; :class:`BadTitle` if none."""
        if self.kind == "page":
            return Selection(titles=(page_title(self.target),), namespaces=namespaces)
        if self.kind == "category":
            return Selection(categories=(category_title(self.target),), namespaces=namespaces)
        return Selection(transcludes=(template_title(self.target),), namespaces=namespaces)


def request_lines(text: str) -> list[tuple[str, int, str, str]]:
    """Every request line of ``text`` as (line, which copy of it, kind, target), in page order.
    Examples inside <pre>, <nowiki> or comments do not count."""
    copies: dict[str, int] = {}
    found = []
    for line in mask_opaque(text).split("\n"):
        match = REQUEST_RE.match(line)
        if match:
            nth = copies.get(line, 0)
            copies[line] = nth + 1
            found.append((line, nth, match.group(1).lower(), match.group(2)))
    return found


def answered_copies(text: str, account: str) -> set[tuple[str, int]]:
    """The request copies of ``text`` with a reply signed by ``account`` on the next line."""
    lines = mask_opaque(text).split("\n")
    copies: dict[str, int] = {}
    answered = set()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if REQUEST_RE.match(line):
            nth = copies.get(line, 0)
            copies[line] = nth + 1
            if following.startswith("*:") and f"[[User:{account}|" in following:
                answered.add((line, nth))
    return answered


def asked_anew(text: str, known: Callable[[str, int], bool]) -> list[tuple[str, int]]:
    """The request copies of ``text`` (line, which copy of it) no request was ever known of: a copy
    is asked once, the first time a revision holds it. Whatever a human writes around a request and
    its answer, a line moved, or a blanking undone asks nothing; a line archived with its answer
    and asked again is not seen either (its copy was asked before)."""
    return [(line, nth) for line, nth, _kind, _target in request_lines(text) if not known(line, nth)]


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


def _done_reply(summary: RunSummary, edited: list[str]) -> str:
    """The answer to a run; ``edited``: the pages the run saved, as the state recorded each save
    (a stop can fall between a page's edit and its report, before the page has an outcome)."""
    counts = summary.counts
    reported = [
        o.talk_title
        for o in summary.outcomes
        if o.report_status in (ReportStatus.POSTED, ReportStatus.UPDATED)
    ]
    links = ", ".join(f"[[{t}]]" for t in edited[:_MAX_LINKS])
    talks = ", ".join(f"[[{t}]]" for t in reported[:_MAX_LINKS])
    tally = (
        f"{len(edited)} edited"
        + (f" ({links})" if links else "")
        + f", {counts['reported']} talk report(s)"
        + (f" ({talks})" if talks else "")
        + f", {counts['skipped']} skipped, {counts['failed']} failed."
    )
    if summary.stopped:  # not {{done}}: the pages after the stop were not checked
        text = f"Stopped early ({plain(str(summary.stopped))}); before the stop: {tally}"
    else:
        text = f"{{{{done}}}} Checked {counts['read'] + counts['already_checked']} page(s): {tally}"
    held = [o for o in summary.outcomes if o.status in (PageStatus.SKIPPED, PageStatus.FAILED)]
    if held:  # each with its reason: a page that does not exist says so
        why = "; ".join(f"[[:{o.title}]]: {plain(o.reason)}" for o in held[:_MAX_LINKS])
        more = f"; and {len(held) - _MAX_LINKS} more" if len(held) > _MAX_LINKS else ""
        text += f" Not edited: {why}{more}."
    if summary.stopped:
        text += " Ask again to check the rest; nothing is done twice."
    return text


def _insert_reply(text: str, line: str, nth: int, reply: str) -> str | None:
    """``text`` with ``reply`` under the ``nth`` copy of ``line``, or None if that copy is gone.
    Lines are found in the masked text (offsets unchanged) so an example in <pre> is never it."""
    position = 0
    copy = 0
    for current in mask_opaque(text).split("\n"):
        if current == line:
            if copy == nth:
                end = position + len(current)
                return f"{text[:end]}\n*: {reply} ~~~~{text[end:]}"
            copy += 1
        position += len(current) + 1
    return None


def _unread_revisions(
    site: pywikibot.site.APISite, page: pywikibot.Page, state: State, since: int | None
) -> tuple[list[dict[str, Any]], bool]:
    """The request page's revisions after ``since`` (from its creation when None) that the state
    has not read, oldest first, with their text: at most :data:`HISTORY_LIMIT`, fifty a query.
    Also whether more are left for the next poll."""
    parameters: dict[str, Any] = {
        "prop": "revisions",
        "pageids": page.pageid,
        "rvprop": "ids|user|userid|flags|content",
        "rvslots": "main",
        "rvdir": "newer",
        "rvlimit": 50,
    }
    if since is not None:
        parameters["rvstartid"] = since  # an id of another page's history, or a deleted one, still counts
    unread: list[dict[str, Any]] = []
    for data in query_pages(site, **parameters):
        for revision in data.get("revisions", []):
            if state.request_seen(int(revision["revid"])):
                continue
            if len(unread) == HISTORY_LIMIT:
                return unread, True
            unread.append(revision)
    return unread, False


def _read_history(site: pywikibot.site.APISite, page: pywikibot.Page, state: State, account: str) -> None:
    """Record each request copy the first time it appears in the history, with that revision's
    author: a blanking undone, or a line moved, adds nothing new. The history is read in order
    from the last revision read, however long the churn since (a poll reads up to a limit and
    leaves the rest to the next). A line first met just after a revision whose text an admin hid
    may have been added there: it is declined, never credited to whoever kept it."""
    last = state.last_request_revision()
    unread, more = _unread_revisions(site, page, state, last[0] if last else None)
    if more:
        log.warning("request page: %d revisions read; the rest are read at the next poll", HISTORY_LIMIT)
    after_hidden = last is not None and last[1] == _TEXT_HIDDEN
    for revision in unread:
        revid = int(revision["revid"])
        user = revision.get("user", "")
        own = user == account
        hidden = revision.get("anon") or revision.get("userhidden")
        author_id = 0 if hidden else int(revision.get("userid", 0))
        text = revision.get("slots", {}).get("main", {}).get("content")
        for line, nth in asked_anew(text or "", state.request_line_known):
            if after_hidden:
                why = "who added this line cannot be told: the text of the revision before it is hidden"
                state.add_request_line(line, nth, revid, "", 0, RequestStatus.DECLINED)
                reply = f"Declined: {why}. The request was not run; add it again to ask again."
                state.set_request_line(line, nth, RequestStatus.DECLINED, reply)
                log.warning("request line %r (revision %s) declined: %s", line, revid, why)
            else:
                state.add_request_line(line, nth, revid, user, author_id, "own edit" if own else "new")
                if own:  # the bot asks nothing of itself
                    state.set_request_line(line, nth, "own edit", replied=True)
        if own and text:  # its replies: a state database lost since then must not answer again
            waiting = {(line, nth) for line, nth, *_ in state.unreplied_request_lines()}
            for line, nth in answered_copies(text, account) & waiting:
                state.set_request_line(line, nth, "answered before", replied=True)
        read_as = _TEXT_HIDDEN if text is None else "own edit" if own else "read"
        state.record_request(revid, user, "", read_as, None)
        after_hidden = text is None


def process_requests(
    settings: Settings,
    *,
    runner: Callable[..., RunSummary] = run_bot,
    should_stop: Callable[[], bool] | None = None,
) -> list[tuple[Request, RequestStatus]]:
    """Handle every request not yet answered; returns each request handled with its outcome.
    ``should_stop`` is asked between pages and between requests (SIGTERM in the daemon): the run
    it stops is answered as stopped, the requests after it wait for the next poll."""
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
        if page.isRedirectPage():
            # Moved (page-move vandalism looks the same): following it would take requests from a
            # page the operator never chose, so the operator is told instead, at every poll.
            log.warning(
                "request page %s redirects to %s (moved?): no request there is read; set"
                " service.request_page to the page editors use",
                page.title(),
                page.getRedirectTarget().title(),
            )
            return []
        # when nothing is new, the page's info (read by exists()) is the only query of the poll
        if not state.request_seen(page.latest_revision_id):
            _read_history(site, page, state, creds.account)
        if should_stop is not None:
            runner = partial(runner, should_stop=should_stop)
        for line, nth, revision, user, user_id, status, reply in state.unreplied_request_lines():
            if should_stop is not None and should_stop():
                break
            match = REQUEST_RE.match(line)
            kind, target = (match.group(1).lower(), match.group(2)) if match else ("page", "")
            request = Request(revision, user, user_id, line, kind, target, nth)
            handled.append((request, _answer(settings, wiki, state, request, status, reply, runner)))
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


def _decide(
    settings: Settings, wiki: Wiki, state: State, request: Request, runner: Callable[..., RunSummary]
) -> tuple[RequestStatus, str, int | None]:
    """Run the request if it may run; its status, the reply and the run's id."""
    allowed, why = authorise(wiki.site, request, settings.service.request_group)
    if not allowed:
        log.warning("request %s by %s declined: %s", request.revision, request.user, why)
        return RequestStatus.DECLINED, f"Declined: {why}. The request was not run.", None
    try:
        selection = request.selection(settings.run.namespaces)
    except BadTitle as bad:
        log.warning("request %s by %s declined: %s", request.revision, request.user, bad)
        reply = f"Declined: not a valid page title ({plain(bad.reason)}). The request was not run."
        return RequestStatus.DECLINED, reply, None
    if refused := off_wiki(wiki.site, selection):
        allowed, why = False, next(iter(refused.values()))
    if allowed:
        allowed, why = _within_limit(wiki, selection, settings)
    if not allowed:
        log.warning("request %s by %s declined: %s", request.revision, request.user, why)
        return RequestStatus.DECLINED, f"Declined: {why}. The request was not run.", None
    WikiWriter(wiki, settings).check_shutoff()  # switched off: the request waits, unanswered
    summary = runner(
        settings,
        selection,
        dry_run=False,
        origin=f"request:{request.revision}",
        asker=Asker(request.user, request.revision),
        full=True,
        echo=lambda _: None,
        wiki=wiki,
    )
    edited = [edit.title for edit in state.run_edits(summary.run_id)] if summary.run_id else []
    reply = _done_reply(summary, edited)
    log.info("request %s by %s: %s", request.revision, request.user, reply)
    return RequestStatus.STOPPED if summary.stopped else RequestStatus.DONE, reply, summary.run_id


def _answer(
    settings: Settings,
    wiki: Wiki,
    state: State,
    request: Request,
    status: str,
    reply: str | None,
    runner: Callable[..., RunSummary],
) -> RequestStatus:
    """Decide (once: the outcome is stored before the reply is posted) and reply under the line."""
    line, nth = request.line, request.nth
    run_id = None
    if status == "new":
        state.set_request_line(line, nth, "running")  # a run killed midway is not started again
        try:
            outcome, reply, run_id = _decide(settings, wiki, state, request, runner)
        except ShutoffEngaged:
            state.set_request_line(line, nth, "new")  # nothing was done for it: ask again later
            raise
        except Exception as error:  # one bad request must not wedge the ones after it
            log.error("request %s (%s) failed: %s: %s", request.revision, line, type(error).__name__, error)
            outcome = RequestStatus.FAILED
            reply = f"Failed: {escape(f'{type(error).__name__}: {error}')}. Ask again if it is still needed."
        state.set_request_line(line, nth, outcome, reply, run_id)
    elif status == "running" or reply is None:
        outcome = RequestStatus.FAILED
        reply = "Failed: the run was interrupted. Ask again if it is still needed."
        state.set_request_line(line, nth, outcome, reply)
    else:
        outcome = RequestStatus(status)
    answer = reply

    def compose(page: pywikibot.Page) -> Change | None:
        updated = _insert_reply(page.text, line, nth, answer)
        summary = f"{settings.wording.summary_prefix} reply to a run request"
        return None if updated is None else Change(updated, summary)  # None: the line is gone

    try:
        saved = WikiWriter(wiki, settings).write(
            wiki.page(settings.service.request_page), compose, Kind.REPLY
        )
        if saved.status in (SaveStatus.REFUSED, SaveStatus.CONFLICTED):
            raise pwb_errors.Error(saved.reason)
        if saved.status is SaveStatus.NOTHING:  # a vandal's blanking a patroller will undo
            log.info(
                "request %s: its line is not on the page now; answered when it is back", request.revision
            )
            return RequestStatus.UNANSWERED
    except ShutoffEngaged:
        raise
    except Exception as error:
        log.error("could not answer request %s (it will be answered later): %s", request.revision, error)
        return RequestStatus.UNANSWERED
    state.set_request_line(line, nth, outcome, replied=True)
    state.record_request(request.revision, request.user, line, outcome, run_id)
    return outcome
