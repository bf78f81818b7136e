"""Balances or flows: the period-type model reads a row's label, and cells under a
bare year or date column take the kind of period their row holds (periodtypes.py).
Fixture: RTX 10-K 2023, its cover and its debt note, with the filer's tagged facts."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from segmenter.doccontext import DocumentContext, text_to_document_context
from segmenter.fiscalcalendar import FiscalCalendar
from segmenter.ixbrl import read_filing
from segmenter.periodtypes import is_bare_date_label
from segmenter.pipeline import Segmenter
from segmenter.settings import Settings
from segmenter.tables import TableSettings
from segmenter.trainingdata import filing_to_row_periods
from segmenter.types import Period

FIXTURES = Path(__file__).parent / "fixtures"
RTX = FIXTURES / "doccontext" / "RTX-10-K-2023-12-31-cover-and-debt-note"
NKE = FIXTURES / "evaluate" / "NKE-10-K-2024-05-31-notes-2-5.html.gz"


@pytest.mark.parametrize(("label", "bare"), [
    ("2023", True), ("December 31, 2023", True), ("2023 Carrying Amount", True), ("Fiscal 2024", True),
    ("Year Ended December 31, 2023", False), ("As of December 31, 2023", False), ("At June 30, 2025", False),
    ("Three Months Ended July 2, 2023", False), ("Balance at December 31, 2022", False), ("Total", False),
    # GME 10-K 2023 segments: property under the same column as sales
    ("United States As of and for the Fiscal Year Ended February 3, 2024", True),
])
def test_which_headers_leave_the_kind_of_period_open(label, bare):
    assert is_bare_date_label(label) is bare


def test_the_shipped_model_tells_balances_from_flows(segmenter_instance):
    model = segmenter_instance.classifier.period_types
    balances = ["Raw materials", "Total inventories", "Accounts payable", "Goodwill", "5.150% notes due 2033 (1)"]
    flows = ["Net sales", "Interest expense", "Depreciation and amortization", "Net income", "Cost of sales"]
    assert list(model.predict(balances)) == ["instant"] * len(balances)
    assert list(model.predict(flows)) == ["duration"] * len(flows)


def _periods_right(segmenter: Segmenter) -> tuple[int, int, dict]:
    text = RTX.with_suffix(".txt").read_text(encoding="utf-8")
    facts = json.loads(RTX.with_suffix(".json").read_text(encoding="utf-8"))["facts"]
    doc = segmenter.segment(text, name=RTX.name)
    cells = {cell.start: table.period_of(cell) for table in doc.tables for _, _, cell in table.values()}
    right = sum(cells.get(f["start"]) is not None and cells[f["start"]].to_dict() == f["period"] for f in facts)
    return right, len(facts), {f["start"]: cells.get(f["start"]) for f in facts}


def test_debt_under_bare_years_is_a_balance_at_the_year_end(segmenter_instance):
    right, total, got = _periods_right(segmenter_instance)
    plain, _, _ = _periods_right(Segmenter(settings=Settings(tables=TableSettings(use_period_types=False))))
    facts = json.loads(RTX.with_suffix(".json").read_text(encoding="utf-8"))["facts"]
    notes_2033 = [f for f in facts if f["row"] == "5.150% notes due 2033 (1)"]
    assert {f["period"]["instant"] for f in notes_2033} == {"2023-12-31", "2022-12-31"}
    for fact in notes_2033:
        assert got[fact["start"]] == Period(instant=date.fromisoformat(fact["period"]["instant"]))
    assert total == 127 and right >= 105 and plain <= 60  # 108 and 48 when written


def test_a_fiscal_year_is_known_only_from_what_the_document_says():
    cover = text_to_document_context("FORM 10-K\nFor the fiscal year ended December 31, 2023\n")
    assert cover.fiscal_year_ending(date(2022, 12, 31)) == Period(start=date(2022, 1, 1), end=date(2022, 12, 31))
    assert cover.fiscal_year_ending(date(2023, 6, 30)) is None  # not a year end
    assert DocumentContext().fiscal_year_ending(date(2023, 12, 31)) is None  # no cover: a 10-Q or an excerpt
    # JNJ: the Sunday nearest the end of December
    jnj = DocumentContext(fiscal_calendar=FiscalCalendar(weekday=6, rule="nearest", month=12))
    assert jnj.fiscal_year_ending(date(2023, 1, 1)) == Period(start=date(2022, 1, 3), end=date(2023, 1, 1))
    assert jnj.fiscal_year_ending(date(2023, 12, 30)) is None


def test_training_rows_come_from_the_filers_tagged_facts():
    counts = filing_to_row_periods(read_filing(NKE))
    # NKE's notes 2-5: property, fair values and derivatives, all balances
    assert counts[("Land and improvements", "instant")] == 2
    assert counts[("Foreign exchange forwards and options(1)", "instant")] == 12
    assert all(kind == "instant" for _, kind in counts)


BA = FIXTURES / "doccontext" / "BA-10-K-2023-12-31-cover-and-leases-note"


def test_a_table_that_names_no_period_reports_the_covers(segmenter_instance):
    # BA 10-K 2023: lease maturities under "Operating leases | Finance lease obligations",
    # rows "2024" ... "Thereafter"; the filer tags them at the balance sheet date
    text = BA.with_suffix(".txt").read_text(encoding="utf-8")
    facts = json.loads(BA.with_suffix(".json").read_text(encoding="utf-8"))["facts"]
    maturities = [f for f in facts if f["row"] in ("2024", "2025", "Thereafter")]
    assert maturities and all(f["period"] == {"instant": "2023-12-31"} for f in maturities)

    def periods(segmenter: Segmenter) -> dict:
        doc = segmenter.segment(text, name=BA.name)
        return {cell.start: table.period_of(cell) for table in doc.tables for _, _, cell in table.values()}

    got = periods(segmenter_instance)
    assert all(got[f["start"]] == Period(instant=date(2023, 12, 31)) for f in maturities)
    plain = periods(Segmenter(settings=Settings(tables=TableSettings(use_period_types=False))))
    assert all(plain[f["start"]] is None for f in maturities)
    assert sum(got[f["start"]] is not None and got[f["start"]].to_dict() == f["period"] for f in facts) == len(facts)
    # without its cover the excerpt says no period, and none is made up
    body = text[text.index("For the fiscal year ended"):].split("\n", 1)[1]
    doc = segmenter_instance.segment(body, name=BA.name)
    assert all(table.period_of(cell) is None for table in doc.tables for _, column, cell in table.values()
               if column.label in ("Operating leases", "Finance lease obligations"))


def test_a_column_that_took_a_years_period_is_open_too(segmenter_instance):
    # JNJ 10-K 2023 debt: "2023 | Effective Rate % | 2022 | Effective Rate %". The rate
    # columns take their year's period (cellperiods.columns_to_group_period); the rows
    # are notes, balances, so both the amount and the rate are at the year's end, as
    # the filer tags them.
    from decimal import Decimal

    from segmenter.periodtypes import tables_to_period_types
    from segmenter.types import Cell, Column, Row, Table

    y23 = Period(start=date(2023, 1, 2), end=date(2023, 12, 31))
    columns = (Column("2023", y23, 0, 4), Column("Effective Rate %", y23, 5, 21))
    rows = tuple(
        Row(label, (Cell(0, Decimal(amount), str(amount), 10**6, 30 * i, 30 * i + 3),
                    Cell(1, Decimal(rate), rate, None, 30 * i + 5, 30 * i + 9, unit="%")), 30 * i, 30 * i + 10)
        for i, (label, amount, rate) in enumerate([
            ("5.95% Notes due 2037", 995, "5.99"), ("3.625% Notes due 2037", 1_497, "3.73"),
            ("4.375% Notes due 2033", 856, "4.40")]))
    table = Table(caption=None, scale=10**6, unit="USD", columns=columns, rows=rows, start=0, end=90)
    document = DocumentContext(fiscal_calendar=FiscalCalendar(weekday=6, rule="nearest", month=12))
    (typed,) = tables_to_period_types([table], segmenter_instance.classifier.period_types, document)
    assert {typed.period_of(c) for r in typed.rows for c in r.cells} == {Period(instant=date(2023, 12, 31))}


def _facts_and_periods(segmenter: Segmenter, stem: Path) -> tuple[list[dict], dict]:
    """A doccontext fixture's tagged facts, and the period segmenter gives each cell."""
    facts = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))["facts"]
    doc = segmenter.segment(stem.with_suffix(".txt").read_text(encoding="utf-8"), name=stem.name)
    return facts, {cell.start: table.period_of(cell) for table in doc.tables for _, _, cell in table.values()}


def _assert_filers_periods(facts: list[dict], got: dict) -> None:
    for fact in facts:
        assert got.get(fact["start"]) is not None and got[fact["start"]].to_dict() == fact["period"], fact


SJM = FIXTURES / "doccontext" / "SJM-10-K-2024-04-30-cover-and-pensions-note"


def test_rows_after_a_roll_forwards_closing_balance_are_balances(segmenter_instance):
    # SJM 10-K 2024 pensions: under "Defined Benefit Pension Plans | Year Ended April 30,
    # 2024 | 2023" the obligation and plan assets roll forward, then "Funded status of the
    # plans" and the balance-sheet lines follow the closing "Fair value of plan assets at
    # end of year". The filer tags them at the year's end; the flows above stay durations.
    facts, got = _facts_and_periods(segmenter_instance, SJM)
    after = [f for f in facts if f["row"] in ("Funded status of the plans", "Net benefit liability",
                                              "Other noncurrent assets", "Accrued compensation")]
    flows = [f for f in facts if f["row"] in ("Service cost", "Benefits paid", "Actual return on plan assets")]
    assert len(after) >= 12 and all("instant" in f["period"] for f in after)
    assert flows and all("start" in f["period"] for f in flows)
    _assert_filers_periods(after + flows, got)


JNJ_PENSIONS = FIXTURES / "doccontext" / "JNJ-10-K-2023-12-31-cover-and-pensions-note"


def test_balances_between_two_closing_balances_are_balances(segmenter_instance):
    # JNJ 10-K 2023 pensions, the plan-assets part: "Plan assets at fair value — end of
    # year", then "Funded status — end of year", the balance-sheet lines, "Total
    # recognized in the consolidated balance sheet" (another closing balance) and the AOCI
    # lines. The lines between and after those closings are balances too; the flows of the
    # roll-forward stay durations. The excerpt lacks JNJ's 52-53 week calendar, so only the
    # 2023 instants are compared with the filer's day.
    facts, got = _facts_and_periods(segmenter_instance, JNJ_PENSIONS)
    after = [f for f in facts if f["row"] in ("Non-current assets", "Current liabilities", "Non-current liabilities",
                                              "Net actuarial loss", "Total before tax effects")]
    flows = [f for f in facts if f["row"] in ("Company contributions", "Benefits paid from plan assets")]
    assert len(after) == 20 and all("instant" in f["period"] for f in after)
    assert all(got.get(f["start"]) is not None and got[f["start"]].instant is not None for f in after)
    _assert_filers_periods([f for f in after if f["period"]["instant"] == "2023-12-31"], got)
    assert flows and all(got.get(f["start"]) is not None and got[f["start"]].start is not None for f in flows)


LOW_EQUITY = FIXTURES / "doccontext" / "LOW-10-K-2024-02-02-cover-and-equity-note"


def test_rows_that_name_a_fiscal_quarter_hold_that_quarter(segmenter_instance):
    # LOW 10-K 2023 accelerated share repurchases: rows "Q1 2021" ... "Q3 2023" beside the
    # agreement amounts and shares delivered, under columns that name no period. With the
    # 52/53-week rule the cover states ("the Friday nearest the end of January"), each row
    # holds its fiscal quarter: Q4 2022 ran from October 29, 2022 to February 3, 2023.
    facts, got = _facts_and_periods(segmenter_instance, LOW_EQUITY)
    quarters = [f for f in facts if re.fullmatch(r"Q[1-4] 20\d\d", f["row"]) and "start" in f["period"]]
    assert len(quarters) >= 40
    _assert_filers_periods(quarters, got)
    assert {"start": "2022-10-29", "end": "2023-02-03"} in [f["period"] for f in quarters if f["row"] == "Q4 2022"]


PEP = FIXTURES / "doccontext" / "PEP-10-K-2023-12-30-cover-and-segments-note"


def test_a_column_that_names_a_flow_holds_flows(segmenter_instance):
    # PEP 10-K 2023 segments: "Amortization of Intangible Assets" over "2023 | 2022 | 2021",
    # rows "FLNA", "QFNA", ... The column's "Assets" does not make its values balances:
    # the noun it names first, "Amortization", is a flow, and the filer tags each year.
    # "Total Assets 2023" beside it stays a balance at the year's end.
    facts, got = _facts_and_periods(segmenter_instance, PEP)
    amortization = [f for f in facts if "AmortizationOfIntangibleAssets" in f["concept"]]
    balances = [f for f in facts if f["concept"] == "us-gaap:Assets" and f["period"] == {"instant": "2023-12-30"}]
    assert len(amortization) >= 15 and all("start" in f["period"] for f in amortization)
    assert len(balances) >= 8
    _assert_filers_periods(amortization + balances, got)



PEP_PENSIONS = FIXTURES / "html" / "pep-10-k-2023-pensions-note.html.gz"


def test_a_page_break_after_the_closing_balance_keeps_the_rows_after_it_balances(segmenter_instance):
    # PEP 10-K 2023 pensions (HTML): the roll-forward under "Pension U.S. 2023 | 2022 |
    # International ..." closes with "Fair value at end of year" and "Funded status"; a page
    # break follows, and the next page's table carries on with "Amounts recognized", "Other
    # assets", "Other liabilities", "Net amount recognized" without a header. The filer tags
    # those at the year's end, as before the break; the flows after them stay durations.
    from segmenter.align import document_to_text
    from segmenter.answerkey import filing_to_answer_key
    from segmenter.ixbrl import fact_to_row_label, read_filing

    key = filing_to_answer_key(read_filing(PEP_PENSIONS))
    doc, _ = document_to_text(segmenter_instance.segment(str(PEP_PENSIONS)), key.text)
    got = {cell.start: table.period_of(cell) for table in doc.tables for _, _, cell in table.values()}
    rows = {start: (fact_to_row_label(fact.element), fact.period) for fact, start, _ in key.facts}
    after = [s for s, (row, _) in rows.items() if row in ("Other assets", "Other liabilities", "Net amount recognized")]
    flows = [s for s, (row, _) in rows.items()
             if row in ("Net loss/(gain) arising in current year", "Amortization and settlement recognition")]
    assert len(after) == 18 and all(rows[s][1].instant is not None for s in after)
    assert len(flows) == 12 and all(rows[s][1].start is not None for s in flows)
    assert [got.get(s) for s in after + flows] == [rows[s][1] for s in after + flows]


SJM_SEGMENTS = FIXTURES / "doccontext" / "SJM-10-K-2024-04-30-cover-and-segments-note"


def test_rows_under_a_balance_head_are_balances(segmenter_instance):
    # SJM 10-K 2024 segments, geographic table under "Year Ended April 30, 2024 | 2023 |
    # 2022": "Net sales:" over "United States", "International:", "Canada", ..., then
    # "Assets:" over the same rows, "International:" again, and "Long-lived assets ...:".
    # The filer tags the rows under "Assets:" and "Long-lived assets" at each April 30;
    # "International:" under "Assets:" says no kind and keeps the one above it. The same
    # rows under "Net sales:" stay durations.
    facts, got = _facts_and_periods(segmenter_instance, SJM_SEGMENTS)
    geography = ("United States", "Canada", "All other international", "Total international")
    balances = [f for f in facts if f["row"] in geography and "instant" in f["period"]]
    flows = [f for f in facts if f["row"] in geography and "start" in f["period"]]
    assert len(balances) == 24 and len(flows) == 12
    _assert_filers_periods(balances + flows, got)
    # and every other value of the note, as the filer tags it
    _assert_filers_periods(facts, got)


RTX_COMMITMENTS = FIXTURES / "doccontext" / "RTX-10-K-2023-12-31-cover-and-commitments-note"


def test_balances_due_in_future_years_are_as_of_the_report_date(segmenter_instance):
    # RTX 10-K 2023 commitments: "Committed | 2024 | 2025 | ... | 2028 | Thereafter" over
    # commitment rows, "as of December 31, 2023". The rows read as balances, which dates a
    # bare year's cell at that year's end; the filer tags every amount, the "Committed"
    # total first, at December 31, 2023.
    facts, got = _facts_and_periods(segmenter_instance, RTX_COMMITMENTS)
    due = [f for f in facts if "commitments" in f["row"].lower() or f["row"] == "Collaboration partners’ share"]
    assert len(due) >= 20 and {json.dumps(f["period"]) for f in due} == {'{"instant": "2023-12-31"}'}
    _assert_filers_periods(due, got)


BA_FINANCING = FIXTURES / "doccontext" / "BA-10-K-2023-12-31-cover-and-financing-receivables-note"


def test_years_of_origination_are_no_period(segmenter_instance):
    # BA 10-K 2023 customer financing, "by internal credit rating category and year of
    # origination": "Current | 2022 | 2021 | 2020 | 2019 | Prior | Total" over ratings "BBB",
    # "BB", "B", "CCC". The years say when the loans were made; the filer tags every balance
    # at December 31, 2023.
    facts, got = _facts_and_periods(segmenter_instance, BA_FINANCING)
    ratings = [f for f in facts if f["row"] in ("BBB", "BB", "B", "CCC")]
    assert len(ratings) >= 15 and {json.dumps(f["period"]) for f in ratings} == {'{"instant": "2023-12-31"}'}
    _assert_filers_periods(ratings, got)


GME_SEGMENTS = FIXTURES / "doccontext" / "GME-10-K-2024-02-03-cover-and-segments-note"


def test_a_column_as_of_and_for_a_year_leaves_the_kind_to_each_row(segmenter_instance):
    # GME 10-K 2023 segments: "United States | Canada | ... As of and for the Fiscal Year
    # Ended February 3, 2024" over net sales, operating earnings, capital expenditures and
    # "Property and equipment, net". The filer tags the property at February 3, 2024 and
    # the rest over fiscal 2023, in columns that say both.
    facts, got = _facts_and_periods(segmenter_instance, GME_SEGMENTS)
    assert any("As of and for" in line for line in GME_SEGMENTS.with_suffix(".txt").read_text().splitlines())
    balances = [f for f in facts if f["row"] == "Property and equipment, net"]
    flows = [f for f in facts if f["row"] in ("Net sales", "Capital expenditures")]
    assert len(balances) >= 8 and all("instant" in f["period"] for f in balances)
    assert len(flows) >= 16 and all("start" in f["period"] for f in flows)
    _assert_filers_periods(balances + flows, got)
