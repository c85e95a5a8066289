"""Properties that must hold for any text: exact round trip, idempotent and local fixes, no crash."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.checker import check_text
from bot.document import parse
from bot.fixing import apply_edits, fix_text
from bot.rules.base import Rule
from bot.rules.general.prose_mojibake import ProseMojibake
from bot.rules.registry import select
from bot.wikitext.blocks import strip_comments, tag_blocks
from bot.wikitext.citeref import accept_as_written
from bot.wikitext.spans import LITERAL_ATTRIBUTE_TAGS, OPAQUE_TAGS, brace_runs, closing_braces
from tests.support.paths import DATA, ROOT
from tests.support.profiles import examples

RULES: list[Rule] = select()

# Pieces of real-looking wikitext, recombined at random: templates of every checked family, the
# characters that matter to them (braces, pipes, dashes, mojibake), comments and opaque blocks.
PIECES = [
    "{{sfn|",
    "{{sfnm|",
    "{{multiple image|",
    "{{cite book|last=Smith|year=2005}}",
    "{{sfn|Smith|2005",
    "}}",
    "{{",
    "}",
    "{",
    "|",
    "=",
    "p=",
    "pp=",
    "1a1=",
    "1y=",
    "2a2=",
    "image1=",
    "caption1=",
    "width1=",
    "12",
    "126β127",
    "347β248",
    "12-15",
    "12 – 15",
    "â€“",
    "&ndash;",
    "\u200b",
    "\u00a0",
    "\ufffd",
    "Smith",
    "2005",
    "c.1900",
    "<!--",
    "-->",
    "<nowiki>",
    "</nowiki>",
    "<ref>",
    "</ref>",
    "[[",
    "]]",
    "File:A.jpg",
    " ",
    "\n",
    "\r\n",
    "groupsβamong",
    "Ã©",
    "{{{1|x}}}",
    "ignore-err=Yes",
    "ps=",
]
wikitext = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)


@examples(300)
@given(wikitext)
def test_checker_never_raises_and_spans_are_exact(text: str) -> None:
    doc = parse(text)
    assert doc.text is text
    for call in doc.scan.calls:
        piece = text[call.start : call.end]
        assert piece.startswith("{{")
        assert piece.endswith("}}")
        for param in call.params:
            assert text[param.value_start : param.value_end] == param.raw_value
    for finding in check_text(text, RULES):
        assert 0 <= finding.start <= finding.end <= len(text)


@examples(300)
@given(wikitext)
def test_fixing_twice_equals_fixing_once(text: str) -> None:
    once = fix_text(text, RULES).text
    assert fix_text(once, RULES).text == once


@examples(300)
@given(wikitext)
def test_fixes_touch_only_the_templates_they_fix(text: str) -> None:
    findings = [f for f in check_text(text, RULES) if f.fixable]
    fixed, applied = apply_edits(text, findings)
    # Everything outside the fixed findings' spans is byte-for-byte the same, in order.
    spans = sorted((f.start, f.end) for f in applied)
    outside_before, outside_after, cursor, shift = [], [], 0, 0
    for start, end in _merge(spans):
        outside_before.append(text[cursor:start])
        edits = [e for f in applied for e in f.edits if start <= e.start and e.end <= end]
        assert len(set(edits)) == len({e for f in applied for e in f.edits if start <= e.start < end})
        outside_after.append(fixed[cursor + shift : start + shift])
        shift += sum(len(e.replacement) - (e.end - e.start) for e in set(edits))
        cursor = end
    assert outside_before == outside_after
    assert text[cursor:] == fixed[cursor + shift :]


# Real pages (the seed and the local wiki's samples), cut, doubled and spliced at random.
REAL_PAGES = [
    path.read_text(encoding="utf-8")
    for path in sorted([*DATA.rglob("*.wiki"), *(ROOT / "scripts" / "localwiki_pages").glob("*.wiki")])
]


@st.composite
def mutated_real_wikitext(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(REAL_PAGES))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 300)))
        change = draw(st.sampled_from(["cut", "double", "splice"]))
        if change == "cut":
            text = text[:start] + text[end:]
        elif change == "double":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + draw(st.sampled_from(PIECES)) + text[start:]
    return text


@examples(150)
@given(mutated_real_wikitext())
def test_mutated_real_pages_check_agree_and_fix_idempotently(text: str) -> None:
    findings = check_text(text, RULES)
    assert all(0 <= f.start <= f.end <= len(text) for f in findings)
    assert findings == check_text(text, RULES, reference=True)
    once = fix_text(text, RULES).text
    assert fix_text(once, RULES).text == once


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@examples(300)
@given(wikitext)
def test_fast_scan_agrees_with_the_full_parse(text: str) -> None:
    fast = check_text(text, RULES)
    full = check_text(text, RULES, reference=True)
    assert fast == full


# A page with no template but with mojibake marks: GEN-04 masks it only where its raw text holds a
# candidate; what it finds must be what it finds on the mask made up front (the full parse's).
PROSE_PIECES = [
    "β",
    " β ",
    "a",
    "5",
    " ",
    ",",
    "(",
    "'",
    "<!--",
    "-->",
    "<!---->",
    "<nowiki>",
    "</nowiki>",
    "<pre>",
    "</pre>",
    '<ref name="',
    "<ref >",
    "<ref/>",
    ">",
    "/>",
    "â€”",
    "â€",
    "Ã©",
    "Ã",
    "в",
    "Γ",
    "\u0085",
    "\ufffd",
    "12β14",
    "groupsβamong",
    "\n",
]
prose = st.lists(st.sampled_from(PROSE_PIECES), max_size=30).map("".join)
PROSE_MOJIBAKE = ProseMojibake()


@examples(300)
@given(prose)
def test_prose_mojibake_is_found_alike_with_the_mask_made_late_or_up_front(text: str) -> None:
    up_front = list(PROSE_MOJIBAKE.in_mask(parse(text, reference=True)))
    assert list(PROSE_MOJIBAKE.check(parse(text))) == up_front


# Inputs the fuzzers (python -m scripts.fuzz, and the tests here under HYPOTHESIS_PROFILE=fuzz)
# found where the two scans once disagreed.
FUZZER_FINDS = [
    "{{sfn|A|2000|pp=1-2}}\x00{{sfn|B|2001}}",  # the C tokenizer stopped at NUL
    "{{sfn|A|2000|p=[[x}}]]|1}}",  # "}}" inside a link closes nothing
    "{{{sfn}}",  # "{" and a template, to MediaWiki
    "{{{{sfn}}",
    "x{{{sfn|A|2000|pp=1-2}}",
    "{{{{{{sfn}}",
    "{{{sfn|A}} {{sfn|A|2000|pp=3-4}}}",
    "{{sfn|{{e}}[[|}}{{]]",  # a "[[" that never closes, inside the template
    "{{sfn|Smith|2005}} {{cite boo-->k |last=Smith |year=2005}}",  # no title holds ">"
    "{{sfn|Smith|2005}} {{cite<!-- book |last=Smith |year=2005}}",  # an unclosed comment
    "{{sfn|Smith|2005}} {{cite b\nook |last=Smith |year=2005}}",  # a line break in the name
    "{{sfn|Smith|2005}} {{cite book |last=Smith |year=2005 {{|title=A}}",  # "{{" with no name
    "{{sfn|Guild|1700|p=2}} {{cite b{{x}}ook |last=Guild |year=1700}}",  # a name a template writes
    "{{{{{{{{sfn|}}",  # two arguments' "{{{" left open, then a template
    "{{sfn|A|2000|pp=1-2}}{{cite|{{s{}}",  # a lone brace in a name
    # Five braces closed by three are "{{" and an argument (MediaWiki matches a run from inside).
    "{{sfn|A|2000|pp=1-2}} {{{{{sfn|B|2001}}}",
    "{{sfn|A|2000|pp=1-2}} x{{{{{sfn|B|2001}}}}}",  # an argument as a template's name
    "{{sfn|<ref>}}</ref>",  # a tag inside a template reads on past its "}}" to its closer
    # The brace pass closes the target at "}}", the splitter's link keeps it open.
    "{{sfn|Smith|2005|pp=1-2}}{{cite|last=Smith|year=2005|[[}}]]",
    # A line break before a template in a name: no template, so the citation closes after it.
    "{{cite|last=Smith|year=2005|{{=\n{{s}}3}}{{sfn|Smith|2005|pp=1-2}}",
    # An argument writes a name that goes on with "<": no title, so no template to the parse.
    "{{{sfn|{{{{{}}}<}}",
]


@pytest.mark.parametrize("text", FUZZER_FINDS)
def test_fast_scan_agrees_with_the_full_parse_where_the_fuzzer_once_split_them(text: str) -> None:
    fast = check_text(text, RULES)
    assert fast == check_text(text, RULES, reference=True)
    assert fast  # each holds a footnote the rules report on


@examples(300)
@given(
    st.lists(st.sampled_from(["{{", "}}", "}}}", "}}}}", "{", "}", "x", "|"]), max_size=40)
    .map("".join)
    .filter(lambda text: "{{{" not in text)
)
def test_template_ends_are_the_same_whichever_brace_pass_finds_them(text: str) -> None:
    # A "{{{" never closed, at the end, changes no template's end but takes the general pass.
    assert closing_braces(text + "x{{{") == closing_braces(text)


@examples(300)
@given(st.lists(st.sampled_from(["{{", "}}", "{{{", "}}}", "{", "}", "x", "|"]), max_size=40).map("".join))
def test_brace_runs_are_what_the_regex_defines(text: str) -> None:
    runs = [match.span() for match in re.finditer(r"\{\{+|\}\}+", text)]
    assert brace_runs(text) == runs


@examples(200)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    fix_text(text, RULES)


# The linear scanners must find exactly what these plain regexes find; the regexes are their
# definition, too slow for real use (they rescan to the end from every unclosed opening).
OPAQUE_RE = re.compile(
    rf"<!--.*?(?:-->|\Z)|<({'|'.join(OPAQUE_TAGS)})(?:\s[^>]*)?/>|<({'|'.join(OPAQUE_TAGS)})(?:\s[^>]*)?>.*?</\2\s*>",
    re.S | re.I,
)
REF_RE = re.compile(r"<(ref|references)(?:\s[^>]*)?(?<!/)>.*?</\1\s*>", re.S | re.I)
LITERAL_ATTRIBUTES_RE = re.compile(
    rf"{OPAQUE_RE.pattern}|<({'|'.join(LITERAL_ATTRIBUTE_TAGS)})(?:\s[^>]*)?/?>", re.S | re.I
)
COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
ACCEPT_RE = re.compile(r"\(\((.*?)\)\)", re.S)
TAG_PIECES = [
    *("<!--", "-->", "<nowiki", "<NoWiki", "</nowiki", "<pre", "</pre", "<ref", "</ref", "<indicator"),
    *("<references", "</references", "<source", "</\u017fource", "<math", "</math ", "<ce", "<chem"),
    *(">", "/>", " />", "/", " ", "\n", "\t", "\x1c", "\u00a0", "a", "=", '"', "<", "-", "!", "\u212a"),
]
tag_soup = st.lists(st.sampled_from(TAG_PIECES), max_size=30).map("".join)


@examples(500)
@given(tag_soup)
def test_block_scanner_finds_what_the_regexes_define(text: str) -> None:
    blocks = [
        (start, end) for start, end, _ in tag_blocks(text, OPAQUE_TAGS, comments=True, self_closing=True)
    ]
    assert blocks == [match.span() for match in OPAQUE_RE.finditer(text)]
    refs = list(tag_blocks(text, ("ref", "references")))
    assert refs == [(*match.span(), match.group(1).lower()) for match in REF_RE.finditer(text)]
    openings = tag_blocks(
        text,
        OPAQUE_TAGS + LITERAL_ATTRIBUTE_TAGS,
        comments=True,
        self_closing=True,
        opening_only=LITERAL_ATTRIBUTE_TAGS,
    )
    assert [(start, end) for start, end, _ in openings] == [
        match.span() for match in LITERAL_ATTRIBUTES_RE.finditer(text)
    ]
    assert strip_comments(text) == COMMENT_RE.sub("", text)


@examples(300)
@given(st.lists(st.sampled_from(["((", "))", "(", ")", "a", "\n", " "]), max_size=25).map("".join))
def test_accept_as_written_markup_is_read_as_the_regex_defines(text: str) -> None:
    assert accept_as_written(text) == ACCEPT_RE.sub(r"\1", text)
