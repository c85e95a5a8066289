"""What a rule is: a code, a severity, a fix policy, and a finder that yields findings.

A rule subclasses the base of what it reads: ``FootnoteRule`` receives each short footnote of
its families, ``ImageRule`` each {{multiple image}} call, ``PageRule`` the whole page. The bases
own the loops and the namespace exemption, so a rule module is its docstring plus its check.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from typing import ClassVar

from bot.document import TEMPLATE_NAMESPACE, Document, Footnote
from bot.wikitext.footnotes import sources
from bot.wikitext.names import Family, template_names
from bot.wikitext.spans import Param, TemplateCall, scan


class Severity(Enum):
    """Spec §9: E1 the template shows an error, E2 silent breakage, W style, I info."""

    E1 = "E1"
    E2 = "E2"
    W = "W"
    I = "I"  # noqa: E741


class FixPolicy(Enum):
    AUTO = "safe fix"
    GUARDED = "safe fix when guarded"
    REPORT = "report"
    NONE = "info"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``: the only way a fix touches a page."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. It carries its rule, so that planning and the sinks read the
    code, severity, policy and wording from it and never look the code up again.

    Made by the hundred thousand in dump scans: slots, and the rule's fields are read through
    the rule rather than copied. A rule class pickles by name, so findings cross processes.
    """

    rule: type[Rule]
    message: str
    start: int
    end: int
    template: str | None = None
    edits: tuple[Edit, ...] = ()
    anchor: str | None = None
    suggestion: str | None = None
    hints: tuple[str, ...] = ()
    cosmetic: bool = False  # the fix changes no rendered output (WP:COSMETICBOT)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def policy(self) -> FixPolicy:
        return self.rule.policy

    @property
    def blocks_edits(self) -> bool:
        return self.rule.blocks_edits

    @property
    def fixable(self) -> bool:
        return bool(self.edits)


@dataclass(frozen=True, slots=True)
class Where:
    """The template (or prose span) a finding is about."""

    start: int
    end: int
    template: str | None

    @classmethod
    def of(cls, call: TemplateCall) -> Where:
        return cls(call.start, call.end, call.name)


def code_order(code: str) -> tuple[int, str, int, str]:
    """Rules in the order of the catalogue: family (SFN, SFNM, MI, GEN), number, suffix."""
    match = re.match(r"^([A-Z]+)-(\d+)(\w*)$", code)
    assert match, code
    family, number, suffix = match.groups()
    order = ["SFN", "SFNM", "MI", "GEN"].index(family)
    return order, family, int(number), suffix


class Rule:
    """Base class: a subclass's docstring is its one-line title, its module's its documentation."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    policy: ClassVar[FixPolicy]
    summary: ClassVar[tuple[str, str]]  # (one, many) for edit summaries: "mojibake page range"
    families: ClassVar[frozenset[Family]] = frozenset()  # the templates the rule reads
    needs_wiki: ClassVar[bool] = False
    cosmetic: ClassVar[bool] = False
    blocks_edits: ClassVar[bool] = False

    def check(self, doc: Document) -> Iterator[Finding]:
        # Empty here so that the family bases can chain through super() (GEN-02 reads both).
        return iter(())

    def footnotes(self, doc: Document) -> tuple[Footnote, ...]:
        """The footnotes of this rule's families that the module checks: none in the Template
        namespace (spec SFN-20)."""
        if doc.namespace == TEMPLATE_NAMESPACE:
            return ()
        return doc.footnotes_of(self.families)

    @classmethod
    def title(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else cls.__name__

    @classmethod
    def covers(cls) -> str:
        """The templates the rule reads, for ``maintbot rules CODE``."""
        if not cls.families:
            return "the whole page"
        families = sorted(cls.families, key=list(Family).index)  # in the order Family lists them
        return ", ".join(f"{{{{{name}}}}}" for family in families for name in template_names(family))

    @classmethod
    def documentation(cls) -> str:
        """The rule module's docstring: what, why, example, repair, fix safety, source."""
        module = sys.modules[cls.__module__]
        return inspect.cleandoc(module.__doc__ or "") or cls.title()

    def found(
        self,
        where: Where | TemplateCall,
        message: str,
        *,
        edits: tuple[Edit, ...] | list[Edit] = (),
        anchor: str | None = None,
        suggestion: str | None = None,
        hints: tuple[str, ...] = (),
        cosmetic: bool | None = None,
    ) -> Finding:
        place = Where.of(where) if isinstance(where, TemplateCall) else where
        if self.policy in (FixPolicy.REPORT, FixPolicy.NONE):
            edits = ()
        return Finding(
            rule=type(self),
            message=message,
            start=place.start,
            end=place.end,
            template=place.template,
            edits=tuple(edits),
            anchor=anchor,
            suggestion=suggestion,
            hints=hints,
            cosmetic=self.cosmetic if cosmetic is None else cosmetic,
        )


class PageRule(Rule):
    """A rule that reads the whole page (prose, the scan, or several footnotes at once)."""

    def check(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError


class FootnoteRule(Rule):
    """A rule that checks one short footnote at a time, of the families it declares.

    Every fix it proposes passes the module's own test first: a fix that changes where the
    footnote links must leave it linking to exactly one citation, or it is reported instead
    (``1998-99`` -> ``1998–99`` is no repair where the citation reads as 1998)."""

    def check(self, doc: Document) -> Iterator[Finding]:
        for footnote in self.footnotes(doc):
            for finding in self.check_footnote(footnote, doc):
                yield finding if links_after(finding, footnote, doc) else replace(finding, edits=())
        yield from super().check(doc)

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError


class ImageRule(Rule):
    """A rule that checks one {{multiple image}} call at a time."""

    families = frozenset({Family.MULTIPLE_IMAGE})

    def check(self, doc: Document) -> Iterator[Finding]:
        for call in doc.images:
            yield from self.check_call(call, doc)
        yield from super().check(doc)

    def check_call(self, call: TemplateCall, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError


def links_after(finding: Finding, footnote: Footnote, doc: Document) -> bool:
    """Whether the footnote, with the finding's edits applied, still links where the module would
    let it: every anchor the edits change must name exactly one target (or be excused by the
    page's or the wiki's whitelist, or by ``ignore-err=yes``)."""
    call = footnote.call
    if not finding.edits or any(e.start < call.start or e.end > call.end for e in finding.edits):
        return True
    text = doc.text[call.start : call.end]
    for edit in sorted(finding.edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start - call.start] + edit.replacement + text[edit.end - call.start :]
    fixed = next((c for c in scan(text, doc.site).calls if c.start == 0 and c.family is call.family), None)
    if fixed is None:
        return False
    before = {source.anchor for source in footnote.sources}
    targets = doc.targets
    for source in sources(fixed):
        anchor = source.anchor
        if anchor is None or anchor in before or source.suppressed:
            continue
        if targets.anchors.get(anchor, 0) != 1 and not (
            targets.anchors.get(anchor, 0) == 0 and targets.whitelisted(anchor, source.year)
        ):
            return False
    return True


def replace_value(param: Param, new_value: str) -> Edit:
    """Replace a value's trimmed core, leaving its surrounding whitespace as written."""
    start, end = param.value_core
    return Edit(start, end, new_value)


def rename(param: Param, new_key: str) -> Edit:
    """Rename a named parameter, keeping the whitespace around its name."""
    raw = param.raw_name
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return Edit(param.name_start + lead, param.name_end - trail, new_key)


def remove(param: Param) -> Edit:
    """Delete a parameter together with the ``|`` before it."""
    return Edit(param.start - 1, param.end, "")
