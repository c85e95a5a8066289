"""The dry-run review page: side-by-side rows and word highlights, checked by hand-written cases."""

from __future__ import annotations

from bot.output.diff import unified_diff
from bot.output.review import ReviewItem, Row, natively_folded, review_page, side_by_side, word_highlight

BEFORE = "Intro line.\n{{sfn|Conquest|2007|pp=126β127}}\nMiddle.\nLast line.\n"
AFTER = "Intro line.\n{{sfn|Conquest|2007|pp=126–127}}\nMiddle.\nLast line.\n"


def test_a_changed_line_sits_beside_its_replacement_with_context_around_it() -> None:
    rows = side_by_side(unified_diff(BEFORE, AFTER, "Great Terror"))
    assert rows == [
        Row("hunk", 1, None, 1, None),
        Row("context", 1, "Intro line.", 1, "Intro line."),
        Row("change", 2, "{{sfn|Conquest|2007|pp=126β127}}", 2, "{{sfn|Conquest|2007|pp=126–127}}"),
        Row("context", 3, "Middle.", 3, "Middle."),
        Row("context", 4, "Last line.", 4, "Last line."),
    ]


def test_an_unrelated_replacement_is_shown_as_a_removal_and_an_addition() -> None:
    diff = unified_diff("a\nkeep\n", "completely different words here\nkeep\n", "P")
    rows = side_by_side(diff)
    assert rows[1:3] == [
        Row("change", 1, "a", None, None),
        Row("change", None, None, 1, "completely different words here"),
    ]


def test_only_the_changed_words_are_highlighted() -> None:
    left, right = word_highlight("pp=126β127 and more", "pp=126–127 and more")
    assert left == "pp=<del>126β127</del> and more"
    assert right == "pp=<ins>126–127</ins> and more"


def test_markup_in_page_text_is_shown_not_interpreted() -> None:
    left, right = word_highlight("<ref>x</ref>", "<ref>y</ref>")
    assert left == "&lt;ref&gt;<del>x</del>&lt;/ref&gt;"
    assert right == "&lt;ref&gt;<ins>y</ins>&lt;/ref&gt;"


def test_the_page_lists_every_page_with_its_edit_summary_and_report() -> None:
    items = [
        ReviewItem(
            "Great Terror",
            diff=unified_diff(BEFORE, AFTER, "Great Terror"),
            summary="maintbot: Fixed 1 mojibake page range (SFN-12)",
            talk_title="Talk:Great Terror",
            talk_text="== maintbot ==\n<script>alert(1)</script>",
        ),
        ReviewItem("Quiet page", note="skipped: {{nobots}}"),
    ]
    page = review_page(items, "maintbot dry run")
    assert "2 page(s) checked: 1 planned edit(s), 1 planned talk report(s)." in page
    assert "<b>Edit summary:</b> maintbot: Fixed 1 mojibake page range (SFN-12)" in page
    assert '<a href="#page-2">Quiet page</a>: skipped: {{nobots}}' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "<del>126β127</del>" in page
    assert "<ins>126–127</ins>" in page


def test_a_report_the_wiki_rendered_is_shown_rendered_and_one_without_a_wiki_as_labelled_wikitext() -> None:
    rendered = ReviewItem(
        "Mill",
        talk_title="Talk:Mill <1>",
        talk_text="== maintbot ==\n{| class=wikitable\n|}",
        talk_html='<div class="mw-parser-output"><table class="wikitable"></table></div>',
    )
    raw = ReviewItem("Weir", talk_title="Talk:Weir", talk_text="== maintbot ==\n{| class=wikitable\n|}")
    page = review_page([rendered, raw], "maintbot dry run")
    mill, weir = page.split('<section id="page-2">')
    assert "<h3>Report for Talk:Mill &lt;1&gt;, as the wiki renders it</h3>" in mill
    assert '<div class="rendered"><div class="mw-parser-output"><table class="wikitable">' in mill
    assert "{|" not in mill  # the wikitext is not shown beside its rendering
    assert "<h3>Report for Talk:Weir, as wikitext (not rendered: no wiki to render it)</h3>" in weir
    assert '<pre class="talk">== maintbot ==\n{| class=wikitable\n|}</pre>' in weir


def test_the_wikis_collapsible_tables_fold_natively_labelled_by_their_first_row() -> None:
    """As MediaWiki renders them: a folded table (mw-collapsed) and one shown open, each with a
    table inside; the table with no collapsible class stays as it is."""
    folded = (
        '<table class="wikitable mw-collapsible mw-collapsed">\n<tbody><tr>\n<th colspan="3">All 2 findings'
        " &amp; more\n</th></tr>\n<tr><td>SFN-01</td><td><table><tr><td>inner</td></tr></table></td></tr>"
        "</tbody></table>"
    )
    shown = '<table class="mw-collapsible"><tr><td>Open</td></tr><tr><td>body</td></tr></table>'
    plain = '<table class="wikitable"><tr><td>plain</td></tr></table>'
    markup = f'<div class="mw-parser-output"><p>Intro</p>\n{folded}\n{shown}{plain}</div>'
    assert natively_folded(markup) == (
        '<div class="mw-parser-output"><p>Intro</p>\n'
        '<details class="folded"><summary>All 2 findings &amp; more</summary>'
        '<table class="wikitable mw-collapsible mw-collapsed">\n<tbody>'
        "\n<tr><td>SFN-01</td><td><table><tr><td>inner</td></tr></table></td></tr></tbody></table></details>\n"
        '<details class="folded" open><summary>Open</summary><table class="mw-collapsible">'
        "<tr><td>body</td></tr></table></details>"
        f"{plain}</div>"
    )
