"""What a rule is: a code, a severity, a fix policy, and a finder that yields findings."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from bot.document import Document
from bot.wikitext.spans import Param, TemplateCall


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
    code: str
    severity: Severity
    message: str
    start: int
    end: int
    template: str | None = None
    edits: tuple[Edit, ...] = ()
    anchor: str | None = None
    suggestion: str | None = None
    hints: tuple[str, ...] = ()
    blocks_edits: bool = False
    cosmetic: bool = False  # the fix changes no rendered output (WP:COSMETICBOT)

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


class Rule:
    """Base class: a subclass's docstring is its one-line title, its module's its documentation."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    policy: ClassVar[FixPolicy]
    summary: ClassVar[tuple[str, str]]  # (one, many) for edit summaries: "mojibake page range"
    needs_wiki: ClassVar[bool] = False
    cosmetic: ClassVar[bool] = False
    blocks_edits: ClassVar[bool] = False

    def check(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def title(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else cls.__name__

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
            code=self.code,
            severity=self.severity,
            message=message,
            start=place.start,
            end=place.end,
            template=place.template,
            edits=tuple(edits),
            anchor=anchor,
            suggestion=suggestion,
            hints=hints,
            blocks_edits=self.blocks_edits,
            cosmetic=self.cosmetic if cosmetic is None else cosmetic,
        )


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
