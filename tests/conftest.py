"""Shared test fixtures: paths to the project's data and to ../shared when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rules.base import Rule
from bot.rules.registry import select

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARED = Path(__import__("os").environ.get("MAINTBOT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def all_local_rules() -> list[Rule]:
    return select()


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.wiki")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus is not present")
    return files
