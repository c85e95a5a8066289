"""Short-footnote sources as Module:Footnotes reads them from {{sfn}}, {{sfnm}} and the {{harv}} family
(spec §1, §2)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.wikitext.citeref import anchor_encode, citeref, is_year
from bot.wikitext.names import Family
from bot.wikitext.spans import Param, TemplateCall

_WS_RE = re.compile(r"\s+")
SFNM_KEY_RE = re.compile(r"^(\d+)(a(\d+)|y|p|pp|loc|ref|ps|ignore-err|ignore-false-positive)$")
SFNM_MISNAMED_RE = re.compile(r"^(\d+)(page|pages|year|date|author|last)$")


@dataclass(frozen=True, slots=True)
class Source:
    """One cited source: a whole {{sfn}}, or source N of an {{sfnm}}."""

    call: TemplateCall
    number: int | None
    names: tuple[str, ...]
    year: str
    name_params: tuple[Param, ...]
    year_param: Param | None
    p: Param | None
    pp: Param | None
    loc: Param | None
    ref: Param | None
    ignore_err: Param | None
    year_slot: Param | None = None

    @property
    def label(self) -> str:
        return self.call.name if self.number is None else f"{self.call.name} source {self.number}"

    @property
    def links_nowhere(self) -> bool:
        return self.ref is not None and self.ref.value == "none"

    @property
    def anchor(self) -> str | None:
        if self.links_nowhere:
            return None
        if self.ref is not None and self.ref.value:
            return anchor_encode(self.ref.value)
        return citeref(self.names, self.year)

    @property
    def names_before_year(self) -> tuple[str, ...]:
        """The names, without a last positional that was meant as the year but is not one."""
        if self.year_param is None and self.year_slot is not None and self.names:
            return self.names[:-1]
        return self.names

    def anchor_with_year(self, year: str) -> str:
        return citeref(self.names_before_year, year)

    @property
    def page_params(self) -> list[Param]:
        return [param for param in (self.p, self.pp) if param is not None]

    @property
    def dated_params(self) -> list[Param]:
        """Parameters whose dashes matter: pages, location and the year (the slot meant as the
        year too, where mojibake keeps it from reading as one: ``2001â€“2002``)."""
        year = self.year_param or self.year_slot
        return [param for param in (self.p, self.pp, self.loc, year) if param is not None]

    @property
    def suppressed(self) -> bool:
        return self.ignore_err is not None and self.ignore_err.value == "yes"


def _first(call: TemplateCall, *keys: str) -> Param | None:
    """The first alias present wins, even when empty (``p=`` hides ``page=``)."""
    for key in keys:
        param = call.get(key)
        if param is not None:
            return param
    return None


def positionals(call: TemplateCall) -> list[Param | None]:
    """Positional parameters 1..max as MediaWiki numbers them (the last of a duplicate wins)."""
    by_index: dict[int, Param] = {}
    for param in call.params:
        if param.key.isdigit() and int(param.key) > 0:
            by_index[int(param.key)] = param
    if not by_index:
        return []
    return [by_index.get(i) for i in range(1, max(by_index) + 1)]


def _sfn_source(call: TemplateCall) -> Source:
    slots = positionals(call)
    values = [param.value if param is not None else "" for param in slots]
    last = max((i for i, v in enumerate(values) if v), default=-1)
    year_index: int | None = None
    if last >= 4:
        # A fifth positional that is no year, with no year after it, is left out of the anchor.
        year_index = next((i for i in range(4, len(values)) if is_year(values[i])), None)
        name_indexes = list(range(4))
    elif last >= 1 and is_year(values[last]):
        year_index = last
        name_indexes = list(range(last))
    else:
        name_indexes = list(range(last + 1))
    names = tuple(values[i] for i in name_indexes)
    name_params = tuple(p for i in name_indexes if (p := slots[i]) is not None)
    year_param = slots[year_index] if year_index is not None else None
    return Source(
        call=call,
        number=None,
        names=names,
        year=values[year_index] if year_index is not None else "",
        name_params=name_params,
        year_param=year_param,
        p=_first(call, "p", "page"),
        pp=_first(call, "pp", "pages"),
        loc=call.get("loc"),
        ref=_first(call, "ref", "Ref"),
        ignore_err=_first(call, "ignore-err", "ignore-false-positive"),
        year_slot=year_param if year_param is not None else (slots[last] if last >= 1 else None),
    )


def _sfnm_sources(call: TemplateCall) -> Iterator[Source]:
    slots = positionals(call)
    next_positional = 0  # a positional source is an author at 2k+1 and its year at 2k+2
    number = 1
    while True:
        prefix = str(number)
        # Named or positional, a source takes its pages, location, ref and ignore-err by number.
        numbered = {
            "p": call.get(prefix + "p"),
            "pp": call.get(prefix + "pp"),
            "loc": call.get(prefix + "loc"),
            "ref": call.get(prefix + "ref"),
            "ignore_err": _first(call, prefix + "ignore-err", prefix + "ignore-false-positive"),
        }
        if call.get(prefix + "a1") is not None:
            author_params: list[Param] = []
            index = 1
            while (param := call.get(f"{prefix}a{index}")) is not None:
                author_params.append(param)
                index += 1
            name_params = tuple(author_params[:4])
            year_param = None if len(author_params) > 4 else call.get(prefix + "y")
            yield Source(
                call=call,
                number=number,
                names=tuple(p.value for p in name_params),
                year=year_param.value if year_param is not None else "",
                name_params=name_params,
                year_param=year_param,
                year_slot=year_param,
                **numbered,
            )
        elif next_positional < len(slots) and (author := slots[next_positional]) is not None:
            year = slots[next_positional + 1] if next_positional + 1 < len(slots) else None
            next_positional += 2
            yield Source(
                call=call,
                number=number,
                names=(author.value,),
                year=year.value if year else "",
                name_params=(author,),
                year_param=year,
                year_slot=year,
                **numbered,
            )
        else:
            return
        number += 1


def sources(call: TemplateCall) -> list[Source]:
    # The harv family goes through the module's args_fetch and core exactly as {{sfn}} does.
    if call.family in (Family.SFN, Family.HARV):
        return [_sfn_source(call)]
    if call.family is Family.SFNM:
        return list(_sfnm_sources(call))
    return []


def postscript(call: TemplateCall) -> str:
    """The terminal text the footnote ends with."""
    default = "."
    param = _first(call, "postscript", "ps")
    if param is None:
        return default
    return "" if param.value == "none" else param.value


def footnote_name(srcs: list[Source]) -> str:
    """The ``<ref name=FOOTNOTE…>`` the module gives the footnote."""
    parts = ["FOOTNOTE"]
    for source in srcs:
        parts.extend(source.names)
        parts.append(source.year)
        parts.extend(p.value for p in (source.p, source.pp, source.loc) if p is not None)
    return _WS_RE.sub(" ", "".join(parts))


def footnote_content(call: TemplateCall, srcs: list[Source]) -> tuple[object, ...]:
    """What the footnote renders, enough to tell two same-named footnotes apart."""
    rendered: list[object] = []
    for source in srcs:
        p = source.p.value if source.p is not None else ""
        pp = source.pp.value if source.pp is not None else ""
        loc = source.loc.value if source.loc is not None else ""
        rendered.append((source.names, source.year, ("p", p) if p else ("pp", pp), loc))
    return (*rendered, postscript(call) if call.family is Family.SFN else "")
