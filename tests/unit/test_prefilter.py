"""The page prefilter: its "no" is exact, so skipping a page never changes a finding."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.document import parse
from bot.rules.general.prose_mojibake import ProseMojibake
from bot.wikitext.dashes import MOJIBAKE_START_RE, PROSE_MOJIBAKE_RE, mojibake_table
from bot.wikitext.limits import PageTooComplex
from bot.wikitext.names import CHECKED_FAMILIES, normalize_name
from bot.wikitext.prefilter import Marks, PageFilter, _firsts, page_filter
from bot.wikitext.sitedata import BUILTIN
from bot.wikitext.spans import scan_full

FILTER = page_filter(*BUILTIN.checked_names)


def test_first_letters_are_every_character_whose_upper_case_gives_them() -> None:
    every: dict[str, set[str]] = {}
    for code in range(0x110000):
        every.setdefault(chr(code).upper(), set()).add(chr(code))
    assert all(_firsts(upper) == chars for upper, chars in every.items())


def _spellings(name: str) -> list[str]:
    first, rest = name[0], name[1:]
    spaced = rest.split(" ")
    return [
        name,
        first.lower() + rest,
        "Template:" + first.lower() + rest,
        first + "_".join(spaced),
        first + "\u00a0 <!-- a -->\u3000".join(spaced),
        first + "<!--x-->" + "<!---->".join(rest),
        "ſ" + rest if first == "S" else first.lower() + rest,
    ]


@pytest.mark.parametrize("name", BUILTIN.checked_names[0])
def test_every_spelling_of_a_checked_name_is_seen(name: str) -> None:
    for spelling in _spellings(name):
        assert BUILTIN.family_of(normalize_name(spelling)) in CHECKED_FAMILIES, spelling
        marks = FILTER.marks(f"Text {{{{{spelling}|Smith|2005}}}} more text.")
        assert marks.templates, spelling


def test_every_mojibake_form_starts_with_a_mark() -> None:
    # GEN-04 looks for mojibake only where a mark stands.
    forms = [*mojibake_table(), "β", "\ufffd", "Ã\u00a9", "Ã\u2122", "\u0085"]
    assert all(MOJIBAKE_START_RE.match(form) for form in forms)
    assert all(MOJIBAKE_START_RE.match(match.group()) for match in PROSE_MOJIBAKE_RE.finditer("".join(forms)))


def test_every_prose_form_and_every_glued_or_spaced_beta_is_seen() -> None:
    forms = [form for form in mojibake_table() if len(form) > 1]
    for text in [*forms, "Ã\u00a9", "Ã\u2122", "\u0085", "\x96", "groupsβamong", "12β14", "were β according"]:
        assert FILTER.marks(f"Prose {text} prose.").mojibake, text


def test_words_that_merely_hold_a_mark_are_not_mojibake() -> None:
    # Cyrillic в, Greek β and Γ, French â: real letters, in words no rule reports.
    marks = FILTER.marks("Moscow (Москва), β-decay, the Γ function, château, (β), αβγ, β-sheet.")
    assert marks == Marks(templates=False, mojibake=False)


def test_a_page_without_names_or_marks_is_shown_as_such() -> None:
    marks = FILTER.marks("Mills.<!-- note --> {{cite book|publisher=Harvard University Press}} – fine.")
    assert not marks.templates
    assert not marks.mojibake


def test_a_prefix_matches_every_name_it_starts() -> None:
    marks = PageFilter((), ("Multiple",)).marks("{{multiple<!-- -->_things|a}}")
    assert marks.templates


PIECES = st.sampled_from(
    [
        *("{{", "}}", "|", "sfn", "Sfn", "SFN", "fn", "s", "ſ", "multiple", "Multi", "image", " ", "_"),
        *("\u00a0", "<!--", "-->", "<!-- c -->", "<nowiki>", "</nowiki>", "Template:", "p=1", "β", "â€“"),
        *(" β ", "β", "5", ",", "(", "Ã©", "в", "\u0085"),
        *("x", "\n", "Harv", "ard", "nb", "harv", "Harvard", "citation"),
    ]
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_no_page_the_filter_passes_over_holds_a_checked_template_or_prose_mojibake(text: str) -> None:
    marks = FILTER.marks(text)
    if not marks.mojibake:
        assert not list(ProseMojibake().in_mask(parse(text, reference=True)))
    if marks.templates:
        return
    try:
        reference = scan_full(text)
    except PageTooComplex:
        return
    assert not any(call.family in CHECKED_FAMILIES for call in reference.calls)
    assert reference.unclosed == []
