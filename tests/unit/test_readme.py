"""The README's rules table is the registry's, so the two never drift apart."""

from __future__ import annotations

import re

from scripts.rules_table import rules_table
from tests.support.paths import ROOT


def test_readme_rules_table_matches_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- rules-table:[^>]*-->\n(.*?)\n<!-- /rules-table -->", readme, re.S)
    assert match is not None
    assert match.group(1) == rules_table()
