"""``maintbot rules``: list the rules, or print one rule's documentation."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.common import Parser, add_command, fail
from bot.exit_codes import ExitCode
from bot.rules.base import FixPolicy
from bot.rules.registry import all_rules, by_code

EPILOG = """\
examples:
  maintbot rules              every rule: code, severity, fix policy, what it finds
  maintbot rules SFN-10       what SFN-10 finds, why it matters, an example, its fix and its source
"""
_FIX = {FixPolicy.AUTO: "fix", FixPolicy.GUARDED: "fix*", FixPolicy.REPORT: "report", FixPolicy.NONE: "info"}


def register(commands: Any, parents: list[Parser]) -> None:
    rules = add_command(
        commands,
        "rules",
        parents,
        "list the rules, or explain one",
        "List every rule, or explain one with its code.",
        EPILOG,
    )
    rules.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as SFN-10 (any case)")
    rules.set_defaults(handler=execute)


def execute(args: argparse.Namespace) -> ExitCode:
    if args.code:
        rule = by_code(args.code)
        if rule is None:
            return fail(f"no rule {args.code!r} (see 'maintbot rules')")
        print(
            f"{rule.code}  [{rule.severity.value}, {rule.policy.value}]"
            + ("  (needs a wiki)" if rule.needs_wiki else "")
        )
        print(f"Reads: {rule.covers()}")
        print()
        print(rule.documentation())
        return ExitCode.OK
    for rule in all_rules():
        print(f"{rule.code:8s} {rule.severity.value:2s} {_FIX[rule.policy]:6s} {rule.title()}")
    print(
        "\nfix = safe fix; fix* = safe fix when its guard holds, else report."
        " 'maintbot rules CODE' explains one."
    )
    return ExitCode.OK
