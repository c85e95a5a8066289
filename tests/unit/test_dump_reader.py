"""The dump reader keeps of each page what ElementTree's findtext reads: the same pages, byte for
byte, from any piece of XML, or the same refusal (ElementTree's reading is the reference here)."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.scan.dump import DumpError, DumpPage, pages_from_xml

MW = "http://www.mediawiki.org/xml/export-0.11/"


def _reference_pages(root: ElementTree.Element, namespaces: frozenset[int] | None) -> Iterator[DumpPage]:
    """The reader before expat: ElementTree's whole tree, read with findtext."""
    xmlns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    prefixes = {
        (namespace.text or ""): int(namespace.get("key", "0"))
        for namespace in root.iterfind(f"{xmlns}siteinfo/{xmlns}namespaces/{xmlns}namespace")
    }
    for page in root.iterfind(f"{xmlns}page"):
        title = (page.findtext(f"{xmlns}title") or "").replace("_", " ")
        written = page.findtext(f"{xmlns}ns")
        if written is not None:
            namespace = int(written)
        else:
            prefix, colon, _ = title.partition(":")
            namespace = prefixes.get(prefix, 0) if colon else 0
        if namespaces is not None and namespace not in namespaces:
            continue
        revisions = page.findall(f"{xmlns}revision")
        if not revisions or page.find(f"{xmlns}redirect") is not None:
            continue
        latest = revisions[-1]
        yield DumpPage(
            title,
            namespace,
            int(page.findtext(f"{xmlns}id") or 0),
            int(latest.findtext(f"{xmlns}id") or 0),
            latest.findtext(f"{xmlns}text") or "",
        )


def reference(header: str, body: bytes, namespaces: frozenset[int] | None) -> list[DumpPage] | None:
    """The reference's pages, or None where it refuses the piece."""
    head = header.replace("</mediawiki>", "").encode("utf-8")
    try:
        root = ElementTree.fromstring(head + body.replace(b"</mediawiki>", b"") + b"</mediawiki>")
        return list(_reference_pages(root, namespaces))
    except (ValueError, ElementTree.ParseError):
        return None


def read(header: str, body: bytes, namespaces: frozenset[int] | None) -> list[DumpPage] | None:
    try:
        return pages_from_xml(header, body, namespaces)
    except DumpError:
        return None


# Text as dumps hold it, and what a hand-made or damaged dump may hold around it: markup the
# reader must read as ElementTree does, and now and then what makes both refuse the piece.
_CHARS = st.sampled_from([*"ab _:{}|=<>&\"'\n\r\t\u00e9\u2013\U0001f600", "\r\n"])
_TEXT = st.lists(_CHARS, max_size=12).map("".join)
_ESCAPED = _TEXT.map(escape)
_MARKUP = st.sampled_from(
    [
        "<![CDATA[<b>&]]>",
        "<!-- c -->",
        "<?pi x?>",
        "<b>x</b>tail",
        "<b/>",
        "&#233;",
        "&#x1F600;",
        "&amp;lt;",
        "&quot;",
    ]
)
_BROKEN = st.sampled_from(["&bogus;", "<", "&#0;", "]]>"])
_ENTITY = st.sampled_from(["&nbsp;", "&declared;"])  # read or refused as the prologue declares
# Mostly text, some markup, and rarely what breaks the piece.
_PIECE = st.integers(0, 99).flatmap(
    lambda n: _BROKEN if n == 0 else _ENTITY if n < 3 else _MARKUP if n < 20 else _ESCAPED
)
_CONTENT = st.lists(_PIECE, max_size=4).map("".join)
_NUMBER = st.integers(0, 39).flatmap(
    lambda n: (
        st.sampled_from(["", " 3 ", "x"])
        if n == 0
        else st.sampled_from(["", " 3 "])
        if n < 4
        else st.integers(0, 12).map(str)
    )
)


@st.composite
def _element(draw: st.DrawFn, name: str, content: st.SearchStrategy[str]) -> str:
    if draw(st.integers(0, 9)) == 0:
        return f"<{name}/>"
    return f"<{name}>{draw(content)}</{name}>"


@st.composite
def _revision(draw: st.DrawFn) -> str:
    children = [
        draw(_element("id", _NUMBER)),
        "<contributor><username>U</username>" + draw(_element("id", _NUMBER)) + "</contributor>",
        "<model>wikitext</model>",
        draw(
            st.sampled_from(
                [
                    '<text bytes="3" xml:space="preserve">' + draw(_CONTENT) + "</text>",
                    '<text bytes="0" deleted="deleted" />',
                    "<text " + "sha1=" + quoteattr(draw(_TEXT)) + ">" + draw(_CONTENT) + "</text>",
                    "<content><role>main</role><text>" + draw(_CONTENT) + "</text></content>",
                ]
            )
        ),
    ]
    if draw(st.booleans()):
        children.append(draw(_element("text", _CONTENT)))  # a second one: findtext reads the first
    order = draw(st.permutations(children)) if draw(st.integers(0, 4)) == 0 else children
    return "<revision>" + "".join(order) + "</revision>"


@st.composite
def _page(draw: st.DrawFn) -> str:
    titles = st.one_of(_CONTENT, st.sampled_from(["Talk:A", "Tém:a:b", ":c"]))  # some with a prefix
    children = [draw(_element("title", titles))]
    if draw(st.integers(0, 5)):
        children.append(draw(_element("ns", _NUMBER)))
    children.append(draw(_element("id", _NUMBER)))
    if draw(st.integers(0, 5)) == 0:
        children.append("<redirect title=" + quoteattr(draw(_TEXT)) + " />")
    children.extend(draw(st.lists(_revision(), max_size=3)))
    if draw(st.integers(0, 3)) == 0:
        children.append(draw(_element(draw(st.sampled_from(["title", "ns", "id"])), _CONTENT)))
    order = draw(st.permutations(children)) if draw(st.integers(0, 5)) == 0 else children
    return "  <page>\n" + "\n".join(order) + "\n  </page>\n"


_PROLOGUE = st.sampled_from(
    [
        "",
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<!DOCTYPE mediawiki SYSTEM "export-0.11.dtd">\n',
        '<!DOCTYPE mediawiki [<!ENTITY declared "\u00e9<b>x</b>y">]>\n',
    ]
)


@st.composite
def _siteinfo(draw: st.DrawFn) -> str:
    namespaces = "".join(
        f'<namespace key="{key}">{escape(name)}</namespace>'
        for key, name in draw(
            st.lists(st.tuples(_NUMBER, st.sampled_from(["", "Talk", "Tém:a", "_"])), max_size=3)
        )
    )
    return f"<siteinfo><namespaces>{namespaces}</namespaces></siteinfo>"


@st.composite
def _dump(draw: st.DrawFn) -> tuple[str, bytes]:
    root = draw(st.sampled_from([f'<mediawiki xmlns="{MW}">', "<mediawiki>", f'<mediawiki xmlns:mw="{MW}">']))
    header = f"{draw(_PROLOGUE)}{root}\n  {draw(_siteinfo())}\n"
    pages = draw(st.lists(_page(), min_size=1, max_size=4))
    if draw(st.integers(0, 9)) == 0:  # the tree's namespaces, wherever they are, name every page's
        pages.insert(draw(st.integers(0, len(pages))), draw(_siteinfo()))
    body = "".join(pages)
    if "xmlns:mw" in root and draw(st.booleans()):
        body = body.replace("<page>", "<mw:page>").replace("</page>", "</mw:page>")  # not the root's
    closing = "</mediawiki>\n" if draw(st.booleans()) else ""
    return header, (body + closing).encode("utf-8")


@settings(max_examples=300)  # small pieces, read in a millisecond: many of them
@given(_dump(), st.sampled_from([None, frozenset({0}), frozenset({0, 1, 3})]))
def test_the_reader_reads_every_piece_as_elementtree_does(
    dump: tuple[str, bytes], namespaces: frozenset[int] | None
) -> None:
    header, body = dump
    assert read(header, body, namespaces) == reference(header, body, namespaces)


def test_a_page_reads_exactly() -> None:
    namespaces = '<namespaces><namespace key="1">Talk</namespace></namespaces>'
    header = f'<mediawiki xmlns="{MW}">\n  <siteinfo>{namespaces}</siteinfo>\n'
    body = (
        b"<page><title>A_b &amp; c</title><id>7</id><revision><id>70</id>"
        b"<contributor><id>9</id></contributor>"
        b'<text xml:space="preserve">{{sfn|A|2000|p=1}}\r\n&lt;ref&gt;x&lt;/ref&gt;<![CDATA[<&>]]></text>'
        b"</revision></page>\n"
        b"<page><title>Talk:X</title><id>8</id><revision><id>80</id><text>t</text></revision></page>\n"
        b"<page><title>R</title><ns>0</ns><id>9</id><redirect title='A' />"
        b"<revision><id>90</id></revision></page>\n"
        b"</mediawiki>"
    )
    assert pages_from_xml(header, body) == [
        DumpPage("A b & c", 0, 7, 70, "{{sfn|A|2000|p=1}}\n<ref>x</ref><&>"),
        DumpPage("Talk:X", 1, 8, 80, "t"),
    ]
    assert pages_from_xml(header, body, frozenset({0})) == [pages_from_xml(header, body)[0]]


_PAGE = b"<page><title>A</title><id>1</id><revision><id>2</id><text>a&nbsp;b</text></revision></page>"


def test_an_entity_no_declaration_defines_refuses_the_piece_under_any_doctype() -> None:
    """Under a DTD the reader cannot read, expat drops an entity it does not know unless told to
    refuse it, as ElementTree does: a page's text never silently loses characters."""
    for doctype in (
        '<!DOCTYPE mediawiki PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "xhtml1-strict.dtd">',
        '<!DOCTYPE mediawiki [<!ENTITY % outside SYSTEM "outside.ent"> %outside;]>',
        '<!DOCTYPE mediawiki [<!ENTITY nbsp SYSTEM "nbsp.ent">]>',
    ):
        header = f'<?xml version="1.0"?>\n{doctype}\n<mediawiki xmlns="{MW}">\n'
        assert reference(header, _PAGE, None) is None
        assert read(header, _PAGE, None) is None


def test_a_doctype_s_own_entities_are_read() -> None:
    header = f'<!DOCTYPE mediawiki [<!ENTITY nbsp "&#160;">]>\n<mediawiki xmlns="{MW}">\n'
    assert pages_from_xml(header, _PAGE) == [DumpPage("A", 0, 1, 2, "a\u00a0b")]


def test_namespaces_listed_after_a_page_name_its_namespace_as_in_elementtree() -> None:
    header = f'<mediawiki xmlns="{MW}">\n'
    body = (
        b"<page><title>Talk:A</title><id>1</id><revision><id>2</id><text>t</text></revision></page>"
        b'<siteinfo><namespaces><namespace key="1">Talk</namespace></namespaces></siteinfo>'
    )
    assert reference(header, body, None) == [DumpPage("Talk:A", 1, 1, 2, "t")]
    assert pages_from_xml(header, body) == [DumpPage("Talk:A", 1, 1, 2, "t")]
