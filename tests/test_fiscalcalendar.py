"""52/53-week fiscal years read from the filers' own sentences (first notes of
their 10-Ks), checked against the periods they tag bare-year columns with."""

from __future__ import annotations

from datetime import date

import pytest

from segmenter.doccontext import text_to_document_context
from segmenter.fiscalcalendar import text_to_fiscal_calendar
from segmenter.types import Period

# (sentence of the filing, cover's fiscal year end, fiscal year, its tagged period)
FILERS = [
    # JNJ 10-K 2023: "2022" columns are tagged 2022-01-03..2023-01-01
    ("The Company follows the concept of a fiscal year, which ends on the Sunday nearest to the end of the month of December.",
     date(2023, 12, 31), 2022, Period(start=date(2022, 1, 3), end=date(2023, 1, 1))),
    # PEP 10-K 2023: "2022" is 2021-12-26..2022-12-31 (a 53-week year)
    ("Our fiscal year ends on the last Saturday of each December, resulting in a 53rd reporting week every five or six years",
     date(2023, 12, 30), 2022, Period(start=date(2021, 12, 26), end=date(2022, 12, 31))),
    # HD 10-K 2023: "Fiscal 2023" is 2023-01-30..2024-01-28
    ("Our fiscal year is a 52- or 53-week period ending on the Sunday nearest to January 31.",
     date(2024, 1, 28), 2023, Period(start=date(2023, 1, 30), end=date(2024, 1, 28))),
    # KHC 10-K 2023: fiscal 2021 ended December 25, 2021
    ("We operate on a 52- or 53-week fiscal year ending on the last Saturday in December in each calendar year.",
     date(2023, 12, 30), 2021, Period(start=date(2020, 12, 27), end=date(2021, 12, 25))),
    # GME 10-K 2023: fiscal 2023 ended February 3, 2024
    ("Our fiscal year is composed of the 52 or 53 weeks ending on the Saturday closest to the last day of January.",
     date(2024, 2, 3), 2023, Period(start=date(2023, 1, 29), end=date(2024, 2, 3))),
]


@pytest.mark.parametrize(("sentence", "cover", "year", "period"), FILERS)
def test_fiscal_years_of_real_filers(sentence, cover, year, period):
    weeks = text_to_fiscal_calendar(sentence, cover)
    assert weeks is not None
    assert weeks.fiscal_year(year) == period
    assert weeks.fiscal_year(cover.year - (1 if cover.month <= 2 else 0)).end == cover


def test_a_rule_the_cover_does_not_obey_is_not_used():
    # "last Saturday of September" cannot end a year on December 30
    assert text_to_fiscal_calendar("ends on the last Saturday of September", date(2023, 12, 30)) is None
    assert text_to_fiscal_calendar("no weekday here", date(2023, 12, 30)) is None


def test_document_context_takes_the_rule_only_for_a_52_53_week_cover():
    cover = "ANNUAL REPORT ...\nFor the fiscal year ended December 30, 2023\n"
    rule = "\nOur fiscal year ends on the last Saturday of each December.\n"
    context = text_to_document_context(cover + rule)
    assert context.fiscal_years == "" and context.fiscal_calendar is not None
    # a month-end cover that the rule does not give (Sunday, December 31, 2023 is no Saturday)
    month_end = text_to_document_context(cover.replace("December 30", "December 31") + rule)
    assert month_end.fiscal_years == "fiscal years ended December 31" and month_end.fiscal_calendar is None
    # ... and one it does (JNJ): the rule wins, its other years do not end on December 31
    jnj = text_to_document_context(cover.replace("December 30", "December 31")
                                   + "\nwhich ends on the Sunday nearest to the end of the month of December.\n")
    assert jnj.fiscal_years == "" and jnj.fiscal_calendar is not None
