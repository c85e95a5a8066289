"""The one safe editor: every edit and talk report the bot makes goes through here.

Its guards, in order: the page exists and is in a configured namespace; {{bots}}/{{nobots}} on
the page (and, for reports, on its talk page); protection; edit-blocking findings; no
cosmetic-only edit. What it decides to write goes to a writer (``bot.wiki.saving``): the wiki,
with pywikibot's throttle and maxlag and a re-plan from the human's text on an edit conflict, or
on a dry run the operator's screen.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

import pywikibot
from pywikibot import exceptions as pwb_errors

from bot.config import Settings
from bot.fixing import fix_text
from bot.output.talk import render_report, resolved_report, upsert
from bot.planning import Asker, Plan, accountable, edit_summary, plan_page
from bot.rules.base import Rule
from bot.rules.registry import ruleset_version
from bot.state import State
from bot.wiki.batch import FileOracle
from bot.wiki.errors import WIKI_DOWN, stopped_answering
from bot.wiki.history import Contributors, bot_edit_bases
from bot.wiki.outcomes import PageOutcome, PageStatus, ReportStatus
from bot.wiki.saving import Change, Decline, Kind, SaveStatus, Writer
from bot.wiki.site import Wiki
from bot.wikitext.exclusion import bot_may_edit
from bot.wikitext.limits import PageTooComplex
from bot.wikitext.sitedata import BUILTIN, SiteData

log = logging.getLogger("maintbot")


def _talk_page_for(page: pywikibot.Page, talk: pywikibot.Page) -> tuple[pywikibot.Page | None, str]:
    """Where the report goes: the talk page, or where it redirects when that is still this article's
    talk (a merge left it behind); a report below ``#REDIRECT`` would be seen by no one."""
    if not talk.exists() or not talk.isRedirectPage():
        return talk, ""
    target = talk.getRedirectTarget()
    subject = target.toggleTalkPage() if target.isTalkPage() else None
    if subject is not None and subject.exists() and subject.isRedirectPage():
        subject = subject.getRedirectTarget()
    if subject != page or (target.exists() and target.isRedirectPage()):
        return None, f"[[{talk.title()}]] redirects to [[{target.title()}]], not to this article's talk"
    return target, ""


@dataclass(slots=True)
class Prepared:
    """A page checked and planned, waiting for its edit and report."""

    page: pywikibot.Page
    outcome: PageOutcome
    plan: Plan | None = None  # None: skipped or failed before a plan
    asked: set[str] = field(default_factory=set)  # the files its plan asked about
    talk: pywikibot.Page | None = None  # loaded with the batch when the report will read it


class Editor:
    def __init__(
        self,
        wiki: Wiki,
        rules: list[Rule],
        settings: Settings,
        writer: Writer,
        *,
        state: State | None = None,
        run_id: int | None = None,
        asker: Asker | None = None,
        site_data: SiteData = BUILTIN,
    ) -> None:
        self.wiki = wiki
        self.rules = rules
        self.settings = settings
        self.writer = writer
        self.state = state
        self.run_id = run_id
        self.asker = asker  # who asked on the request page, named in every summary of the run
        self.site_data = site_data
        # Other wiki data, other verdicts: a page checked with older data is checked again.
        self.ruleset = f"{ruleset_version(rules)}+{site_data.version}"
        self.parsed = 0
        self._username = wiki.site.username() or settings.wiki.user
        self.files = FileOracle(wiki.site)
        self.contributors = Contributors(self._username)  # which pages the bot edited before
        self.made_before: dict[int, set[str]] = {}  # page id: fixes its history shows the bot made

    def _plan(self, page: pywikibot.Page) -> Plan:
        """Plan from the page's text; files not asked about before are taken to exist for now."""
        self.parsed += 1
        page_id = page.pageid
        state, made_before = self.state, self.made_before.get(page_id, set())

        def allow(fingerprint: str) -> bool:
            made = fingerprint in made_before or (
                state is not None and state.was_applied(page_id, fingerprint)
            )
            return not made

        self.files.asked = set()
        return plan_page(page.text, self.rules, page.namespace().id, self.files.exists, allow, self.site_data)

    def _plan_now(self, page: pywikibot.Page) -> Plan:
        """Plan one page with settled file answers (a re-read after an edit conflict)."""
        plan = self._plan(page)
        return self._plan(page) if self.files.asked & self.files.settle() else plan

    def _remember(self, outcome: PageOutcome, plan: Plan) -> None:
        if self.state is None or outcome.status in (PageStatus.FAILED, PageStatus.SKIPPED):
            return
        revision = outcome.new_revision or outcome.revision
        if revision is not None:
            self.state.page_checked(outcome.title, revision, self.ruleset, len(plan.report))

    @contextmanager
    def _failures(self, outcome: PageOutcome) -> Iterator[None]:
        """What goes wrong with one page stays with that page, unless the wiki itself is down."""
        try:
            yield
        except PageTooComplex as error:
            self._skip(outcome, f"page too complex to check safely: {error}")
        except WIKI_DOWN as error:
            # pywikibot has already retried with backoff: the wiki is down, so is the rest of the run.
            raise stopped_answering(outcome.title, error) from None
        except pwb_errors.Error as error:
            outcome.status, outcome.reason = PageStatus.FAILED, f"{type(error).__name__}: {error}"
            log.warning("%s: %s", outcome.title, outcome.reason)

    def prepare(self, pages: Iterable[pywikibot.Page]) -> Iterator[Prepared]:
        """Check the pages: the guards and a plan for every page, reading them a batch at a time.

        The questions a batch's plans raise (do the files its image blocks name exist, what do
        the talk pages its reports will go to hold) ride in the query that reads the next batch's
        text, which takes only the titles left over: every query is as full as the API allows.
        """
        chosen = iter(pages)
        waiting: list[Prepared] = []  # planned, their files and talk pages not asked about yet
        while True:
            talks = [item.talk for item in waiting if item.talk is not None]
            room = max(self.wiki.batch_size - len(talks) - len(self.files.noted), 0)
            fresh = [Prepared(page, PageOutcome(title=page.title())) for page in islice(chosen, room)]
            if not fresh and not waiting:
                return
            missing: set[str] = set()
            with self._failures(PageOutcome(title=f"a batch of {len(fresh) + len(talks)} page(s)")):
                loading = [*talks, *(item.page for item in fresh)]
                missing = self.files.settle(also_load=loading, contributors=self.contributors)
            for item in waiting:
                if item.plan is not None and item.asked & missing:
                    with self._failures(item.outcome):
                        item.plan = self._plan(item.page)  # now with the missing files reported
            self._recall_fixes(waiting)
            yield from waiting
            for item in fresh:
                with self._failures(item.outcome):
                    if self._admitted(item.page, item.outcome):
                        item.outcome.revision = item.page.latest_revision_id
                        item.plan = self._plan(item.page)
                        item.asked = self.files.asked
            unsettled = set(self.files.noted)
            for item in fresh:
                # A page naming a file not known yet may report once it is: its talk page comes along.
                if item.plan is not None and (
                    self._reports(item.outcome.title, item.plan) or item.asked & unsettled
                ):
                    item.talk = item.page.toggleTalkPage()
            waiting = fresh

    def _recall_fixes(self, prepared: list[Prepared]) -> None:
        """Before editing a page this database holds no fix of, read from the page's history what
        the bot's own edits there fixed: one it made before and that is needed again was undone
        by someone, so it is reported, not made again (a lost database must not start an edit war)."""
        editing = [
            item
            for item in prepared
            if item.plan is not None
            and item.plan.edits
            and not (self.state is not None and self.state.knows_fixes(item.page.pageid))
        ]
        lookup = PageOutcome(title=f"the histories of {len(editing)} page(s)")
        bases: dict[int, list[str]] = {}
        with self._failures(lookup):
            bases = bot_edit_bases(
                self.wiki.site, [item.page for item in editing], self._username, self.contributors.edited
            )
        for item in editing:
            if lookup.status is PageStatus.FAILED:  # what was undone is unknown: no edit
                item.plan, item.outcome.status = None, PageStatus.FAILED
                item.outcome.reason = f"its history could not be read: {lookup.reason}"
                continue
            page_id, namespace = item.page.pageid, item.page.namespace().id
            made = {
                fingerprint
                for text in bases.get(page_id, [])
                for fingerprint in fix_text(text, self.rules, namespace, site=self.site_data).fingerprints
            }
            if made:
                log.info(
                    "%s: the history shows %d fix(es) the bot made before", item.outcome.title, len(made)
                )
                self.made_before[page_id] = made
                if self.state is not None:
                    self.state.remember_fixes(page_id, made)
                with self._failures(item.outcome):
                    item.plan = self._plan(item.page)

    def carry_out(self, item: Prepared) -> PageOutcome:
        """Edit and report as the page's plan says. ShutoffEngaged propagates."""
        if item.plan is None:
            return item.outcome
        outcome = item.outcome
        with self._failures(outcome):
            plan = item.plan
            if plan.blocked:
                log.info("%s: unbalanced braces; no edit, report only", outcome.title)
            if plan.edits:
                plan = self._save_fixes(item.page, plan, outcome)
            elif plan.cosmetic_only:
                log.info("%s: only cosmetic fixes; not saved", outcome.title)
            if outcome.status is not PageStatus.FAILED and self._reports(outcome.title, plan):
                self._report(item.page, plan, outcome, item.talk or item.page.toggleTalkPage())
            self._remember(outcome, plan)
        return outcome

    def _reports(self, title: str, plan: Plan) -> bool:
        """Whether the talk page must be read: a report to make, or one of ours to update."""
        return bool(plan.report) or (self.state is not None and self.state.open_report(title))

    def _skip(self, outcome: PageOutcome, reason: str) -> None:
        outcome.status, outcome.reason = PageStatus.SKIPPED, reason
        log.info("%s: skipped: %s", outcome.title, reason)

    def _may_edit(self, page: pywikibot.Page) -> bool:
        """Unprotected pages cost nothing to judge: batch loading brought their protection along."""
        level = page.protection().get("edit", ("", ""))[0]
        return level in ("", "autoconfirmed") or self.writer.may_edit_protected(page)

    def _admitted(self, page: pywikibot.Page, outcome: PageOutcome) -> bool:
        """The guards before any check: what the bot must leave alone is skipped, with why."""
        if not page.exists():
            self._skip(outcome, "page does not exist")
        elif page.isRedirectPage():
            self._skip(outcome, "redirect")
        elif page.namespace().id not in self.settings.run.namespaces:
            self._skip(outcome, f"namespace {page.namespace().id} is not configured")
        elif not bot_may_edit(page.text, self._username):
            self._skip(outcome, "{{bots}}/{{nobots}} excludes this bot")
        elif not self._may_edit(page):
            self._skip(outcome, "protected: the bot may not edit it")
        else:
            return True
        return False

    def _save_fixes(self, page: pywikibot.Page, plan: Plan, outcome: PageOutcome) -> Plan:
        wording, run = self.settings.wording, self.settings.run
        summary = ""

        def compose(current: pywikibot.Page) -> Change | None:
            nonlocal plan, summary
            if current is not page:  # read again after an edit conflict: plan from the human's text
                log.info("%s: edit conflict; re-reading and re-checking", outcome.title)
                outcome.revision = current.latest_revision_id
                plan = self._plan_now(current)
            if not plan.edits:
                return None
            outcome.fixed = dict(plan.fixed_counts())
            summary = edit_summary(plan, wording.summary_prefix, run.task_page, self.run_id, self.asker)
            return Change(plan.new_text, summary, minor=True, create=False)

        saved = self.writer.write(page, compose, Kind.EDIT)
        outcome.conflicts += saved.conflicts
        if saved.status is SaveStatus.NOTHING:
            outcome.status = PageStatus.UNCHANGED
        elif saved.status is SaveStatus.REFUSED:
            self._skip(outcome, saved.reason)
        elif saved.status is SaveStatus.CONFLICTED:
            outcome.status, outcome.reason = PageStatus.FAILED, f"{saved.reason}; left for a human"
        else:
            outcome.status, outcome.diff, outcome.summary = PageStatus.EDITED, saved.preview, summary
        if saved.status is SaveStatus.SAVED:
            outcome.new_revision = saved.page.latest_revision_id
            if self.state is not None:
                self.state.record_edit(
                    self.run_id,
                    outcome.title,
                    page.pageid,
                    outcome.revision,
                    outcome.new_revision,
                    outcome.fixed,
                    plan.fingerprints,
                )
            log.info("%s: %s", outcome.title, summary)
        return plan

    def _report(self, page: pywikibot.Page, plan: Plan, outcome: PageOutcome, talk: pywikibot.Page) -> None:
        wording = self.settings.wording
        target, why_not = _talk_page_for(page, talk)
        if target is None:
            outcome.report_status, outcome.report_reason = ReportStatus.SKIPPED, why_not
            log.info("%s: report skipped: %s", outcome.title, why_not)
            return
        talk = target
        outcome.talk_title = talk.title()
        outcome.reported = len(plan.report)
        revision = outcome.new_revision or outcome.revision
        if plan.report:
            report = render_report(
                page.title(),
                revision,
                plan.new_text,
                plan.report,
                wording.talk_intro,
                wording.talk_heading,
                self.settings.run.task_page,
            )
            summary = (
                f"{wording.summary_prefix} {len(plan.report)} short-footnote/image problem(s)"
                " need a human decision"
            )
        else:
            report = resolved_report(page.title(), revision, wording.talk_heading)
            summary = f"{wording.summary_prefix} the problems reported here are gone"
        summary = accountable(summary, self.settings.run.task_page, self.run_id, self.asker)
        verb = ReportStatus.RESOLVED

        def compose(current: pywikibot.Page) -> Change | Decline | None:
            nonlocal verb
            exists = current.exists()
            if exists and not bot_may_edit(current.text, self._username):
                return Decline("{{bots}}/{{nobots}} on the talk page")
            text = current.text if exists else ""
            updated = upsert(text, report)
            if updated is None:
                return None
            if plan.report:
                verb = ReportStatus.UPDATED if wording.talk_heading in text else ReportStatus.POSTED
            return Change(updated, summary)

        saved = self.writer.write(talk, compose, Kind.REPORT)
        outcome.conflicts += saved.conflicts
        outcome.report_reason = saved.reason
        if saved.status is SaveStatus.NOTHING:
            outcome.report_status = ReportStatus.UNCHANGED if plan.report else ReportStatus.NONE
        elif saved.status is SaveStatus.REFUSED:
            outcome.report_status = ReportStatus.SKIPPED
        elif saved.status is SaveStatus.CONFLICTED:
            outcome.report_status = ReportStatus.FAILED
        elif saved.status is SaveStatus.PLANNED:
            outcome.report_status, outcome.talk_text = ReportStatus.PLANNED, saved.preview
        else:
            outcome.report_status = verb
            if self.state is not None:
                self.state.record_report(
                    self.run_id, outcome.title, outcome.talk_title, verb, len(plan.report)
                )
