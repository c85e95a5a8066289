#!/usr/bin/env python3
"""Coverage-guided fuzzing of the checker and the fixer with atheris (pip install atheris).

    python -m scripts.fuzz [-runs=200000] [-max_len=4096] [corpus dirs...]   (from the repository's root)

Every input, decoded leniently to text (and also spliced into a real page section), must:
check without raising, keep every finding inside the text, fix idempotently, and agree with the
full mwparserfromhell reference parse. The seed page and the rules' cases make a starting corpus
when no directory is given. Prints the number of inputs tried.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent

with atheris.instrument_imports():
    from bot.checker import check_text
    from bot.fixing import fix_text
    from bot.rules.registry import select
    from bot.wikitext.limits import PageTooComplex

RULES = select()
SEED = (ROOT / "tests" / "data" / "great-terror.wiki").read_text(encoding="utf-8")
TRIED = [0]


def one_input(data: bytes) -> None:
    TRIED[0] += 1
    fuzzed = atheris.FuzzedDataProvider(data)
    text = fuzzed.ConsumeUnicodeNoSurrogates(len(data))
    for page in (text, SEED[:600] + text + SEED[600:1200]):
        try:
            findings = check_text(page, RULES)
        except PageTooComplex:
            continue
        assert all(0 <= f.start <= f.end <= len(page) for f in findings)
        assert findings == check_text(page, RULES, reference=True), "fast scan and full parse disagree"
        once = fix_text(page, RULES).text
        assert fix_text(once, RULES).text == once, "fixing is not idempotent"


def main() -> None:
    argv = sys.argv
    if not any(not arg.startswith("-") for arg in argv[1:]):
        seeds = ROOT / "var" / "fuzz-corpus"
        seeds.mkdir(parents=True, exist_ok=True)
        (seeds / "seed.wiki").write_text(SEED, encoding="utf-8")
        argv = [*argv, str(seeds)]
    atheris.Setup(argv, one_input)
    try:
        atheris.Fuzz()
    finally:
        print(f"inputs tried: {TRIED[0]}")


if __name__ == "__main__":
    main()
