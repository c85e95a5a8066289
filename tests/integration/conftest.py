"""A real MediaWiki for the integration tests: started once, reset before every test.

It runs on its own port and folder (tests/support/localwiki.py), so a demo wiki can keep running.
Where PHP is missing (a machine scripts/bootstrap.sh has not set up) the tests skip with the reason.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator

import pytest

from tests.support.localwiki import PORT, STATE_DIR, WIKI_DIR, LocalWiki, run_localwiki


@pytest.fixture(scope="session")
def local_wiki_server() -> Iterator[LocalWiki]:
    if shutil.which("php") is None:
        pytest.skip("PHP is not installed: run scripts/bootstrap.sh (as root) first")
    run_localwiki("up")
    yield LocalWiki(WIKI_DIR, PORT)
    run_localwiki("stop")


@pytest.fixture
def wiki(local_wiki_server: LocalWiki) -> LocalWiki:
    """The wiki as seeded, and a pywikibot with no memory of earlier tests (sites, sessions)."""
    run_localwiki("reset")
    for leftover in STATE_DIR.glob("state.sqlite*"):  # revision ids restart with the wiki
        leftover.unlink()
    if "pywikibot" in sys.modules:
        import pywikibot
        from pywikibot.comms import http

        pywikibot._sites.clear()
        http.cookie_jar.clear()
    return local_wiki_server
