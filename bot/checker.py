"""Rules stage: run the selected rules over a Document and return findings in page order."""

from __future__ import annotations

from collections.abc import Callable

from bot.document import Document, parse
from bot.rules.base import Finding, Rule
from bot.rules.registry import selector_matches
from bot.wikitext.optouts import OptOuts, find_opt_outs
from bot.wikitext.sitedata import BUILTIN, SiteData


def check_document(doc: Document, rules: list[Rule]) -> list[Finding]:
    if not doc.scan.calls:
        # A family's rules read only the calls of their family: without calls, only the rules
        # that read the whole page can find anything (most pages of a dump, so this counts).
        rules = [rule for rule in rules if not rule.families]
    findings = [finding for rule in rules for finding in rule.check(doc)]
    # Opt-outs only silence findings: a page without any (most pages) is not searched for them.
    opt_outs = find_opt_outs(doc.text) if findings else None
    if opt_outs:
        findings = [f for f in findings if not _silenced(f, opt_outs, doc.text)]
    findings.sort(key=lambda f: (f.start, f.code))
    return findings


def _silenced(finding: Finding, opt_outs: OptOuts, text: str) -> bool:
    """An editor's ``<!-- maintbot: ignore CODE -->`` at the template, or ``ignore-page``."""
    selectors = opt_outs.selectors_for(text, finding.start, finding.end)
    return any(selector_matches(selector, finding.code) for selector in selectors)


def check_text(
    text: str,
    rules: list[Rule],
    namespace: int = 0,
    *,
    reference: bool = False,
    file_exists: Callable[[str], bool] | None = None,
    site: SiteData = BUILTIN,
) -> list[Finding]:
    doc = parse(text, namespace, reference=reference, file_exists=file_exists, site=site)
    return check_document(doc, rules)
