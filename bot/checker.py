"""Rules stage: run the selected rules over a Document and return findings in page order."""

from __future__ import annotations

from collections.abc import Callable

from bot.document import Document, parse
from bot.rules.base import Finding, Rule


def check_document(doc: Document, rules: list[Rule]) -> list[Finding]:
    findings = [finding for rule in rules for finding in rule.check(doc)]
    findings.sort(key=lambda f: (f.start, f.code))
    return findings


def check_text(
    text: str,
    rules: list[Rule],
    namespace: int = 0,
    *,
    reference: bool = False,
    file_exists: Callable[[str], bool] | None = None,
) -> list[Finding]:
    return check_document(parse(text, namespace, reference=reference, file_exists=file_exists), rules)
