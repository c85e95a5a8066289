#!/usr/bin/env python3
"""Print the README's rules table from the registry (tests/unit/test_readme.py keeps them equal)."""

from __future__ import annotations

from bot.rules.base import FixPolicy
from bot.rules.registry import all_rules

_FIX = {
    FixPolicy.AUTO: "safe fix",
    FixPolicy.GUARDED: "safe fix when guarded",
    FixPolicy.REPORT: "report",
    FixPolicy.NONE: "info",
}


def rules_table() -> str:
    rows = ["| Code | Severity | Fix | What it finds |", "|---|---|---|---|"]
    for rule in all_rules():
        title = rule.title().replace("|", "\\|")
        wiki = " (needs the wiki)" if rule.needs_wiki else ""
        rows.append(f"| {rule.code} | {rule.severity.value} | {_FIX[rule.policy]}{wiki} | {title} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(rules_table())
