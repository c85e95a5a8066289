"""The wiki's own data on a real MediaWiki: local redirects are checked, the whitelist page is
read by revision and honoured once it changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.state import State
from bot.wikitext.names import Family
from bot.wikitext.sitedata import ANCHOR_DATA_PAGE, EXTENSION_TAGS, WHITELIST_PAGE, SiteData
from tests.support.localwiki import STATE_DIR, LocalWiki

OTHER = "['CITEREFOther2001'] = {'Other'}"
JACKSON = "['CITEREFJackson2010'] = {'Cite enc-nyc2'}"
TOWER = "The tower rose fast.{{sfn|Jackson|2010|p=4}}\n\n== Sources ==\n* {{cite enc-nyc2}}\n"


def whitelist(entries: str) -> str:
    return f"-- local whitelist\nreturn {{\n\twhitelist = {{ {entries} }},\n\twrapper_templates = {{}},\n}}\n"


def dry_run(wiki: LocalWiki, tmp_path: Path, page: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["run", "--config", str(wiki.config(tmp_path)), "--dry-run", "--page", page]) == 0
    return capsys.readouterr().out


def test_a_local_redirect_to_sfn_gets_checked(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wiki.edit_as("Admin", "Template:Kurzbeleg", "#REDIRECT [[Template:Sfn]]")
    wiki.edit_as("Admin", "Template:SFN", "#REDIRECT [[Template:Sfn]]")
    wiki.edit_as(
        "Editor",
        "Dam",
        "Dams hold water.{{Kurzbeleg|Smith|2006}} Weirs too.{{SFN|Smith|2007}}\n\n"
        "== Sources ==\n* {{cite book |last=Smith |year=2005 |title=Dams}}\n",
    )
    snapshot = tmp_path / "site.json"
    assert main(["site-data", "--config", str(wiki.config(tmp_path)), "--out", str(snapshot)]) == 0
    printed = capsys.readouterr()
    # The local wiki holds the real modules when ../shared is beside the checkout, and none without it.
    if wiki.text(WHITELIST_PAGE) is None:
        assert f"lacking (built-in defaults used): {ANCHOR_DATA_PAGE}, {WHITELIST_PAGE}" in printed.out
        lacks = f"the wiki lacks {ANCHOR_DATA_PAGE}, {WHITELIST_PAGE}; the built-in defaults stand in"
        assert lacks in printed.err
    else:
        assert f"read: {ANCHOR_DATA_PAGE} (revision " in printed.out
        assert f"{WHITELIST_PAGE} (revision " in printed.out
    data = SiteData.loads(snapshot.read_text(encoding="utf-8"))
    assert data.family_of("Kurzbeleg") is Family.SFN
    assert data.family_of("SFN") is Family.SFN
    out = dry_run(wiki, tmp_path, "Dam", capsys)
    assert "Kurzbeleg: no target: CITEREFSmith2006" in out
    assert "SFN: no target: CITEREFSmith2007" in out


def test_a_wrapper_added_to_the_whitelist_page_is_honoured_once_its_revision_changes(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wiki.edit_as("Admin", WHITELIST_PAGE, whitelist(OTHER))
    wiki.edit_as("Editor", "Tower", TOWER)
    first = wiki.latest_revid(WHITELIST_PAGE)
    assert first is not None
    assert "no target: CITEREFJackson2010" in dry_run(wiki, tmp_path, "Tower", capsys)

    wiki.edit_as("Admin", WHITELIST_PAGE, whitelist(JACKSON))
    second = wiki.latest_revid(WHITELIST_PAGE)
    assert second is not None
    assert second != first
    assert "no target: CITEREFJackson2010" not in dry_run(wiki, tmp_path, "Tower", capsys)

    state = State(STATE_DIR / "state.sqlite")
    try:
        kept = state.site_page(WHITELIST_PAGE, second)
        assert kept is not None
        assert JACKSON in kept
        # The same revision is not read again: what the state holds for it is what counts.
        state.keep_site_page(WHITELIST_PAGE, second, whitelist(OTHER))
    finally:
        state.close()
    assert "no target: CITEREFJackson2010" in dry_run(wiki, tmp_path, "Tower", capsys)


def test_a_whitelist_page_the_reader_refuses_leaves_the_defaults_and_says_why(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wiki.edit_as("Admin", WHITELIST_PAGE, "local t = mw.loadData('Module:Other')\nreturn t\n")
    wiki.edit_as("Editor", "Tower", TOWER)
    snapshot = tmp_path / "site.json"
    assert main(["site-data", "--config", str(wiki.config(tmp_path)), "--out", str(snapshot)]) == 0
    captured = capsys.readouterr()
    assert f"{WHITELIST_PAGE}, line 1: " in captured.err
    assert WHITELIST_PAGE in SiteData.loads(snapshot.read_text(encoding="utf-8")).lacking


def test_the_wikis_own_extension_tags_decide_where_no_template_is_called(
    wiki: LocalWiki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = tmp_path / "site.json"
    assert main(["site-data", "--config", str(wiki.config(tmp_path)), "--out", str(snapshot)]) == 0
    data = SiteData.loads(snapshot.read_text(encoding="utf-8"))
    assert {"ref", "references", "indicator"} <= set(data.extension_tags)
    assert "poem" not in data.extension_tags  # the local wiki lacks the Poem extension
    assert EXTENSION_TAGS not in data.lacking
    # There <poem ...> is text, so the footnote in it is called, and links nowhere.
    wiki.edit_as("Editor", "Verse", 'Verse.<poem class="{{sfn|Nobody|1950}}">A mill.</poem>')
    rendered = wiki.api(action="parse", page="Verse", prop="text")["parse"]["text"]
    assert "&lt;poem" in rendered  # shown as written
    assert "{{sfn" not in rendered  # and the footnote in it expanded
    assert "sfn: no target: CITEREFNobody1950" in dry_run(wiki, tmp_path, "Verse", capsys)
