"""Undo a run: revert its edits that are still the latest revision of their page, and withdraw
its talk reports, keeping every human word.

An edit a human has built on since is left alone and listed: reverting it would undo their work
too. Every save goes through the one writer, so the shutoff page stops an undo as it stops a run,
and ``{{bots}}``/``{{nobots}}`` are honoured on every page. The undo is a run of its own, so its
edits carry their own run id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pywikibot

from bot.config import Settings, credentials
from bot.output.talk import find_block, upsert, withdrawn_report
from bot.planning import accountable
from bot.state import EditRecord, ReportRecord, State
from bot.wiki.errors import WikiError
from bot.wiki.saving import Change, Compose, Decline, DryRunWriter, Kind, SaveStatus, WikiWriter, Writer
from bot.wiki.site import Wiki, connect
from bot.wikitext.exclusion import bot_may_edit


class UnknownRun(Exception):
    """The state database has no such run."""


@dataclass(slots=True)
class UndoSummary:
    run_id: int
    undo_run_id: int | None  # None on a dry run
    reverted: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (title, why)

    def text(self) -> str:
        done = "reverted" if self.undo_run_id is not None else "would revert"
        marked = "withdrawn" if self.undo_run_id is not None else "would withdraw"
        lines = [
            f"undo of run {self.run_id}"
            + (f" (run {self.undo_run_id})" if self.undo_run_id is not None else " (dry run: --yes to act)")
            + f": {len(self.reverted)} edit(s) {done}, {len(self.withdrawn)} report(s) {marked},"
            f" {len(self.skipped)} skipped"
        ]
        lines += [f"  {done}: {title}" for title in self.reverted]
        lines += [f"  {marked}: {title}" for title in self.withdrawn]
        lines += [f"  skipped: {title}: {why}" for title, why in self.skipped]
        return "\n".join(lines)


class _Undo:
    def __init__(
        self, settings: Settings, wiki: Wiki, state: State, writer: Writer, summary: UndoSummary
    ) -> None:
        self.settings = settings
        self.wiki = wiki
        self.state = state
        self.writer = writer
        self.summary = summary
        self.username = wiki.site.username() or settings.wiki.user

    def _summary(self, what: str) -> str:
        text = f"{self.settings.wording.summary_prefix} {what}"
        return accountable(text, self.settings.run.task_page, self.summary.undo_run_id)

    def _save(self, page: pywikibot.Page, compose: Compose, kind: Kind) -> pywikibot.Page | None:
        """The page as saved (or planned), or None when it was left alone (listed with why)."""
        saved = self.writer.write(page, compose, kind)
        if saved.status in (SaveStatus.SAVED, SaveStatus.PLANNED):
            return saved.page
        self.summary.skipped.append((page.title(), saved.reason or saved.status.value))
        return None

    def revert(self, edit: EditRecord) -> None:
        page = self.wiki.page(edit.title)
        if edit.old_revision is None or edit.new_revision is None:
            self.summary.skipped.append((edit.title, "the edit's revisions were not recorded"))
            return
        old, new = edit.old_revision, edit.new_revision

        def compose(current: pywikibot.Page) -> Change | Decline:
            latest = current.latest_revision
            if latest.revid != new:
                return Decline(f"edited since (revision {latest.revid} by {latest.user}); left as it is")
            if not bot_may_edit(current.text, self.username):
                return Decline("{{bots}}/{{nobots}} on the page")
            what = f"undo run {self.summary.run_id}: back to revision {old}"
            return Change(current.get_revision(old, content=True).text, self._summary(what), create=False)

        saved = self._save(page, compose, Kind.EDIT)
        if saved is not None:
            self.summary.reverted.append(edit.title)
            if self.summary.undo_run_id is not None:  # the revision the writer saved, not the one read
                self.state.record_edit(
                    self.summary.undo_run_id, edit.title, saved.pageid, new, saved.latest_revision_id, {}, []
                )

    def withdraw(self, report: ReportRecord) -> None:
        if self.state.last_report_id(report.title) != report.id:
            self.summary.skipped.append((report.talk_title, "a later run has updated the report since"))
            return
        talk = self.wiki.page(report.talk_title)
        heading = self.settings.wording.talk_heading

        def compose(current: pywikibot.Page) -> Change | Decline | None:
            text = current.text if current.exists() else ""
            if not bot_may_edit(text, self.username):
                return Decline("{{bots}}/{{nobots}} on the talk page")
            if find_block(text, heading) is None:
                return Decline("the bot's report is no longer on the page")
            notice = withdrawn_report(
                self.summary.run_id, self.summary.undo_run_id, current.latest_revision_id, heading
            )
            updated = upsert(text, notice)
            return (
                None
                if updated is None
                else Change(updated, self._summary(f"withdrawn: run {self.summary.run_id} was undone"))
            )

        if self._save(talk, compose, Kind.REPORT) is not None:
            self.summary.withdrawn.append(report.talk_title)
            if self.summary.undo_run_id is not None:
                self.state.record_report(
                    self.summary.undo_run_id, report.title, report.talk_title, "withdrawn", 0
                )


def undo_run(
    settings: Settings, run_id: int, *, act: bool, echo: Callable[[str], None] = print
) -> UndoSummary:
    """Revert run ``run_id`` (``act``), or show what that would do."""
    state = State(settings.run.state_dir / "state.sqlite")
    try:
        if state.run(run_id) is None:
            raise UnknownRun(f"the state database knows no run {run_id}")
        wiki = connect(settings, credentials(settings) if act else None)
        writer: Writer = WikiWriter(wiki, settings) if act else DryRunWriter(echo)
        summary = UndoSummary(run_id, state.start_run(f"undo:{run_id}", dry_run=False) if act else None)
        undo = _Undo(settings, wiki, state, writer, summary)
        stopped: str | None = None
        try:
            for edit in reversed(state.run_edits(run_id)):
                undo.revert(edit)
            for report in state.run_reports(run_id):
                if report.status != "withdrawn":
                    undo.withdraw(report)
        except WikiError as error:  # the shutoff page, a block, a dead wiki: status must show it
            stopped = str(error)
            raise
        finally:
            if summary.undo_run_id is not None:
                counts = {"reverted": len(summary.reverted), "withdrawn": len(summary.withdrawn)}
                state.end_run(summary.undo_run_id, counts, stopped)
        return summary
    finally:
        state.close()
