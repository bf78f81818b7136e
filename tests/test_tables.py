"""tables.py: raw cells of one table -> rows, columns, periods and scaled values.

The acceptance tests read the seed notes (copied to ``tests/fixtures/tables/``)
and four tables of real 10-Q filings written out as pipe text, one ``|cell``
line per ``<td>`` (see ``tests/fixtures/tables/README.md``). Expected values
were read by hand from the seeds, and from the filers' own ``ix:nonFraction``
tags (value, ``sign`` and ``scale``) for the 10-Q tables.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from segmenter.errors import RuleError, SegmenterError
from segmenter.tables import (
    TableSettings,
    cells_to_items,
    cells_to_table,
    header_to_columns,
    items_to_lines,
    label_to_footnotes,
    label_to_row_kind,
    lines_to_header,
)
from segmenter.doccontext import DocumentContext
from segmenter.fiscalcalendar import FiscalCalendar
from segmenter.header import year_values_to_rows
from segmenter.types import Period, RawCell, Row, Table

TABLES = Path(__file__).parent / "fixtures" / "tables"


# --- a small pipe-text splitter, for tests only -------------------------------------------------
# (the real reader is segmenter/pipetext.py; this one only turns fixture text into RawCells)


def pipe_cells(text: str, start: int = 0, end: int | None = None) -> list[RawCell]:
    """Split ``text[start:end]`` into cells the way pipe text works.

    A line starting with "|" opens a cell whose content starts after the pipe
    and runs over following lines that do not start with "|"; a trailing "|"
    closes it ("950 |" in seed 002); a line after a closed cell opens a cell of
    its own (seed 002's ")" lines). Offsets index into ``text``.
    """
    end = len(text) if end is None else end
    cells: list[RawCell] = []
    current: list[int] | None = None  # [pipe, content start, content end]

    def close() -> None:
        nonlocal current
        if current is None:
            return
        pipe, s, e = current
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        cells.append(RawCell(text[s:e], s, e) if s < e else RawCell("", pipe, pipe))
        current = None

    pos = start
    for line in text[start:end].splitlines(keepends=True):
        line_start, line_end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if text.startswith("|", line_start):
            close()
            current = [line_start, line_start + 1, line_end]
        elif current is not None:
            current[2] = line_end
        else:
            current = [line_start, line_start, line_end]
        body = text[current[1] : current[2]].rstrip()
        if body.endswith("|"):
            current[2] = current[1] + len(body) - 1
            close()
    close()
    return cells


def region(text: str, after: str, before: str | None, start: int = 0) -> tuple[int, int]:
    """The span between the end of ``after`` and the start of ``before`` (or the end)."""
    s = text.index(after, start) + len(after)
    return s, (text.index(before, s) if before else len(text))


def cells(*texts: str) -> list[RawCell]:
    """RawCells laid out one per line, as pipe text would give them."""
    out, pos = [], 0
    for t in texts:
        out.append(RawCell(t, pos + 1, pos + 1 + len(t)) if t else RawCell("", pos, pos))
        pos += len(t) + 2
    return out


def test_pipe_cells_helper() -> None:
    text = "|\n|a\nb\n|\n950 |\n)\n| |\n"
    got = pipe_cells(text)
    assert [c.text for c in got] == ["", "a\nb", "950", ")", ""]
    assert all(text[c.start : c.end] == c.text for c in got)


# --- the seeds -------------------------------------------------------------------------------

SEED_000 = (TABLES / "000_969cc99193ff3188.txt").read_text(encoding="utf-8")
SEED_002 = (TABLES / "002_ccf4bcca06ac230d.txt").read_text(encoding="utf-8")


def seed_000_tables() -> list[Table]:
    text = SEED_000
    specs = [
        ("SCHEDULE OF INVENTORY\n", "|(i)", "SCHEDULE OF INVENTORY",
         "Inventory as of June 30, 2025 and December 31, 2024 consisted of the following:"),
        ("SCHEDULE OF MOVEMENT OF INVENTORY IMPAIRMENT PROVISION\n", "IMPAIRMENT\n|",
         "SCHEDULE OF MOVEMENT OF INVENTORY IMPAIRMENT PROVISION",
         "Movement of inventory impairment provision is as below:"),
        ("SCHEDULE\nOF INVENTORY\n", "|(i)", "SCHEDULE\nOF INVENTORY",
         "Inventory as of December 31, 2024 and 2023 consisted of the following:"),
        ("SCHEDULE\nOF MOVEMENT OF INVENTORY IMPAIRMENT PROVISION\n", "|*",
         "SCHEDULE\nOF MOVEMENT OF INVENTORY IMPAIRMENT PROVISION",
         "Movement of inventory impairment provision is as below:"),
    ]
    out = []
    for after, before, caption, context in specs:
        s, e = region(text, after, before)
        out.append(cells_to_table(pipe_cells(text, s, e), caption=caption, context=context))
    return out


def seed_002_table() -> Table:
    text = SEED_002
    s, e = region(text, "(in thousands):\n", None)
    context = "The table below provides information about Group’s segment (in thousands):"
    return cells_to_table(pipe_cells(text, s, e), context=context)


# (table, row label, column, value) read from seed 000 by hand.
SEED_000_VALUES: list[tuple[int, str, int, int]] = [
    (0, "Raw materials", 0, 1677440), (0, "Raw materials", 1, 1293051),
    (0, "Work-in-process", 0, 11228), (0, "Work-in-process", 1, 20660),
    (0, "Semi-finished goods", 0, 271140), (0, "Semi-finished goods", 1, 632670),
    (0, "Finished goods", 0, 258530), (0, "Finished goods", 1, 609516),
    (0, "Inventory, subtotal", 0, 2218338), (0, "Inventory, subtotal", 1, 2555897),
    (0, "Less: inventory impairment provision", 0, -874897),
    (0, "Less: inventory impairment provision", 1, -1127700),
    (0, "Inventory, net", 0, 1343441), (0, "Inventory, net", 1, 1428197),
    (1, "Balance at beginning of the period", 0, 1127700), (1, "Balance at beginning of the period", 1, 1942922),
    (1, "Addition", 0, 148912), (1, "Addition", 1, 261851),
    (1, "Deletion", 0, -419712), (1, "Deletion", 1, -1464982),
    (1, "Exchange difference", 0, 17997), (1, "Exchange difference", 1, -36079),
    (1, "Balance at end of the period", 0, 874897), (1, "Balance at end of the period", 1, 703712),
    (2, "Raw materials", 0, 1293051), (2, "Raw materials", 1, 1447850),
    (2, "Work-in-process", 0, 20660), (2, "Work-in-process", 1, 17552),
    (2, "Semi-finished goods", 0, 632670), (2, "Semi-finished goods", 1, 2391380),
    (2, "Finished goods", 0, 609516), (2, "Finished goods", 1, 899839),
    (2, "Inventory, subtotal", 0, 2555897), (2, "Inventory, subtotal", 1, 4756621),
    (2, "Less: inventory impairment provision", 0, -1127700),
    (2, "Less: inventory impairment provision", 1, -1942922),
    (2, "Inventory, net", 0, 1428197), (2, "Inventory, net", 1, 2813699),
    (3, "Balance at beginning of the year", 0, 1942922), (3, "Balance at beginning of the year", 1, 1810384),
    (3, "Balance at beginning of the year", 2, 1617467),
    (3, "Addition", 0, 483992), (3, "Addition", 1, 1506422), (3, "Addition", 2, 1544475),
    (3, "Deletion", 0, -1257111), (3, "Deletion", 1, -1321709), (3, "Deletion", 2, -1220673),
    (3, "Exchange difference", 0, -42103), (3, "Exchange difference", 1, -52175),
    (3, "Exchange difference", 2, -130885),
    (3, "Balance at end of the year", 0, 1127700), (3, "Balance at end of the year", 1, 1942922),
    (3, "Balance at end of the year", 2, 1810384),
]

# (row label, column, value as shown in thousands) read from seed 002 by hand; x 1000 applied below.
SEED_002_SHOWN: list[tuple[str, int, int]] = [
    ("Revenues", 0, 950), ("Revenues", 1, 11995), ("Revenues", 2, 37333),
    ("Cost of revenues", 0, -356), ("Cost of revenues", 1, -9327), ("Cost of revenues", 2, -49014),
    ("Segment gross (loss) profit", 0, 594), ("Segment gross (loss) profit", 1, 2668),
    ("Segment gross (loss) profit", 2, -11681),
    ("Depreciation and amortization", 0, -699), ("Depreciation and amortization", 1, -775),
    ("Depreciation and amortization", 2, -800),
    ("Amortization of operating lease right-of-use asset", 0, -903),
    ("Amortization of operating lease right-of-use asset", 1, -2767),
    ("Amortization of operating lease right-of-use asset", 2, -2383),
    ("Changes in fair value of warrant liabilities", 0, -35),
    ("Changes in fair value of warrant liabilities", 1, 236),
    ("Changes in fair value of warrant liabilities", 2, 212),
    ("Change in fair value of convertible notes", 0, -2626),
    ("Change in fair value of convertible notes", 1, 0),
    ("Change in fair value of convertible notes", 2, 0),
    ("Disposal loss of property and equipment", 0, -1217),
    ("Disposal loss of property and equipment", 1, -37),
    ("Disposal loss of property and equipment", 2, 0),
    ("Lawsuit provision", 0, -1143), ("Lawsuit provision", 1, -22143), ("Lawsuit provision", 2, 0),
    ("Inventory write-downs", 0, -109), ("Inventory write-downs", 1, -890), ("Inventory write-downs", 2, -16107),
    ("Allowance for expected credit losses", 0, -23691), ("Allowance for expected credit losses", 1, -64411),
    ("Allowance for expected credit losses", 2, -22766),
    ("Impairment loss", 0, -4319), ("Impairment loss", 1, -1242), ("Impairment loss", 2, -62665),
    ("Interests on loans from a third party", 0, -1831), ("Interests on loans from a third party", 1, -1751),
    ("Interests on loans from a third party", 2, -3578),
    ("Salary expenses", 0, -5248), ("Salary expenses", 1, -14543), ("Salary expenses", 2, -20593),
    ("Rental expenses", 0, -1242), ("Rental expenses", 1, -3155), ("Rental expenses", 2, -4635),
    ("Share-based compensation expenses", 0, -117036), ("Share-based compensation expenses", 1, 0),
    ("Share-based compensation expenses", 2, -23338),
    ("Financial expenses on PIPE (see Note 9 for details)", 0, 0),
    ("Financial expenses on PIPE (see Note 9 for details)", 1, -36137),
    ("Financial expenses on PIPE (see Note 9 for details)", 2, -30000),
    ("Other operating expenses", 0, -266), ("Other operating expenses", 1, -2248),
    ("Other operating expenses", 2, -46631),
    ("Interest expenses, net", 0, -9802), ("Interest expenses, net", 1, -2691), ("Interest expenses, net", 2, -3248),
    ("Other income (expenses), net", 0, 2006), ("Other income (expenses), net", 1, -22840),
    ("Other income (expenses), net", 2, -18482),
    ("Segment loss", 0, -167567), ("Segment loss", 1, -172726), ("Segment loss", 2, -266695),
]


def values_of(table: Table) -> list[tuple[str, int, Decimal | None]]:
    return [(label, cell.column, cell.value) for label, _, cell in table.values()]


def test_seeds_hold_116_values() -> None:
    assert len(SEED_000_VALUES) == 53 and len(SEED_002_SHOWN) == 63
    tables = seed_000_tables()
    assert sum(len(t.values()) for t in tables) + len(seed_002_table().values()) == 116


def test_seed_000_values() -> None:
    tables = seed_000_tables()
    for index, table in enumerate(tables):
        expected = [(label, col, Decimal(value)) for t, label, col, value in SEED_000_VALUES if t == index]
        assert values_of(table) == expected, f"table {index + 1}"


def test_seed_000_shapes_and_columns() -> None:
    t1, t2, t3, t4 = seed_000_tables()
    assert [(len(t.rows), len(t.columns)) for t in (t1, t2, t3, t4)] == [(7, 2), (5, 2), (7, 2), (5, 3)]
    assert [c.label for c in t1.columns] == ["As of June 30, 2025 (Unaudited)", "As of December 31, 2024 (Audited)"]
    assert [c.period for c in t1.columns] == [Period(instant=date(2025, 6, 30)), Period(instant=date(2024, 12, 31))]
    assert [c.label for c in t2.columns] == [
        "For the six months ended June 30, 2025 (Unaudited)",
        "For the six months ended June 30, 2024 (Unaudited)",
    ]
    assert [c.period for c in t2.columns] == [
        Period(start=date(2025, 1, 1), end=date(2025, 6, 30)),
        Period(start=date(2024, 1, 1), end=date(2024, 6, 30)),
    ]
    assert [c.period for c in t3.columns] == [Period(instant=date(2024, 12, 31)), Period(instant=date(2023, 12, 31))]
    assert [c.label for c in t4.columns] == [f"For the Years Ended December 31, {y}" for y in (2024, 2023, 2022)]
    assert [c.period for c in t4.columns] == [
        Period(start=date(y, 1, 1), end=date(y, 12, 31)) for y in (2024, 2023, 2022)
    ]
    for table in (t1, t2, t3, t4):
        assert table.scale is None and table.scale_source is None  # nothing states a scale
        assert all(cell.scale is None for row in table.rows for cell in row.cells)
        assert table.unit == "USD"
    assert t1.caption == "SCHEDULE OF INVENTORY"
    assert t3.caption == "SCHEDULE OF INVENTORY"  # "SCHEDULE\nOF INVENTORY" collapsed


def test_seed_000_labels_and_footnotes() -> None:
    t1, t2, t3, t4 = seed_000_tables()
    rows = {row.label: row for row in t1.rows}
    assert rows["Work-in-process"].footnotes == ("i",)
    assert rows["Semi-finished goods"].footnotes == ("ii",)
    assert rows["Raw materials"].footnotes == ()
    assert {row.label: row.footnotes for row in t2.rows}["Deletion"] == ("*",)
    # "Less: inventory impairment\nprovision" and "Inventory,\nnet" are multi-line in the source
    assert [row.label for row in t3.rows][-2:] == ["Less: inventory impairment provision", "Inventory, net"]
    assert {row.label: row.footnotes for row in t4.rows}["Deletion"] == ("*",)


def test_seed_000_repeated_header_row_is_deduplicated() -> None:
    # table 2 has a hidden "2025 | 2024" row above "For the six months ended June 30,"
    t2 = seed_000_tables()[1]
    assert all(c.label.count("2025") + c.label.count("2024") == 1 for c in t2.columns)
    # table 4 repeats "2024 | 2023 | 2022" the same way, and its first row has no "$"
    t4 = seed_000_tables()[3]
    assert [c.label.count("20") for c in t4.columns] == [1, 1, 1]


def test_seed_000_offsets() -> None:
    text = SEED_000
    t1, t2, t3, t4 = seed_000_tables()
    for table in (t1, t2, t3, t4):
        for row in table.rows:
            assert " ".join(text[row.start : row.start + 200].split()).startswith(row.label)
            for cell in row.cells:
                assert text[cell.start : cell.end] == cell.text
                assert row.start < cell.start and cell.end <= row.end
        assert table.start <= min(c.start for c in table.columns)
        assert table.end == max(r.end for r in table.rows) or text[table.end - 1] == ")"
    neg = next(r for r in t1.rows if r.label.startswith("Less"))
    # A cell covers the digits the filer tags; "(" stays outside (JNJ 10-K 2024: "(2,560)" tags "2,560").
    assert [c.text for c in neg.cells] == ["874,897", "1,127,700"]
    assert all(text[c.start - 1] == "(" and c.value < 0 for c in neg.cells)
    assert text[t1.start : t1.start + 2] == "As"
    assert text[t1.columns[0].start : t1.columns[0].end].startswith("As\nof\nJune 30, 2025")
    assert text[t1.columns[0].end - len("(Unaudited)") : t1.columns[0].end] == "(Unaudited)"
    assert text[t1.columns[1].end - len("(Audited)") : t1.columns[1].end] == "(Audited)"
    assert text[t4.columns[2].start : t4.columns[2].end] == "2022"
    assert text[t1.end - len("1,428,197") : t1.end] == "1,428,197"


def test_jnj_10k_2024_cell_covers_the_tagged_digits() -> None:
    """JNJ 10-K 2024 benefit costs: "$948" and "(2,560)" tag "948" and "2,560"."""
    table = cells_to_table(cells("Service cost", "$948", "893", "Expected return on plan assets", "(2,560)", "(2,716)"))
    got = [(c.text, c.value) for r in table.rows for c in r.cells]
    assert got == [("948", Decimal(948)), ("893", Decimal(893)), ("2,560", Decimal(-2560)), ("2,716", Decimal(-2716))]


def test_seed_002_values() -> None:
    table = seed_002_table()
    expected = [(label, col, Decimal(shown * 1000)) for label, col, shown in SEED_002_SHOWN]
    assert values_of(table) == expected


def test_seed_002_table() -> None:
    table = seed_002_table()
    assert table.scale == 1000 and table.scale_source == "context"
    assert table.unit == "USD"
    assert [c.label for c in table.columns] == [f"For the years ended December 31, {y}" for y in (2025, 2024, 2023)]
    assert [c.period for c in table.columns] == [
        Period(start=date(y, 1, 1), end=date(y, 12, 31)) for y in (2025, 2024, 2023)
    ]
    value_rows = [r for r in table.rows if r.cells]
    assert len(value_rows) == 21
    assert [r.label for r in table.rows if not r.cells] == ["Less:", "Less:"]
    assert [r.label for r in table.rows[:4]] == ["Revenues", "Less:", "Cost of revenues", "Segment gross (loss) profit"]
    dashes = [c for r in table.rows for c in r.cells if c.text == "—"]
    assert len(dashes) == 6 and all(c.value == 0 and c.scale == 1000 for c in dashes)
    assert all(c.scale == 1000 and c.unit == "USD" for r in table.rows for c in r.cells)
    revenues = table.rows[0]
    assert [c.text for c in revenues.cells] == ["950", "11,995", "37,333"]
    assert all(SEED_002[c.start : c.end] == c.text for r in table.rows for c in r.cells)
    assert SEED_002[table.end - 1] == ")"  # the last cell is the ")" of "(266,695"


def test_seed_tables_round_trip_through_dicts() -> None:
    for table in [*seed_000_tables(), seed_002_table()]:
        assert Table.from_dict(table.to_dict()) == table


def test_seed_values_through_the_pipe_text_reader() -> None:
    """The same 116 values from the real reader's table blocks (segmenter/pipetext.py)."""
    pipetext = pytest.importorskip("segmenter.pipetext")
    found: list[tuple[str, int, Decimal | None]] = []
    for text, context in ((SEED_000, ""), (SEED_002, "(in thousands)")):
        for block in pipetext.text_to_blocks(text):
            if block.kind == "table" and block.cells:
                found.extend(values_of(cells_to_table(block.cells, context=context)))
    expected = [(label, col, Decimal(value)) for _, label, col, value in SEED_000_VALUES]
    expected += [(label, col, Decimal(shown * 1000)) for label, col, shown in SEED_002_SHOWN]
    assert found == expected


# --- real 10-Q tables, checked against the filers' ix:nonFraction tags ------------------------


def fixture_table(name: str, context: str = "", caption: str | None = None) -> tuple[str, Table]:
    text = (TABLES / f"{name}.txt").read_text(encoding="utf-8")
    return text, cells_to_table(pipe_cells(text), caption=caption, context=context)


def _assert_row_values(table: Table, expected: dict[str, list]) -> dict[str, Row]:
    """Assert each row's cell values (the filer's tagged values); returns the rows by label."""
    rows = {r.label: r for r in table.rows}
    for label, values in expected.items():
        assert [c.value for c in rows[label].cells] == [Decimal(str(v)) for v in values], label
    return rows


AAPL_EPS_CONTEXT = (
    "The following table shows the computation of basic and diluted earnings per share for the three- and "
    "nine-month periods ended June 28, 2025 and June 29, 2024 (net income in millions and shares in thousands):"
)


def test_aapl_10q_2025q3_eps() -> None:
    text, table = fixture_table("aapl_10q_2025q3_eps", AAPL_EPS_CONTEXT)
    assert table.scale == 10**6 and table.scale_source == "context"
    # contexts of the tags: c-? 2025-03-30..2025-06-28, 2024-03-31..2024-06-29, ...
    assert [c.period for c in table.columns] == [
        Period(start=date(2025, 3, 30), end=date(2025, 6, 28)),
        Period(start=date(2024, 3, 31), end=date(2024, 6, 29)),
        Period(start=date(2024, 9, 29), end=date(2025, 6, 28)),
        Period(start=date(2023, 10, 1), end=date(2024, 6, 29)),
    ]
    assert table.columns[0].label == "Three Months Ended June 28, 2025"
    assert text[table.columns[0].start : table.columns[0].end] == "June 28,\n2025"
    expected = {
        # us-gaap:NetIncomeLoss, scale 6
        "Net income": [23_434_000_000, 21_448_000_000, 84_544_000_000, 79_000_000_000],
        # us-gaap:WeightedAverageNumberOfSharesOutstandingBasic, scale 3
        "Weighted-average basic shares outstanding": [14_902_886_000, 15_287_521_000, 14_992_898_000, 15_401_047_000],
        # us-gaap:IncrementalCommonSharesAttributableToShareBasedPaymentArrangements, scale 3
        "Effect of dilutive share-based awards": [45_293_000, 60_654_000, 58_828_000, 62_128_000],
        # us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding, scale 3
        "Weighted-average diluted shares": [14_948_179_000, 15_348_175_000, 15_051_726_000, 15_463_175_000],
        # us-gaap:EarningsPerShareBasic / Diluted, scale 0
        "Basic earnings per share": ["1.57", "1.40", "5.64", "5.13"],
        "Diluted earnings per share": ["1.57", "1.40", "5.62", "5.11"],
    }
    rows = _assert_row_values(table, expected)
    assert [r.label for r in table.rows if not r.cells] == ["Numerator:", "Denominator:"]
    assert {c.unit for c in rows["Weighted-average diluted shares"].cells} == {"shares"}
    assert {c.unit for c in rows["Basic earnings per share"].cells} == {"USD"}
    assert {c.scale for c in rows["Basic earnings per share"].cells} == {None}


TSLA_EPS_CONTEXT = (
    "The following table presents the reconciliation of net income attributable to common stockholders to\n"
    "net income used in computing basic and diluted net income per share of common stock (in millions):"
)


def test_tsla_10k_2023_eps_numerator_is_money_in_millions() -> None:
    # The sentence over TSLA's EPS numerator says "per share of common stock (in millions)":
    # an amount per share is no share count, so "(in millions)" scales the table's money.
    # "Net income used in computing basic net income per share of common stock" is such an
    # amount, not one per share. The filer tags every cell with scale 6.
    _, table = fixture_table("tsla_10k_2023_eps_numerator", TSLA_EPS_CONTEXT)
    assert table.scale == 10**6 and table.scale_source == "context"
    _assert_row_values(table, {
        # us-gaap:NetIncomeLoss
        "Net income attributable to common stockholders": [14_997_000_000, 12_556_000_000, 5_519_000_000],
        # us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic
        "Net income used in computing basic net income per share of common stock":
            [14_999_000_000, 12_583_000_000, 5_524_000_000],
        # us-gaap:NetIncomeLossAvailableToCommonStockholdersDiluted
        "Net income used in computing diluted net income per share of common stock":
            [14_999_000_000, 12_584_000_000, 5_533_000_000],
    })
    assert {c.scale for r in table.rows for c in r.cells} == {10**6}
    assert {c.unit for r in table.rows for c in r.cells} == {"USD"}


def test_jnj_10k_2023_years_over_groups_ended_by_totals() -> None:
    # JNJ 10-K 2023 fair values, pipe text: "2023 | 2022 | (Dollars in Millions)" over
    # "Level 1 | Level 2 | Level 3 | Total | Total(1)". The years head groups of four columns
    # and one, each ended by its total; the filer tags the first four at December 31, 2023
    # and the last at January 1, 2023.
    _, table = fixture_table("jnj_10k_2023_fair_value_by_level")
    assert [c.label for c in table.columns[:5]] == [
        "2023 Level 1", "2023 Level 2", "2023 Level 3", "2023 Total", "2022 Total(1)"]
    forward = next(r for r in table.rows if r.label == "Forward foreign exchange contracts")
    assert [(c.column, c.text) for c in forward.cells] == [(0, "—"), (1, "539"), (2, "—"), (3, "539"), (4, "629")]


def test_ge_10q_2023q2_corner_cell_between_years_and_labels() -> None:
    # GE 10-Q 2023 Q2 discontinued operations, pipe text: "2023 | 2022 | RESULTS OF
    # DISCONTINUED OPERATIONS Three months ended June 30 | GE HealthCare | Bank BPH & Other |
    # Total | GE HealthCare | ...". The corner cell, set after the years, spans the table; the
    # years head three columns each, tagged as the quarters ended June 30.
    _, table = fixture_table("ge_10q_2023q2_discontinued_operations")
    first = table.columns[:6]
    assert [c.label.split()[0] for c in first] == ["2023"] * 3 + ["2022"] * 3
    assert [c.label.split(" June 30 ")[1] for c in first] == ["GE HealthCare", "Bank BPH & Other", "Total"] * 2
    assert [c.period for c in first] == ([Period(start=date(2023, 4, 1), end=date(2023, 6, 30))] * 3
                                         + [Period(start=date(2022, 4, 1), end=date(2022, 6, 30))] * 3)
    revenues = next(r for r in table.rows if r.label == "Total revenues")
    assert [(c.column, c.text) for c in revenues.cells] == [
        (0, "—"), (1, "—"), (2, "—"), (3, "4,518"), (4, "—"), (5, "4,518")]


def test_jci_10k_2024_text_column_beside_a_length_of_time() -> None:
    # JCI 10-K 2024 leases, pipe text: lease costs, then "September 30, | Location of lease
    # balances | 2024 | 2023" over "Operating lease right-of-use assets | Other noncurrent
    # assets | $ | 1,170 | ..." and "Weighted-average remaining lease term | 7 years | 7 years".
    # The lengths of time written out are no section labels: the lines still pair, and the
    # balance-sheet captions are a text column, not the rows' labels.
    _, table = fixture_table("jci_10k_2024_lease_costs_and_balances")
    rows = {r.label: r for r in table.rows}
    assert "Other noncurrent assets" not in rows
    assets = rows["Operating lease right-of-use assets"]
    assert [c.text for c in assets.cells] == ["Other noncurrent assets", "1,170", "1,301"]
    assert table.columns[assets.cells[0].column].label == "Location of lease balances"
    assert [c.text for c in rows["Weighted-average discount rate"].cells] == ["3.8", "3.5"]


def test_jnj_10k_2023_years_over_a_row_of_quarters() -> None:
    # JNJ 10-K 2023 quarterly data, pipe text: "2023 | 2022 | (Dollars in Millions Except Per
    # Share Data) | First Quarter(1) | Second Quarter | Third Quarter(2) | Fourth Quarter(3) |
    # First Quarter(4) | ...". The quarters are period phrases, not text, yet they are the row
    # the years stand over, four each.
    _, table = fixture_table("jnj_10k_2023_quarterly_segment_sales")
    assert [c.label for c in table.columns] == [
        "2023 First Quarter(1)", "2023 Second Quarter", "2023 Third Quarter(2)", "2023 Fourth Quarter(3)",
        "2022 First Quarter(4)", "2022 Second Quarter", "2022 Third Quarter", "2022 Fourth Quarter(5)"]
    medicine = next(r for r in table.rows if r.label == "Innovative Medicine")
    assert [c.value for c in medicine.cells][:2] == [13_413_000_000, 13_731_000_000]


def test_rtx_10k_2023_parts_stacked_by_date_end_with_dated_totals() -> None:
    # RTX 10-K 2023 pension plan assets: columns by level of the fair-value hierarchy name no
    # date; the 2023 assets end with "Total at December 31, 2023", the 2022 ones below with
    # "Total at December 31, 2022". The filer tags each part at its total's date.
    _, table = fixture_table("rtx_10k_2023_pension_plan_assets_by_level")
    assert all(c.period is None for c in table.columns)
    equities = [r for r in table.rows if r.label == "Global Equities"]
    assert [[c.text for c in r.cells][:2] for r in equities] == [["6,156", "4"], ["6,194", "5"]]
    for row, day in zip(equities, (date(2023, 12, 31), date(2022, 12, 31))):
        assert {table.period_of(c) for c in row.cells} == {Period(instant=day)}


def test_aapl_10q_2025q3_inventories_scale_not_stated() -> None:
    # Apple states "(in millions)" nowhere near this table: the scale is said to be unknown.
    _, table = fixture_table("aapl_10q_2025q3_inventories", "Inventories")
    assert table.scale is None and table.scale_source is None
    assert [c.period for c in table.columns] == [Period(instant=date(2025, 6, 28)), Period(instant=date(2024, 9, 28))]
    assert values_of(table) == [
        ("Components", 0, Decimal(2288)), ("Components", 1, Decimal(3627)),
        ("Finished goods", 0, Decimal(3637)), ("Finished goods", 1, Decimal(3659)),
        ("Total inventories", 0, Decimal(5925)), ("Total inventories", 1, Decimal(7286)),
    ]


def test_ba_10q_2025q2_estimates_group_headers_and_per_share() -> None:
    _, table = fixture_table("ba_10q_2025q2_estimates")
    assert table.scale == 10**6 and table.scale_source == "header"  # "(In millions - except per share amounts)"
    assert [c.label for c in table.columns] == [
        "Six months ended June 30 2025", "Six months ended June 30 2024",
        "Three months ended June 30 2025", "Three months ended June 30 2024",
    ]
    assert [c.period for c in table.columns] == [
        Period(start=date(2025, 1, 1), end=date(2025, 6, 30)),
        Period(start=date(2024, 1, 1), end=date(2024, 6, 30)),
        Period(start=date(2025, 4, 1), end=date(2025, 6, 30)),
        Period(start=date(2024, 4, 1), end=date(2024, 6, 30)),
    ]
    # ba:IncreaseDecreaseinRevenueduetochangeinaccountingestimate sign="-" scale 6, and so on
    assert values_of(table) == [
        ("Decrease to Revenue", 0, Decimal(-306_000_000)), ("Decrease to Revenue", 1, Decimal(-965_000_000)),
        ("Decrease to Revenue", 2, Decimal(-166_000_000)), ("Decrease to Revenue", 3, Decimal(-747_000_000)),
        ("(Decrease) to Earnings/increase to (loss) from operations", 0, Decimal(-338_000_000)),
        ("(Decrease) to Earnings/increase to (loss) from operations", 1, Decimal(-1_700_000_000)),
        ("(Decrease) to Earnings/increase to (loss) from operations", 2, Decimal(-187_000_000)),
        ("(Decrease) to Earnings/increase to (loss) from operations", 3, Decimal(-1_334_000_000)),
        ("Increase to Diluted loss per share", 0, Decimal("-0.49")),
        ("Increase to Diluted loss per share", 1, Decimal("-2.62")),
        ("Increase to Diluted loss per share", 2, Decimal("-0.27")),
        ("Increase to Diluted loss per share", 3, Decimal("-2.06")),
    ]


def test_ba_10q_2025q2_antidilutive_short_row_aligned_by_position() -> None:
    _, table = fixture_table("ba_10q_2025q2_antidilutive")
    assert table.scale == 10**6 and table.scale_source == "header"  # "(Shares in millions)"
    # us-gaap:AntidilutiveSecuritiesExcludedFromComputationOfEarningsPerShareAmount, scale 6;
    # the restricted stock units' three-months-2025 tag is nil: its cell is empty.
    assert values_of(table) == [
        ("Performance restricted stock units", 0, Decimal(600_000)),
        ("Performance restricted stock units", 1, Decimal(600_000)),
        ("Performance restricted stock units", 2, Decimal(500_000)),
        ("Performance restricted stock units", 3, Decimal(700_000)),
        ("Restricted stock units", 0, Decimal(300_000)),
        ("Restricted stock units", 1, Decimal(1_000_000)),
        ("Restricted stock units", 3, Decimal(2_000_000)),
        ("Stock options", 0, Decimal(900_000)),
        ("Stock options", 1, Decimal(800_000)),
        ("Stock options", 2, Decimal(800_000)),
        ("Stock options", 3, Decimal(800_000)),
    ]
    assert {c.unit for r in table.rows for c in r.cells} == {"shares"}


def test_rtx_10k_2023_parts_stacked_under_their_own_year() -> None:
    # Pipe text keeps no row breaks: "2021" over the second part's header follows the
    # last value of the 2022 part, and "2023" follows the sentence that opens the third.
    _, table = fixture_table("rtx_10k_2023_sales_by_region")
    segments = ["Collins Aerospace", "Pratt & Whitney", "Raytheon", "Other", "Total"]
    assert [c.label for c in table.columns] == (
        [f"2022 {s}" for s in segments] + [f"2021 {s}" for s in segments]
        + [f"2023 {s}" for s in ["Collins Aerospace", "Pratt & Whitney (2)", "Raytheon", "Other", "Total"]]
    )
    # only the third part says what its year is ("for the years ended December 31")
    assert {c.period for c in table.columns[10:]} == {Period(start=date(2023, 1, 1), end=date(2023, 12, 31))}
    totals = [(label, cell.column, cell.value) for label, _, cell in table.values() if label == "Business segment sales"]
    # rtx:... BusinessSegmentSales, scale 6: 67,074 (2022), 64,388 (2021), 68,920 (2023)
    assert [(col, value) for _, col, value in totals if col % 5 == 4] == [
        (4, Decimal(67_074_000_000)), (9, Decimal(64_388_000_000)), (14, Decimal(68_920_000_000))]
    assert len(totals) == 15  # no year taken in as a sixth value


def test_ba_10k_2023_years_over_amount_and_rate_columns() -> None:
    _, table = fixture_table("ba_10k_2023_tax_rate_reconciliation")
    assert [c.label for c in table.columns] == [
        f"Years ended December 31, {year} {kind}" for year in (2023, 2022, 2021) for kind in ("Amount", "Rate")]
    assert [c.period for c in table.columns[::2]] == [
        Period(start=date(year, 1, 1), end=date(year, 12, 31)) for year in (2023, 2022, 2021)]
    row = next(r for r in table.rows if r.label == "Valuation allowance")
    # tagged: valuation allowance $1,150 / $1,199 / $512 (scale 6, stated elsewhere in
    # the filing), rates (57.3)% / (23.9)% / (10.2)%
    assert [(c.column, c.value, c.unit) for c in row.cells] == [
        (0, Decimal(1150), "USD"), (1, Decimal("-57.3"), "%"), (2, Decimal(1199), "USD"),
        (3, Decimal("-23.9"), "%"), (4, Decimal(512), "USD"), (5, Decimal("-10.2"), "%")]


def test_pfe_10q_2023q2_a_total_without_label_is_a_row_of_its_own() -> None:
    # "Corporate and other" is followed, under a rule, by the available-for-sale total,
    # which has no label: in pipe text its six values run on after the row's own six.
    _, table = fixture_table("pfe_10q_2023q2_fair_value")
    assert [c.label for c in table.columns] == [
        f"{day} {level}" for day in ("July 2, 2023", "December 31, 2022") for level in ("Total", "Level 1", "Level 2")]
    labels = [r.label for r in table.rows]
    i = labels.index("Corporate and other")
    assert [len(r.cells) for r in table.rows[i:i + 2]] == [6, 6] and labels[i + 1] == ""
    # tagged: AvailableForSaleSecuritiesDebtSecuritiesCurrent 24,091 (2023-07-02), 18,743 (2022-12-31)
    total = table.rows[i + 1].cells
    assert (total[0].value, table.columns[total[0].column].period) == (Decimal(24_091_000_000), Period(instant=date(2023, 7, 2)))
    assert (total[3].value, table.columns[total[3].column].period) == (Decimal(18_743_000_000), Period(instant=date(2022, 12, 31)))


def test_mrk_10q_2023q2_label_rows_under_a_colon_label_leave_the_header() -> None:
    # The header ends "U.S. | Int'l | Total" four times; "Pharmaceutical:" and "Oncology"
    # open the body, above "Keytruda".
    _, table = fixture_table("mrk_10q_2023q2_sales_by_product")
    assert len(table.columns) == 12
    assert [c.label for c in table.columns[:3]] == [
        "Three Months Ended June 30, 2023 U.S.", "Three Months Ended June 30, 2023 Int’l",
        "Three Months Ended June 30, 2023 Total"]
    assert [r.label for r in table.rows[:3]] == ["Pharmaceutical:", "Oncology", "Keytruda"]
    keytruda = table.rows[2].cells
    # tagged: Keytruda, United States, 2023-04-01..2023-06-30: 3,863 (scale 6); six months, total: 12,065
    assert (keytruda[0].value, table.columns[0].period) == (Decimal(3_863_000_000), Period(start=date(2023, 4, 1), end=date(2023, 6, 30)))
    assert (keytruda[8].value, table.columns[8].period) == (Decimal(12_065_000_000), Period(start=date(2023, 1, 1), end=date(2023, 6, 30)))


def test_jnj_10k_2024_a_part_stacked_under_its_scale_and_year() -> None:
    # "(Dollars in Millions) | 2023" over the second part's header reads as one line in pipe text.
    _, table = fixture_table("jnj_10k_2024_cash_and_securities")
    assert [c.label for c in table.columns] == [
        "2024 Carrying Amount", "2024 Unrecognized Gain", "2024 Estimated Fair Value",
        "2024 Cash & Cash Equivalents", "2024 Current Marketable Securities",
        "2023 Carrying Amount", "2023 Unrecognized Loss", "2023 Estimated Fair Value",
        "2023 Cash & Cash Equivalents", "2023 Current Marketable Securities"]
    cash = [r for r in table.rows if r.label == "Cash"]
    # tagged: Cash 2,918 (2024-12-29) and 3,340 (2023-12-31), scale 6
    assert [(c.column, c.value) for c in cash[0].cells[:1] + cash[1].cells[:1]] == [
        (0, Decimal(2_918_000_000)), (5, Decimal(3_340_000_000))]


def test_jnj_10k_2023_sales_by_product_over_two_pages() -> None:
    # "Sales to Customers" spans three years, "% Change" the two change columns; the
    # label rows "INNOVATIVE MEDICINE" / "Immunology" open the body as "REMICADE" does
    # further down; the header is printed again on the second page, and the page number
    # "82" sits in a row of its own, 20 empty cells after the last row of the first page.
    text = (TABLES / "jnj_10k_2023_sales_by_product_pages_1_2.txt").read_text(encoding="utf-8")
    jnj = DocumentContext(fiscal_calendar=FiscalCalendar(weekday=6, rule="nearest", month=12))
    table = cells_to_table(pipe_cells(text), document=jnj)
    page = ["Sales to Customers 2023", "Sales to Customers 2022", "Sales to Customers 2021",
            "% Change ’23 vs. ’22", "% Change ’22 vs. ’21"]
    assert [c.label for c in table.columns] == page + page
    fy2023 = Period(start=date(2023, 1, 2), end=date(2023, 12, 31))
    assert table.columns[0].period == table.columns[3].period == fy2023  # as JNJ tags the change
    assert [r.label for r in table.rows[:3]] == ["INNOVATIVE MEDICINE", "Immunology", "U.S."]
    assert all(len(r.cells) == 5 for r in table.rows if r.label == "Worldwide")
    # tagged: Immunology, U.S., fiscal 2023: 11,539 (scale 6)
    assert table.rows[2].cells[0].value == Decimal(11_539_000_000)


def test_pep_10k_2023_flows_between_balances_take_the_period_up_to_the_later_balance() -> None:
    text = (TABLES / "pep_10k_2023_goodwill_rollforward.txt").read_text(encoding="utf-8")
    pep = DocumentContext(fiscal_calendar=FiscalCalendar(weekday=5, rule="last", month=12))
    table = cells_to_table(pipe_cells(text), document=pep)
    fy2022 = Period(start=date(2021, 12, 26), end=date(2022, 12, 31))
    fy2023 = Period(start=date(2023, 1, 1), end=date(2023, 12, 30))
    # tagged: GoodwillAcquiredDuringPeriod etc. over PEP's 52/53-week fiscal years
    assert [(c.label, c.period) for c in table.columns[1:4] + table.columns[5:8]] == [
        ("Acquisitions", fy2022), ("Impairment", fy2022), ("Translation and Other", fy2022),
        ("Acquisitions", fy2023), ("Impairment", fy2023), ("Translation and Other", fy2023)]
    # the balances are instants: the close of fiscal 2021, 2022 and 2023, as PEP tags Goodwill
    assert [table.columns[i].period for i in (0, 4, 8)] == [
        Period(instant=date(2021, 12, 25)), Period(instant=date(2022, 12, 31)), Period(instant=date(2023, 12, 30))]



@pytest.mark.parametrize("context, header, first_row, expected", [
    # JNJ 10-K 2023 EPS: fiscal 2022 ended on January 1, 2023, fiscal 2021 on January 2, 2022
    ("The following is a reconciliation of basic net earnings per share to diluted net earnings per share for "
     "the fiscal years ended December 31, 2023, January 1, 2023 and January 2, 2022:",
     ["(In Millions Except Per Share Amounts)", "2023", "2022", "2021"],
     ["Basic net earnings per share from continuing operations", "$", "5.26", "6.23", "6.76"],
     [Period(start=date(2023, 1, 2), end=date(2023, 12, 31)), Period(start=date(2022, 1, 3), end=date(2023, 1, 1)),
      Period(start=date(2021, 1, 4), end=date(2022, 1, 2))]),
    # JNJ 10-K 2023 plan assets: the sentence names December 31, 2022, the filer tags January 1, 2023
    ("The following table sets forth the Retirement Plans' investments measured at fair value as of "
     "December 31, 2023 and December 31, 2022:",
     ["(Dollars in Millions)", "2023", "2022"],
     ["Short-term investment funds", "$", "511", "829"],
     [Period(instant=date(2023, 12, 31)), Period(instant=date(2023, 1, 1))]),
], ids=["eps", "plan-assets"])
def test_jnj_10k_2023_bare_years_are_its_fiscal_years(context, header, first_row, expected) -> None:
    jnj = DocumentContext(fiscal_calendar=FiscalCalendar(weekday=6, rule="nearest", month=12))
    texts = header + first_row
    table = cells_to_table([RawCell(t, i * 60, i * 60 + len(t)) for i, t in enumerate(texts)],
                           context=context, document=jnj)
    assert [c.period for c in table.columns] == expected


def test_jci_10k_2024_beginning_of_year_under_a_year_end_is_the_year_before() -> None:
    # JCI 10-K 2024 (fiscal years end September 30): "Projected benefit obligation at beginning
    # of year" under "September 30, 2024" is tagged at September 30, 2023. Under a date that
    # ends no fiscal year of the document the row keeps its column's date.
    texts = ["Pension Benefits U.S. Plans", "September 30, 2024", "September 30, 2023",
             "Accumulated Benefit Obligation", "$", "1,603", "$", "1,564",
             "Projected benefit obligation at beginning of year", "$", "1,564", "$", "1,822"]
    cells = [RawCell(t, i * 60, i * 60 + len(t)) for i, t in enumerate(texts)]
    jci = DocumentContext(year_end=date(2024, 9, 30), period_end=date(2024, 9, 30))
    table = cells_to_table(cells, document=jci)
    opening = table.rows[1]
    assert [table.period_of(c) for c in opening.cells] == [
        Period(instant=date(2023, 9, 30)), Period(instant=date(2022, 9, 30))]
    assert [table.period_of(c) for c in table.rows[0].cells] == [
        Period(instant=date(2024, 9, 30)), Period(instant=date(2023, 9, 30))]
    ten_q = cells_to_table(cells, document=DocumentContext(period_end=date(2024, 6, 30)))
    assert [ten_q.period_of(c) for c in ten_q.rows[1].cells] == [
        Period(instant=date(2024, 9, 30)), Period(instant=date(2023, 9, 30))]


def test_jci_10k_2024_flows_between_balances_under_a_year_end_are_that_years() -> None:
    # JCI 10-K 2024 benefit obligations: under "September 30, 2024" the rows between "Projected
    # benefit obligation at beginning of year" and "... at end of year" are fiscal 2024's
    # flows, as JCI tags them ("Interest cost" 79 from 2023-10-01 to 2024-09-30, 78 the year
    # before); the balances keep their instants.
    text = (TABLES / "jci_10k_2024_benefit_obligation.txt").read_text(encoding="utf-8")
    jci = DocumentContext(year_end=date(2024, 9, 30), period_end=date(2024, 9, 30))
    table = cells_to_table(pipe_cells(text), document=jci)
    fy2024, fy2023 = (Period(start=date(2023, 10, 1), end=date(2024, 9, 30)),
                      Period(start=date(2022, 10, 1), end=date(2023, 9, 30)))
    rows = {r.label: r for r in table.rows}
    for label in ("Interest cost", "Actuarial loss (gain)", "Benefits and settlements paid"):
        assert [table.period_of(c) for c in rows[label].cells[:2]] == [fy2024, fy2023], label
    assert [c.text for c in rows["Interest cost"].cells[:2]] == ["79", "78"]
    assert [table.period_of(c) for c in rows["Projected benefit obligation at end of year"].cells[:2]] == [
        Period(instant=date(2024, 9, 30)), Period(instant=date(2023, 9, 30))]
    assert [table.period_of(c) for c in rows["Projected benefit obligation at beginning of year"].cells[:2]] == [
        Period(instant=date(2023, 9, 30)), Period(instant=date(2022, 9, 30))]

# --- the chain, step by step -----------------------------------------------------------------


def test_currency_paren_and_percent_cells_join_their_number() -> None:
    items = cells_to_items(cells("Revenue", "", "$", "1,234", "", "(", "56", ")", "", "7.5", "%"))
    assert [(i.kind, i.text) for i in items] == [("text", "Revenue"), ("value", "1,234"), ("value", "56"), ("value", "7.5")]
    assert items[1].number.currency == "USD"  # type: ignore[union-attr]
    assert items[2].number.value == -56  # type: ignore[union-attr]
    assert items[3].number.percent  # type: ignore[union-attr]
    assert items[2].last_end > items[2].end  # the ")" cell is taken in


def test_lone_close_paren_keeps_the_sign_it_had() -> None:
    items = cells_to_items(cells("Cost", "(356", ")", "12", ")"))
    assert [i.number.value for i in items[1:]] == [-356, 12]  # type: ignore[union-attr]


def test_lines_and_footnote_marker_cells() -> None:
    lines = items_to_lines(cells_to_items(cells("Revenue", "(a)", "$", "100", "200", "Less:", "Cost", "5", "6")))
    assert [(l.label.text, len(l.values), l.markers) for l in lines] == [  # type: ignore[union-attr]
        ("Revenue", 2, ("a",)), ("Less:", 0, ()), ("Cost", 2, ()),
    ]


@pytest.mark.parametrize(
    ("text", "label", "markers"),
    [
        ("Work-in-process(i)", "Work-in-process", ("i",)),
        ("Deletion*", "Deletion", ("*",)),
        ("Semi-finished goods(ii)", "Semi-finished goods", ("ii",)),
        ("Time deposits (1)", "Time deposits", ("1",)),
        ("Other (a)(b)", "Other", ("a", "b")),
        ("Revenue²", "Revenue", ("2",)),
        ("Less: inventory impairment\nprovision", "Less: inventory impairment provision", ()),
        ("Segment gross (loss) profit", "Segment gross (loss) profit", ()),
        ("Other income (expenses), net", "Other income (expenses), net", ()),
        ("(i)", "(i)", ()),
    ],
)
def test_label_to_footnotes(text: str, label: str, markers: tuple[str, ...]) -> None:
    assert label_to_footnotes(text) == (label, markers)


def test_header_years_are_not_values() -> None:
    lines = items_to_lines(cells_to_items(cells("For the years ended December 31,", "2025", "2024", "Revenues", "$", "950", "1,000")))
    header, body = lines_to_header(lines, TableSettings())
    assert [i.text for i in header] == ["For the years ended December 31,", "2025", "2024"]
    assert [l.label.text for l in body] == ["Revenues"]  # type: ignore[union-attr]


def test_label_row_with_colon_stays_in_the_body() -> None:
    table = cells_to_table(cells("2025", "2024", "Current assets:", "Cash", "$", "10", "$", "20"))
    assert [r.label for r in table.rows] == ["Current assets:", "Cash"]
    assert [c.label for c in table.columns] == ["2025", "2024"]


def test_group_headers_cover_their_columns() -> None:
    table = cells_to_table(cells(
        "Three Months Ended", "Six Months Ended", "June 30, 2025", "June 30, 2024", "June 30, 2025", "June 30, 2024",
        "Sales", "1", "2", "3", "4",
    ))
    assert [c.label for c in table.columns] == [
        "Three Months Ended June 30, 2025", "Three Months Ended June 30, 2024",
        "Six Months Ended June 30, 2025", "Six Months Ended June 30, 2024",
    ]
    assert table.columns[2].period == Period(start=date(2025, 1, 1), end=date(2025, 6, 30))


def test_repeating_per_column_pattern_with_percent_change() -> None:
    # JNJ 10-Q 2025: "Fiscal Second Quarter Ended" "Fiscal Six Months Ended" over
    # "June 29, 2025" "June 30, 2024" "Percent Change" twice; a product name above the first row
    table = cells_to_table(cells(
        "Fiscal Second Quarter Ended", "Fiscal Six Months Ended",
        "June 29, 2025", "June 30, 2024", "Percent\nChange", "June 29, 2025", "June 30, 2024", "PercentChange",
        "ZYTIGA / abiraterone acetate", "U.S.", "6", "11", "(38.9)", "13", "20", "(31.9)",
    ), context="(Dollars in Millions)")
    assert [c.label for c in table.columns][2] == "Fiscal Second Quarter Ended Percent Change"
    assert [r.label for r in table.rows] == ["ZYTIGA / abiraterone acetate", "U.S."]
    us = table.rows[1].cells
    assert [(c.value, c.unit, c.scale) for c in us[2:4]] == [
        (Decimal("-38.9"), "%", None), (Decimal(13_000_000), "USD", 10**6),  # "Dollars in Millions"
    ]
    assert table.columns[3].period == Period(start=date(2024, 12, 30), end=date(2025, 6, 29))


def test_header_scale_cell_is_not_a_column_label() -> None:
    header = cells_to_items(cells("(In millions)", "2025", "2024"))
    parts, statement, giveback = header_to_columns(header, 2, TableSettings())
    assert statement is not None and statement.scale == 10**6
    assert [[p.text for p in col] for col in parts] == [["2025"], ["2024"]]
    assert giveback == ()


def test_trailing_footnotes_are_not_rows() -> None:
    table = cells_to_table(cells(
        "2025", "2024", "Revenue", "10", "20", "(1)", "Includes amounts from the acquisition of a business.",
        "(i)", "Work-in-process primarily consists of battery cells.",
    ))
    assert [r.label for r in table.rows] == ["Revenue"]
    assert [c.value for c in table.rows[0].cells] == [10, 20]
    keep = cells_to_table(cells("2025", "Revenue", "10", "Note text"), settings=TableSettings(drop_trailing_label_rows=False))
    assert [r.label for r in keep.rows] == ["Revenue", "Note text"]


def test_short_row_uses_cell_positions() -> None:
    # "Restricted stock units" has no value in the third column (BA 10-Q 2025)
    raw = cells("2025", "2024", "2023",
                "A", "1", "", "2", "", "3",
                "B", "4", "", "", "", "6")
    table = cells_to_table(raw)
    assert [(c.column, c.value) for c in table.rows[1].cells] == [(0, 4), (2, 6)]


def test_null_tokens_hold_a_column() -> None:
    table = cells_to_table(cells("2025", "2024", "Growth", "N/A", "5", "Sales", "1", "2"))
    growth = table.rows[0]
    assert [(c.column, c.value, c.text) for c in growth.cells] == [(0, None, "N/A"), (1, Decimal(5), "5")]
    assert len(table.values()) == 3


def test_scale_precedence_caption_then_header_then_context() -> None:
    raw = cells("(in thousands)", "2025", "Sales", "5")
    assert (cells_to_table(raw, caption="(In millions)", context="(in billions)").scale_source, ) == ("caption",)
    table = cells_to_table(raw, context="(in billions)")
    assert (table.scale, table.scale_source) == (1000, "header")
    table = cells_to_table(cells("2025", "Sales", "5"), context="Amounts (in billions):")
    assert (table.scale, table.scale_source, table.rows[0].cells[0].value) == (10**9, "context", Decimal(5 * 10**9))
    table = cells_to_table(cells("2025", "Sales", "5"))
    assert (table.scale, table.scale_source, table.rows[0].cells[0].scale) == (None, None, None)


def test_rows_that_are_never_scaled() -> None:
    table = cells_to_table(cells(
        "2025", "2024",
        "Net income", "$", "10", "$", "20",
        "Basic earnings per share", "$", "1.23", "$", "2.34",
        "Effective tax rate", "21.0", "%", "19.5", "%",
        "Gross margin %", "40.1", "38.2",
        "Number of employees", "1,200", "1,100",
        "Current ratio", "1.5", "1.4",
        "Weighted-average shares outstanding", "500", "510",
        "Earnings per share:", "Diluted", "1.20", "2.30",
    ), context="(in millions, except per share data)")
    got = {r.label: [(c.value, c.scale, c.unit) for c in r.cells] for r in table.rows}
    assert got["Net income"][0] == (Decimal(10_000_000), 10**6, "USD")
    assert got["Basic earnings per share"][0] == (Decimal("1.23"), None, "USD")
    assert got["Effective tax rate"][0] == (Decimal("21.0"), None, "%")
    assert got["Gross margin %"][0] == (Decimal("40.1"), None, "%")
    assert got["Number of employees"][0] == (Decimal(1200), None, None)
    assert got["Current ratio"][0] == (Decimal("1.5"), None, None)
    # "except per share data" leaves share counts scaled: the filers tag them so (ABBV, NKE 10-Ks)
    assert got["Weighted-average shares outstanding"][0] == (Decimal(500_000_000), 10**6, "shares")
    assert got["Diluted"][0] == (Decimal("1.20"), None, "USD")  # under "Earnings per share:"


def test_share_rows_under_an_except_share_clause() -> None:
    raw = cells("2025", "Net loss", "(5", ")", "Weighted average shares outstanding", "1,234,567")
    table = cells_to_table(raw, context="(in thousands, except share and per share data)")
    assert [(c.value, c.scale) for r in table.rows for c in r.cells] == [
        (Decimal(-5000), 1000), (Decimal(1234567), None),
    ]
    brief = cells_to_table(
        cells("2025", "Weighted average shares outstanding", "1,234"),
        context="(in thousands, except per share data)",
        settings=TableSettings(except_per_share_unscales_shares=True),
    )
    assert brief.rows[0].cells[0].scale is None


def test_row_kinds() -> None:
    s = TableSettings()
    assert label_to_row_kind("Share-based compensation expenses", s) == "money"  # seed 002
    assert label_to_row_kind("Proceeds from issuance of shares", s) == "money"
    assert label_to_row_kind("Shares used in computing earnings per share", s) == "shares"
    assert label_to_row_kind("Dividends declared per share", s) == "per_unit"
    assert label_to_row_kind("Weighted-average grant-date fair value per RSU", s) == "per_unit"
    assert label_to_row_kind("Number of stores", s) == "count"
    # the amounts an EPS is computed from, and a total beside its rate per share (AMD, T,
    # MRK 10-Qs; the filers tag them scale 6)
    assert label_to_row_kind("Net income (loss) for basic earnings per share", s) == "money"
    assert label_to_row_kind("Numerator for diluted earnings per share", s) == "money"
    assert label_to_row_kind("Cash dividends declared on common stock ($0.69 per share)", s) == "money"
    assert label_to_row_kind("Basic earnings per share", s) == "per_unit"
    # a rate or band inside the label names the row; its values are money (ABBV, AXP, BMY 10-Ks)
    assert label_to_row_kind("3.60% senior notes due 2025", s) == "money"
    assert label_to_row_kind("90–100%", s) == "money"
    assert label_to_row_kind("5 – 15 years", s) == "money"
    assert label_to_row_kind("Effective tax rate (%)", s) == "percent"
    assert label_to_row_kind("% of Earnings Before Income Taxes", s) == "percent"
    assert label_to_row_kind("Weighted-average remaining term in years", s) == "count"
    # a label ending in "rate" holds rates (JNJ 10-K), unless the rate only qualifies money
    assert label_to_row_kind("Service cost discount rate", s) == "percent"
    assert label_to_row_kind("Expected long-term rate of return on plan assets", s) == "percent"
    assert label_to_row_kind("Effect of exchange rates", s) == "money"  # JNJ 10-K
    assert label_to_row_kind("Tax at statutory federal rate", s) == "money"  # TSLA 10-K
    assert label_to_row_kind("Interest rate swaps", s) == "money"


def test_units() -> None:
    assert cells_to_table(cells("2025", "Sales", "€", "5")).unit == "EUR"
    assert cells_to_table(cells("2025", "Sales", "¥", "5"), context="Amounts in RMB").unit == "CNY"
    assert cells_to_table(cells("2025", "Sales", "¥", "5")).unit == "JPY"
    assert cells_to_table(cells("2025", "Sales", "5")).unit is None
    assert cells_to_table(cells("2025", "Sales", "5"), context="($ in thousands)").unit == "USD"


def test_zero_width_spacer_cells_are_empty() -> None:
    # AMC 10-Q 2023 fills every spacer cell with U+200B
    z = "\u200b"
    table = cells_to_table(cells(z, "Three Months Ended", z, "June 30, 2023", z, "Sales", z, "$", "5"))
    assert [r.label for r in table.rows] == ["Sales"]
    assert table.columns[0].label == "Three Months Ended June 30, 2023"


def test_no_header_columns_sit_at_their_first_value() -> None:
    raw = cells("Sales", "5", "6")
    table = cells_to_table(raw)
    assert [c.label for c in table.columns] == ["", ""]
    assert [(c.start, c.end) for c in table.columns] == [(raw[1].start, raw[1].end), (raw[2].start, raw[2].end)]
    assert [c.period for c in table.columns] == [None, None]


@pytest.mark.parametrize("raw", [[], [RawCell("", 0, 0)], cells("$"), cells(")", "%"), cells("1", "2"), cells("abc")])
def test_degenerate_tables_do_not_fail(raw: list[RawCell]) -> None:
    table = cells_to_table(raw)
    assert isinstance(table, Table)
    assert table.start <= table.end


def test_settings_are_validated_and_frozen() -> None:
    with pytest.raises(RuleError):
        TableSettings(year_min=2100, year_max=1900)
    with pytest.raises(RuleError):
        TableSettings(max_align_columns=0)
    with pytest.raises(RuleError) as info:
        TableSettings(count_row_patterns=("(unclosed",))
    assert isinstance(info.value, (SegmenterError, ValueError))
    with pytest.raises(RuleError):
        TableSettings(share_row_patterns="shares")  # type: ignore[arg-type]
    with pytest.raises(FrozenInstanceError):
        TableSettings().year_min = 1  # type: ignore[misc]


_CELL_TEXT = st.one_of(
    st.sampled_from(["", "", "", "$", ")", "%", "—", "(", "2025", "2024", "Less:", "Total", "(in thousands)",
                     "As of June 30, 2025", "For the years ended December 31,", "(Unaudited)", "N/A", "(i)", "*"]),
    st.from_regex(r"\(?[0-9]{1,3}(,[0-9]{3}){0,2}(\.[0-9]{1,2})?\)?%?", fullmatch=True),
    st.text(alphabet="abc XYZ:,()-", min_size=1, max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELL_TEXT, max_size=40))
def test_any_cells_give_a_consistent_table(texts: list[str]) -> None:
    raw = cells(*texts)
    source = "".join(f"|{t}\n" for t in texts)
    table = cells_to_table(raw, context="(in thousands)")
    for row in table.rows:
        assert row.start <= row.end
        for cell in row.cells:
            assert 0 <= cell.column < len(table.columns)
            assert source[cell.start : cell.end] == cell.text
    assert Table.from_dict(table.to_dict()) == table
    assert cells_to_table(raw, context="(in thousands)") == table  # deterministic


# --- real-note regressions (corpus fixtures) ------------------------------------------------------


def _pipes(text: str) -> list[RawCell]:
    """Cells of a one-line pipe text excerpt: "a | b | c"."""
    return cells(*(t.strip() for t in text.split("|")))


def test_aapl_10k_2024_years_followed_by_values_are_row_labels() -> None:
    """AAPL 10-K 2024 purchase obligations: years alternate with values, so they label rows,
    and the sentence before the table gives the period."""
    table = cells_to_table(
        _pipes("2025 | $ | 3,206 | 2026 | 2,440 | 2027 | 1,156 | Thereafter | 670 | Total | $ | 11,226"),
        context="Future payments under unconditional purchase obligations as of September 28, 2024, "
        "are as follows (in millions):",
    )
    assert [r.label for r in table.rows] == ["2025", "2026", "2027", "Thereafter", "Total"]
    assert [r.cells[0].value for r in table.rows][:2] == [Decimal(3_206_000_000), Decimal(2_440_000_000)]
    assert len(table.columns) == 1 and table.columns[0].period == Period(instant=date(2024, 9, 28))


def test_year_rows_under_a_label_keep_the_label_as_a_section() -> None:
    """Years that do not step by one, or carry unequal value counts, stay as they are."""
    table = cells_to_table(_pipes("Year the rate reaches the ultimate trend rate | 2048 | 2048"))
    assert [c.value for c in table.rows[0].cells] == [Decimal(2048), Decimal(2048)]
    lines = year_values_to_rows(items_to_lines(cells_to_items(_pipes("Leases | 2025 | 10 | 20 | 2026 | 11 | 21"))), TableSettings())
    assert [(l.label.text, len(l.values)) for l in lines] == [("Leases", 0), ("2025", 2), ("2026", 2)]  # type: ignore[union-attr]


def test_xom_10q_2025_stacked_period_sections_get_their_own_columns() -> None:
    """XOM 10-Q 2025 segment results: one grid stacks a quarter under another, and a lone
    "As of June 30, 2025" line over the asset rows swaps only the period."""
    table = cells_to_table(_pipes(
        "(millions of dollars) | Upstream | Energy Products | Three Months Ended June 30, 2025"
        " | Sales and other operating revenue | 5,939 | 25,072"
        " | As of June 30, 2025 | Total assets | 152,661 | 32,412"
        " | (1) | Operating expenses, excl. depreciation and depletion, includes the following items."
        " | (millions of dollars) | Upstream | Energy Products | Three Months Ended June 30, 2024"
        " | Sales and other operating revenue | 6,729 | 26,415"
    ))
    got = [(r.label, [(table.columns[c.column].period, c.value) for c in r.cells]) for r in table.rows]
    q25 = Period(start=date(2025, 4, 1), end=date(2025, 6, 30))
    q24 = Period(start=date(2024, 4, 1), end=date(2024, 6, 30))
    at = Period(instant=date(2025, 6, 30))
    assert got[0] == ("Sales and other operating revenue", [(q25, Decimal(5_939_000_000)), (q25, Decimal(25_072_000_000))])
    assert got[1] == ("Total assets", [(at, Decimal(152_661_000_000)), (at, Decimal(32_412_000_000))])
    assert got[2] == ("Sales and other operating revenue", [(q24, Decimal(6_729_000_000)), (q24, Decimal(26_415_000_000))])
    assert [table.columns[c.column].label.endswith("Energy Products Three Months Ended June 30, 2024") for c in table.rows[2].cells] == [False, True]


def test_label_only_section_rows_do_not_start_a_section() -> None:
    """A label-only row naming no period ("Costs and other items") stays a row."""
    table = cells_to_table(_pipes("2025 | 2024 | Revenue | 1 | 2 | Costs and other items | Purchases | 3 | 4"))
    assert len(table.columns) == 2 and [r.label for r in table.rows] == ["Revenue", "Costs and other items", "Purchases"]


def test_t_10q_2023_month_day_cells_over_their_years() -> None:
    """T 10-Q 2023: "June 30, | December 31, | Consolidated Balance Sheets | 2023 | 2022"."""
    table = cells_to_table(_pipes(
        "June 30, | December 31, | Consolidated Balance Sheets | 2023 | 2022 | Other Assets | 3,953 | 3,913"
    ))
    assert [c.period for c in table.columns] == [Period(instant=date(2023, 6, 30)), Period(instant=date(2022, 12, 31))]


def test_document_scale_is_the_last_resort_and_spares_rate_columns() -> None:
    from segmenter.doccontext import text_to_document_context

    document = text_to_document_context("(in millions) ... (in millions, except per share data)")
    # a tax-rate reconciliation with no scale of its own: "%" shown on the first row only (META 10-K)
    rates = cells_to_table(cells("2023", "Statutory rate", "21.0", "%", "State taxes", "(1.2)"), document=document)
    assert rates.scale_source == "document"
    assert [r.cells[0].value for r in rates.rows] == [Decimal("21.0"), Decimal("-1.2")]
    assert {r.cells[0].unit for r in rates.rows} == {"%"}
    money = cells_to_table(cells("2023", "Sales", "950"), document=document)
    assert (money.rows[0].cells[0].value, money.scale_source) == (950_000_000, "document")
    stated = cells_to_table(cells("2023", "Sales", "950"), context="(in thousands)", document=document)
    assert (stated.rows[0].cells[0].value, stated.scale_source) == (950_000, "context")


def test_bare_year_columns_take_a_52_53_week_fiscal_year() -> None:
    """JNJ's rule (its 10-K's first note) dates "2023" and "2022", and "Q2 2023" as a quarter."""
    from datetime import date

    from segmenter.doccontext import text_to_document_context
    from segmenter.types import Period

    document = text_to_document_context(
        "For the fiscal year ended December 31, 2023\nThe Company follows the concept of a fiscal year, "
        "which ends on the Sunday nearest to the end of the month of December.\n")
    table = cells_to_table(cells("2023", "2022", "Sales to customers", "85,159", "79,990"), document=document)
    assert [c.period for c in table.columns] == [
        Period(start=date(2023, 1, 2), end=date(2023, 12, 31)), Period(start=date(2022, 1, 3), end=date(2023, 1, 1))]
    quarter = cells_to_table(cells("Q2 2023", "Q2 2022", "Sales", "5", "4"), document=document)
    # a quarter is not the year: it is that year's second 13 weeks, as JNJ tags them
    assert [c.period for c in quarter.columns] == [
        Period(start=date(2023, 4, 3), end=date(2023, 7, 2)), Period(start=date(2022, 4, 4), end=date(2022, 7, 3))]


def test_dow_10q_2023_words_beside_the_numbers_are_a_text_column() -> None:
    # DOW 10-Q 2023 Q2, contract assets and liabilities: each row is "label | Balance Sheet
    # Classification | $ | value | $ | value". Pipe text keeps no row breaks, so the label
    # alone and the classification with the values read as two lines.
    text, table = fixture_table("dow_10q_2023q2_contract_balances")
    assert [c.label for c in table.columns] == ["Balance Sheet Classification", "Jun 30, 2023", "Dec 31, 2022"]
    assert [c.period for c in table.columns[1:]] == [Period(instant=date(2023, 6, 30)), Period(instant=date(2022, 12, 31))]
    rows = {r.label: r for r in table.rows}
    # the filer's own tags: ContractWithCustomerAssetNetCurrent 15 / 48, scale 6
    current = rows["Contract assets - current"]
    assert [(c.column, c.text, c.value) for c in current.cells] == [
        (0, "Other current assets", None), (1, "15", 15_000_000), (2, "48", 48_000_000)]
    assert rows["Contract liabilities - noncurrent"].cells[0].text == "Other noncurrent obligations"
    # the first row, which the header had taken in, is a row again
    assert table.rows[0].label == "Accounts and notes receivable - trade"
    assert [c.value for c in table.rows[0].cells[1:]] == [5_539_000_000, 5_611_000_000]
    assert len(table.rows) == 5
    assert all(text[c.start:c.end] == c.text for r in table.rows for c in r.cells)


def test_csco_10k_2024_a_total_without_words_fills_the_value_columns() -> None:
    # CSCO 10-K 2024, operating lease balances: "Balance Sheet Line Item" beside each
    # balance, then "Total operating lease liabilities | 1,270 | 1,020" with no words.
    _, table = fixture_table("csco_10k_2024_lease_balances",
                             "The following table presents our operating lease balances (in millions):")
    assert [c.label for c in table.columns] == ["Balance Sheet Line Item", "July 27, 2024", "July 29, 2023"]
    assert [(r.label, r.cells[0].text) for r in table.rows[:3]] == [
        ("Operating lease right-of-use assets", "Other assets"),
        ("Operating lease liabilities", "Other current liabilities"),
        ("Operating lease liabilities", "Other long-term liabilities"),
    ]
    total = table.rows[3]
    # tagged OperatingLeaseLiability 1,270 (2024-07-27) and 1,020 (2023-07-29), scale 6
    assert total.label == "Total operating lease liabilities"
    assert [(c.column, c.value) for c in total.cells] == [(1, 1_270_000_000), (2, 1_020_000_000)]


def test_dow_10q_2023_fair_value_level_column_under_section_labels() -> None:
    # DOW 10-Q 2023 Q2, assets and liabilities at fair value: "Fair Value Level" sits in the
    # second header row, the rows under "Assets at fair value:" / "Cash equivalents:" and
    # "Debt securities: 4" (a section label with its footnote digit) read "Held-to-maturity
    # securities 1 | Level 2 | $ | 283 | ...".
    _, table = fixture_table("dow_10q_2023q2_fair_value_recurring")
    assert table.columns[0].label == "Fair Value Level" and table.columns[0].period is None
    assert [c.period for c in table.columns[1:]] == [Period(instant=date(2023, 6, 30))] * 4 + [
        Period(instant=date(2022, 12, 31))] * 4
    rows = {r.label: r for r in table.rows}
    # tagged: held-to-maturity securities 283 (cost and fair value, 2023-06-30), 872 (2022-12-31), scale 6
    held = rows["Held-to-maturity securities 1"]
    assert [(c.column, c.text, c.value) for c in held.cells[:5]] == [
        (0, "Level 2", None), (1, "283", 283_000_000), (2, "—", 0), (3, "—", 0), (4, "283", 283_000_000)]
    assert held.cells[5].value == 872_000_000
    assert "Level 2" not in rows and "Level 3" not in rows


def test_nflx_10q_2025_words_after_the_numbers_are_a_last_text_column() -> None:
    # NFLX 10-Q 2025 Q2, property and equipment: "As of | June 30, 2025 | December 31, 2024 |
    # Estimated Useful Lives | (in thousands)", and rows "Buildings and improvements | 508,284
    # | 475,684 | 30 years": the words follow the numbers and begin no row.
    _, table = fixture_table("nflx_10q_2025q2_property_and_equipment")
    assert [c.label for c in table.columns] == ["As of June 30, 2025", "As of December 31, 2024", "Estimated Useful Lives"]
    labels = [r.label for r in table.rows]
    assert labels[:3] == ["Land", "Buildings and improvements", "Leasehold improvements"]
    assert not {"30 years", "3 years", "Over life of lease"} & set(labels)
    rows = {r.label: r for r in table.rows}
    # tagged: buildings and improvements 508,284 (2025-06-30) and 475,684 (2024-12-31), scale 3
    assert [(c.column, c.value) for c in rows["Buildings and improvements"].cells] == [
        (0, 508_284_000), (1, 475_684_000), (2, None)]
    assert rows["Buildings and improvements"].cells[2].text == "30 years"
    assert [(c.column, c.value) for c in rows["Land"].cells] == [(0, 85_000_000), (1, 85_000_000)]


def test_pfe_10q_2023_words_before_the_numbers_after_total_rows_are_a_text_column() -> None:
    # PFE 10-Q 2023 Q2, revenues of major products: "PRODUCT | PRIMARY INDICATION OR CLASS |
    # July 2, 2023 | ..." and rows "Paxlovid | COVID-19 in certain high-risk patients | 143 |
    # ...", after a total and group rows with no words. The words are no row labels.
    _, table = fixture_table("pfe_10q_2023q2_product_revenues")
    assert table.columns[0].label == "PRIMARY INDICATION OR CLASS"
    rows = {r.label: r for r in table.rows}
    assert "COVID-19 in certain high-risk patients" not in rows
    # tagged: Paxlovid 143 and 8,115 (three months), 4,212 and 9,585 (six months), scale 6
    paxlovid = rows["Paxlovid"]
    assert paxlovid.cells[0].text == "COVID-19 in certain high-risk patients"
    assert [c.value for c in paxlovid.cells[1:]] == [v * 1_000_000 for v in (143, 8_115, 4_212, 9_585)]
    assert [c.value for c in rows["TOTAL REVENUES"].cells] == [v * 1_000_000 for v in (12_734, 27_742, 31_015, 53_402)]



def test_hd_10k_2024_a_scale_corner_cell_starts_the_headers_last_row() -> None:
    # HD 10-K 2024 long-term debt: "Carrying Amount (1) | in millions | Interest Payable |
    # Principal Amount | February 2, 2025 | January 28, 2024". The corner cell "in millions"
    # opens the last header row, so "Principal Amount" heads a column of its own and
    # "Carrying Amount" stands over the two dates, not beside them.
    _, table = fixture_table("hd_10k_2024_long_term_debt")
    feb2, jan28 = Period(instant=date(2025, 2, 2)), Period(instant=date(2024, 1, 28))
    assert [c.label for c in table.columns] == [
        "Interest Payable", "Carrying Amount (1) Principal Amount", "Carrying Amount (1) February 2, 2025",
        "Carrying Amount (1) January 28, 2024"]
    rows = {r.label: r for r in table.rows}
    # tagged: principal 500 and carrying amount 500 on 2025-02-02, carrying amount 499 on 2024-01-28
    notes = rows["2.70% Senior notes due April 2025"]
    assert [(c.text, c.value) for c in notes.cells[1:]] == [("500", 500_000_000), ("500", 500_000_000),
                                                           ("499", 499_000_000)]
    assert [table.period_of(c) for c in notes.cells[2:]] == [feb2, jan28]


def test_low_10q_2023_two_columns_of_words_side_by_side() -> None:
    # LOW 10-Q 2023 Q2, fair values: "Classification | Measurement Level" before three dates, and
    # rows "U.S. Treasury securities | Short-term investments | Level 1 | $ | 138 | ...": three
    # lines a row in pipe text. The words are text cells, the first label the row's.
    _, table = fixture_table("low_10q_2023q2_fair_value_recurring")
    assert [c.label for c in table.columns[:2]] == ["Classification", "Measurement Level"]
    rows = {r.label: r for r in table.rows}
    assert not {"Short-term investments", "Level 1", "Level 2"} & set(rows)
    treasury = next(r for r in table.rows if r.label == "U.S. Treasury securities")  # the short-term one
    assert [c.text for c in treasury.cells[:2]] == ["Short-term investments", "Level 1"]
    # tagged: 138 (2023-08-04), 214 (2022-07-29), 157 (2023-02-03), scale 6
    assert [(c.value, table.period_of(c)) for c in treasury.cells[2:]] == [
        (138_000_000, Period(instant=date(2023, 8, 4))), (214_000_000, Period(instant=date(2022, 7, 29))),
        (157_000_000, Period(instant=date(2023, 2, 3)))]

JNJ_HEDGING_QUARTER_CONTEXT = (
    "The following table is a summary of the activity related to derivatives and hedges for the fiscal "
    "second quarters ended July 2, 2023 and July 3, 2022, net of tax:"
)


def test_jnj_10q_2023_bare_dates_end_the_quarters_the_sentence_names() -> None:
    # JNJ 10-Q 2023 Q2: columns headed "July 2, 2023" and "July 3, 2022" over gains and
    # losses; the sentence before the table says they are fiscal second quarters. JNJ's
    # quarters are 13 weeks: the filer tags 2023-04-03..2023-07-02 and 2022-04-04..2022-07-03.
    _, table = fixture_table("jnj_10q_2023q2_hedging_quarter", JNJ_HEDGING_QUARTER_CONTEXT)
    assert {c.period for c in table.columns[:5]} == {Period(start=date(2023, 4, 3), end=date(2023, 7, 2))}
    assert {c.period for c in table.columns[5:10]} == {Period(start=date(2022, 4, 4), end=date(2022, 7, 3))}
    hedged = next(r for r in table.rows if r.label == "Hedged items")
    # tagged: (175) and (241) in interest (income) expense, scale 6
    assert [(c.column, c.value) for c in hedged.cells if c.value] == [(3, -175_000_000), (8, -241_000_000)]
    # without the sentence the dates stay what they say: days
    _, bare = fixture_table("jnj_10q_2023q2_hedging_quarter")
    assert bare.columns[0].period == Period(instant=date(2023, 7, 2))


def test_rtx_10q_2023q2_a_year_listed_after_the_date_is_that_quarter() -> None:
    # RTX 10-Q 2023 Q2, sales by region: "2023" and "2022" over the segments, under "for the
    # quarters ended June 30, 2023 and 2022". The filer tags the 2022 column's sales
    # (e.g. United States, Collins Aerospace: 2,458) with 2022-04-01..2022-06-30.
    _, table = fixture_table(
        "rtx_10q_2023q2_sales_by_region",
        "Segment sales disaggregated by geographic region for the quarters ended June 30, 2023 and 2022 are as follows:")
    by_label = {c.label: c.period for c in table.columns[:12]}
    assert by_label["2023 Collins Aerospace"] == Period(start=date(2023, 4, 1), end=date(2023, 6, 30))
    assert by_label["2022 Collins Aerospace"] == Period(start=date(2022, 4, 1), end=date(2022, 6, 30))
    us = table.rows[0]
    assert us.label == "United States"
    cell = next(c for c in us.cells if c.text == "2,458")
    assert table.period_of(cell) == Period(start=date(2022, 4, 1), end=date(2022, 6, 30))
    # the six-month part stacked below has its own sentence, "for the six months ended June
    # 30, 2023 and 2022": its columns are the half years (tagged 2023-01-01..2023-06-30)
    assert table.columns[12].label == "2023 Collins Aerospace"
    assert table.columns[12].period == Period(start=date(2023, 1, 1), end=date(2023, 6, 30))
    assert table.columns[18].period == Period(start=date(2022, 1, 1), end=date(2022, 6, 30))


def test_trv_10q_2023q3_a_corner_cell_dates_its_part() -> None:
    # TRV 10-Q 2023 Q3, fair value by level: two parts, each under a corner cell
    # "(at September 30, 2023, in millions)" / "(at December 31, 2022, in millions)" over
    # "Total | Level 1 | Level 2 | Level 3". The filer tags each part at its own date.
    text, table = fixture_table("trv_10q_2023q3_fair_value_by_level")
    assert [c.label for c in table.columns] == ["Total", "Level 1", "Level 2", "Level 3"] * 2
    assert [c.period for c in table.columns] == (
        [Period(instant=date(2023, 9, 30))] * 4 + [Period(instant=date(2022, 12, 31))] * 4)
    treasuries = [r for r in table.rows if r.label.startswith("U.S. Treasury securities")]
    assert [r.cells[0].value for r in treasuries] == [6_212_000_000, 5_438_000_000]  # tagged scale 6
    assert [table.period_of(r.cells[0]) for r in treasuries] == [
        Period(instant=date(2023, 9, 30)), Period(instant=date(2022, 12, 31))]
    assert all(text[c.start:c.end] == c.text for r in table.rows for c in r.cells)


def test_hd_10k_2024_a_rate_column_under_a_year_group() -> None:
    # HD 10-K 2024, net sales by department: "Fiscal 2024" over "Net Sales | % of Net
    # Sales", "dollars in millions". Only the first row prints "%". The filer tags the
    # rates unscaled (scale -2: "4.1" is 4.1 %), the sales in millions.
    _, table = fixture_table("hd_10k_2024_net_sales_by_department")
    assert [c.label for c in table.columns[:2]] == ["Fiscal 2024 Net Sales", "Fiscal 2024 % of Net Sales"]
    bath = next(r for r in table.rows if r.label == "Bath")
    assert [(c.value, c.unit) for c in bath.cells] == [
        (6_485_000_000, "USD"), (Decimal("4.1"), "%"), (6_630_000_000, "USD"), (Decimal("4.3"), "%"),
        (6_855_000_000, "USD"), (Decimal("4.4"), "%")]


def test_low_10k_2023_a_lone_percent_sign_heads_a_column_of_rates() -> None:
    # LOW 10-K 2023, sales by product category: "Total Sales | %" under each year, "(In
    # millions, except percentage data)". The "%" header cell names the rate column; the
    # filer tags "9.0" as 9.0 % (scale -2), the sales in millions.
    _, table = fixture_table("low_10k_2023_sales_by_product_category")
    assert [c.label for c in table.columns[:2]] == [
        "Years Ended February 2, 2024 Total Sales", "Years Ended February 2, 2024 %"]
    seasonal = next(r for r in table.rows if r.label == "Seasonal & Outdoor Living")
    assert [(c.value, c.unit) for c in seasonal.cells[:4]] == [
        (7_740_000_000, "USD"), (Decimal("9.0"), "%"), (8_697_000_000, "USD"), (Decimal("9.0"), "%")]


def test_a_percent_sign_after_words_is_a_header_cell() -> None:
    from segmenter.cells import cells_to_items
    from segmenter.types import RawCell

    def kinds(texts: list[str]) -> list[tuple[str, str]]:
        cells, at = [], 0
        for text in texts:
            cells.append(RawCell(text, at, at + len(text)))
            at += len(text) + 1
        return [(it.kind, it.text) for it in cells_to_items(cells)]

    assert kinds(["Total Sales", "%", "Total Sales", "%"]) == [
        ("text", "Total Sales"), ("text", "%"), ("text", "Total Sales"), ("text", "%")]
    # after a number it is the number's unit, as before
    assert [k for k, _ in kinds(["Appliances", "14.3", "%"])] == ["text", "value"]


def test_trv_10q_2023q3_a_year_run_into_the_row_before_heads_its_rows() -> None:
    # TRV 10-Q 2023 Q3, results by segment: "(For the three months ended September 30, in
    # millions)" over the segments, then "2023" over one block of rows and "2022" over the
    # next. Pipe text runs "2022" into the last 2023 row ("Segment income (loss) | ... |
    # 540 | 2022"). The filer tags the second block's premiums (4,353) over 2022's quarter.
    _, table = fixture_table("trv_10q_2023q3_segment_results")
    assert [c.label for c in table.columns] == [
        "Business Insurance 2023", "Bond & Specialty Insurance 2023", "Personal Insurance 2023",
        "Total Reportable Segments 2023"]
    assert all(c.period == Period(start=date(2023, 7, 1), end=date(2023, 9, 30)) for c in table.columns)
    labels = [r.label for r in table.rows]
    assert "2022" in labels
    income = [r for r in table.rows if r.label == "Segment income (loss)"]
    assert [len(r.cells) for r in income] == [4, 4]
    premiums = [r for r in table.rows if r.label == "Premiums"]
    assert [r.cells[0].value for r in premiums] == [4_956_000_000, 4_353_000_000]
    assert [table.period_of(r.cells[0]) for r in premiums] == [
        Period(start=date(2023, 7, 1), end=date(2023, 9, 30)), Period(start=date(2022, 7, 1), end=date(2022, 9, 30))]


def test_txn_10q_2023q2_years_under_groups_cover_pairs_of_columns() -> None:
    # TXN 10-Q 2023 Q2, revenue by geography: "For Three Months Ended | For Six Months Ended"
    # over "June 30, | June 30," over "2023 | 2022 | 2023 | 2022", and each year over two
    # columns, the amount and its share ("$ | 715 | 16 | %"). The filer tags the six-month
    # U.S. revenue (1,270) 2023-01-01..2023-06-30.
    _, table = fixture_table("txn_10q_2023q2_revenue_by_geography")
    assert len(table.columns) == 8
    halves = [Period(start=date(2023, 1, 1), end=date(2023, 6, 30))] * 2 + [
        Period(start=date(2022, 1, 1), end=date(2022, 6, 30))] * 2
    assert [c.period for c in table.columns[4:]] == halves
    us = next(r for r in table.rows if r.label == "United States")
    cell = next(c for c in us.cells if c.text == "1,270")
    assert table.period_of(cell) == halves[0]


def test_a_column_that_names_counts_scales_them_as_counts(segmenter_instance):
    # UNP 10-K 2024 stock options and retention awards: "Options (thous.)" and "Shares
    # (thous.)" beside "Weighted-Average Exercise Price"; no statement near the tables, the
    # document says "Millions". Each column states its own scale, and the filer tags the
    # counts in thousands of shares.
    import json

    fixture = Path(__file__).parent / "fixtures" / "corpus" / "UNP-10-K-2024-12-31-share_based_compensation"
    text = fixture.with_suffix(".txt").read_text(encoding="utf-8")
    facts = {f["start"]: f for f in json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))["facts"]}
    doc = segmenter_instance.segment(text, name=fixture.name)
    counts = [(cell, facts.get(cell.start)) for table in doc.tables for _, column, cell in table.values()
              if "(thous.)" in column.label]
    assert len(counts) >= 18
    for cell, fact in counts:
        assert fact is not None and cell.scale == 1000 and cell.unit == "shares"
        assert abs(cell.value) == fact["value"] and fact["scale"] == 1000


def test_a_stacked_part_with_a_column_of_words():
    # GE 10-K 2023 intangibles, pipe text: "Useful lives (in years)" ("3-23") beside the
    # amounts, and after a footnote a second part by segment. Each part is read on its own,
    # the first with its text column: the rows keep their names, the ranges are text.
    _, table = fixture_table("ge_10k_2023_intangibles")
    customer = next(r for r in table.rows if r.label == "Customer-related")
    assert [c.text for c in customer.cells] == ["3-23", "6,201", "3,851", "2,351", "5,991", "3,453", "2,538"]
    assert customer.cells[0].value is None
    # the filer's tags: 6,201 gross carrying amount at 2023's end, 2,538 net at 2022's
    assert table.columns[customer.cells[0].column].label == "Useful lives (in years)"
    assert table.columns[customer.cells[1].column].label == "2023 Gross carrying amount"
    assert table.columns[customer.cells[6].column].label == "2022 Net"
    assert customer.cells[2].value == -3_851  # no scale near the table: the document's says millions
    assert [r.label for r in table.rows if r.cells][-5:] == [
        "Aerospace", "Renewable Energy", "Power", "Corporate", "Total other intangible assets, net"]


def test_two_balance_dates_over_a_roll_forward_and_a_page_number_between_parts():
    # JNJ 10-K 2024 equity investments, pipe text: two dates over five columns, the opening
    # balance's over the first "Carrying Value", the closing one's from the second on; the
    # flows between run from the one to the other, as the filer tags them. The page number
    # "62" printed between the two parts is no value of the row before it.
    text = (TABLES / "jnj_10k_2024_equity_investments.txt").read_text(encoding="utf-8")
    document = DocumentContext(fiscal_calendar=FiscalCalendar(weekday=6, rule="nearest", month=12))
    table = cells_to_table(pipe_cells(text), document=document)
    cells = {c.start: c for r in table.rows for c in r.cells}
    assert [len(r.cells) for r in table.rows if r.cells] == [5, 5, 5, 5]
    assert "62" not in [c.text for c in cells.values()]
    fiscal_2024 = Period(start=date(2024, 1, 1), end=date(2024, 12, 29))
    fiscal_2023 = Period(start=date(2023, 1, 2), end=date(2023, 12, 31))
    expected = {355: fiscal_2024, 363: fiscal_2024, 473: fiscal_2024, 481: fiscal_2024,
                868: fiscal_2023, 876: fiscal_2023, 988: fiscal_2023, 993: fiscal_2023,
                860: Period(instant=date(2023, 1, 1)), 981: Period(instant=date(2023, 1, 1))}
    for offset, period in expected.items():
        assert table.period_of(cells[offset]) == period, (offset, cells[offset].text)


def test_run_on_totals_that_are_not_rare_split_when_they_stand_alone():
    # MRK 10-Q 2023 Q2 fair value: each group's total has no label and runs into the row
    # above it in pipe text ("Publicly traded equity securities | 1,184 | ... | 1,015 | 1,184
    # | 748 | ..."). Four such lines of sixteen values beside nine of eight: too many to be
    # rare, but each stands between lines of eight, so each is two rows, and the eight
    # columns keep their dates.
    _, table = fixture_table("mrk_10q_2023q2_fair_value_recurring")
    assert len(table.columns) == 8
    assert [c.period for c in table.columns] == (
        [Period(instant=date(2023, 6, 30))] * 4 + [Period(instant=date(2022, 12, 31))] * 4)
    equity = [i for i, r in enumerate(table.rows) if r.label == "Publicly traded equity securities"]
    total = table.rows[equity[0] + 1]
    assert total.label == "" and [c.text for c in total.cells] == [
        "1,184", "748", "—", "1,932", "1,015", "498", "—", "1,513"]


def test_a_cited_marker_is_a_value_when_the_row_is_no_wider_than_the_others():
    # "(2)" is -2 in a row of the usual width even when the label cites a "(2)" footnote;
    # in a row one cell too wide (JNJ's debt table, tests/test_pipetext.py) it is the marker.
    texts = ["", "2023", "2022", "Restructuring(2)", "5", "(2)", "Other", "7", "3"]
    table = cells_to_table([RawCell(t, i * 30, i * 30 + len(t)) for i, t in enumerate(texts)])
    assert [c.value for c in table.rows[0].cells] == [5, -2]
    wide = texts[:5] + ["(2)", "4"] + texts[6:]
    table = cells_to_table([RawCell(t, i * 30, i * 30 + len(t)) for i, t in enumerate(wide)])
    assert [c.value for c in table.rows[0].cells] == [5, 4]


def test_jnj_10q_2025_a_row_that_states_a_length_starts_the_half_years_rows() -> None:
    # JNJ 10-Q 2025 Q2, segment income: the header says "Fiscal Second Quarter Ended | June 29,
    # 2025 | June 30, 2024"; a row "Fiscal Six Months Ended" then opens the same rows for the
    # half-year. The filer tags the rows below it from December 30, 2024 (26 weeks) and
    # January 1, 2024; those above keep the quarter.
    _, table = fixture_table("jnj_10q_2025q2_segment_income")
    sales = [r for r in table.rows if r.label == "Sales to customers"]
    assert len(sales) == 2
    q2_2025, q2_2024 = Period(start=date(2025, 3, 31), end=date(2025, 6, 29)), Period(start=date(2024, 4, 1), end=date(2024, 6, 30))
    h1_2025, h1_2024 = Period(start=date(2024, 12, 30), end=date(2025, 6, 29)), Period(start=date(2024, 1, 1), end=date(2024, 6, 30))
    # tagged: 15,202 8,541 | 14,490 7,957 for the quarter; 29,075 16,561 | 28,052 15,778 for six months
    assert [(c.value, table.period_of(c)) for c in sales[0].cells] == [
        (15_202_000_000, q2_2025), (8_541_000_000, q2_2025), (14_490_000_000, q2_2024), (7_957_000_000, q2_2024)]
    assert [(c.value, table.period_of(c)) for c in sales[1].cells] == [
        (29_075_000_000, h1_2025), (16_561_000_000, h1_2025), (28_052_000_000, h1_2024), (15_778_000_000, h1_2024)]


def test_amzn_10k_2023_a_dash_before_a_date_names_the_balance() -> None:
    # AMZN 10-K 2023 goodwill: rows "Goodwill - January 1, 2022", "New acquisitions", "Other
    # adjustments", "Goodwill - December 31, 2022", ... under segments that name no period.
    # The dated rows are balances (January 1 is December 31's close, as the filer tags it);
    # the rows between are the flows of the year between them.
    _, table = fixture_table("amzn_10k_2023_goodwill_rollforward")
    rows = table.rows
    assert [r.label for r in rows[:4]] == ["Goodwill - January 1, 2022", "New acquisitions", "Other adjustments",
                                          "Goodwill - December 31, 2022"]
    # tagged: 12,758 at 2021-12-31; 3,943 acquired in 2022; 16,621 at 2022-12-31 (North America;
    # the scale, millions, is stated only at the statements, outside the block)
    assert (rows[0].cells[0].value, table.period_of(rows[0].cells[0])) == (12_758, Period(instant=date(2021, 12, 31)))
    assert (rows[1].cells[0].value, table.period_of(rows[1].cells[0])) == (
        3_943, Period(start=date(2022, 1, 1), end=date(2022, 12, 31)))
    assert (rows[3].cells[0].value, table.period_of(rows[3].cells[0])) == (16_621, Period(instant=date(2022, 12, 31)))
    assert table.period_of(rows[6].cells[3]) == Period(instant=date(2023, 12, 31))


def test_csco_10q_2023_a_date_row_ends_the_quarter_its_column_states() -> None:
    # CSCO 10-Q 2023 Q3 repurchases: "Quarter Ended" heads the label column, the rows are the
    # quarters' last days. The filer tags each row with its 13-week fiscal quarter: 25 million
    # shares for $1,259 million from January 29 to April 29, 2023.
    _, table = fixture_table("csco_10q_2023q3_stock_repurchases")
    rows = {r.label: r for r in table.rows}
    quarter = Period(start=date(2023, 1, 29), end=date(2023, 4, 29))
    assert [(c.value, table.period_of(c)) for c in rows["April 29, 2023"].cells] == [
        (25, quarter), (Decimal("49.45"), quarter), (1_259, quarter)]
    assert {table.period_of(c) for c in rows["October 29, 2022"].cells} == {
        Period(start=date(2022, 7, 31), end=date(2022, 10, 29))}


def test_csco_10k_2024_a_year_that_names_a_plan_is_no_period() -> None:
    # CSCO 10-K 2024 restructuring: "FISCAL 2024 PLAN" and "FISCAL 2023 AND PRIOR PLANS" name
    # programs, not years. The liabilities roll forward down the rows between dated
    # balances; the filer tags fiscal 2022's charges under the 2023-and-prior plans
    # (9 severance, 2021-08-01 to 2022-07-30), not fiscal 2023's.
    from segmenter.doccontext import text_to_document_context

    # the cover line and the first note's sentence, which make "FISCAL 2024" a fiscal year
    # where it is one
    document = text_to_document_context(
        "For the fiscal year ended July 27, 2024\nThe fiscal year for Cisco Systems, Inc. (the “Company,” "
        "“Cisco,” “we,” “us,” or “our”) is the 52 or\n53 weeks ending on the last Saturday in July.\n")
    text = (TABLES / "csco_10k_2024_restructuring_liabilities.txt").read_text(encoding="utf-8")
    table = cells_to_table(pipe_cells(text), document=document)
    assert all(c.period is None for c in table.columns)
    charges = next(r for r in table.rows if r.label == "Charges")
    severance = charges.cells[2]  # the third column, the 2023-and-prior plans' severance
    assert (severance.value, table.period_of(severance)) == (9, Period(start=date(2021, 8, 1), end=date(2022, 7, 30)))


def test_pfe_10q_2023_a_sentence_over_the_columns_leaves_their_periods_to_them() -> None:
    # PFE 10-Q 2023 Q2, Haleon's summarized results: a sentence naming both years' "three and
    # six months ending March 31" heads the table, over "Three Months Ended | Six Months Ended"
    # and the dates. Each column holds its own duration, as the filer tags it (net sales
    # 3,627 for January to March 2023; 6,889 for October 2022 to March 2023).
    _, table = fixture_table("pfe_10q_2023q2_equity_investee_summary")
    assert [c.period for c in table.columns] == [
        Period(start=date(2023, 1, 1), end=date(2023, 3, 31)), Period(start=date(2022, 1, 1), end=date(2022, 3, 31)),
        Period(start=date(2022, 10, 1), end=date(2023, 3, 31)), Period(start=date(2021, 10, 1), end=date(2022, 3, 31))]
    sales = next(r for r in table.rows if r.label == "Net sales")
    assert [c.value for c in sales.cells] == [3_627_000_000, 3_526_000_000, 6_889_000_000, 6_945_000_000]


def test_years_over_plans_with_a_corner_cell_between_ge_10k_2023():
    # GE 10-K 2023 postretirement costs, pipe text: "For the years ended December 31" over
    # "2023 | 2022 | 2021", the corner cell "(Pre-tax)", then "Principal pension | Other
    # pension | Principal retiree benefit" three times. The labels had been read as a mixed
    # row of nine and two groups under it, leaving six columns without a year.
    _, table = fixture_table("ge_10k_2023_postretirement_costs")
    plans = ["Principal pension", "Other pension", "Principal retiree benefit"]
    assert [c.label.rsplit("(Pre-tax) ", 1)[1] for c in table.columns] == plans * 3
    years = [Period(start=date(y, 1, 1), end=date(y, 12, 31)) for y in (2023, 2022, 2021)]
    rows = [r for r in table.rows if r.cells]
    assert len(rows) == 9 and all(len(r.cells) == 9 for r in rows)
    for row in rows:
        # the filer tags each plan's cell with its year's period
        assert [table.period_of(c) for c in row.cells] == [y for y in years for _ in plans], row.label
    prior = next(r for r in rows if r.label == "Prior service cost (credit) - current year")
    assert [c.value for c in prior.cells] == [49, 0, 0, 0, 0, 0, 0, -1, 0]  # no scale near the table


def test_dashes_in_the_gutters_between_column_groups_are_no_values_ge_10k_2023():
    # GE 10-K 2023 benefit plan costs, pipe text: "Continuing operations - net periodic
    # expense (income)" prints "—" in the blank column between each year's three plans,
    # eleven values where every other row has nine; the filer tags nine. The title cut in
    # two by the years ("COST OF OUR BENEFITS PLANS" / "2023 | 2022 | 2021" / "AND
    # ASSUMPTIONS") is the corner cell before the plans.
    _, table = fixture_table("ge_10k_2023_benefit_plan_costs")
    assert len(table.columns) == 9
    plans = ["Principal pension", "Other pension", "Principal retiree benefit"]
    assert [c.label.rsplit("AND ASSUMPTIONS ", 1)[1] for c in table.columns] == plans * 3
    assert [c.label.split()[5] for c in table.columns] == ["2023"] * 3 + ["2022"] * 3 + ["2021"] * 3
    continuing = next(r for r in table.rows if r.label == "Continuing operations - net periodic expense (income)")
    assert [c.text for c in continuing.cells] == ["1,108", "118", "144", "376", "287", "123", "1,765", "94", "107"]
    assert [c.column for c in continuing.cells] == list(range(9))


def test_a_total_run_into_the_last_of_two_rows_under_three_years_pep_10k_2023():
    # PEP 10-K 2023 income before income taxes, pipe text: two rows and a total without a
    # label, which runs into "Foreign" (six values). With one row of each width, the years
    # over the table say which width is a row's.
    text = ("|\n|\n|\n|\n|2023\n|\n|2022\n|\n|2021\n|United States\n|\n|$\n|4,120\n|\n|\n|$\n|7,305\n|\n|\n|$\n"
            "|3,740\n|\n|Foreign\n|\n|7,297\n|\n|\n|3,400\n|\n|\n|6,081\n|\n|\n|\n|$\n|11,417\n|\n|\n|$\n|10,705\n"
            "|\n|\n|$\n|9,821\n|\n")
    table = cells_to_table(pipe_cells(text))
    assert [c.label for c in table.columns] == ["2023", "2022", "2021"]
    assert [(r.label, [c.text for c in r.cells]) for r in table.rows] == [
        ("United States", ["4,120", "7,305", "3,740"]),
        ("Foreign", ["7,297", "3,400", "6,081"]),
        ("", ["11,417", "10,705", "9,821"]),
    ]


def test_totals_run_into_three_of_seven_rows_split_at_their_empty_label_cell_pfe_10q_2023():
    # PFE 10-Q 2023 tax on other comprehensive income, pipe text: three of the seven rows
    # have eight values, a total without a label run into each. Too many for the rule of
    # rare wide rows; the total's empty label cell puts its first value one cell farther
    # off than the values of a row stand apart.
    _, table = fixture_table("pfe_10q_2023q2_oci_tax")
    assert len(table.columns) == 4
    assert [len(r.cells) for r in table.rows if r.cells] == [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    totals = [r for r in table.rows if r.cells and not r.label]
    shown = [[-8, 95, 16, 105], [5, -29, -47, -17], [-8, -8, -17, -18]]  # "(MILLIONS)" in the corner
    assert [[c.value for c in r.cells] for r in totals] == [[v * 10**6 for v in row] for row in shown]
    # the filer tags (8) with the quarter to July 2, 2023 and 95 with the one to July 3, 2022
    assert table.period_of(totals[0].cells[0]) == Period(start=date(2023, 4, 3), end=date(2023, 7, 2))
    assert table.period_of(totals[0].cells[1]) == Period(start=date(2022, 4, 4), end=date(2022, 7, 3))


def test_a_part_dated_by_its_corner_cell_is_no_continued_page_trv_10q_2023():
    # TRV 10-Q 2023 debt securities, pipe text: the part "(at December 31, 2022, in
    # millions)" follows the one at September 30, 2023 over the next page, under the same
    # text-only column cells. Read as the first part's continued page, it had taken that
    # part's date.
    text = (TABLES / "trv_10q_2023q3_debt_securities_two_dates.txt").read_text(encoding="utf-8")
    cut = text.index("|\n11\nTHE TRAVELERS COMPANIES")
    second = text.index("|Amortized Cost", cut)
    first_part = cells_to_table(pipe_cells(text, 0, cut))
    second_part = cells_to_table(pipe_cells(text, second), continues=first_part)
    assert {c.period for c in first_part.columns} == {Period(instant=date(2023, 9, 30))}
    assert {c.period for c in second_part.columns} == {Period(instant=date(2022, 12, 31))}
    treasuries = second_part.rows[0]
    assert treasuries.label.startswith("U.S. Treasury securities")
    assert [c.value for c in treasuries.cells] == [5_798_000_000, 0, 3_000_000, 363_000_000, 5_438_000_000]


def test_rates_before_maturity_dates_label_their_rows_csco_10k_2024():
    # CSCO 10-K 2024 senior notes, pipe text: each row opens with its rate and its maturity
    # date ("2.20% | September 20, 2023 | $ | — | ..."), so the rate read as the last value
    # of the row above and the date as the row's label, which dated every cell of the row.
    _, table = fixture_table("csco_10k_2024_senior_notes")
    assert [c.label for c in table.columns] == [
        "Maturity Date", "July 27, 2024 Amount", "July 27, 2024 Effective Rate", "July 29, 2023 Amount",
        "July 29, 2023 Effective Rate"]
    notes = [r for r in table.rows if r.label.endswith("%")]
    assert len(notes) == 14
    first = notes[0]
    assert first.label == "2.20%"
    assert [c.text for c in first.cells] == ["September 20, 2023", "—", "—", "750", "2.27"]
    # the filer tags 750 at July 29, 2023 and the dash beside it at July 27, 2024
    assert [table.period_of(c) for c in first.cells[1:]] == [
        Period(instant=date(2024, 7, 27))] * 2 + [Period(instant=date(2023, 7, 29))] * 2
    assert all(c.period is None for r in notes for c in r.cells)  # no row is dated by its maturity


def test_fair_value_levels_written_as_digits_are_a_column_of_words_pep_10k_2023():
    # PEP 10-K 2023 plan assets, pipe text: "Corporate bonds (c) | 2 | 4,233 | 4,245" under
    # "Fair Value Hierarchy Level | 2023 | 2022". The level read as a third value, which put
    # 2023's amounts under 2022 and 2022's under no year.
    _, table = fixture_table("pep_10k_2023_plan_assets_by_level")
    assert [c.label for c in table.columns] == ["Fair Value Hierarchy Level", "2023", "2022"]
    rows = {r.label: r for r in reversed(table.rows) if r.cells}  # the U.S. rows come first
    bonds = rows["Corporate bonds"]
    assert [c.text for c in bonds.cells] == ["2", "4,233", "4,245"]
    assert bonds.cells[0].value is None and [c.column for c in bonds.cells] == [0, 1, 2]
    assert [c.text for c in rows["Cash and cash equivalents"].cells] == ["1, 2", "349", "157"]
    assert "International plan assets" in [r.label for r in table.rows if not r.cells]
    total = rows["Total international plan assets"]
    assert [c.column for c in total.cells] == [1, 2]


def test_two_columns_of_words_between_the_numbers_nflx_10q_2025():
    # NFLX 10-Q 2025 senior notes, pipe text: "5.875% Senior Notes | $ | — | $ | 800 |
    # February 2015 | February 2025 | $ | — | $ | 801", the issuance date and maturity
    # between the principal and the fair value. They had read as two more row labels, the
    # second over the fair values. The total without a label runs into the last row.
    _, table = fixture_table("nflx_10q_2025q2_senior_notes")
    assert [c.label for c in table.columns][2:4] == ["Issuance Date", "Maturity"]
    first = table.rows[0]
    assert first.label == "5.875% Senior Notes"
    assert [c.text for c in first.cells] == ["—", "800", "February 2015", "February 2025", "—", "801"]
    # the filer tags 800 and 801 at December 31, 2024, the dashes at June 30, 2025
    assert [table.period_of(c) for c in first.cells if c.value is not None] == [
        Period(instant=date(2025, 6, 30)), Period(instant=date(2024, 12, 31))] * 2
    total = table.rows[-1]
    assert total.label == "" and [c.column for c in total.cells] == [0, 1, 4, 5]


def test_a_column_of_words_before_each_group_of_numbers_csco_10k_2024():
    # CSCO 10-K 2024 derivatives, pipe text: "Foreign currency derivatives | Other current
    # assets | $ | 47 | $ | 22 | Other current liabilities | $ | 1 | $ | —" under "DERIVATIVE
    # ASSETS | DERIVATIVE LIABILITIES", each over "Balance Sheet Line Item | July 27, 2024 |
    # July 29, 2023". The line items had read as row labels, the asset's label alone.
    _, table = fixture_table("csco_10k_2024_derivatives_balance_sheet")
    assert [c.label for c in table.columns] == [
        "Balance Sheet Line Item", "DERIVATIVE ASSETS July 27, 2024", "DERIVATIVE ASSETS July 29, 2023",
        "Balance Sheet Line Item", "DERIVATIVE LIABILITIES July 27, 2024", "DERIVATIVE LIABILITIES July 29, 2023"]
    first = next(r for r in table.rows if r.cells)
    assert first.label == "Foreign currency derivatives"
    assert [c.text for c in first.cells] == ["Other current assets", "47", "22", "Other current liabilities", "1", "—"]
    assert [table.period_of(c) for c in first.cells if c.value is not None] == [
        Period(instant=date(2024, 7, 27)), Period(instant=date(2023, 7, 29))] * 2
    # the totals have no line items: their numbers stay under the dates, assets then liabilities
    totals = [r for r in table.rows if r.label == "Total"]
    assert [[c.text for c in r.cells] for r in totals] == [["62", "31", "12", "41"], ["2", "1", "62", "34"],
                                                            ["64", "32", "74", "75"]]
    assert all([c.column for c in r.cells] == [1, 2, 4, 5] for r in totals)


def test_groups_cut_where_the_years_start_again_rtx_10k_2023():
    # RTX 10-K 2023 segments, pipe text: "Total Assets | Capital Expenditures | Depreciation
    # & Amortization" over "2023 | 2022 | 2023 | 2022 | 2021 | 2023 | 2022 | 2021": groups of
    # two, three and three years. Read as a group over the first four columns, the capital
    # expenditures of 2023 and 2022 stood under "Total Assets" and read as balances.
    _, table = fixture_table("rtx_10k_2023_segment_assets_and_capex")
    assert [c.label for c in table.columns] == [
        "Total Assets 2023", "Total Assets 2022", "Capital Expenditures 2023", "Capital Expenditures 2022",
        "Capital Expenditures 2021", "Depreciation & Amortization 2023", "Depreciation & Amortization 2022",
        "Depreciation & Amortization 2021"]
    collins = next(r for r in table.rows if r.label == "Collins Aerospace")
    assert [c.text for c in collins.cells] == ["72,085", "70,404", "628", "671", "697", "724", "756", "741"]
