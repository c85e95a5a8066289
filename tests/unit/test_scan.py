"""scan-dump: every dump format gives the same worklist, resumes exactly, and runs on Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.scan.dump import pages_from_xml, xml_chunks
from bot.scan.engine import scan_dump
from scripts.make_dump import page_xml, write_dump
from tests.support.paths import DATA

SEED = (DATA / "great-terror.wiki").read_text(encoding="utf-8")
MILL = (DATA / "wiki" / "mill_history.fixed.wiki").read_text(encoding="utf-8")


def pages(count: int = 250) -> list[tuple[str, str]]:
    made = []
    for i in range(count):
        if i % 50 == 0:
            made.append((f"Seed {i}", SEED))
        elif i % 7 == 0:
            made.append((f"Mill {i}", MILL.replace("p=3}}", f"p={i}-{i + 2}}}")))
        else:
            made.append((f"Quiet {i}", f"Plain text number {i} with no templates & <b>markup</b>."))
    return made


def worklist(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dumps")
    made = {}
    for name in ("plain.xml", "plain.xml.bz2", "wiki-multistream.xml.bz2"):
        write_dump(pages(), folder / name)
        made[name] = folder / name
    return made


def test_every_dump_format_gives_the_same_worklist(dumps: dict[str, Path], tmp_path: Path) -> None:
    results = {}
    for name, dump in dumps.items():
        out = tmp_path / f"{name}.jsonl"
        report = scan_dump(dump, out, workers=2, resume=False)
        assert report.pages == 250
        results[name] = out.read_text(encoding="utf-8")
    assert len(set(results.values())) == 1


def test_a_single_stream_dump_reads_the_same_without_lbzip2(
    dumps: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_lbzip2 = tmp_path / "lbzip2.jsonl"
    scan_dump(dumps["plain.xml.bz2"], with_lbzip2, workers=2, resume=False)
    monkeypatch.setattr("bot.scan.dump.shutil.which", lambda _name: None)
    python_bz2 = tmp_path / "bz2.jsonl"
    report = scan_dump(dumps["plain.xml.bz2"], python_bz2, workers=2, resume=False)
    assert report.pages == 250
    assert python_bz2.read_text(encoding="utf-8") == with_lbzip2.read_text(encoding="utf-8")


def test_worklist_records_carry_title_revision_and_findings(dumps: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "w.jsonl"
    report = scan_dump(dumps["wiki-multistream.xml.bz2"], out, workers=2, resume=False)
    records = worklist(out)
    seeds = [r for r in records if str(r["title"]).startswith("Seed")]
    assert len(seeds) == 5
    first = seeds[0]
    assert first["revision"] == first["page_id"] == 1
    findings = first["findings"]
    assert isinstance(findings, list)
    codes = [f["code"] for f in findings]
    assert codes.count("SFN-12") == 17
    assert codes.count("SFN-11") == 1
    assert report.codes["SFN-12"] == 5 * 17
    summary = json.loads((tmp_path / "w.jsonl.summary.json").read_text())
    assert summary["pages"] == 250
    assert summary["findings_by_code"]["SFN-12"] == 85


def test_namespaces_are_filtered(tmp_path: Path) -> None:
    dump = tmp_path / "ns.xml"
    write_dump([("Seed", SEED)], dump)
    text = dump.read_text(encoding="utf-8").replace(
        "</mediawiki>", page_xml("Template:X", 9, SEED, 10) + "</mediawiki>"
    )
    dump.write_text(text, encoding="utf-8")
    scan_dump(dump, tmp_path / "main.jsonl", workers=1, resume=False)
    assert [r["title"] for r in worklist(tmp_path / "main.jsonl")] == ["Seed"]
    scan_dump(dump, tmp_path / "both.jsonl", namespaces=(0, 10), workers=1, resume=False)
    assert [r["title"] for r in worklist(tmp_path / "both.jsonl")] == ["Seed", "Template:X"]


def test_a_single_stream_dump_is_cut_by_size_at_page_ends(dumps: dict[str, Path]) -> None:
    pieces = list(xml_chunks(dumps["plain.xml.bz2"], 20_000))
    assert len(pieces) > 2
    for _header, body in pieces[:-1]:
        assert body.endswith(b"</page>")
        assert len(body) >= 20_000
    assert sum(len(pages_from_xml(header, body)) for header, body in pieces) == 250


@pytest.mark.parametrize("name", ["plain.xml.bz2", "wiki-multistream.xml.bz2"])
def test_an_interrupted_scan_resumes_to_the_same_output(
    dumps: dict[str, Path], tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.scan.engine.CHUNK_BYTES", 50_000)  # a single-stream dump in pieces
    whole = tmp_path / "whole.jsonl"
    assert scan_dump(dumps[name], whole, workers=2, resume=False).units > 2
    part = tmp_path / "part.jsonl"
    scan_dump(dumps[name], part, workers=2, resume=False, stop_after_units=1)
    with open(part, "ab") as out:
        out.write(b'{"half-written": ')  # a crash mid-line: the resume must drop it
    resumed = scan_dump(dumps[name], part, workers=2, resume=True)
    assert resumed.resumed_from == 1
    assert part.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    assert resumed.pages == 250


@pytest.mark.slow  # starts a local Dask cluster
def test_a_dask_cluster_gives_the_same_output(dumps: dict[str, Path], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local.jsonl"
    scan_dump(dumps["wiki-multistream.xml.bz2"], local, workers=2, resume=False)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        remote = tmp_path / "dask.jsonl"
        scan_dump(
            dumps["wiki-multistream.xml.bz2"], remote, scheduler=cluster.scheduler_address, resume=False
        )
    assert remote.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_scan_dump_command_prints_the_summary(
    dumps: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.jsonl"
    assert main(["scan-dump", str(dumps["plain.xml.bz2"]), "--out", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("scanned 250 pages")
    assert "pages with findings -> " in printed
    assert "SFN-12" in printed


def test_a_missing_or_broken_dump_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan-dump", str(tmp_path / "absent.xml")]) == 2
    broken = tmp_path / "broken.xml.bz2"
    broken.write_bytes(b"not bzip2 at all")
    assert main(["scan-dump", str(broken), "--out", str(tmp_path / "b.jsonl"), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "absent.xml: no such dump" in err
    assert "broken.xml.bz2: cannot read the dump" in err
    assert "Traceback" not in err
