"""The bot edits only what readers see, and never deletes an editor's comment."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from bot.cli import main
from scripts import localwiki
from tests.support.localwiki import LocalWiki

HIDDEN = "Intro.<!-- draft below, not finished\nMills.{{sfn|Smith|2005|pp=12-15}}\n"
EMPTY_BLOCK = "Text.{{sfn|Smith|2005}}\n{{multiple image|align=right|image1=<!-- add image here -->}}\n"
SOURCE = "\n* {{cite book |last=Smith |year=2005 |title=Mills}}"


def run(wiki: LocalWiki, tmp_path: Path, title: str) -> int:
    return main(["run", "--config", str(wiki.config(tmp_path)), "--page", title])


def test_the_images_a_page_shows_are_served(wiki: LocalWiki) -> None:
    if not localwiki.modules_present():
        pytest.skip(
            "../shared/wiki-modules is not present: the local wiki renders no footnotes or image blocks"
        )
    rendered = wiki.api(action="parse", page="Mill history", prop="text")["parse"]["text"]
    sources = re.findall(r'<img [^>]*src="([^"]+)"', rendered)
    assert any("Weir.png" in source for source in sources), sources
    for source in sources:
        with urllib.request.urlopen(f"http://127.0.0.1:{wiki.port}{source}", timeout=10) as reply:
            assert reply.read(8) == b"\x89PNG\r\n\x1a\n", source


def test_mediawiki_hides_everything_after_an_unclosed_comment_so_the_bot_edits_nothing_there(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    wiki.edit_as("Editor", "Hidden draft", HIDDEN)
    rendered = wiki.api(action="parse", page="Hidden draft", prop="text")["parse"]["text"]
    assert "Intro." in rendered
    assert "Mills." not in rendered
    before = wiki.latest_revid("Hidden draft")
    assert run(wiki, tmp_path, "Hidden draft") == 0
    assert wiki.latest_revid("Hidden draft") == before
    assert wiki.text("Talk:Hidden draft") is None


def test_an_empty_image_block_with_an_editors_comment_is_reported_not_deleted(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    wiki.edit_as("Editor", "Image gap", EMPTY_BLOCK + SOURCE)
    before = wiki.latest_revid("Image gap")
    assert run(wiki, tmp_path, "Image gap") == 0
    assert wiki.latest_revid("Image gap") == before
    assert "<!-- add image here -->" in (wiki.text("Image gap") or "")
    talk = wiki.text("Talk:Image gap") or ""
    assert "| MI-01 ||" in talk
    assert "would delete a comment an editor left" in talk
