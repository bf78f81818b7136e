"""What a whole document states once for all its tables: its scale and its fiscal year.

Filers print "(in millions, except per share data)" over the statements, or
"Dollars in millions" once at the top of the notes, and then leave it off many
of the notes' tables (RKT, WBA, META 10-Ks tag those values in thousands or
millions all the same). And a 10-K's cover names the fiscal year ("For the
fiscal year ended August 31, 2024"), which is what a bare "2023" column means
when nothing nearer the table says so (TMO, WBA 10-Ks).

:func:`text_to_document_context` reads both from the document text once; the
table parser uses them only as a last resort, after the table's caption,
header and the paragraph before it (``Table.scale_source == "document"``).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .fiscalcalendar import FiscalCalendar, text_to_fiscal_calendar
from .numbers import SCALE_WORDS, ScaleStatement, text_to_scale_statement, text_to_scale_words
from .periods import is_month_end, period_start, text_to_dates
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


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """``scale``: the scale the document states most (shares left unscaled, since
    no statement near the table says how they are counted), or None;
    ``fiscal_years``: a phrase like ``"fiscal years ended August 31"`` that reads
    a bare year column as that fiscal year, or ``""``; ``fiscal_calendar``: the
    52/53-week rule of a 10-K whose year ends on a weekday (:mod:`segmenter.fiscalcalendar`);
    ``year_end``: the day the cover's fiscal year ended, or None (not an annual report);
    ``period_end``: the last day of the period the report covers (the cover's
    "For the fiscal year ended" or "For the quarterly period ended"), or None."""

    scale: ScaleStatement | None = None
    fiscal_years: str = ""
    fiscal_calendar: FiscalCalendar | None = None
    year_end: date | None = None
    period_end: date | None = None

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


def text_to_document_context(text: str) -> DocumentContext:
    """The scale and fiscal year a whole document states (see the module docstring)."""
    end = _cover_date(text, _FISCAL_YEAR_RE)
    # a stated 52/53-week rule wins even over a month-end cover: JNJ's 2023 ended on
    # December 31, its 2022 on January 1, 2023
    weeks = text_to_fiscal_calendar(text, end) if end is not None else None
    fiscal_years = "" if weeks is not None else _fiscal_years(end)
    return DocumentContext(scale=_document_scale(text), fiscal_years=fiscal_years, fiscal_calendar=weeks,
                           year_end=end, period_end=end or _cover_date(text, _QUARTER_RE))
