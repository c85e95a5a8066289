"""An empty parameter hides its alias or the default.

What it does: finds an empty ``p=`` (or ``pp=``) next to a filled ``page=`` (``pages=``), and an
empty postscript: ``postscript=`` next to a filled ``ps=``, or in {{sfn}} the one given of the two.
The {{harv}} family reads these parameters as {{sfn}} does (Module:Footnotes' ``args_fetch``), but
its default postscript is empty, so there an empty one hides only a filled ``ps=``.

Why is this bad? An empty ``p=`` still wins over ``page=``, so the page never shows; an empty
postscript wins over ``ps=`` and, in {{sfn}}, removes the footnote's final full stop.

Example: ``{{sfn|A|2000|p=|page=5}}``

Use instead: ``{{sfn|A|2000|page=5}}``

Fix safety: an empty ``p=``/``pp=`` shadowing a filled alias is removed; an empty postscript is
reported (it may be deliberate).

Source: spec §1, §9.1 SFN-17.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.document import Document, Footnote
from bot.rules.base import Finding, FixPolicy, FootnoteRule, Severity, remove
from bot.wikitext.names import Family


class EmptyShadowingParameter(FootnoteRule):
    """An empty parameter hides its alias or the default."""

    code = "SFN-17"
    severity = Severity.E2
    policy = FixPolicy.GUARDED
    summary = ("empty parameter hiding its alias", "empty parameters hiding their aliases")
    families = frozenset({Family.SFN, Family.HARV})

    def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
        call = footnote.call
        for short, long in (("p", "page"), ("pp", "pages")):
            empty, alias = call.get(short), call.get(long)
            if empty is not None and not empty.value and alias is not None and alias.value:
                yield self.found(
                    call,
                    f"empty {short}= hides {long}={alias.value!r}",
                    edits=[remove(empty)] if "<!--" not in empty.raw_value else [],
                )
        # The module reads postscript, else ps, else the template's default.
        postscript, ps = call.get("postscript"), call.get("ps")
        shown = postscript if postscript is not None else ps
        if shown is None or shown.value:
            return
        if shown is postscript and ps is not None and ps.value:
            yield self.found(call, f"empty postscript= hides ps={ps.value!r}")
        elif call.family is Family.SFN:
            yield self.found(call, f"empty {shown.key}= removes the footnote's final punctuation")
