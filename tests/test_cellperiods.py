"""Periods stated outside the columns' own headers: dated and edge rows of
roll-forwards, and columns sharing their header's one period (cellperiods.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from segmenter.cellperiods import (
    columns_to_change_period,
    columns_to_rollforward_period,
    columns_to_group_period,
    columns_to_report_instant,
    columns_to_shared_period,
    row_label_to_period,
)
from segmenter.output import output_schema
from segmenter.types import Column, Period

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
YEAR_2022 = Period(start=date(2022, 1, 1), end=date(2022, 12, 31))
YEAR_2023 = Period(start=date(2023, 1, 1), end=date(2023, 12, 31))


@pytest.mark.parametrize(
    ("label", "instant"),
    [
        ("Balance at December 31, 2022", date(2022, 12, 31)),  # BMY, KHC, TMO 10-Ks
        ("Balance as of December 31, 2021", date(2021, 12, 31)),  # ABBV 10-K
        ("Balance December 31, 2022", date(2022, 12, 31)),  # AMC 10-Q
        ("Outstanding at May 31, 2024", date(2024, 5, 31)),
        ("December 31, 2023", date(2023, 12, 31)),
        ("Balance as of January 1", date(2022, 12, 31)),  # RTX 10-K: the day before the column's year
        ("Balance as of December 31", date(2023, 12, 31)),
        ("Balance at beginning of year", date(2022, 12, 31)),
        ("Balance, beginning of period", date(2022, 12, 31)),
        ("Beginning balance", date(2022, 12, 31)),
        ("Balance at end of year", date(2023, 12, 31)),
        ("Ending balance", date(2023, 12, 31)),
        ("Cash, cash equivalents and restricted cash at end of period", date(2023, 12, 31)),
    ],
)
def test_rows_that_name_an_instant(label, instant):
    assert row_label_to_period(label, YEAR_2023) == Period(instant=instant)


@pytest.mark.parametrize(
    "label",
    [
        "3.250% Notes due December 15, 2025",  # a date in a debt instrument's name is not the row's period
        "Acquisitions",
        "Write-offs charged against the allowance",
        "Year ended December 31, 2023",  # a duration is the column's business, not a row instant
        "Notes issued on March 1, 2023",
    ],
)
def test_rows_that_name_none(label):
    assert row_label_to_period(label, YEAR_2023) is None


def test_edge_rows_need_a_duration_column():
    assert row_label_to_period("Balance at beginning of year", None) is None
    assert row_label_to_period("Ending balance", Period(instant=date(2023, 12, 31))) is None


def test_columns_share_their_headers_one_period():
    dated = Period(instant=date(2024, 8, 31))
    # WBA 10-K fair values: "August 31, 2024" over the total, then Level 1 / 2 / 3
    cols = (Column("August 31, 2024", dated, 0, 1), Column("Level 1", None, 2, 3), Column("Level 2", None, 4, 5))
    assert [c.period for c in columns_to_shared_period(cols)] == [dated] * 3
    # two periods named: nothing is shared; a column naming another year keeps None
    two = (Column("2024", dated, 0, 1), Column("2023", Period(instant=date(2023, 8, 31)), 2, 3), Column("Change", None, 4, 5))
    assert columns_to_shared_period(two) == two
    other = (Column("August 31, 2024", dated, 0, 1), Column("Fiscal 2023 budget", None, 2, 3))
    assert columns_to_shared_period(other) == other


def test_a_column_after_each_dated_column_takes_its_period() -> None:
    # JNJ 10-K 2023 debt: "2023 | Effective Rate % | 2022 | Effective Rate %", each rate
    # tagged at its year's balance date
    y23 = Period(start=date(2023, 1, 2), end=date(2023, 12, 31))
    y22 = Period(start=date(2022, 1, 3), end=date(2023, 1, 1))
    cols = (Column("2023", y23, 0, 1), Column("", None, 2, 2), Column("Effective Rate %", None, 3, 4),
            Column("2022", y22, 5, 6), Column("", None, 7, 7), Column("Effective Rate %", None, 8, 9))
    assert [c.period for c in columns_to_group_period(cols)] == [y23, None, y23, y22, None, y22]
    # not once after each dated column: left alone
    before = (Column("Effective Rate %", None, 0, 1), Column("2023", y23, 2, 3),
              Column("Effective Rate %", None, 4, 5), Column("2022", y22, 6, 7))
    assert columns_to_group_period(before) == before
    once = (Column("2023", y23, 0, 1), Column("2022", y22, 2, 3), Column("Effective Rate %", None, 4, 5))
    assert columns_to_group_period(once) == once
    # change columns are the change rule's
    change = (Column("2023", y23, 0, 1), Column("% Change", None, 2, 3),
              Column("2022", y22, 4, 5), Column("% Change", None, 6, 7))
    assert columns_to_group_period(change) == change


def test_an_opening_balance_column_on_the_first_is_the_close_before() -> None:
    # BA 10-K 2023, Level 3 roll-forward in columns: "January 1 2022 Balance | Net Realized
    # and Unrealized Gains/(Losses) | ... | December 31 2022 Balance"; BA tags the opening
    # balance at 2021-12-31 and the flows over 2022-01-01..2022-12-31
    cols = (Column("January 1 2022 Balance", Period(instant=date(2022, 1, 1)), 0, 1),
            Column("Net Realized and Unrealized Gains/(Losses)", None, 2, 3),
            Column("December 31 2022 Balance", Period(instant=date(2022, 12, 31)), 4, 5))
    assert [c.period for c in columns_to_rollforward_period(cols)] == [
        Period(instant=date(2021, 12, 31)), YEAR_2022, Period(instant=date(2022, 12, 31))]
    # a 52/53-week filer's "January 1" is its own year end (JNJ): it stays
    weeks = columns_to_rollforward_period(cols, month_calendar=False)
    assert [c.period for c in weeks] == [
        Period(instant=date(2022, 1, 1)), Period(start=date(2022, 1, 2), end=date(2022, 12, 31)),
        Period(instant=date(2022, 12, 31))]


def test_one_label_at_two_dates_is_a_roll_forward_across_columns():
    # JNJ 10-K 2024 equity investments, as labelled in its HTML table: the filer tags the
    # flows from January 2, 2023 (a 52/53-week year that closed on January 1)
    jan1, dec31 = Period(instant=date(2023, 1, 1)), Period(instant=date(2023, 12, 31))
    cols = (Column("January 1, 2023 Carrying Value", jan1, 0, 1),
            Column("Changes in Fair Value Reflected in Net Income(1)", None, 2, 3),
            Column("Sales/ Purchases/ Other(2)", None, 4, 5),
            Column("December 31, 2023 Carrying Value", dec31, 6, 7),
            Column("December 31, 2023 Non-Current Other Assets", dec31, 8, 9))
    flows = Period(start=date(2023, 1, 2), end=date(2023, 12, 31))
    assert [c.period for c in columns_to_rollforward_period(cols, month_calendar=False)] == [
        jan1, flows, flows, dec31, dec31]
    # a label that names a length of time heads periods, not balances: "Fiscal Second
    # Quarter Ended | Fiscal Six Months Ended" over "June 29, 2025 | June 30, 2024 | Percent
    # Change" twice (JNJ 10-Q)
    q25 = Period(start=date(2025, 3, 31), end=date(2025, 6, 29))
    q24 = Period(start=date(2024, 4, 1), end=date(2024, 6, 30))
    h25 = Period(start=date(2024, 12, 30), end=date(2025, 6, 29))
    h24 = Period(start=date(2024, 1, 1), end=date(2024, 6, 30))
    quarter = (Column("Fiscal Second Quarter Ended June 29, 2025", q25, 0, 1),
               Column("Fiscal Second Quarter Ended June 30, 2024", q24, 2, 3),
               Column("Fiscal Second Quarter Ended Percent Change", None, 4, 5),
               Column("Fiscal Six Months Ended June 29, 2025", h25, 6, 7),
               Column("Fiscal Six Months Ended June 30, 2024", h24, 8, 9),
               Column("Fiscal Six Months Ended Percent Change", None, 10, 11))
    assert columns_to_rollforward_period(quarter, month_calendar=False) == quarter


def test_an_undated_column_beside_dated_balances_holds_the_report_days():
    # HD 10-K fiscal 2024 debt, as labelled in its HTML table: "Principal Amount" beside the
    # carrying amounts at "February 2, 2025" and "January 28, 2024"; HD tags the principal
    # at February 2, 2025, the day the report is on. A change column keeps none; the
    # column of words ("Semi-annually") takes the day too but holds no values to date.
    feb2, jan28 = Period(instant=date(2025, 2, 2)), Period(instant=date(2024, 1, 28))
    cols = (Column("Interest Payable", None, 0, 1), Column("Principal Amount", None, 2, 3),
            Column("Carrying Amount (1) February 2, 2025", feb2, 4, 5),
            Column("Carrying Amount (1) January 28, 2024", jan28, 6, 7), Column("Change", None, 8, 9))
    assert [c.period for c in columns_to_report_instant(cols, date(2025, 2, 2))] == [
        feb2, feb2, feb2, jan28, None]
    # only when the latest balance is the report's day, and only beside balances
    assert columns_to_report_instant(cols, date(2025, 5, 4)) == cols
    years = (Column("Principal Amount", None, 0, 1), Column("2024", YEAR_2023, 2, 3), Column("2023", YEAR_2022, 4, 5))
    assert columns_to_report_instant(years, date(2023, 12, 31)) == years


def test_rtx_roll_forward_rows_get_the_filers_instants(segmenter_instance):
    stem = CORPUS / "RTX-10-K-2023-12-31-receivables"
    facts = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))["facts"]
    doc = segmenter_instance.segment(stem.with_suffix(".txt"))
    cells = {cell.start: (table, cell) for table in doc.tables for _, _, cell in table.values()}
    rows = [f for f in facts if f["row"].startswith("Balance as of")]
    assert len(rows) == 4
    for fact in rows:
        table, cell = cells[fact["start"]]
        assert table.period_of(cell).to_dict() == fact["period"], fact
    # the flows between name no period of their own (their bare-year columns name none
    # either in this excerpt: nothing in it says the years are years ended December 31)
    flows = [f for f in facts if f["row"].startswith("Write-offs")]
    assert flows
    for fact in flows:
        table, cell = cells[fact["start"]]
        assert cell.period is None and table.period_of(cell) is None
    # and the JSON output carries the cell's own period
    out = json.dumps(doc.to_dict())
    assert '"period": {"instant": "2021-12-31"}' in out
    jsonschema.validate(doc.to_dict(), output_schema())


def test_change_columns_take_the_later_year_they_name():
    # JNJ 10-K 2023 sales by segment: three fiscal years, then two change columns
    years = {2023: Period(start=date(2023, 1, 2), end=date(2023, 12, 31)),
             2022: Period(start=date(2022, 1, 3), end=date(2023, 1, 1)),
             2021: Period(start=date(2021, 1, 4), end=date(2022, 1, 2))}
    columns = tuple(Column(str(y), p, 0, 4) for y, p in years.items()) + (
        Column("% Change ’23 vs. ’22", None, 0, 4), Column("% Change ’22 vs. ’21", None, 0, 4))
    out = columns_to_change_period(columns)
    assert [c.period for c in out] == [years[2023], years[2022], years[2021], years[2023], years[2022]]


def test_a_change_column_naming_no_year_takes_the_latest_of_its_group():
    q23, q22 = Period(start=date(2023, 4, 3), end=date(2023, 7, 2)), Period(start=date(2022, 4, 4), end=date(2022, 7, 3))
    columns = (Column("July 2, 2023", q23, 0, 1), Column("July 3, 2022", q22, 0, 1), Column("Percent Change", None, 0, 1))
    assert columns_to_change_period(columns)[2].period == q23
    # a change column alone, or beside columns of no period, stays without one
    assert columns_to_change_period((Column("Change", None, 0, 1),))[0].period is None
    assert columns_to_change_period((Column("Total", None, 0, 1), Column("Change", None, 0, 1)))[1].period is None


def test_six_months_start_the_day_after_the_year_end_balance_date(segmenter_instance):
    # PFE 10-Q 2023 (Notes 2-3 as filed): "Six Months Ended July 2, 2023" counts back to
    # January 2, but PFE's year began on January 1, the day after the balance date
    # "December 31, 2022" its balance sheet prints. The filer's own contexts say so.
    from segmenter.cellperiods import tables_to_named_starts
    from segmenter.ixbrl import read_filing

    path = Path(__file__).parent / "fixtures" / "numbering" / "PFE-10-Q-2023-07-02-lettered-subsections-notes-2-3.html.gz"
    tables = [t for t in segmenter_instance.segment(path).tables]
    tagged = {f.period for f in read_filing(path).facts if f.period is not None and f.period.start is not None}
    six = Period(start=date(2023, 1, 2), end=date(2023, 7, 2))
    assert any(c.period == six for t in tables for c in t.columns)  # no balance date in the excerpt
    moved = tables_to_named_starts(tables, [date(2022, 12, 31)])
    periods = {c.period for t in moved for c in t.columns if c.period is not None and c.period.start is not None}
    assert Period(start=date(2023, 1, 1), end=date(2023, 7, 2)) in periods and six not in periods
    assert Period(start=date(2023, 1, 1), end=date(2023, 7, 2)) in tagged
    # a quarter keeps its counted start: the end of the quarter before is seldom printed
    assert {p for p in periods if p.end == date(2023, 7, 2) and (p.end - p.start).days < 100} <= tagged
