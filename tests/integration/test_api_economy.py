"""API economy: the bot asks the wiki a batch of pages at a time, never one question per page."""

from __future__ import annotations

from pathlib import Path

from bot.config import load
from bot.wiki.runner import run_bot
from bot.wiki.sources import Selection
from scripts.make_dump import write_dump
from tests.integration.faultproxy import fault_proxy
from tests.support.localwiki import PORT, LocalWiki

CITATION = "* {{cite book |last=Smith |year=2005 |title=Mills}}"


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


def test_a_dry_run_over_200_listed_pages_takes_at_most_25_requests(wiki: LocalWiki, tmp_path: Path) -> None:
    pages = _mix(200)
    write_dump(pages, tmp_path / "mix.xml")
    wiki.maintenance("maintenance/importDump.php", str(tmp_path / "mix.xml"))
    with fault_proxy(f"http://127.0.0.1:{PORT}", []) as (proxy, base):
        config = wiki.config(tmp_path)
        # A family name of its own: pywikibot keeps one family object per name for the process.
        config.write_text(
            config.read_text()
            .replace(wiki.api_url, f"{base}/api.php")
            .replace('name = "testwiki"', 'name = "economywiki"')
        )
        titles = tuple(title for title, _ in pages)
        summary = run_bot(load(config), Selection(titles=titles), dry_run=True, echo=lambda _: None)
    counts = summary.counts
    assert counts["read"] == 200
    assert counts["skipped"] == counts["failed"] == 0
    missing_files = [o for o in summary.outcomes if "MI-05" in o.talk_text]
    assert len(missing_files) == 66  # every image page: the files were asked about, and are missing
    assert counts["reported"] == 66 + 67  # and every footnote without a target
    asked = [" ".join(f"{k}={v[0][:40]}" for k, v in sorted(r.items())) for r in proxy.requests]
    assert len(proxy.requests) <= 25, "\n".join(asked)
