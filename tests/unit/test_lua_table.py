"""The reader of Lua data modules and the Lua pattern translation, on cases and on any value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.wikitext.lua_pattern import LuaPatternError, lua_find
from bot.wikitext.lua_table import KEYWORDS, LuaDataError, LuaValue, read_module, sequence
from tests.support.paths import SHARED
from tests.support.profiles import examples

MODULES = SHARED / "wiki-modules"


def returned(source: str) -> LuaValue:
    return read_module(source, "Module:Test").returned


def test_every_string_form_reads_as_lua_reads_it() -> None:
    source = r"""return { 'a\'b', "c\"d\n", [[long
with ] inside]], [==[x]]y]==], '\65\066\x43\z
       D', 'caf\u{E9}', '\195\169t\xC3\xA9', 'press\.', "tab\tend" }"""
    assert sequence(returned(source)) == [
        "a'b",
        'c"d\n',
        "long\nwith ] inside",
        "x]]y",
        "ABCD",
        "café",
        "été",
        "press.",
        "tab\tend",
    ]


def test_keys_of_every_form_and_positional_entries_in_order() -> None:
    table = returned("return { 'one', [2.0] = 'two?', x = 1, ['y z'] = -2.5, y = false, 'again'; nil, 0x1F }")
    assert table == {1: "one", 2: "again", "x": 1, "y z": -2.5, "y": False, 4: 31}


def test_comments_of_both_kinds_are_skipped() -> None:
    source = """-- a line comment
--[[ a block
comment ]] local t = { --[==[ inside ]==] 'a', -- trailing
  'b' }
return t"""
    assert sequence(returned(source)) == ["a", "b"]


def test_locals_are_read_and_referenced_like_the_whitelist_does() -> None:
    source = """require('strict');
local defaults = { ['A'] = {'Rines', '1920'} }
local names = { ['X'] = {'One', 'Two'} }
local wrappers = { ['Americana'] = defaults['A'], ['Other'] = defaults.A }
return { wrappers = wrappers, list = { ['CITEREFx'] = names['X'] } }"""
    module = read_module(source, "Module:Test")
    assert module.returned == {
        "wrappers": {"Americana": {1: "Rines", 2: "1920"}, "Other": {1: "Rines", 2: "1920"}},
        "list": {"CITEREFx": {1: "One", 2: "Two"}},
    }
    assert list(module.locals) == ["defaults", "names", "wrappers"]


def test_functions_and_loops_are_skipped_unrun_and_their_lines_recorded() -> None:
    source = """local patterns = { '[Cc]ite book' }
local out = {};
	local function add (list, name)
		if not list[name] then list[name] = true; end
	end
for _, p in ipairs (patterns) do add (out, p) end
return { out = out }"""
    module = read_module(source, "Module:Test")
    assert module.returned == {"out": {}}
    assert module.skipped_lines == [3, 6]


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ("local t = {}\nt.x = 1\nreturn t", 2, "not a data statement"),
        ("return { mw.loadData('x') }", 1, "not a local defined before"),
        ("local f = {}\nreturn { f('x') }", 2, "no code is run"),
        ("require('Module:Arguments')", 1, "only 'strict'"),
        ("return {\n 'a' .. 'b' }", 2, "expected"),
        ("return {\n'unfinished }", 2, "unfinished string"),
        ("return { [[never closed }", 1, "unfinished long string"),
        ("local t = {}\nreturn t\nlocal u = 1", 3, "code after return"),
        ("return { 1 + 2 }", 1, "expected"),
        ("return { [true] = 1 }", 1, "keys must be strings or numbers"),
    ],
)
def test_anything_else_is_refused_naming_page_and_line(source: str, line: int, what: str) -> None:
    with pytest.raises(LuaDataError) as refused:
        read_module(source, "Module:Footnotes/whitelist")
    assert refused.value.line == line
    assert str(refused.value).startswith(f"Module:Footnotes/whitelist, line {line}: ")
    assert what in str(refused.value)


def _lua_string(text: str, form: int) -> str:
    # A long bracket ends at the first "]]", so a text ending in "]" cannot be written in one.
    if form == 0 and "]]" not in text + "]" and not any(ch in text for ch in "\r\n"):
        return "[[" + text + "]]"
    quote = "'" if form == 1 else '"'
    return quote + "".join(f"\\{ord(ch):03d}" if ord(ch) < 32 or ch in "\\'\"" else ch for ch in text) + quote


@st.composite
def lua_source(draw: st.DrawFn, value: LuaValue) -> str:
    """A Lua expression for ``value``, strings in a form chosen at random, comments in between."""
    if isinstance(value, str):
        return _lua_string(value, draw(st.integers(0, 2)))
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, dict):
        return repr(value)
    run = 0
    while run + 1 in value:
        run += 1
    entries = [draw(lua_source(value[index])) for index in range(1, run + 1)]
    for key, item in value.items():
        if isinstance(key, int) and 1 <= key <= run:
            continue
        if isinstance(key, str) and key.isidentifier() and key.isascii() and key not in KEYWORDS:
            entries.append(f"{key} = {draw(lua_source(item))}")
        else:
            entries.append(f"[ {draw(lua_source(key))} ] = {draw(lua_source(item))}")
    separator = draw(st.sampled_from([", ", "; ", " --[[c]] , ", ",\n-- note\n"]))
    trailing = draw(st.sampled_from(["", ","])) if entries else ""
    return "{" + separator.join(entries) + trailing + "}"


scalars = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    st.integers(-(10**6), 10**6),
    st.booleans(),
)
values = st.recursive(
    scalars,
    lambda children: st.dictionaries(st.one_of(st.text(max_size=6), st.integers(1, 5)), children, max_size=5),
    max_leaves=12,
)


@examples(200)
@given(st.data(), values)
def test_any_value_written_in_lua_reads_back_the_same(data: st.DataObject, value: LuaValue) -> None:
    source = data.draw(lua_source(value))
    assert returned("return " + source) == value


def test_the_real_whitelist_is_read_whole() -> None:
    path = MODULES / "footnotes-whitelist.lua"
    if not path.is_file():
        pytest.skip("../shared/wiki-modules is not present")
    exported = read_module(path.read_text(encoding="utf-8"), "Module:Footnotes/whitelist").returned
    assert isinstance(exported, dict)
    assert set(exported) == {
        "DNB_special_patterns",
        "DNB_template_names",
        "special_patterns",
        "whitelist",
        "wrapper_templates",
    }
    whitelist = exported["whitelist"]
    assert isinstance(whitelist, dict)
    assert len(whitelist) == 1417
    assert whitelist["CITEREFJackson2010"] == {1: "Cite enc-nyc2"}
    assert whitelist["CITEREFCoverdale_&_Colpitts1946"] == {
        1: "Coverdale & Colpitts 1",
        2: "Coverdale & Colpitts 2",
        3: "Coverdale & Colpitts 3",
    }
    wrappers = exported["wrapper_templates"]
    assert isinstance(wrappers, dict)
    assert len(wrappers) == 42
    assert wrappers["1911"] == {1: "Chisholm", 2: "1911"}
    eb9 = wrappers["Eb9"]
    assert isinstance(eb9, dict)
    assert eb9["XI"] == {1: "BaynesSmith", 2: "1880"}
    assert sequence(exported["special_patterns"])[5] == "CITEREF[%d%a_%pöüäß→]+_at_Bach_Digital"


def test_the_real_anchor_id_list_data_is_read_whole() -> None:
    path = MODULES / "footnotes-anchor-id-list-data.lua"
    if not path.is_file():
        pytest.skip("../shared/wiki-modules is not present")
    module = read_module(path.read_text(encoding="utf-8"), "Module:Footnotes/anchor id list/data")
    cs1 = sequence(module.locals["cs1_template_patterns"])
    assert len(cs1) == 163
    assert cs1[0] == "[Cc]ite ar[Xx]iv"
    assert cs1[-1] == "웹 인용"
    assert "[Cc]ite press release." in cs1
    assert sequence(module.locals["anchor_template_patterns"]) == [
        "[Aa]nchors?",
        "[Aa]nchor for redirect",
        "[Aa]nchro",
        "[Aa]ncor",
    ]
    assert module.skipped_lines == [230, 237, 287]


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("CITEREFAHD%d+", "CITEREFAHD12", True),
        ("CITEREFAHD%d+", "CITEREFAHD", False),
        ("^CITEREF%a[%a%-_']*188[5-9]$", "CITEREFO'Brien-Smith1886", True),
        ("^CITEREF%a[%a%-_']*188[5-9]$", "CITEREFÖsterreich1886", False),  # %a is ASCII only
        ("CITEREF[%d%a_%pöüäß→]+_at_Bach_Digital", "CITEREFBWV_1→2ü_at_Bach_Digital", True),
        ("CITEREF[BR]GBl_[12]%d%d%d%-?I?I?%/%d+", "CITEREFRGBl_1934-II/12", True),
        ("a.-b$", "axxbyb", True),
        ("[^%d]x", "1x", False),
        ("%u%u%u?%u?%d", "ABCD1", True),
    ],
)
def test_lua_patterns_match_as_lua_matches_bytes(pattern: str, text: str, found: bool) -> None:
    assert lua_find(pattern, text) is found


@pytest.mark.parametrize("pattern", ["%b()", "%f[%w]x", "(a)%1", "[abc", "x%"])
def test_lua_patterns_this_translation_does_not_follow_are_refused(pattern: str) -> None:
    with pytest.raises(LuaPatternError):
        lua_find(pattern, "x")
