"""Everything that talks to a wiki; the only package that imports pywikibot.

pywikibot reads its settings directory when it is first imported and writes its caches, cookies
and throttle file there. Whatever imports pywikibot first, it must never be the current folder:
until ``site.prepare()`` names the configured one, a private per-user default is used.
"""

from __future__ import annotations

import os
from pathlib import Path


def _default_pywikibot_dir() -> Path:
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    directory = state / "maintbot" / "pywikibot"
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    (directory / "user-config.py").touch()  # pywikibot honours the folder only if this exists
    return directory


if "PYWIKIBOT_DIR" not in os.environ:
    os.environ["PYWIKIBOT_DIR"] = str(_default_pywikibot_dir())
os.environ["PYWIKIBOT_NO_USER_CONFIG"] = "1"
