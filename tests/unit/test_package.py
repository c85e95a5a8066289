"""The built package works away from the repository: wheel and sdist, installed into a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import venv
from pathlib import Path

import pytest

from bot import __version__
from tests.support.paths import DATA, ROOT


@pytest.mark.slow
def test_the_built_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # --no-isolation: the build requirements are dev dependencies already here, so no download.
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("maintbot-*.whl")
    (sdist,) = dist.glob("maintbot-*.tar.gz")
    assert wheel.name == f"maintbot-{__version__}-py3-none-any.whl"  # the version has one source
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert f"maintbot-{__version__}/bot/cli/__main__.py" in names
    assert f"maintbot-{__version__}/README.md" in names

    # A fresh venv that sees this one's installed dependencies (not its editable maintbot: a
    # directory named in a .pth file gets no .pth processing of its own), so pip needs no index.
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-index", str(wheel)], check=True)

    maintbot = target / "bin" / "maintbot"
    away = tmp_path / "elsewhere"
    away.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([maintbot, *args], cwd=away, capture_output=True, text=True, timeout=120)

    located = subprocess.run(
        [python, "-c", "import bot; print(bot.__file__)"], cwd=away, capture_output=True, text=True
    )
    assert located.stdout.startswith(str(target))
    assert run("--version").stdout.strip() == f"maintbot {__version__}"
    assert "examples:" in run("--help").stdout
    rules = run("rules", "SFN-10")
    assert rules.returncode == 0
    assert "Why is this bad?" in rules.stdout
    checked = run("check", str(DATA / "great-terror.wiki"), "--statistics")
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[-1].split() == ["88", "total"]
