"""Note boundaries on the three real seeds and on hand-built blocks from real filings."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from segmenter.components import build_nlp
from segmenter.errors import InputError
from segmenter.notes import NoteSettings, NoteSpan, blocks_to_candidates, blocks_to_notes
from segmenter.pipetext import text_to_blocks
from segmenter.types import Block

SEEDS = Path(__file__).parent.parent / "segmenter" / "data" / "seeds"


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return build_nlp()


def _seed_blocks(prefix: str) -> list[Block]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return text_to_blocks(path.read_text(encoding="utf-8"))


def _blocks(*items: tuple[str, str]) -> list[Block]:
    """Blocks laid end to end (one newline apart) from (hint, text) pairs."""
    out, pos = [], 0
    for hint, text in items:
        out.append(Block(kind="text", start=pos, end=pos + len(text), text=text, hint=hint))
        pos += len(text) + 1
    return out


def _assert_tiles(spans: list[NoteSpan], blocks: list[Block]) -> None:
    assert spans[0].first_block == 0 and spans[-1].end_block == len(blocks)
    for a, b in zip(spans, spans[1:]):
        assert a.end_block == b.first_block
    for span in spans:
        assert span.start == blocks[span.first_block].start
        assert span.end == blocks[span.end_block - 1].end
        assert all(span.first_block <= i < span.end_block for i in span.heading_blocks)


def test_seed_000_two_inventories_notes_for_two_periods(nlp: spacy.Language) -> None:
    blocks = _seed_blocks("000")
    spans = blocks_to_notes(blocks, nlp)
    _assert_tiles(spans, blocks)
    assert [(s.number, s.title, s.topic) for s in spans] == [("5", "INVENTORIES, NET", "inventories")] * 2
    # "|INVENTORIES, NET" then "5. INVENTORIES, NET" is one heading.
    assert spans[0].heading_blocks == (0, 1)
    assert blocks[spans[1].first_block].text == "5. INVENTORIES, NET"


def test_seed_001_repeated_bare_title_is_one_note(nlp: spacy.Language) -> None:
    blocks = _seed_blocks("001")
    spans = blocks_to_notes(blocks, nlp)
    _assert_tiles(spans, blocks)
    assert len(spans) == 1
    (span,) = spans
    assert span.number is None and span.title.upper() == "TRADE RECEIVABLES" and span.topic == "receivables"
    assert len(span.heading_blocks) == 3  # Trade Receivables, TRADE RECEIVABLES, TRADE RECEIVABLES


def test_seed_002_cell_line_announces_numbered_heading(nlp: spacy.Language) -> None:
    blocks = _seed_blocks("002")
    spans = blocks_to_notes(blocks, nlp)
    _assert_tiles(spans, blocks)
    assert [(s.number, s.title, s.topic) for s in spans] == [("27", "SEGMENT REPORTING", "segment_reporting")]
    assert spans[0].rule == "number_dot+merged"


def test_seed_000_from_hand_built_blocks(nlp: spacy.Language) -> None:
    blocks = _blocks(
        ("cell-line", "INVENTORIES, NET"),
        ("lines", "5. INVENTORIES, NET"),
        ("lines", "Inventory as of June 30, 2025 and December 31, 2024 consisted of the following:"),
        ("lines", "SCHEDULE OF INVENTORY"),
        ("cells", "Raw materials | $ | 1,677,440 | $ | 1,293,051"),
        ("cell-line", "IMPAIRMENT"),
        ("lines", "5. INVENTORIES, NET"),
        ("lines", "Inventory as of December 31, 2024 and 2023 consisted of the following:"),
    )
    spans = blocks_to_notes(blocks, nlp)
    _assert_tiles(spans, blocks)
    assert [(s.first_block, s.end_block, s.number) for s in spans] == [(0, 6, "5"), (6, 8, "5")]


def test_numbered_headings_make_bare_titles_sub_headings(nlp: spacy.Language) -> None:
    blocks = _blocks(
        ("lines", "Note 7 — Leases"),
        ("lines", "We lease offices and warehouses under operating leases."),
        ("lines", "Lessee Disclosures"),  # a Title Case sub-heading inside note 7
        ("lines", "Note 8 — Income Taxes"),
        ("lines", "The effective tax rate was 21%."),
    )
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.title, s.topic, s.first_block) for s in spans] == [
        ("7", "Leases", "leases", 0),
        ("8", "Income Taxes", "income_taxes", 3),
    ]


def test_blocks_before_the_first_heading_join_the_first_note(nlp: spacy.Language) -> None:
    blocks = _blocks(
        ("lines", "Notes to Consolidated Financial Statements (continued)"),
        ("lines", "NOTE 3 – REVENUE"),
        ("lines", "Revenue is recognized when control transfers."),
    )
    spans = blocks_to_notes(blocks, nlp)
    assert len(spans) == 1 and spans[0].first_block == 0 and spans[0].heading_blocks == (1,)
    assert spans[0].topic == "revenue"


def test_no_heading_gives_one_untitled_note(nlp: spacy.Language) -> None:
    blocks = _blocks(("lines", "The Company operates in one segment."), ("cells", "Revenue | 950 | 11,995"))
    (span,) = blocks_to_notes(blocks, nlp)
    assert (span.number, span.title, span.topic, span.rule) == (None, None, None, "no_heading")
    assert (span.first_block, span.end_block, span.heading_blocks) == (0, 2, ())


def test_no_blocks_no_notes(nlp: spacy.Language) -> None:
    assert blocks_to_notes([], nlp) == []


def test_lone_note_number_takes_title_from_next_line(nlp: spacy.Language) -> None:
    # GE 10-K prints "NOTE 21." with the title on its own line.
    blocks = _blocks(
        ("lines", "NOTE 21."),
        ("lines", "FAIR VALUE MEASUREMENTS"),
        ("lines", "The following table presents assets measured at fair value."),
    )
    (span,) = blocks_to_notes(blocks, nlp)
    assert (span.number, span.title, span.topic, span.heading_blocks) == ("21", "FAIR VALUE MEASUREMENTS", "fair_value", (0, 1))


def test_run_in_heading_in_a_long_paragraph(nlp: spacy.Language) -> None:
    # GE 10-K: the heading is a bold run at the start of the first paragraph.
    body = "We grant stock options, restricted stock units and performance share units to employees. " * 4
    blocks = _blocks(
        ("lines", "NOTE 16. EARNINGS PER SHARE INFORMATION"),
        ("lines", "Basic and diluted per share amounts are computed on weighted shares."),
        ("lines", "NOTE 17. SHARE-BASED COMPENSATION. " + body),
    )
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.title, s.topic) for s in spans] == [
        ("16", "EARNINGS PER SHARE INFORMATION", "earnings_per_share"),
        ("17", "SHARE-BASED COMPENSATION", "share_based_compensation"),
    ]


def test_only_short_lines_reach_spacy() -> None:
    long_text = "The Company measured the impairment losses of trade receivables. " * 5
    blocks = _blocks(
        ("cells", "Raw materials | $ | 1,677,440"),
        ("footnote", "(i) | Work-in-process primarily consists of battery cells"),
        ("viewer", "12 Months Ended Dec. 31, 2022"),
        ("lines", long_text),
        ("lines", "Trade receivables of battery swapping service"),
        ("cell-line", "TRADE RECEIVABLES"),
    )
    candidates = blocks_to_candidates(blocks, NoteSettings())
    assert [i for i, _ in candidates] == [4, 5]
    assert all(len(text) <= NoteSettings().max_heading_chars for _, text in candidates)


def test_settings_are_validated() -> None:
    with pytest.raises(InputError):
        NoteSettings(max_heading_chars=0)
    with pytest.raises(InputError):
        NoteSettings(max_gap_blocks=-1)


# --------------------------------------------------------------------------- whole filings


def _lines_to_blocks(lines: list[str]) -> list[Block]:
    from segmenter.pipetext import text_to_blocks

    return text_to_blocks("\n\n".join(lines))


def test_whole_filing_notes_only_in_the_notes_section(nlp):
    # Lines from NKE's 2024 10-K: MD&A cites "NOTE 9 — ..." before the notes section.
    blocks = _lines_to_blocks([
        "ITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION AND RESULTS OF OPERATIONS",
        "NOTE 9 — COMMON STOCK AND STOCK-BASED COMPENSATION",
        "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS",
        "NOTE 1 — SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES",
        "NIKE, Inc. is a worldwide leader in the design of athletic footwear.",
        "2024 FORM 10-K 62", "Table of Contents",
        "NOTE 1 — SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES (continued)",
        "More policy text goes here.",
        "2024 FORM 10-K 63", "Table of Contents",
        "NOTE 2 — PROPERTY, PLANT AND EQUIPMENT",
        "Property, plant and equipment, net included the following:",
        "2024 FORM 10-K 64", "Table of Contents",
        "ITEM 9. CHANGES IN AND DISAGREEMENTS WITH ACCOUNTANTS ON ACCOUNTING AND FINANCIAL DISCLOSURE",
        "NOTE 3 — NOT A NOTE",
    ])
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.topic) for s in spans] == [("1", "accounting_policies"), ("2", "property_plant_equipment")]
    assert blocks[spans[0].first_block].text.startswith("NOTE 1")
    assert blocks[spans[-1].end_block].text.startswith("ITEM 9.")


def test_whole_filing_number_on_its_own_line_khc(nlp):
    # KHC 10-K: "Note 2." and the title are separate lines; the company-name page header
    # "WALGREENS BOOTS ALLIANCE, INC. AND SUBSIDIARIES" style prefix opens the section (WBA 10-K).
    blocks = _lines_to_blocks([
        "Item 8. Financial Statements and Supplementary Data",
        "THE KRAFT HEINZ COMPANY NOTES TO CONSOLIDATED FINANCIAL STATEMENTS",
        "Note 1.\nBasis of Presentation",
        "The Kraft Heinz Company is one of the largest food companies.",
        "Note 2.\nSignificant Accounting Policies",
        "Revenue is recognized when control transfers.",
        "Item 9. Changes in and Disagreements with Accountants on Accounting and Financial Disclosure",
    ])
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.title) for s in spans] == [("1", "Basis of Presentation"), ("2", "Significant Accounting Policies")]


def test_heading_cell_splits_a_table_run_nke():
    from segmenter.notes import split_heading_cells
    from segmenter.pipetext import text_to_blocks

    # NKE 10-K: the next note's heading sits in a one-cell table right after a table.
    text = "|Land and improvements\n|$\n|329\n|\n|\n|\n|NOTE 3 — ACCRUED LIABILITIES\nAccrued liabilities included the following:"
    blocks = split_heading_cells(text_to_blocks(text))
    heading = [b for b in blocks if b.text == "NOTE 3 — ACCRUED LIABILITIES"]
    assert heading and heading[0].hint == "cell-line"
    assert all(a.end <= b.start for a, b in zip(blocks, blocks[1:]))
    assert "".join(text[b.start:b.end] for b in blocks).replace("\n", "") == text.replace("\n", "")


def test_heading_cell_among_a_tables_title_cells_stays_with_the_table_xom():
    from segmenter.notes import split_heading_cells
    from segmenter.pipetext import text_to_blocks

    # XOM 10-Q 2025: the note's heading follows the table's title cell, and the header reads the table's period there.
    text = ("|DISCLOSURES ABOUT SEGMENTS AND RELATED INFORMATION\n|\n|Note 8. Disclosures about Segments and Related "
            "Information\n|\n|(millions of dollars)\n|Upstream\n|Three Months Ended June 30, 2025\n|Revenue\n|1,234\n")
    before = text_to_blocks(text)
    assert split_heading_cells(before) == before


def test_document_without_notes_heading_keeps_old_behaviour(nlp):
    blocks = _lines_to_blocks(["5. INVENTORIES, NET", "Inventories consist of the following.", "6. LEASES", "We lease offices."])
    spans = blocks_to_notes(blocks, nlp)
    assert [s.number for s in spans] == ["5", "6"] and spans[0].first_block == 0


def test_lettered_subsections_under_numbered_notes_pfe(nlp):
    # PFE 10-Q 2023-07-02 (tests/fixtures/numbering): "Note 2." holds "A. Acquisitions" and
    # "B. Discontinued Operations"; letters under digit-numbered notes are sub-sections.
    blocks = _lines_to_blocks([
        "Notes to Condensed Consolidated Financial Statements",
        "Note 1. Basis of Presentation and Significant Accounting Policies",
        "A. Basis of Presentation",
        "We prepared the condensed consolidated financial statements following the rules of the SEC.",
        "Note 2. Acquisitions, Discontinued Operations, Equity-Method Investment and Research and Development Arrangement",
        "A. Acquisitions",
        "Seagen––On March 12, 2023, we announced that we entered into a definitive merger agreement.",
        "B. Discontinued Operations",
        "The following amounts primarily relate to the spin-off of the Upjohn Business.",
        "Item 2. Management's Discussion and Analysis of Financial Condition and Results of Operations",
    ])
    spans = blocks_to_notes(blocks, nlp)
    assert [s.number for s in spans] == ["1", "2"]


def test_notes_found_by_their_numbering_without_a_notes_line_ge(nlp):
    # GE 10-K 2023 (accession 0000040545-24-000027): no "Notes to ..." line before the
    # notes, a page footer "2023 FORM 10-K 44" on the line before "NOTE 1.", and a
    # numbered list in MD&A that is no note.
    text = "\n".join([
        "ITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION AND RESULTS OF OPERATIONS",
        "1. Aerospace",
        "Our aerospace business grew.",
        "ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA",
        "Total equity 27,000",
        "2023 FORM 10-K 44",
        "NOTE 1. BASIS OF PRESENTATION AND SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES",
        "FINANCIAL STATEMENT PRESENTATION. Our financial statements are prepared in conformity with U.S. GAAP.",
        "2023 FORM 10-K 45",
        "NOTE 2. BUSINESSES HELD FOR SALE AND DISCONTINUED OPERATIONS",
        "In the fourth quarter we sold a business.",
        "2023 FORM 10-K 46",
        "NOTE 3. INVESTMENT SECURITIES",
        "All of our debt securities are classified as available-for-sale.",
        "2023 FORM 10-K 47",
        "ITEM 9. CHANGES IN AND DISAGREEMENTS WITH ACCOUNTANTS ON ACCOUNTING AND FINANCIAL DISCLOSURE",
        "NOTE 4. NOT A NOTE",
    ])
    from segmenter.pipetext import text_to_blocks

    blocks = text_to_blocks(text)
    assert [b.hint for b in blocks if b.text.startswith("2023 FORM 10-K")] == ["page"] * 4
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.title) for s in spans] == [
        ("1", "BASIS OF PRESENTATION AND SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES"),
        ("2", "BUSINESSES HELD FOR SALE AND DISCONTINUED OPERATIONS"),
        ("3", "INVESTMENT SECURITIES"),
    ]
    assert blocks[spans[-1].end_block].text.startswith("ITEM 9.")


def test_an_index_of_the_notes_is_no_note_hd(nlp):
    # HD 10-K 2024 (accession 0000354950-24-000062): the notes are named in an index
    # with page numbers before the statements; only the exhibit index says "Notes to".
    blocks = _lines_to_blocks([
        "Item 8. Financial Statements and Supplementary Data.",
        "|Note 1. Summary of Significant Accounting Policies\n|43\n|Note 2. Segment Reporting and Net Sales\n"
        "|50\n|Note 3. Property and Leases\n|51",
        "1. SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES",
        "The Home Depot, Inc. is a home improvement retailer.",
        "2. SEGMENT REPORTING AND NET SALES",
        "We currently conduct our retail operations in the U.S., Canada, and Mexico.",
        "3. PROPERTY AND LEASES",
        "Net property and equipment was as follows.",
        "Item 9. Changes in and Disagreements With Accountants on Accounting and Financial Disclosure.",
        "Item 15. Exhibit and Financial Statement Schedules.",
        "•Notes to Consolidated Financial Statements.",
        "2. Financial Statement Schedules",
        "All schedules are omitted.",
        "3. Exhibits",
        "Exhibits are listed below.",
        "SIGNATURES",
    ])
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.title) for s in spans] == [
        ("1", "SUMMARY OF SIGNIFICANT ACCOUNTING POLICIES"), ("2", "SEGMENT REPORTING AND NET SALES"),
        ("3", "PROPERTY AND LEASES"),
    ]


def test_run_in_heading_whose_paragraph_says_months_ended_ge(nlp):
    # GE 10-Q 2023-06-30, notes 15 and 16: the run-in heading's own paragraph says "six
    # months ended", which refuses a period header; only the title's opening is read.
    blocks = _lines_to_blocks([
        "Notes to Condensed Consolidated Financial Statements (Unaudited)",
        "NOTE 15. CURRENT AND ALL OTHER LIABILITIES.",
        "All other current liabilities and All other liabilities increased $4 million in the six months ended "
        "June 30, 2023.",
        "NOTE 16. INCOME TAXES. Our income tax rate was 7.7% and (8.9)% for the six months ended June 30, 2023 "
        "and 2022, respectively. The low tax rate for 2023 reflects the tax benefit from the disposition of our "
        "remaining AerCap shares.",
        "Item 2. Management's Discussion and Analysis of Financial Condition and Results of Operations",
    ])
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.title) for s in spans] == [
        ("15", "CURRENT AND ALL OTHER LIABILITIES."), ("16", "INCOME TAXES")]


def test_a_sentence_wrapped_at_item_1_does_not_end_the_notes_amzn(nlp):
    # AMZN 10-Q 2023-06-30, note 4: a wrapped line of a sentence starts "Item 1 of Part I";
    # it is no Item heading, so notes 5 and 6 are still found.
    blocks = _lines_to_blocks([
        "Notes to Consolidated Financial Statements (unaudited)",
        "Note 4 — COMMITMENTS AND CONTINGENCIES",
        "See also “Legal Proceedings” in Item 8 of Part II, “Financial Statements and Supplementary Data — Note 7 —\n"
        "Commitments and Contingencies — Legal Proceedings” of our 2022 Annual Report on Form 10-K and in\n"
        "Item 1 of Part I, “Financial Statements — Note 4 — Commitments and Contingencies — Legal\n"
        "Proceedings” of our Quarterly Report on Form 10-Q for the period ended March 31, 2023.",
        "Note 5 — DEBT",
        "As of June 30, 2023, we had $66.5 billion of unsecured senior notes outstanding.",
        "Note 6 — STOCKHOLDERS’ EQUITY",
        "Stock Repurchase Activity",
        "Item 2. Management’s Discussion and Analysis of Financial Condition and Results of Operations",
    ])
    spans = blocks_to_notes(blocks, nlp)
    assert [s.number for s in spans] == ["4", "5", "6"]


# NFLX 10-Q 2025: "Item 2.Management’s Discussion ..." follows the last note with no space
# after "2."; the last note ran on through the whole MD&A. GE 10-K 2023: the last note,
# then Part III's "DIRECTORS, EXECUTIVE OFFICERS AND CORPORATE GOVERNANCE" with no "Item
# 10", and later the exhibit list, whose "(32) Certification Pursuant to 18 U.S.C. Section
# 1350." read as a note 32.
_ENDS = {
    "nflx": (["Notes to Consolidated Financial Statements (unaudited)", "12. Subsequent Event",
              "The Company does not expect the new law to materially impact its effective tax rate this year.",
              "Item 2.Management’s Discussion and Analysis of Financial Condition and Results of Operations",
              "Forward-Looking Statements", "This Quarterly Report on Form 10-Q contains forward-looking statements.",
              "3. Liquidity"], "12", "Item 2.Management"),
    "ge": (["NOTES TO CONSOLIDATED FINANCIAL STATEMENTS", "NOTE 27. QUARTERLY INFORMATION (UNAUDITED)",
            "The sum of per-share amounts may not equal the total per-share amounts for the quarters.",
            "DIRECTORS, EXECUTIVE OFFICERS AND CORPORATE GOVERNANCE",
            "Information about our Executive Officers (As of February 2, 2024)",
            "(32) Certification Pursuant to 18 U.S.C. Section 1350.", "(97) General Electric Company Clawback Policy"],
           "27", "DIRECTORS, EXECUTIVE OFFICERS"),
}


@pytest.mark.parametrize("name", sorted(_ENDS))
def test_item_headings_set_without_a_space_or_without_item_end_the_notes(nlp, name):
    lines, number, end = _ENDS[name]
    blocks = _lines_to_blocks(lines)
    spans = blocks_to_notes(blocks, nlp)
    assert [s.number for s in spans] == [number]
    assert blocks[spans[0].end_block].text.startswith(end)


def test_an_unnumbered_schedule_right_under_the_notes_line_is_a_note_ba(nlp):
    # BA 10-Q 2023-06-30: "Summary of Business Segment Data" sits under "Notes to Condensed
    # Consolidated Financial Statements", before "Note 1 – Basis of Presentation"; the filer
    # tags it as a text block of its own. A sub-heading further down stays inside its note.
    blocks = _lines_to_blocks([
        "Notes to Condensed Consolidated Financial Statements",
        "Summary of Business Segment Data",
        "(Unaudited)",
        "|(Dollars in millions)\n|Six months ended June 30\n|Commercial Airplanes\n|$15,544\n|$10,452",
        "Note 1 – Basis of Presentation",
        "The condensed consolidated interim financial statements included in this report have been prepared by "
        "management of The Boeing Company.",
        "Standards Issued and Not Yet Implemented",
        "In March 2023, the FASB issued an accounting standards update.",
        "Note 2 – Earnings Per Share",
        "Basic and diluted earnings per share are computed using the two-class method.",
        "Item 2. Management’s Discussion and Analysis of Financial Condition and Results of Operations",
    ])
    spans = blocks_to_notes(blocks, nlp)
    assert [(s.number, s.title) for s in spans] == [
        (None, "Summary of Business Segment Data"), ("1", "Basis of Presentation"), ("2", "Earnings Per Share")]
    assert spans[0].topic == "segment_reporting"
    # no such title right under the notes line: the notes start at note 1 as before
    spans = blocks_to_notes([b for b in blocks if b.text != "Summary of Business Segment Data"], nlp)
    assert [s.number for s in spans] == ["1", "2"]
