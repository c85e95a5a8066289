"""Plan stage: a page's findings become at most one edit and at most one talk report.

The edit carries every safe fix, and is planned only when at least one of them changes what
readers see (no cosmetic-only edits, WP:COSMETICBOT). Everything a human must decide goes to the
report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.fixing import fix_text
from bot.rules.base import Finding, FixPolicy, Rule, code_order
from bot.wikitext.sitedata import BUILTIN, SiteData


@dataclass(slots=True)
class Plan:
    text: str
    new_text: str
    fixed: list[Finding] = field(default_factory=list)
    report: list[Finding] = field(default_factory=list)
    blocked: bool = False
    cosmetic_only: bool = False
    fingerprints: list[str] = field(default_factory=list)

    @property
    def edits(self) -> bool:
        return self.new_text != self.text

    def fixed_counts(self) -> Counter[str]:
        return Counter(f.code for f in self.fixed)


def _reportable(finding: Finding) -> bool:
    return finding.policy is not FixPolicy.NONE and not finding.fixable


def plan_page(
    text: str,
    rules: list[Rule],
    namespace: int = 0,
    file_exists: Callable[[str], bool] | None = None,
    allow: Callable[[str], bool] | None = None,
    site: SiteData = BUILTIN,
) -> Plan:
    """The page's one edit and one report; ``allow`` may refuse fixes by fingerprint."""
    result = fix_text(text, rules, namespace, file_exists, allow, site)
    plan = Plan(text=text, new_text=result.text, blocked=result.blocked)
    plan.report = [f for f in result.remaining if _reportable(f)]
    if result.changed:
        if all(f.cosmetic for f in result.fixed):
            plan.cosmetic_only = True
            plan.new_text = text
        else:
            plan.fixed = result.fixed
            plan.fingerprints = result.fingerprints
    return plan


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asked for a run on the request page, and the revision that holds their line."""

    user: str
    revision: int


def accountable(text: str, task_page: str, run_id: int | None = None, asker: Asker | None = None) -> str:
    """``text`` ending as every summary does, so any edit leads back to its run, request and task:
    '...; run 42 for [[User:Admin|Admin]] ([[Special:PermanentLink/7|request]]) ([[task|task]])'."""
    if run_id is not None:
        text += f"; run {run_id}"
    if asker is not None:
        request = f"[[Special:PermanentLink/{asker.revision}|request]]"
        text += f"{'' if run_id is not None else ';'} for [[User:{asker.user}|{asker.user}]] ({request})"
    return f"{text} ([[{task_page}|task]])" if task_page else text


def edit_summary(
    plan: Plan, prefix: str, task_page: str, run_id: int | None = None, asker: Asker | None = None
) -> str:
    """'Fixed 17 mojibake page ranges (SFN-12); run 42 ...' in rule order, then whose run it is."""
    parts = []
    counts = plan.fixed_counts()
    summaries = {f.code: f.rule.summary for f in plan.fixed}
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], code_order(kv[0]))):
        one, many = summaries[code]
        parts.append(f"{count} {one if count == 1 else many} ({code})")
    text = f"{prefix} Fixed " + "; ".join(parts) if parts else f"{prefix} no change"
    return accountable(text, task_page, run_id, asker)
