"""Parse stage: one page's text becomes a Document the rules read (calls, sources, targets)."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from bot.wikitext.blocks import tag_blocks
from bot.wikitext.citeref import Targets, harvest
from bot.wikitext.footnotes import Source, sources
from bot.wikitext.limits import check_limits
from bot.wikitext.names import FOOTNOTE_FAMILIES, Family
from bot.wikitext.prefilter import page_filter
from bot.wikitext.sitedata import BUILTIN, SiteData
from bot.wikitext.spans import Scan, TemplateCall, mask_opaque, scan, scan_full

TEMPLATE_NAMESPACE = 10
REF_TAGS = ("ref", "references")


@dataclass(slots=True)
class Footnote:
    call: TemplateCall
    sources: list[Source]


@dataclass
class Document:
    """Everything the rules may ask of one page; built once, read by every rule."""

    text: str
    namespace: int
    scan: Scan
    footnotes: list[Footnote] = field(default_factory=list)
    images: list[TemplateCall] = field(default_factory=list)
    file_exists: Callable[[str], bool] | None = None
    site: SiteData = BUILTIN
    mojibake_marks: bool = True  # False: the prefilter saw nothing GEN-04 can report on the page
    unmasked: bool = False  # the scan skipped the page: its mask is made here, if a rule asks
    _footnotes_by_families: dict[frozenset[Family], tuple[Footnote, ...]] = field(
        default_factory=dict, repr=False
    )

    @cached_property
    def masked(self) -> str:
        """The text with what MediaWiki reads as no wikitext blanked, offsets unchanged."""
        return mask_opaque(self.text, self.site) if self.unmasked else self.scan.masked

    @cached_property
    def targets(self) -> Targets:
        return harvest(self.scan.calls, self.site)

    def footnotes_of(self, families: frozenset[Family]) -> tuple[Footnote, ...]:
        """The footnotes of these families, in page order: picked out once for all the rules that
        read the same families."""
        found = self._footnotes_by_families.get(families)
        if found is None:
            found = tuple(footnote for footnote in self.footnotes if footnote.call.family in families)
            self._footnotes_by_families[families] = found
        return found

    @property
    def sources(self) -> list[Source]:
        return [source for footnote in self.footnotes for source in footnote.sources]

    @cached_property
    def ref_blocks(self) -> list[tuple[int, int, str]]:
        """``<ref>…</ref>`` and ``<references>…</references>`` blocks, in order: (start, end, tag)."""
        return list(tag_blocks(self.masked, REF_TAGS))

    def enclosing_ref(self, offset: int) -> str | None:
        # Blocks never overlap, so only the last one starting before the offset can hold it.
        index = bisect.bisect_left(self.ref_blocks, (offset,)) - 1
        if index >= 0:
            start, end, tag = self.ref_blocks[index]
            if start < offset < end:
                return tag
        return None


def parse(
    text: str,
    namespace: int = 0,
    *,
    reference: bool = False,
    file_exists: Callable[[str], bool] | None = None,
    site: SiteData = BUILTIN,
) -> Document:
    """Build the Document; ``reference`` forces the full mwparserfromhell parse; ``site`` is the
    wiki's own data (template names, whitelist), the built-in English Wikipedia defaults if none.

    A page the prefilter shows to hold no checked template is not scanned: it has no calls, and
    only GEN-04 reads it, and masks it only where the prefilter saw prose mojibake.
    """
    marks = page_filter(*site.checked_names).marks(text)
    if reference:
        page_scan = scan_full(text, site)
    elif marks.templates:
        page_scan = scan(text, site)
    else:
        check_limits(text)
        page_scan = Scan(text=text, masked=text)
    doc = Document(
        text=text,
        namespace=namespace,
        scan=page_scan,
        file_exists=file_exists,
        site=site,
        mojibake_marks=marks.mojibake,
        unmasked=not reference and not marks.templates,
    )
    for call in page_scan.calls:
        if call.family in FOOTNOTE_FAMILIES:
            doc.footnotes.append(Footnote(call, sources(call)))
        elif call.family is Family.MULTIPLE_IMAGE:
            doc.images.append(call)
    return doc
