"""The benchmark scripts still run and print every row the README quotes (their figures are not
asserted: speed is measured by the benches, never by tests)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from benchmarks import bench_check, bench_scan
from tests.support.paths import DATA


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(DATA / "great-terror.wiki", folder / "Great_Terror.wiki")
    shutil.copy(DATA / "wiki" / "mill_history.fixed.wiki", folder / "Mill_history.wiki")
    for number in range(6):
        (folder / f"Quiet_{number}.wiki").write_text(f"Plain text {number} & <b>markup</b>.\n" * 50)
    return folder


@pytest.mark.skipif(shutil.which("lbzip2") is None, reason="the single-stream rows decompress with lbzip2")
def test_bench_scan_prints_every_row(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["bench_scan", str(corpus), "--repeat", "2", "--rounds", "2", "--pages-per-stream", "2"]
    monkeypatch.setattr(sys, "argv", argv)
    assert bench_scan.main() == 0
    out = capsys.readouterr().out
    assert "dumps: 16 pages" in out
    for layout in ("multistream", "single stream"):
        assert f"| {layout}: decompression alone, 2 cores |" in out
        assert f"| {layout}: scan-dump, 1 worker(s) |" in out
        assert f"| {layout}: scan-dump, 2 worker(s) |" in out
        assert f"{layout}: scan on 2 workers / decompression alone:" in out
    assert "the best of 2 rounds" in out
    assert "per MB of wikitext, one core (multistream): decompression" in out
    assert "a scan whose check cost nothing:" in out
    assert "a 100 GB dump on 16 cores:" in out


def test_bench_check_prints_every_row(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["bench_check", str(corpus), "--repeat", "1"])
    assert bench_check.main() == 0
    out = capsys.readouterr().out
    assert "pages: 8 (2 with a checked name, 6 with no name and no mark)" in out
    assert "| check, pages with a checked name | 2 |" in out
    assert "check / bare parse, per core:" in out


def test_steal_is_a_share_of_the_ticks_counted_once(tmp_path: Path) -> None:
    """/proc/stat's guest and guest_nice ticks are also in user and nice (proc(5)): not added twice."""
    stat = tmp_path / "stat"
    # user nice system idle iowait irq softirq steal guest guest_nice
    stat.write_text("cpu  600 0 100 200 0 0 0 100 500 0\ncpu0 600 0 100 200 0 0 0 100 500 0\n")
    assert bench_scan._steal(stat) == (100, 1000)


def _stages(check: float, footnoted: float, other: float) -> bench_scan.Stages:
    return bench_scan.Stages(
        decompression=0.1,
        xml=0.01,
        check=check,
        footnoted_check=footnoted,
        footnoted_share=0.5,
        other_check=other,
    )


def test_the_budget_lines_say_whether_the_check_fits(capsys: pytest.CaptureFixture[str]) -> None:
    """Within 1.3x of 0.1 s of decompression and 0.01 s of XML the check may cost 0.02 s per MB."""
    bench_scan._print_stages(_stages(check=0.08, footnoted=0.15, other=0.01))
    out = capsys.readouterr().out
    assert "the check may cost 0.0200 s per MB (50 MB/s per core), 4.0x less than now" in out
    assert "the aim holds for a dump with at most 7% of its text on pages holding a checked name" in out

    bench_scan._print_stages(_stages(check=0.01, footnoted=0.015, other=0.005))
    out = capsys.readouterr().out
    assert "the check may cost 0.0200 s per MB (50 MB/s per core); it costs 0.0100 s now: it fits" in out
    assert "less than now" not in out

    bench_scan._print_stages(_stages(check=0.08, footnoted=0.15, other=0.03))
    out = capsys.readouterr().out
    assert "the aim holds for no dump: the pages without a checked name alone cost 0.0300 s per MB" in out
