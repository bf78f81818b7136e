"""Periods a table states outside its columns' own headers.

The rules, all read from the filers' tags in the corpus:

``columns_to_shared_period``
    In a header where the columns that name a period all name the same one,
    the columns beside them that name none share it: "August 31, 2024" over
    the total, then "Level 1", "Level 2", "Level 3" (WBA 10-K fair values);
    "December 31," spanning "2023" and "Quoted prices (Level 1)" (TMO 10-K).

``columns_to_group_period``
    A column that names no period and comes once after each dated column holds
    values of the dated column before it: "2023 | Effective Rate % | 2022 |
    Effective Rate %" (JNJ 10-K debt), each year's rates at its balances.

``columns_to_change_period``
    A column of changes between periods is tagged with the later one: "%
    Change ’23 vs. ’22" beside "2023", "2022", "2021" holds 2023's changes,
    and "Percent Change" after "July 2, 2023" and "July 3, 2022" under
    "Fiscal Second Quarter Ended" the quarter to July 2, 2023 (JNJ).

``columns_to_rollforward_period``
    Columns between two balance columns hold the flows from the one to the
    other: "Balance, Beginning 2022 | Acquisitions | ... | Balance, End of
    2022" (PEP goodwill), or one label at two dates, "January 1, 2023 Carrying
    Value | Changes in Fair Value | ... | December 31, 2023 Carrying Value" (JNJ).

``columns_to_vintage_instant``
    Bare years beside a "Prior" column are years of origination (BA's
    financing receivables by credit rating): every column holds balances at
    the day the document reports on.

``columns_to_report_instant``
    Beside balances at two or more dates, the latest the day the document
    reports on, a column that names no period holds that day's: "Principal
    Amount" before "February 2, 2025 | January 28, 2024" (HD 10-K debt).

``rows_to_cell_periods``
    A row whose label names its own date gives its cells that instant: a
    roll-forward's "Balance at December 31, 2022", "Outstanding as of May 31,
    2024", "Goodwill at January 1, 2023". A row that is a bare date under a
    column that states a length and no date ("Quarter Ended | Shares", CSCO
    repurchases) holds that length ending on its date. A row at the edge of
    its column's duration gives its cells the instant there: "Balance at
    beginning of year" and "Balance as of January 1" are the day before the
    column's period starts, "Ending balance" / "end of period" its last day.
    The cell keeps ``period=None`` when the instant is its column's anyway.

``rows_to_length_periods``
    A row that states only a length ("Fiscal Six Months Ended", between the
    quarter's rows and the half-year's under "Fiscal Second Quarter Ended June
    29, 2025 | June 30, 2024", JNJ 10-Q segments) gives the rows below it
    durations of that length, each ending on its column's last day.

``rows_to_rollforward_periods``
    In a roll-forward whose columns name no period ("Derivatives", "Currency
    Translation Adjustment"), the rows between two dated balances hold the
    flows from one to the other: MRK's and PEP's 10-Q changes in accumulated
    other comprehensive income between "Balance April 1, 2022" and "Balance
    June 30, 2022". An opening balance on the first of a month, closing on a
    month end, is the close of the day before, as filers tag it ("April 1" is
    March 31's balance); a 52/53-week filer's "January 1, 2023" is its own
    year end (JNJ), and stays.

``rows_to_instant_rollforwards``
    Under a column dated a roll-forward's closing day, the rows between the
    opening balance ("at beginning of year", September 30, 2023) and the
    closing one ("at end of year") hold the flows between them: JCI's interest
    cost under "September 30, 2024" is fiscal 2024's.

``rows_to_block_instants``
    In a table whose columns name no period, parts stacked by date each end
    with a total that names it: the plan assets above "Total at December 31,
    2023" are that day's, those between it and "Total at December 31, 2022"
    the year before's (RTX 10-K, by level of the fair-value hierarchy).

``tables_to_opening_instants``
    A row's "Balance at January 1, 2022" is the close of December 31, 2021 when
    the document names that day as a balance date (BA 10-K).

``tables_to_future_instants``
    A duration that starts after the period the document reports on holds what
    falls due then, as of the balance date: "Year Ended December 31, 2025" over
    the long-term debt payments of AMZN's 2024 10-K, "Year(s) 2025" over BA's
    expected benefit payments. Filers tag those amounts at the instant the
    report ends, and so does the cell, even one a balance row had dated at its
    future year's end; so are the "Thereafter" and "Total" columns after them
    and any other column that names no period ("Committed", RTX 10-K).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from datetime import date, timedelta

from .patterns import SHORT_YEAR_RE, TOTAL_LABEL_RE, YEAR, YEAR_IN_TEXT_RE
from .periods import duration_ending, is_month_end, label_to_period, states_length, text_to_dates
from .types import Cell, Column, Period, Row, Table

__all__ = [
    "columns_to_balance_instants",
    "columns_to_change_period",
    "columns_to_group_period",
    "columns_to_report_instant",
    "columns_to_rollforward_period",
    "columns_to_shared_period",
    "columns_to_vintage_instant",
    "row_label_to_period",
    "row_with_cell_periods",
    "rows_to_block_instants",
    "rows_to_cell_periods",
    "rows_to_instant_rollforwards",
    "rows_to_length_periods",
    "rows_to_rollforward_periods",
    "tables_to_future_instants",
    "tables_to_named_starts",
    "tables_to_opening_instants",
]

# Labels that name a balance at a point in time.
_BALANCE_RE = re.compile(
    r"^\s*(?:total\s+)?(?:balances?|beginning\s+balance|ending\s+balance|outstanding|nonvested|non-vested|unvested"
    r"|exercisable|vested\s+and\s+expected\s+to\s+vest|as\s+of|as\s+at|at)\b",
    re.IGNORECASE,
)
_BEGINNING_RE = re.compile(
    r"\b(?:beginning|start)\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:year|period|quarter)\b"
    r"|^\s*(?:balances?,?\s+)?beginning\b|\bbalances?,?\s+(?:at\s+|as\s+of\s+)?(?:the\s+)?beginning\b",
    re.IGNORECASE,
)
_END_RE = re.compile(
    r"\bend\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:year|period|quarter)\b"
    r"|^\s*(?:balances?,?\s+)?ending\b|\bbalances?,?\s+(?:at\s+|as\s+of\s+)?(?:the\s+)?end(?:ing)?\b",
    re.IGNORECASE,
)
_NOT_A_DATE_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_DIGIT_RE = re.compile(r"\d")


def _only_a_date(label: str) -> bool:
    """"December 31, 2023" or "Balance, December 31, 2023": nothing but a date and a balance word."""
    dates = text_to_dates(label)
    if len(dates) != 1:
        return False
    rest = label[:dates[0][3]] + label[dates[0][4]:]
    words = [w.lower() for w in _NOT_A_DATE_RE.findall(rest)]
    return all(w in ("balance", "balances", "as", "of", "at") for w in words)


def _bare_date(label: str) -> bool:
    """"April 29, 2023": a label that is one date and nothing else."""
    dates = text_to_dates(label)
    return len(dates) == 1 and not _NOT_A_DATE_RE.search(label[:dates[0][3]] + label[dates[0][4]:])


_AT_BEFORE_RE = re.compile(r"(?:\b(?:at|as\s+of|as\s+at)|\s[-–—])\s*,?\s*$", re.IGNORECASE)
_AFTER_DATE_RE = re.compile(r"^\W*(?:\(\w{1,3}\)\W*)*$")


def _at_a_date(label: str) -> Period | None:
    """"Goodwill at January 1, 2023", "Shares at December 31, 2023" (JNJ 10-K),
    "Goodwill - January 1, 2022" (AMZN 10-K): a label that ends at a full date after
    "at", "as of" or a dash names that instant."""
    dates = text_to_dates(label)
    if not dates:
        return None
    month, day, year, start, end = dates[-1]
    if year is None or not _AT_BEFORE_RE.search(label[:start]) or not _AFTER_DATE_RE.match(label[end:]):
        return None
    try:
        return Period(instant=date(year, month, day))
    except ValueError:
        return None


def _yearless_day(label: str) -> tuple[int, int] | None:
    days = [(m, d) for m, d, year, _s, _e in text_to_dates(label) if year is None]
    return days[0] if len(days) == 1 else None


@lru_cache(maxsize=4096)
def row_label_to_period(label: str, column_period: Period | None, column_label: str = "") -> Period | None:
    """The instant a row's label names for a cell in a column of ``column_period``
    (headed ``column_label``), or None."""
    balance = bool(_BALANCE_RE.search(label))
    if balance or (_DIGIT_RE.search(label) and _only_a_date(label)):
        found = label_to_period(label)
        if found is not None and found.instant is not None:
            if not balance and _bare_date(label) and not text_to_dates(column_label):
                # "April 29, 2023" under "Quarter Ended | Shares" (CSCO 10-Q repurchases):
                # the row's date ends the length its column states
                stated = duration_ending(column_label, found.instant)
                if stated is not None:
                    return stated
            return found
    elif _DIGIT_RE.search(label):
        at = _at_a_date(label)
        if at is not None:
            return at
    day = _yearless_day(label) if balance else None
    if column_period is None or column_period.start is None or column_period.end is None:
        # "Balance as of January 1" under a bare "2023" (RTX 10-K): an opening balance is
        # the close of the day before, as filers tag it
        years = {int(y) for y in YEAR_IN_TEXT_RE.findall(column_label)}
        if day is None or len(years) != 1:
            return None
        try:
            on = date(years.pop(), *day)
        except ValueError:
            return None
        return Period(instant=on - timedelta(days=1) if day == (1, 1) else on)
    start, end = column_period.start, column_period.end
    if day is not None and day == (start.month, start.day):
        # "Balance as of January 1": a day without a year, read against the column's period
        return Period(instant=start - timedelta(days=1))
    if day is not None and day == (end.month, end.day):
        return Period(instant=end)
    if _BEGINNING_RE.search(label):
        return Period(instant=start - timedelta(days=1))
    if _END_RE.search(label):
        return Period(instant=end)
    return None


def rows_to_cell_periods(rows: Sequence[Row], columns: Sequence[Column],
                         year_end_before: Callable[[date], date | None] | None = None,
                         fiscal_period: Callable[[Period | None], Period | None] = lambda p: p) -> tuple[Row, ...]:
    """``rows`` with ``Cell.period`` set where the row names a period other than its cell's column.

    Under a dated column, a row "at beginning of year" (or a "Beginning balance")
    holds the balance of the fiscal year before's last day (``year_end_before``
    gives it for a day, or None): JCI's "Projected benefit obligation at
    beginning of year" under "September 30, 2024" is September 30, 2023's, GE's
    10-Q "Beginning balance at locked-in discount rate" under "June 30, 2023"
    December 31, 2022's. A row's date that ends the length its column states is a
    duration as the filer counts it (``fiscal_period``,
    :meth:`segmenter.doccontext.DocumentContext.fiscal_period`)."""
    out = []
    for row in rows:
        opening = year_end_before is not None and _BEGINNING_RE.search(row.label) is not None
        cells = []
        for cell in row.cells:
            column = columns[cell.column] if 0 <= cell.column < len(columns) else None
            column_period = column.period if column is not None else None
            period = (row_label_to_period(row.label, column_period, column.label if column is not None else "")
                      if cell.value is not None else None)
            if period is None and opening and cell.value is not None and column_period is not None \
                    and column_period.instant is not None:
                before = year_end_before(column_period.instant)  # type: ignore[misc]
                if before is not None:
                    period = Period(instant=before)
            if period is not None and period.start is not None:
                period = fiscal_period(period)
            cells.append(replace(cell, period=period) if period is not None and period != column_period else cell)
        out.append(replace(row, cells=tuple(cells)) if cells != list(row.cells) else row)
    return tuple(out)


#: A row that states a length alone is short: "Fiscal Six Months Ended", "Nine months ended".
_LENGTH_ROW_MAX_WORDS = 6


def _stated_length(row: Row) -> str | None:
    """The text of a row without values that states a period's length and no date, or None."""
    if any(cell.value is not None for cell in row.cells):
        return None
    text = " ".join([row.label, *(cell.text for cell in row.cells)]).strip()
    if not text or len(text.split()) > _LENGTH_ROW_MAX_WORDS or text_to_dates(text) \
            or YEAR_IN_TEXT_RE.search(text):
        return None
    return text if states_length(text) else None


def rows_to_length_periods(rows: Sequence[Row], columns: Sequence[Column],
                           fiscal_period: Callable[[Period | None], Period | None] = lambda p: p) -> tuple[Row, ...]:
    """``rows`` with the cells below a row that states only a length ("Fiscal Six Months
    Ended") given that length, ending on their duration column's last day, as the
    filer counts it (``fiscal_period``, :meth:`segmenter.doccontext.DocumentContext.fiscal_period`).
    Cells whose row names a period of its own keep it."""
    out: list[Row] = []
    length: str | None = None
    for row in rows:
        stated = _stated_length(row)
        if stated is not None:
            length = stated
        if length is None or stated is not None:
            out.append(row)
            continue

        def new_period(cell: Cell, length: str = length) -> Period | None:
            column = columns[cell.column].period if 0 <= cell.column < len(columns) else None
            if cell.value is None or cell.period is not None or column is None or column.start is None \
                    or column.end is None:
                return None
            found = fiscal_period(duration_ending(length, column.end))
            return found if found != column else None

        out.append(row_with_cell_periods(row, new_period))
    return tuple(out)


def rows_to_block_instants(rows: Sequence[Row], columns: Sequence[Column]) -> tuple[Row, ...]:
    """``rows`` with the rows above each dated total given its date, in a table whose
    columns name no period and whose totals name two dates or more (see the module
    docstring)."""
    if any(c.period is not None for c in columns):
        return tuple(rows)
    totals = []
    for i, row in enumerate(rows):
        found = _at_a_date(row.label) if TOTAL_LABEL_RE.match(row.label) else None
        if found is not None:
            totals.append((i, found))
    if len({period for _, period in totals}) < 2:
        return tuple(rows)
    out, start = list(rows), 0
    for end, period in totals:
        for k in range(start, end):
            out[k] = row_with_cell_periods(out[k], lambda c, day=period: day if c.period is None else None)
        start = end + 1
    return tuple(out)


def _opening_close(opening: date, closing: date, month_calendar: bool) -> date:
    """The instant of a roll-forward's opening balance dated ``opening``: with
    ``month_calendar``, the first of a month before a closing balance on a month end
    is the close of the day before ("April 1" is March 31's balance)."""
    if month_calendar and opening.day == 1 and is_month_end(closing):
        return opening - timedelta(days=1)
    return opening


def rows_to_rollforward_periods(rows: Sequence[Row], columns: Sequence[Column], *,
                                month_calendar: bool = True) -> tuple[Row, ...]:
    """``rows`` with the flows between two dated balance rows given the duration
    between them, where neither the cell nor its column has a period (see the
    module docstring); ``month_calendar``: the filer's periods end on month ends,
    so an opening balance on the first of a month is the day before's."""
    def column_period(cell: Cell) -> Period | None:
        return columns[cell.column].period if 0 <= cell.column < len(columns) else None

    def open_cell(cell: Cell) -> bool:
        return cell.value is not None and cell.period is None and column_period(cell) is None

    dated = []
    for i, row in enumerate(rows):
        found = row_label_to_period(row.label, None) if any(c.value is not None for c in row.cells) else None
        if found is not None and found.instant is not None:
            dated.append((i, found.instant))
    out = list(rows)
    for (i, opening), (j, closing) in zip(dated, dated[1:]):
        flows = [k for k in range(i + 1, j) if any(open_cell(c) for c in rows[k].cells)]
        if not flows or closing <= opening:
            continue
        before = _opening_close(opening, closing, month_calendar)
        if before != opening:
            out[i] = replace(out[i], cells=tuple(
                replace(c, period=Period(instant=before)) if c.period == Period(instant=opening) else c
                for c in out[i].cells))
            opening = before
        period = Period(start=opening + timedelta(days=1), end=closing)
        for k in flows:
            out[k] = replace(out[k], cells=tuple(replace(c, period=period) if open_cell(c) else c
                                                 for c in out[k].cells))
    return tuple(out)


#: An opening balance more than this many days before its column's date opens no roll-forward.
MAX_ROLLFORWARD_DAYS = 400


def rows_to_instant_rollforwards(rows: Sequence[Row], columns: Sequence[Column]) -> tuple[Row, ...]:
    """``rows`` with the flows of a roll-forward under a column dated its closing day
    given the duration from the opening balance: under "September 30, 2024", the
    rows between "Projected benefit obligation at beginning of year" (September 30,
    2023) and "... at end of year" are fiscal 2024's (JCI 10-K); under "As of
    December 31, 2024" NFLX's unrecognized tax benefit increases are 2024's. A row
    whose label names a balance of its own keeps its instant."""
    out = list(rows)
    for col, column in enumerate(columns):
        close = column.period.instant if column.period is not None else None
        if close is None:
            continue
        opening: date | None = None
        pending: list[int] = []
        for k, row in enumerate(rows):
            cell = next((c for c in row.cells if c.column == col and c.value is not None), None)
            if cell is None:
                continue
            own = cell.period if cell.period is not None else row_label_to_period(row.label, column.period, column.label)
            balance = own is not None or bool(_BALANCE_RE.search(row.label) or _BEGINNING_RE.search(row.label)
                                              or _END_RE.search(row.label))
            closing = (own.instant == close) if own is not None else _END_RE.search(row.label) is not None
            if own is not None and own.instant is not None and own.instant < close \
                    and (close - own.instant).days <= MAX_ROLLFORWARD_DAYS:
                opening, pending = own.instant, []
            elif opening is not None and closing:
                period = Period(start=opening + timedelta(days=1), end=close)
                for j in pending:
                    out[j] = replace(out[j], cells=tuple(
                        replace(c, period=period) if c.column == col and c.value is not None and c.period is None else c
                        for c in out[j].cells))
                opening, pending = None, []
            elif opening is not None and not balance and cell.period is None:
                pending.append(k)
    return tuple(out)


_BALANCE_COLUMN_RE = re.compile(r"\bbalances?\b", re.IGNORECASE)
# "Balance, End of 2022": the end of a year named by its number
_END_OF_YEAR_RE = re.compile(r"\bend\s+of\s+(?:fiscal\s+)?(?:19|20)\d{2}\b", re.IGNORECASE)


def columns_to_balance_instants(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """A balance column at the beginning or end of a year it names as a duration is
    that instant: "Balance, Beginning 2022" is the close of the day before fiscal
    2022, "Balance, End of 2023" its last day (PEP 10-K 2023 goodwill)."""
    out = []
    for column in columns:
        period = column.period
        if (period is not None and period.start is not None and period.end is not None
                and _BALANCE_COLUMN_RE.search(column.label)):
            if _BEGINNING_RE.search(column.label):
                column = replace(column, period=Period(instant=period.start - timedelta(days=1)))
            elif _END_RE.search(column.label) or _END_OF_YEAR_RE.search(column.label):
                column = replace(column, period=Period(instant=period.end))
        out.append(column)
    return tuple(out)


# A label that names a length of time heads a period's columns, not a balance's
# ("Fiscal Second Quarter Ended" over two dates, JNJ 10-Q).
_PERIOD_WORDS_RE = re.compile(
    r"\b(?:ended|ending|months?|quarters?|weeks?|years?|fiscal|period|through)\b", re.IGNORECASE)


def _without_dates(label: str) -> str:
    """A column label with its dates and years taken out, folded: "January 1, 2023
    Carrying Value" -> "carrying value"."""
    for *_, start, end in reversed(text_to_dates(label)):
        label = label[:start] + " " + label[end:]
    return " ".join(YEAR_IN_TEXT_RE.sub(" ", label).split()).casefold()


def columns_to_rollforward_period(columns: tuple[Column, ...], *, month_calendar: bool = True) -> tuple[Column, ...]:
    """Columns between two balance columns of a roll-forward take the period that
    runs up to the later balance, when they name none themselves: "Balance,
    Beginning 2022 | Acquisitions | Impairment | Balance, End of 2022 |
    Acquisitions | ... | Balance, End of 2023" (PEP 10-K 2023 goodwill) puts the
    first flows in 2022 and the second in 2023. With ``month_calendar`` (the
    filer's periods end on month ends), an opening balance on the first of a month
    before a closing one on a month end is the close of the day before, as in
    :func:`rows_to_rollforward_periods`: "January 1 2022 Balance" is December 31,
    2021's (BA 10-K Level 3 roll-forward). Balance columns say "Balance", or
    repeat one label at two dates: "January 1, 2023 Carrying Value | Changes in
    Fair Value | Sales/ Purchases/ Other | December 31, 2023 Carrying Value"
    (JNJ 10-K equity investments)."""
    undated = [_without_dates(c.label) if c.period is not None else "" for c in columns]
    repeated = {label for label in undated
                if label and undated.count(label) > 1 and not _PERIOD_WORDS_RE.search(label)}
    balances = [i for i, c in enumerate(columns)
                if c.period is not None and (_BALANCE_COLUMN_RE.search(c.label) or undated[i] in repeated)]
    out = list(columns)
    for a, b in zip(balances, balances[1:]):
        between = range(a + 1, b)
        if not between or any(columns[i].period is not None or YEAR_IN_TEXT_RE.search(columns[i].label)
                              for i in between):
            continue
        before, after = columns[a].period, columns[b].period
        named = _BALANCE_COLUMN_RE.search(columns[a].label) and _BALANCE_COLUMN_RE.search(columns[b].label)
        if not named and (undated[a] != undated[b] or (  # one label at two dates, forward in time
                before.end is not None and after.end is not None and before.end >= after.end)):  # type: ignore[union-attr]
            continue
        if after.instant is not None:  # type: ignore[union-attr]
            if before.instant is None or before.instant >= after.instant:  # type: ignore[union-attr]
                continue
            opening = _opening_close(before.instant, after.instant, month_calendar)  # type: ignore[union-attr]
            if opening != before.instant:  # type: ignore[union-attr]
                out[a] = replace(columns[a], period=Period(instant=opening))
            period = Period(start=opening + timedelta(days=1), end=after.instant)  # type: ignore[union-attr]
        else:
            period = after  # type: ignore[assignment]
        for i in between:
            out[i] = replace(columns[i], period=period)
    return tuple(out)


def columns_to_shared_period(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """Columns that name no period (and no year) take the one period all the others name."""
    named = {c.period for c in columns if c.period is not None}
    if len(named) != 1 or all(c.period is not None for c in columns):
        return columns
    period = next(iter(named))
    return tuple(
        replace(c, period=period) if c.period is None and not YEAR_IN_TEXT_RE.search(c.label) else c for c in columns
    )


def columns_to_report_instant(columns: tuple[Column, ...], report_end: date | None) -> tuple[Column, ...]:
    """Columns that name no period (nor a year, nor a change) beside balances at two or more
    dates, the latest the day the document reports on, hold that day's balances: "Principal
    Amount" before "February 2, 2025 | January 28, 2024" (HD 10-K debt), "Interest Rate"
    (JCI 10-K), as the filers tag them."""
    named = {c.period for c in columns if c.period is not None}
    if (report_end is None or len(named) < 2 or any(p.instant is None for p in named)
            or max(p.instant for p in named) != report_end):  # type: ignore[type-var]
        return columns
    day = Period(instant=report_end)
    return tuple(replace(c, period=day) if _names_no_period(c) else c for c in columns)


#: The column after the years of origination of a credit-quality table.
_PRIOR_COLUMN_RE = re.compile(r"\s*(?:prior(?:\s+years?)?|earlier(?:\s+years?)?)\s*", re.IGNORECASE)
_BARE_YEAR_RE = re.compile(rf"\s*(?:fiscal\s+)?{YEAR}\s*", re.IGNORECASE)


def columns_to_vintage_instant(columns: tuple[Column, ...], report_end: date | None) -> tuple[Column, ...]:
    """Financing receivables by year of origination ("Current | 2022 | 2021 | 2020 | 2019 |
    Prior | Total", BA 10-K): bare years beside a "Prior" column say when the loans were
    made, not a period. Every column holds balances at the day the document reports on,
    as filers tag them."""
    if report_end is None or len(columns) < 3:
        return columns
    # what a spanning corner or group adds to every label ("Rating categories", pipe text)
    words = [c.label.split() for c in columns]
    common = 0
    while all(len(w) > common + 1 and w[common] == words[0][common] for w in words):
        common += 1
    own = [" ".join(w[common:]) for w in words]
    if not any(_PRIOR_COLUMN_RE.fullmatch(label) for label in own) \
            or sum(1 for label in own if _BARE_YEAR_RE.fullmatch(label)) < 2:
        return columns
    day = Period(instant=report_end)
    return tuple(replace(c, period=day) for c in columns)


def columns_to_group_period(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """A column that names no period and follows each dated column once takes the period
    of the dated column before it: "2023 | Effective Rate % | 2022 | Effective Rate %"
    (JNJ 10-K debt), the rates at each year's balances. Change columns are left to
    :func:`columns_to_change_period`."""
    dated = [i for i, c in enumerate(columns) if c.period is not None]
    if len(dated) < 2 or all(c.period is not None for c in columns):
        return columns
    out = list(columns)
    by_label: dict[str, list[int]] = {}
    for i, c in enumerate(columns):
        if _names_no_period(c):
            by_label.setdefault(c.label, []).append(i)
    for found in by_label.values():
        if len(found) != len(dated):
            continue
        bounds = dated[1:] + [len(columns)]
        if all(d < o < b for d, o, b in zip(dated, found, bounds)):
            for d, o in zip(dated, found):
                out[o] = replace(columns[o], period=columns[d].period)
    return tuple(out)


_CHANGE_RE = re.compile(r"\b(?:change|changes|vs\.?|versus|increase|decrease|variance)\b", re.IGNORECASE)


def _names_no_period(column: Column) -> bool:
    """A labelled column that names no period, no year and no change ("Principal Amount",
    "Effective Rate %"): open to the periods of the columns beside it."""
    return (column.period is None and bool(column.label) and not YEAR_IN_TEXT_RE.search(column.label)
            and not _CHANGE_RE.search(column.label))


def _years_named(label: str) -> set[int]:
    years = {int(y) for y in YEAR_IN_TEXT_RE.findall(label)}
    return years | {2000 + int(y) for y in SHORT_YEAR_RE.findall(label)}


def columns_to_change_period(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """Change columns without a period take the later of the periods they compare:
    the column of the latest year the header names ("’23 vs. ’22"), else the latest
    of the columns since the previous change column."""
    change = [bool(_CHANGE_RE.search(c.label)) for c in columns]
    if not any(c.period is None and is_change for c, is_change in zip(columns, change)):
        return columns
    # the periods compared: those of the columns that are not changes themselves
    compared = [None if is_change else c.period for c, is_change in zip(columns, change)]
    out = list(columns)
    group_start = 0
    for i, column in enumerate(columns):
        if not change[i]:
            continue
        if column.period is None:
            years = _years_named(column.label)
            if years:
                latest = max(years)
                found = {p for c, p in zip(columns, compared) if p is not None and latest in _years_named(c.label)}
            else:
                group = [p for p in compared[group_start:i] if p is not None and (p.instant or p.end) is not None]
                last = max((p.instant or p.end for p in group), default=None)
                found = {p for p in group if (p.instant or p.end) == last}
            if len(found) == 1:
                out[i] = replace(column, period=found.pop())
        group_start = i + 1
    return tuple(out)


#: How far a duration's counted start may sit from the day after a period end the
#: document names, and still move there.
START_SNAP_DAYS = 7


#: Shortest duration whose start is read against the document's balance dates: a
#: period of six months or more starts with a fiscal year, the day after a balance
#: date; a quarter starts after a quarter end the document seldom names.
MIN_SNAP_DAYS = 150


def _balance_dates(tables: Sequence[Table], extra: Sequence[date]) -> list[date]:
    dates = set(extra)
    for table in tables:
        for column in table.columns:
            if column.period is not None and column.period.instant is not None:
                dates.add(column.period.instant)
    return sorted(dates)


def _named_start(start: date, end: date, ends: Sequence[date]) -> date | None:
    """The day after the period end in ``ends`` nearest to ``start`` - 1 day, within
    START_SNAP_DAYS and before ``end``; None if the counted start already follows one,
    if none is near, or if two are equally near."""
    day_before = start - timedelta(days=1)
    k = bisect_left(ends, day_before)
    if k < len(ends) and ends[k] == day_before:
        return None
    near = [e for e in ends[max(0, k - 2):k + 2]
            if abs((e - day_before).days) <= START_SNAP_DAYS and e < end - timedelta(days=START_SNAP_DAYS)]
    if not near:
        return None
    best = min(abs((e - day_before).days) for e in near)
    closest = [e for e in near if abs((e - day_before).days) == best]
    return closest[0] + timedelta(days=1) if len(closest) == 1 else None


def tables_to_named_starts(tables: Sequence[Table], extra_ends: Sequence[date] = ()) -> list[Table]:
    """The tables with each duration of six months or more starting the day after a
    balance date the document names, where the start counted from the column's
    label is a few days off.

    A label gives a period's end and length ("Six Months Ended July 2, 2023",
    "Years Ended February 3, 2023"); the start is counted back from them. Such a
    period starts a fiscal year, the day after the year-end balance date, which the
    document prints over its balances: PFE's six months start on January 1, after
    "December 31, 2022"; LOW's 53-week year on January 29, 2022, after "January
    28, 2022"; AMD's year on December 26, 2021. A counted start within
    START_SNAP_DAYS of the day after an instant of the document's columns (or of
    ``extra_ends``, the cover's dates) moves there.
    """
    ends = _balance_dates(tables, extra_ends)
    out = []
    for table in tables:
        columns = []
        for column in table.columns:
            period = column.period
            if (period is not None and period.start is not None and period.end is not None
                    and (period.end - period.start).days >= MIN_SNAP_DAYS):
                start = _named_start(period.start, period.end, ends)
                if start is not None:
                    column = replace(column, period=Period(start=start, end=period.end))
            columns.append(column)
        out.append(replace(table, columns=tuple(columns)) if columns != list(table.columns) else table)
    return out


def tables_to_future_instants(tables: Sequence[Table], period_end: date | None) -> list[Table]:
    """The tables with every value cell whose period is a duration starting after
    ``period_end`` (the last day the document reports on) given the instant
    ``period_end`` instead (see the module docstring); unchanged without one."""
    if period_end is None:
        return list(tables)
    return [_future_to_instant(table, period_end) for table in tables]


def _future_to_instant(table: Table, period_end: date) -> Table:
    future = {i for i, c in enumerate(table.columns) if _after(c.period, period_end)}
    # "Thereafter" and "Total" after the years due are as of the same day, and so is a
    # column before them that names no period ("Committed | 2024 | 2025 | ...", RTX 10-K)
    future |= {i for i, c in enumerate(table.columns) if future and c.period is None}
    due = Period(instant=period_end)

    def moved(cell: Cell) -> Period | None:
        if cell.period is not None:
            # a balance a future year's column holds is at that year's end (periodtypes):
            # an amount due then, as of the same day
            later = cell.period.instant is not None and cell.period.instant > period_end and cell.column in future
            return due if _after(cell.period, period_end) or later else None
        return due if cell.column in future else None

    return _with_cell_periods(table, moved)


def row_with_cell_periods(row: Row, new_period: Callable[[Cell], Period | None]) -> Row:
    """``row`` with each value cell for which ``new_period`` gives a period moved to it;
    the same object when none moves."""
    cells = tuple(c if c.value is None or (p := new_period(c)) is None else replace(c, period=p) for c in row.cells)
    return replace(row, cells=cells) if cells != row.cells else row


def _with_cell_periods(table: Table, new_period: Callable[[Cell], Period | None]) -> Table:
    """``table`` with each value cell for which ``new_period`` gives a period moved
    to it; the same object when none moves."""
    rows = [row_with_cell_periods(row, new_period) for row in table.rows]
    return replace(table, rows=tuple(rows)) if any(a is not b for a, b in zip(rows, table.rows)) else table


def _after(period: Period | None, day: date) -> bool:
    return period is not None and period.start is not None and period.start > day


def tables_to_opening_instants(tables: Sequence[Table], extra_ends: Sequence[date] = ()) -> list[Table]:
    """The tables with each row instant on the first of a month moved to the day
    before, when that day is a balance date the document names and the first is
    not: "Balance at January 1, 2022" in BA's 10-K is December 31, 2021's balance,
    as BA tags it. JNJ's "January 1, 2023" is its own 2022 year end, named as such,
    and stays. Only instants read from row labels move; a column's own date stays."""
    ends = set(_balance_dates(tables, extra_ends))

    def day_before(cell: Cell) -> Period | None:
        day = cell.period.instant if cell.period is not None else None
        if day is None or day.day != 1 or day in ends or day - timedelta(days=1) not in ends:
            return None
        return Period(instant=day - timedelta(days=1))

    return [_with_cell_periods(table, day_before) for table in tables]
