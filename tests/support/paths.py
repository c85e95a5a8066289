"""Where the tests find the project's data, and ../shared (the corpus) when it is present."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SHARED = Path(os.environ.get("MAINTBOT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
