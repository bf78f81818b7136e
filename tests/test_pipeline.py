"""pipeline.py end to end on the three seed notes: every value, label, period and sign."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from segmenter.types import Period


@pytest.fixture(scope="module")
def docs(segmenter_instance, seed_paths):
    return [segmenter_instance.segment(p) for p in seed_paths]


def _values(doc):
    return [(label, col, cell) for table in doc.tables for label, col, cell in table.values()]


def test_seed_000_two_inventory_notes_four_tables_53_values(docs):
    doc = docs[0]
    assert [(n.number, n.title, n.topic) for n in doc.notes] == [("5", "INVENTORIES, NET", "inventories")] * 2
    assert len(doc.tables) == 4
    values = _values(doc)
    assert len(values) == 53
    provision = [(c.period, cell.value) for label, c, cell in values if label == "Less: inventory impairment provision"]
    assert provision[:2] == [
        (Period(instant=date(2025, 6, 30)), Decimal(-874897)),
        (Period(instant=date(2024, 12, 31)), Decimal(-1127700)),
    ]
    first = doc.tables[0]
    assert [c.label for c in first.columns] == ["As of June 30, 2025 (Unaudited)", "As of December 31, 2024 (Audited)"]
    assert first.rows[1].label == "Work-in-process" and first.rows[1].footnotes == ("i",)
    # The (i)/(ii) and "*" explanations are footnotes, not text or table rows.
    footnotes = [b.text for n in doc.notes for b in n.blocks if b.kind == "footnote"]
    assert any(t.startswith("(i) | Work-in-process primarily consists") for t in footnotes)
    assert any(t.startswith("(ii) | Semi-finished goods are mainly") for t in footnotes)
    assert sum(t.startswith("* | Inventory with impairment provision") for t in footnotes) == 2


def test_seed_000_movement_table_periods(docs):
    movement = docs[0].tables[1]
    assert [c.period for c in movement.columns] == [
        Period(start=date(2025, 1, 1), end=date(2025, 6, 30)),
        Period(start=date(2024, 1, 1), end=date(2024, 6, 30)),
    ]
    deletion = next(r for r in movement.rows if r.label == "Deletion")
    assert deletion.footnotes == ("*",)
    assert [c.value for c in deletion.cells] == [Decimal(-419712), Decimal(-1464982)]
    yearly = docs[0].tables[3]
    assert [c.period.end for c in yearly.columns] == [date(2024, 12, 31), date(2023, 12, 31), date(2022, 12, 31)]
    assert all(c.period.start == date(c.period.end.year, 1, 1) for c in yearly.columns)


def test_seed_001_receivables_narrative_and_viewer_tail(docs):
    doc = docs[1]
    assert len(doc.notes) == 1
    note = doc.notes[0]
    assert note.topic == "receivables" and note.number is None
    kinds = [b.kind for b in note.blocks]
    texts = [b for b in note.blocks if b.kind == "text"]
    assert any(b.text.startswith("The average credit period ranged from 15 to 30 days.") for b in texts)
    assert any(b.text.startswith("The Company wrote off a trade receivable") for b in texts)
    assert len(texts) >= 8
    assert note.blocks[-1].kind == "boilerplate" and "No definition available." in doc.text[note.blocks[-2].start:note.blocks[-1].end]
    assert doc.text[note.blocks[-1].start:].rstrip().endswith("commonPracticeRef")
    assert "table" not in kinds


def test_seed_002_segment_table_in_thousands(docs):
    doc = docs[2]
    assert [(n.number, n.title, n.topic) for n in doc.notes] == [("27", "SEGMENT REPORTING", "segment_reporting")]
    (table,) = doc.tables
    assert table.scale == 1000 and table.unit == "USD"
    assert [c.period for c in table.columns] == [
        Period(start=date(y, 1, 1), end=date(y, 12, 31)) for y in (2025, 2024, 2023)
    ]
    values = table.values()
    assert len(values) == 63
    assert sum(1 for _, _, cell in values if cell.text == "—" and cell.value == 0) == 6
    less = [r for r in table.rows if r.label == "Less:"]
    assert len(less) == 2 and all(not r.cells for r in less)
    loss = next(r for r in table.rows if r.label == "Segment loss")
    assert [c.value for c in loss.cells] == [Decimal(-167567000), Decimal(-172726000), Decimal(-266695000)]
    assert all(c.scale == 1000 for c in loss.cells)
    revenues = next(r for r in table.rows if r.label == "Revenues")
    assert [c.value for c in revenues.cells] == [Decimal(950000), Decimal(11995000), Decimal(37333000)]


def test_cell_offsets_cover_the_digits_as_shown(docs):
    for doc in docs:
        for label, column, cell in _values(doc):
            assert doc.text[cell.start:cell.end] == cell.text
            assert any(ch.isdigit() for ch in cell.text) or cell.text in "—–-"


def test_notes_tile_the_document_and_blocks_stay_inside(docs):
    for doc in docs:
        assert doc.notes[0].start <= len(doc.text) - len(doc.text.lstrip())
        for left, right in zip(doc.notes, doc.notes[1:]):
            assert left.end <= right.start
        assert doc.text[doc.notes[-1].end:].strip() == ""


def test_a_document_with_no_heading_is_one_untitled_note(segmenter_instance):
    text = "Inventories consisted of the following (in thousands):\n|Raw materials\n|$\n|1,200\n|Finished goods\n|300\n"
    doc = segmenter_instance.segment(text)
    assert len(doc.notes) == 1 and doc.notes[0].title is None
    (table,) = doc.tables
    assert [(r.label, [c.value for c in r.cells]) for r in table.rows] == [
        ("Raw materials", [Decimal(1200000)]), ("Finished goods", [Decimal(300000)])]


def test_html_gives_notes_and_its_exposed_text(segmenter_instance):
    doc = segmenter_instance.segment(b"<html><body><p>Note 1. Inventories</p><p>Inventories are stated at cost.</p>"
                                     b"</body></html>", name="filing.htm")
    assert doc.form == "html"
    assert doc.text == "Note 1. Inventories\nInventories are stated at cost.\n"
    assert [(n.number, n.topic) for n in doc.notes] == [("1", "inventories")]


def test_edgar_submission_without_a_document_is_refused_clearly(segmenter_instance):
    from segmenter.errors import InputError

    with pytest.raises(InputError, match="EDGAR SGML") as info:
        segmenter_instance.segment(b"<SEC-DOCUMENT>x.txt\n<SEC-HEADER>\n</SEC-HEADER>\n<DOCUMENT>\n", name="x.txt")
    assert "x.txt" in str(info.value)


def test_a_heading_cell_right_after_a_table_opens_the_next_note(segmenter_instance):
    # NKE 10-K 2024 as pipe text: NOTE 3's heading is a one-cell table right after
    # note 2's table, so the reader joins it to that table's run of cells.
    text = ("NOTE 2 — PROPERTY, PLANT AND EQUIPMENT\nProperty, plant and equipment included the following:\n"
            "|Land and improvements\n|$\n|329\n|\n|Buildings\n|1,603\n|\n|\n|NOTE 3 — ACCRUED LIABILITIES\n"
            "Accrued liabilities included the following:\n|Compensation and benefits, excluding taxes\n|$\n|1,247\n")
    doc = segmenter_instance.segment(text)
    assert [(n.number, n.title) for n in doc.notes] == [("2", "PROPERTY, PLANT AND EQUIPMENT"), ("3", "ACCRUED LIABILITIES")]
    assert [c.text for t in doc.notes[0].tables for _, _, c in t.values()] == ["329", "1,603"]


def test_a_heading_among_a_tables_title_cells_stays_with_the_table(segmenter_instance):
    # XOM 10-Q 2025: the note's title cells lead the segment table; cutting them off
    # would lose the period the table's header reads from them.
    text = (Path(__file__).parent / "fixtures" / "corpus" / "XOM-10-Q-2025-06-30-segment_reporting.txt").read_text()
    doc = segmenter_instance.segment(text)
    first = doc.tables[0]
    assert first.columns[0].period is not None


@pytest.mark.parametrize("form", ["html", "pipe"])
def test_combined_note_keeps_its_sub_sections_with_their_topics(segmenter_instance, form):
    # AAPL 10-Q 2025: "Condensed Consolidated Financial Statement Details" holds
    # "Inventories" and "Property, Plant and Equipment, Net" sub-sections.
    from segmenter.answerkey import filing_to_answer_key
    from segmenter.ixbrl import read_filing

    path = Path(__file__).parent / "fixtures" / "numbering" / "AAPL-10-Q-2025-06-28-combined-note-notes-5-7.html.gz"
    source = path if form == "html" else filing_to_answer_key(read_filing(path)).text
    doc = segmenter_instance.segment(source)
    details = next(n for n in doc.notes if n.topic == "supplemental_details")
    by_title = {s.title: s for s in details.sections}
    assert by_title["Inventories"].topic == "inventories"
    if form == "html":  # in this pipe rendering the classifier reads that sub-heading as text
        assert by_title["Property, Plant and Equipment, Net"].topic == "property_plant_equipment"
    assert all(s.start >= details.heading_end for s in details.sections)
    starts = [s.start for s in details.sections]
    assert starts == sorted(starts) and all(details.start <= s.start < s.end <= details.end for s in details.sections)
    inventories = by_title["Inventories"]
    assert "Inventories" in doc.text[inventories.start:inventories.end]
    assert doc.to_dict()["notes"][doc.notes.index(details)]["sections"][0].keys() == {"title", "topic", "start", "end"}


def test_a_running_headers_scale_line_without_parentheses_is_page_furniture_t(segmenter_instance):
    # T 10-Q 2023 (pipe text): each page of the notes opens "AT&T INC." / "JUNE 30, 2023" /
    # "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS (UNAUDITED) - Continued" / "Dollars in
    # millions except per share amounts", whatever note runs on under it.
    header = ["AT&T INC.", "JUNE 30, 2023", "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS (UNAUDITED) - Continued",
              "Dollars in millions except per share amounts"]
    text = "\n".join([
        "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS (UNAUDITED)",
        "NOTE 1. PREPARATION OF INTERIM FINANCIAL STATEMENTS",
        "Basis of Presentation For the interim financial statements, we have not audited the results.",
        "9", *header,
        "Supplier finance programs apply to interim reporting dates as well.",
        "NOTE 2. EARNINGS PER SHARE",
        "A reconciliation of the numerators and denominators of basic and diluted earnings per share is shown.",
        "10", *header,
        "The Mobility preferred interests were reflected in our diluted earnings per share calculation.",
        "NOTE 3. OTHER COMPREHENSIVE INCOME",
        "Changes in the balances of each component included in accumulated OCI are presented below.",
        "11", *header,
        "Amounts are net of tax and exclude noncontrolling interest.",
        "Item 2. Management's Discussion and Analysis of Financial Condition and Results of Operations",
    ])
    doc = segmenter_instance.segment(text, name="t.txt")
    assert [n.number for n in doc.notes] == ["1", "2", "3"]
    for line in header[1:]:  # the date above "NOTES TO ...", the scale under it
        found = [b for n in doc.notes for b in n.blocks if b.text == line]
        assert len(found) == 3, line
        assert all((b.kind, b.decided_by) == ("boilerplate", "rule:running_header") for b in found), line
