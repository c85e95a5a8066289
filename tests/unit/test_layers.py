"""The package's layers run one way, and importing any of it does nothing.

Layers, lowest first: a module may import its own layer and the ones below, never one above.
``bot.wiki`` alone imports pywikibot. No import sits inside a function, except the few in
``DEFERRED``, each with its reason.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.support.paths import ROOT

LAYERS: list[set[str]] = [
    {"bot", "bot.exit_codes", "bot.titles"},  # the version, exit codes, title syntax: import nothing of ours
    {"bot.config"},
    {"bot.wikitext"},
    {"bot.document", "bot.files"},
    {"bot.rules"},
    {"bot.checker"},
    {"bot.fixing"},
    {"bot.planning"},
    {"bot.output"},
    {"bot.state", "bot.scan"},
    {"bot.wiki"},
    {"bot.service"},
    {"bot.cli"},
]
# Imports allowed inside a function: (importing module or package, imported package) and why.
DEFERRED = {
    ("bot.wiki", "pywikibot"): "pywikibot reads PYWIKIBOT_DIR when first imported",
    ("bot.scan.engine", "distributed"): "an optional extra (pip install maintbot[cluster])",
    # start-up time: 'maintbot check' loads neither pywikibot nor APScheduler (about 1 s of CPU)
    ("bot.cli", "bot.wiki"): "start-up time",
    ("bot.cli", "bot.service"): "start-up time",
}


def _deferred(module: str, imported: str) -> bool:
    return any(
        (module == where or module.startswith(where + ".")) and (imported + ".").startswith(what + ".")
        for where, what in DEFERRED
    )


def _modules(root: Path = ROOT) -> dict[str, ast.Module]:
    found = {}
    for path in sorted((root / "bot").rglob("*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def _layer(module: str) -> int:
    for index, layer in enumerate(LAYERS):
        if any(module == top or module.startswith(top + ".") for top in layer - {"bot"}):
            return index
    if module == "bot":
        return 0
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _imports(tree: ast.Module) -> Iterator[tuple[str, bool]]:
    """Each module imported, and whether the import sits inside a function."""

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[str, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                yield from ((alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                yield child.module, in_function
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            yield from walk(child, inner)

    return walk(tree, False)


def violations(modules: dict[str, ast.Module]) -> list[str]:
    found = []
    for name, tree in modules.items():
        for imported, in_function in _imports(tree):
            top = imported.split(".")[0]
            if in_function and not _deferred(name, imported):
                found.append(f"{name}: imports {imported} inside a function")
            if top == "pywikibot" and not name.startswith("bot.wiki"):
                found.append(f"{name}: imports pywikibot (only bot.wiki may)")
            if top == "bot" and _layer(imported) > _layer(name):
                found.append(f"{name}: imports {imported}, a higher layer")
    return found


def test_layers_import_downward_only() -> None:
    assert violations(_modules()) == []


def test_a_wrong_way_import_is_caught() -> None:
    modules = _modules()
    modules["bot.wikitext.stray"] = ast.parse("from bot.wiki.site import Wiki\n")
    modules["bot.planning"] = ast.parse("def plan():\n    from bot.output import talk\n")
    modules["bot.output.stray"] = ast.parse("import pywikibot\n")
    assert sorted(violations(modules)) == [
        "bot.output.stray: imports pywikibot (only bot.wiki may)",
        "bot.planning: imports bot.output inside a function",
        "bot.planning: imports bot.output, a higher layer",
        "bot.wikitext.stray: imports bot.wiki.site, a higher layer",
    ]


IMPORT_EVERYTHING = """
import importlib, json, os, pkgutil, sys
before = dict(os.environ)
import bot
for module in pkgutil.walk_packages(bot.__path__, "bot."):
    if not module.name.endswith(".__main__"):  # running a command is what importing those is for
        importlib.import_module(module.name)
changed = sorted(k for k in before.keys() | os.environ.keys() if before.get(k) != os.environ.get(k))
print(json.dumps({"changed": changed, "pywikibot": "pywikibot" in sys.modules}))
"""


def test_importing_every_module_creates_nothing(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    shipped = sorted((ROOT / "bot" / "wiki" / "pywikibot_home").iterdir())
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"changed": [], "pywikibot": True}
    assert list(home.iterdir()) == []
    assert list(work.iterdir()) == []
    assert sorted((ROOT / "bot" / "wiki" / "pywikibot_home").iterdir()) == shipped
