"""Unified diffs of planned fixes (dry runs write nothing)."""

from __future__ import annotations

import difflib


def unified_diff(before: str, after: str, path: str) -> str:
    diff = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{path} (original)",
        tofile=f"{path} (fixed)",
    )
    lines = [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff]
    return "".join(lines)
