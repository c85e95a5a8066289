"""Unknown, misspelled or repeated parameter in a short footnote.

What it does: checks every named parameter of {{sfn}}/{{sfnp}} and the {{harv}} family against
the ones the module reads (positionals, ``p``, ``page``, ``pp``, ``pages``, ``loc``, ``ps``,
``postscript``, ``ref``, ``Ref``, ``ignore-err``, ``ignore-false-positive``: Module:Footnotes'
``args_fetch``, which both share), and of {{sfnm}} against its numbered families. A
parameter given twice is reported too: only the last one counts.

Why is this bad? The module ignores what it does not know: ``pg=4`` or ``at=ch. 2`` never shows.

Example: ``{{sfn|A|2000|pg=4}}``, ``{{sfn|A|2000|P=4}}``

Use instead: ``{{sfn|A|2000|p=4}}``

Fix safety: unambiguous aliases are renamed (``P``→``p``, ``Pp``/``PP``→``pp``, ``at``→``loc``,
``Loc``→``loc``) when the target is empty; everything else is reported.

Source: spec §3, §9.1 SFN-16 (and WPC #524 for repeats).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, rename
from bot.wikitext.footnotes import SFNM_KEY_RE, SFNM_MISNAMED_RE
from bot.wikitext.names import Family
from bot.wikitext.spans import TemplateCall

SFN_KNOWN = frozenset(
    {
        "p",
        "page",
        "pp",
        "pages",
        "loc",
        "ps",
        "postscript",
        "ref",
        "Ref",
        "ignore-err",
        "ignore-false-positive",
    }
)
SFNM_TOP_LEVEL = frozenset({"ps", "postscript"})
SFNM_HANDLED_ELSEWHERE = frozenset({"p", "pp", "loc", "page", "pages", "ref"})  # SFNM-05
ALIASES = {"P": "p", "Pp": "pp", "PP": "pp", "at": "loc", "Loc": "loc"}


def _known(call: TemplateCall, key: str) -> bool:
    if key.isdigit():
        return True
    if call.family is not Family.SFNM:
        return key in SFN_KNOWN
    return bool(
        key in SFNM_TOP_LEVEL
        or key in SFNM_HANDLED_ELSEWHERE
        or SFNM_KEY_RE.match(key)
        or SFNM_MISNAMED_RE.match(key)
    )


class UnknownParameter(FootnoteRule):
    """Unknown, misspelled or repeated parameter in a short footnote."""

    code = "SFN-16"
    severity = Severity.W
    policy = FixPolicy.GUARDED
    summary = ("unknown footnote parameter", "unknown footnote parameters")
    families = frozenset({Family.SFN, Family.SFNM, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        counts = Counter(p.key for p in call.params)
        reported: set[str] = set()
        for param in call.params:
            key = param.key
            if counts[key] > 1 and key not in reported:
                reported.add(key)
                yield self.found(
                    call, f"parameter {key!r} is given {counts[key]} times; only the last one counts"
                )
            if not param.showkey or _known(call, key):
                continue
            target = ALIASES.get(key) if call.family is not Family.SFNM else None
            edits = []
            if target is not None and not call.value(target):
                edits = [rename(param, target)]
            yield self.found(
                call,
                f"unknown parameter {key!r}" + (f"; did you mean {target!r}?" if target else ""),
                edits=edits,
                suggestion=target,
            )
