"""The README's rules and exit-code tables are the code's, so they never drift apart."""

from __future__ import annotations

import re

from bot.exit_codes import ExitCode
from scripts.rules_table import rules_table
from tests.support.paths import ROOT


def test_readme_rules_table_matches_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- rules-table:[^>]*-->\n(.*?)\n<!-- /rules-table -->", readme, re.S)
    assert match is not None
    assert match.group(1) == rules_table()


def test_readme_exit_code_table_lists_every_exit_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^  \| (\d) \| ([A-Z_]+) \|", readme, re.M)
    assert [(int(code), name) for code, name in rows] == [(code.value, code.name) for code in ExitCode]
