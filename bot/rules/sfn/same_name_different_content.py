"""Two footnotes get the same ref name but render differently.

What it does: computes each footnote's ``<ref name="FOOTNOTE…">`` (names, year, p, pp and loc run
together) and what it renders, and reports footnotes that share the name but not the content.

Why is this bad? The Cite extension shows "name … defined multiple times with different content"
and files the page under its error category.

Example: ``{{sfn|A|2000|p=1|loc=2}}`` and ``{{sfn|A|2000|p=12}}``; ``p=12`` and ``pp=12``.

Use instead: make the two footnotes identical, or distinguish them (a page, a location).

Fix safety: report only.

Source: spec §1.1, §3, §9.1 SFN-14.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document
from bot.rules.base import Finding, FixPolicy, PageRule, Severity
from bot.wikitext.footnotes import footnote_content, footnote_name
from bot.wikitext.names import Family


class SameNameDifferentContent(PageRule):
    """Two footnotes get the same ref name but render differently."""

    code = "SFN-14"
    severity = Severity.E2
    policy = FixPolicy.REPORT
    summary = ("footnote name clash", "footnote name clashes")
    families = frozenset({Family.SFN, Family.SFNM})

    def check(self, doc: Document) -> Iterator[Finding]:
        first_seen: dict[str, tuple[object, str]] = {}
        for footnote in self.footnotes(doc):
            name = footnote_name(footnote.sources)
            content = footnote_content(footnote.call, footnote.sources)
            seen = first_seen.setdefault(name, (content, doc.text[footnote.call.start : footnote.call.end]))
            if seen[0] != content:
                yield self.found(
                    footnote.call,
                    f"ref name {name!r} is also used by {seen[1]!r}, which renders differently",
                )
