"""Scales and periods that tables leave to their rows, their columns' words and the
document: each test segments a real excerpt (a filing's cover, the lines that state
its scale, one note; tests/fixtures/doccontext) and checks the cells against the
filer's own tags in the .json beside it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from segmenter.doccontext import text_to_document_context
from segmenter.tables import TableSettings, label_to_row_kind

FIXTURES = Path(__file__).parent / "fixtures" / "doccontext"


def _load(name: str) -> tuple[str, list[dict]]:
    stem = FIXTURES / name
    return stem.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(stem.with_suffix(".json").read_text())["facts"]


def _checked(segmenter, name: str) -> list[tuple[dict, bool, bool]]:
    """(fact, value right, period right) for every tagged fact of the excerpt."""
    text, facts = _load(name)
    doc = segmenter.segment(text, name=name)
    cells = {cell.start: (table, cell) for table in doc.tables for _, _, cell in table.values()}
    out = []
    for fact in facts:
        table, cell = cells.get(fact["start"], (None, None))
        if cell is None or cell.value is None:
            out.append((fact, False, False))
            continue
        period = table.period_of(cell)
        value_right = fact["scale"] == -2 or abs(cell.value) == abs(Decimal(str(fact["value"])))
        out.append((fact, value_right, period is not None and period.to_dict() == fact["period"]))
    return out


@pytest.mark.parametrize(("label", "kind"), [
    ("Weighted-average remaining lease term (years)", "count"),
    ("Remaining term in years", "count"),
    ("After one year through five years", "money"),  # GE 10-K: a maturity bucket
    ("Additions for tax positions of prior years", "money"),  # GE 10-K
    ("U.S. federal statutory income tax rate", "percent"),
    ("Discount rate used to determine interest cost", "percent"),  # SJM 10-K pension assumptions
    ("Portion that, if recognized, would reduce tax expense and effective tax rate", "money"),  # GE 10-K
])
def test_what_a_row_label_says_of_its_values(label, kind):
    assert label_to_row_kind(label, TableSettings()) == kind


def test_ge_income_taxes_money_beside_rates(segmenter_instance):
    # "Unless otherwise noted, tables are presented in U.S. dollars in millions": no table
    # of the note states a scale. A "%" further down a column ("... effective tax rate")
    # no longer makes rates of the money above it, and "prior years" is no count of years.
    checked = _checked(segmenter_instance, "GE-10-K-2023-12-31-cover-and-income-taxes-note")
    wrong_values = [f["row"] for f, value_right, _ in checked if not value_right]
    assert len(wrong_values) <= 19, wrong_values  # 45 before: whole columns read as rates
    by_row = {f["row"]: value_right for f, value_right, _ in checked}
    for row in ("Additions for tax positions of prior years", "Unrecognized tax benefits",
                "Portion that, if recognized, would reduce tax expense and effective tax rate(a)"):
        assert by_row[row], row


def test_ge_lease_cash_flows_are_money_though_a_rate_row_follows(segmenter_instance):
    checked = _checked(segmenter_instance, "GE-10-K-2023-12-31-cover-and-property-note")
    assert all(value_right for _, value_right, _ in checked)  # 6 wrong before


def test_unp_millions_in_the_stub_header_scales_the_table(segmenter_instance):
    # "Millions, except per share amounts" heads the label column, nothing else states a scale
    checked = _checked(segmenter_instance, "UNP-10-Q-2025-06-30-cover-and-eps-note")
    assert checked and all(value_right and period_right for _, value_right, period_right in checked)


def test_pep_aoci_flows_span_the_balances_around_them(segmenter_instance):
    # Columns "Currency Translation Adjustment", "Cash Flow Hedges", ... name no period; the
    # changes between "Balance as of December 31, 2022" and "Balance as of March 25, 2023"
    # are the quarter's, and so on down the stacked quarters.
    checked = _checked(segmenter_instance, "PEP-10-Q-2023-09-09-cover-and-aoci-note")
    right = sum(period_right for _, _, period_right in checked)
    assert right >= 170, right  # 77 before
    second_quarter = [f for f, _, ok in checked if ok and f["period"] == {"start": "2023-03-26", "end": "2023-06-17"}]
    assert len(second_quarter) >= 20


def test_amzn_commitments_due_in_later_years_are_at_the_balance_date(segmenter_instance):
    # "Year Ended December 31, 2025" ... over the payments due: the filer tags them at
    # December 31, 2024, the day its 10-K reports on.
    checked = _checked(segmenter_instance, "AMZN-10-K-2024-12-31-cover-and-commitments-note")
    future = [ok for f, _, ok in checked if f["period"] == {"instant": "2024-12-31"}]
    assert len(future) >= 35 and all(future)


def test_amzn_a_price_column_is_per_unit_beside_counts_in_millions(segmenter_instance):
    # The RSU roll-forward: "Number of Units" (in millions) and "Weighted Average Grant-Date
    # Fair Value", dollars per unit, which the filer tags unscaled (134, 142, ...).
    checked = _checked(segmenter_instance, "AMZN-10-K-2024-12-31-cover-and-stock-compensation-note")
    prices = [ok for f, ok, _ in checked if f["scale"] == 0]
    assert len(prices) >= 13 and all(prices)
    assert all(ok for _, ok, _ in checked)


def test_low_money_under_a_per_share_section_stays_money(segmenter_instance):
    # "Basic earnings per common share:" opens a section whose first rows are money in
    # millions ("Net earnings | 2,673"); only its last row is the amount per share.
    checked = _checked(segmenter_instance, "LOW-10-Q-2023-08-04-cover-and-eps-note")
    money = [ok for f, ok, _ in checked if f["row"].startswith(("Net earnings", "Less: Net earnings"))]
    assert len(money) == 24 and all(money)
    assert all(ok for _, ok, _ in checked)


def test_low_a_53_week_year_starts_after_the_year_before_ends(segmenter_instance):
    # LOW 10-K 2023, other financial information: "The Company's fiscal year ends on the Friday nearest the end of
    # January. Fiscal 2022 contained 53 weeks". "Years Ended February 3, 2023" ran from
    # January 29, 2022, as the filer tags it; 52 weeks would start it on February 5.
    checked = _checked(segmenter_instance, "LOW-10-K-2024-02-02-cover-and-other-information-note")
    fiscal_2022 = [ok for f, _, ok in checked if f["period"] == {"start": "2022-01-29", "end": "2023-02-03"}]
    assert len(fiscal_2022) >= 30 and all(fiscal_2022)
    # every flow of the three years, 52 weeks and 53
    assert all(v and p for f, v, p in checked if "start" in f["period"])


def test_gme_rows_under_a_fiscal_year_row_are_that_year(segmenter_instance):
    # GME 10-K 2023, asset impairments: "United States | Canada | ... | Total" over rows
    # "Fiscal 2023", "Fiscal 2022", "Fiscal 2021", each a year alone over its charges.
    # With the 52/53-week rule from the first note, each block is its own fiscal year
    # (2023 ran 53 weeks, from January 29, 2023), as the filer tags it. (The excerpt
    # keeps one of the page headers that state the scale, too few to set it.)
    checked = _checked(segmenter_instance, "GME-10-K-2024-02-03-cover-and-asset-impairments-note")
    years = {f["period"]["start"] for f, _, _ in checked}
    assert years == {"2021-01-31", "2022-01-30", "2023-01-29"}
    assert len(checked) == 30 and all(p for _, _, p in checked)


def test_cvx_a_scale_line_cut_off_over_empty_cells_scales_the_table(segmenter_instance):
    # CVX 10-Q 2023 Q2, AOCL by component, pipe text: "(Millions of dollars)" heads a run
    # of empty cells that reads as a block of its own before the table. Its words still
    # scale the table (the filer tags every value in millions).
    checked = _checked(segmenter_instance, "CVX-10-Q-2023-06-30-cover-and-aoci-note")
    assert len(checked) == 50 and all(v and p for _, v, p in checked)


def test_csco_share_based_expense_in_millions_is_money(segmenter_instance):
    # "share-based compensation expense (in millions)" scales money: "share-based" is no
    # statement about share counts.
    checked = _checked(segmenter_instance, "CSCO-10-Q-2023-04-29-cover-and-stock-compensation-note")
    expense = [ok for f, ok, _ in checked if f["row"] in ("Cost of sales—product", "Total share-based compensation expense")]
    assert len(expense) == 8 and all(expense)
    assert all(ok for _, ok, _ in checked)


def test_jnj_rows_at_a_date_name_their_instant(segmenter_instance):
    checked = _checked(segmenter_instance, "JNJ-10-K-2024-12-29-cover-and-equity-note")
    at = [ok for f, _, ok in checked if f["row"].startswith("Shares at ")]
    assert at and all(at)


def test_a_10q_cover_wins_over_the_10k_its_glossary_names():
    # PFE 10-Q: "For the quarterly period ended July 2, 2023", then a glossary entry
    # "Annual Report on Form 10-K for the fiscal year ended December 31, 2022"
    text, _ = _load("PFE-10-Q-2023-07-02-cover-and-restructuring-note")
    assert "for the fiscal year ended December 31, 2022" in text
    context = text_to_document_context(text)
    assert (context.period_end, context.year_end) == (date(2023, 7, 2), None)


def test_pfe_quarters_stay_durations(segmenter_instance):
    # read against the glossary's December 31, 2022, the quarter would lie after the
    # period reported on, and its amounts would be moved to that instant
    checked = _checked(segmenter_instance, "PFE-10-Q-2023-07-02-cover-and-restructuring-note")
    quarters = [ok for f, _, ok in checked if f["period"] == {"start": "2023-04-03", "end": "2023-07-02"}]
    assert sum(quarters) >= 8


def test_ba_opening_balances_on_january_1_are_the_year_end_before(segmenter_instance):
    # BA's 10-K prints balance sheets at December 31, 2022 and 2021 elsewhere; given
    # those dates, "Balance at January 1, 2022" is December 31, 2021's balance, as BA
    # tags it. A filer that names January 1 itself as a balance date (JNJ) keeps it.
    from dataclasses import replace

    from segmenter.cellperiods import tables_to_opening_instants
    from segmenter.types import Period

    name = "BA-10-K-2023-12-31-cover-and-receivables-note"
    text, facts = _load(name)
    tables = segmenter_instance.segment(text, name=name).tables
    ends = [date(2021, 12, 31), date(2022, 12, 31), date(2023, 12, 31)]
    opening = [f for f in facts if f["row"].startswith("Balance at January 1")]
    assert len(opening) == 12

    def periods(tables):
        cells = {cell.start: (table, cell) for table in tables for _, _, cell in table.values()}
        return [cells[f["start"]][0].period_of(cells[f["start"]][1]).to_dict() for f in opening]

    assert periods(tables) == [f["period"] for f in opening]
    # the rule on its own, from the instants the rows' labels name
    starts = {f["start"] for f in opening}
    as_named = [replace(t, rows=tuple(replace(r, cells=tuple(
        replace(c, period=Period(instant=date(int(r.label[-4:]), 1, 1))) if c.start in starts else c
        for c in r.cells)) for r in t.rows)) for t in tables]
    assert periods(tables_to_opening_instants(as_named, ends)) == [f["period"] for f in opening]
    kept = periods(tables_to_opening_instants(as_named, ends + [date(2022, 1, 1), date(2023, 1, 1)]))
    assert kept == [{"instant": f"{f['row'][-4:]}-01-01"} for f in opening]
