"""52/53-week fiscal years: when a bare "2022" column of a 10-K starts and ends.

Filers on a 52/53-week year say how it ends, once, in the first note: "ends
on the last Saturday of each December" (PEP, KHC), "the Sunday nearest to
the end of the month of December" (JNJ), "the Sunday nearest to January 31"
(HD). With that rule, checked against the cover's "For the fiscal year ended
December 30, 2023", every fiscal year of the document can be dated: JNJ's
fiscal 2022 ran from January 3, 2022 to January 1, 2023. A year that ends in
January or February is named for the year it starts in (HD's fiscal 2023
ended January 28, 2024), as retailers do.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .types import Period

__all__ = ["FiscalCalendar", "text_to_fiscal_calendar", "text_to_fiscal_calendars"]

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
_DAY = "(" + "|".join(_DAYS) + ")"
_MONTH = "(" + "|".join(_MONTHS) + ")"
_LAST_RE = re.compile(rf"\blast\s+{_DAY}\s+(?:of|in)\s+(?:each\s+|the\s+month\s+of\s+)?{_MONTH}\b", re.IGNORECASE)
_NEAREST_RE = re.compile(
    rf"\b{_DAY}\s+(?:closest|nearest)\s+(?:to\s+)?(?:the\s+)?(?:last\s+day\s+of\s+|end\s+of\s+)?"
    rf"(?:the\s+month\s+of\s+)?(?:each\s+)?{_MONTH}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FiscalCalendar:
    """A 52/53-week year ending on ``weekday`` (0 is Monday) that is the last
    one of ``month`` (``rule == "last"``) or the one nearest that month's last
    day (``rule == "nearest"``)."""

    weekday: int
    rule: str
    month: int

    def year_end(self, year: int) -> date:
        """The last day of the fiscal year that ends in or near ``month`` of ``year``."""
        month_end = date(year, self.month, calendar.monthrange(year, self.month)[1])
        back = (month_end.weekday() - self.weekday) % 7
        last = month_end - timedelta(days=back)
        if self.rule == "nearest" and back > 3:
            return last + timedelta(days=7)
        return last

    def fiscal_year(self, year: int) -> Period:
        """The period of fiscal ``year`` as filers name it."""
        end_year = year + 1 if self.month <= 2 else year
        return Period(start=self.year_end(end_year - 1) + timedelta(days=1), end=self.year_end(end_year))


def text_to_fiscal_calendars(text: str) -> list[FiscalCalendar]:
    """Every 52/53-week rule ``text`` states, in text order."""
    found = [(m.start(), FiscalCalendar(_DAYS.index(m.group(1).lower()), "last", _MONTHS.index(m.group(2).lower()) + 1))
             for m in _LAST_RE.finditer(text)]
    found += [(m.start(), FiscalCalendar(_DAYS.index(m.group(1).lower()), "nearest", _MONTHS.index(m.group(2).lower()) + 1))
              for m in _NEAREST_RE.finditer(text)]
    return [rule for _, rule in sorted(found, key=lambda f: f[0])]


def text_to_fiscal_calendar(text: str, cover_end: date) -> FiscalCalendar | None:
    """The 52/53-week rule ``text`` states, if the cover's year end ``cover_end`` obeys it."""
    for rule in text_to_fiscal_calendars(text):
        if any(rule.year_end(y) == cover_end for y in (cover_end.year - 1, cover_end.year, cover_end.year + 1)):
            return rule
    return None
