"""The scale and fiscal year a whole document states, on real 10-K excerpts
(tests/fixtures/doccontext/README.md), checked against the filers' own tags."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from segmenter.doccontext import DocumentContext, text_to_document_context
from segmenter.output import output_schema
from segmenter.tables import cells_to_table
from segmenter.types import Period, RawCell

FIXTURES = Path(__file__).parent / "fixtures" / "doccontext"
RKT = FIXTURES / "RKT-10-K-2023-12-31-cover-and-note"
WBA = FIXTURES / "WBA-10-K-2024-08-31-cover-and-table"


def _load(stem: Path) -> tuple[str, list[dict]]:
    return stem.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(stem.with_suffix(".json").read_text())["facts"]


def _cells(doc) -> dict[int, tuple]:
    return {cell.start: (column, cell, table) for table in doc.tables for _, column, cell in table.values()}


def test_context_of_the_real_excerpts():
    rkt, _ = _load(RKT)
    wba, _ = _load(WBA)
    assert text_to_document_context(rkt).scale.scale == 1000
    assert text_to_document_context(rkt).fiscal_years == "fiscal years ended December 31"
    assert text_to_document_context(wba).fiscal_years == "fiscal years ended August 31"
    assert text_to_document_context(wba).scale is None  # one "(in millions)" is not a document's statement


def test_a_52_53_week_year_gives_no_fiscal_years():
    # KHC 10-K cover: December 30, 2023 is not a month end, so "2022" cannot be dated from it
    cover = "ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934\nFor the fiscal year ended December 30, 2023\n"
    assert text_to_document_context(cover).fiscal_years == ""
    assert text_to_document_context(cover.replace("December 30", "December 31")).fiscal_years == "fiscal years ended December 31"


def test_a_document_of_mixed_scales_states_none():
    text = "(in millions) (in thousands) (in millions) (in thousands) (in billions)"
    assert text_to_document_context(text).scale is None
    assert text_to_document_context("(in millions) ... (in millions) ... (in thousands)").scale.scale == 10**6
    assert text_to_document_context("") == DocumentContext()


def test_document_scale_gives_every_rkt_value_the_filers_scale(segmenter_instance):
    text, facts = _load(RKT)
    doc = segmenter_instance.segment(text, name=RKT.name)
    cells = _cells(doc)
    assert len(facts) > 150
    sources = set()
    for fact in facts:
        column, cell, table = cells[fact["start"]]
        # the running header "($ In Thousands, ...)" right above a table is page furniture:
        # the document's statement, not the table's caption
        assert table.scale == 1000 and table.scale_source in ("document", "context")
        sources.add(table.scale_source)
        assert cell.scale == 10 ** fact["scale"], fact
        assert cell.value == pytest.approx(fact["value"]) or abs(cell.value) == abs(fact["value"])
    assert "document" in sources
    jsonschema.validate(doc.to_dict(), output_schema())  # "document" is a scale source of the contract


def test_a_running_headers_scale_line_is_page_furniture(segmenter_instance):
    # RKT 10-K 2023: "Rocket Companies, Inc." / "Notes to Consolidated Financial Statements
    # (Continued)" / "($ In Thousands, Except Per Share Amounts Or Unless Otherwise Noted)"
    # head every page of the notes. The scale line heads no sub-section and captions no table.
    text, _ = _load(RKT)
    doc = segmenter_instance.segment(text, name=RKT.name)
    lines = [b for n in doc.notes for b in n.blocks if b.text.startswith("($ In Thousands")]
    assert lines
    assert all((b.kind, b.decided_by) == ("boilerplate", "rule:running_header") for b in lines)
    assert not any(t.caption and t.caption.startswith("($ In Thousands") for t in doc.tables)
    assert not any(s.title.startswith("($") for n in doc.notes for s in n.sections)


GME_EPS = FIXTURES / "GME-10-Q-2023-07-29-cover-and-eps-note"


def test_share_counts_in_tenths_take_the_documents_scale(segmenter_instance):
    # GME 10-Q 2023 Q2: "Weighted-average common shares outstanding | 304.8 | 304.2 | ..."
    # with no scale near the table; the statements say "(in millions, ...)". A count of
    # shares never shows tenths, so these are millions too (the filer tags them scale 6).
    text, facts = _load(GME_EPS)
    cells = _cells(segmenter_instance.segment(text, name=GME_EPS.name))
    tenths = [f for f in facts if re.fullmatch(r"\d+\.\d", f["text"])]
    assert len(tenths) == 14
    for fact in tenths:
        _, cell, table = cells[fact["start"]]
        assert table.scale_source == "document" and cell.unit == "shares"
        assert cell.scale == 10 ** fact["scale"] and cell.value == fact["value"], fact


BA_EQUITY = FIXTURES / "BA-10-K-2023-12-31-cover-and-equity-note"


def test_share_counts_printed_in_full_keep_no_scale(segmenter_instance):
    # BA 10-K 2023 shareholders' equity: "Common Stock | Treasury Stock" over "Balance at
    # January 1, 2021 | 1,012,261,159 | 429,941,021", "Issued | (6,904,556)", "Acquired |
    # 307,242" with no scale near the table; the document states "(Dollars in millions)".
    # A billion shares in millions would be absurd: the whole columns are full counts
    # (the filer tags them unscaled), and the money elsewhere in the note keeps millions.
    text, facts = _load(BA_EQUITY)
    cells = _cells(segmenter_instance.segment(text, name=BA_EQUITY.name))
    counts = [f for f in facts if f["scale"] == 0]
    money = [f for f in facts if f["scale"] == 6]
    assert len(counts) >= 14 and money
    for fact in counts + money:
        _, cell, _ = cells[fact["start"]]
        assert (cell.scale or 1) == 10 ** fact["scale"] and abs(cell.value) == abs(fact["value"]), fact


def test_document_context_can_be_turned_off():
    from segmenter.pipeline import Segmenter
    from segmenter.settings import Settings
    from segmenter.tables import TableSettings

    text, facts = _load(RKT)
    plain = Segmenter(settings=Settings(tables=TableSettings(use_document_context=False)))
    cells = _cells(plain.segment(text, name=RKT.name))
    # only the table under the running header "($ In Thousands, ...)" keeps a scale
    assert all(cells[f["start"]][1].scale is None and cells[f["start"]][2].scale_source is None
               for f in facts if cells[f["start"]][2].scale_source != "context")
    assert sum(cells[f["start"]][2].scale_source is None for f in facts) > 100


def test_without_the_page_header_rkt_tables_state_no_scale(segmenter_instance):
    text, facts = _load(RKT)
    header = "($ In Thousands, Except Per Share Amounts Or Unless Otherwise Noted)"
    assert text.count(header) == 2
    stripped = text.replace(header, " " * len(header))  # same length: the facts' offsets hold
    cells = _cells(segmenter_instance.segment(stripped, name=RKT.name))
    assert all(cells[f["start"]][1].scale is None for f in facts)


def test_cover_fiscal_year_dates_bare_year_columns(segmenter_instance):
    text, facts = _load(WBA)
    cells = _cells(segmenter_instance.segment(text, name=WBA.name))
    assert len(facts) == 75
    # the headers name a year and no month or day ("2024", "2023 U.S. Retail Pharmacy")
    labels = {cells[f["start"]][0].label for f in facts}
    assert all(re.search(r"\b20\d\d\b", label) and not re.search(r"\d,|ended|as of", label, re.I) for label in labels)
    for fact in facts:
        column, _, _ = cells[fact["start"]]
        assert column.period is not None and column.period.to_dict() == fact["period"], (column.label, fact)


def test_without_the_cover_bare_years_have_no_period(segmenter_instance):
    text, facts = _load(WBA)
    line = "For the fiscal year ended August 31, 2024"
    assert line in text
    cells = _cells(segmenter_instance.segment(text.replace(line, " " * len(line)), name=WBA.name))
    assert all(cells[f["start"]][0].period is None for f in facts)


def test_the_period_a_report_covers_comes_from_its_cover():
    annual = text_to_document_context("FORM 10-K\nFor the fiscal year ended December 31, 2023\n")
    assert (annual.year_end, annual.period_end) == (date(2023, 12, 31), date(2023, 12, 31))
    quarterly = text_to_document_context("FORM 10-Q\n☒ QUARTERLY REPORT PURSUANT TO SECTION 13 OR 15(d)\n"
                                         "For the quarterly period ended June 30, 2025\n")
    assert (quarterly.year_end, quarterly.period_end) == (None, date(2025, 6, 30))


def test_fiscal_quarters_follow_the_documents_years():
    # GE 10-K 2023 heads columns "First quarter 2023" ... "Fourth quarter 2023" (calendar
    # year); JNJ 10-K 2023 "2023 First Quarter" over its 52/53-week year. The periods are
    # those of the filers' contexts.
    from segmenter.fiscalcalendar import FiscalCalendar

    ge = DocumentContext(year_end=date(2023, 12, 31))
    assert ge.fiscal_quarter(2023, 4) == Period(start=date(2023, 10, 1), end=date(2023, 12, 31))
    assert ge.fiscal_quarter(2022, 1) == Period(start=date(2022, 1, 1), end=date(2022, 3, 31))
    jnj = DocumentContext(fiscal_calendar=FiscalCalendar(weekday=6, rule="nearest", month=12))
    assert jnj.fiscal_quarter(2023, 1) == Period(start=date(2023, 1, 2), end=date(2023, 4, 2))
    assert jnj.fiscal_quarter(2022, 3) == Period(start=date(2022, 7, 4), end=date(2022, 10, 2))
    assert jnj.fiscal_quarter(2023, 4) == Period(start=date(2023, 10, 2), end=date(2023, 12, 31))
    assert DocumentContext().fiscal_quarter(2023, 1) is None  # a 10-Q says nothing of its years
    table = cells_to_table([RawCell(t, i * 10, i * 10 + len(t)) for i, t in enumerate(
        ["", "First quarter 2023", "Fourth quarter 2023", "Revenues", "10", "12"])], document=ge)
    assert [c.period for c in table.columns] == [ge.fiscal_quarter(2023, 1), ge.fiscal_quarter(2023, 4)]


def test_a_quarter_row_under_a_fiscal_year_column_is_that_years_quarter():
    # "First quarter" under a column of the fiscal year (UNP 10-K share repurchases): the
    # quarter of the year the column spans, as the document counts its quarters, also when
    # the year ends in January on a month end (fiscal_quarter names such a year by its end).
    for year_end, label, first in (
            (date(2024, 12, 31), "Year Ended December 31, 2024", Period(start=date(2024, 1, 1), end=date(2024, 3, 31))),
            (date(2024, 1, 31), "Year Ended January 31, 2024", Period(start=date(2023, 2, 1), end=date(2023, 4, 30)))):
        document = DocumentContext(year_end=year_end, period_end=year_end)
        table = cells_to_table([RawCell(t, i * 40, i * 40 + len(t)) for i, t in enumerate(
            ["", label, "First quarter", "5"])], document=document)
        assert table.columns[0].period == Period(start=first.start, end=year_end)
        assert [table.period_of(c) for c in table.rows[0].cells] == [first]


# Real 10-Q lines: the cover, the sentence that states how the fiscal year runs, and a
# table header with its first row. The expected periods are the filers' own contexts.
_HD_HEADER = ("|\n|Three Months Ended\n|\n|Six Months Ended\n|in millions\n|July 30,\n2023\n|\n|July 31,\n2022\n"
              "|\n|July 30,\n2023\n|\n|July 31,\n2022\n|Net sales – in the U.S.\n|$\n|39,191\n|\n|\n|$\n|40,044\n"
              "|\n|\n|$\n|73,698\n|\n|\n|$\n|76,050\n")
_CSCO_HEADER = ("|\n|Three Months Ended\n|\n|Nine Months Ended\n|\n|April 29,\n2023\n|\n|April 30,\n2022\n"
                "|\n|April 29, 2023\n|\n|April 30, 2022\n|Secure, Agile Networks\n|$\n|7,550\n|\n|\n|$\n|5,870\n"
                "|\n|\n|$\n|20,980\n|\n|\n|$\n|17,737\n")
_PFE_HEADER = ("|\n|\n|Six Months Ended\n|(MILLIONS)\n|\n|July 2,\n2023\n|\n|July 3,\n2022\n"
               "|Net income before allocation to noncontrolling interests\n|\n|$\n|7,894\n|\n|\n|$\n|17,781\n")
_PEP_HEADER = ("|\n|12 Weeks Ended\n|\n|36 Weeks Ended\n|\n|9/9/2023\n|\n|9/3/2022\n|\n|9/9/2023\n|\n|9/3/2022\n"
               "|FLNA\n|$\n|5,954\n|\n|\n|$\n|5,563\n|\n|\n|$\n|17,441\n|\n|\n|$\n|15,583\n")


@pytest.mark.parametrize("cover, statement, header, expected", [
    # HD: weeks end on Sunday; July 31, 2022 was one, so its quarter is 13 weeks, not May 1 on
    ("For the quarterly period ended July 30, 2023", "|fiscal 2022\n|\n|Fiscal year ended January 29, 2023",
     _HD_HEADER, [("2023-05-01", "2023-07-30"), ("2022-05-02", "2022-07-31"),
                  ("2023-01-30", "2023-07-30"), ("2022-01-31", "2022-07-31")]),
    # CSCO: "the last Saturday in July"; April 30, 2022 was a Saturday
    ("For the quarterly period ended April 29, 2023",
     "The fiscal year for Cisco Systems, Inc. is the 52 or 53 weeks ending on the last Saturday in July.",
     _CSCO_HEADER, [("2023-01-29", "2023-04-29"), ("2022-01-30", "2022-04-30"),
                    ("2022-07-31", "2023-04-29"), ("2021-08-01", "2022-04-30")]),
    # PFE: a calendar year (December 31, 2022 was a Saturday) with quarters ending on Sundays
    ("For the quarterly period ended July 2, 2023",
     "|2022 Form 10-K\n|Annual Report on Form 10-K for the fiscal year ended December 31, 2022",
     _PFE_HEADER, [("2023-01-01", "2023-07-02"), ("2022-01-01", "2022-07-03")]),
    # PEP: its 2022 ended on Saturday, December 31, like its quarters: weeks as stated
    ("For the quarterly period ended September 9, 2023 (36 weeks)",
     "Annual Report on Form 10-K for the fiscal year ended December 31, 2022 (2022 Form 10-K).",
     _PEP_HEADER, [("2023-06-18", "2023-09-09"), ("2022-06-12", "2022-09-03"),
                   ("2023-01-01", "2023-09-09"), ("2021-12-26", "2022-09-03")]),
], ids=["HD", "CSCO", "PFE", "PEP"])
def test_a_10q_dates_its_columns_as_the_filer_counts_its_year(segmenter_instance, cover, statement, header, expected):
    text = f"{cover}\n\n{statement}\n\nNotes to Condensed Consolidated Financial Statements\n\n1. Revenue\n\n{header}"
    doc = segmenter_instance.segment(text, name="10-Q excerpt")
    (table,) = doc.tables
    want = [Period(start=date.fromisoformat(a), end=date.fromisoformat(b)) for a, b in expected]
    assert [c.period for c in table.columns] == want
    # without the statement HD, CSCO and PFE fall back to month arithmetic or plain weeks;
    # PEP's "Weeks Ended" need none
    bare = segmenter_instance.segment(text.replace(statement, ""), name="10-Q excerpt")
    assert ([c.period for c in bare.tables[0].columns] == want) == ("Weeks Ended" in header)


def test_fiscal_period_keeps_what_it_cannot_place():
    assert DocumentContext().fiscal_period(None) is None
    six = Period(start=date(2022, 1, 3), end=date(2022, 7, 3))
    assert DocumentContext().fiscal_period(six) == six  # nothing stated: as read
    assert DocumentContext(year_end_month=12).fiscal_period(Period(instant=date(2022, 7, 3))) == Period(instant=date(2022, 7, 3))
    # a quarter that starts months after the year's start keeps its 13 weeks
    quarter = Period(start=date(2022, 4, 4), end=date(2022, 7, 3))
    assert DocumentContext(year_end_month=12).fiscal_period(quarter) == quarter
    assert DocumentContext(year_end_month=12).fiscal_period(six) == Period(start=date(2022, 1, 1), end=date(2022, 7, 3))


def test_a_10q_rollforward_under_quarter_end_dates_starts_at_the_year_before(segmenter_instance):
    # GE 10-Q 2023 Q2, future policy benefits: under "June 30, 2023 | June 30, 2022", GE tags
    # "Balance, beginning of year" and "Beginning balance at locked-in discount rate" at
    # December 31, 2022 and 2021, and "Interest accrual" from January 1 to June 30. The 10-Q
    # names its year end once ("the year ended December 31, 2022").
    text = (FIXTURES / "GE-10-Q-2023-06-30-policy-benefits.txt").read_text(encoding="utf-8")
    context = text_to_document_context(text)
    assert context.year_end_before(date(2023, 6, 30)) == date(2022, 12, 31)
    assert context.year_end_before(date(2022, 6, 30)) == date(2021, 12, 31)
    doc = segmenter_instance.segment(text, name="GE 10-Q excerpt")
    table = next(t for t in doc.tables if any(r.label == "Interest accrual" for r in t.rows))
    rows = {r.label: r for r in table.rows}
    opening = rows["Balance, beginning of year"]
    assert [table.period_of(c) for c in opening.cells if c.text != "—"] == [
        Period(instant=date(2022, 12, 31))] * 2 + [Period(instant=date(2021, 12, 31))] * 2
    # "Beginning balance at locked-in discount rate", the next roll-forward's opening, too
    locked_in = rows["Beginning balance at locked-in discount rate"]
    assert [(c.text, table.period_of(c)) for c in locked_in.cells if c.text != "—"] == [
        ("3,958", Period(instant=date(2022, 12, 31))), ("5,210", Period(instant=date(2022, 12, 31))),
        ("4,451", Period(instant=date(2021, 12, 31))), ("5,443", Period(instant=date(2021, 12, 31)))]
    accrual = [c for c in rows["Interest accrual"].cells if c.text != "—"]
    assert [c.text for c in accrual] == ["105", "100", "115", "102"]
    assert [table.period_of(c) for c in accrual] == [Period(start=date(2023, 1, 1), end=date(2023, 6, 30))] * 2 + [
        Period(start=date(2022, 1, 1), end=date(2022, 6, 30))] * 2
