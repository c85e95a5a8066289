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
from xml.parsers import expat


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


class _PageReader:
    """Expat handlers that keep, of each ``<page>``, what a DumpPage holds, read as ElementTree's
    ``findtext`` reads it: the first such child of the page (of its last revision for the id and
    the text), its text before any child element of its own, in the root element's namespace.

    Only those elements' text is joined; ElementTree kept the text of every element of the piece
    and built them all, which cost twice the time for the same pages. The pages are made once the
    whole piece is read, as from ElementTree's whole tree: a ``<siteinfo>`` after a page names the
    namespace of a page without ``<ns>`` too."""

    def __init__(self, wanted: frozenset[int] | None) -> None:
        self.wanted = wanted
        self.read_pages: list[tuple[dict[str, str | None], bool]] = []  # fields, whether a page to keep
        self.prefixes: dict[str, int] = {}  # from <siteinfo>: dumps before schema 0.6 have no <ns>
        self.xmlns = ""
        self.path: list[str | None] = []  # the local names of the open elements
        self.fields: dict[str, str | None] = {}
        self.revisions = 0
        self.redirect = False
        self.reading: str | None = None  # the field whose text is being read
        self.reading_depth = 0
        self.pieces: list[str] = []
        self.namespace_key = "0"

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self._stop_reading()  # text after a child element is not its parent's .text
        if not self.path:
            self.xmlns = name[: name.index("}") + 1] if "}" in name else ""
        local = name[len(self.xmlns) :] if name.startswith(self.xmlns) else None
        self.path.append(local)
        depth = len(self.path)
        if depth == 2 and local == "page":
            self.fields = dict.fromkeys(("title", "ns", "id", "revision id", "text"))
            self.revisions = 0
            self.redirect = False
        elif depth == 3 and self.path[1] == "page":
            if local == "revision":
                self.revisions += 1  # a history dump has many; the last is current
                self.fields["revision id"] = self.fields["text"] = None
            elif local == "redirect":
                self.redirect = True
            elif local in ("title", "ns", "id") and self.fields[local] is None:
                self._read(local, depth)
        elif depth == 4 and self.path[1] == "page" and self.path[2] == "revision":
            field = "revision id" if local == "id" else local
            if field in ("revision id", "text") and self.fields[field] is None:
                self._read(field, depth)
        elif depth == 4 and self.path[1:] == ["siteinfo", "namespaces", "namespace"]:
            self.namespace_key = attributes.get("key", "0")
            self._read("namespace", depth)

    def end(self, _name: str) -> None:
        depth = len(self.path)
        if self.reading is not None and depth == self.reading_depth:
            self._stop_reading()
        if depth == 2 and self.path[1] == "page":
            self._page_done()
        self.path.pop()

    def characters(self, data: str) -> None:
        if self.reading is not None:
            self.pieces.append(data)

    def _read(self, field: str, depth: int) -> None:
        self.reading, self.reading_depth = field, depth
        self.pieces = []

    def _stop_reading(self) -> None:
        if self.reading is None:
            return
        text = "".join(self.pieces)
        if self.reading == "namespace":
            self.prefixes[text] = int(self.namespace_key)
        else:
            self.fields[self.reading] = text
        self.reading = None

    def _page_done(self) -> None:
        self.read_pages.append((self.fields, self.revisions > 0 and not self.redirect))

    def pages(self) -> list[DumpPage]:
        """The pages read, in the namespaces wanted; a redirect or a page without a revision is none."""
        pages: list[DumpPage] = []
        for fields, kept in self.read_pages:
            title = (fields["title"] or "").replace("_", " ")
            written = fields["ns"]
            namespace = int(written) if written is not None else _namespace_of(title, self.prefixes)
            if kept and (self.wanted is None or namespace in self.wanted):
                revision, text = int(fields["revision id"] or 0), fields["text"] or ""
                pages.append(DumpPage(title, namespace, int(fields["id"] or 0), revision, text))
        return pages


def _refuse_skipped_entity(name: str, is_parameter_entity: bool) -> None:
    """Under a DTD expat cannot read, it skips an entity no declaration defines; ElementTree
    refuses it, and so does the reader: a page's text never silently loses characters."""
    if not is_parameter_entity:  # one in the DTD only declares what the DTD would have
        raise ValueError(f"undefined entity &{name};")


def _refuse_external_entity(
    _context: str, _base: str | None, system_id: str | None, _public_id: str | None
) -> int:
    """An entity declared to be read from a file or an address is never read (ElementTree
    refuses it too): the dump's text is the dump's alone."""
    raise ValueError(f"an external entity ({system_id}) is not read")


TEXT_BUFFER = 1 << 20  # a page's text in a few calls
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

    Expat reads the piece in C and calls back only at elements: mwxml's element-by-element reading
    in Python cost a third of the time of decompressing the piece."""
    head = header.replace("</mediawiki>", "").encode("utf-8")
    reader = _PageReader(namespaces)
    parser = expat.ParserCreate(namespace_separator="}")  # "uri}name", as ElementTree's "{uri}name"
    parser.buffer_text = True  # one call for a run of text, not one per line or entity
    parser.buffer_size = TEXT_BUFFER
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    parser.SkippedEntityHandler = _refuse_skipped_entity
    parser.ExternalEntityRefHandler = _refuse_external_entity
    try:
        parser.Parse(head + body.replace(b"</mediawiki>", b"") + b"</mediawiki>", True)
        return reader.pages()
    except (ValueError, expat.ExpatError) as error:
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
