"""Talk-page reports: wikitext written for humans, kept in one stable, updatable section.

The bot owns only its block: an opening marker, the report, its signature and a closing marker.
Everything else in the section (replies, subsections, signatures) belongs to humans and stays.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.output.positions import LineIndex
from bot.rules.base import Finding

MARKER = "maintbot-report"
RESOLVED = "resolved"
_SNIPPET_LIMIT = 160


def escape(text: str) -> str:
    """Text shown literally: inside nowiki, with anything that could end it neutralised."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<code><nowiki>{text}</nowiki></code>"


def _snippet(text: str, finding: Finding) -> str:
    piece = text[finding.start : finding.end]
    if finding.template is None:
        left = max(0, finding.start - 30)
        piece = text[left : finding.end + 30]
    piece = " ".join(piece.split())
    return piece if len(piece) <= _SNIPPET_LIMIT else piece[: _SNIPPET_LIMIT - 1] + "…"


@dataclass(frozen=True, slots=True)
class Report:
    heading: str
    body: str  # without the signature
    digest: str


def render_report(
    title: str,
    revision: int | None,
    text: str,
    findings: list[Finding],
    intro: str,
    heading: str,
    task_page: str,
) -> Report:
    index = LineIndex(text)
    rows = []
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for finding in findings:  # the same problem in many footnotes is one row
        key = (finding.code, finding.message, finding.suggestion, finding.hints)
        groups.setdefault(key, []).append(finding)
    for group in groups.values():
        finding = group[0]
        line, _ = index.position(finding.start)
        times = f" (×{len(group)})" if len(group) > 1 else ""
        repair = finding.suggestion or ""
        hints = "<br />".join(escape(h) for h in finding.hints)
        advice = escape(repair) if repair else ""
        if hints:
            advice = f"{advice}<br />{hints}" if advice else hints
        rows.append(
            "|-\n"
            f"| {finding.code} || {escape(finding.message)}{times} || line {line}:"
            f" {escape(_snippet(text, finding))}"
            f" || {advice}"
        )
    at = f" (revision {revision})" if revision else ""
    task = f" See [[{task_page}]] for what the bot does and how to stop it." if task_page else ""
    table = (
        '{| class="wikitable"\n! Code !! Problem !! Where !! Suggested repair\n' + "\n".join(rows) + "\n|}"
    )
    # The digest covers the problems, not the revision: an unrelated edit to the article must not
    # make the bot rewrite its report.
    digest = hashlib.sha256(f"{title}\n{table}".encode()).hexdigest()[:16]
    body = f"{intro} Checked [[:{title}]]{at}: {len(findings)} problem(s).{task}\n\n{table}"
    return Report(heading=heading, body=body, digest=digest)


def resolved_report(title: str, revision: int | None, heading: str) -> Report:
    at = f" as of revision {revision}" if revision else ""
    body = f"{{{{done}}}} The problems reported here on [[:{title}]] are gone{at}."
    return Report(heading=heading, body=body, digest=RESOLVED)


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
            return Block(opening.start(), opening.end(), opening.group(1), True, limit)
        end, edited = legacy.end(), False
    return Block(opening.start(), end, opening.group(1), edited, limit)


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
    retired = _OPENING.match(talk_text, block.start)
    assert retired is not None  # find_block started the block at this marker
    head = (
        talk_text[: block.start]
        + f"<!-- {MARKER} retired -->\n"
        + talk_text[retired.end() : block.section_end]
    )
    separator = "" if head.endswith("\n\n") else ("\n" if head.endswith("\n") else "\n\n")
    rest = talk_text[block.section_end :]
    return head + separator + _block(report) + "\n" + ("\n" if rest else "") + rest
