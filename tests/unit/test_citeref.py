"""Citation years and anchor encoding as the real module computes them.

Each expectation was read from the module rendered by a real MediaWiki (the agreement test,
tests/integration/test_agreement.py, checks the same classes against it); these pin them where
no PHP is at hand.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.wikitext.citeref import (
    CS12_YEAR_KEYS,
    accept_as_written,
    anchor_encode,
    anchor_encode_markup,
    citation_year,
    vancouver_names,
    year_from_date,
)
from tests.support.profiles import examples


@pytest.mark.parametrize(
    ("date", "year"),
    [
        ("2005", "2005"),
        ("c. 1900", "c. 1900"),
        ("c.1900", "1900"),  # no space: only the year at the end is read
        ("1998-99", "1998"),  # a hyphen is no range to the module: the leading year
        ("2004/05", "2004"),
        ("1850–51", "1850–51"),
        ("1850 – 51", "1850"),
        ("2001—2002", "2001–2002"),  # any separator between two four-digit years
        ("March 1998 to May 1999", "1998–1999"),
        ("1 January 2001, revised 2005", "2001–2005"),
        ("1990s", "1990s"),
        ("AD 850", "850"),
        ("2005-06-07", "2005"),
        ("May 2013a", "2013a"),
        ("n.d.", "n.d."),
        ("nd", "nd"),
        ("n.d.b", "n.d.b"),
        ("[[2010]]", ""),
        ("forthcoming", ""),
        ("2009<!-- checked -->", "2009"),
        ("{{date|2003-05-01}}", "2003"),
        ("{{Date|1 May 2003|dmy}}", "2003"),
        ("{{start date|2003|5|1}}", ""),  # another template: the module gives up on the year
    ],
)
def test_citation_year_is_read_as_the_anchor_list_reads_it(date: str, year: str) -> None:
    assert year_from_date(date) == year


def test_an_empty_year_is_absent_but_a_year_without_digits_ends_the_search() -> None:
    assert citation_year({"year": " ", "date": "2006"}, CS12_YEAR_KEYS) == "2006"
    assert citation_year({"year": "forthcoming", "date": "2006"}, CS12_YEAR_KEYS) == ""
    assert citation_year({"year": "2005", "date": "2006"}, CS12_YEAR_KEYS) == "2005"


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("CITEREFVan\u00a0Dyke2000", "CITEREFVan_Dyke2000"),  # NBSP: one underscore
        ("Van  Dyke", "Van_Dyke"),
        ("Van_Dyke", "Van_Dyke"),
        ("Van&nbsp;Dyke", "Van_Dyke"),
        ("a\u2009b", "a_b"),
        ("a\u3000b", "a_b"),
        ("Levi\u200e", "Levi"),  # LRM and RLM are dropped
        ("Co\u200fhen", "Cohen"),
        ("a\u202ab\u202c", "ab"),
        ("Zw\u200bsp", "Zw\u200bsp"),  # zero-width space, soft hyphen and BOM stay: no match
        ("Sh\u00ady", "Sh\u00ady"),
        ("\ufeffBom", "\ufeffBom"),
        ("Smith &amp; Co", "Smith_&_Co"),
        ("O&#39;Brien", "O'Brien"),
        ("''Italic''", "Italic"),
        ("[[Linked Author|Linked]]", "Linked"),
        ("[[Plain]]", "Plain"),
        ("a<b>c</b>", "ac"),
        ("Percent %41", "Percent_%2541"),
        (" _Smith_ ", "Smith"),
        ("a\x85b", "a\x85b"),  # NEL is no space to MediaWiki
    ],
)
def test_anchor_encoding_is_mediawikis(text: str, anchor: str) -> None:
    assert anchor_encode(text) == anchor


@pytest.mark.parametrize(
    ("vauthors", "names"),
    [
        ("Smith JA, Jones B", ["Smith", "Jones"]),
        ("Roe ABCD", ["Roe"]),  # any run of capitals is initials
        ("Doe J.", ["Doe J."]),  # a full stop keeps them
        ("Smith ja", ["Smith ja"]),
        ("((World Health Organization))", ["World Health Organization"]),
        ("((Black, Brown, White and Co.)), Green AB", ["Black, Brown, White and Co.", "Green"]),
        ("Lo YC, ((Ko, TP)), Su WC", ["Lo", "Ko, TP", "Su"]),
        ("Five A, Six B, Seven C, Eight D, Nine E", ["Five", "Six", "Seven", "Eight"]),
        # "((A" holds one character after "((": not the start of a name with commas to the module.
        ("((A, B, C)), D E, F G", ["((A", "B", "C))", "D"]),
    ],
)
def test_vancouver_names_are_read_as_the_anchor_list_reads_them(vauthors: str, names: list[str]) -> None:
    assert vancouver_names(vauthors) == names


def test_accept_as_written_markup_may_hold_a_line_break() -> None:
    assert accept_as_written("((Multi\nline)) and ((open") == "Multi\nline and ((open"


# Anchors as citations make them: words between spaces, with every character some step of the
# encoding changes.
ANCHOR_PIECES = [
    *("CITEREF", "Smith", "Müller", "2005", " ", "  ", "_", "%41", "%", "&amp;", "&#124;", "&nbsp;"),
    *("[[A|B]]", "[[A]]", "[http://x.org Label]", "''", "'''", "<span>", "\u00a0", "\u200e", "\u202b"),
    *("\u180e", "\u2009", "\u3000", "\ufffd", "\t", "\n", "\x00", "\x0b", "x" * 1020),
]


@examples(500)
@given(st.lists(st.one_of(st.sampled_from(ANCHOR_PIECES), st.text(max_size=3)), max_size=6).map(" ".join))
def test_anchors_without_markup_encode_as_the_whole_encoding_does(text: str) -> None:
    assert anchor_encode(text) == anchor_encode_markup(text)
