"""The review page of a dry run: one self-contained HTML file a human reads before a live run.

Each planned edit is shown as MediaWiki shows diffs: side by side, the changed words highlighted,
with its edit summary; each planned talk report follows in full, as the wiki renders it where the
caller had it rendered (bot/wiki/render.py), as labelled wikitext otherwise. Everything is inline
(no script, no style sheet or font from elsewhere), so the file can be mailed or attached to a bot
request; only the links of a rendered report lead to the wiki. The wiki folds a collapsible table
(``mw-collapsible``) with its JavaScript, which this file has not: here each is a native
``<details>``, which folds in any browser, scripts on or off.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

_HUNK_RE = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Below this similarity a removed and an added line are shown as two changes, not one edited line.
_PAIRING_RATIO = 0.4


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One page of the dry run: its planned edit (a unified diff) and its planned talk report."""

    title: str
    diff: str = ""
    summary: str = ""
    talk_title: str = ""
    talk_text: str = ""
    note: str = ""  # why nothing is planned (skipped, failed), shown instead of a diff
    # The report as the wiki renders it (action=parse), inserted as is: it is trusted as much as
    # the wiki itself, whose parser escapes what editors write. Empty without a wiki.
    talk_html: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a side-by-side diff; a side is ``None`` where that side has no line."""

    kind: str  # "context", "change", "hunk"
    left_number: int | None
    left: str | None
    right_number: int | None
    right: str | None


def _hunks(diff: str) -> Iterator[tuple[int, int, list[str]]]:
    start_left = start_right = 0
    body: list[str] = []
    inside = False
    for line in diff.splitlines():
        match = _HUNK_RE.match(line)
        if match:
            if inside:
                yield start_left, start_right, body
            start_left, start_right, body, inside = int(match[1]), int(match[2]), [], True
        elif inside and line[:1] in (" ", "-", "+"):
            body.append(line)
    if inside:
        yield start_left, start_right, body


def _pair(removed: Sequence[str], added: Sequence[str]) -> Iterator[tuple[str | None, str | None]]:
    """Pair a block of removed lines with the added lines that replace them, as MediaWiki does."""
    for index in range(max(len(removed), len(added))):
        old = removed[index] if index < len(removed) else None
        new = added[index] if index < len(added) else None
        if (
            old is not None
            and new is not None
            and difflib.SequenceMatcher(None, old, new, autojunk=False).ratio() < _PAIRING_RATIO
        ):
            yield old, None
            yield None, new
        else:
            yield old, new


def _blocks(body: list[str]) -> Iterator[tuple[list[str], list[str], str | None]]:
    """A hunk's lines as (removed, added, following context line) blocks."""
    removed: list[str] = []
    added: list[str] = []
    for line in body:
        marker, content = line[0], line[1:]
        if marker == "-":
            removed.append(content)
        elif marker == "+":
            added.append(content)
        else:
            yield removed, added, content
            removed, added = [], []
    if removed or added:
        yield removed, added, None


def side_by_side(diff: str) -> list[Row]:
    """The rows of a unified diff laid out side by side."""
    rows: list[Row] = []
    for left_number, right_number, body in _hunks(diff):
        rows.append(Row("hunk", left_number, None, right_number, None))
        for removed, added, context in _blocks(body):
            for old, new in _pair(removed, added):
                left_at = left_number if old is not None else None
                right_at = right_number if new is not None else None
                rows.append(Row("change", left_at, old, right_at, new))
                left_number += old is not None
                right_number += new is not None
            if context is not None:
                rows.append(Row("context", left_number, context, right_number, context))
                left_number += 1
                right_number += 1
    return rows


def word_highlight(old: str, new: str) -> tuple[str, str]:
    """Both lines as HTML, the words that differ wrapped in ``<del>`` and ``<ins>``."""
    old_tokens = _TOKEN_RE.findall(old)
    new_tokens = _TOKEN_RE.findall(new)
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = html.escape("".join(old_tokens[i1:i2]))
        new_part = html.escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return "".join(left), "".join(right)


def _cells(row: Row) -> str:
    if row.kind == "hunk":
        return (
            f'<tr class="hunk"><td colspan="2">Line {row.left_number}:</td>'
            f'<td colspan="2">Line {row.right_number}:</td></tr>'
        )
    if row.kind == "context":
        text = html.escape(row.left or "")
        cell = f'<td class="num"></td><td class="ctx">{text}</td>'
        return f"<tr>{cell}{cell}</tr>"
    if row.left is not None and row.right is not None:
        left, right = word_highlight(row.left, row.right)
    else:
        left = html.escape(row.left) if row.left is not None else ""
        right = html.escape(row.right) if row.right is not None else ""
    left_cell = f'<td class="del">{left}</td>' if row.left is not None else '<td class="none"></td>'
    right_cell = f'<td class="add">{right}</td>' if row.right is not None else '<td class="none"></td>'
    return f'<tr><td class="num">−</td>{left_cell}<td class="num">+</td>{right_cell}</tr>'


@dataclass(frozen=True, slots=True)
class _Collapsible:
    """A collapsible table in rendered HTML, by offsets: the table, and its first row, which the wiki
    keeps in view as the label of what it folds."""

    start: int
    end: int
    label_start: int
    label_end: int
    label: str
    folded: bool  # mw-collapsed: shown folded at first


class _CollapsibleFinder(HTMLParser):
    """The outermost collapsible tables of the wiki's HTML, in order."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self._markup = markup
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", markup))]
        self._tables = 0  # tables open: the collapsible one and those inside it
        self._start = 0
        self._folded = False
        self._row: tuple[int, list[str]] | None = None  # the first row, while read: its start, text
        self._label: tuple[int, int, str] | None = None  # the first row, read: start, end, text
        self.found: list[_Collapsible] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self._tables or "mw-collapsible" in classes):
            if not self._tables:
                self._start, self._folded = self._offset(), "mw-collapsed" in classes
                self._label = None
            self._tables += 1
        elif tag == "tr" and self._tables == 1 and self._row is None and self._label is None:
            self._row = (self._offset(), [])

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        end = self._markup.find(">", self._offset()) + 1
        if tag == "tr" and self._tables == 1 and self._row is not None:
            start, text = self._row
            self._label, self._row = (start, end, " ".join("".join(text).split())), None
        elif tag == "table" and self._tables:
            self._tables -= 1
            if not self._tables and self._label:  # a table without rows is left as it is
                self.found.append(_Collapsible(self._start, end, *self._label, self._folded))


def natively_folded(markup: str) -> str:
    """The wiki's HTML with each collapsible table in a ``<details>`` labelled by its first row."""
    finder = _CollapsibleFinder(markup)
    finder.feed(markup)
    finder.close()
    parts: list[str] = []
    done = 0
    for table in finder.found:
        shown = "" if table.folded else " open"
        parts += [
            markup[done : table.start],
            f'<details class="folded"{shown}><summary>{html.escape(table.label)}</summary>',
            markup[table.start : table.label_start],
            markup[table.label_end : table.end],
            "</details>",
        ]
        done = table.end
    parts.append(markup[done:])
    return "".join(parts)


_STYLE = """
body { font-family: sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #202122; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #a2a9b1; margin-top: 2em; }
table.diff { width: 100%; table-layout: fixed; border-collapse: separate; border-spacing: 4px; }
table.diff col.num { width: 1.5em; } table.diff col.text { width: calc(50% - 1.5em); }
table.diff td { font-family: monospace; font-size: 0.9em; white-space: pre-wrap; overflow-wrap: anywhere;
  vertical-align: top; padding: 0.2em 0.4em; }
td.del { background: #fef6e7; border-left: 4px solid #ffe49c; }
td.add { background: #eaf3ff; border-left: 4px solid #a3d3ff; }
td.ctx { background: #f8f9fa; border-left: 4px solid #eaecf0; color: #404244; }
td.num { text-align: right; color: #72777d; }
tr.hunk td { font-family: sans-serif; font-weight: bold; white-space: normal; }
del { background: #feeec8; text-decoration: none; font-weight: bold; }
ins { background: #d8ecff; text-decoration: none; font-weight: bold; }
.summary { background: #f8f9fa; border: 1px solid #c8ccd1; padding: 0.4em 0.6em; }
pre.talk { white-space: pre-wrap; overflow-wrap: anywhere; background: #f8f9fa; border: 1px solid #c8ccd1;
  padding: 0.6em; }
nav li { margin: 0.2em 0; } .note { color: #72777d; font-style: italic; }
div.rendered { border: 1px solid #c8ccd1; padding: 0 0.8em; overflow-wrap: anywhere; }
div.rendered table.wikitable { border-collapse: collapse; background: #f8f9fa; margin: 0.5em 0; }
div.rendered table.wikitable th, div.rendered table.wikitable td { border: 1px solid #a2a9b1;
  padding: 0.2em 0.4em; vertical-align: top; }
div.rendered a.new { color: #d73333; }
div.rendered table.wikitable td:first-child { white-space: nowrap; }  /* a rule code, never split */
details.folded { margin: 0.5em 0; } details.folded > summary { cursor: pointer; font-weight: bold; }
"""


def _page_section(number: int, item: ReviewItem) -> str:
    parts = [f'<section id="page-{number}"><h2>{html.escape(item.title)}</h2>']
    if item.diff:
        parts.append(f'<p class="summary"><b>Edit summary:</b> {html.escape(item.summary)}</p>')
        rows = "".join(_cells(row) for row in side_by_side(item.diff))
        parts.append(
            '<table class="diff"><colgroup><col class="num"><col class="text"><col class="num">'
            f'<col class="text"></colgroup>{rows}</table>'
        )
    talk = html.escape(item.talk_title)
    if item.talk_html:
        rendered = natively_folded(item.talk_html)
        parts.append(
            f'<h3>Report for {talk}, as the wiki renders it</h3><div class="rendered">{rendered}</div>'
        )
    elif item.talk_text:
        parts.append(
            f"<h3>Report for {talk}, as wikitext (not rendered: no wiki to render it)</h3>"
            f'<pre class="talk">{html.escape(item.talk_text)}</pre>'
        )
    if item.note and not (item.diff or item.talk_text):
        parts.append(f'<p class="note">{html.escape(item.note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _index_entry(number: int, item: ReviewItem) -> str:
    what = [label for label, present in (("edit", item.diff), ("talk report", item.talk_text)) if present]
    described = ", ".join(what) or item.note or "nothing to do"
    return f'<li><a href="#page-{number}">{html.escape(item.title)}</a>: {html.escape(described)}</li>'


def review_page(items: Iterable[ReviewItem], heading: str) -> str:
    """The whole review page: an index of the pages, then each page's planned edit and report."""
    shown = list(items)
    edits = sum(1 for item in shown if item.diff)
    reports = sum(1 for item in shown if item.talk_text)
    index = "".join(_index_entry(number, item) for number, item in enumerate(shown, 1))
    sections = "".join(_page_section(number, item) for number, item in enumerate(shown, 1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(heading)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(heading)}</h1>"
        f"<p>{len(shown)} page(s) checked: {edits} planned edit(s), {reports} planned talk report(s). "
        "Nothing has been written to the wiki.</p>"
        f"<nav><ul>{index}</ul></nav>{sections}</body></html>\n"
    )
