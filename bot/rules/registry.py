"""The one list of rules: every Rule subclass in bot/rules/<group>/<rule>.py, ordered by code."""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
from functools import cache

from bot import __version__
from bot.rules import base
from bot.rules.base import Rule, code_order

GROUPS = ("sfn", "sfnm", "multiple_image", "general")


@cache
def all_rules() -> tuple[type[Rule], ...]:
    found: dict[str, type[Rule]] = {}
    for group in GROUPS:
        package = importlib.import_module(f"bot.rules.{group}")
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"bot.rules.{group}.{info.name}")
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, base.Rule)
                    and value is not base.Rule
                    and value.__module__ == module.__name__
                ):
                    if value.code in found:
                        raise RuntimeError(f"rule code {value.code} defined twice")
                    found[value.code] = value
    return tuple(found[code] for code in sorted(found, key=code_order))


def by_code(code: str) -> type[Rule] | None:
    wanted = code.strip().upper()
    return next((rule for rule in all_rules() if rule.code.upper() == wanted), None)


class UnknownSelector(ValueError):
    pass


def selector_matches(selector: str, code: str) -> bool:
    """Whether a --select style selector (code, prefix or family; upper case) names ``code``.

    Codes compare in upper case too: SFN-01a is selected by ``SFN-01a`` as written."""
    code = code.upper()
    if selector == "ALL" or selector == code:
        return True
    if "-" in selector:
        return code.startswith(selector)
    return code.split("-")[0] == selector


def select(
    select: list[str] | None = None, ignore: list[str] | None = None, *, with_wiki: bool = False
) -> list[Rule]:
    """Rules chosen like ruff's --select/--ignore: a code, a prefix (SFN-1) or a family (SFNM)."""
    codes = [rule.code for rule in all_rules()]
    chosen = [s.strip().upper() for s in (select or ["ALL"]) if s.strip()]
    dropped = [s.strip().upper() for s in (ignore or []) if s.strip()]
    for selector in chosen + dropped:
        if not any(selector_matches(selector, code) for code in codes):
            raise UnknownSelector(f"unknown rule selector {selector!r} (see 'maintbot rules')")
    rules = []
    for rule in all_rules():
        if rule.needs_wiki and not with_wiki:
            continue
        wanted = any(selector_matches(s, rule.code) for s in chosen)
        if wanted and not any(selector_matches(s, rule.code) for s in dropped):
            rules.append(rule())
    return rules


def ruleset_version(rules: list[Rule]) -> str:
    """Names what a check means: the package version and the rules that ran. A page checked
    under another rule set is checked again."""
    codes = ",".join(sorted(rule.code for rule in rules))
    return hashlib.sha256(f"{__version__}:{codes}".encode()).hexdigest()[:16]
