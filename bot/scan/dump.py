"""Reading MediaWiki XML dumps with mwxml: plain .xml, .xml.bz2, and multistream .xml.bz2.

A multistream dump is a series of independent bzip2 streams of about a hundred pages each; its
index (``…-multistream-index.txt.bz2``: ``offset:page_id:title`` lines) says where each stream
starts, so streams can be decompressed and parsed in parallel, anywhere.
"""

from __future__ import annotations

import bz2
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import mwxml


class DumpError(Exception):
    """A dump that cannot be read; the message names the file."""


@dataclass(frozen=True, slots=True)
class DumpPage:
    title: str
    namespace: int
    page_id: int
    revision: int
    text: str


@dataclass(frozen=True, slots=True)
class Stream:
    """One independent bzip2 stream of a multistream dump: bytes [start, end) of the file."""

    start: int
    end: int


def _pages(dump: mwxml.Dump, namespaces: frozenset[int] | None) -> Iterator[DumpPage]:
    for page in dump:
        if namespaces is not None and page.namespace not in namespaces:
            continue
        latest = None
        for revision in page:  # a history dump has many; the last one is current
            latest = revision
        if latest is None or page.redirect:
            continue
        yield DumpPage(page.title, page.namespace, page.id, latest.id, latest.text or "")


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".bz2":
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")


def read_pages(path: Path, namespaces: frozenset[int] | None = None) -> Iterator[DumpPage]:
    """Every current page of a dump, in order, read sequentially with bounded memory."""
    try:
        with _open(path) as handle:
            yield from _pages(mwxml.Dump.from_file(handle), namespaces)
    except (OSError, EOFError, ValueError, ParseError) as error:  # ParseError: not XML at all
        raise DumpError(f"{path}: cannot read the dump: {error}") from None


def index_path(path: Path) -> Path | None:
    """The multistream index beside a dump, if there is one."""
    name = path.name
    if "multistream" not in name or not name.endswith(".xml.bz2"):
        return None
    candidate = path.with_name(name.replace(".xml.bz2", "-index.txt.bz2"))
    return candidate if candidate.exists() else None


def streams(path: Path, index: Path) -> tuple[str, list[Stream]]:
    """The dump's XML header (site info) and its page streams, from the index."""
    offsets: set[int] = set()
    try:
        with bz2.open(index, "rt", encoding="utf-8") as lines:
            for line in lines:
                offset, _, _ = line.partition(":")
                if offset:
                    offsets.add(int(offset))
    except (OSError, EOFError, ValueError) as error:
        raise DumpError(f"{index}: cannot read the multistream index: {error}") from None
    ordered = sorted(offsets)
    if not ordered:
        raise DumpError(f"{index}: the index lists no streams")
    size = path.stat().st_size
    with open(path, "rb") as dump:
        header = bz2.decompress(dump.read(ordered[0])).decode("utf-8")
    bounds = [*ordered, size]
    return header, [Stream(bounds[i], bounds[i + 1]) for i in range(len(ordered))]


def read_stream(
    path: Path, header: str, stream: Stream, namespaces: frozenset[int] | None = None
) -> list[DumpPage]:
    """The pages of one stream, parsed on their own (header + pages + closing tag)."""
    with open(path, "rb") as dump:
        dump.seek(stream.start)
        raw = dump.read(stream.end - stream.start)
    body = bz2.decompress(raw).decode("utf-8").replace("</mediawiki>", "")  # may hold the footer stream too
    head = header.replace("</mediawiki>", "")
    document = io.StringIO(f"{head}{body}</mediawiki>")
    return list(_pages(mwxml.Dump.from_file(document), namespaces))
