"""html.py / htmlblocks.py: real filings in HTML, R-page and EDGAR .txt form -> blocks and notes.

Fixtures (tests/fixtures/html, see its README): two notes each of an AbbVie
10-K (Workiva) and an AMC 10-Q (Toppan Merrill), two XBRL-viewer R pages of an
Apple 10-Q, and the AMC excerpt in an EDGAR submission envelope.
"""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from segmenter.html import html_to_blocks
from segmenter.types import Block

HTML = Path(__file__).parent / "fixtures" / "html"
ABBV = HTML / "abbv-10-k-2024-notes-16-17.html.gz"
AMC = HTML / "amc-10-q-2023-06-30-notes-4-5.html.gz"
AMC_TXT = HTML / "amc-10-q-2023-06-30-submission.txt.gz"
R12 = HTML / "aapl-10-q-2025-03-29-R12.htm.gz"
R16 = HTML / "aapl-10-q-2025-03-29-R16.htm.gz"
ALL = (ABBV, AMC, R12, R16)
NUMBERING = Path(__file__).parent / "fixtures" / "numbering"
HD = NUMBERING / "HD-10-K-2025-02-02-number-dot-notes-3-4.html.gz"
PFE = NUMBERING / "PFE-10-Q-2023-07-02-lettered-subsections-notes-2-3.html.gz"
KHC = HTML / "khc-10-k-2023-note-2-policies.html.gz"


def _html(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def _assert_offsets(text: str, blocks: list[Block]) -> None:
    prev_end = 0
    for b in blocks:
        assert prev_end <= b.start < b.end <= len(text), b
        assert text[b.start:b.end].strip(), b
        prev_end = b.end
        for c in b.cells:
            assert b.start <= c.start <= c.end <= b.end
            assert text[c.start:c.end] == c.text
        if b.hint in ("lines", "page") and not b.cells:
            assert text[b.start:b.end] == b.text


def _tagged(path: Path) -> list[tuple[str, Decimal, bool]]:
    """(displayed text, value with scale, negative) of every ix:nonFraction in a table."""
    root = etree.fromstring(gzip.decompress(path.read_bytes()), etree.HTMLParser(no_network=True))
    out = []
    for el in root.iter("ix:nonfraction"):
        if next(el.iterancestors("table"), None) is None or not (el.text or "").strip():
            continue
        shown = el.text.strip()
        if not shown[:1].isdigit():  # "—" of a zero value (ixt:fixed-zero)
            continue
        value = Decimal(shown.replace(",", "")) * Decimal(10) ** int(el.get("scale") or 0)
        out.append((shown, value, el.get("sign") == "-"))
    return out


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_offsets_are_exact_for_every_block_and_cell(path):
    text, blocks = html_to_blocks(_html(path), name=path.name)
    assert blocks
    _assert_offsets(text, blocks)


@pytest.mark.parametrize("path", (ABBV, AMC))
def test_every_tagged_table_number_lands_in_a_cell_with_its_value(segmenter_instance, path):
    doc = segmenter_instance.segment(path)
    cells = [c for t in doc.tables for _, _, c in t.values()]
    tagged = _tagged(path)
    assert len(tagged) > 20
    found = 0
    for shown, value, negative in tagged:
        hits = [c for c in cells if c.text == shown]
        if hits:
            found += 1
            assert any(abs(c.value) == value for c in hits), shown
    assert found >= 0.95 * len(tagged)


def test_workiva_10k_notes(segmenter_instance):
    doc = segmenter_instance.segment(ABBV)
    assert [(n.number, n.topic) for n in doc.notes] == [("16", "segment_reporting"), ("17", "supplemental_details")]
    assert doc.notes[0].title == "Segment and Geographic Area Information"
    rows = [(r.label, [c.value for c in r.cells]) for t in doc.notes[0].tables for r in t.rows]
    # The filer tags Skyrizi's United States net revenues "10,086", "6,753", "4,484" (scale 6) under the group row "Skyrizi".
    at = rows.index(("Skyrizi", []))
    assert rows[at + 1] == ("United States", [Decimal("10086000000"), Decimal("6753000000"), Decimal("4484000000")])


def test_toppan_merrill_10q_notes_and_goodwill_table(segmenter_instance):
    doc = segmenter_instance.segment(AMC)
    assert [(n.number, n.title, n.topic) for n in doc.notes] == [
        ("4", "GOODWILL", "goodwill_intangibles"), ("5", "INVESTMENTS", "investments")]
    (table,) = doc.notes[0].tables
    balance = next(r for r in table.rows if r.label.startswith("Balance December 31, 2022"))
    # ix:nonFraction "3,072.6" (scale 6) and "(1,276.1)" with sign="-".
    assert [c.value for c in balance.cells[:2]] == [Decimal("3072600000"), Decimal("-1276100000")]
    for cell in balance.cells:
        assert doc.text[cell.start:cell.end] == cell.text


def test_hidden_content_is_dropped_and_ix_wrappers_are_transparent():
    text, _ = html_to_blocks(_html(ABBV), name="abbv")
    assert "0001551152" not in text  # dei:EntityCentralIndexKey, inside ix:header
    assert "Segment and Geographic Area Information" in text  # inside ix:nonNumeric
    html = ("<html><head><title>T</title><style>p{}</style></head><body><div style='display: none'>"
            "<p>gone</p></div><p>Kept <span style='DISPLAY:NONE'>not</span>text<script>x()</script></p></body></html>")
    text, blocks = html_to_blocks(html, name="t")
    assert text == "Kept text\n" and [b.text for b in blocks] == ["Kept text"]


def test_heading_split_across_two_elements_comes_out_whole(segmenter_instance):
    # AMC's heading "<b>NOTE 4&#8212;GOODWILL</b>" set as two divs, as other filers do.
    html = _html(AMC).replace("<b style=\"font-weight:bold;\">NOTE 4&#8212;GOODWILL</b>",
                              "<div>NOTE 4&#8212;</div><div><b>GOODWILL</b></div>")
    assert "<div>NOTE 4&#8212;</div>" in html
    text, blocks = html_to_blocks(html, name="amc")
    assert blocks[0].text == "NOTE 4\u2014 GOODWILL" and blocks[0].hint == "lines"
    doc = segmenter_instance.segment(html.encode(), name="amc.htm")
    assert (doc.notes[0].number, doc.notes[0].title) == ("4", "GOODWILL")


def test_page_numbers_running_footers_and_toc_links_are_page_boilerplate(segmenter_instance):
    text, blocks = html_to_blocks(_html(ABBV), name="abbv")
    assert [b.text for b in blocks if b.hint == "page"] == [
        "97 | 2024 Form 10-K", "2024 Form 10-K | 98", "99 | 2024 Form 10-K", "2024 Form 10-K | 100"]
    text, blocks = html_to_blocks(_html(AMC), name="amc")
    assert [b.text for b in blocks if b.hint == "page"] == ["16", "Table of Contents"]
    doc = segmenter_instance.segment(AMC)
    page = [b for n in doc.notes for b in n.blocks if b.text in ("16", "Table of Contents")]
    assert page and all(b.kind == "boilerplate" for b in page)
    # Decided before policies and tables: boilerplate carries neither.
    assert all(b.policy is None and b.table is None and b.decided_by == "reader:page" for b in page)


def test_a_left_padding_between_two_spans_is_a_space():
    # HD 10-K 2025: "<span>3.</span><span style='...padding-left:9.67pt'>PROPERTY AND LEASES</span>".
    html = _html(HD)
    assert "padding-left:9.67pt\">PROPERTY AND LEASES" in html
    text, blocks = html_to_blocks(html, name="hd")
    _assert_offsets(text, blocks)
    lines = [b.text for b in blocks]
    assert "3. PROPERTY AND LEASES" in lines and "3.PROPERTY AND LEASES" not in lines
    # a zero padding is no gap
    text, blocks = html_to_blocks("<p><span>Inv</span><span style='padding-left:0pt'>entories</span></p>", name="t")
    assert [b.text for b in blocks] == ["Inventories"]


def test_bold_lines_are_marked_and_a_short_one_is_a_sub_heading(segmenter_instance):
    # KHC 10-K 2023, Note 2: "Revenue Recognition:" in a span styled "font-style:italic;
    # font-weight:700", its paragraph "font-weight:400". Pipe text has no bold, and the
    # classifier, which reads a title ending in ":" like a sentence that leads into a
    # table, takes it for text; the HTML reader sees the look.
    text, blocks = html_to_blocks(_html(KHC), name="khc")
    _assert_offsets(text, blocks)
    look = {b.text[:40]: b.emphasised for b in blocks}
    assert look["Revenue Recognition:"] and look["Research and Development Expense:"]
    assert look["Note 2. Significant Accounting Policies"]  # bold and underlined, split over a tag
    assert not look["Our revenues are primarily derived from "]
    doc = segmenter_instance.segment(KHC)
    (note,) = doc.notes
    kinds = {b.text: (b.kind, b.decided_by) for b in note.blocks}
    for title in ("Revenue Recognition:", "Advertising, Consumer Incentives, and Trade Promotions:",
                  "Research and Development Expense:"):
        assert kinds[title] == ("heading", "reader:emphasis"), title
    assert [s.title for s in note.sections][:3] == [
        "Revenue Recognition:", "Advertising, Consumer Incentives, and Trade Promotions:",
        "Research and Development Expense:"]
    assert all(b.kind == "text" for b in note.blocks if not b.emphasised)
    # the same note as pipe text has no look: the reader marks nothing
    pipe = segmenter_instance.segment(text, name="khc.txt")
    assert not any(b.emphasised for n in pipe.notes for b in n.blocks)


def test_footnotes_under_a_table_continue_after_a_page_footer(segmenter_instance):
    # JNJ 10-K 2023, Note 7: the debt table, "(1) Weighted average effective rate.", the
    # page footer "2023 Annual Report 65" and a page break, then "(2) Translation rate at
    # December 31, 2023." and "(3) ...". Read as lines, "(2) Translation rate ..." headed
    # a note in the "(5) Inventories" style and cut Note 7 in two.
    def page(n: int, body: str) -> str:
        return f"{body}<div><span>2023 Annual Report {n}</span></div><div style='page-break-after:always'></div>"
    html = "<html><body>" + "".join([
        page(63, "<div><span>NOTES TO CONSOLIDATED FINANCIAL STATEMENTS</span></div><div>6. Fair value</div>"
                 "<div><span>Text of the fair value note, sentence one.</span></div>"),
        page(64, "<div><span>7.&#160;Borrowings</span></div><div>The components of long-term debt are as follows:</div>"
                 "<table><tr><td>(Dollars in Millions)</td><td>2023</td><td>Effective Rate %</td></tr>"
                 "<tr><td>3.55% Notes due 2024(2)</td><td>746</td><td>3.55</td></tr></table>"
                 "<div>(1) Weighted average effective rate.</div>"),
        page(65, "<div>(2) Translation rate at December 31, 2023.</div><div>(3) Translation rate at January 1, 2023.</div>"
                 "<div>Fair value of the long-term debt was estimated using market prices.</div>"),
        "<div>Item 9. Changes in and Disagreements with Accountants</div></body></html>",
    ])
    _, blocks = html_to_blocks(html, name="jnj")
    hints = {b.text: b.hint for b in blocks}
    assert hints["2023 Annual Report 65"] == "page"
    assert hints["(2) Translation rate at December 31, 2023."] == hints["(3) Translation rate at January 1, 2023."] == "footnote"
    doc = segmenter_instance.segment(html.encode(), name="jnj.htm")
    assert [(n.number, n.title) for n in doc.notes] == [("6", "Fair value"), ("7", "Borrowings")]


def test_an_item_number_at_a_page_top_closes_the_notes(segmenter_instance):
    # CSCO 10-Q 2023: each Item starts a new page with "Item 2." in one cell and its title
    # in the next. "item" recurs at page edges, so "Item 2." was taken for a running
    # header, and the last note (20. Net Income per Share) ran on through the MD&A.
    def page(body: str) -> str:
        return f"{body}<div style='page-break-after:always'></div>"

    def item(number: str, title: str) -> str:
        return f"<table><tr><td>{number}</td><td>{title}</td></tr></table>"

    html = "<html><body>" + "".join([
        page("<div>Notes to Consolidated Financial Statements</div><div>19. Income Taxes</div>"
             "<div>The following table provides details of income taxes.</div>"),
        page("<div>20. Net Income per Share</div><div>The following table presents the calculation.</div>"),
        page(item("Item 2.", "Management’s Discussion and Analysis of Financial Condition and Results of Operations")
             + "<div>Forward-Looking Statements</div><div>This Quarterly Report contains forward-looking statements.</div>"
             + "<div>21. Not a note</div>"),
        page(item("Item 3.", "Quantitative and Qualitative Disclosures About Market Risk") + "<div>Text.</div>"),
        page(item("Item 4.", "Controls and Procedures") + "<div>Text.</div>"),
        page(item("Item 1A.", "Risk Factors") + "<div>Text.</div>"),
        "</body></html>",
    ])
    _, blocks = html_to_blocks(html, name="csco")
    assert [b.hint for b in blocks if b.text.startswith("Item ")] == ["cell-line"] * 4
    doc = segmenter_instance.segment(html.encode(), name="csco.htm")
    assert [n.number for n in doc.notes] == ["19", "20"]
    assert doc.text[doc.notes[-1].end:].lstrip("|\n").startswith("Item 2.")


def test_a_bold_lettered_title_under_a_table_is_a_sub_heading(segmenter_instance):
    # CSCO 10-Q 2023: "(a) Goodwill", bold, right under the previous sub-section's table,
    # opens the next sub-section; a marker paragraph under a table reads as its footnote.
    html = ("<html><body><div>Notes to Consolidated Financial Statements</div><div>8. Goodwill and Purchased Intangible"
            " Assets</div><div style='font-weight:700'>(a) Acquisitions</div><div>We acquired one company.</div>"
            "<table><tr><td>Fiscal 2023</td><td>Purchase Consideration</td></tr><tr><td>Total</td><td>$ 1,030</td></tr>"
            "</table><div><span style='font-weight:700'>(b) Goodwill</span></div>"
            "<div>The following tables present the goodwill allocated to our segments.</div></body></html>")
    doc = segmenter_instance.segment(html.encode(), name="csco.htm")
    kinds = {b.text: (b.kind, b.decided_by) for n in doc.notes for b in n.blocks}
    assert kinds["(b) Goodwill"] == ("heading", "reader:emphasis")
    assert [s.title for n in doc.notes for s in n.sections][-1] == "(b) Goodwill"


def test_emphasis_of_tags_and_styles():
    html = ("<p><b>Bold</b> <span style='font-weight:700'>and bold</span></p>"
            "<p><span style='font-weight:bold'>Half <span style='font-weight:normal'>plain</span></span></p>"
            "<p><i>Italic</i> <span style='FONT-STYLE: oblique'>oblique</span></p>"
            "<p><span style='text-decoration:underline'>Under</span><u>lined</u></p>"
            "<p><b>Bold</b> <i>italic</i></p><p>Plain <span style='font-weight:400'>text</span></p>")
    _, blocks = html_to_blocks(html, name="t")
    assert [(b.text, b.emphasised) for b in blocks] == [
        ("Bold and bold", True), ("Half plain", False), ("Italic oblique", True), ("Underlined", True),
        ("Bold italic", False), ("Plain text", False)]


def test_a_three_line_running_page_header_is_page_boilerplate():
    # PFE 10-Q 2023: company name, "NOTES TO CONDENSED ...", "(UNAUDITED)" after every page break;
    # the same lines at the top of the notes (no page break before them) stay text.
    text, blocks = html_to_blocks(_html(PFE), name="pfe")
    _assert_offsets(text, blocks)
    header = ("PFIZER INC. AND SUBSIDIARY COMPANIES.", "NOTES TO CONDENSED CONSOLIDATED FINANCIAL STATEMENTS",
              "(UNAUDITED)")
    hints = {t: [b.hint for b in blocks if b.text == t] for t in header}
    assert all(h == ["lines", "page", "page", "page"] for h in hints.values()), hints
    assert not any(b.hint == "page" and b.text.startswith(("A. ", "B. ", "Note 3")) for b in blocks)


def test_r_page_gives_the_note_with_viewer_furniture_as_boilerplate(segmenter_instance):
    text, blocks = html_to_blocks(_html(R16), name="R16.htm")
    hints = [(b.hint, b.text) for b in blocks[:4]]
    assert hints == [("cell-line", "Contingencies"), ("viewer", "6 Months Ended"), ("viewer", "Mar. 29, 2025"),
                     ("viewer", "Commitments and Contingencies Disclosure [Abstract]")]
    assert "Definition" not in text and "Reference 1" not in text  # the hidden definition boxes
    doc = segmenter_instance.segment(R16)
    (note,) = doc.notes
    assert (note.title, note.topic) == ("Contingencies", "commitments_contingencies")
    assert any(b.kind == "text" and "legal proceedings" in b.text for b in note.blocks)
    assert all(b.kind == "boilerplate" for b in note.blocks if b.hint == "viewer")


def test_r_page_tables_are_real_tables(segmenter_instance):
    doc = segmenter_instance.segment(R12)
    rows = {r.label: [c.value for c in r.cells] for t in doc.tables for r in t.rows}
    # "(in millions)" is two blocks before the table, out of the table stage's reach: values as shown.
    assert rows["Total inventories"] == [Decimal("6269"), Decimal("7286")]
    assert rows["Accumulated depreciation"] == [Decimal("-74303"), Decimal("-73448")]


def test_edgar_submission_gives_the_same_notes_as_its_html(segmenter_instance):
    html = segmenter_instance.segment(AMC)
    txt = segmenter_instance.segment(AMC_TXT)
    assert txt.form == "html"
    assert txt.text == html.text
    assert [n.to_dict() for n in txt.notes] == [n.to_dict() for n in html.notes]


def test_gzip_and_plain_bytes_give_the_same_document(segmenter_instance):
    plain = segmenter_instance.segment(gzip.decompress(AMC.read_bytes()), name="amc.htm")
    zipped = segmenter_instance.segment(AMC.read_bytes(), name="amc.htm")
    assert plain.text == zipped.text and [n.to_dict() for n in plain.notes] == [n.to_dict() for n in zipped.notes]


def test_footnote_table_rows_and_layout_title_table():
    html = ("<html><body><table><tr><td><b>Inventories</b></td></tr></table>"
            "<table><tr><td>Raw materials</td><td>$</td><td>1,677</td></tr><tr><td>Total</td><td>$</td><td>(874</td>"
            "<td>)</td></tr><tr><td>(1)</td><td>Includes work in process held at the plant in Ohio.</td></tr></table>"
            "<table><tr><td>(a)</td><td>Net revenues include ImmunoGen product revenues after closing.</td></tr></table>"
            "</body></html>")
    text, blocks = html_to_blocks(html, name="t")
    _assert_offsets(text, blocks)
    assert [b.hint for b in blocks] == ["cell-line", "cells", "footnote", "footnote"]
    assert [c.text for c in blocks[1].cells] == ["Raw materials", "$", "1,677", "Total", "$", "(874", ")"]


def test_deeply_nested_divs_do_not_recurse():
    depth = 200_000
    html = "<html><body>" + "<div>" * depth + "<p>NOTE 1. DEBT</p>" + "</div>" * depth + "</body></html>"
    text, blocks = html_to_blocks(html, name="deep")
    assert text == "NOTE 1. DEBT\n" and len(blocks) == 1


def test_bytes_with_an_xml_declaration_and_empty_input():
    text, blocks = html_to_blocks(b"<?xml version='1.0' encoding='UTF-8'?><html><body><p>Caf\xc3\xa9</p></body></html>",
                                  name="x")
    assert text == "Caf\u00e9\n"
    assert html_to_blocks("<html><body></body></html>", name="empty") == ("", [])


def test_nested_tables_past_the_parser_depth_are_refused_not_cut():
    """Tables nested past libxml2's 2,048 levels cannot be flattened like ``div``s:
    the reader refuses the document (stage "blocks") instead of dropping its end."""
    from segmenter.errors import LimitError

    depth = 1_100  # two elements (tr, td) a level besides the table: past 2,048
    html = ("<html><body><p>NOTE 5. INVENTORIES</p>" + "<table><tr><td>" * depth + "1,234"
            + "</td></tr></table>" * depth + "<p>After the tables.</p></body></html>")
    with pytest.raises(LimitError) as err:
        html_to_blocks(html, name="tables.htm")
    assert err.value.stage == "blocks" and err.value.source == "tables.htm"


def test_a_doctype_with_an_internal_subset_leaves_only_the_body():
    from segmenter.html import drop_dtd_subset

    html = ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY co "<b>Acme</b> Corp">\n]>'
            "<html><body><p>NOTE 1. DEBT</p></body></html>")
    assert drop_dtd_subset(html) == '<?xml version="1.0"?>\n<!DOCTYPE html><html><body><p>NOTE 1. DEBT</p></body></html>'
    assert html_to_blocks(html, name="dtd")[0] == "NOTE 1. DEBT\n"
    plain = "<!DOCTYPE html><html><body><p>x ]> y</p></body></html>"
    assert drop_dtd_subset(plain) == plain  # no subset: the document is left alone
