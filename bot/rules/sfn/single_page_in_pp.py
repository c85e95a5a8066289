"""A single page is given as a page range (``pp``).

What it does: finds ``pp``/``pages`` (or sfnm ``Npp``) values that are one bare page number or
roman numeral.

Why is this bad? The footnote renders "pp. 12" for one page.

Example: ``{{sfn|Smith|2005|pp=12}}``

Use instead: ``{{sfn|Smith|2005|p=12}}``

Fix safety: renamed when ``p`` is empty. Values such as ``12f``, ``12ff`` or ``passim`` are left
alone: they are not single pages.

Source: spec §9.1 SFN-09.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, rename
from bot.wikitext.dashes import is_single_page
from bot.wikitext.names import Family


class SinglePageInPp(FootnoteRule):
    """A single page is given as a page range (``pp``)."""

    code = "SFN-09"
    severity = Severity.W
    policy = FixPolicy.GUARDED
    summary = ("single page given as pp", "single pages given as pp")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for source in footnote.sources:
            pp = source.pp
            if pp is None or not is_single_page(pp.value):
                continue
            if source.p is not None and source.p.value:
                continue  # SFN-07 reports both given
            target = {"pp": "p", "pages": "page"}.get(pp.key, pp.key[:-1])
            yield self.found(
                footnote.call,
                f"{source.label}: {pp.key}={pp.value!r} is a single page; use {target}=",
                edits=[rename(pp, target)] if source.p is None else [],
                suggestion=f"{target}={pp.value}",
            )
