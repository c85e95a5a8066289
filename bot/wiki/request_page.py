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
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from itertools import takewhile
from typing import Any

import pywikibot
from pywikibot import exceptions as pwb_errors

from bot.config import Settings, credentials
from bot.output.talk import escape, plain
from bot.planning import Asker
from bot.state import OWN_EDIT, State
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
    nth: int = 0  # which request of ``line`` it is, from the first ever made: a copy is its own

    def selection(self, namespaces: tuple[int, ...]) -> Selection:
        """What the request names, read as the command line reads titles; :class:`BadTitle` if none."""
        if self.kind == "page":
            return Selection(titles=(page_title(self.target),), namespaces=namespaces)
        if self.kind == "category":
            return Selection(categories=(category_title(self.target),), namespaces=namespaces)
        return Selection(transcludes=(template_title(self.target),), namespaces=namespaces)


def _answers(line: str, account: str) -> bool:
    """Whether ``line`` is a reply signed by ``account`` (a forged one only keeps a request from
    running: the wiki does not say who wrote a line, and the bot never answers one copy twice)."""
    return line.startswith("*:") and f"[[User:{account}|" in line


@dataclass(frozen=True, slots=True)
class RequestCopy:
    """One request line on the page."""

    line: str
    end: int  # the offset just after the line: a reply goes there
    answers: int  # replies signed by the bot among the "*:" lines right under it; 0: not answered


def _request_copies(text: str, account: str) -> list[RequestCopy]:
    """Every request line of ``text`` in page order. Lines are read in the masked text (offsets
    unchanged): an example inside <pre>, <nowiki> or a comment does not count."""
    lines = mask_opaque(text).split("\n")
    copies = []
    offset = 0
    for index, line in enumerate(lines):
        offset += len(line) + 1
        if REQUEST_RE.match(line):
            replies = takewhile(lambda following: following.startswith("*:"), lines[index + 1 :])
            copies.append(RequestCopy(line, offset - 1, sum(_answers(reply, account) for reply in replies)))
    return copies


@dataclass(frozen=True, slots=True)
class Tally:
    """Of each request line of a text: its copies, those not answered, and the bot's replies."""

    copies: Counter[str]
    unanswered: Counter[str]
    replies: Counter[str]


def _tally(text: str, account: str) -> Tally:
    found = _request_copies(text, account)
    replies: Counter[str] = Counter()
    for copy in found:
        replies[copy.line] += copy.answers
    return Tally(
        Counter(copy.line for copy in found),
        Counter(copy.line for copy in found if not copy.answers),
        replies,
    )


def new_requests(text: str, account: str, known: Mapping[str, int], pending: Mapping[str, int]) -> list[str]:
    """The lines ``text`` asks anew, a line once per new request, in page order. Identical copies
    differ only by whether an answer is under them, so of each line are new: the copies beyond
    the requests of it ever ``known``, or the unanswered copies beyond those still waiting for
    their answer (``pending``), whichever is more. A blanking undone, or a line moved with its
    answer, adds nothing; a copy put above an answered one, an answered line archived and asked
    again, or an answered line rewritten into another, is asked anew."""
    counts = _tally(text, account)
    return [
        line
        for line, copies in counts.copies.items()
        for _ in range(max(copies - known.get(line, 0), counts.unanswered[line] - pending.get(line, 0)))
    ]


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


def insert_reply(text: str, line: str, request: tuple[int, int], reply: str, account: str) -> str | None:
    """``text`` with ``reply`` under a copy of ``line``, or None if there is none for it. The
    request is (its rank among the requests of ``line`` waiting for an answer, its ``nth``): the
    rank-th copy with no answer, in page order, whether it was put above, between or below the
    answered ones; failing that, the nth copy if an answer not its own is under it (a line
    rewritten, or slipped in above another's answer)."""
    rank, nth = request
    copies = [copy for copy in _request_copies(text, account) if copy.line == line]
    unanswered = [copy for copy in copies if not copy.answers]
    if rank < len(unanswered):
        end = unanswered[rank].end
    elif nth < len(copies) and copies[nth].answers:
        end = copies[nth].end
    else:
        return None
    return f"{text[:end]}\n*: {reply} ~~~~{text[end:]}"


def _unread_revisions(
    site: pywikibot.site.APISite, page: pywikibot.Page, state: State, since: int | None
) -> tuple[list[dict[str, Any]], bool, str | None]:
    """The request page's revisions after ``since`` (from its creation when None) that the state
    has not read, oldest first, with their text: at most :data:`HISTORY_LIMIT`, fifty a query.
    Also whether more are left for the next poll, and the text of the revision read before them
    ("" before the page's creation; None when hidden, or when ``since`` is not in its history)."""
    parameters: dict[str, Any] = {
        "prop": "revisions",
        "pageids": page.pageid,
        "rvprop": "ids|user|userid|flags|content",
        "rvslots": "main",
        "rvdir": "newer",
        "rvlimit": 50,
    }
    previous: str | None = ""
    if since is not None:
        parameters["rvstartid"] = since  # an id of another page's history, or a deleted one, still counts
        previous = None
    unread: list[dict[str, Any]] = []
    for data in query_pages(site, **parameters):
        for revision in data.get("revisions", []):
            if state.request_seen(int(revision["revid"])):
                previous = _text(revision)
                continue
            if len(unread) == HISTORY_LIMIT:
                return unread, True, previous
            unread.append(revision)
    return unread, False, previous


def _text(revision: dict[str, Any]) -> str | None:
    """A revision's text as the API gives it; None when an admin has hidden it."""
    text = revision.get("slots", {}).get("main", {}).get("content")
    return None if text is None else str(text)


def _read_history(site: pywikibot.site.APISite, page: pywikibot.Page, state: State, account: str) -> None:
    """Record each request the first revision to ask it (see :func:`new_requests`) with that
    revision's author. The history is read in order from the last revision read, however long the
    churn since (a poll reads up to a limit and leaves the rest to the next). A line first met
    just after a revision whose text an admin hid may have been added there: it is declined, never
    credited to whoever kept it. The bot's own revisions hold its replies: one the state does not
    know of (its save was lost, or the state database was) counts, so nothing is answered twice."""
    last = state.last_request_revision()
    unread, more, previous = _unread_revisions(site, page, state, last[0] if last else None)
    if more:
        log.warning("request page: %d revisions read; the rest are read at the next poll", HISTORY_LIMIT)
    after_hidden = last is not None and last[1] == _TEXT_HIDDEN
    for revision in unread:
        revid = int(revision["revid"])
        user = revision.get("user", "")
        own = user == account
        hidden = revision.get("anon") or revision.get("userhidden")
        author_id = 0 if hidden else int(revision.get("userid", 0))
        text = _text(revision)
        if text is not None:
            if own and previous is not None:  # the bot only adds replies, each under its line
                added = _tally(text, account).replies - _tally(previous, account).replies
                for line, count in added.items():
                    state.note_answers(line, count, revid)
            known, pending = state.request_counts(revid)
            for line in new_requests(text, account, known, pending):
                _record_request(state, line, revid, user, author_id, own=own, after_hidden=after_hidden)
        read_as = _TEXT_HIDDEN if text is None else OWN_EDIT if own else "read"
        state.record_request(revid, user, "", read_as, None)
        after_hidden = text is None
        previous = text


def _record_request(
    state: State, line: str, revid: int, user: str, author_id: int, *, own: bool, after_hidden: bool
) -> None:
    """A new request of ``line``, made by revision ``revid``, to be judged at the next answer."""
    if after_hidden:
        why = "who added this line cannot be told: the text of the revision before it is hidden"
        nth = state.add_request_line(line, revid, "", 0, RequestStatus.DECLINED)
        reply = f"Declined: {why}. The request was not run; add it again to ask again."
        state.set_request_line(line, nth, RequestStatus.DECLINED, reply)
        log.warning("request line %r (revision %s) declined: %s", line, revid, why)
    elif own:  # the bot asks nothing of itself
        nth = state.add_request_line(line, revid, user, author_id, OWN_EDIT)
        state.set_request_line(line, nth, OWN_EDIT, replied=revid)
    else:
        state.add_request_line(line, revid, user, author_id, "new")


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
            outcome = _answer(settings, wiki, state, request, status, reply, runner, creds.account)
            handled.append((request, outcome))
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
    account: str,
) -> RequestStatus:
    """Decide (once: the outcome is stored before the reply is posted) and reply under a copy of
    the line that has no answer: the requests of one line waiting for theirs take the copies
    without one in order, so an answered copy is never answered again."""
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
    rank = state.reply_rank(line, nth)

    def compose(page: pywikibot.Page) -> Change | None:
        updated = insert_reply(page.text, line, (rank, nth), answer, account)
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
    state.set_request_line(line, nth, outcome, replied=saved.page.latest_revision_id)
    state.record_request(request.revision, request.user, line, outcome, run_id)
    return outcome
