"""Every rule on hand-written wikitext: what it must find, what it must not, and the exact fix.

Each case is checked with that rule alone, against an article body that ends in a realistic
bibliography, so that the expected text is the whole page after the rule's safe fixes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.checker import check_document, check_text
from bot.document import TEMPLATE_NAMESPACE, Document, Footnote, parse
from bot.fixing import fix_text
from bot.rules.base import Finding, FootnoteRule, ImageRule, PageRule, Rule
from bot.rules.registry import all_rules
from bot.wikitext.names import Family

SOURCES = """

== Sources ==
* {{cite book |last=Smith |first=John |year=2005 |title=A History of Mills |publisher=Oxford UP}}
* {{cite book |last1=Lee |first1=Ann |last2=Park |first2=Jin |date=2001–2002 |title=Two Winters}}
* {{cite journal |last=Brown |first=Mary |date=March 1999 |title=Rivers |journal=Hydrology}}
* {{cite book |last=Green |year=2010a |title=Forests}}
* {{cite book |last=Green |year=2010b |title=Fields}}
* {{cite book |last=White |year=c. 1900 |title=Old Maps}}
* {{cite book |last=Black |date=1890 |title=Old Roads}}
* {{cite book |last=Black |date=1890 |title=Old Roads |edition=2nd}}
* {{cite book |last1=Ames |last2=Bell |last3=Cole |last4=Dunn |last5=Eads |year=2019 |title=Five Hands}}
* {{cite book |editor-last=Gray |year=2012 |title=Collected Essays}}
* {{cite book |last=Hall |year=2003 |title=Hidden |ref=none}}
* {{citation |last=Vance |year=1977 |title=Citation Style}}
* {{cite web |author=Ortiz |date=2014-06-02 |title=Canals |url=http://example.org}}
"""


@dataclass(frozen=True)
class Case:
    code: str
    body: str
    count: int
    fixed: str | None = None  # the body after the rule's safe fixes; None: unchanged
    namespace: int = 0

    def __str__(self) -> str:
        return f"{self.code}:{self.body[:40]}"


HARV_FAMILY = (
    "harv",
    "harvnb",
    "harvtxt",
    "harvp",
    "harvcol",
    "harvcolnb",
    "harvcoltxt",
    "sfnp",
    "Harvard citation",
)
MI_TWO = "{{multiple image |image1=Mill.jpg |alt1=A mill |image2=Weir.jpg |alt2=A weir"

CASES = [
    # SFN-01 no target, with the suppressions that must silence it
    Case("SFN-01", "Mills ground grain.{{sfn|Smith|2006|p=4}}", 1),
    Case("SFN-01", "Mills ground grain.{{sfn|Smith|2005|p=4}}", 0),
    Case("SFN-01", "Mills ground grain.{{sfn|Smith|2006|p=4|ignore-err=yes}}", 0),
    Case("SFN-01", "{{sfn whitelist|CITEREFNobody1950}}Text.{{sfn|Nobody|1950}}", 0),
    Case("SFN-01", "Text.{{sfn|Nobody|1950|ref=none}}", 0),
    Case("SFN-01", "Canals.{{sfn|Ortiz|2014}} Essays.{{sfn|Gray|2012}} Style.{{sfn|Vance|1977}}", 0),
    Case("SFN-01", "Hidden.{{sfn|Hall|2003}}", 1),
    Case("SFN-01", "In Template space.{{sfn|Nobody|1950}}", 0, namespace=10),
    # SFN-01a the year dash alone breaks the link
    Case("SFN-01a", "Winter.{{sfn|Lee|Park|2001-2002|p=7}}", 1, "Winter.{{sfn|Lee|Park|2001–2002|p=7}}"),
    Case("SFN-01a", "Winter.{{sfn|Lee|Park|2001–2002|p=7}}", 0),
    # SFN-02 multiple targets
    Case("SFN-02", "Roads.{{sfn|Black|1890|p=3}}", 1),
    Case("SFN-02", "Forests.{{sfn|Green|2010a|p=3}}", 0),
    # SFN-03 not a year
    Case("SFN-03", "Maps.{{sfn|White|c.1900|p=2}}", 1, "Maps.{{sfn|White|c. 1900|p=2}}"),
    Case("SFN-03", "Mills.{{sfn|Smith|2005A}}", 1),  # 2005a matches nothing: report only
    Case("SFN-03", "Mills.{{sfn|Smith}}", 1),
    # The module reads the citation's date=1998-99 as 1998: 1998–99 would link no better.
    Case("SFN-03", "Mills.{{sfn|Hyde|1998-99}}\n* {{cite book |last=Hyde |date=1998-99 |title=T}}", 1),
    Case("SFN-03", "Mills.{{sfn|Smith|2005}}", 0),
    # SFN-04 year then name
    Case("SFN-04", "Mills.{{sfn|Smith|2005|Jones}}", 1),
    Case("SFN-04", "Mills.{{sfn|Smith|Jones|2005}}", 0),
    # SFN-05 more than four names
    Case(
        "SFN-05",
        "Hands.{{sfn|Ames|Bell|Cole|Dunn|Eads|2019|p=5}}",
        1,
        "Hands.{{sfn|Ames|Bell|Cole|Dunn|2019|p=5}}",
    ),
    Case("SFN-05", "Hands.{{sfn|Ames|Bell|Cole|Dunn|2019|p=5}}", 0),
    # SFN-06 empty positional
    Case("SFN-06", "Mills.{{sfn|Smith||2005|p=4}}", 1, "Mills.{{sfn|Smith|2005|p=4}}"),
    Case("SFN-06", "Mills.{{sfn|Smith|2005|p=4}}", 0),
    # The harv family: Module:Footnotes reads names and year as for {{sfn}} (args_fetch, core)
    *(Case("SFN-04", f"Mills {{{{{name}|Smith|2005|Jones}}}}.", 1) for name in HARV_FAMILY),
    *(Case("SFN-04", f"Mills {{{{{name}|Smith|Jones|2005}}}}.", 0) for name in HARV_FAMILY),
    *(
        Case(
            "SFN-05",
            f"Hands {{{{{name}|Ames|Bell|Cole|Dunn|Eads|2019}}}}.",
            1,
            f"Hands {{{{{name}|Ames|Bell|Cole|Dunn|2019}}}}.",
        )
        for name in HARV_FAMILY
    ),
    *(Case("SFN-05", f"Hands {{{{{name}|Ames|Bell|Cole|Dunn|2019}}}}.", 0) for name in HARV_FAMILY),
    *(
        Case("SFN-06", f"Mills {{{{{name}|Smith||2005|p=4}}}}.", 1, f"Mills {{{{{name}|Smith|2005|p=4}}}}.")
        for name in HARV_FAMILY
    ),
    *(Case("SFN-06", f"Mills {{{{{name}|Smith|2005|p=4}}}}.", 0) for name in HARV_FAMILY),
    # {{sfnm}} numbers its sources: its positionals are read otherwise (SFNM rules)
    Case("SFN-04", "Mills.{{sfnm|Smith|2005|Jones|2001}}", 0),
    Case("SFN-06", "Mills.{{sfnm|Smith||2005}}", 0),
    # SFN-07 p and pp
    Case("SFN-07", "Mills.{{sfn|Smith|2005|p=12|pp=12}}", 1, "Mills.{{sfn|Smith|2005|p=12}}"),
    Case("SFN-07", "Mills.{{sfn|Smith|2005|p=12|pp=12–14}}", 1),
    Case("SFN-07", "Mills.{{sfn|Smith|2005|pp=12–14}}", 0),
    # SFN-08 range in p
    Case("SFN-08", "Mills.{{sfn|Smith|2005|p=12–15}}", 1, "Mills.{{sfn|Smith|2005|pp=12–15}}"),
    Case("SFN-08", "Mills.{{sfn|Smith|2005|page=12, 17}}", 1, "Mills.{{sfn|Smith|2005|pages=12, 17}}"),
    Case("SFN-08", "Mills.{{sfn|Smith|2005|p=3-7}}", 1),  # could be a hyphenated page: report
    Case("SFN-08", "Mills.{{sfn|Smith|2005|p=12}}", 0),
    # SFN-09 single page in pp
    Case("SFN-09", "Mills.{{sfn|Smith|2005|pp=12}}", 1, "Mills.{{sfn|Smith|2005|p=12}}"),
    Case("SFN-09", "Mills.{{sfn|Smith|2005|pages=xii}}", 1, "Mills.{{sfn|Smith|2005|page=xii}}"),
    Case("SFN-09", "Mills.{{sfn|Smith|2005|pp=12f}}", 0),
    Case("SFN-09", "Mills.{{sfn|Smith|2005|pp=12–13}}", 0),
    # SFN-10 range separators
    Case("SFN-10", "Mills.{{sfn|Smith|2005|pp=12-15}}", 1, "Mills.{{sfn|Smith|2005|pp=12–15}}"),
    Case(
        "SFN-10", "Mills.{{sfn|Smith|2005|pp=12 – 15, 20—22}}", 2, "Mills.{{sfn|Smith|2005|pp=12–15, 20–22}}"
    ),
    Case("SFN-10", "Mills.{{sfn|Smith|2005|pp=15-12}}", 1),  # reversed: report, never fix
    Case("SFN-10", "Mills.{{sfnm|Smith|2005|1pp=12-15}}", 1, "Mills.{{sfnm|Smith|2005|1pp=12–15}}"),
    Case("SFN-10", "Mills.{{sfn|Smith|2005|pp=12-15, (20-22)}}", 1),  # brackets: report
    Case("SFN-10", "Mills.{{sfn|Smith|2005|p=3-14}}", 1),  # p: hyphenated page number possible
    Case("SFN-10", "Mills.{{sfn|Smith|2005|pp=A-12}}", 0),
    Case("SFN-10", "Mills.{{sfn|Smith|2005|pp=12–15}}", 0),
    # SFN-11 reversed ranges, after expansion of abbreviated ends
    Case("SFN-11", "Mills.{{sfnm|1a1=Smith|1y=2005|1pp=347–248}}", 1),
    Case("SFN-11", "Mills.{{sfn|Smith|2005|pp=347β248}}", 1),
    Case("SFN-11", "Mills.{{sfn|Smith|2005|pp=1902–11}}", 0),
    Case("SFN-11", "Mills.{{sfn|Smith|2005|pp=347–48}}", 0),
    # SFN-12 mojibake dashes
    Case("SFN-12", "Mills.{{sfn|Smith|2005|pp=126β127}}", 1, "Mills.{{sfn|Smith|2005|pp=126–127}}"),
    Case(
        "SFN-12",
        "Mills.{{sfn|Smith|2005|pp=12â€“15, 20â€”22}}",
        2,
        "Mills.{{sfn|Smith|2005|pp=12–15, 20–22}}",
    ),
    Case("SFN-12", "Mills.{{sfn|Smith|2005|pp=12вЂ“15}}", 1, "Mills.{{sfn|Smith|2005|pp=12–15}}"),
    Case("SFN-12", "Mills.{{sfn|Smith|2005|loc=chapter 3 β notes}}", 1),  # not between digits
    Case("SFN-12", "Mills.{{sfn|Smith|2005|pp=12–15}}", 0),
    Case("SFN-12", "Mills.{{sfn|Smith|2005|pp=12<!-- β -->}}", 0),
    # SFN-13 invisible characters
    Case("SFN-13", "Mills.{{sfn|Smith\u200b|2005|p=4}}", 1, "Mills.{{sfn|Smith|2005|p=4}}"),
    Case("SFN-13", "Mills.{{sfn|Smith|2005\u00a0|p=4}}", 1, "Mills.{{sfn|Smith|2005 |p=4}}"),
    Case("SFN-13", "Mills.{{sfn|Smith\u200d|2005}}", 0),
    # SFN-14 same footnote name, different content
    Case("SFN-14", "Mills.{{sfn|Smith|2005|p=12}} Weirs.{{sfn|Smith|2005|pp=12}}", 1),
    Case("SFN-14", "Mills.{{sfn|Smith|2005|p=1|loc=2}} Weirs.{{sfn|Smith|2005|p=12}}", 1),
    Case("SFN-14", "Mills.{{sfn|Smith|2005|p=12}} Weirs.{{sfn|Smith|2005|p=12}}", 0),
    # SFN-15 inside a ref
    Case("SFN-15", "Mills.<ref>See also {{sfn|Smith|2005|p=4}}</ref>", 1),
    Case("SFN-15", "Mills.{{efn|See also {{sfn|Smith|2005|p=4}}}}", 0),
    # The harv family, {{sfnp}} and {{sfnmp}}: the target checks and the page parameters, read by
    # Module:Footnotes' args_fetch and core as for {{sfn}}; no ref name, so not SFN-14 or SFN-15.
    *(Case("SFN-01", f"Mills.{{{{{name}|Smith|2006|p=4}}}}", 1) for name in HARV_FAMILY),
    *(Case("SFN-01", f"Mills.{{{{{name}|Smith|2005|p=4}}}}", 0) for name in HARV_FAMILY),
    Case("SFN-01", "Mills.{{sfnmp|1a1=Smith|1y=2006|2a1=Green|2y=2010a}}", 1),
    Case("SFN-01", "Mills.{{sfnmp|1a1=Smith|1y=2005|2a1=Green|2y=2010a}}", 0),
    Case("SFN-01", "Mills.{{harv|Smith|2006|ignore-err=yes}} {{harvnb|Smith|2006|ref=none}}", 0),
    Case("SFN-01", "Mills.{{harvtxt|Nobody|1950|ref=CITEREFSmith2005}}", 0),
    Case("SFN-01a", "Winter.{{harvnb|Lee|Park|2001-2002}}", 1, "Winter.{{harvnb|Lee|Park|2001–2002}}"),
    Case("SFN-02", "Roads, {{harvtxt|Black|1890}}.", 1),
    Case("SFN-02", "Roads.{{sfnp|Black|1890|p=3}}", 1),
    Case("SFN-07", "Mills {{harvp|Smith|2005|p=12|pp=12}}", 1, "Mills {{harvp|Smith|2005|p=12}}"),
    Case("SFN-08", "Mills{{harvcol|Smith|2005|p=12–15}}", 1, "Mills{{harvcol|Smith|2005|pp=12–15}}"),
    Case("SFN-09", "Mills ({{harvnb|Smith|2005|pp=12}})", 1, "Mills ({{harvnb|Smith|2005|p=12}})"),
    Case("SFN-10", "Mills{{harvcolnb|Smith|2005|pp=12-15}}", 1, "Mills{{harvcolnb|Smith|2005|pp=12–15}}"),
    Case("SFN-11", "As {{harvcoltxt|Smith|2005|pp=347–248}} says", 1),
    Case("SFN-12", "Mills {{harv|Smith|2005|pp=126β127}}", 1, "Mills {{harv|Smith|2005|pp=126–127}}"),
    Case("SFN-14", "Mills ({{harvnb|Smith|2005|p=12}}). Weirs ({{harvnb|Smith|2005|pp=12}}).", 0),
    Case("SFN-15", "Mills.<ref>See also {{harvnb|Smith|2005|p=4}}.</ref>", 0),
    # The page-parameter rules read the harv family through the same args_fetch and core.
    Case("SFN-03", "Maps {{harvnb|White|c.1900|p=2}}", 1, "Maps {{harvnb|White|c. 1900|p=2}}"),
    Case("SFN-13", "Mills {{harv|Smith\u200b|2005}}", 1, "Mills {{harv|Smith|2005}}"),
    Case("SFN-16", "Mills {{harvnb|Smith|2005|P=4}}", 1, "Mills {{harvnb|Smith|2005|p=4}}"),
    Case("SFN-16", "Mills {{harvtxt|Smith|2005|p=4|ps=,}}", 0),
    Case("SFN-17", "Mills {{harvnb|Smith|2005|p=|page=5}}", 1, "Mills {{harvnb|Smith|2005|page=5}}"),
    Case("SFN-17", "Mills {{harvnb|Smith|2005|postscript=|ps=;}}", 1),
    Case("SFN-17", "Mills {{harvnb|Smith|2005|ps=}}", 0),  # harv's own postscript is empty
    Case("SFN-18", "Mills {{harvnb|Nobody|1950|ignore-err=Yes}}", 1),
    # A fix that moves a footnote's link is kept only where it lands on exactly one citation.
    Case(
        "SFN-01a",
        "Winter.{{sfn|Frost|2001-2002}}\n* {{cite book |last=Frost |date=2001–2002 |title=A}}"
        "\n* {{cite book |last=Frost |date=2001–2002 |title=B}}",
        0,
    ),
    Case("SFN-13", "Mills.{{sfn|Ro\u200bss|2005}}\n* {{cite book |last=Ro\u200bss |year=2005 |title=T}}", 1),
    Case("SFNM-01", "Mills.{{sfnm|1a1=Smith|1y=2005|3a1=Nobody|3y=1999}}", 1),
    Case("SFNM-02", "Mills.{{sfnm|1a1=Smith|1y=2005|2a2=Nobody|2y=1999}}", 1),
    Case("SFNM-03", "Mills.{{sfnm|1a1=Smith|1a3=Nobody|1y=2005}}", 1),
    Case("SFNM-04", "Hands.{{sfnm|1a1=N1|1a2=N2|1a3=N3|1a4=N4|1a5=N5|1y=2019}}", 1),
    # SFN-16 unknown parameters
    Case("SFN-16", "Mills.{{sfn|Smith|2005|pg=4}}", 1),
    Case("SFN-16", "Mills.{{sfn|Smith|2005|P=4}}", 1, "Mills.{{sfn|Smith|2005|p=4}}"),
    Case("SFN-16", "Mills.{{sfn|Smith|2005|at=fig. 2}}", 1, "Mills.{{sfn|Smith|2005|loc=fig. 2}}"),
    Case("SFN-16", "Mills.{{sfn|Smith|2005|p=4|p=5}}", 1),
    Case("SFN-16", "Mills.{{sfnm|1a1=Smith|1y=2005|1p=4|1pg=5}}", 1),
    Case("SFN-16", "Mills.{{sfn|Smith|2005|p=4|loc=fig. 2|ps=none}}", 0),
    # SFN-17 empty shadowing parameters
    Case("SFN-17", "Mills.{{sfn|Smith|2005|p=|page=5}}", 1, "Mills.{{sfn|Smith|2005|page=5}}"),
    Case("SFN-17", "Mills.{{sfn|Smith|2005|p=5|ps=}}", 1),
    Case("SFN-17", "Mills.{{sfn|Smith|2005|page=5}}", 0),
    Case("SFN-17", "Mills.{{sfn|Smith|2005|ps=|postscript=!}}", 0),  # postscript wins over ps
    # SFN-18 ignore-err values
    Case("SFN-18", "Text.{{sfn|Nobody|1950|ignore-err=Yes}}", 1),
    Case("SFN-18", "Text.{{sfn|Nobody|1950|ignore-err=yes}}", 0),
    # SFN-19 unbalanced braces
    # A mangled year is repaired only where the repaired footnote links (the module's anchor test).
    Case("SFN-12", "Winters.{{sfn|Lee|Park|2001â€“2002}}", 1, "Winters.{{sfn|Lee|Park|2001–2002}}"),
    Case("SFN-12", "Winters.{{sfn|Nobody|2001â€“2002}}", 1),
    Case("SFN-12", "Mills.{{sfnm|Smith|2005|1pp=12â€“15}}", 1, "Mills.{{sfnm|Smith|2005|1pp=12–15}}"),
    Case("SFN-19", "Mills.{{sfn|Smith|2005|p=12} and more text.", 1),
    Case("SFN-19", "Mills.{{sfn|Smith|2005|p=12}} and more text.", 0),
    # SFN-20 template namespace
    Case("SFN-20", "Usage: {{sfn|Smith|2005}}", 1, namespace=10),
    Case("SFN-20", "Usage: {{sfn|Smith|2005}}", 0),
    # SFNM-01 source gap
    Case(
        "SFNM-01",
        "Mills.{{sfnm|1a1=Smith|1y=2005|3a1=Brown|3y=1999}}",
        1,
        "Mills.{{sfnm|1a1=Smith|1y=2005|2a1=Brown|2y=1999}}",
    ),
    Case("SFNM-01", "Mills.{{sfnm|1a1=Smith|1y=2005|2a1=Brown|2y=1999}}", 0),
    Case("SFNM-01", "Mills.{{sfnm|1a1=Smith|1y=2005|2a2=Brown|2y=1999}}", 0),  # SFNM-02's alone
    # SFNM-02 no first author
    Case(
        "SFNM-02",
        "Mills.{{sfnm|1a1=Smith|1y=2005|2a2=Brown|2y=1999}}",
        1,
        "Mills.{{sfnm|1a1=Smith|1y=2005|2a1=Brown|2y=1999}}",
    ),
    Case("SFNM-02", "Mills.{{sfnm|1a1=Smith|1y=2005|2y=1999|2p=4}}", 1),
    Case("SFNM-02", "Mills.{{sfnm|1a1=Smith|1y=2005|2a1=Brown|2y=1999}}", 0),
    # SFNM-03 author gap
    Case(
        "SFNM-03",
        "Winter.{{sfnm|1a1=Lee|1a3=Park|1y=2001–2002}}",
        1,
        "Winter.{{sfnm|1a1=Lee|1a2=Park|1y=2001–2002}}",
    ),
    Case("SFNM-03", "Winter.{{sfnm|1a1=Lee|1a2=Park|1y=2001–2002}}", 0),
    # SFNM-04 fifth author
    Case(
        "SFNM-04",
        "Hands.{{sfnm|1a1=Ames|1a2=Bell|1a3=Cole|1a4=Dunn|1a5=Eads|1y=2019}}",
        1,
        "Hands.{{sfnm|1a1=Ames|1a2=Bell|1a3=Cole|1a4=Dunn|1y=2019}}",
    ),
    Case("SFNM-04", "Hands.{{sfnm|1a1=Ames|1a2=Bell|1a3=Cole|1a4=Dunn|1y=2019}}", 0),
    # SFNM-05 top-level page (the Anarchism case) and the one-source move
    Case("SFNM-05", "Mills.{{Sfnm|1a1=Smith|1y=2005|2a1=Brown|2y=1999|p=138}}", 1),
    Case("SFNM-05", "Mills.{{sfnm|1a1=Smith|1y=2005|p=138}}", 1, "Mills.{{sfnm|1a1=Smith|1y=2005|1p=138}}"),
    Case("SFNM-05", "Mills.{{sfnm|1a1=Smith|1y=2005|1p=138}}", 0),
    # SFNM-06 misnamed
    Case("SFNM-06", "Mills.{{sfnm|1a1=Smith|1y=2005|1page=5}}", 1, "Mills.{{sfnm|1a1=Smith|1y=2005|1p=5}}"),
    Case("SFNM-06", "Mills.{{sfnm|1a1=Smith|1year=2005}}", 1, "Mills.{{sfnm|1a1=Smith|1y=2005}}"),
    Case("SFNM-06", "Mills.{{sfnm|1a1=Smith|1y=2005|1p=5}}", 0),
    # SFNM-07 doubled punctuation
    Case("SFNM-07", "Mills.{{sfnm|1a1=Smith|1y=2005|1ps=;|2a1=Brown|2y=1999}}", 1),
    Case("SFNM-07", "Mills.{{sfnm|1a1=Smith|1y=2005|2a1=Brown|2y=1999|2ps=;}}", 0),
    # SFNM-08 single source
    Case("SFNM-08", "Mills.{{sfnm|1a1=Smith|1y=2005|1p=4}}", 1),
    Case("SFNM-08", "Mills.{{sfnm|1a1=Smith|1y=2005|2a1=Brown|2y=1999}}", 0),
    # MI-01 no images
    Case(
        "MI-01",
        "Intro.\n{{multiple image\n| image1 = \n| image2 =\n| width = 200\n}}\nMore.",
        1,
        "Intro.\n\nMore.",
    ),
    Case("MI-01", "{{multiple image |image1= |caption1=Old mill |image2= }}", 1),
    Case("MI-01", MI_TWO + "}}", 0),
    # MI-02 one image
    Case("MI-02", "{{multiple image |image1=Mill.jpg |alt1=A mill |caption1=The mill}}", 1),
    Case("MI-02", MI_TWO + "}}", 0),
    # MI-03 orphaned parameters
    Case("MI-03", MI_TWO + " |image3= |caption3=Old mill |width3=100}}", 2),
    Case("MI-03", MI_TWO + " |caption2=The weir}}", 0),
    # MI-04 File: prefix
    Case(
        "MI-04",
        "{{multiple image |image1=File:Mill.jpg |alt1=a |image2=[[Image:Weir.jpg]] |alt2=b}}",
        2,
        "{{multiple image |image1=Mill.jpg |alt1=a |image2=Weir.jpg |alt2=b}}",
    ),
    Case("MI-04", "{{multiple image |image1=[[File:Mill.jpg|thumb]] |alt1=a |image2=Weir.jpg |alt2=b}}", 1),
    Case("MI-04", MI_TWO + "}}", 0),
    # MI-06 per-image size units
    Case("MI-06", MI_TWO + " |width1=150px |height2=120 px}}", 2, MI_TWO + " |width1=150 |height2=120}}"),
    Case("MI-06", MI_TWO + " |width1=auto}}", 1),
    Case("MI-06", MI_TWO + " |width1=150}}", 0),
    # MI-07 global width
    Case("MI-07", MI_TWO + " |width=auto}}", 1),
    Case("MI-07", MI_TWO + " |width=200px}}", 0),
    # MI-08 total_width
    Case("MI-08", MI_TWO + " |total_width=50%}}", 1),
    Case("MI-08", MI_TWO + " |total_width=400px}}", 0),
    # MI-09 perrow with a zero row
    Case("MI-09", MI_TWO + " |image3=Dam.jpg |alt3=c |perrow=2/0}}", 1),
    Case("MI-09", MI_TWO + " |image3=Dam.jpg |alt3=c |perrow=2/1}}", 0),
    Case("MI-09", MI_TWO + " |perrow=2/0}}", 0),  # every image placed before the zero
    Case("MI-09", MI_TWO + " |image3=Dam.jpg |alt3=c |perrow=2/0 |direction=vertical}}", 0),
    Case("MI-09", MI_TWO + " |image3=Dam.jpg |alt3=c |perrow=x/0}}", 0),  # all in the first row
    Case("MI-09", MI_TWO + " |image3=Dam.jpg |alt3=c |perrow=1/0}}", 1),
    # MI-10 width overrides widthN
    Case("MI-10", MI_TWO + " |width=200 |width1=150}}", 1),
    Case("MI-10", MI_TWO + " |width1=150 |width2=180}}", 0),
    # MI-11 unknown parameters
    Case("MI-11", MI_TWO + " |image_3=Dam.jpg |caption=Both}}", 2),
    Case("MI-11", MI_TWO + " |foo= |footer=Both}}", 0),
    # MI-12 invalid values
    Case("MI-12", MI_TWO + " |align=centre-left |direction=diagonal}}", 2),
    Case("MI-12", MI_TWO + " |align=center |direction=vertical |border=infobox}}", 0),
    # MI-13 missing alt
    Case("MI-13", "{{multiple image |image1=Mill.jpg |image2=Weir.jpg |alt2=A weir}}", 1),
    Case("MI-13", MI_TWO + "}}", 0),
    # MI-14 duplicate parameters
    Case(
        "MI-14",
        MI_TWO + " |image2=Weir.jpg}}",
        1,
        MI_TWO.replace(" |image2=Weir.jpg", "") + " |image2=Weir.jpg}}",
    ),
    Case("MI-14", MI_TWO + " |image2=Dam.jpg}}", 1),
    Case("MI-14", MI_TWO + "}}", 0),
    # MI-15 the same file twice
    Case("MI-15", "{{multiple image |image1=Mill.jpg |alt1=a |image2=mill.jpg |alt2=b}}", 1),
    Case("MI-15", MI_TWO + "}}", 0),
    # GEN-01 dash entities
    Case("GEN-01", "Mills.{{sfn|Smith|2005|pp=12&ndash;15}}", 1, "Mills.{{sfn|Smith|2005|pp=12–15}}"),
    Case("GEN-01", "Mills.{{sfn|Smith|2005|pp=12–15}}", 0),
    # GEN-02 replacement characters
    Case("GEN-02", MI_TWO + " |caption1=The old m\ufffdll}}", 1),
    Case("GEN-02", "Mills.{{sfn|Smith|2005|pp=12\ufffd15}}", 0),  # SFN-12's
    # GEN-03 stale whitelist
    Case("GEN-03", "{{sfn whitelist|CITEREFSmith2005}}Mills.{{sfn|Smith|2005}}", 1),
    Case("GEN-03", "{{sfn whitelist|CITEREFNobody1950}}Text.{{sfn|Nobody|1950}}", 0),
    # GEN-04 prose mojibake
    Case("GEN-04", "Ethnic groupsβamong them Poles.", 1),
    Case("GEN-04", "The cafÃ© was closed.", 1),
    Case("GEN-04", "Pages 12â€“15 of the report.", 1),
    Case("GEN-04", "The β decay of tritium is slow.", 0),
    Case("GEN-04", "Ethnic groups{{lang|el|β}}among.", 0),
]


def rule(code: str) -> list[Rule]:
    return [r() for r in all_rules() if r.code == code]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_case(case: Case) -> None:
    text = case.body + SOURCES
    rules = rule(case.code)
    found = check_text(text, rules, case.namespace)
    assert len(found) == case.count, [f.message for f in found]
    result = fix_text(text, rules, case.namespace)
    expected = (case.fixed if case.fixed is not None else case.body) + SOURCES
    assert result.text == expected


def test_every_rule_has_a_positive_and_a_negative_case() -> None:
    positive = {c.code for c in CASES if c.count}
    negative = {c.code for c in CASES if not c.count}
    codes = {r.code for r in all_rules() if not r.needs_wiki}
    assert codes <= positive, codes - positive
    assert codes <= negative, codes - negative


def test_missing_file_is_reported_only_when_the_wiki_says_so() -> None:
    (missing_file,) = rule("MI-05")
    text = "{{multiple image |image1=Mill.jpg |alt1=a |image2=Gone.jpg |alt2=b}}"
    doc = parse(text, file_exists=lambda name: name == "Mill.jpg")
    (finding,) = check_document(doc, [missing_file])
    assert "Gone.jpg" in finding.message
    assert check_document(parse(text), [missing_file]) == []


def test_no_target_hint_names_the_citation_with_another_year() -> None:
    (finding,) = check_text("Mills.{{sfn|Smith|2006|p=4}}" + SOURCES, rule("SFN-01"))
    assert finding.anchor == "CITEREFSmith2006"
    assert "a citation by the same names has year 2005 (CITEREFSmith2005)" in finding.hints


def test_no_target_hint_for_missing_disambiguation_letter() -> None:
    (finding,) = check_text("Forests.{{sfn|Green|2010|p=4}}" + SOURCES, rule("SFN-01"))
    assert any("disambiguation letter: CITEREFGreen2010a" in h for h in finding.hints)


def test_no_target_hint_for_ref_none_citation() -> None:
    (finding,) = check_text("Hidden.{{sfn|Hall|2003}}" + SOURCES, rule("SFN-01"))
    assert any("ref=none" in h for h in finding.hints)


def test_no_target_hint_for_case_or_diacritics() -> None:
    (finding,) = check_text("Mills.{{sfn|Smíth|2005}}" + SOURCES, rule("SFN-01"))
    assert any("case or diacritics: CITEREFSmith2005" in h for h in finding.hints)


def test_unbalanced_page_gets_no_fix_at_all() -> None:
    text = "Mills.{{sfn|Smith|2005|pp=126β127}} Broken {{sfn|Smith|2005|p=1} tail." + SOURCES
    rules = [r() for r in all_rules() if not r.needs_wiki]
    result = fix_text(text, rules)
    assert result.blocked
    assert result.text == text
    assert "SFN-12" in {f.code for f in result.remaining}


def test_sfn_anchor_from_sfnref_in_citation() -> None:
    text = (
        "Text.{{sfn|Org report|2011}}\n"
        "{{cite report |author=The Org |year=2011 |ref={{sfnref|Org report|2011}}}}"
    )
    assert check_text(text, rule("SFN-01")) == []


@pytest.mark.parametrize(
    "citation",
    [
        "{{cite book |last=Hill |year=1990 |ref={{SFNREF|Org report|2011}}}}",
        "{{cite book |last=Hill |year=1990 |ref={{harvid|Org report|2011}}}}",
        "{{wikicite |ref={{sfnref|Org report|2011}} |reference=Org (2011). ''Report''.}}",
        "{{wikicite |ref=CITEREFOrg_report2011 |reference=Org (2011). ''Report''.}}",
    ],
)
def test_ref_holding_sfnref_or_harvid_defines_the_target_as_the_module_reads_it(citation: str) -> None:
    assert check_text("Text.{{sfn|Org report|2011}}\n" + citation, rule("SFN-01")) == []


def test_wikicite_id_makes_a_reference_anchor() -> None:
    text = "Text.{{sfn|ref=Reference-CITEREFOrg2011}}\n{{wikicite |id={{harvid|Org|2011}} |reference=Org.}}"
    assert check_text(text, rule("SFN-01")) == []
    assert check_text(text.replace("Reference-", ""), rule("SFN-01")) != []


def test_harvc_and_anchor_templates_define_targets() -> None:
    text = (
        "Text.{{sfn|Kent|1988}} More.{{sfn|Mole|2001}}\n"
        "* {{harvc |last=Kent |year=1988 |c=Chapter |in=Mole |anchor-year=1988}}\n"
        "* {{anchor|CITEREFMole2001}}Mole, A. (2001). ''Digging''."
    )
    assert check_text(text, rule("SFN-01")) == []


def test_every_rule_is_built_on_the_base_of_what_it_reads() -> None:
    for cls in all_rules():
        assert issubclass(cls, (FootnoteRule, ImageRule, PageRule)), cls.code
        if issubclass(cls, FootnoteRule):
            assert cls.families, f"{cls.code} declares no template family"


def test_footnote_rule_receives_only_the_families_it_declares() -> None:
    seen: list[str] = []

    class Probe(FootnoteRule):
        families = frozenset({Family.SFNM})

        def check_footnote(self, footnote: Footnote, doc: Document) -> Iterator[Finding]:
            seen.append(doc.text[footnote.call.start : footnote.call.end])
            return iter(())

    text = "A.{{sfn|Smith|2005}} B.{{sfnm|1a1=Smith|1y=2005}} C.{{multiple image|image1=A.jpg}}"
    list(Probe().check(parse(text)))
    assert seen == ["{{sfnm|1a1=Smith|1y=2005}}"]


def test_footnote_rules_check_nothing_in_the_template_namespace() -> None:
    text = "{{sfn|Smith|2005|pp=12-15}}" + SOURCES
    footnote_rules: list[Rule] = [r() for r in all_rules() if issubclass(r, FootnoteRule)]
    assert check_text(text, footnote_rules)
    assert check_text(text, footnote_rules, TEMPLATE_NAMESPACE) == []


def test_a_rule_on_two_bases_reads_both_footnotes_and_images() -> None:
    text = "A.{{sfn|Sm\ufffdth|2005}} B.{{multiple image|image1=A.jpg|caption1=M\ufffdll}}"
    found = check_text(text, rule("GEN-02"))
    assert [f.template for f in found] == ["sfn", "multiple image"]


def test_rules_say_which_templates_they_cover() -> None:
    covered = {rule.code: rule.covers() for rule in all_rules()}
    page_rules = ("SFN-03", "SFN-07", "SFN-08", "SFN-09", "SFN-10", "SFN-11", "SFN-12", "SFN-13")
    for code in ("SFN-01", "SFN-01a", "SFN-02", *page_rules, "SFN-16", "SFN-17", "SFN-18"):
        # SFN-17 reads no {{sfnm}}: its per-source parameters have no aliases to hide.
        names: tuple[str, ...] = ("Harv", "Harvcoltxt", "Sfnp", *(() if code == "SFN-17" else ("Sfnmp",)))
        assert all(f"{{{{{name}}}}}" in covered[code] for name in names), code
    assert "Harv" not in covered["SFN-14"]
    assert "Harv" not in covered["SFN-15"]
