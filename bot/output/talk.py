"""Talk-page reports: wikitext written for humans, kept in one stable, updatable section."""

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
    body_core = f"{intro} Checked [[:{title}]]{at}: {len(findings)} problem(s).{task}\n\n{table}"
    # The digest covers the problems, not the revision: an unrelated edit to the article must not
    # make the bot rewrite its report.
    digest = hashlib.sha256(f"{title}\n{table}".encode()).hexdigest()[:16]
    body = f"<!-- {MARKER} digest={digest} -->\n{body_core}"
    return Report(heading=heading, body=body, digest=digest)


def resolved_report(title: str, revision: int | None, heading: str) -> Report:
    at = f" as of revision {revision}" if revision else ""
    body = (
        f"<!-- {MARKER} digest={RESOLVED} -->\n"
        f"{{{{done}}}} The problems reported here on [[:{title}]] are gone{at}."
    )
    return Report(heading=heading, body=body, digest=RESOLVED)


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    end: int
    digest: str | None


def find_section(talk_text: str, heading: str) -> Section | None:
    """The bot's section: its heading line to the next heading of the same or a higher level."""
    pattern = re.compile(rf"^==\s*{re.escape(heading)}\s*==[ \t]*$", re.M)
    match = pattern.search(talk_text)
    if match is None:
        return None
    following = re.compile(r"^==?[^=].*?==?[ \t]*$", re.M).search(talk_text, match.end())
    end = following.start() if following else len(talk_text)
    digest = re.search(rf"<!-- {MARKER} digest=(\w+) -->", talk_text[match.end() : end])
    return Section(match.start(), end, digest.group(1) if digest else None)


def upsert(talk_text: str, report: Report) -> str | None:
    """The talk page with the report in place, or None when the page already says the same."""
    signed = f"== {report.heading} ==\n{report.body}\n~~~~\n"
    section = find_section(talk_text, report.heading)
    if section is None:
        if report.digest == RESOLVED:
            return None  # nothing was reported, nothing to resolve
        separator = "" if not talk_text.strip() else ("\n" if talk_text.endswith("\n") else "\n\n")
        return talk_text + separator + signed
    if section.digest == report.digest:
        return None
    tail = talk_text[section.end :]
    return talk_text[: section.start] + signed + ("\n" if tail and not signed.endswith("\n\n") else "") + tail
