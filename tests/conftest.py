"""Fixtures every test may use, and the Hypothesis profile (tests/support/profiles.py).

Helpers and paths the tests import live in tests/support/, never here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rules.base import Rule
from bot.rules.registry import select
from tests.support.paths import CORPUS
from tests.support.profiles import load_profile

load_profile()


@pytest.fixture(scope="session")
def all_local_rules() -> list[Rule]:
    return select()


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.wiki")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not present")
    return files
