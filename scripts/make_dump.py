#!/usr/bin/env python3
"""Build a MediaWiki XML dump from .wiki files: plain .xml, .xml.bz2, or multistream .xml.bz2
with its index, as Wikimedia publishes them.

    python scripts/make_dump.py ../shared/corpus out/corpus-multistream.xml.bz2 --repeat 4

Each page gets a title from its file name (plus " (copy N)" when repeated), namespace 0, and
a page id and revision id counting up from 1.
"""

from __future__ import annotations

import argparse
import bz2
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Corpus</sitename>
    <dbname>corpuswiki</dbname>
    <base>http://127.0.0.1/index.php/Main_Page</base>
    <generator>MediaWiki 1.39.17</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"
PAGES_PER_STREAM = 100


def page_xml(title: str, page_id: int, text: str, namespace: int = 0) -> str:
    return (
        f"  <page>\n    <title>{escape(title)}</title>\n    <ns>{namespace}</ns>\n    <id>{page_id}</id>\n"
        f"    <revision>\n      <id>{page_id}</id>\n      <timestamp>2026-11-28T00:00:00Z</timestamp>\n"
        f"      <contributor><username>Corpus</username><id>1</id></contributor>\n"
        f"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text bytes="{len(text.encode())}" xml:space="preserve">{escape(text)}</text>\n'
        f"      <sha1>0</sha1>\n    </revision>\n  </page>\n"
    )


def corpus_pages(directory: Path, repeat: int = 1) -> Iterator[tuple[str, str]]:
    files = sorted(directory.glob("*.wiki"))
    for copy in range(repeat):
        for path in files:
            title = path.stem.replace("_", " ")
            yield (title if copy == 0 else f"{title} (copy {copy})"), path.read_text(encoding="utf-8")


def write_dump(pages: Iterable[tuple[str, str]], out: Path, pages_per_stream: int = PAGES_PER_STREAM) -> int:
    """Write the dump the file name asks for (a multistream one with ``pages_per_stream`` pages in
    each stream); returns the number of pages."""
    out.parent.mkdir(parents=True, exist_ok=True)
    numbered = [(i, title, text) for i, (title, text) in enumerate(pages, start=1)]
    if out.name.endswith("multistream.xml.bz2"):
        index_lines = []
        with open(out, "wb") as dump:
            dump.write(bz2.compress(HEADER.encode()))
            for start in range(0, len(numbered), pages_per_stream):
                chunk = numbered[start : start + pages_per_stream]
                offset = dump.tell()
                index_lines += [f"{offset}:{i}:{title}" for i, title, _ in chunk]
                dump.write(bz2.compress("".join(page_xml(t, i, x) for i, t, x in chunk).encode()))
            dump.write(bz2.compress(FOOTER.encode()))
        index = out.with_name(out.name.replace(".xml.bz2", "-index.txt.bz2"))
        index.write_bytes(bz2.compress(("\n".join(index_lines) + "\n").encode()))
        return len(numbered)
    body = HEADER + "".join(page_xml(t, i, x) for i, t, x in numbered) + FOOTER
    out.write_bytes(bz2.compress(body.encode()) if out.suffix == ".bz2" else body.encode())
    return len(numbered)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="a folder of .wiki files")
    parser.add_argument("out", type=Path, help="NAME.xml, NAME.xml.bz2 or NAME-multistream.xml.bz2")
    parser.add_argument("--repeat", type=int, default=1, help="include the corpus this many times")
    args = parser.parse_args()
    count = write_dump(corpus_pages(args.corpus, args.repeat), args.out)
    print(f"{args.out}: {count} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
