"""The one safe editor: every edit and talk report the bot makes goes through here.

Its guards, in order: the page exists and is in a configured namespace; {{bots}}/{{nobots}} on
the page (and, for reports, on its talk page); protection; edit-blocking findings; no
cosmetic-only edit; pywikibot's throttle and maxlag; and edit conflicts, which make it re-read
the page and plan again from the human's text rather than overwrite it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pywikibot
import requests
from pywikibot import exceptions as pwb_errors

from bot.config import Settings
from bot.output.diff import unified_diff
from bot.output.talk import render_report, resolved_report, upsert
from bot.planning import Plan, edit_summary, plan_page
from bot.rules.base import Rule
from bot.rules.registry import ruleset_version
from bot.service.state import State
from bot.wiki.errors import ShutoffEngaged, WikiStoppedAnswering
from bot.wiki.site import Wiki
from bot.wikitext.exclusion import bot_may_edit
from bot.wikitext.limits import PageTooComplex
from bot.wikitext.sitedata import BUILTIN, SiteData

log = logging.getLogger("maintbot")

MAX_CONFLICT_RETRIES = 3


@dataclass(slots=True)
class PageOutcome:
    title: str
    revision: int | None = None
    status: str = "unchanged"  # edited, unchanged, skipped, failed
    reason: str = ""
    fixed: dict[str, int] = field(default_factory=dict)
    reported: int = 0
    report_status: str = ""  # posted, updated, resolved, unchanged, skipped
    new_revision: int | None = None
    diff: str = ""
    talk_title: str = ""
    talk_text: str = ""
    conflicts: int = 0


def ensure_not_shut_off(site: pywikibot.site.APISite, settings: Settings) -> None:
    """Read the shutoff page afresh; anything but the configured 'run' value stops all edits."""
    run = settings.run
    if not run.shutoff_page:
        return
    page = pywikibot.Page(site, run.shutoff_page)
    content = page.text.strip() if page.exists() else ""
    if content != run.shutoff_run_value:
        raise ShutoffEngaged(
            f"[[{run.shutoff_page}]] says {content[:60]!r}, not {run.shutoff_run_value!r}: no edits"
        )


def _save(page: pywikibot.Page, summary: str, *, minor: bool, **extra: bool) -> None:
    """A bot edit, synchronous so that failures surface here, never with cosmetic changes."""
    page.save(
        summary=summary,
        minor=minor,
        bot=True,
        apply_cosmetic_changes=False,
        asynchronous=False,
        quiet=True,
        **extra,
    )


class Editor:
    def __init__(
        self,
        wiki: Wiki,
        rules: list[Rule],
        settings: Settings,
        *,
        dry_run: bool,
        state: State | None = None,
        run_id: int | None = None,
        before_save: Callable[[pywikibot.Page], None] | None = None,
        site_data: SiteData = BUILTIN,
    ) -> None:
        self.wiki = wiki
        self.rules = rules
        self.settings = settings
        self.dry_run = dry_run
        self.state = state
        self.run_id = run_id
        self.site_data = site_data
        # Other wiki data, other verdicts: a page checked with older data is checked again.
        self.ruleset = f"{ruleset_version(rules)}+{site_data.version}"
        self.before_save = before_save
        self.parsed = 0
        self._username = wiki.site.username() or settings.wiki.user
        self._files: dict[str, bool] = {}

    def check_shutoff(self) -> None:
        if not self.dry_run:
            ensure_not_shut_off(self.wiki.site, self.settings)

    def file_exists(self, name: str) -> bool:
        """MI-05: does the file exist locally or in a shared repository (Commons)?"""
        if name not in self._files:
            try:
                page = pywikibot.FilePage(self.wiki.site, name)
                self._files[name] = page.exists() or page.file_is_shared()
            except (pwb_errors.Error, ValueError):
                self._files[name] = True  # unknown: never report what we could not check
        return self._files[name]

    def _plan(self, page: pywikibot.Page) -> Plan:
        self.parsed += 1
        title = page.title()
        state = self.state

        def allow(fingerprint: str) -> bool:
            return state is None or not state.was_applied(title, fingerprint)

        return plan_page(page.text, self.rules, page.namespace().id, self.file_exists, allow, self.site_data)

    def _remember(self, outcome: PageOutcome, plan: Plan) -> None:
        if self.state is None or self.dry_run or outcome.status == "failed":
            return
        revision = outcome.new_revision or outcome.revision
        if revision is not None and outcome.status != "skipped":
            self.state.page_checked(outcome.title, revision, self.ruleset, len(plan.report))

    def process(self, page: pywikibot.Page) -> PageOutcome:
        """Check one page, then edit and report as its plan says. ShutoffEngaged propagates."""
        outcome = PageOutcome(title=page.title())
        try:
            self._process(page, outcome)
        except PageTooComplex as error:
            self._skip(outcome, f"page too complex to check safely: {error}")
        except (pwb_errors.ApiTimeoutError, pwb_errors.ServerError, requests.ConnectionError) as error:
            # pywikibot has already retried with backoff: the wiki is down, so is the rest of the run.
            raise WikiStoppedAnswering(f"the wiki stopped answering at {outcome.title!r}: {error}") from None
        except pwb_errors.Error as error:
            outcome.status, outcome.reason = "failed", f"{type(error).__name__}: {error}"
            log.warning("%s: %s", outcome.title, outcome.reason)
        return outcome

    def _skip(self, outcome: PageOutcome, reason: str) -> None:
        outcome.status, outcome.reason = "skipped", reason
        log.info("%s: skipped: %s", outcome.title, reason)

    def _may_edit(self, page: pywikibot.Page) -> bool:
        """Unprotected pages cost nothing to judge: batch loading brought their protection along."""
        level = page.protection().get("edit", ("", ""))[0]
        if level in ("", "autoconfirmed"):
            return True
        # Protected: ask what this account may do (not logged in, judge as a bot account would).
        return False if self.dry_run else bool(page.has_permission("edit"))

    def _process(self, page: pywikibot.Page, outcome: PageOutcome) -> None:
        if not page.exists():
            return self._skip(outcome, "page does not exist")
        if page.isRedirectPage():
            return self._skip(outcome, "redirect")
        if page.namespace().id not in self.settings.run.namespaces:
            return self._skip(outcome, f"namespace {page.namespace().id} is not configured")
        if not bot_may_edit(page.text, self._username):
            return self._skip(outcome, "{{bots}}/{{nobots}} excludes this bot")
        if not self._may_edit(page):
            return self._skip(outcome, "protected: the bot may not edit it")
        outcome.revision = page.latest_revision_id
        plan = self._plan(page)
        if plan.blocked:
            log.info("%s: unbalanced braces; no edit, report only", outcome.title)
        if plan.edits:
            plan = self._save_fixes(page, plan, outcome)
        elif plan.cosmetic_only:
            log.info("%s: only cosmetic fixes; not saved", outcome.title)
        if outcome.status != "failed":
            self._report(page, plan, outcome)
        self._remember(outcome, plan)
        return None

    def _save_fixes(self, page: pywikibot.Page, plan: Plan, outcome: PageOutcome) -> Plan:
        run = self.settings.run
        for _attempt in range(MAX_CONFLICT_RETRIES + 1):
            summary = edit_summary(plan, self.settings.wording.summary_prefix, run.task_page)
            outcome.fixed = dict(plan.fixed_counts())
            if self.dry_run:
                outcome.diff = unified_diff(plan.text, plan.new_text, page.title())
                outcome.status = "edited"
                return plan
            self.check_shutoff()
            if self.before_save is not None:
                self.before_save(page)
            page.text = plan.new_text
            try:
                _save(page, summary, minor=True, nocreate=True)
            except pwb_errors.EditConflictError:
                outcome.conflicts += 1
                log.info("%s: edit conflict; re-reading and re-checking", outcome.title)
                page = self.wiki.page(page.title())
                outcome.revision = page.latest_revision_id
                plan = self._plan(page)
                if not plan.edits:
                    outcome.status = "unchanged"
                    return plan
                continue
            except (pwb_errors.LockedPageError, pwb_errors.OtherPageSaveError) as error:
                self._skip(outcome, f"save refused: {error}")
                return plan
            outcome.status = "edited"
            outcome.new_revision = page.latest_revision_id
            if self.state is not None:
                self.state.record_edit(
                    self.run_id,
                    outcome.title,
                    outcome.revision,
                    outcome.new_revision,
                    outcome.fixed,
                    plan.fingerprints,
                )
            log.info("%s: %s", outcome.title, summary)
            return plan
        outcome.status, outcome.reason = "failed", "edit conflicts kept recurring; left for a human"
        return plan

    def _report(self, page: pywikibot.Page, plan: Plan, outcome: PageOutcome) -> None:
        wording = self.settings.wording
        if not plan.report and (self.state is None or not self.state.open_report(outcome.title)):
            return  # nothing to say and nothing said before: the talk page need not be read
        talk = page.toggleTalkPage()
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
        else:
            report = resolved_report(page.title(), revision, wording.talk_heading)
        for _attempt in range(MAX_CONFLICT_RETRIES + 1):
            exists = talk.exists()
            if exists and not bot_may_edit(talk.text, self._username):
                outcome.report_status = "skipped: {{bots}}/{{nobots}} on the talk page"
                return
            current = talk.text if exists else ""
            updated = upsert(current, report)
            if updated is None:
                outcome.report_status = "unchanged" if plan.report else ""
                return
            if self.dry_run:
                outcome.talk_text = updated
                outcome.report_status = "planned"
                return
            self.check_shutoff()
            talk.text = updated
            verb = (
                "resolved"
                if not plan.report
                else ("updated" if wording.talk_heading in current else "posted")
            )
            summary = (
                f"{wording.summary_prefix} {len(plan.report)} short-footnote/image problem(s)"
                " need a human decision"
                if plan.report
                else f"{wording.summary_prefix} the problems reported here are gone"
            )
            try:
                _save(talk, summary, minor=False)
            except pwb_errors.EditConflictError:
                outcome.conflicts += 1
                talk = self.wiki.page(talk.title())
                continue
            except (pwb_errors.LockedPageError, pwb_errors.OtherPageSaveError) as error:
                outcome.report_status = f"skipped: {error}"
                return
            outcome.report_status = verb
            if self.state is not None:
                self.state.record_report(
                    self.run_id, outcome.title, outcome.talk_title, verb, len(plan.report)
                )
            return
        outcome.report_status = "failed: edit conflicts kept recurring"
