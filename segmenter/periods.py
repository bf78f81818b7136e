"""Column header text -> reporting period.

``label_to_period`` reads a column label as a table prints it and returns an
instant (``"As of June 30, 2025"``, ``"Dec. 31, 2024"``) or a duration
(``"For the six months ended June 30, 2025"``, ``"Three Months Ended March 29,
2025"``, ``"12 Months Ended Dec. 31, 2022"``). A bare year (``"2024"``,
``"Fiscal 2024"``) gets a period only when ``context`` (the header text around
it, the caption or the paragraph before the table) says what the years are,
e.g. "for the years ended December 31". Anything unsure returns ``None``.

A duration of N months ends on the stated date. When the end is a month end
the start is the first of a month (six months to June 30 start on January 1).
Otherwise the filer keeps a 52/53-week calendar (Apple's "Three Months Ended
June 28, 2025" is tagged 2025-03-30..2025-06-28), so 3, 6, 9 and 12 months are
read as 13, 26, 39 and 52 weeks; a 14-week quarter or a 53-week year is still
one week off. ``fiscal_weeks=False`` uses plain month arithmetic instead
(start = the same day N months earlier, plus one day: March 29 -> December 30).
Other counts use month arithmetic; "N weeks ended" is exact (7 x N days).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .patterns import YEAR, YEAR_IN_TEXT_RE, matches_in_priority
from .types import Period

__all__ = ["duration_ending", "is_month_end", "label_to_period", "period_start", "sentence_to_durations",
           "sentence_to_period", "states_length", "text_to_dates", "without_program_years"]

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "sixteen": 16, "twenty-four": 24, "twenty four": 24,
    "twenty-six": 26, "twenty six": 26, "thirty-nine": 39, "thirty nine": 39,
    "fifty-two": 52, "fifty two": 52, "fifty-three": 53, "fifty three": 53,
}

# Period words without a count -> months.
UNIT_WORDS: dict[str, int] = {
    "year": 12, "fiscal year": 12, "twelve month period": 12, "quarter": 3, "fiscal quarter": 3,
    "half year": 6, "semester": 6,
}

_MONTH_RE = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# "\s*(?:,\s*)?" rather than "\s*,?\s*": two adjacent \s* split a long run of spaces in
# quadratically many ways when the date fails to end on a word boundary (issue 5).
_MDY_RE = re.compile(
    r"\b" + _MONTH_RE + r"\.?\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?\b\s*(?:,\s*)?(?P<year>(?:19|20)\d{2})?\b",
    re.IGNORECASE,
)
_DMY_RE = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"\.?\s*(?:,\s*)?(?P<year>(?:19|20)\d{2})?\b",
    re.IGNORECASE,
)
_NUMERIC_DATE_RE = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})\b")
# A year that names a program is no period: "Fiscal 2024 Plan" over restructuring
# liabilities (CSCO 10-K), "Fiscal 2023 and Prior Plans", "2023 Restructuring Program".
_PROGRAM_AFTER = r"\s+(?:and\s+(?:prior|earlier)\s+)?(?:restructuring\s+)?(?:plans?|programs?|programmes?|initiatives?)\b"
_YEAR_RE = re.compile(
    r"(?<![\d,.])(?:fy\s*|fiscal\s+(?:year\s+)?)?(?P<year>(?:19|20)\d{2})(?![\d,])(?!" + _PROGRAM_AFTER + ")",
    re.IGNORECASE,
)
_PROGRAM_YEAR_RE = re.compile(r"(?:\bfiscal\s+(?:year\s+)?|\bfy\s*)?\b(?:19|20)\d{2}(?=" + _PROGRAM_AFTER + ")",
                              re.IGNORECASE)


def without_program_years(text: str) -> str:
    """``text`` without the years that name a program ("FISCAL 2024 PLAN" -> " PLAN")."""
    return _PROGRAM_YEAR_RE.sub(" ", text)


#: A count of months, weeks, ...: "6", "six".
_NUMBER = r"(?:\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_COUNT = rf"(?P<n>{_NUMBER})"
_COUNTED_RE = re.compile(
    _COUNT + r"[\s-]+(?P<unit>months?|weeks?|quarters?|years?)\b[\s-]*(?:period\s+|fiscal\s+year\s+)?(?:ended|ending|ends)\b",
    re.IGNORECASE,
)
_UNIT_RE = re.compile(
    r"\b(?P<unit>fiscal\s+years?|years?|fiscal\s+quarters?|quarters?|half[\s-]years?|semesters?|twelve-month\s+periods?)\b"
    r"\s+(?:period\s+)?(?:ended|ending|ends)\b",
    re.IGNORECASE,
)
# "subject to" is no range: "INTANGIBLE ASSETS SUBJECT TO AMORTIZATION December 31" over "2023" (GE 10-K)
_ENDED_RE = re.compile(r"\b(?:ended|ending|ends|period|through|(?<!subject\s)to|from)\b", re.IGNORECASE)
_RANGE_RE = re.compile(r"\b(?:to|through|thru|until)\b|[–—-]", re.IGNORECASE)
_PAREN_WORDS_RE = re.compile(r"\([^()\d]*\)")


def _month_end_start(end: date, months: int) -> date:
    index = end.year * 12 + end.month - months  # month index of the first month
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def period_start(end: date, months: int) -> date:
    """The first day of a period of ``months`` months that ends on ``end``."""
    if is_month_end(end):
        # A month-end period starts on the first of a month: six months to
        # June 30 start on January 1, not December 31.
        return _month_end_start(end, months)
    index = end.year * 12 + end.month - 1 - months
    year, month = divmod(index, 12)
    day = min(end.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) + timedelta(days=1)


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def text_to_dates(text: str) -> list[tuple[int, int, int | None, int, int]]:
    """Every month-day date in ``text`` as ``(month, day, year or None, start, end)``, in order."""
    found: list[tuple[int, int, int | None, int, int]] = []
    # The first pattern to match a stretch of text wins it; a date whose day is out of range claims nothing.
    for m in matches_in_priority((_MDY_RE, _DMY_RE, _NUMERIC_DATE_RE), text, _day_in_range):
        if m.re is _NUMERIC_DATE_RE:
            found.append((int(m.group("m")), int(m.group("d")), int(m.group("y")), m.start(), m.end()))
        else:
            year = int(m.group("year")) if m.group("year") else None
            found.append((MONTHS[m.group("mon").lower()], int(m.group("day")), year, m.start(), m.end()))
    return sorted(found, key=lambda d: d[3])


def _day_in_range(m: re.Match[str]) -> bool:
    return m.re is _NUMERIC_DATE_RE or 1 <= int(m.group("day")) <= 31


def _length(text: str) -> tuple[str, int] | None:
    """The period length a phrase states: ("months", N) or ("weeks", N); None if none."""
    m = _COUNTED_RE.search(text)
    if m:
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        unit = m.group("unit").lower().rstrip("s")
        if unit == "week":
            return ("weeks", n)
        if unit == "quarter":
            return ("months", 3 * n)
        if unit == "year":
            return ("months", 12 * n)
        return ("months", n)
    m = _UNIT_RE.search(text)
    if m:
        unit = re.sub(r"[\s-]+", " ", m.group("unit").lower())
        unit = unit[:-1] if unit.endswith("s") else unit
        return ("months", UNIT_WORDS[unit])
    return None


# Months -> weeks in a 52/53-week fiscal calendar (4-4-5 quarters of 13 weeks).
FISCAL_WEEKS: dict[int, int] = {3: 13, 6: 26, 9: 39, 12: 52}


def _duration(end: date, length: tuple[str, int], fiscal_weeks: bool) -> Period:
    kind, n = length
    if kind == "months" and fiscal_weeks and n in FISCAL_WEEKS and not is_month_end(end):
        kind, n = "weeks", FISCAL_WEEKS[n]
    if kind == "weeks":
        return Period(start=end - timedelta(days=7 * n - 1), end=end)
    return Period(start=period_start(end, n), end=end)


def states_length(text: str) -> bool:
    """Whether ``text`` states a period's length ("Fiscal Six Months Ended", "Year Ended")."""
    return _length(text) is not None


def duration_ending(text: str, end: date, *, fiscal_weeks: bool = True) -> Period | None:
    """The duration of the length ``text`` states ("Fiscal Six Months Ended"), ending
    on ``end``; None when it states no length. Dates in ``text`` are not read."""
    length = _length(text)
    return None if length is None else _duration(end, length, fiscal_weeks)


def is_month_end(day: date) -> bool:
    """Whether ``day`` is the last day of its month."""
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _clean(label: str) -> str:
    text = re.sub(r"\s+", " ", re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", label)).strip()
    # "(Unaudited)", "(Audited)", "(As Restated)" say nothing about the period.
    return _PAREN_WORDS_RE.sub(" ", text).strip()


def _full_dates(text: str) -> list[tuple[date, int, int]]:
    """Dates with a year; a month-day without a year takes a lone bare year elsewhere
    in the text ("December 31," + "2024" joined from two header cells)."""
    dates = text_to_dates(text)
    out: list[tuple[date, int, int]] = []
    yearless = [d for d in dates if d[2] is None]
    with_year = [d for d in dates if d[2] is not None]
    for month, day, year, s, e in with_year:
        made = _make_date(year, month, day) if year is not None else None
        if made is not None:
            out.append((made, s, e))
    if yearless and not with_year:
        spans = [(d[3], d[4]) for d in dates]
        years = [
            y for y in _YEAR_RE.finditer(text)
            if not any(s <= y.start() < e for s, e in spans)
        ]
        if len(years) == 1 and len(yearless) == 1:
            month, day, _, s, e = yearless[0]
            made = _make_date(int(years[0].group("year")), month, day)
            if made is not None:
                out.append((made, s, e))
    return out


#: Years listed right after a full date: "June 30, 2023 and 2022", "December 31, 2024, 2023 and 2022".
_YEAR_LIST_RE = re.compile(rf"(?:\s*,?\s*(?:and\s+)?{YEAR}(?![\d,]\d))+")


def _listed_years(after: str) -> set[int]:
    """The years of a list that opens ``after`` (the text following a full date): the
    date's month and day hold for each ("for the quarters ended June 30, 2023 and
    2022", RTX 10-Q)."""
    m = _YEAR_LIST_RE.match(after)
    return {int(y) for y in YEAR_IN_TEXT_RE.findall(m.group())} if m else set()


#: What joins two dates of one list: ", ", " and ", ", and ".
_LIST_JOIN_RE = re.compile(r"\s*,?\s*(?:and\s+)?")


def _context_rule(context: str, year: int) -> tuple[str, int, int, tuple[str, int] | None] | None:
    """What the context says the bare year ``year`` means: ("duration"|"instant", month, day, length).

    Only phrases whose date has no year ("years ended December 31,") or has
    ``year`` itself count. None when the context says nothing, or says two
    different things."""
    rules: set[tuple[str, int, int, tuple[str, int] | None]] = set()
    text = re.sub(r"\s+", " ", context)
    # the phrase before a list of dates holds for each: "as of December 31, 2024 and
    # December 31, 2023" (JNJ 10-K 2024 plan assets)
    phrase: tuple[str, tuple[str, int] | None] | None = None
    last_end = -1
    for month, day, date_year, s, e in text_to_dates(text):
        before = text[max(0, s - 80):s]
        length = None
        # the phrase must run right up to the date: "years ended December 31"
        for m in list(_COUNTED_RE.finditer(before)) + list(_UNIT_RE.finditer(before)):
            if not before[m.end():].strip(" ,"):
                length = _length(before[m.start():])
        if length is not None:
            phrase = ("duration", length)
        elif re.search(r"\b(?:as\s+of|as\s+at|at)\s*$", before, re.IGNORECASE):
            phrase = ("instant", None)
        elif not (phrase is not None and last_end >= 0 and _LIST_JOIN_RE.fullmatch(text, last_end, s)):
            phrase = None
        last_end = e
        if phrase is None or (date_year is not None and date_year != year and year not in _listed_years(text[e:])):
            continue
        rules.add((phrase[0], month, day, phrase[1]))
    if len(rules) == 1:
        return next(iter(rules))
    return None


# "Fiscal Year" right before a date, or before words that name no end of a period
# ("Fiscal Year Internal Credit Risk Rating July 25, 2020", CSCO in pipe text)
_VINTAGE_BEFORE_RE = re.compile(
    r"\bfiscal\s+year\b(?:\s+(?!(?:ended|ending|end|as|of|at|to|through)\b)[A-Za-z&]+){0,5}\s*$", re.IGNORECASE)
#: How far before a date "Fiscal Year" and its words are looked for: a bounded window keeps
#: a label of many dates linear (each date checked against the whole text before it was not).
VINTAGE_WINDOW = 120


def label_to_period(label: str, *, context: str = "", fiscal_weeks: bool = True) -> Period | None:
    """The period a column label names, or None when it names none or is unsure.

    ``context`` is consulted only when the label has a year but no month and
    day ("2024", "Fiscal 2024"): a context stating "years ended December 31"
    turns "2024" into 2024-01-01..2024-12-31, "as of June 30" into an instant.
    ``fiscal_weeks`` reads 3/6/9/12 months that end mid-month as 13/26/39/52
    weeks (see the module docstring). A date after "Fiscal Year" beside one other
    date names a vintage, not the period ("July 27, 2024 Fiscal Year July 25,
    2020" is July 27, 2024).
    """
    text = _clean(label)
    if not text:
        return None
    dates = _full_dates(text)
    vintages = [d for d in dates if _VINTAGE_BEFORE_RE.search(text, max(0, d[1] - VINTAGE_WINDOW), d[1])]
    if vintages and len(dates) - len(vintages) == 1:
        # a fiscal year named under a balance date is a category, the year loans were made:
        # "July 27, 2024 | Fiscal Year July 25, 2020" (CSCO financing receivables by vintage)
        dates = [d for d in dates if d not in vintages]
    length = _length(text)
    if len(dates) == 2 and dates[0][0] < dates[1][0]:
        between = text[dates[0][2]:dates[1][1]]
        if _RANGE_RE.search(between):
            # "January 1, 2025 to June 30, 2025", "Period from February 1, 2024 through ..."
            return Period(start=dates[0][0], end=dates[1][0])
        return None
    if len(dates) > 1:
        distinct = {d[0] for d in dates}
        if len(distinct) != 1:
            return None
    if dates:
        end = dates[0][0]
        if length is not None:
            return _duration(end, length, fiscal_weeks)
        if _ENDED_RE.search(text):
            return None  # "Period ended June 30, 2025": a duration of unknown length
        return Period(instant=end)
    # No month and day: a bare or fiscal year, read through the context.
    if text_to_dates(text):
        return None
    years = {int(m.group("year")) for m in _YEAR_RE.finditer(text)}
    if len(years) != 1:
        return None
    year = years.pop()
    rule = _context_rule(context, year)
    if rule is None:
        return None
    kind, month, day, ctx_length = rule
    year_end = _make_date(year, month, day)
    if year_end is None:
        return None
    if kind == "instant":
        return None if length is not None else Period(instant=year_end)
    return _duration(year_end, length or ctx_length or ("months", 12), fiscal_weeks)


#: Two lengths for one date: "for the six and three months ended June 30, 2023" (BA 10-Q).
_TWO_LENGTHS_RE = re.compile(rf"{_NUMBER}\s+and\s+{_NUMBER}[\s-]+months?\b", re.IGNORECASE)
_AS_OF_RE = re.compile(r"\b(?:as\s+of|as\s+at|at|on)\s*$", re.IGNORECASE)
#: What may sit between the dates of one list: "July 2, 2023 and July 3, 2022".
_DATE_LIST_GAP_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)?\Z", re.IGNORECASE)


def sentence_to_durations(text: str, *, fiscal_weeks: bool = True) -> dict[date, Period]:
    """The durations a sentence names by their end dates: "for the fiscal second quarters
    ended July 2, 2023 and July 3, 2022" -> {2023-07-02: that quarter, 2022-07-03: that
    quarter} (JNJ 10-Q 2023, over columns headed "July 2, 2023", "July 3, 2022").

    Each date of a list right after a length phrase ("six months ended", "years
    ended") ends a period of that length. A date that two phrases give different
    lengths is left out.
    """
    flat = re.sub(r"\s+", " ", text)
    dates = [(d, s, e) for month, day, year, s, e in text_to_dates(flat)
             if year is not None and (d := _make_date(year, month, day)) is not None]
    found: dict[date, set[Period]] = {}
    for m in list(_COUNTED_RE.finditer(flat)) + list(_UNIT_RE.finditer(flat)):
        length = _length(flat[m.start():m.end()])
        if length is None:
            continue
        at = m.end()
        for made, s, e in dates:
            if s < at:
                continue
            if _DATE_LIST_GAP_RE.match(flat[at:s]) is None:
                break
            found.setdefault(made, set()).add(_duration(made, length, fiscal_weeks))
            at = e
    return {d: periods.pop() for d, periods in found.items() if len(periods) == 1}


def sentence_to_period(text: str, *, fiscal_weeks: bool = True) -> Period | None:
    """The one period a sentence states for the table after it, or None.

    "... purchase obligations ... as of September 28, 2024, are as follows (in
    millions):" -> instant 2024-09-28 (AAPL 10-K 2024: a maturity table whose
    columns name no period is tagged at that date); "for the three months ended
    June 30, 2025" -> that quarter. Only a dated phrase that runs right up to
    its date counts ("as of", "at", "years ended"); a sentence naming two
    different periods says nothing sure.
    """
    flat = re.sub(r"\s+", " ", text)
    found: set[Period] = set()
    dated = [(d, s) for month, day, year, s, e in text_to_dates(flat)
             if year is not None and (d := _make_date(year, month, day)) is not None
             and not _listed_years(flat[e:]) - {year}]
    if len({d for d, _ in dated}) != 1 or _TWO_LENGTHS_RE.search(flat):
        # no date, or "as of June 30, 2025 and December 31, 2024", "June 30, 2023 and
        # 2022", "for the six and three months ended" (BA 10-Q)
        return None
    for made, s in dated:
        before = flat[max(0, s - 80):s]
        length = None
        for m in list(_COUNTED_RE.finditer(before)) + list(_UNIT_RE.finditer(before)):
            if not before[m.end():].strip(" ,"):
                length = _length(before[m.start():])
        if length is not None:
            found.add(_duration(made, length, fiscal_weeks))
        elif _AS_OF_RE.search(before):
            found.add(Period(instant=made))
    return found.pop() if len(found) == 1 else None
