"""Source and sink for local files: discovery, strict reading, atomic writing."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.wikitext.limits import MAX_PAGE_BYTES, TOO_LARGE, PageTooComplex

PAGE_SUFFIXES = (".wiki", ".txt")
STDIN = "-"


class PageReadError(Exception):
    """A file that cannot be read as UTF-8 wikitext; the message names the file."""


@dataclass(frozen=True, slots=True)
class LocalPage:
    path: str
    text: str


def discover(paths: list[str]) -> Iterator[str]:
    """The files to check: files as given, directories searched for *.wiki and *.txt."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file())
            yield from (str(p) for p in found)
        else:
            yield raw


def read_page(path: str) -> LocalPage:
    """The file as text; PageTooComplex, having read no more than one byte past the limit, when
    it is larger than any wiki page (so a huge file, a device or endless input costs no memory)."""
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
        else:
            with open(path, "rb") as source:
                data = source.read(MAX_PAGE_BYTES + 1)
    except OSError as error:
        raise PageReadError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_PAGE_BYTES:
        raise PageTooComplex(TOO_LARGE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PageReadError(
            f"{path}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    return LocalPage(path, text)


def write_atomic(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` all at once: a temporary file beside it, then a rename."""
    target = Path(path)
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
