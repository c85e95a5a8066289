"""API economy: the bot asks the wiki a batch of pages at a time, never one question per page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.config import load
from bot.wiki.request_page import process_requests
from bot.wiki.runner import RunSummary, run_bot
from bot.wiki.sources import Selection
from scripts.make_dump import write_dump
from tests.integration.faultproxy import fault_proxy
from tests.support.daemon import REQUESTS, service_config
from tests.support.localwiki import PORT, LocalWiki

CITATION = "* {{cite book |last=Smith |year=2005 |title=Mills}}"
SHUTOFF = "User:MaintBot/Shutoff"
Requests = list[dict[str, list[str]]]


def _mix(count: int) -> list[tuple[str, str]]:
    """Clean pages, pages whose footnote has no target (a talk report), image blocks naming files."""
    pages = []
    for i in range(count):
        if i % 3 == 0:
            text = f"Weir {i} is quiet.{{{{sfn|Smith|2005|p={i}}}}}\n\n{CITATION}"
        elif i % 3 == 1:
            text = f"Mill {i} ground grain.{{{{sfn|Nobody|1999|p={i}}}}}\n\n{CITATION}"
        else:
            text = (
                f"{{{{multiple image|image1=Sluice {i}.jpg|alt1=A sluice|image2=Gate {i % 7}.jpg"
                f"|alt2=A gate}}}}\nSluice {i}.{{{{sfn|Smith|2005|p={i}}}}}\n\n{CITATION}"
            )
        pages.append((f"Economy page {i}", text))
    return pages


def _fixable(count: int) -> list[tuple[str, str]]:
    """Pages each with one safe fix to make."""
    return [
        (f"Economy fix {i}", f"Sluice {i}.{{{{sfn|Smith|2005|pp={i}β{i + 2}}}}}\n\n{CITATION}")
        for i in range(count)
    ]


def _import(wiki: LocalWiki, pages: list[tuple[str, str]], folder: Path) -> None:
    write_dump(pages, folder / "mix.xml")
    wiki.maintenance("maintenance/importDump.php", str(folder / "mix.xml"))


def _run(
    wiki: LocalWiki,
    base: str,
    pages: list[tuple[str, str]],
    folder: Path,
    *,
    dry_run: bool,
    out_dir: Path | None = None,
    **run: Any,
) -> RunSummary:
    """A run over ``pages`` through the proxy at ``base``, which records every request it makes."""
    folder.mkdir(exist_ok=True)
    config = _through(wiki, base, wiki.config(folder, **run))
    titles = tuple(title for title, _ in pages)
    return run_bot(
        load(config), Selection(titles=titles), dry_run=dry_run, out_dir=out_dir, echo=lambda _: None
    )


def _through(wiki: LocalWiki, base: str, config: Path) -> Path:
    """``config`` made to reach the wiki through the proxy at ``base``."""
    # A family name per proxy: pywikibot keeps one family object, with its URL, per name.
    config.write_text(
        config.read_text()
        .replace(wiki.api_url, f"{base}/api.php")
        .replace('name = "testwiki"', f'name = "economy{base.rsplit(":", 1)[1]}"')
    )
    return config


def test_a_dry_run_over_200_listed_pages_takes_at_most_25_requests(wiki: LocalWiki, tmp_path: Path) -> None:
    pages = _mix(200)
    _import(wiki, pages, tmp_path)
    with fault_proxy(f"http://127.0.0.1:{PORT}", []) as (proxy, base):
        summary = _run(wiki, base, pages, tmp_path, dry_run=True)
    requests = proxy.requests
    counts = summary.counts
    assert counts["read"] == 200
    assert counts["skipped"] == counts["failed"] == 0
    missing_files = [o for o in summary.outcomes if "MI-05" in o.talk_text]
    assert len(missing_files) == 66  # every image page: the files were asked about, and are missing
    assert counts["reported"] == 66 + 67  # and every footnote without a target
    assert len(requests) <= 25, _listing(requests)


def test_a_review_page_adds_one_parse_request_per_planned_report_and_nothing_else(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    pages = _mix(30)
    _import(wiki, pages, tmp_path)
    with fault_proxy(f"http://127.0.0.1:{PORT}", []) as (proxy, base):
        summary = _run(wiki, base, pages, tmp_path, dry_run=True, out_dir=tmp_path / "plans")
    parses = [r for r in proxy.requests if r.get("action") == ["parse"]]
    planned = sorted(o.talk_title for o in summary.outcomes if o.talk_text)
    assert len(planned) == 20
    assert sorted(r["title"][0] for r in parses) == planned  # each under its own talk page's title
    assert len(proxy.requests) - len(parses) <= 25, _listing(proxy.requests)  # the dry run's own bound


def test_a_dry_run_asks_which_pages_the_bot_edited_in_the_queries_that_read_their_text(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    pages = _mix(90) + _fixable(10)
    _import(wiki, pages, tmp_path)
    with fault_proxy(f"http://127.0.0.1:{PORT}", []) as (proxy, base):
        summary = _run(wiki, base, pages, tmp_path, dry_run=True)
    assert summary.counts["edited"] == 10  # each a page whose history is read before its edit
    texts = [r for r in proxy.requests if _page_reads([r]) and "content" in r.get("rvprop", [""])[0]]
    alone = [r for r in proxy.requests if r.get("prop") == ["contributors"]]
    assert not alone, _listing(alone)
    assert all("contributors" in r["prop"][0].split("|") for r in texts), _listing(texts)
    # Anonymous, 50 titles a query: the 100 pages, the talk pages of their 60 reports and the 37
    # files their image blocks name are 197 titles, in four full queries and one with the rest.
    assert len(_page_reads(proxy.requests)) <= 5, _listing(proxy.requests)


def test_a_request_run_logs_in_once_and_asks_about_the_account_once(wiki: LocalWiki, tmp_path: Path) -> None:
    wiki.edit_as("Admin", REQUESTS, "* page: Mill history")
    with fault_proxy(f"http://127.0.0.1:{PORT}", []) as (proxy, base):
        handled = process_requests(load(_through(wiki, base, service_config(wiki, tmp_path))))
    assert [status for _, status in handled] == ["done"]
    logins = [r for r in proxy.requests if r.get("action", [""])[0] in ("login", "clientlogin")]
    # pywikibot adds meta=userinfo to many queries; these ask only about the account.
    accounts = [
        r for r in proxy.requests if r.get("meta") == ["userinfo"] and not r.keys() & {"prop", "list"}
    ]
    assert len(logins) == 1, _listing(proxy.requests)
    # pywikibot asks twice before logging in and once after, with the block; the run asks again
    # only after a refused save (none here).
    assert len(accounts) <= 3, _listing(accounts)


def _listing(requests: Requests) -> str:
    return "\n".join(" ".join(f"{k}={v[0][:40]}" for k, v in sorted(r.items())) for r in requests)


def _page_reads(requests: Requests) -> list[str]:
    """The requests that read the run's pages (text with protection, files, talk pages, the bot's
    own edits in their histories), by what they name; not the wiki's own data (templates,
    modules), which the state database may hold."""
    named = (r.get("titles", r.get("pageids", r.get("revids"))) for r in requests)
    return sorted(
        n[0] for n in named if n and n[0] != SHUTOFF and not n[0].startswith(("Module:", "Template:"))
    )


def _per_run(request: dict[str, list[str]]) -> bool:
    """A request a run makes once, whatever its pages."""
    if request.get("action", [""])[0] in ("paraminfo", "login", "logout"):
        return True
    return "prop" not in request or request.get("titles", [""])[0].startswith(("Module:", "Template:"))


def test_a_live_run_adds_only_the_saves_and_the_shutoff_read_before_each(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    pages = _mix(45) + _fixable(5)
    _import(wiki, pages, tmp_path)
    wiki.edit_as("Admin", SHUTOFF, "run")
    # The same batches both ways: a bot account may otherwise read ten times more pages at once.
    with fault_proxy(f"http://127.0.0.1:{PORT}", []) as (proxy, base):
        dry = _run(wiki, base, pages, tmp_path / "dry", dry_run=True, batch_size=20)
        dry_requests = list(proxy.requests)
        proxy.requests.clear()
        live = _run(wiki, base, pages, tmp_path / "live", dry_run=False, batch_size=20, shutoff_page=SHUTOFF)
    live_requests = proxy.requests
    assert dry.counts["edited"] == live.counts["edited"] == 5, (dry.text(), live.text())
    assert dry.counts["reported"] == live.counts["reported"] == 30  # 15 without target, 15 missing files
    saves = [r for r in live_requests if r.get("action") == ["edit"]]
    shutoff_reads = [r for r in live_requests if r.get("titles") == [SHUTOFF]]
    assert len(saves) == 5 + 30
    assert len(shutoff_reads) == len(saves) + 1  # before the run and before each save
    assert _page_reads(live_requests) == _page_reads(dry_requests)  # batch for batch
    # What is left is the run's own cost, whatever its pages: logging in, the account's rights
    # and tokens, site info, the API's parameter descriptions, the wiki's own data.
    counted = {id(r) for r in saves + shutoff_reads}
    rest = [r for r in live_requests if id(r) not in counted and not _page_reads([r])]
    assert all(_per_run(r) for r in rest), _listing(rest)
