"""What people see, in Chromium: the seed's talk report rendered by the real wiki, the review page
of a dry run over the real wiki, the status page and the answers to requests an admin reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load
from bot.service.status import publish
from bot.wiki.request_page import process_requests
from bot.wiki.saving import SaveStatus
from scripts import localwiki
from tests.support.browser import HEIGHT, PHONE_WIDTH, browser_page, look_at, sticking_out
from tests.support.localwiki import LocalWiki

REQUESTS = "User:MaintBot/Requests"
# Each request as the page lists it, with the reply MediaWiki shows indented under it.
_ANSWERS = """() => [...document.querySelectorAll('.mw-parser-output > ul > li')].map(item => ({
  request: item.firstChild.textContent.trim(),
  reply: item.querySelector(':scope > dl > dd')?.innerText ?? null,
  links: [...item.querySelectorAll('dd a')].map(a => [a.textContent, a.classList.contains('new')]),
  code: item.querySelectorAll('dd code').length,
}))"""
# What a reader of an article meets: each footnote link with whether the page holds its target,
# the red links to templates, and the images that did not load.
_READER_VIEW = """() => ({
  footnotes: [...document.querySelectorAll('.mw-parser-output a[href^="#CITEREF"]')].map(a => [
    a.getAttribute('href'),
    document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))) !== null,
  ]),
  redTemplates: [...document.querySelectorAll('a.new')]
    .map(a => a.title).filter(t => t.startsWith('Template:')),
  images: [...document.querySelectorAll('.mw-parser-output img')]
    .map(i => [i.alt, i.complete && i.naturalWidth > 0]),
})"""
# The planned talk report on the review page: its text, tables and where its links lead.
_RENDERED_REPORT = """() => {
  const report = document.querySelector('div.rendered');
  return {
    text: report.innerText,
    tables: report.querySelectorAll('table').length,
    links: [...report.querySelectorAll('a')].map(a => a.href),
    // each code cell's text and how many lines it takes on screen
    codes: [...report.querySelectorAll('table.wikitable td:first-child')].map(td => {
      const text = document.createRange();
      text.selectNodeContents(td);
      return [td.innerText.trim(), new Set([...text.getClientRects()].map(r => r.top)).size];
    }),
  };
}"""
KEY_SENTENCE = "7 works are cited by 42 short footnotes but have no entry in the bibliography:"


def test_the_seed_report_fits_a_1280x900_window_and_leads_with_the_missing_works(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    assert main(["run", "--config", str(wiki.config(tmp_path)), "--page", "Joseph Stalin"]) == 0
    url = f"http://127.0.0.1:{wiki.port}/index.php?title=Talk:Joseph_Stalin"

    with browser_page() as page:
        layout = look_at(page, url, "talk-report-seed.png")
        folded = page.locator(".mw-collapsible.mw-collapsed").count()

    assert not layout.scrolls_sideways, f"the talk page is {layout.width} px wide"
    assert layout.screens <= 2, f"the talk page is {layout.height} px tall"
    assert KEY_SENTENCE + " Khlevniuk 2015 (28 footnotes), Service 2004 (20)" in layout.text
    assert folded == 1  # the full list of findings is there, folded
    assert "All 71 findings" in layout.text


def test_the_review_page_of_a_dry_run_reads_at_1280_without_sideways_scrolling(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    out = tmp_path / "plans"
    config = str(wiki.config(tmp_path))
    assert main(["run", "--config", config, "--dry-run", "--page", "Joseph Stalin", "--out", str(out)]) == 0

    # The list of every finding is folded, scripts on or off, until the reader opens it.
    for javascript, screenshot in ((True, "review-page-dry-run.png"), (False, "review-page-no-js.png")):
        with browser_page(javascript=javascript) as page:
            layout = look_at(page, (out / "index.html").as_uri(), screenshot)
            every_finding = page.locator("div.rendered details table")
            folded = every_finding.is_visible()
            page.get_by_text("All 71 findings, one per line").click()
            opened = every_finding.is_visible()
            report = page.evaluate(_RENDERED_REPORT)
        assert (folded, opened) == (False, True), f"javascript={javascript}"
        assert "All 71 findings, one per line" in layout.text
        assert "CITEREFHarris2017" not in layout.text  # the last finding, in the folded list only

    assert not layout.scrolls_sideways, f"the review page is {layout.width} px wide"
    assert "Edit summary: maintbot: Fixed 17 mojibake page ranges (SFN-12)" in layout.text
    assert "1 page(s) checked: 1 planned edit(s), 1 planned talk report(s)." in layout.text
    assert "Report for Talk:Joseph Stalin, as the wiki renders it" in layout.text
    assert KEY_SENTENCE in report["text"]
    assert report["tables"] >= 1  # the folded list of every finding, a table as on the wiki
    assert f"http://127.0.0.1:{wiki.port}/index.php/Joseph_Stalin" in report["links"]  # to the wiki
    assert not any(raw in report["text"] for raw in ("{|", "<nowiki", "'''", "<!--"))
    assert ["SFN-01", 1] in report["codes"]  # each rule code on one line, not split at its hyphen
    assert [code for code, lines in report["codes"] if lines != 1] == []


def test_the_status_page_shows_the_last_run_with_its_counts(wiki: LocalWiki, tmp_path: Path) -> None:
    config = wiki.config(tmp_path)
    config.write_text(config.read_text() + '\n[service]\nstatus_page = "User:MaintBot/Status"\n')
    assert main(["run", "--config", str(config), "--page", "Mill history"]) == 0
    assert publish(load(config), True, []) is SaveStatus.SAVED

    with browser_page() as page:
        layout = look_at(
            page, f"http://127.0.0.1:{wiki.port}/index.php?title=User:MaintBot/Status", "status-page.png"
        )

    assert not layout.scrolls_sideways, f"the status page is {layout.width} px wide"
    assert "Run\tStarted\tOrigin\tRead\tEdited\tReported\tEnded" in layout.text
    assert "\tcli\t1\t1\t1\tdone" in layout.text


def test_the_seed_report_wraps_its_template_calls_on_a_phone(wiki: LocalWiki, tmp_path: Path) -> None:
    assert main(["run", "--config", str(wiki.config(tmp_path)), "--page", "Joseph Stalin"]) == 0

    with browser_page() as page:
        page.set_viewport_size({"width": PHONE_WIDTH, "height": HEIGHT})
        talk = f"http://127.0.0.1:{wiki.port}/index.php?title=Talk:Joseph_Stalin"
        look_at(page, talk, "talk-report-390.png")
        cut_off = sticking_out(page)

    assert cut_off == []


def test_an_admin_reads_each_answer_under_the_request_it_answers(wiki: LocalWiki, tmp_path: Path) -> None:
    config = wiki.config(tmp_path)
    config.write_text(config.read_text() + f'\n[service]\nrequest_page = "{REQUESTS}"\n')
    text = (wiki.text(REQUESTS) or "").rstrip()
    wiki.edit_as("Admin", REQUESTS, f"{text}\n* page: Mill history\n* page: No such mill")
    wiki.edit_as("Editor", REQUESTS, f"{wiki.text(REQUESTS)}\n* page: Weir")
    assert [status for _, status in process_requests(load(config))] == ["done", "done", "declined"]
    url = f"http://127.0.0.1:{wiki.port}/index.php?title={REQUESTS}"

    with browser_page() as page:
        layout = look_at(page, url, "request-answers.png")
        answers = {answer["request"]: answer for answer in page.evaluate(_ANSWERS)}
        page.set_viewport_size({"width": PHONE_WIDTH, "height": HEIGHT})
        look_at(page, url, "request-answers-390.png")
        cut_off = sticking_out(page)

    assert not layout.scrolls_sideways, f"the request page is {layout.width} px wide"
    assert cut_off == []
    edited, missing, declined = (answers[f"page: {t}"] for t in ("Mill history", "No such mill", "Weir"))
    assert edited["reply"].startswith("✔\xa0Done Checked 1 page(s): 1 edited (Mill history), 1 talk report")
    assert ["Mill history", False] in edited["links"]
    assert ["Talk:Mill history", False] in edited["links"]
    assert "Not edited: No such mill: page does not exist. MaintBot (talk)" in missing["reply"]
    assert ["No such mill", True] in missing["links"]  # a red link: the page is not there
    assert declined["reply"].startswith("Declined: only members of the 'sysop' group may request runs.")
    for answer in (edited, missing, declined):
        assert ["MaintBot", True] in answer["links"], answer  # signed (the bot has no user page)
        assert answer["code"] == 0, answer  # reasons read as prose, not as code
        assert not any(raw in answer["reply"] for raw in ("{{", "[[", "<nowiki", "~~~~", "Template:"))


def test_a_fixed_article_links_its_footnotes_shows_its_images_and_no_red_template_links(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    if not localwiki.modules_present():
        pytest.skip(
            "../shared/wiki-modules is not present: the local wiki renders no footnotes or image blocks"
        )
    assert main(["run", "--config", str(wiki.config(tmp_path)), "--page", "Mill history"]) == 0
    base = f"http://127.0.0.1:{wiki.port}/index.php?title="

    with browser_page() as page:
        look_at(page, base + "Mill_history", "article-mill-history.png")
        article = page.evaluate(_READER_VIEW)
        look_at(page, base + "Talk:Mill_history", "talk-mill-history.png")
        talk = page.evaluate(_READER_VIEW)

    unlinked = {href for href, linked in article["footnotes"] if not linked}
    assert unlinked == {"#CITEREFBrown1998"}  # the one the talk report asks a human about
    assert len(article["footnotes"]) > len(unlinked)
    assert article["images"] == [["A stone mill beside a river", True], ["A low weir", True]]
    assert article["redTemplates"] == talk["redTemplates"] == []
