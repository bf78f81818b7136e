"""grid.py: an HTML table's rows and columns taken from the markup, not guessed.

The fixture is one table of Johnson & Johnson's 10-K for 2023 as filed (MedTech
sales by franchise): a "Sales to Customers" group over 2023 | 2022 | 2021 and a
"% Change" group over two columns, colspans of 3 and 15, franchise rows
("KNEES") with nothing in the value columns. Expected values are the filer's
own ``ix:nonFraction`` tags, read from the same file.
"""

from __future__ import annotations

import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree

from segmenter.html import html_to_blocks
from segmenter.tables import cells_to_table
from segmenter.types import Period, RawCell, Table

HTML = Path(__file__).parent / "fixtures" / "html"
JNJ = HTML / "jnj-10-k-2023-medtech-sales-table.html.gz"
ABBV = HTML / "abbv-10-k-2024-notes-16-17.html.gz"


def _table(path: Path) -> tuple[str, Table]:
    text, blocks = html_to_blocks(gzip.decompress(path.read_bytes()), name=path.name)
    (block,) = [b for b in blocks if b.kind == "table"]
    return text, cells_to_table(block.cells)


def _tagged_rows(path: Path) -> list[list[tuple[str, Decimal]]]:
    """Each ``<tr>``'s tagged numbers, in column order: (shown text, value with scale and sign;
    a percentage, tagged with scale -2, as shown: "5.3" is 5.3 %)."""
    root = etree.fromstring(gzip.decompress(path.read_bytes()), etree.HTMLParser(no_network=True))
    rows = []
    for tr in root.iter("tr"):
        facts = []
        for el in tr.iter("ix:nonfraction"):
            value = Decimal(el.text.replace(",", "")) * Decimal(10) ** max(0, int(el.get("scale") or 0))
            facts.append((el.text, -value if el.get("sign") == "-" else value))
        if facts:
            rows.append(facts)
    return rows


def test_html_cells_know_their_row_and_grid_columns():
    _, blocks = html_to_blocks(gzip.decompress(JNJ.read_bytes()), name=JNJ.name)
    (block,) = [b for b in blocks if b.kind == "table"]
    by_text = {c.text: c for c in block.cells if c.text}
    # Row 0 of the kept rows is the group header: "Sales to Customers" spans grid columns 6-21.
    assert (by_text["Sales to Customers"].col, by_text["Sales to Customers"].col_end) == (6, 21)
    assert (by_text["% Change"].col, by_text["% Change"].col_end) == (24, 33)
    assert by_text["2023"].row == by_text["’23 vs. ’22"].row == by_text["Sales to Customers"].row + 1
    assert (by_text["2021"].col, by_text["2021"].col_end) == (18, 21)


def test_each_value_sits_under_its_own_header_cell():
    _, table = _table(JNJ)
    assert [c.label for c in table.columns] == [
        "Sales to Customers 2023", "Sales to Customers 2022", "Sales to Customers 2021",
        "% Change ’23 vs. ’22", "% Change ’22 vs. ’21",
    ]


def test_every_tagged_number_is_in_its_row_and_column_with_its_value():
    _, table = _table(JNJ)
    tagged = _tagged_rows(JNJ)
    rows = [r for r in table.rows if r.cells]
    assert len(rows) == len(tagged) >= 30
    for row, facts in zip(rows, tagged, strict=True):
        assert [c.column for c in row.cells] == list(range(len(facts))), row.label
        assert [c.text for c in row.cells] == [shown for shown, _ in facts], row.label
        assert [c.value for c in row.cells] == [value for _, value in facts], row.label


def test_franchise_rows_without_values_are_label_rows():
    _, table = _table(JNJ)
    labels = [r.label for r in table.rows]
    knees = labels.index("KNEES")
    assert table.rows[knees].cells == ()
    assert labels[knees + 1 : knees + 4] == ["U.S.", "International", "Worldwide"]


def test_a_second_label_cell_with_no_header_of_its_own_is_a_row_under_a_group():
    # ABBV 10-K 2024: "Humira | United States | $ 7,142" in a stub of two cells, under a
    # stub header "years ended December 31 (in millions)" that names the period.
    text, blocks = html_to_blocks(gzip.decompress(ABBV.read_bytes()), name=ABBV.name)
    block = next(b for b in blocks if b.kind == "table" and "Skyrizi" in b.text)
    table = cells_to_table(block.cells)
    labels = [r.label for r in table.rows]
    at = labels.index("Skyrizi")
    assert table.rows[at].cells == ()
    assert table.rows[at + 1].label == "United States"
    assert [c.value for c in table.rows[at + 1].cells] == [Decimal("10086000000"), Decimal("6753000000"),
                                                           Decimal("4484000000")]
    assert [(c.label, str(c.period.start), str(c.period.end)) for c in table.columns] == [
        ("years ended December 31 2024", "2024-01-01", "2024-12-31"),
        ("years ended December 31 2023", "2023-01-01", "2023-12-31"),
        ("years ended December 31 2022", "2022-01-01", "2022-12-31"),
    ]
    for row in table.rows:
        for cell in row.cells:
            assert text[cell.start:cell.end] == cell.text


def test_pipe_cells_without_a_grid_take_the_rebuilding_path():
    cells = [RawCell("Inventories", 0, 11), RawCell("1,234", 12, 17), RawCell("987", 18, 21)]
    table = cells_to_table(cells)
    assert [(r.label, [c.value for c in r.cells]) for r in table.rows] == [
        ("Inventories", [Decimal("1234"), Decimal("987")])]


def test_rowspan_and_colspan_place_the_cells_of_later_rows():
    # A header cell spanning two rows pushes the next row's cells to the right.
    html = ("<table><tr><td rowspan='2'>(in millions)</td><td colspan='2'>Year ended</td></tr>"
            "<tr><td>2024</td><td>2023</td></tr><tr><td>Sales</td><td>10</td><td>9</td></tr></table>")
    _, blocks = html_to_blocks(html, name="inline")
    (block,) = [b for b in blocks if b.kind == "table"]
    places = {c.text: (c.row, c.col, c.col_end) for c in block.cells}
    assert places["2024"] == (1, 1, 2)
    assert places["2023"] == (1, 2, 3)
    assert places["Sales"] == (2, 0, 1)


PFE_INVESTEE = HTML / "pfe-10-q-2023-07-02-equity-investee-table.html.gz"


def test_a_sentence_row_over_the_header_leaves_the_periods_to_the_columns():
    # PFE 10-Q 2023 Q2, Haleon's summarized results: the table's first row is the sentence
    # "... for the three and six months ending March 31, 2023 ... and for the three and six
    # months ending March 31, 2022, is as follows:", over "Three Months Ended | Six Months
    # Ended" and the dates. The sentence's own dates must not turn the columns into instants.
    _, table = _table(PFE_INVESTEE)
    assert [c.period for c in table.columns] == [
        Period(start=date(2023, 1, 1), end=date(2023, 3, 31)), Period(start=date(2022, 1, 1), end=date(2022, 3, 31)),
        Period(start=date(2022, 10, 1), end=date(2023, 3, 31)), Period(start=date(2021, 10, 1), end=date(2022, 3, 31))]
    # the tagged values, in row order
    values = [c.value for r in table.rows for c in r.cells if c.value is not None]
    assert values[:4] == [Decimal(3_627_000_000), Decimal(3_526_000_000), Decimal(6_889_000_000), Decimal(6_945_000_000)]
