"""A real Chromium for tests that look at what people see: Debian's browser, driven by playwright.

No browser is downloaded: playwright launches the ``chromium`` found on PATH. Where either is
missing the test is skipped with the reason. Screenshots go to ``var/screenshots/`` for a human.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.paths import ROOT

SCREENSHOTS = ROOT / "var" / "screenshots"
WIDTH, HEIGHT = 1280, 900
PHONE_WIDTH = 390  # a phone held upright
# Without these, Chromium reaches out to Google's hosts at start; only loopback is ever used here.
_QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True, slots=True)
class Layout:
    """What a reader sees of a page at 1280x900: its full size and whether it scrolls sideways."""

    width: int
    height: int
    text: str

    @property
    def scrolls_sideways(self) -> bool:
        return self.width > WIDTH

    @property
    def screens(self) -> float:
        return self.height / HEIGHT


@contextmanager
def browser_page(*, javascript: bool = True) -> Iterator[Any]:
    """A 1280x900 page of headless Chromium, scripts on or off; skips the test where no browser
    can run."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (scripts/bootstrap.sh installs it as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (scripts/bootstrap.sh installs it)")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=_QUIET_FLAGS)
        try:
            page = browser.new_page(
                viewport={"width": WIDTH, "height": HEIGHT}, java_script_enabled=javascript
            )
            yield page
        finally:
            browser.close()


def look_at(page: Any, url: str, screenshot: str) -> Layout:
    """Open ``url``, keep a full-page screenshot under var/screenshots/, and measure the layout."""
    page.goto(url, wait_until="load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
    width, height = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    return Layout(int(width), int(height), page.inner_text("body"))


def sticking_out(page: Any) -> list[str]:
    """What reaches past the right edge of the wiki's content column (the page body elsewhere):
    the start of each such element's text. A narrow screen must wrap these, not cut them off."""
    found: list[str] = page.evaluate(
        """() => {
          const column = document.querySelector('.mw-parser-output') || document.body;
          const edge = column.getBoundingClientRect().right + 0.5;
          return [...column.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().right > edge)
            .map(e => e.textContent.slice(0, 60));
        }"""
    )
    return found
