"""Talk-page reports: wikitext written for humans, kept in one stable, updatable section.

The bot owns only its block: an opening marker, the report, its signature and a closing marker.
Everything else in the section (replies, subsections, signatures) belongs to humans and stays.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.output.positions import LineIndex
from bot.rules.base import Finding, code_order

MARKER = "maintbot-report"
RESOLVED = "resolved"
_SNIPPET_LIMIT = 60  # a template longer than this is cut, so no cell forces sideways scrolling
_NO_TARGET = "SFN-01"
_YEAR_AT_END = re.compile(r"^(.+?)(\d{3,4}[a-z]?|n\.d\.[a-z]?|nd[a-z]?)$")
_USE_INSTEAD = re.compile(r"^Use instead:\s*(.+?)(?:\n\s*\n|\Z)", re.M | re.S)
_LITERAL = re.compile(r"``(.+?)``", re.S)


def escape(text: str, *, break_anywhere: bool = False) -> str:
    """Text shown literally, as code: inside nowiki, with anything that could end it neutralised.
    ``break_anywhere`` for a template call: it has no spaces to wrap at, and must not push a
    narrow screen sideways."""
    style = ' style="overflow-wrap:anywhere"' if break_anywhere else ""
    return f"<code{style}>{plain(text)}</code>"


def _snippet(text: str, finding: Finding) -> str:
    piece = text[finding.start : finding.end]
    if finding.template is None:
        left = max(0, finding.start - 30)
        piece = text[left : finding.end + 30]
    piece = " ".join(piece.split())
    return piece if len(piece) <= _SNIPPET_LIMIT else piece[: _SNIPPET_LIMIT - 1] + "…"


def _work(anchor: str) -> str:
    """'CITEREFKhlevniuk2015' as a reader names the work: 'Khlevniuk 2015'."""
    bare = anchor.removeprefix("CITEREF")
    match = _YEAR_AT_END.match(bare)
    return f"{match.group(1)} {match.group(2)}" if match else bare


def _advice(finding: Finding) -> str:
    """The rule's own 'Use instead' paragraph, as wikitext: what a human does about it."""
    found = _USE_INSTEAD.search(finding.rule.documentation())
    if found is None:
        return ""
    return _prose(found.group(1))


def _prose(text: str) -> str:
    """A rule's own words as wikitext: ``literal`` as code, the rest as plain text (no markup)."""
    pieces = _LITERAL.split(" ".join(text.split()))  # odd pieces were ``literal``
    return "".join(escape(piece) if i % 2 else plain(piece) for i, piece in enumerate(pieces))


def plain(text: str) -> str:
    """Text shown literally in running prose: inside nowiki, with anything that could end it
    neutralised; unlike :func:`escape`, not set as code."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<nowiki>{text}</nowiki>" if text else ""


@dataclass(frozen=True, slots=True)
class Report:
    heading: str
    body: str  # without the signature
    digest: str


class _Place:
    """Where a reader finds a finding: its line and a short piece of the template."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)

    def __call__(self, finding: Finding) -> str:
        line, _ = self.index.position(finding.start)
        return f"line {line}: {escape(_snippet(self.text, finding), break_anywhere=True)}"


def _missing_works(findings: list[Finding], place: _Place) -> list[str]:
    """One sentence for every work the footnotes cite but the bibliography lacks, largest first."""
    by_work: dict[str, list[Finding]] = {}
    for finding in findings:
        by_work.setdefault(_work(finding.anchor or ""), []).append(finding)
    ranked = sorted(by_work.items(), key=lambda kv: -len(kv[1]))
    footnotes = len({(f.start, f.end) for f in findings})
    works = ", ".join(
        f"{name} ({len(group)} footnote{'s' if len(group) > 1 else ''})"
        if i == 0
        else f"{name} ({len(group)})"
        for i, (name, group) in enumerate(ranked)
    )
    subject = "1 work is" if len(ranked) == 1 else f"{len(ranked)} works are"
    cited = "1 short footnote" if footnotes == 1 else f"{footnotes} short footnotes"
    lines = [
        f"'''{subject} cited by {cited} but {'has' if len(ranked) == 1 else 'have'} no entry in the"
        f" bibliography:''' {works}.",
        "* ''What to do:'' add the missing citation to the bibliography, or give the footnote the"
        " names and year of a citation that is there.",
    ]
    for name, group in ranked:
        hints = list(dict.fromkeys(hint for finding in group for hint in finding.hints))
        if hints:
            lines.append(f"* ''Near miss for {name}:'' " + "; ".join(escape(hint) for hint in hints))
    lines.append(f"* First place: {place(findings[0])}")
    return lines


def _by_rule(findings: list[Finding], place: _Place) -> list[str]:
    """One heading for a rule's findings, then one line per distinct problem with its count."""
    first = findings[0]
    count = f"{len(findings)} × " if len(findings) > 1 else ""
    lines = [f"'''{count}{_prose(first.rule.title().rstrip('.'))}''' ({first.code})"]
    distinct: dict[tuple[object, ...], list[Finding]] = {}
    for finding in findings:
        distinct.setdefault((finding.message, finding.suggestion, finding.hints), []).append(finding)
    for group in distinct.values():
        finding = group[0]
        times = f"×{len(group)}, first at " if len(group) > 1 else ""
        line = f"* {escape(finding.message)} ({times}{place(finding)})"
        if finding.suggestion:
            line += f"; repair: {escape(finding.suggestion)}"
        if finding.hints:
            line += "; near miss: " + "; ".join(escape(hint) for hint in finding.hints)
        lines.append(line)
    what = _advice(first)
    if what and not what.startswith("<code>"):  # an example alone is no instruction
        lines.append(f"* ''What to do:'' {what}")
    return lines


def _details(findings: list[Finding], place: _Place) -> str:
    """Every finding in a table MediaWiki shows folded (mw-collapsible), for whoever wants it all."""
    rows = "\n".join(f"|-\n| {f.code} || {escape(f.message)} || {place(f)}" for f in findings)
    label = f"All {len(findings)} findings, one per line" if len(findings) > 1 else "The finding in full"
    return (
        '{| class="wikitable mw-collapsible mw-collapsed"\n'
        f"! colspan=3 | {label}\n"
        f"|-\n! Code !! Problem !! Where\n{rows}\n|}}"
    )


def render_report(
    title: str,
    revision: int | None,
    text: str,
    findings: list[Finding],
    intro: str,
    heading: str,
    task_page: str,
) -> Report:
    """The report grouped by what a human must do: missing works first, then one group per rule."""
    place = _Place(text)
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    groups = []
    if missing := by_code.pop(_NO_TARGET, []):
        groups.append("\n".join(_missing_works(missing, place)))
    for code in sorted(by_code, key=lambda code: (-len(by_code[code]), code_order(code))):
        groups.append("\n".join(_by_rule(by_code[code], place)))
    content = "\n\n".join([*groups, _details(findings, place)])
    at = f" (revision {revision})" if revision else ""
    task = f" See [[{task_page}]] for what the bot does and how to stop it." if task_page else ""
    # The digest covers the problems, not the revision: an unrelated edit to the article must not
    # make the bot rewrite its report.
    digest = hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:16]
    body = f"{intro} Checked [[:{title}]]{at}: {len(findings)} problem(s).{task}\n\n{content}"
    return Report(heading=heading, body=body, digest=digest)


def resolved_report(title: str, revision: int | None, heading: str) -> Report:
    at = f" as of revision {revision}" if revision else ""
    body = f"{{{{done}}}} The problems reported here on [[:{title}]] are gone{at}."
    return Report(heading=heading, body=body, digest=RESOLVED)


def withdrawn_report(run_id: int, undo_run_id: int | None, posted: int, heading: str) -> Report:
    """The bot's block after its run was undone: marked withdrawn, with a link to what it said."""
    by = f" by run {undo_run_id}" if undo_run_id is not None else ""
    body = (
        f"'''Withdrawn:''' run {run_id}, which wrote this report, was undone{by}."
        f" [[Special:PermanentLink/{posted}|The report as it was]]."
    )
    return Report(heading=heading, body=body, digest=f"withdrawn{run_id}")


def _fingerprint(body: str) -> str:
    """What the bot wrote, so a human's words added inside its block are noticed (never overwritten).

    Trailing spaces are ignored: MediaWiki's pre-save transform may trim them.
    """
    lines = "\n".join(line.rstrip() for line in body.strip("\n").split("\n"))
    return hashlib.sha256(lines.encode()).hexdigest()[:16]


def _block(report: Report) -> str:
    """The bot's own words: opening marker, body, signature, closing marker (on the signature line)."""
    opening = f"<!-- {MARKER} digest={report.digest} body={_fingerprint(report.body)} -->"
    return f"{opening}\n{report.body}\n~~~~{_CLOSING}"


_CLOSING = f"<!-- /{MARKER} -->"
_OPENING = re.compile(rf"<!-- {MARKER} digest=(\w+)(?: body=(\w+))? -->\n?")
_HEADING = re.compile(r"^(=+)[^=\n].*?\1[ \t]*$", re.M)
# Reports written before the closing marker existed end at the bot's signature, alone on its line
# (a human's reply starts with ':' or text, never with a bare user link).
_LEGACY_END = re.compile(r"^\[\[User:[^\]\n]*\]\] \(\[\[User talk:.*\(UTC\)[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class Block:
    """The bot's block on a talk page, and the end of the section that holds it."""

    start: int
    after_opening: int  # where the opening marker ends: a retired block keeps what follows it
    end: int
    digest: str
    edited: bool  # a human changed the words inside: the block is no longer only the bot's
    section_end: int


def _section_end(talk_text: str, position: int) -> int:
    """Where the level-2 (or higher) section holding ``position`` ends."""
    for heading in _HEADING.finditer(talk_text, position):
        if len(heading.group(1)) <= 2:
            return heading.start()
    return len(talk_text)


def find_block(talk_text: str, heading: str) -> Block | None:
    """The bot's live block: under its own heading when that heading is there, else anywhere."""
    own = re.compile(rf"^==\s*{re.escape(heading)}\s*==[ \t]*$", re.M).search(talk_text)
    opening = _OPENING.search(talk_text, own.end()) if own else None
    if opening is None or (own and opening.start() >= _section_end(talk_text, own.end())):
        opening = _OPENING.search(talk_text)
    if opening is None:
        return None
    closing = talk_text.find(_CLOSING, opening.end())
    limit = _section_end(talk_text, opening.end())
    if 0 <= closing < limit:
        end = closing + len(_CLOSING)
        inner = talk_text[opening.end() : closing]
        body, _, _signature = inner.rpartition("\n")
        edited = opening.group(2) is None or _fingerprint(body) != opening.group(2)
    else:
        legacy = None if opening.group(2) else _LEGACY_END.search(talk_text, opening.end(), limit)
        if legacy is None:  # no end the bot can be sure of: everything after it may be a human's
            return Block(opening.start(), opening.end(), opening.end(), opening.group(1), True, limit)
        end, edited = legacy.end(), False
    return Block(opening.start(), opening.end(), end, opening.group(1), edited, limit)


def upsert(talk_text: str, report: Report) -> str | None:
    """The talk page with the report in place, or None when the page already says the same.

    Only the bot's block is ever rewritten; replies, subsections and signatures below it stay.
    A block a human wrote into is retired (its opening marker only) and a new one follows at the
    end of its section, so no human word is lost.
    """
    block = find_block(talk_text, report.heading)
    if block is None:
        if report.digest == RESOLVED:
            return None  # nothing was reported, nothing to resolve
        separator = "" if not talk_text.strip() else ("\n" if talk_text.endswith("\n") else "\n\n")
        return f"{talk_text}{separator}== {report.heading} ==\n{_block(report)}\n"
    if block.digest == report.digest:
        return None
    if not block.edited:
        return talk_text[: block.start] + _block(report) + talk_text[block.end :]
    head = (
        talk_text[: block.start]
        + f"<!-- {MARKER} retired -->\n"
        + talk_text[block.after_opening : block.section_end]
    )
    separator = "" if head.endswith("\n\n") else ("\n" if head.endswith("\n") else "\n\n")
    rest = talk_text[block.section_end :]
    return head + separator + _block(report) + "\n" + ("\n" if rest else "") + rest
