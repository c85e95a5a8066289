"""The one way the bot writes to a wiki: edits, talk reports and request replies alike.

A writer is handed the page and a ``compose`` function that turns the page as it stands into the
change to make. The live writer checks the shutoff page before every save, and on an edit
conflict reads the page again and composes again from the human's text, so a human's edit is
never overwritten. The dry-run writer composes once and shows the change instead of saving it:
a dry run takes the same path as a live one up to the save itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import pywikibot
from pywikibot import exceptions as pwb_errors

from bot.config import Settings
from bot.output.diff import unified_diff
from bot.wiki.batch import load
from bot.wiki.errors import EditingRefused, ShutoffEngaged, WikiReadOnly, WikiUnreachable
from bot.wiki.site import Wiki, block_reason, preflight

MAX_CONFLICT_RETRIES = 3


@dataclass(frozen=True, slots=True)
class Change:
    """The new text of a page and how to save it."""

    text: str
    summary: str
    minor: bool = False
    create: bool = True  # False: never create the page (it must still exist when saved)


@dataclass(frozen=True, slots=True)
class Decline:
    """The page as it stands forbids the change (e.g. {{nobots}} on a talk page)."""

    reason: str


Compose = Callable[[pywikibot.Page], Change | Decline | None]  # None: nothing to change


class Kind(Enum):
    EDIT = "edit"  # a fix of the page itself: dry runs show a diff
    REPORT = "report"  # dry runs show the whole new text
    REPLY = "reply"


class SaveStatus(Enum):
    SAVED = "saved"
    PLANNED = "planned"  # dry run
    NOTHING = "nothing to change"
    REFUSED = "refused"
    CONFLICTED = "conflicts kept recurring"


@dataclass(frozen=True, slots=True)
class Saved:
    status: SaveStatus
    page: pywikibot.Page  # as last read (after a save: with its new revision)
    conflicts: int = 0
    reason: str = ""
    preview: str = ""  # dry run: the diff of an edit, or the new text of a report


class Writer(Protocol):
    def check_shutoff(self) -> None: ...

    def may_edit_protected(self, page: pywikibot.Page) -> bool: ...

    def write(self, page: pywikibot.Page, compose: Compose, kind: Kind) -> Saved: ...


def ensure_not_shut_off(site: pywikibot.site.APISite, settings: Settings) -> None:
    """Read the shutoff page afresh; anything but the configured 'run' value stops all edits."""
    run = settings.run
    if not run.shutoff_page:
        return
    page = pywikibot.Page(site, run.shutoff_page)
    load(site, [page], content=True)  # one request for existence and text
    content = page.text.strip() if page.exists() else ""
    if content != run.shutoff_run_value:
        raise ShutoffEngaged(
            f"[[{run.shutoff_page}]] says {content[:60]!r}, not {run.shutoff_run_value!r}: no edits"
        )


def _how_to_save(page: pywikibot.Page, change: Change) -> dict[str, object]:
    """The new text and the edit's mode. An existing page is saved against the revision it was
    read at. A page that did not exist when read has no revision: pywikibot would spend two
    requests looking for one, so the text is appended to nothing instead, ``createonly``: a page
    someone created meanwhile is then an edit conflict, never overwritten."""
    if page.exists():
        # The base revision goes by id and never by timestamp (pywikibot's default): with
        # one-second timestamps MediaWiki takes a human edit saved in the same second as the
        # base for an edit conflict with the bot itself and overwrites it unseen. basetimestamp
        # None keeps pywikibot from adding one and is left out of the request (an empty one
        # draws a deprecation warning from MediaWiki on every save).
        based = {"text": change.text, "baserevid": page.latest_revision_id, "basetimestamp": None}
        return based if change.create else {**based, "nocreate": True}
    if not change.create:
        return {"text": change.text, "nocreate": True}
    return {"appendtext": change.text, "createonly": True}


class WikiWriter:
    """Saves to the wiki: bot edits, synchronous so failures surface here, never cosmetic changes."""

    def __init__(
        self,
        wiki: Wiki,
        settings: Settings,
        before_save: Callable[[pywikibot.Page], None] | None = None,
    ) -> None:
        self.wiki = wiki
        self.settings = settings
        self.before_save = before_save  # tests use it to act between the bot's read and its save

    def check_shutoff(self) -> None:
        ensure_not_shut_off(self.wiki.site, self.settings)

    def _stop_if_refused_for_all(self) -> None:
        """After a refused save, ask the wiki why: a block or a read-only wiki refuses every later
        edit too, so the run stops with its exit code (pywikibot's errors do not say which it was)."""
        preflight(self.settings.wiki.api_url, mid_run=True)  # raises when the wiki is read-only or gone
        blocked = block_reason(self.wiki.site)
        if blocked:
            raise EditingRefused(f"the account was blocked during the run ({blocked}); stopped")

    def may_edit_protected(self, page: pywikibot.Page) -> bool:
        return bool(page.has_permission("edit"))

    def _refused(self, page: pywikibot.Page, conflicts: int, error: pwb_errors.Error) -> Saved:
        self._stop_if_refused_for_all()
        return Saved(SaveStatus.REFUSED, page, conflicts, f"save refused: {error}")

    def write(self, page: pywikibot.Page, compose: Compose, kind: Kind) -> Saved:  # noqa: ARG002 (Writer: only the dry run shows the kind)
        conflicts = 0
        for _attempt in range(MAX_CONFLICT_RETRIES + 1):
            change = compose(page)
            if change is None:
                return Saved(SaveStatus.NOTHING, page, conflicts)
            if isinstance(change, Decline):
                return Saved(SaveStatus.REFUSED, page, conflicts, change.reason)
            self.check_shutoff()
            if self.before_save is not None:
                self.before_save(page)
            try:
                # Straight to editpage with the text: setting page.text or Page.save would re-read
                # the page's templates for {{bots}} (compose has judged the text), and after
                # creating a page, its info.
                saved = self.wiki.site.editpage(
                    page, summary=change.summary, minor=change.minor, bot=True, **_how_to_save(page, change)
                )
            except pwb_errors.EditConflictError:
                conflicts += 1
                page = self.wiki.page(page.title())
                continue
            except (pwb_errors.LockedPageError, pwb_errors.OtherPageSaveError) as error:
                return self._refused(page, conflicts, error)
            except pwb_errors.PageSaveRelatedError:
                raise  # the page's own trouble: it fails alone
            except (pwb_errors.ServerError, pwb_errors.ApiTimeoutError):
                # pywikibot has retried with backoff. A read-only wiki or a block says so with its
                # own exit code; otherwise a wiki that still cannot save stops the run (a rerun
                # finishes it) rather than failing every page in turn.
                try:
                    self._stop_if_refused_for_all()
                except WikiReadOnly:
                    raise
                except WikiUnreachable:
                    pass  # gone: pywikibot's own error stops the run
                raise
            except pwb_errors.Error as error:  # Page.save would call it OtherPageSaveError: a block...
                return self._refused(page, conflicts, error)
            if not saved:
                raise pwb_errors.PageSaveRelatedError(page)
            return Saved(SaveStatus.SAVED, page, conflicts)
        return Saved(SaveStatus.CONFLICTED, page, conflicts, "edit conflicts kept recurring")


class DryRunWriter:
    """Writes nothing: shows each change (an edit as a diff, a report in full) and hands it back."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.echo = echo

    def check_shutoff(self) -> None:
        """A dry run writes nothing, so the shutoff page has nothing to stop."""

    def may_edit_protected(self, page: pywikibot.Page) -> bool:  # noqa: ARG002 (Writer's signature)
        return False  # not logged in: judge as the bot would be judged without special rights

    def write(self, page: pywikibot.Page, compose: Compose, kind: Kind) -> Saved:
        change = compose(page)
        if change is None:
            return Saved(SaveStatus.NOTHING, page)
        if isinstance(change, Decline):
            return Saved(SaveStatus.REFUSED, page, reason=change.reason)
        title = page.title()
        if kind is Kind.EDIT:
            preview = unified_diff(page.text, change.text, title)
            self.echo(preview.rstrip("\n"))
        else:
            preview = change.text
            self.echo(f"=== planned report on [[{title}]] ===\n{preview.rstrip()}")
        return Saved(SaveStatus.PLANNED, page, preview=preview)
