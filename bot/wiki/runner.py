"""One run of the bot on a wiki: connect, read the selected pages in batches, edit and report."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pywikibot
from tqdm import tqdm

from bot.config import Settings, credentials
from bot.exit_codes import ExitCode
from bot.output.review import ReviewItem, review_page
from bot.planning import Asker
from bot.rules.registry import select
from bot.state import State
from bot.wiki.editor import Editor, Prepared
from bot.wiki.errors import ShutoffEngaged, WikiStoppedAnswering
from bot.wiki.outcomes import PageOutcome, PageStatus, ReportStatus, Stop, StopReason
from bot.wiki.render import rendered_reports
from bot.wiki.saving import DryRunWriter, WikiWriter, Writer
from bot.wiki.site import Wiki, connect
from bot.wiki.site_data import read_site_data
from bot.wiki.sources import Selection, to_read

REPORTED = (ReportStatus.POSTED, ReportStatus.UPDATED, ReportStatus.PLANNED)
STOP_EXIT_CODES = {StopReason.SHUTOFF: ExitCode.SHUTOFF, StopReason.WIKI_DOWN: ExitCode.WIKI_UNREACHABLE}


@dataclass(slots=True)
class RunSummary:
    dry_run: bool
    outcomes: list[PageOutcome] = field(default_factory=list)
    unchanged_skipped: int = 0  # pages whose revision was already checked: not fetched, not parsed
    parsed: int = 0
    stopped: Stop | None = None  # why the run ended early (shutoff page, wiki down, signal)
    run_id: int | None = None

    @property
    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter(o.status for o in self.outcomes)
        counts["read"] = len(self.outcomes)
        counts["reported"] = sum(1 for o in self.outcomes if o.report_status in REPORTED)
        counts["resolved"] = sum(1 for o in self.outcomes if o.report_status is ReportStatus.RESOLVED)
        counts["already_checked"] = self.unchanged_skipped
        counts["fetched"] = len(self.outcomes)
        counts["parsed"] = self.parsed
        return counts

    def text(self) -> str:
        counts = self.counts
        verb = "would edit" if self.dry_run else "edited"
        lines = [
            f"pages read: {counts['read']}, {verb}: {counts['edited']}, talk reports"
            f" {'planned' if self.dry_run else 'posted or updated'}: {counts['reported']},"
            f" resolved: {counts['resolved']}, unchanged: {counts['unchanged']},"
            f" skipped: {counts['skipped']}, failed: {counts['failed']},"
            f" already checked (not fetched): {counts['already_checked']}"
        ]
        if self.stopped:
            lines.append(f"  stopped early: {self.stopped}")
        for outcome in self.outcomes:
            if outcome.status in (PageStatus.SKIPPED, PageStatus.FAILED):
                lines.append(f"  {outcome.status}: {outcome.title}: {outcome.reason}")
            elif outcome.status is PageStatus.EDITED:
                fixed = ", ".join(f"{code}×{n}" for code, n in sorted(outcome.fixed.items()))
                rev = f" (revision {outcome.new_revision})" if outcome.new_revision else ""
                lines.append(f"  {verb}: {outcome.title}{rev}: {fixed}")
            if outcome.report_status not in (ReportStatus.NONE, ReportStatus.UNCHANGED):
                why = f": {outcome.report_reason}" if outcome.report_reason else ""
                lines.append(
                    f"  talk: {outcome.talk_title}: {outcome.report_status}{why}"
                    f" ({outcome.reported} problem(s))"
                )
        return "\n".join(lines)

    @property
    def exit_code(self) -> ExitCode:
        if self.stopped is not None and self.stopped.reason in STOP_EXIT_CODES:
            return STOP_EXIT_CODES[self.stopped.reason]
        failed = any(o.status is PageStatus.FAILED for o in self.outcomes)
        return ExitCode.FINDINGS if failed else ExitCode.OK


def _progress(items: Iterable[Prepared]) -> Iterable[Prepared]:
    if not sys.stderr.isatty():
        return items
    return tqdm(items, unit="page", file=sys.stderr, leave=False)  # type: ignore[no-any-return]


def run_bot(
    settings: Settings,
    selection: Selection,
    *,
    dry_run: bool,
    out_dir: Path | None = None,
    before_save: Callable[[pywikibot.Page], None] | None = None,
    echo: Callable[[str], None] = print,
    origin: str = "cli",
    asker: Asker | None = None,
    full: bool = False,
    should_stop: Callable[[], bool] | None = None,
    wiki: Wiki | None = None,
) -> RunSummary:
    """Check the selected pages; edit and report unless ``dry_run``.

    Incremental unless ``full``: a page whose latest revision was already checked with the same
    rule set is not fetched. ``should_stop`` is asked between pages (SIGTERM in the daemon).
    ``wiki``: the wiki already connected as this run would connect (a request run's, logged in).
    """
    if wiki is None:
        wiki = connect(settings, None if dry_run else credentials(settings))
    rules = select(list(settings.run.select), list(settings.run.ignore), with_wiki=True)
    state = State(settings.run.state_dir / "state.sqlite")
    site_data = read_site_data(wiki.site, state)
    summary = RunSummary(dry_run=dry_run)
    summary.run_id = None if dry_run else state.start_run(origin, dry_run)
    writer: Writer = DryRunWriter(echo) if dry_run else WikiWriter(wiki, settings, before_save)
    editor = Editor(
        wiki,
        rules,
        settings,
        writer,
        state=None if dry_run else state,
        run_id=summary.run_id,
        asker=asker,
        site_data=site_data,
    )
    ruleset = editor.ruleset

    def already_checked(page: pywikibot.Page) -> bool:
        if state.already_checked(page.title(), page.latest_revision_id, ruleset):
            summary.unchanged_skipped += 1
            return True
        return False

    error: str | None = None
    try:
        writer.check_shutoff()
        chosen = to_read(wiki, selection, None if full else already_checked, state.known)
        for item in _progress(editor.prepare(chosen)):
            if should_stop is not None and should_stop():
                summary.stopped = Stop(StopReason.ASKED)
                break
            summary.outcomes.append(editor.carry_out(item))
    except ShutoffEngaged as stop:
        summary.stopped = Stop(StopReason.SHUTOFF, str(stop))
    except WikiStoppedAnswering as lost:
        summary.stopped = Stop(StopReason.WIKI_DOWN, f"{lost}; run again to finish (nothing is done twice)")
    except Exception as failure:
        error = f"{type(failure).__name__}: {failure}"
        raise
    finally:
        summary.parsed = editor.parsed
        if summary.run_id is not None:
            stopped = str(summary.stopped) if summary.stopped else None
            state.end_run(summary.run_id, dict(summary.counts), error or stopped)
        state.close()
    if out_dir is not None:
        planned = ((o.talk_title, o.talk_text) for o in summary.outcomes if o.talk_text)
        # Rendered only for the review page, one request per report (bot/wiki/render.py).
        answering = summary.stopped is None or summary.stopped.reason is not StopReason.WIKI_DOWN
        rendered = (
            rendered_reports(wiki.site, settings.wiki.api_url, planned) if dry_run and answering else {}
        )
        write_out(out_dir, summary, rendered)
    return summary


def _file_name(title: str) -> str:
    return re.sub(r"[^\w.-]+", "_", title).strip("_") or "page"


def write_out(out_dir: Path, summary: RunSummary, rendered: dict[str, str]) -> None:
    """Planned edits as .diff files, planned reports as .talk.wiki files, and summary.json; for a
    dry run, the review page, with the reports the wiki ``rendered`` (HTML by talk title)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for outcome in summary.outcomes:
        name = _file_name(outcome.title)
        if outcome.diff:
            (out_dir / f"{name}.diff").write_text(outcome.diff, encoding="utf-8")
        if outcome.talk_text:
            (out_dir / f"{name}.talk.wiki").write_text(outcome.talk_text, encoding="utf-8")
    records = [
        {k: v for k, v in asdict(o).items() if k not in ("diff", "talk_text")} for o in summary.outcomes
    ]
    data = {"dry_run": summary.dry_run, "counts": dict(summary.counts), "pages": records}
    (out_dir / "summary.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    if summary.dry_run:  # the review page says that nothing was written
        items = (_review_item(outcome, rendered.get(outcome.talk_title, "")) for outcome in summary.outcomes)
        page = review_page(items, "maintbot dry run")
        (out_dir / "index.html").write_text(page, encoding="utf-8")


def _review_item(outcome: PageOutcome, talk_html: str) -> ReviewItem:
    """A page as the review page shows it; a page skipped or failed says why instead of a diff."""
    held = outcome.status in (PageStatus.SKIPPED, PageStatus.FAILED)
    note = f"{outcome.status}: {outcome.reason}" if held else ""
    return ReviewItem(
        outcome.title, outcome.diff, outcome.summary, outcome.talk_title, outcome.talk_text, note, talk_html
    )
