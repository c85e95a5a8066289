"""Everything that talks to a wiki; the only package that imports pywikibot.

pywikibot chooses its settings directory when it is first imported, and with none given it
creates ``~/.pywikibot`` (or adopts the current folder). So pywikibot is imported here, the one
place every ``bot.wiki`` module passes through first, pointed at an empty read-only folder shipped
with the package: importing creates nothing and reads no user's ``user-config.py``. The
environment is restored at once. ``site.connect()`` later moves pywikibot's caches, cookies and
throttle file to ``<state_dir>/pywikibot``, before the first request.
"""

from __future__ import annotations

import os
from pathlib import Path

EMPTY_SETTINGS = Path(__file__).parent / "pywikibot_home"


def _import_pywikibot() -> None:
    saved = os.environ.get("PYWIKIBOT_DIR")
    os.environ["PYWIKIBOT_DIR"] = str(EMPTY_SETTINGS)
    try:
        import pywikibot  # noqa: F401  # must follow the line above: pywikibot reads it on import
    finally:
        if saved is None:
            del os.environ["PYWIKIBOT_DIR"]
        else:
            os.environ["PYWIKIBOT_DIR"] = saved


_import_pywikibot()
