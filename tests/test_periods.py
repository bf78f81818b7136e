"""periods.py: column labels -> instants and durations."""

from __future__ import annotations

from datetime import date

import pytest

from segmenter.periods import label_to_period, period_start, sentence_to_period
from segmenter.types import Period


def instant(y: int, m: int, d: int) -> Period:
    return Period(instant=date(y, m, d))


def duration(a: tuple[int, int, int], b: tuple[int, int, int]) -> Period:
    return Period(start=date(*a), end=date(*b))


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("As of June 30, 2025", instant(2025, 6, 30)),
        ("As of June 30, 2025 (Unaudited)", instant(2025, 6, 30)),  # seed 000
        ("As of December 31, 2024 (Audited)", instant(2024, 12, 31)),
        ("June 30, 2025", instant(2025, 6, 30)),
        ("Dec. 31, 2024", instant(2024, 12, 31)),
        ("Dec 31, 2024", instant(2024, 12, 31)),
        ("Sept. 30, 2023", instant(2023, 9, 30)),
        ("June 28,2025", instant(2025, 6, 28)),  # AAPL: "June 28,<br>2025"
        ("30 June 2025", instant(2025, 6, 30)),
        ("6/30/2025", instant(2025, 6, 30)),
        # CSCO 10-K 2024 financing receivables by vintage: the fiscal year is the year the
        # loans were made, a category; the balance date above it is the period
        ("July 27, 2024 Fiscal Year July 25, 2020", instant(2024, 7, 27)),
        ("April 29, 2023 Fiscal Year July 31, 2021", instant(2023, 4, 29)),  # CSCO 10-Q
        # in pipe text the corner cell comes between
        ("July 27, 2024 Fiscal Year Internal Credit Risk Rating July 25, 2020", instant(2024, 7, 27)),
        # GE 10-K 2023 intangibles, HTML: the corner's "subject to" is no range
        ("2022 INTANGIBLE ASSETS SUBJECT TO AMORTIZATION December 31 Gross carrying amount", instant(2022, 12, 31)),
    ],
)
def test_instants(label: str, expected: Period) -> None:
    assert label_to_period(label) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("For the six months ended June 30, 2025", duration((2025, 1, 1), (2025, 6, 30))),
        ("For the six months ended June 30, 2025 (Unaudited)", duration((2025, 1, 1), (2025, 6, 30))),
        ("For the years ended December 31, 2024", duration((2024, 1, 1), (2024, 12, 31))),
        ("For the Years Ended December 31, 2022", duration((2022, 1, 1), (2022, 12, 31))),
        ("12 Months Ended Dec. 31, 2022", duration((2022, 1, 1), (2022, 12, 31))),
        ("Year Ended December 31, 2023", duration((2023, 1, 1), (2023, 12, 31))),
        ("Fiscal Year Ended December 31, 2023", duration((2023, 1, 1), (2023, 12, 31))),
        ("Nine Months Ended Sep. 30, 2024", duration((2024, 1, 1), (2024, 9, 30))),
        ("nine months ended September 30, 2024", duration((2024, 1, 1), (2024, 9, 30))),
        ("Quarter ended March 31, 2025", duration((2025, 1, 1), (2025, 3, 31))),
        ("Three months ended June 30 2025", duration((2025, 4, 1), (2025, 6, 30))),  # BA: no comma
        ("Six months ended June 30 2024", duration((2024, 1, 1), (2024, 6, 30))),
        ("Three Months Ended Feb. 28, 2025", duration((2024, 12, 1), (2025, 2, 28))),
        ("13 Weeks Ended March 29, 2025", duration((2024, 12, 29), (2025, 3, 29))),
        ("Thirteen Weeks Ended March 29, 2025", duration((2024, 12, 29), (2025, 3, 29))),
        ("Fifty-Two Weeks Ended September 28, 2024", duration((2023, 10, 1), (2024, 9, 28))),
        ("January 1, 2025 to June 30, 2025", duration((2025, 1, 1), (2025, 6, 30))),
        ("Period from February 1, 2024 through December 31, 2024", duration((2024, 2, 1), (2024, 12, 31))),
        # header cells joined in an odd order still read
        ("2024 For the Years Ended December 31,", duration((2024, 1, 1), (2024, 12, 31))),
    ],
)
def test_durations(label: str, expected: Period) -> None:
    assert label_to_period(label) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # AAPL 10-Q 2025 Q3, tagged 2025-03-30..2025-06-28 and 2023-10-01..2024-06-29:
        # a 52/53-week calendar, so mid-month ends count 13/26/39/52 weeks.
        ("Three Months Ended June 28, 2025", duration((2025, 3, 30), (2025, 6, 28))),
        ("Three Months Ended June 29, 2024", duration((2024, 3, 31), (2024, 6, 29))),
        ("Nine Months Ended June 28, 2025", duration((2024, 9, 29), (2025, 6, 28))),
        ("Nine Months Ended June 29, 2024", duration((2023, 10, 1), (2024, 6, 29))),
        ("Three Months Ended March 29, 2025", duration((2024, 12, 29), (2025, 3, 29))),
        ("12 Months Ended Sep. 28, 2024", duration((2023, 10, 1), (2024, 9, 28))),
    ],
)
def test_fiscal_week_calendars(label: str, expected: Period) -> None:
    assert label_to_period(label) == expected


def test_plain_month_arithmetic_when_asked() -> None:
    # start = end minus N months plus one day
    assert label_to_period("Three Months Ended March 29, 2025", fiscal_weeks=False) == duration(
        (2024, 12, 30), (2025, 3, 29)
    )
    assert label_to_period("Six months ended June 28, 2025", fiscal_weeks=False) == duration(
        (2024, 12, 29), (2025, 6, 28)
    )
    assert period_start(date(2025, 5, 30), 3) == date(2025, 3, 1)  # clamped to Feb 28, plus one day
    assert period_start(date(2024, 2, 29), 12) == date(2023, 3, 1)


@pytest.mark.parametrize(
    ("label", "context", "expected"),
    [
        ("2024", "For the years ended December 31,", duration((2024, 1, 1), (2024, 12, 31))),
        ("2025", "for the six months ended June 30, 2025 and 2024", duration((2025, 1, 1), (2025, 6, 30))),
        ("Fiscal 2024", "fiscal years ended September 28, 2024 and September 30, 2023",
         duration((2023, 10, 1), (2024, 9, 28))),
        ("2024", "Balances as of December 31", instant(2024, 12, 31)),
        # "as of" holds for every date of its list (JNJ 10-K 2024 plan assets)
        ("2023", "The following table sets forth the Retirement Plans' investments measured at fair value as of "
                 "December 31, 2024 and December 31, 2023:", instant(2023, 12, 31)),
        ("2024", "Inventory as of June 30, 2025 and December 31, 2024 consisted of the following:",
         instant(2024, 12, 31)),
        ("2022", "for the years ended December 31, 2024, December 31, 2023 and December 31, 2022",
         duration((2022, 1, 1), (2022, 12, 31))),
    ],
)
def test_bare_years_read_through_context(label: str, context: str, expected: Period) -> None:
    assert label_to_period(label, context=context) == expected


@pytest.mark.parametrize(
    ("label", "context"),
    [
        ("2024", ""),
        ("Fiscal 2024", ""),
        # two different readings: unsure
        ("2024", "as of December 31 and for the six months ended June 30"),
        ("2023", "years ended February 29"),  # no such day in 2023
        ("Change", ""),
        ("% Change", ""),
        ("Total", ""),
        ("", ""),
        ("June 30, 2025 and December 31, 2024", ""),  # two instants
        ("Period ended June 30, 2025", ""),  # a duration of unknown length
        ("Three Months Ended", ""),  # no date
        ("Three Months Ended March 31,", ""),  # no year
        ("June 2025", ""),
    ],
)
def test_unsure_is_none(label: str, context: str) -> None:
    assert label_to_period(label, context=context) is None


def test_sentence_to_period_reads_the_sentence_before_a_table() -> None:
    """AAPL 10-K 2024: "... as of September 28, 2024, are as follows" dates a maturity table."""
    assert sentence_to_period(
        "Future payments under unconditional purchase obligations with a remaining term in excess of one year "
        "as of September 28, 2024, are as follows (in millions):"
    ) == Period(instant=date(2024, 9, 28))
    assert sentence_to_period("for the three months ended June 30, 2025 were:") == Period(
        start=date(2025, 4, 1), end=date(2025, 6, 30)
    )
    assert sentence_to_period("as of June 30, 2025 and December 31, 2024") is None  # two periods: unsure
    assert sentence_to_period("The following table summarizes the activity:") is None
    # BA 10-Q 2023: two lengths and two years; the roll-forward's dated balance rows
    # give its flows their periods instead
    assert sentence_to_period(
        "Changes in Accumulated other comprehensive loss (AOCI) by component for the six and three months "
        "ended June 30, 2023 and 2022 were as follows:") is None
    assert sentence_to_period("for the three months ended June 30, 2023 and 2022") is None
    assert sentence_to_period("for the three and six months ended June 30, 2025 were:") is None


def test_a_sentence_names_the_periods_its_dates_end() -> None:
    from segmenter.periods import sentence_to_durations

    # JNJ 10-Q 2023 Q2: 13-week fiscal quarters (the filer's contexts)
    quarters = sentence_to_durations(
        "for the fiscal second quarters ended July 2, 2023 and July 3, 2022, net of tax:")
    assert quarters == {
        date(2023, 7, 2): Period(start=date(2023, 4, 3), end=date(2023, 7, 2)),
        date(2022, 7, 3): Period(start=date(2022, 4, 4), end=date(2022, 7, 3)),
    }
    halves = sentence_to_durations("for the fiscal six months ended July 2, 2023 and July 3, 2022")
    assert halves[date(2023, 7, 2)] == Period(start=date(2023, 1, 2), end=date(2023, 7, 2))
    assert sentence_to_durations("as of June 30, 2025 and December 31, 2024") == {}
    # a date two phrases give different lengths is left out
    assert sentence_to_durations("the three months ended June 30, 2025 and the six months ended June 30, 2025") == {}


def test_a_year_listed_after_a_date_takes_its_month_and_day() -> None:
    # RTX 10-Q 2023 Q2: "2023" and "2022" columns under this sentence are both second
    # quarters (the filer tags 2022-04-01..2022-06-30 on the 2022 column)
    context = ("Segment sales disaggregated by geographic region for the quarters ended June 30, 2023 and 2022 "
               "are as follows:")
    assert label_to_period("2023", context=context) == Period(start=date(2023, 4, 1), end=date(2023, 6, 30))
    assert label_to_period("2022", context=context) == Period(start=date(2022, 4, 1), end=date(2022, 6, 30))
    assert label_to_period("2021", context=context) is None  # not in the list
    years = "for the years ended December 31, 2024, 2023, and 2022"
    assert label_to_period("2022", context=years) == Period(start=date(2022, 1, 1), end=date(2022, 12, 31))
    assert label_to_period("2023", context="as of December 31, 2024 and 2023") == Period(instant=date(2023, 12, 31))
    # an amount is no year: "December 31, 2024 and 2,023"
    assert label_to_period("2023", context="as of December 31, 2024 and 2,023 units") is None
