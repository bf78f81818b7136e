"""What a whole document states once for all its tables: its scale and its fiscal year.

Filers print "(in millions, except per share data)" over the statements, or
"Dollars in millions" once at the top of the notes, and then leave it off many
of the notes' tables (RKT, WBA, META 10-Ks tag those values in thousands or
millions all the same). And a 10-K's cover names the fiscal year ("For the
fiscal year ended August 31, 2024"), which is what a bare "2023" column means
when nothing nearer the table says so (TMO, WBA 10-Ks).

The same statements say how the filer counts its quarters and years, which
dates a "Six months ended" column (:meth:`DocumentContext.fiscal_period`): a
filer whose periods end on a weekday counts 13-week quarters even when one
ends on a month's last day (HD's "Three Months Ended July 31, 2022", a
Sunday, began on May 2), and a filer whose year ends on December 31 starts its
year-to-date there even when its quarters end on weekdays (PFE's "Six Months
Ended July 3, 2022" began on January 1).

:func:`text_to_document_context` reads both from the document text once; the
table parser uses them only as a last resort, after the table's caption,
header and the paragraph before it (``Table.scale_source == "document"``).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .fiscalcalendar import FiscalCalendar, text_to_fiscal_calendar, text_to_fiscal_calendars
from .numbers import SCALE_WORDS, ScaleStatement, text_to_scale_statement, text_to_scale_words
from .periods import FISCAL_WEEKS, is_month_end, period_start, text_to_dates
from .types import Period

__all__ = ["DocumentContext", "text_to_document_context"]

#: A document's scale is the one its "in thousands/millions/billions" phrases
#: name most often, if at least this share of them name it.
MIN_SCALE_SHARE = 0.6
#: ... and if there are at least this many such phrases.
MIN_SCALE_PHRASES = 2
#: The cover page's fiscal-year line is looked for in the first characters only.
COVER_CHARS = 5000

_FISCAL_YEAR_RE = re.compile(r"\bfor\s+the\s+fiscal\s+year\s+ended:?\s+", re.IGNORECASE)
_QUARTER_RE = re.compile(r"\bfor\s+the\s+quarterly\s+period\s+ended:?\s+", re.IGNORECASE)
_COVER_RES = (_FISCAL_YEAR_RE, _QUARTER_RE)
#: A fiscal year's end stated anywhere: "Fiscal year ended January 29, 2023" (HD 10-Q's
#: glossary), "Annual Report on Form 10-K for the fiscal year ended December 31, 2022" (PFE
#: 10-Q), "our Form 10-K for the year ended December 31, 2022" (GE 10-Q).
_YEAR_END_STATED_RE = re.compile(r"\b(?:fiscal\s+)?years?\s+end(?:ed|ing|s)\b:?\s*(?:on\s+)?", re.IGNORECASE)
#: A period read as weeks whose start is this close to the fiscal year's start began on it.
YEAR_START_SLACK_DAYS = 7


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """``scale``: the scale the document states most (shares left unscaled, since
    no statement near the table says how they are counted), or None;
    ``fiscal_years``: a phrase like ``"fiscal years ended August 31"`` that reads
    a bare year column as that fiscal year, or ``""``; ``fiscal_calendar``: the
    52/53-week rule of a 10-K whose year ends on a weekday (:mod:`segmenter.fiscalcalendar`);
    ``year_end``: the day the cover's fiscal year ended, or None (not an annual report);
    ``period_end``: the last day of the period the report covers (the cover's
    "For the fiscal year ended" or "For the quarterly period ended"), or None;
    ``week_day``: the weekday (0 is Monday) the filer's 52/53-week years and their
    quarters end on, or None; ``year_end_month``: the month whose last day ends
    the filer's fiscal year when that is a month's end, or None; ``year_ends``:
    the fiscal year ends a 10-Q names ("for the year ended December 31, 2022")."""

    scale: ScaleStatement | None = None
    fiscal_years: str = ""
    fiscal_calendar: FiscalCalendar | None = None
    year_end: date | None = None
    period_end: date | None = None
    week_day: int | None = None
    year_end_month: int | None = None
    year_ends: tuple[date, ...] = ()

    def year_end_before(self, day: date) -> date | None:
        """The last day of the fiscal year before the one ``day`` falls in: the year
        before's end when ``day`` ends a fiscal year of the document (JCI 10-K:
        September 30, 2023 for September 30, 2024), else the latest year end the
        document names within a year before ``day`` (GE 10-Q: "the year ended
        December 31, 2022" for June 30, 2023), else the latest end of the month that
        ends its years (December 31, 2021 for June 30, 2022); None when none says."""
        year = self.fiscal_year_ending(day)
        if year is not None and year.start is not None:
            return year.start - timedelta(days=1)
        before = [d for d in self.year_ends if d < day and (day - d).days <= 366]
        if before:
            return max(before)
        if self.year_end_month is not None and self.week_day is None:
            # a year ending on a month's last day: the latest such day before ``day``
            month = self.year_end_month
            year = day.year if (day.month, day.day) > (month, calendar.monthrange(day.year, month)[1]) else day.year - 1
            return date(year, month, calendar.monthrange(year, month)[1])
        return None

    def fiscal_period(self, period: Period | None) -> Period | None:
        """``period`` as the filer counts it (see the module docstring).

        A year's duration is the document's 52/53-week fiscal year ending that day
        ("Years Ended February 3, 2023" ran from January 29, 2022, LOW 10-K 2023).
        With ``week_day``, 3, 6, 9 or 12 months ending on that weekday at a month's end
        are 13, 26, 39 or 52 weeks. With ``year_end_month``, a duration read as weeks
        that starts within a week of the fiscal year's first day starts on it.
        """
        if period is None or period.start is None or period.end is None:
            return period
        start, end = period.start, period.end
        if self.fiscal_calendar is not None and 350 <= (end - start).days <= 380:
            year = self.fiscal_year_ending(end)
            if year is not None:
                return year
        if self.week_day is not None and end.weekday() == self.week_day and is_month_end(end):
            for months, weeks in FISCAL_WEEKS.items():
                if start == period_start(end, months):
                    return Period(start=end - timedelta(days=7 * weeks - 1), end=end)
        if self.year_end_month is not None and self.week_day is None and not is_month_end(end):
            first_month = self.year_end_month % 12 + 1
            year_start = date(end.year, first_month, 1)
            if year_start > end:
                year_start = date(end.year - 1, first_month, 1)
            if 0 < abs((start - year_start).days) <= YEAR_START_SLACK_DAYS:
                return Period(start=year_start, end=end)
        return period

    def fiscal_year_ending(self, end: date) -> Period | None:
        """The fiscal year that ends on ``end``, or None when the document does
        not say its fiscal years end on such a day."""
        if self.fiscal_calendar is not None:
            for year in (end.year - 1, end.year):
                period = self.fiscal_calendar.fiscal_year(year)
                if period.end == end:
                    return period
            return None
        if self.year_end is None or not is_month_end(self.year_end) or not is_month_end(end):
            return None
        if end.month != self.year_end.month:
            return None
        year_before = date(end.year - 1, end.month, calendar.monthrange(end.year - 1, end.month)[1])
        return Period(start=year_before + timedelta(days=1), end=end)


    def fiscal_quarter(self, year: int, quarter: int) -> Period | None:
        """Quarter ``quarter`` (1-4) of fiscal ``year`` ("Fourth quarter 2023", GE 10-K;
        "2023 First Quarter", JNJ 10-K), or None when the document does not say how
        its fiscal years run. A 52/53-week year has quarters of 13 weeks, the last
        one running to the year's end; a year ending at a month's end has quarters of
        three months."""
        if not 1 <= quarter <= 4:
            return None
        if self.fiscal_calendar is not None:
            fy = self.fiscal_calendar.fiscal_year(year)
            start = fy.start + timedelta(weeks=13 * (quarter - 1))  # type: ignore[operator]
            end = fy.end if quarter == 4 else start + timedelta(weeks=13, days=-1)
            return Period(start=start, end=end)
        if self.year_end is None or not is_month_end(self.year_end):
            return None
        # the quarter's last month, counted back from the end of the fiscal year ending in ``year``
        end_year, end_month = divmod(year * 12 + self.year_end.month - 1 - 3 * (4 - quarter), 12)
        end = date(end_year, end_month + 1, calendar.monthrange(end_year, end_month + 1)[1])
        return Period(start=period_start(end, 3), end=end)


def _document_scale(text: str) -> ScaleStatement | None:
    counts = Counter(text_to_scale_words(text))
    total = sum(counts.values())
    if total < MIN_SCALE_PHRASES:
        return None
    # most common first; ties go to the smaller scale word, for determinism
    word, n = min(counts.items(), key=lambda kv: (-kv[1], SCALE_WORDS[kv[0]]))
    if n < MIN_SCALE_SHARE * total:
        return None
    statement = text_to_scale_statement(f"in {word}")
    return None if statement is None else replace(statement, shares_scale=None)


def _cover_date(text: str, pattern: re.Pattern[str]) -> date | None:
    """The date the cover gives after ``pattern`` ("For the fiscal year ended",
    "For the quarterly period ended"), or None."""
    head = text[:COVER_CHARS]
    found = pattern.search(head)
    if found is None:
        return None
    # the cover's own phrase comes first; a 10-Q's glossary may go on to name the
    # "Annual Report on Form 10-K for the fiscal year ended December 31, 2022" (PFE)
    if any(other.search(head, 0, found.start()) for other in _COVER_RES if other is not pattern):
        return None
    dates = text_to_dates(head[found.end():found.end() + 40])
    if not dates or dates[0][3] != 0 or dates[0][2] is None:
        return None
    month, day, year = dates[0][0], dates[0][1], dates[0][2]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _fiscal_years(end: date | None) -> str:
    """"fiscal years ended <Month> <day>" when the cover's year end is a month end: a
    52/53-week year ("December 30, 2023") ends on another day each year."""
    if end is None or not is_month_end(end):
        return ""
    return f"fiscal years ended {calendar.month_name[end.month]} {end.day}"


def _stated_year_ends(text: str) -> list[date]:
    """Every date the text gives right after "(fiscal) year(s) ended/ending", in order."""
    out = []
    for m in _YEAR_END_STATED_RE.finditer(text):
        dates = text_to_dates(text[m.end():m.end() + 40])
        if dates and dates[0][3] == 0 and dates[0][2] is not None:
            try:
                out.append(date(dates[0][2], dates[0][0], dates[0][1]))
            except ValueError:
                continue
    return out


def _year_kind(text: str, end: date | None, weeks: FiscalCalendar | None,
               quarter_end: date | None, stated: Sequence[date]) -> tuple[int | None, int | None]:
    """(``week_day``, ``year_end_month``) of :class:`DocumentContext`: from the 10-K's
    rule or cover; for a 10-Q from a stated 52/53-week rule its quarter's end obeys
    (CSCO: "the last Saturday in July"), else from the fiscal year ends it names: one
    on the weekday the quarter ended on (HD: "Fiscal year ended January 29, 2023"), or
    ends of the same month (PFE: "fiscal year ended December 31, 2022", a Saturday, when
    its quarter ended on Sunday, July 2, 2023)."""
    if weeks is not None:
        return weeks.weekday, None
    if end is not None:
        return (None, end.month) if is_month_end(end) else (end.weekday(), None)
    if quarter_end is not None and any(r.weekday == quarter_end.weekday() for r in text_to_fiscal_calendars(text)):
        return quarter_end.weekday(), None
    if quarter_end is not None and not is_month_end(quarter_end) and any(
            d.weekday() == quarter_end.weekday() for d in stated):
        # PEP 10-Q: its 2022 ended on Saturday, December 31, as its quarter did on Saturday,
        # September 9, 2023, and its 2021 on December 25: a weekday, not a month's end
        return quarter_end.weekday(), None
    weekdays = {d.weekday() for d in stated if not is_month_end(d)}
    if len(weekdays) == 1:
        return weekdays.pop(), None
    months = {d.month for d in stated}
    if not weekdays and len(months) == 1:
        return None, months.pop()
    return None, None


def text_to_document_context(text: str) -> DocumentContext:
    """The scale and fiscal year a whole document states (see the module docstring)."""
    end = _cover_date(text, _FISCAL_YEAR_RE)
    # a stated 52/53-week rule wins even over a month-end cover: JNJ's 2023 ended on
    # December 31, its 2022 on January 1, 2023
    weeks = text_to_fiscal_calendar(text, end) if end is not None else None
    fiscal_years = "" if weeks is not None else _fiscal_years(end)
    period_end = end or _cover_date(text, _QUARTER_RE)
    stated = tuple(sorted(set(_stated_year_ends(text)))) if end is None else ()
    week_day, year_end_month = _year_kind(text, end, weeks, period_end, stated)
    return DocumentContext(scale=_document_scale(text), fiscal_years=fiscal_years, fiscal_calendar=weeks,
                           year_end=end, period_end=period_end, week_day=week_day, year_end_month=year_end_month,
                           year_ends=stated)
