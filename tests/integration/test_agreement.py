"""The module decides: maintbot's target findings equal what the real Module:Footnotes renders.

Every page we can get (the seed, the local wiki's sample pages, every ../shared/corpus article
that calls a footnote template, and the hand-written cases in tests/data/agreement/) is saved in
the local wiki, which runs the real modules of ../shared/wiki-modules under Scribunto, and
rendered through the API. The module's ``harv-error`` spans (no target, multiple targets, each
with its anchor) must equal maintbot's SFN-01/SFN-01a/SFN-02 findings, page by page, as sets of
(kind, anchor).

Why the corpus comparison is fair: the module finds a footnote's target by reading the page's
wikitext (Module:Footnotes/anchor id list), never the rendered citations, so what our local
citation templates print cannot change a verdict; the wrapper templates and whitelisted anchors
the module knows come from Module:Footnotes/whitelist, which is installed as on Wikipedia.
Templates a page uses that this wiki lacks, where they hold a footnote or a ``<ref>``, become
stubs that render every argument, so a footnote inside ``{{efn|...}}`` or an infobox is rendered,
as maintbot (which reads the wikitext) assumes. Only the templates maintbot checks for targets
are compared (FOOTNOTE_FAMILIES: {{sfn}}, {{sfnm}}, the {{harv}} family); module messages from
any other template are counted apart. maintbot reads the same site data a run on this wiki
would: the installed Module:Footnotes/whitelist and anchor data, and the wiki's redirects.

Skipped where ../shared/wiki-modules or PHP is absent.
"""

from __future__ import annotations

import bisect
import html
import json
import re
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from bot.checker import check_text
from bot.rules.registry import select
from bot.wikitext.names import FOOTNOTE_FAMILIES, normalize_name
from bot.wikitext.sitedata import ANCHOR_DATA_PAGE, WHITELIST_PAGE, SiteData, from_modules
from scripts import localwiki
from tests.support.localwiki import LocalWiki
from tests.support.paths import CORPUS, DATA, SHARED

CASES = DATA / "agreement"
KINDS = {"SFN-01": "no target", "SFN-01a": "no target", "SFN-02": "multiple targets"}
_ERROR_RE = re.compile(
    r'<span class="error harv-error"[^>]*>\s*(\S+) error: (no target|multiple targets) ?(?:\(\d+×\))?: '
    r"(.*?) \(<a "
)
_FOOTNOTE_CALL_RE = re.compile(
    r"\{\{\s*(?:[Ss]fnm?p?|SFN|[Hh]arv(?:nb|txt|p|col|colnb|coltxt)?|[Hh]arvard citation[a-z ]*)\s*\|"
)
_TEMPLATE_NAME_RE = re.compile(r"\{\{\s*([^{}|<>\[\]\n#:]+?)\s*(?=[|}\n])")
STUB = "{{#invoke:Agreement stub|render}}"
STUB_MODULE = """-- Stands in for a missing template: renders every argument, so footnotes inside are seen.
return { render = function (frame)
\tlocal out = {}
\tfor _, value in pairs (frame:getParent().args) do out[#out + 1] = value end
\treturn table.concat (out, ' ')
end }
"""

Verdict = tuple[str, str]  # (kind, anchor)


@dataclass
class Page:
    group: str
    name: str
    text: str

    @property
    def title(self) -> str:
        return f"Agreement/{self.group}/{self.name}"


@dataclass
class Compared:
    page: Page
    module: set[Verdict]
    maintbot: set[Verdict]
    other_templates: int  # module messages from templates maintbot does not check for targets

    @property
    def disagreements(self) -> list[str]:
        only_module = sorted(self.module - self.maintbot)
        only_bot = sorted(self.maintbot - self.module)
        return [f"{self.page.title}: module only {v}" for v in only_module] + [
            f"{self.page.title}: maintbot only {v}" for v in only_bot
        ]


def _pages() -> Iterator[Page]:
    seed = SHARED / "seed" / "great-terror.wiki"
    yield Page("seed", "Great Terror", seed.read_text(encoding="utf-8"))
    manifest = tomllib.loads((localwiki.PAGES / "pages.toml").read_text(encoding="utf-8"))
    for entry in manifest["page"]:
        if ":" not in entry["title"] and "file" in entry:
            text = (localwiki.PAGES / entry["file"]).read_text(encoding="utf-8")
            yield Page("sample", entry["title"], text)
    for path in sorted(CORPUS.glob("*.wiki")):
        text = path.read_text(encoding="utf-8")
        if _FOOTNOTE_CALL_RE.search(text):
            yield Page("corpus", path.stem.replace("_", " "), text)
    for path in sorted(CASES.glob("*.wiki")):
        yield Page("cases", path.stem, path.read_text(encoding="utf-8"))


def _existing_templates(wiki: LocalWiki) -> set[str]:
    titles: set[str] = set()
    params = {"action": "query", "list": "allpages", "apnamespace": "10", "aplimit": "max"}
    while True:
        reply = wiki.api(**params)
        titles.update(page["title"].removeprefix("Template:") for page in reply["query"]["allpages"])
        if "continue" not in reply:
            return titles
        params.update(reply["continue"])


def _holders(text: str) -> Iterator[str]:
    """Names of the templates that hold a footnote call or a ``<ref>`` in their arguments."""
    inner = sorted(m.start() for m in _FOOTNOTE_CALL_RE.finditer(text))
    inner += [m.start() for m in re.finditer(r"<ref[\s>]", text)]
    inner.sort()
    opened: list[int] = []
    for brace in re.finditer(r"\{\{|\}\}", text):
        if brace.group() == "{{":
            opened.append(brace.start())
        elif opened:
            start = opened.pop()
            first = bisect.bisect_right(inner, start)
            if first < len(inner) and inner[first] < brace.start():
                name = _TEMPLATE_NAME_RE.match(text, start)
                if name:
                    yield name.group(1)


def _stubs(pages: list[Page], existing: set[str]) -> dict[str, str]:
    names = {normalize_name(name) for page in pages for name in _holders(page.text)}
    stubs = {f"Template:{name}": STUB for name in sorted(names - existing) if name and "{" not in name}
    return {"Module:Agreement stub": STUB_MODULE, **stubs}


def _rendered(wiki: LocalWiki, title: str) -> str:
    """The page's HTML; long articles with hundreds of footnotes take a while on a busy machine."""
    query = urllib.parse.urlencode(
        {"action": "parse", "page": title, "prop": "text", "disablelimitreport": "1", "format": "json"}
    )
    with urllib.request.urlopen(f"{wiki.api_url}?{query}", timeout=600) as reply:
        return str(json.load(reply)["parse"]["text"]["*"])


def _site_data(wiki: LocalWiki) -> SiteData:
    """What a run on this wiki reads: its whitelist, anchor data and template redirects."""
    modules = dict(localwiki.tsv(localwiki.MODULES / "MANIFEST.tsv"))
    texts = {page: (localwiki.MODULES / modules[page]).read_text(encoding="utf-8") for page in modules}
    listed = wiki.api(
        action="query", list="allpages", apnamespace="10", apfilterredir="redirects", aplimit="max"
    )
    titles = [page["title"] for page in listed["query"]["allpages"]]
    reply = wiki.api(action="query", titles="|".join(titles), redirects="1") if titles else {"query": {}}
    redirects: dict[str, list[str]] = {}
    for pair in reply["query"].get("redirects", []):
        redirects.setdefault(pair["to"].removeprefix("Template:"), []).append(
            pair["from"].removeprefix("Template:")
        )
    return from_modules(
        whitelist=texts[WHITELIST_PAGE], anchor_data=texts[ANCHOR_DATA_PAGE], redirects=redirects
    )


def _module_verdicts(rendered: str, site: SiteData) -> tuple[set[Verdict], int]:
    verdicts: set[Verdict] = set()
    others = 0
    for template, kind, anchor in _ERROR_RE.findall(rendered):
        if site.family_of(normalize_name(template)) in FOOTNOTE_FAMILIES:
            verdicts.add((kind, html.unescape(anchor)))
        else:
            others += 1
    return verdicts, others


def _maintbot_verdicts(text: str, site: SiteData) -> set[Verdict]:
    rules = select(["SFN-01", "SFN-02"])  # SFN-01 selects SFN-01a too
    return {(KINDS[f.code], f.anchor or "") for f in check_text(text, rules, site=site) if f.code in KINDS}


@pytest.fixture(scope="module")
def compared(local_wiki_server: LocalWiki) -> Iterator[list[Compared]]:
    if not localwiki.modules_present():
        pytest.skip("../shared/wiki-modules is not present: the local wiki has no Module:Footnotes")
    wiki = local_wiki_server
    pages = list(_pages())
    existing = _existing_templates(wiki)
    saved = {page.title: page.text for page in pages} | _stubs(pages, existing)
    localwiki.import_pages(wiki.dir, saved, updates=False)
    site = _site_data(wiki)

    def render(page: Page) -> Compared:
        module, others = _module_verdicts(_rendered(wiki, page.title), site)
        return Compared(page, module, _maintbot_verdicts(page.text, site), others)

    try:
        # Two at a time: the wiki serves four workers, the machine has two cores.
        with ThreadPoolExecutor(max_workers=2) as pool:
            yield list(pool.map(render, pages))
    finally:
        localwiki.reset(wiki.dir)  # the pristine wiki back for the tests after this one


def _report(results: list[Compared], capsys: pytest.CaptureFixture[str]) -> None:
    messages = sum(len(r.module) for r in results)
    findings = sum(len(r.maintbot) for r in results)
    disagreements = sum(len(r.disagreements) for r in results)
    others = sum(r.other_templates for r in results)
    with capsys.disabled():
        print(
            f"\nagreement: {len(results)} pages, {messages} module messages (verdicts) and {findings}"
            f" maintbot findings compared, {disagreements} disagreements; {others} module messages"
            " from templates maintbot does not check for targets"
        )


def test_figures_are_printed(compared: list[Compared], capsys: pytest.CaptureFixture[str]) -> None:
    _report(compared, capsys)
    assert {r.page.group for r in compared} >= {"seed", "sample", "cases"}


@pytest.mark.parametrize(
    "group",
    ["seed", "sample", "corpus", "cases"],
)
def test_maintbot_reports_exactly_the_targets_the_module_renders(
    compared: list[Compared], group: str
) -> None:
    results = [r for r in compared if r.page.group == group]
    if group == "corpus" and not results:
        pytest.skip("../shared/corpus is not present")
    assert [d for r in results for d in r.disagreements] == []


def test_the_module_really_renders_its_errors(compared: list[Compared]) -> None:
    # Guards the comparison itself: a wiki that rendered no module (say, no Scribunto) would
    # agree with a maintbot that found nothing.
    seed = next(r for r in compared if r.page.group == "seed")
    assert seed.module
    # The harv family's names and year are read as {{sfn}}'s (SFN-04, SFN-05, SFN-06 shapes).
    harv = next(r for r in compared if r.page.name == "harv-positionals")
    assert harv.module == {
        ("no target", "CITEREFAlder2004Birch"),
        ("no target", "CITEREFAlphaBetaGammaDelta"),
    }
