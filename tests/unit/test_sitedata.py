"""A wiki's own data decides: redirects, wrappers and the whitelist, read from its modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.checker import check_text
from bot.cli import main
from bot.exit_codes import ExitCode
from bot.rules.base import Rule
from bot.rules.registry import select
from bot.scan.engine import scan_dump
from bot.wikitext.names import Family
from bot.wikitext.sitedata import (
    ANCHOR_DATA_PAGE,
    BUILTIN,
    BUILTIN_EXTENSION_TAGS,
    EXTENSION_TAGS,
    WHITELIST_PAGE,
    SiteData,
    from_modules,
    pattern_names,
)
from scripts.make_dump import write_dump
from tests.support.paths import CORPUS, SHARED

MODULES = SHARED / "wiki-modules"
TARGET_RULES: list[Rule] = select(["SFN-01", "SFN-02"])


@pytest.fixture(scope="module")
def enwiki() -> SiteData:
    whitelist = MODULES / "footnotes-whitelist.lua"
    anchor_data = MODULES / "footnotes-anchor-id-list-data.lua"
    if not whitelist.is_file():
        pytest.skip("../shared/wiki-modules is not present")
    return from_modules(
        whitelist=whitelist.read_text(encoding="utf-8"),
        anchor_data=anchor_data.read_text(encoding="utf-8"),
        redirects={},
        revisions={WHITELIST_PAGE: 7, ANCHOR_DATA_PAGE: 8},
        extension_tags=["<ref>", "<references>", "<poem>", "<indicator>", "<pre>", "<nowiki>"],
    )


def codes(text: str, site: SiteData) -> list[str]:
    return [f.code for f in check_text(text, TARGET_RULES, site=site)]


@pytest.mark.parametrize(
    ("pattern", "names"),
    [
        ("[Cc]ite ar[Xx]iv", ["Cite arXiv", "Cite arxiv"]),
        ("[Cc]ite[ %-]?news", ["Citenews", "Cite news", "Cite-news"]),
        ("[Cc]ite%-?web", ["Citeweb", "Cite-web"]),
        ("[Ww]eb[ %-]reference", ["Web reference", "Web-reference"]),
        ("[Cc]ite dvd%-notes", ["Cite dvd-notes"]),
        ("[Cc]ite AV ?Media", ["Cite AVMedia", "Cite AV Media"]),
        ("[Cc]ite maps?", ["Cite map", "Cite maps"]),
        ("[Aa]nchors?", ["Anchor", "Anchors"]),
        ("서적 인용", ["서적 인용"]),
    ],
)
def test_template_names_are_made_of_patterns_as_the_module_makes_them(pattern: str, names: list[str]) -> None:
    assert pattern_names(pattern) == names


def test_the_built_in_defaults_lack_every_wiki_page() -> None:
    assert set(BUILTIN.lacking) == {WHITELIST_PAGE, ANCHOR_DATA_PAGE, "redirects", EXTENSION_TAGS}
    assert BUILTIN.extension_tags == BUILTIN_EXTENSION_TAGS
    assert from_modules().lacking == BUILTIN.lacking
    assert BUILTIN.family_of("Sfn") is Family.SFN
    assert BUILTIN.family_of("Cite enc-nyc2") is Family.CITATION


def test_the_anchor_id_list_data_names_the_citation_templates(enwiki: SiteData) -> None:
    assert enwiki.lacking == ()
    assert enwiki.family_of("Liner notes") is Family.CITATION
    assert enwiki.family_of("Ref web") is Family.CITATION
    assert enwiki.family_of("Citec") is Family.HARVC
    assert enwiki.family_of("Anchor for redirect") is Family.ANCHOR
    assert enwiki.family_of("Vancite news") is Family.VCITE
    assert enwiki.family_of("Vcite3 journal") is None  # the module knows no "Vcite" prefix


def test_a_local_redirect_joins_its_target_family() -> None:
    site = from_modules(
        redirects={"Sfn": ["Fn", "SFN2"], "Cite book": ["Buch"], "Multiple image": ["Bilder"]}
    )
    assert (site.family_of("Fn"), site.family_of("Buch"), site.family_of("Bilder")) == (
        Family.SFN,
        Family.CITATION,
        Family.MULTIPLE_IMAGE,
    )
    text = "A.{{fn|Smith|2005}}\n{{Buch|last=Smith|year=2006}}"
    assert codes(text, site) == ["SFN-01"]
    assert codes(text, BUILTIN) == []  # unknown names: nothing checked


def test_a_wrapper_named_in_the_whitelist_silences_its_footnotes(enwiki: SiteData) -> None:
    text = "Built.{{sfn|Jackson|2010|p=4}} Again.{{sfn|Jackson|2010b}}\n{{cite enc-nyc2}}"
    assert codes(text, enwiki) == []
    assert codes(text, BUILTIN) == ["SFN-01", "SFN-01"]
    assert codes("Built.{{sfn|Jackson|2010}}", enwiki) == ["SFN-01"]  # the wrapper is not on the page


def test_a_wrapper_makes_its_default_anchor_per_volume(enwiki: SiteData) -> None:
    assert codes("A.{{sfn|Chisholm|1911}}\n{{EB1911|wstitle=Mill}}", enwiki) == []
    assert codes("A.{{sfn|Chisholm|1911}}\n{{EB1911|wstitle=Mill}}{{1911|wstitle=Dam}}", enwiki) == ["SFN-02"]
    assert codes("A.{{sfn|BaynesSmith|1880}}\n{{Cite EB9|volume=XI|wstitle=Mill}}", enwiki) == []
    assert codes("A.{{sfn|Baynes|1875–1889}}\n{{Eb9|volume=99}}", enwiki) == []
    # The wrapper's own names and year win over its defaults.
    assert codes("A.{{sfn|Smith|1911}}\n{{EB1911|last=Smith|wstitle=Mill}}", enwiki) == []


def test_anchor_patterns_of_the_whitelist_are_honoured(enwiki: SiteData) -> None:
    assert codes("A.{{sfn|ref=CITEREFAHD12}}", enwiki) == []
    assert codes("A.{{sfn|ref=CITEREFAHD}}", enwiki) == ["SFN-01"]
    dnb = "A.{{sfn|Lee|1890}}\n{{DNB|wstitle=Mill}}"
    assert codes(dnb, enwiki) == []
    assert codes(dnb.replace("{{DNB|", "{{Other|"), enwiki) == ["SFN-01"]


@pytest.mark.parametrize("reference", [False, True])
def test_the_attributes_of_the_wikis_own_extension_tags_call_no_template(reference: bool) -> None:
    def found(text: str, site: SiteData) -> list[str]:
        return [f.code for f in check_text(text, TARGET_RULES, site=site, reference=reference)]

    poem = 'Verse.<poem class="{{sfn|Nobody|1950}}">A mill.</poem>'
    assert found(poem, BUILTIN) == []  # English Wikipedia has the Poem extension
    without_poem = from_modules(extension_tags=["<pre>", "<nowiki>", "<ref>", "<references>"])
    assert without_poem.extension_tags == ("nowiki", "pre", "ref", "references")
    assert found(poem, without_poem) == ["SFN-01"]  # no such tag there: the text calls the template
    maps = from_modules(extension_tags=["<ref>", "<mapframe>"])
    assert found('Map.<mapframe text="{{sfn|Nobody|1950}}"/>', maps) == []
    assert found('Map.<mapframe text="{{sfn|Nobody|1950}}"/>', BUILTIN) == ["SFN-01"]


def test_a_snapshot_reads_back_to_the_same_verdicts(enwiki: SiteData) -> None:
    again = SiteData.loads(enwiki.dumps())
    assert again.to_json() == enwiki.to_json()
    assert again.revisions == {WHITELIST_PAGE: 7, ANCHOR_DATA_PAGE: 8}
    older = enwiki.to_json()
    del older["extension_tags"]  # a snapshot written before the tags were read
    assert SiteData.from_json(older).extension_tags == BUILTIN_EXTENSION_TAGS
    with pytest.raises(ValueError, match="format"):
        SiteData.loads("{}")


def test_empire_state_building_loses_only_its_false_no_targets(enwiki: SiteData) -> None:
    page = CORPUS / "Empire_State_Building.wiki"
    if not page.is_file():
        pytest.skip("../shared/corpus is not present")
    text = page.read_text(encoding="utf-8")
    before = [f.message for f in check_text(text, TARGET_RULES)]
    after = [f.message for f in check_text(text, TARGET_RULES, site=enwiki)]
    assert sum("CITEREFJackson2010" in message for message in before) == 18
    assert after == [message for message in before if "CITEREFJackson2010" not in message]


LOCAL_NAMES = "Mills.{{Kurzbeleg|Smith|2006}}\n{{Buch|last=Smith|year=2005}}\n"


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "site.json"
    path.write_text(
        from_modules(redirects={"Sfn": ["Kurzbeleg"], "Cite book": ["Buch"]}).dumps(), encoding="utf-8"
    )
    return path


def test_check_judges_with_the_snapshot_it_is_given(
    tmp_path: Path, snapshot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.wiki"
    page.write_text(LOCAL_NAMES, encoding="utf-8")
    assert main(["check", str(page)]) == ExitCode.OK  # the built-in defaults know neither name
    assert main(["check", str(page), "--site-data", str(snapshot)]) == ExitCode.FINDINGS
    assert "SFN-01 [E1] Kurzbeleg: no target: CITEREFSmith2006" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert main(["check", str(page), "--site-data", str(tmp_path / "bad.json")]) == ExitCode.USAGE
    assert "not a readable site-data snapshot" in capsys.readouterr().err


def test_help_says_the_built_in_defaults_apply_without_a_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "scan-dump"):
        assert main([command, "--help"]) == ExitCode.OK
        assert "without one the built-in English Wikipedia defaults apply" in " ".join(
            capsys.readouterr().out.split()
        )


def test_scan_dump_judges_with_the_snapshot_in_every_worker(tmp_path: Path, snapshot: Path) -> None:
    dump = tmp_path / "wiki.xml"
    write_dump([("Local", LOCAL_NAMES), ("Plain", "No templates.")], dump)
    scan_dump(dump, tmp_path / "builtin.jsonl", workers=1, resume=False)
    assert (tmp_path / "builtin.jsonl").read_text(encoding="utf-8") == ""
    report = scan_dump(dump, tmp_path / "local.jsonl", site_data=snapshot, workers=2, resume=False)
    assert report.codes == {"SFN-01": 1}
