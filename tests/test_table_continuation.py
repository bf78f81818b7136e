"""A table carried over a page break without its header takes the header of the
table it continues (tables.cells_to_table ``continues``), and change columns
take the later of the periods they compare (cellperiods.columns_to_change_period).
Fixture: JNJ 10-Q for the quarter ended 2023-07-02, as filed."""

from __future__ import annotations

import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

from segmenter.html import html_to_blocks
from segmenter.pipetext import text_to_blocks
from segmenter.tables import cells_to_table
from segmenter.types import Period

JNJ = Path(__file__).parent / "fixtures" / "html" / "jnj-10-q-2023-07-02-sales-table-continued.html.gz"
QUARTER = Period(start=date(2023, 4, 3), end=date(2023, 7, 2))
SIX_MONTHS = Period(start=date(2023, 1, 2), end=date(2023, 7, 2))


def _tables():
    text, blocks = html_to_blocks(gzip.decompress(JNJ.read_bytes()), name=JNJ.name)
    kinds = [b.kind for b in blocks]
    first, second = [b for b in blocks if b.kind == "table"]
    # the page number and the "Table of Contents" link stand between the two pages
    assert kinds[kinds.index("table") + 1:kinds.index("table") + 3] == ["boilerplate", "boilerplate"]
    return text, first, second


def test_the_first_page_reads_its_header_and_change_columns_take_the_later_period():
    _, first, _ = _tables()
    table = cells_to_table(first.cells)
    assert [c.label for c in table.columns] == [
        "Fiscal Second Quarter Ended July 2, 2023", "Fiscal Second Quarter Ended July 3, 2022",
        "Fiscal Second Quarter Ended Percent Change", "Fiscal Six Months Ended July 2, 2023",
        "Fiscal Six Months Ended July 3, 2022", "Fiscal Six Months Ended Percent Change"]
    periods = [c.period for c in table.columns]
    # "Percent Change" is tagged with the later period of the two it compares
    assert periods[2] == periods[0] and periods[5] == periods[3]
    assert periods[0].end == QUARTER.end and periods[3].end == SIX_MONTHS.end
    assert periods[1].end == date(2022, 7, 3)
    assert table.scale == 10**6


def test_a_header_less_page_continues_the_table_above():
    _, first, second = _tables()
    above = cells_to_table(first.cells)
    alone = cells_to_table(second.cells)
    assert all(c.period is None and c.label == "" for c in alone.columns)  # what it says by itself
    table = cells_to_table(second.cells, continues=above)
    assert table.columns == above.columns and table.scale_source == "continued"
    row = next(r for r in table.rows if r.label == "U.S.")  # Immunology, U.S.
    values = [(table.columns[c.column].label, c.value, c.unit) for c in row.cells]
    assert values[0] == ("Fiscal Second Quarter Ended July 2, 2023", Decimal(2865) * 10**6, "USD")
    # the percent columns keep their rates unscaled, as on the first page
    assert values[2][1:] == (Decimal("0.4"), "%") and values[5][1:] == (Decimal("-0.8"), "%")
    alone_row = next(r for r in alone.rows if r.label == "U.S.")
    assert alone_row.cells[2].unit is None and alone_row.cells[0].scale is None  # alone, neither is known


def test_a_table_with_a_header_of_its_own_or_other_columns_is_not_a_continuation():
    _, first, second = _tables()
    above = cells_to_table(first.cells)
    assert cells_to_table(first.cells, continues=above).scale_source != "continued"
    narrower = cells_to_table(second.cells[: len(second.cells) // 4])
    if len(narrower.columns) != len(above.columns):
        assert cells_to_table(second.cells, continues=narrower).scale_source != "continued"


def test_the_same_pages_as_pipe_text_continue_too():
    # The HTML reader's text is pipe text ("|cell" lines, the page number and "Table of
    # Contents" between the pages). Read back as pipe text, the first page's header has
    # "CONSUMER HEALTH" / "OTC" after its column row: row labels, not column labels. The
    # second page opens with "PHARMACEUTICAL" / "Immunology" alone: the continuation's first
    # rows, not a header of its own.
    text, _, _ = _tables()
    blocks = [b for b in text_to_blocks(text) if b.hint == "cells"]
    assert len(blocks) == 2
    above = cells_to_table(blocks[0].cells)
    assert [c.label for c in above.columns] == [c.label for c in cells_to_table(_tables()[1].cells).columns]
    assert [r.label for r in above.rows[:3]] == ["CONSUMER HEALTH", "OTC", "U.S."]
    table = cells_to_table(blocks[1].cells, continues=above)
    assert table.scale_source == "continued" and table.columns == above.columns
    assert [r.label for r in table.rows[:3]] == ["PHARMACEUTICAL", "Immunology", "U.S."]
    first = table.rows[2].cells[0]
    assert (table.columns[first.column].period, first.value) == (QUARTER, Decimal(2865) * 10**6)
