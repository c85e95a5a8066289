"""Reading MediaWiki XML dumps: plain .xml, .xml.bz2, and multistream .xml.bz2.

A multistream dump is a series of independent bzip2 streams of about a hundred pages each; its
index (``…-multistream-index.txt.bz2``: ``offset:page_id:title`` lines) says where each stream
starts, so streams can be decompressed and parsed in parallel, anywhere.
"""

from __future__ import annotations

import bz2
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree


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


def _namespace_of(title: str, prefixes: dict[str, int]) -> int:
    """The namespace a title's prefix names (dumps before schema 0.6 have no <ns>)."""
    prefix, colon, _ = title.partition(":")
    return prefixes.get(prefix, 0) if colon else 0


def _pages(root: ElementTree.Element, namespaces: frozenset[int] | None) -> Iterator[DumpPage]:
    xmlns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    prefixes = {
        (namespace.text or ""): int(namespace.get("key", "0"))
        for namespace in root.iterfind(f"{xmlns}siteinfo/{xmlns}namespaces/{xmlns}namespace")
    }
    for page in root.iterfind(f"{xmlns}page"):
        title = (page.findtext(f"{xmlns}title") or "").replace("_", " ")
        written = page.findtext(f"{xmlns}ns")
        namespace = int(written) if written is not None else _namespace_of(title, prefixes)
        if namespaces is not None and namespace not in namespaces:
            continue
        revisions = page.findall(f"{xmlns}revision")  # a history dump has many; the last is current
        if not revisions or page.find(f"{xmlns}redirect") is not None:
            continue
        latest = revisions[-1]
        yield DumpPage(
            title,
            namespace,
            int(page.findtext(f"{xmlns}id") or 0),
            int(latest.findtext(f"{xmlns}id") or 0),
            latest.findtext(f"{xmlns}text") or "",
        )


PAGE_END = b"</page>"  # never inside a page's text, where XML escapes "<"
BLOCK = 1 << 20


def _decompressed(path: Path, threads: int) -> Iterator[bytes]:
    """The dump's XML in blocks; bzip2 by lbzip2 on ``threads`` cores where it is installed."""
    if path.suffix != ".bz2":
        with open(path, "rb") as plain:
            while block := plain.read(BLOCK):
                yield block
        return
    lbzip2 = shutil.which("lbzip2")
    if lbzip2 is None:
        with bz2.open(path, "rb") as packed:
            while block := packed.read(BLOCK):
                yield block
        return
    command = [lbzip2, "-d", "-c", "-n", str(threads), str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        while block := process.stdout.read(BLOCK):
            yield block
        error = process.stderr.read().decode("utf-8", "replace").strip()
        if process.wait() != 0:
            raise OSError(error.splitlines()[-1] if error else f"lbzip2 exited {process.returncode}")


def xml_chunks(path: Path, chunk_bytes: int, threads: int = 1) -> Iterator[tuple[str, bytes]]:
    """A single-stream dump cut into (header, pages) pieces of whole pages, each ending at the
    first ``</page>`` past ``chunk_bytes``, read in order with bounded memory; each piece parses on
    its own, like a stream of a multistream dump. Cut by size, not by a count of pages, so that
    pieces cost the workers alike whatever the pages' sizes."""
    header: str | None = None
    buffer = bytearray()
    scanned = 0  # no </page> ends before this, from where the search for a cut may start
    try:
        for block in _decompressed(path, threads):
            buffer += block
            if header is None:
                first = buffer.find(b"<page>")
                if first < 0:
                    continue
                header = buffer[:first].decode("utf-8")
                del buffer[:first]
            while len(buffer) >= chunk_bytes:
                found = buffer.find(PAGE_END, max(scanned, chunk_bytes - len(PAGE_END)))
                if found < 0:
                    scanned = len(buffer) - len(PAGE_END) + 1  # a tag may span two blocks
                    break
                cut = found + len(PAGE_END)
                yield header, bytes(buffer[:cut])
                del buffer[:cut]
                scanned = 0
    except (OSError, EOFError, ValueError) as error:
        raise DumpError(f"{path}: cannot read the dump: {error}") from None
    if header is None:
        raise DumpError(f"{path}: cannot read the dump: no <page> in it")
    if b"<page>" in buffer:
        yield header, bytes(buffer)


def pages_from_xml(header: str, body: bytes, namespaces: frozenset[int] | None = None) -> list[DumpPage]:
    """The pages of one piece of a dump, parsed on their own (header + pages + closing tag).

    ElementTree builds the piece in C: mwxml's element-by-element reading in Python cost a third
    of the time of decompressing the piece."""
    head = header.replace("</mediawiki>", "").encode("utf-8")
    try:
        root = ElementTree.fromstring(head + body.replace(b"</mediawiki>", b"") + b"</mediawiki>")
        return list(_pages(root, namespaces))
    except (ValueError, ElementTree.ParseError) as error:
        raise DumpError(f"cannot read a piece of the dump: {error}") from None


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
    """The pages of one stream (which may hold the footer too)."""
    with open(path, "rb") as dump:
        dump.seek(stream.start)
        raw = dump.read(stream.end - stream.start)
    return pages_from_xml(header, bz2.decompress(raw), namespaces)
