"""A page range uses a hyphen, an em dash or a spaced dash instead of an unspaced en dash.

What it does: checks every range in ``p``/``pp`` (and sfnm ``Np``/``Npp``) for its separator.

Why is this bad? Ranges take an unspaced en dash ("pp. 23–36", Hart's Rules, MHRA, MOS:DASH);
``p`` shows the hyphen as written.

Example: ``{{sfn|Smith|2005|pp=12-15}}``, ``{{sfn|Smith|2005|pp=12 – 15}}``

Use instead: ``{{sfn|Smith|2005|pp=12–15}}``

Fix safety: safe only when every range in the value ascends, spans fewer than 999 pages, and the
value has no link, comment, markup, brackets or "to", and both ends of each range are plain page
numbers (hyphenated page numbers such as ``A-12`` or ``3-14`` in a section-page scheme look alike,
so anything else is reported); in ``p`` a hyphen is repaired only when the range starts above 9
with no leading zero (Citation bot's test). Entities (``&ndash;``) are GEN-01's; mojibake dashes are SFN-12's.

Source: spec §2.4, §6, §7, §9.1 SFN-10.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Edit, Finding, FixPolicy, FootnoteRule, Severity
from bot.rules.sfn._pages import clearly_a_range
from bot.wikitext.dashes import EN_DASH, page_items, page_ranges, parse_range
from bot.wikitext.names import Family

_UNSAFE_RE = re.compile(r"\[|<|\(|\{|https?:|\bto\b|&", re.I)
_WRONG_SEPARATORS = {"-", "\u2014", "\u2212", EN_DASH}


def _value_is_safe(value: str) -> bool:
    if _UNSAFE_RE.search(value):
        return False
    for _, item in page_items(value):
        found = parse_range(item)
        if found is None:
            continue
        if found.reversed or found.span >= 999:
            return False
    return True


class PageRangeDash(FootnoteRule):
    """A page range uses a hyphen, an em dash or a spaced dash instead of an unspaced en dash."""

    code = "SFN-10"
    severity = Severity.W
    policy = FixPolicy.GUARDED
    summary = ("page range dash", "page range dashes")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        for source in footnote.sources:
            for param in source.page_params:
                value = param.value
                if value != doc.masked[slice(*param.value_core)]:
                    continue  # comments inside: the offsets of the value are not plain
                safe = _value_is_safe(value)
                single_page = param is source.p
                base = param.value_core[0]
                for found in page_ranges(value):
                    separator = found.separator
                    if separator.strip() not in _WRONG_SEPARATORS or separator == EN_DASH:
                        continue
                    edits = [Edit(base + found.sep_start, base + found.sep_end, EN_DASH)]
                    if single_page and separator.strip() == "-" and not clearly_a_range(found):
                        edits = []  # "p=3-14" may be a hyphenated page number
                    shown = f"{found.first}{separator}{found.last}"
                    yield self.found(
                        footnote.call,
                        f"{source.label}: page range {shown!r} should use an unspaced en dash",
                        edits=edits if safe else [],
                        suggestion=f"{found.first}{EN_DASH}{found.last}",
                        cosmetic=param is source.pp,  # the module dashes pp when rendering
                    )
