"""Tests for segmenter.pipetext: pipe text -> blocks, on the three seed notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmenter.errors import RuleError
from segmenter.pipetext import PipeTextSettings, text_to_blocks
from segmenter.types import Block, Period

FIXTURES = Path(__file__).parent / "fixtures" / "pipetext"
KIND_OF_HINT = {
    "cells": {"table", "boilerplate"},
    "footnote": {"footnote"},
    "cell-line": {"text"},
    "viewer": {"boilerplate"},
    "lines": {"text"},
    "page": {"boilerplate"},
}


def seed(name: str) -> str:
    prefix = {"000": "000_969cc99193ff3188", "001": "001_8a0cab2aaa0a27cb", "002": "002_ccf4bcca06ac230d"}[name]
    return (FIXTURES / f"{prefix}.txt").read_bytes().decode("utf-8")


def check_invariants(text: str, blocks: list[Block]) -> None:
    """Offsets exact, blocks ordered and disjoint, every non-space character covered once."""
    covered = [0] * len(text)
    last_end = 0
    for b in blocks:
        assert last_end <= b.start < b.end <= len(text), b
        last_end = b.end
        assert not text[b.start].isspace() and not text[b.end - 1].isspace(), b
        assert b.decided_by == "reader"
        assert b.kind in KIND_OF_HINT[b.hint], b
        for i in range(b.start, b.end):
            covered[i] += 1
        for c in b.cells:
            assert b.start <= c.start <= c.end <= b.end
            assert text[c.start:c.end] == c.text
            assert c.text == c.text.strip()
            if not c.text:
                assert c.start == c.end and text[c.start - 1] == "|"
        # The block text is the source content with white space collapsed.
        if not b.cells:
            assert b.text == " ".join(text[b.start:b.end].split())
        else:
            assert b.text == " | ".join(" ".join(c.text.split()) for c in b.cells if c.text)
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i] == 1, (i, ch, text[max(0, i - 20):i + 20])


def checked_blocks(text: str) -> list[Block]:
    """The blocks of ``text``, their invariants checked."""
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    return blocks


def summary(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(b.hint, b.text) for b in blocks]


# --------------------------------------------------------------------------- seed 000


def test_seed_000_block_sequence() -> None:
    text = seed("000")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    hints = [b.hint for b in blocks]
    assert summary(blocks)[:4] == [
        ("cell-line", "INVENTORIES, NET"),
        ("lines", "5. INVENTORIES, NET"),
        ("lines", "Inventory as of June 30, 2025 and December 31, 2024 consisted of the following:"),
        ("lines", "SCHEDULE OF INVENTORY"),
    ]
    assert hints[4:9] == ["cells", "footnote", "footnote", "lines", "lines"]
    assert blocks[7].text == "Movement of inventory impairment provision is as below:"
    assert blocks[8].text == "SCHEDULE OF MOVEMENT OF INVENTORY IMPAIRMENT PROVISION"
    assert hints.count("cells") == 4
    assert hints.count("footnote") == 6
    assert [b.text for b in blocks if b.text.startswith("5.")] == ["5. INVENTORIES, NET"] * 2
    # "SCHEDULE\nOF INVENTORY": two all-caps lines are one paragraph.
    assert sum(b.text == "SCHEDULE OF INVENTORY" for b in blocks) == 2


def test_seed_000_first_table_cells() -> None:
    text = seed("000")
    table = [b for b in text_to_blocks(text) if b.hint == "cells"][0]
    assert table.kind == "table"
    full = [c.text for c in table.cells if c.text]
    assert full[0] == "As\nof\nJune 30, 2025"
    assert full[1] == "As\nof\nDecember 31, 2024"
    assert full[-1] == "1,428,197"
    assert "(874,897" in full and ")" in full
    assert table.text.startswith("As of June 30, 2025 | As of December 31, 2024 | (Unaudited) | (Audited) | Raw materials")
    # Empty cells are kept, right after their pipe.
    assert table.cells[0].text == "" and text[table.start] == "|"
    assert sum(1 for c in table.cells if not c.text) > 20


def test_seed_000_broken_cells_rejoined() -> None:
    tables = [b for b in text_to_blocks(seed("000")) if b.hint == "cells"]
    third = [c.text for c in tables[2].cells if c.text]
    assert "Less: inventory impairment\nprovision" in third
    assert "Inventory,\nnet" in third
    assert third[0] == "As\nof\nDecember 31, 2024"
    fourth = [c.text for c in tables[3].cells if c.text]
    assert "For\nthe Years Ended December 31," in fourth
    assert fourth[-1] == "1,810,384"


def test_seed_000_footnotes_split_from_tables() -> None:
    blocks = text_to_blocks(seed("000"))
    notes = [b for b in blocks if b.hint == "footnote"]
    assert [b.cells[0].text for b in notes] == ["(i)", "(ii)", "*", "(i)", "(ii)", "*"]
    assert all(b.kind == "footnote" for b in notes)
    assert notes[0].text == (
        "(i) | Work-in-process primarily consists of battery cells under production or battery pack "
        "under assembly process, which will be transferred into Semi-finished goods or finished goods "
        "respectively when completed."
    )
    # The last footnote's sentence breaks before a digit: "December\n31, 2024, 2023 and 2022."
    assert notes[-1].text.endswith("for the years ended of December 31, 2024, 2023 and 2022.")


def test_seed_000_stray_impairment_line_is_its_own_block() -> None:
    # "|703,712\n|\nIMPAIRMENT\n|\n|*": the stray line between table 2 and its "*"
    # footnote is a cell-line block of its own, not a row of the table.
    blocks = text_to_blocks(seed("000"))
    i = next(k for k, b in enumerate(blocks) if b.text == "IMPAIRMENT")
    assert blocks[i].hint == "cell-line"
    assert blocks[i - 1].hint == "cells" and [c.text for c in blocks[i - 1].cells if c.text][-1] == "703,712"
    assert blocks[i + 1].hint == "footnote" and blocks[i + 1].cells[0].text == "*"


# --------------------------------------------------------------------------- seed 001


def test_seed_001_r_page() -> None:
    text = seed("001")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert summary(blocks)[:5] == [
        ("cell-line", "Trade Receivables"),
        ("viewer", "12 Months Ended Dec. 31, 2022"),
        ("viewer", "Disclosure Of Financial Instrument [Abstract]"),
        ("cell-line", "TRADE RECEIVABLES"),
        ("cell-line", "TRADE RECEIVABLES"),
    ]
    assert blocks[1].kind == "boilerplate" and blocks[1].cells[0].text == "12 Months Ended\nDec. 31, 2022"
    narrative = [b for b in blocks if b.hint == "lines"]
    # One paragraph per source line: every line starts upper-case.
    assert len(narrative) == 10
    assert narrative[0].text.startswith("The average credit period ranged from 15 to 30 days.")
    assert "Trade receivables of battery swapping service" in [b.text for b in narrative]
    assert "Trade receivables other than battery swapping service" in [b.text for b in narrative]


def test_seed_001_viewer_tail_to_the_end() -> None:
    text = seed("001")
    blocks = text_to_blocks(text)
    tail = blocks[-2:]
    assert [b.hint for b in tail] == ["viewer", "viewer"]
    assert all(b.kind == "boilerplate" for b in tail)
    assert text[tail[0].start:].startswith("|X\n- Definition")
    assert tail[-1].end == len(text.rstrip())
    assert tail[-1].text.endswith("Reference 1: http://www.xbrl.org/2009/role/commonPracticeRef")
    assert blocks[-3].text == "The movements of the accumulated impairment losses of trade receivables were as follows:"


# --------------------------------------------------------------------------- seed 002


def test_seed_002_segment_note() -> None:
    text = seed("002")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.hint for b in blocks] == ["cell-line", "lines", "lines", "lines", "cells"]
    assert blocks[0].text == "SEGMENT REPORTING"
    assert blocks[1].text == "27. SEGMENT REPORTING"
    assert blocks[2].text.startswith("The Group operates in a single operating segment")
    assert blocks[3].text == "The table below provides information about Group\u2019s segment (in thousands):"
    table = blocks[4]
    assert table.end == len(text.rstrip())
    full = [c.text for c in table.cells if c.text]
    assert full[:4] == ["For the years ended December 31,", "2025", "2024", "2023"]
    assert full[4:7] == ["Revenues", "$", "950"]
    # "(356 |\n)": the closing pipe ends the cell, the ")" line is a cell of its own.
    k = full.index("(356")
    assert full[k + 1] == ")"
    assert "Amortization of operating lease right-of-use asset" in full
    assert full[-2:] == ["(266,695", ")"]


def test_seed_002_spacer_cells_are_empty() -> None:
    text = seed("002")
    table = text_to_blocks(text)[-1]
    # "| |" lines: one empty cell each, placed right after the opening pipe.
    spacers = [c for c in table.cells if not c.text and text[c.start:c.start + 2] == " |"]
    assert len(spacers) == text.count("\n| |\n")


# --------------------------------------------------------------------------- formats and edges


@pytest.mark.parametrize("name", ["000", "001", "002"])
def test_crlf_gives_the_same_blocks(name: str) -> None:
    text = seed(name)
    crlf = text.replace("\n", "\r\n")
    a, b = text_to_blocks(text), text_to_blocks(crlf)
    check_invariants(crlf, b)
    assert [(x.hint, x.kind, x.text) for x in a] == [(y.hint, y.kind, y.text) for y in b]


@pytest.mark.parametrize("name", ["000", "002"])
def test_tabs_and_nbsp_are_white_space(name: str) -> None:
    text = seed(name)
    odd = text.replace("\n|", "\n\t|").replace(" |\n", "\xa0|\n").replace("|\n", "|\xa0\n")
    a, b = text_to_blocks(text), text_to_blocks(odd)
    check_invariants(odd, b)
    assert [(x.hint, x.text) for x in a] == [(y.hint, y.text) for y in b]


def test_empty_and_blank() -> None:
    assert text_to_blocks("") == []
    assert text_to_blocks(" \n\t\r\n\xa0\n") == []


def test_text_without_pipes_is_paragraphs_only() -> None:
    text = seed("001")
    start = text.index("The average credit")
    end = text.index("|X")
    prose = text[start:end]
    blocks = text_to_blocks(prose)
    check_invariants(prose, blocks)
    assert {b.hint for b in blocks} == {"lines"}
    assert len(blocks) == 10


def test_blank_line_breaks_paragraphs() -> None:
    text = "Movement\n\nof inventory impairment provision is as below:"
    assert [b.text for b in text_to_blocks(text)] == ["Movement", "of inventory impairment provision is as below:"]


def test_marker_paragraph_after_table_is_footnote() -> None:
    # Seed 000's "*" footnote written as a paragraph instead of cells.
    text = seed("000")
    excerpt = text[text.index("|Balance at beginning of the period"):text.index("\nIMPAIRMENT\n") + 1]
    excerpt += (
        "* Inventory\nwith impairment provision in the earlier period was sold for the six months "
        "ended of June 30, 2025 and 2024.\n5. INVENTORIES, NET\n"
    )
    blocks = text_to_blocks(excerpt)
    check_invariants(excerpt, blocks)
    assert [b.hint for b in blocks] == ["cells", "footnote", "lines"]
    assert blocks[1].kind == "footnote"
    assert blocks[1].text.startswith("* Inventory with impairment provision")
    assert blocks[2].text == "5. INVENTORIES, NET"


def test_marker_paragraph_without_table_is_text() -> None:
    blocks = text_to_blocks("(1) Includes amounts due from related parties.")
    assert [b.hint for b in blocks] == ["lines"]


def test_checkbox_x_cell_is_not_a_viewer_tail() -> None:
    text = "|Audited\n|X\n|1,234\n|5,678"
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.hint for b in blocks] == ["cells"]


def test_settings_are_validated() -> None:
    with pytest.raises(RuleError):
        PipeTextSettings(short_line=0)
    with pytest.raises(ValueError):
        PipeTextSettings(cell_line_max_cells=-1)


def test_settings_change_cell_line_limit() -> None:
    text = seed("001")
    blocks = text_to_blocks(text, settings=PipeTextSettings(cell_line_max_cells=2))
    check_invariants(text, blocks)
    # Three plain header cells exceed the limit of two: the run stays one cell block.
    assert blocks[0].hint == "cells" and len(blocks[0].cells) == 5


PIECES = st.sampled_from(
    ["|", " |", "| |", "\n", "\r\n", "\n\n", " ", "\t", "\xa0", "X", "- Definition", "1,234", "(56", ")",
     "As", "of", "Total", "SCHEDULE", "(i)", "*", "5.", "primarily consists of battery cells under production",
     "Dec. 31, 2022", "12 Months Ended", "[Abstract]", "$", "\u2014", "goods."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60))
def test_any_text_is_covered_exactly(pieces: list[str]) -> None:
    text = "".join(pieces)
    check_invariants(text, text_to_blocks(text))


def test_value_one_before_long_row_label_is_not_a_footnote() -> None:
    text = "|Shares issued\n|1\n|Number of shares issued in the private placement to investors\n|2,500"
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.hint for b in blocks] == ["cells"]


def test_digit_marker_with_sentence_is_a_footnote() -> None:
    text = "|Revenue\n|1,234\n|1\n|Includes revenue from a related party that was collected in the following year."
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.hint for b in blocks] == ["cells", "footnote"]
    assert blocks[1].text.startswith("1 | Includes revenue")


def test_r_page_with_separate_date_cell_and_piped_definitions() -> None:
    # Apple 10-Q 2025-03-29, R10.htm ("Earnings Per Share"), rendered with one cell a line.
    text = (
        "|Earnings Per Share\n|6 Months Ended\n|Mar. 29, 2025\n|Earnings Per Share [Abstract]\n|\n"
        "|Earnings Per Share\n"
        "|X\n|- ReferencesNo definition available. + Details Name: us-gaap_EarningsPerShareAbstract\n"
        "|X\n|- DefinitionThe entire disclosure for earnings per share.\n"
    )
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert summary(blocks)[:5] == [
        ("cell-line", "Earnings Per Share"),
        ("viewer", "6 Months Ended"),
        ("viewer", "Mar. 29, 2025"),
        ("viewer", "Earnings Per Share [Abstract]"),
        ("cell-line", "Earnings Per Share"),
    ]
    assert [b.hint for b in blocks[5:]] == ["viewer", "viewer"]
    assert blocks[-1].end == len(text.rstrip())


def test_a_lone_page_number_ends_the_paragraph_khc() -> None:
    # KHC 10-K: the page number "66" sat between a table and "Note 8." and the reader
    # made "66 Note 8. Goodwill and Intangible Assets" of them.
    text = "|Total\n|1,234\n\n66\nNote 8.\nGoodwill and Intangible Assets\nGoodwill:"
    blocks = text_to_blocks(text)
    page = [b for b in blocks if b.text == "66"]
    assert page and page[0].hint == "page" and page[0].kind == "boilerplate"
    assert any(b.text.startswith("Note 8. Goodwill and Intangible Assets") and b.hint == "lines" for b in blocks)


def test_a_note_marker_does_not_continue_a_cell_bmy() -> None:
    # BMY 10-K, content on the pipe's line: "Note 8." came right after a cell line.
    text = "|UK\n|2012 to 2023\nNote 8.\nEARNINGS/(LOSS) PER SHARE\nNet earnings attributable to BMS used for"
    blocks = text_to_blocks(text)
    cells = [c.text for b in blocks for c in b.cells]
    assert "2012 to 2023" in cells and not any("Note" in c for c in cells)
    assert any(b.text == "Note 8. EARNINGS/(LOSS) PER SHARE" for b in blocks)


def test_page_furniture_gets_the_page_hint() -> None:
    # HD 10-K 2025 pipe rendering: "Table of Contents" after each page footer, and TXN
    # 10-Q's running header near each page number; a sub-heading that recurs elsewhere
    # ("NET SALES", HD 10-Q) stays a line.
    pages = []
    for n in range(40, 44):
        pages += [f"{n}", "Table of Contents", "TEXAS INSTRUMENTS INCORPORATED AND SUBSIDIARIES",
                  f"Body text {n} one.", f"Body text {n} two.", f"Body text {n} three.", "NET SALES",
                  *(f"Net sales rose in quarter {n}, part {k}." for k in range(4))]
    blocks = text_to_blocks("\n\n".join(pages))
    hints = {b.text: b.hint for b in blocks}
    assert hints["Table of Contents"] == hints["40"] == "page"
    assert hints["TEXAS INSTRUMENTS INCORPORATED AND SUBSIDIARIES"] == "page"
    assert hints["NET SALES"] == "lines"
    # a number that is a cell's content is no page number ("|\n66\n|", content on the next line)
    cell = text_to_blocks("|Balance\n|\n66\n|\n70")
    assert "66" in [c.text for b in cell for c in b.cells]


def test_a_sub_heading_that_happens_to_sit_near_page_breaks_stays_a_line_meta_10k_2023() -> None:
    # META 10-K 2023 (pipe rendering) sets "Income Taxes" on three lines, each within
    # three lines of a page edge: over a paragraph that a page break cuts ("71" / "Table
    # of Contents" after it), under "Share-based Compensation" and its paragraph after
    # "96" / "Table of Contents", and as the title under "Note 15." after "121" / "Table
    # of Contents". Taken for a running header, the last left Note 15 without a title.
    # A running header stands at the edge, with only short lines between.
    text = "\n".join([
        "The ultimate outcome of these matters, such as whether the likelihood of loss is remote, is uncertain.",
        "Income Taxes",
        "We are subject to income taxes in the United States and numerous foreign jurisdictions.",
        "71", "Table of Contents",
        "provision is subject to change due to economic, political and other conditions.",
        "Share-based compensation expense consists of the company's restricted stock units.",
        "96", "Table of Contents", "Share-based Compensation",
        "Share-based compensation expense consists of the company's restricted stock units expected to vest.",
        "Income Taxes",
        "We are subject to income taxes in the United States and numerous foreign jurisdictions.",
        "The components of other income are as follows (in millions):",
        "|Interest and other income (expense), net", "|$", "|677",
        "121", "Table of Contents", "Note 15.", "Income Taxes",
        "The components of income before provision for income taxes are as follows (in millions):",
    ])
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.hint for b in blocks if b.text == "Income Taxes"] == ["lines"] * 2
    assert "Note 15. Income Taxes" in [b.text for b in blocks]  # the number line joins its title
    assert [b.text for b in blocks if b.hint == "page"] == ["71", "Table of Contents", "96", "Table of Contents",
                                                             "121", "Table of Contents"]


def test_note_number_after_a_table_is_not_its_last_cell_nflx() -> None:
    # NFLX 10-Q 2025-06-30: the table before note 10 ends with an empty cell, and the
    # converter put "10." and the title on the next lines (content-on-next-line style).
    text = "|Total\n|$\n|17,208\n|\n10.\nIncome Taxes\n|\n|Three Months Ended\n|\n|June 30,\n2025\n"
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.text for b in blocks if b.hint == "lines"] == ["10. Income Taxes"]
    assert "10." not in [c.text for b in blocks for c in b.cells]
    # a cell that holds a number under an open pipe stays a cell (seed 002 "|\n2025\n|")
    blocks = text_to_blocks("|\n2025\n|\n2024\n")
    assert [c.text for b in blocks for c in b.cells] == ["2025", "2024"]


def test_a_wrapped_date_is_no_note_number_rtx() -> None:
    # RTX 10-K 2023, note 11: "December\n31:" is one sentence wrapped by the converter; the
    # table caption after it is no "31. SCHEDULE OF ..." heading.
    text = ("Our lease liabilities recognized in our Consolidated Balance Sheet were as follows as of December\n31:\n"
            "SCHEDULE OF OPERATING LEASE PAYMENTS RECOGNIZED IN STATEMENT OF FINANCIAL POSITION\n|\n|(dollars in millions)\n"
            "|2023\n|2022\n")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    lines = [b.text for b in blocks if b.hint == "lines"]
    assert lines[0].startswith("Our lease liabilities") and "as of December 31:" in lines[0]
    assert not any(t.startswith("31") for t in lines)
    # a note number after a paragraph that lacks its final period still opens a line
    blocks = text_to_blocks("Refer to the table below for the fair value of our investments as of June 30\n7.\nInventories\n")
    assert [b.text for b in blocks] == ["Refer to the table below for the fair value of our investments as of June 30",
                                        "7. Inventories"]


def test_column_headers_repeated_through_a_filing_stay_in_their_table_pfe() -> None:
    # PFE 10-Q 2023-07-02 (content on the next line, cells closed by " |"): the header
    # cells "July 2,\n2023 |" and "July 3,\n2022 |" recur in every table, and the reader
    # took "July 2," for a page footer (its number changes), cutting each table in two.
    table = ("|\nThree Months Ended |\n|\n(MILLIONS) |\n|\n|\nJuly 2,\n2023 |\n|\n|\nJuly 3,\n2022 |\n"
             "|\nRevenues |\n|\n$ |\n|\n12,734 |\n|\n|\n$ |\n|\n27,742 |\n|\nAs of |\n|\nJuly 2, 2023 |\n")
    pages = []
    for n in range(10, 16):
        pages += [f"Body text on page {n}.", table, f"{n}", "PFIZER INC. AND SUBSIDIARY COMPANIES."]
    text = "\n".join(pages)
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    page = [b.text for b in blocks if b.hint == "page"]
    assert not any(t.startswith("July") for t in page)
    assert sum(b.hint == "cells" for b in blocks) == 6
    assert all("July 2,\n2023" in [c.text for c in b.cells] for b in blocks if b.hint == "cells")
    # the running header by each page number still is furniture
    assert "PFIZER INC. AND SUBSIDIARY COMPANIES." in page


def test_level_header_cells_are_no_page_furniture_jci() -> None:
    # JCI 10-Q 2023 (content on the pipe's line): "(Level 1)" / "(Level 2)" / "(Level 3)"
    # close multi-line header cells of every fair value table; they were taken for page
    # footers and split the table's header into heading blocks.
    table = ("|Fair Value Measurements Using:\n|Total\n|\n|Quoted Prices\nin Active\nMarkets\n(Level 1)\n|\n"
             "|Significant\nOther\nObservable\nInputs\n(Level 2)\n|\n|Significant\nUnobservable\nInputs\n"
             "(Level 3)\n|Cash\n|\n|$\n|1,234\n|\n|$\n|1,234\n")
    text = "\n".join(f"Johnson Controls International plc\nText of page {n}.\n{table}{n}" for n in range(20, 25))
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert not any("Level" in b.text for b in blocks if b.hint == "page")
    cells = [c.text for b in blocks if b.hint == "cells" for c in b.cells]
    assert cells.count("Quoted Prices\nin Active\nMarkets\n(Level 1)") == 5


def test_numbered_lines_that_do_not_count_pages_are_no_footers() -> None:
    # MULN 10-K 2023 ("Year 2: Redemption at 120% ...") and AMZN 10-K 2025 ("2022
    # Acquisition Activity") repeat their words with other numbers, but no page number
    # that goes up page by page, as "2023 FORM 10-K 44", "2023 FORM 10-K 45" (GE 10-K) does.
    body = [f"Body text, sentence {k}." for k in range(4)]
    lines = [f"Year {k}: Redemption at {125 - 5 * k}% of the Redemption Price" for k in range(2, 6)]
    lines += [f"{y} Acquisition Activity" for y in (2022, 2023, 2024)]
    lines += [f"2023 FORM 10-K {n}" for n in range(44, 48)]
    blocks = text_to_blocks("\n\n".join(x for line in lines for x in (line, *body)))
    hints = {b.text: b.hint for b in blocks}
    assert [t for t, h in hints.items() if h == "page"] == [f"2023 FORM 10-K {n}" for n in range(44, 48)]


def test_a_header_cell_of_five_lines_stays_one_cell_unp() -> None:
    # UNP 10-K 2025 (content on the next line, cells closed by " |"): a header cell of
    # five short lines was cut into narrative lines.
    text = ("|\nMillions |\n|\nQuoted Prices\nin Active\nMarkets for\nIdentical Inputs\n(Level 1) |\n|\n"
            "Significant\nOther\nObservable\nInputs\n(Level 2) |\n|\nCash |\n|\n$ |\n|\n847 |\n|\n|\n$ |\n|\n856 |\n")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.hint for b in blocks] == ["cells"]
    cells = [c.text for c in blocks[0].cells]
    assert "Quoted Prices\nin Active\nMarkets for\nIdentical Inputs\n(Level 1)" in cells
    assert "Significant\nOther\nObservable\nInputs\n(Level 2)" in cells


def test_a_page_footer_under_an_empty_cell_ends_the_table_aapl_10k_2024() -> None:
    # AAPL 10-K 2024, Note 4, rendered to pipe text: the 2024 part of the securities table,
    # then "|" / "Apple Inc. | 2024 Form 10-K | 36" / "|" and the 2023 part on the next
    # page. The footer recurs page by page (35, 36, 37 in the fixture), so it is furniture
    # even where it reads as the content of the empty cell just opened.
    text = (FIXTURES / "AAPL-10-K-2024-09-28-pages-35-37.txt").read_text(encoding="utf-8")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    footer = next(b for b in blocks if text[b.start:b.end] == "Apple Inc. | 2024 Form 10-K | 36")
    assert footer.hint == "page"
    i = blocks.index(footer)
    before, after = blocks[i - 1], blocks[i + 1]
    assert before.hint == after.hint == "cells"
    assert "160,600" in text[before.start:before.end] and "2023" not in text[before.start:before.end].split("Total")[-1]
    assert text[after.start:after.end].lstrip("|\n").startswith("2023")
    from segmenter.tables import cells_to_table

    labels = [c.label for c in cells_to_table(after.cells).columns]
    assert labels[0] == "2023 Adjusted Cost" and len(labels) == 7


def test_a_page_number_among_empty_cells_is_page_furniture_jnj_10k_2023() -> None:
    # JNJ 10-K 2023 (content on the next line): each page ends with a layout row of
    # seven empty cells and the page number, "50 |", "52 |", "54 |", between the two
    # halves of a paragraph. They read as one-cell tables.
    parts = [
        ("Payment dates (which have general payment terms of 90 days) are not affected by a participating "
         "supplier’s decision to participate in the program.", 50,
         "As of both December 31, 2023, and January 1, 2023, $0.7 billion were valid obligations under the program. "
         "The obligations are presented as Accounts payable on the Consolidated Balance Sheets."),
        ("The Company completed its annual impairment test for 2023 in the fiscal fourth quarter. Future impairment", 52,
         "tests will be performed annually in the fiscal fourth quarter, or sooner if warranted. Purchased in-process "
         "research and development is accounted for as an indefinite lived intangible asset."),
        ("Differences between U.S. GAAP accounting and tax reporting are recorded as deferred tax assets or "
         "liabilities. The Company", 54,
         "estimates deferred tax assets and liabilities based on enacted tax regulations and rates. Future changes "
         "in tax laws and rates may affect recorded deferred tax assets and liabilities in the future."),
    ]
    def page_ends(kept: list) -> str:
        text = "".join(f"{para}\n" + "|\n" * 7 + f"{page} |\n|\n{rest}\n" for para, page, rest in kept)
        return text + "The Company has unrecognized tax benefits for uncertain tax positions.\n"

    text = page_ends(parts)
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    pages = [b for b in blocks if b.text in ("50", "52", "54")]
    assert len(pages) == 3 and all((b.hint, b.kind) == ("page", "boilerplate") for b in pages)
    # two such runs are no pattern: they stay cells
    two = text_to_blocks(page_ends(parts[:2]))
    assert [b.hint for b in two if b.text in ("50", "52")] == ["cells", "cells"]


def test_a_footer_set_as_a_one_row_table_is_page_furniture_hd_10k_2023():
    # HD 10-K 2023 (fiscal year ended 2024-01-28), the statements on pages 38-42, rendered to
    # pipe text: each page ends with a one-row table "|Fiscal 2023 Form 10-K" / "|38".
    text = (FIXTURES / "HD-10-K-2024-01-28-statements-pages-38-42.txt").read_text(encoding="utf-8")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    footers = [b for b in blocks if b.text.startswith("Fiscal 2023 Form 10-K")]
    assert [b.text for b in footers] == [f"Fiscal 2023 Form 10-K | {n}" for n in range(38, 43)]
    assert all(b.hint == "page" and b.kind == "boilerplate" for b in footers)
    # the statements' own tables stay tables
    assert sum(1 for b in blocks if b.hint == "cells") >= 4


def test_a_negative_value_before_a_long_row_label_is_no_footnote_rtx_10q_2023() -> None:
    # RTX 10-Q for 2023 Q2, Note 3, rendered to pipe text: "| (19) |" ends the row "Loss from
    # discontinued operations" and "| Net income attributable to common shareowners |" opens
    # the next row, whose "$ | 1,327" follows. "(19)" reads as a footnote marker and the label
    # as prose, but a value after the "prose" makes it a row label: the table stays whole.
    from segmenter.tables import cells_to_table

    text = (FIXTURES / "RTX-10-Q-2023-06-30-note-3-eps.txt").read_text(encoding="utf-8")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert not [b for b in blocks if b.kind == "footnote"]
    tables = [b for b in blocks if b.hint == "cells"]
    assert len(tables) == 1
    table = cells_to_table(tables[0].cells)
    rows = {r.label: r for r in reversed(table.rows)}  # the first of each label: the dollar rows
    # tagged: six months 2022 loss from discontinued operations (19), scale 6 ("dollars ... in millions")
    assert [c.value for c in rows["Loss from discontinued operations"].cells][-1] == -19_000_000
    # NetIncomeLoss... 1,327 / 1,304 / 2,753 / 2,388, scale 6, quarters then six months
    assert [c.value for c in rows["Net income attributable to common shareowners"].cells][:4] == [
        v * 1_000_000 for v in (1327, 1304, 2753, 2388)]
    assert [c.label for c in table.columns] == [
        "Quarter Ended June 30, 2023", "Quarter Ended June 30, 2022",
        "Six Months Ended June 30, 2023", "Six Months Ended June 30, 2022"]


def test_a_page_number_before_a_tables_opening_sentence_is_furniture_jnj_10k_2024() -> None:
    # JNJ 10-K 2024, Note 6, rendered to pipe text: the page footer is a row of empty cells
    # and "60"; the sentence that opens the hedging table follows in the same run of cells.
    # "60" is no value of the table, and the sentence is read as its context, not as a
    # header cell over every column.
    from segmenter.tables import cells_to_table

    text = (FIXTURES / "JNJ-10-K-2024-12-29-hedging-activity.txt").read_text(encoding="utf-8")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [(b.kind, b.hint, b.text) for b in blocks[:1]] == [("boilerplate", "page", "60")]
    tables = [b for b in blocks if b.hint == "cells"]
    assert len(tables) == 1
    table = cells_to_table(tables[0].cells)
    lines = ["Sales", "Cost of Products Sold", "R&D Expense", "Interest (Income) Expense", "Other (Income) Expense"]
    assert [c.label for c in table.columns] == (
        [f"December 29, 2024 {s}" for s in lines] + [f"December 31, 2023 {s}" for s in lines])
    hedged = next(r for r in table.rows if r.label == "Hedged items")
    # tagged: 64 (fiscal 2024) and 168 (fiscal 2023) in interest (income) expense, scale 6;
    # the "—" cells are tagged zero
    assert [c.value for c in hedged.cells] == [0, 0, 0, 64_000_000, 0, 0, 0, 0, 168_000_000, 0]


def test_a_page_number_before_the_next_pages_table_is_furniture_jnj_10k_2023() -> None:
    # JNJ 10-K 2023: "60" among the empty cells of the page break, then the hedged-liability
    # table's header with no sentence of its own. The number is no header cell: each column
    # keeps its own date, as the filer tags the "Long-term Debt" row.
    from segmenter.tables import cells_to_table

    text = (FIXTURES / "JNJ-10-K-2023-12-31-hedged-liability.txt").read_text(encoding="utf-8")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert ("boilerplate", "page", "60") in [(b.kind, b.hint, b.text) for b in blocks]
    (cells,) = [b for b in blocks if b.hint == "cells"]
    table = cells_to_table(cells.cells)
    debt = next(r for r in table.rows if r.label == "Long-term Debt")
    dec31, jan1 = Period(instant=date(2023, 12, 31)), Period(instant=date(2023, 1, 1))
    assert [table.period_of(c) for c in debt.cells] == [dec31, jan1, dec31, jan1]
    assert [c.value for c in debt.cells] == [v * 1_000_000 for v in (8_862, 8_665, -1_216, -1_435)]


@pytest.mark.parametrize("name, years, first, euro", [
    # content on the next line, cells closed by " |": the label's second line closes the cell
    ("JNJ-10-K-2023-12-31-long-term-debt", ("2023", "2022"), "0.650% Notes due 2024\n(750MM Euro 1.1090)",
     (831_000_000, Decimal("0.68"), 792_000_000, Decimal("0.68"))),
    # content on the pipe's line: the label's second line is the last before the next cell
    ("JNJ-10-K-2024-12-29-long-term-debt", ("2024", "2023"), "1.650% Notes due 2035\n(1.5B Euro 1.0401)",
     (1_550_000_000, Decimal("1.68"), 1_652_000_000, Decimal("1.68"))),
], ids=["2023", "2024"])
def test_a_row_label_of_two_lines_stays_in_the_table_jnj_10k(name, years, first, euro) -> None:
    # JNJ 10-K long-term debt: a note's label goes on with a long line ("(750MM Euro
    # 1.1090)(2)/(750MM Euro 1.0651)(3)"), and the row repeats the label's footnote markers
    # in cells of their own. The label was read as a paragraph that cut the table apart,
    # and the markers as values.
    from segmenter.tables import cells_to_table

    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    (cells,) = [b for b in blocks if b.hint == "cells"]
    assert any(c.text.startswith(first) for c in cells.cells)
    table = cells_to_table(cells.cells)
    assert [c.label for c in table.columns] == [years[0], "Effective Rate %", years[1], "Effective Rate %"]
    row = next(r for r in table.rows if r.label.startswith(first.split("\n")[0]))
    assert tuple(c.value for c in row.cells) == euro
    assert "3" in row.footnotes
    assert [len(r.cells) for r in table.rows if r.cells] == [4] * (len(table.rows) - sum(not r.cells for r in table.rows))


def test_a_negative_value_before_a_section_label_is_no_footnote_ba_10q_2023() -> None:
    # BA 10-Q 2023 derivatives: "... | (35) | (9) | Derivatives not receiving hedge accounting
    # treatment: | Foreign exchange contracts | 458 | ...". "(9)" is a negative value and the
    # prose after it the next section's label; read as a footnote, it cut the table in two
    # and left the second part without its header.
    from segmenter.tables import cells_to_table

    text = (FIXTURES / "BA-10-Q-2023-06-30-derivatives.txt").read_text(encoding="utf-8")
    blocks = text_to_blocks(text)
    check_invariants(text, blocks)
    assert [b.hint for b in blocks] == ["cells"]
    table = cells_to_table(blocks[0].cells)
    rows = [r for r in table.rows if r.label == "Foreign exchange contracts"]
    assert len(rows) == 2
    june30 = Period(instant=date(2023, 6, 30))
    # tagged: foreign exchange contracts not receiving hedge accounting, notional 458 at 2023-06-30
    assert (rows[1].cells[0].text, table.period_of(rows[1].cells[0])) == ("458", june30)
    commodity = next(r for r in table.rows if r.label == "Commodity contracts")
    assert commodity.cells[-1].value == -9


def test_a_header_cell_of_seven_lines_and_a_wrapped_one_stay_in_their_table_sjm() -> None:
    # SJM 10-K 2024 (content on the next line, cells closed by " |"): "Accumulated /
    # Amortization/ / Impairment / Charges/ / Foreign / Currency / Translation |" spans seven
    # lines, and "Finite-lived intangible assets subject to" (41 characters) wraps into
    # "amortization: |". Each had cut the header off its table.
    text = (FIXTURES / "SJM-10-K-2024-04-30-intangibles.txt").read_text(encoding="utf-8")
    blocks = checked_blocks(text)
    assert [b.hint for b in blocks] == ["lines", "cells"]
    cells = [c.text for c in blocks[1].cells if c.text]
    assert cells[:3] == ["April 30, 2024", "April 30, 2023", "Acquisition\nCost"]
    assert "Accumulated\nAmortization/\nImpairment\nCharges/\nForeign\nCurrency\nTranslation" in cells
    assert "Finite-lived intangible assets subject to\namortization:" in cells


def test_a_sentence_after_an_empty_cell_ends_a_table_written_on_the_pipes_line_pep() -> None:
    # PEP 10-K 2023 (content on the pipe's line): each row ends in an empty cell, so the
    # sentence between two tables ("The provision for income taxes consisted of the
    # following:") came right after a bare "|" and was read as that cell's content, which
    # ran the three tables of the note into one.
    text = (FIXTURES / "PEP-10-K-2023-12-30-income-taxes.txt").read_text(encoding="utf-8")
    blocks = checked_blocks(text)
    assert [b.hint for b in blocks] == ["lines", "cells", "lines", "cells", "lines", "cells"]
    assert blocks[2].text == "The provision for income taxes consisted of the following:"
    assert blocks[4].text.startswith("A reconciliation of the U.S. Federal statutory tax rate")
    assert [c.text for c in blocks[3].cells if c.text][:4] == ["2023", "2022", "2021", "Current:"]


def test_a_short_line_after_an_empty_cell_is_still_its_content_in_the_next_line_style() -> None:
    # The rule above needs a run written on the pipe's line: in the other style an empty
    # "|" is followed by its content (seed 002 "|\n2025\n|").
    text = "|\n2023 |\n|\n2022 |\n|\nNet sales |\n|\n1,200 |\n|\nThe total for the year:\n|\n5 |\n"
    blocks = checked_blocks(text)
    assert [b.hint for b in blocks] == ["cells"]


def test_a_negative_value_after_a_currency_sign_is_no_footnote_marker_pep() -> None:
    # PEP 10-K 2023, reclassifications out of AOCI (content on the pipe's line): each row
    # ends with the income-statement line its amounts went to, so "(44)" is followed by the
    # long "Other pension and retiree medical benefits income" and then the next row's label.
    # It had been read as a footnote marker and its prose, cutting the table in three.
    text = ("|Pension and retiree medical items:\n|\n|\n|\n|\n|\n|\n|\n|Amortization of net prior service credit\n"
            "|$\n|(33)\n|\n|\n|$\n|(37)\n|\n|\n|$\n|(44)\n|\n|\n|Other pension and retiree medical benefits income\n"
            "|Amortization of net losses\n|56\n|\n|\n|164\n|\n|\n|289\n|\n|\n|Other pension and retiree medical benefits "
            "income\n")
    blocks = checked_blocks(text)
    assert [b.hint for b in blocks] == ["cells"]
    # a marker without the sign is still a footnote's (seed 000 "|(i)" + prose)
    text = "|Total\n|$\n|1,428\n|\n|(1)\n|Work-in-process primarily consists of materials held for the plant\n"
    assert [b.hint for b in text_to_blocks(text)] == ["cells", "footnote"]


def test_a_section_label_wrapped_over_two_long_lines_stays_in_its_table_sjm() -> None:
    # SJM 10-K 2024 pension costs (content on the next line, cells closed by " |"): a
    # section label of 67 characters wraps into a lower-case line of 68 that closes its
    # cell. It had ended the table there, leaving the rows below without their header.
    text = ("|\nNet periodic benefit cost |\n|\n$ |\n|\n8.9 |\n|\n|\n|\n$ |\n|\n15.7 |\n|\n|\n|\n"
            "Other changes in plan assets and benefit liabilities recognized in\n"
            "accumulated other comprehensive income (loss) before income taxes: |\n|\n|\n|\n|\n"
            "Prior service credit (cost) arising during the year |\n|\n$ |\n|\n— |\n|\n|\n|\n$ |\n|\n— |\n")
    blocks = checked_blocks(text)
    assert [b.hint for b in blocks] == ["cells"]
    assert ("Other changes in plan assets and benefit liabilities recognized in\naccumulated other comprehensive "
            "income (loss) before income taxes:") in [c.text for c in blocks[0].cells]
