"""Raw table cells -> a parsed :class:`~segmenter.types.Table`, deterministically.

Pipe text loses a table's row breaks: every cell arrives as one
:class:`~segmenter.types.RawCell` in source order, empty spacer cells included.
``cells_to_table`` rebuilds the table through a chain of pure functions
(when the reader saw the grid, as the HTML reader does, lines, value columns and
header cells come from it instead: :mod:`segmenter.grid`)::

    cells_to_items       join "$" + "1,234", "(874,897" + ")", "12.5" + "%"; drop empties  (cells.py)
    items_to_lines       a label (a text cell) takes the values after it, up to the next label
    rate_labels_to_lines "2.20% | September 20, 2023 | ...": a rate before a date labels its row  (textcolumns.py)
    gutter_dashes_to_lines  a "—" printed in each blank column between column groups is no value
    year_values_to_rows  "2025 | 3,206 | 2026 | 2,440": years that alternate with values label rows  (header.py)
    split_run_together_lines  a stacked part's year, or a label-less total, off the data line before it
    lines_to_header      the cells before the first data row are the header
    body_to_sections     a header stacked under data rows starts a section with columns of its own
    header_to_columns    spanning cells, group cells and per-column runs -> labels and periods
    lines_to_rows        values aligned to columns, with sign, scale and unit applied  (here)

A cell covers the digits the filer tags ("948" of "$948"); the sign and currency
printed around them are read into its value. A value's scale comes from the
caption, the header (or the section above) or the paragraph before the table,
in that order, and last from the scale the whole document states most
(:mod:`segmenter.doccontext`); when none states one, ``Cell.scale`` is ``None``
and the value is the number as shown. Per-share, percent, ratio and count rows
are never scaled. Columns that name no period take the one period the sentence
before the table states ("as of September 28, 2024"), the one period the
other columns of their header name, or, between two balance columns of a
roll-forward, the period up to the later balance (a "Balance, Beginning 2022"
or "Balance, End of 2022" column is itself an instant), or, coming once after
each dated column ("2023 | Effective Rate % | 2022 | Effective Rate %"), the
period of the one before; a bare year nothing near the table
explains reads as the fiscal year on a 10-K's cover; a row that names a
date or the edge of its column's period ("Balance at beginning of year")
gives its cells that instant (:mod:`segmenter.cellperiods`), and a row that is a
year alone ("2022", "Fiscal 2022") moves the rows under it to that year. The
sentence before the table, a corner cell that states the scale ("(at December
31, 2022, in millions)") and a stacked part's own sentence tell what bare years
mean ("for the quarters ended June 30, 2023 and 2022"). Tunables live in
:class:`TableSettings`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache, partial
from itertools import combinations

from .cellperiods import (
    columns_to_balance_instants,
    columns_to_change_period,
    columns_to_group_period,
    columns_to_report_instant,
    columns_to_rollforward_period,
    columns_to_shared_period,
    columns_to_vintage_instant,
    row_with_cell_periods,
    rows_to_block_instants,
    rows_to_instant_rollforwards,
    rows_to_cell_periods,
    rows_to_length_periods,
    rows_to_rollforward_periods,
)
from .cells import (Item, Line, cells_to_items, cited_markers_to_markers, collapse as _collapse,
                    gutter_dashes_to_lines, items_to_lines, label_to_footnotes)
from .errors import RuleError
from .doccontext import DocumentContext
from .fiscalcalendar import FiscalCalendar
from .grid import (Slots, has_grid, header_to_grid_columns, item_to_slot, items_to_grid_lines, lines_to_slots,
                   sub_labels_to_lines)
from .header import (
    SENTENCE_WORDS,
    Part,
    Section,
    body_to_sections,
    header_to_columns,
    lines_to_header,
    split_run_together_lines,
    year_values_to_rows,
)
from .numbers import ScaleStatement, text_to_number_span, text_to_scale_statement
from .patterns import PARENS_RE, YEAR, YEAR_IN_TEXT_RE
from .periods import label_to_period, sentence_to_durations, sentence_to_period, text_to_dates, without_program_years
from .textcolumns import TextColumn, lines_to_text_column, rate_labels_to_lines
from .types import Cell, Column, Period, RawCell, Row, Table

__all__ = [
    "Item",
    "Line",
    "TableSettings",
    "cells_to_items",
    "cells_to_table",
    "header_to_columns",
    "items_to_lines",
    "label_to_footnotes",
    "label_to_row_kind",
    "lines_to_header",
    "lines_to_rows",
]


@dataclass(frozen=True)
class TableSettings:
    """Tunables of the table parser. Row patterns are regular expressions
    matched case-insensitively against a row label; the first family that
    matches decides how the row's values are scaled and which unit they get:

    ``percent_row_patterns`` ("Effective tax rate %"): unscaled, unit "%".
    ``share_row_patterns`` unless ``not_share_row_patterns`` veto ("Weighted-
    average shares outstanding", not "Proceeds from issuance of shares"): share
    counts, scaled as the scale statement says for shares (one that leaves them
    unscaled still scales a count shown in tenths, "304.8"), unit "shares".
    ``per_unit_row_patterns`` ("Basic earnings per share", "Exercise price")
    unless ``not_per_unit_row_patterns`` veto ("Net income for basic earnings
    per share"): money per share or unit, unscaled, the table's currency.
    ``count_row_patterns`` ("Number of employees", ratios): unscaled, no unit.
    Other rows are money: scaled, the table's currency, unless their column
    holds prices: a column label that matches ``per_unit_column_patterns`` or
    ``per_unit_row_patterns`` ("Weighted-Average Grant-Date Fair Value Per RSU")
    makes the money in it per unit. A column whose own cell names counts holds
    them in its money rows: share counts ("Number of Shares", "Shares (thous.)",
    "Number of RSUs") scaled as the statement says for shares, or as the cell
    itself says ("(thous.)"); other counts ("Number of plaintiffs") unscaled
    when the statement leaves counts so ("Dollars in Millions").

    ``max_align_columns``: above this many columns a short row is aligned left
    instead of by cell position. ``drop_trailing_label_rows``: drop label-only
    rows after the last data row (footnotes read in with the table).
    ``use_document_context``: fall back on the scale and fiscal year the whole
    document states (:mod:`segmenter.doccontext`, ``Table.scale_source ==
    "document"``) when nothing near a table states them; off, such values keep
    ``scale=None`` and bare years no period. ``use_period_types``: let the
    period-type model (:mod:`segmenter.periodtypes`) say whether a row under a
    bare year or date column holds balances or flows; off, such a cell keeps its
    column's period.
    ``except_per_share_unscales_shares``: treat "except per share data" as
    leaving share counts unscaled too (the filers' tags say it does not, see
    ``numbers.text_to_scale_statement``; off by default).
    """

    year_min: int = 1900
    year_max: int = 2100
    max_align_columns: int = 12
    drop_trailing_label_rows: bool = True
    use_document_context: bool = True
    use_period_types: bool = True
    except_per_share_unscales_shares: bool = False
    # "%" after a number names a row ("3.60% senior notes due 2025", "90–100%" FICO band), not its unit
    # a label ending in "rate" holds rates ("Service cost discount rate", JNJ 10-K), not
    # "Interest rate swaps", "Effect of exchange rates" nor "Tax at statutory federal rate" (money)
    percent_row_patterns: tuple[str, ...] = (
        r"(?<![\d.])(?<![\d.]\s)%", r"\bpercent", r"\bbasis\s+points\b",
        # nor "Portion that, if recognized, would reduce ... effective tax rate" (GE 10-K)
        r"^(?!.*\b(?:(?:effects?|impacts?|changes?)\s+(?:of|in)|at|would|if\s+recognized)\b).*\brates?\s*(?:\([^()]*\)\s*)*[:*]?\s*$",
        r"\brates?\s+of\s+(?:return|compensation\s+increase|increase)\b",
        # "Discount rate used to determine interest cost" (SJM 10-K pension assumptions)
        r"^(?:weighted[\s-]+average\s+)?discount\s+rates?\s+used\b",
    )
    share_row_patterns: tuple[str, ...] = (
        r"\bnumber\s+of\s+(?:\w+\s+){0,3}shares\b",
        r"\bshares\s+(?:used|outstanding|issued|granted|vested|forfeited|exercised|repurchased|authorized|to\s+be\s+issued)\b",
        r"\b(?:weighted[\s-]+average|outstanding|unvested|nonvested|non-vested)\b.*\bshares\b",
        r"\(in\s+shares\)",
        r"^shares\b",
        # EPS denominators: "Effect of dilutive share-based awards" counts shares (AAPL 10-Q 2025 Q3)
        r"\b(?:effect|impact)\s+of\s+(?:potentially\s+)?dilutive\b",
        r"\bdilutive\s+(?:effect|securities|shares|share-based\s+awards|awards|stock\s+options|options|units|potential)\b",
    )
    not_share_row_patterns: tuple[str, ...] = (
        r"\b(?:proceeds|amount|value|price|cost|costs|compensation|expense|premium|capital|payments?|purchases?|dividends?)\b",
        r"\$",
    )
    per_unit_row_patterns: tuple[str, ...] = (
        r"\bper\b[\s-]+(?:\w+[\s-]+){0,3}?(?:shares?|units?|ads|adss|rsus?|psus?|options?|awards?|unitholders?)\b",
        r"\bper[\s-]share\b",
        r"\b(?:exercise|strike|stock|share|conversion|grant[\s-]date)\s+price\b",
        r"\bgrant[\s-]date\s+fair\s+value\b",
    )
    # the amount an EPS is computed from, not an amount per share: "Net income (loss) for basic
    # earnings per share" (AMD), "Net income used in computing diluted net income per share of
    # common stock" (TSLA), "Numerator for diluted earnings per share" (T), "Cash dividends
    # declared on common stock ($0.69 per share)" (MRK)
    not_per_unit_row_patterns: tuple[str, ...] = (
        r"\b(?:for|in\s+comput(?:ing|ation\s+of)|in\s+calculating|numerator|denominator)\b.{0,40}?"
        r"\b(?:earnings|income|loss)\s+per\b",
        r"\(\s*\$\s*[\d.]+\s+per\s+(?:common\s+)?share\s*\)",
    )
    # a column of prices beside counts ("Weighted Average Option Price", JCI 10-K; "Stock
    # Options Average Price", RTX 10-K); per_unit_row_patterns name such columns too
    per_unit_column_patterns: tuple[str, ...] = (r"\b(?:option|average)\s+price\b",)
    count_row_patterns: tuple[str, ...] = (
        r"\bratios?\b",
        r"\bnumber\s+of\b",
        r"\bheadcount\b",
        r"\bemployees\b",
        # "Weighted-average life (years)", "Remaining term in years": a length of time, not a
        # life band "5 – 15 years" (BMY 10-K), a maturity bucket "After one year through five
        # years" nor "Additions for tax positions of prior years" (GE 10-K)
        r"(?:\(\s*(?:in\s+)?|\bin\s+|\b(?:life|term|period|duration|maturity|tenor)\s*[,:-]?\s*)(?:years|months|days)\b\W*$",
    )

    def __post_init__(self) -> None:
        if not 0 < self.year_min < self.year_max:
            raise RuleError(
                f"TableSettings: year_min {self.year_min} must be positive and below year_max {self.year_max}",
                stage="tables",
            )
        if self.max_align_columns < 1:
            raise RuleError(
                f"TableSettings: max_align_columns must be at least 1, got {self.max_align_columns}", stage="tables"
            )
        for name in _PATTERN_FIELDS:
            patterns = getattr(self, name)
            if isinstance(patterns, str) or not all(isinstance(p, str) for p in patterns):
                raise RuleError(f"TableSettings: {name} must be a tuple of strings", stage="tables")
            try:
                _compiled(tuple(patterns))
            except re.error as exc:
                raise RuleError(f"TableSettings: bad pattern in {name}: {exc}", stage="tables") from exc


_PATTERN_FIELDS = (
    "per_unit_column_patterns",
    "percent_row_patterns",
    "share_row_patterns",
    "not_share_row_patterns",
    "per_unit_row_patterns",
    "not_per_unit_row_patterns",
    "count_row_patterns",
)


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _matches(patterns: tuple[str, ...], text: str) -> bool:
    regex = _compiled(tuple(patterns))
    return bool(regex and regex.search(text))



# --- lines -> rows --------------------------------------------------------------------------


def _align(line: Line, template: Sequence[float] | None, ncols: int, settings: TableSettings,
           allowed: Sequence[int] | None = None) -> tuple[int, ...]:
    """Column index of each value of a line; a short line is placed by its cells' positions,
    among the ``allowed`` columns (default: all)."""
    k = len(line.values)
    if k >= ncols or template is None or line.label is None or ncols > settings.max_align_columns:
        return tuple(range(k))
    offsets = [v.index - line.label.index for v in line.values]
    candidates = range(ncols) if allowed is None or len(allowed) < k else allowed
    best = min(
        combinations(candidates, k),
        key=lambda cols: sum(abs(offsets[j] - template[c]) for j, c in enumerate(cols)),
    )
    return tuple(best)


def _template(lines: Sequence[Line], ncols: int) -> tuple[float, ...] | None:
    """Median cell offset (from the label) of each column over the full rows."""
    full = [line for line in lines if line.label is not None and len(line.values) == ncols]
    if not full:
        return None
    return tuple(
        statistics.median(line.values[c].index - line.label.index for line in full)  # type: ignore[union-attr]
        for c in range(ncols)
    )


@dataclass(frozen=True, slots=True)
class _Scaling:
    """What applies to every cell: the table's scale statement, its currency,
    and the columns whose header says they hold percentages ("% Change") or
    prices ("Weighted Average Exercise Price")."""

    statement: ScaleStatement | None
    unit: str | None
    percent_columns: frozenset[int] = frozenset()
    per_unit_columns: frozenset[int] = frozenset()
    #: column -> "shares" or "count": its own cell names share counts ("Number of Shares",
    #: "Treasury Stock | Shares") or other counts ("Number of Stock Options", "Number of
    #: plaintiffs"); money rows under it hold such counts
    count_columns: Mapping[int, str] = field(default_factory=dict)
    #: column -> the scale its own cell states ("Shares (thous.)", UNP 10-K)
    column_scales: Mapping[int, int] = field(default_factory=dict)
    #: columns of share counts printed in full under a statement in millions (see
    #: :func:`_full_count_columns`): their values keep no scale
    full_columns: frozenset[int] = frozenset()


def label_to_row_kind(label: str, settings: TableSettings) -> str:
    """How a row's values are scaled: "percent", "shares", "per_unit", "count" or "money"."""
    if _matches(settings.percent_row_patterns, label):
        return "percent"
    if _matches(settings.share_row_patterns, label) and not _matches(settings.not_share_row_patterns, label):
        return "shares"
    if _matches(settings.per_unit_row_patterns, label) and not _matches(settings.not_per_unit_row_patterns, label):
        return "per_unit"
    if _matches(settings.count_row_patterns, label):
        return "count"
    return "money"


def _share_scale(statement: ScaleStatement | None, settings: TableSettings) -> int | None:
    if statement is None:
        return None
    if settings.except_per_share_unscales_shares and statement.except_per_share and statement.shares_scale == statement.scale:
        return None
    return statement.shares_scale


def _cell(item: Item, column: int, kind: str, row_statement: ScaleStatement | None, scaling: _Scaling,
          settings: TableSettings, label: str = "") -> Cell:
    """One value cell with its scale and unit; a null token gives a cell with no value."""
    number = item.number
    if item.kind != "value" or number is None:
        return Cell(column, None, item.text, None, item.start, item.end, None)
    if kind == "money" and column in scaling.count_columns and not number.currency and not _AMOUNT_RE.search(label):
        kind = scaling.count_columns[column]
    # The cell covers the number alone, where the filer's tag sits ("$948" -> "948").
    lo, hi = text_to_number_span(item.text)
    text, start, end = item.text[lo:hi], item.start + lo, item.start + hi
    statement = scaling.statement
    money_unit = number.currency or scaling.unit
    scale: int | None
    unit: str | None
    if number.percent or column in scaling.percent_columns or (kind == "percent" and not number.currency):
        # a "$" shown beside it makes money of a rate row's value ("U.S. federal statutory
        # income tax rate | $ 2,140 | 21.0 %", GE 10-K)
        scale, unit = None, "%"
    elif row_statement is not None:
        # "Weighted-average shares (in thousands)": the row states its own scale.
        scale = row_statement.shares_scale if kind == "shares" else row_statement.scale
        unit = {"shares": "shares", "count": None}.get(kind, money_unit)
    elif column in scaling.full_columns and kind in ("money", "shares"):
        scale, unit = None, "shares" if kind == "shares" else money_unit
    elif column in scaling.per_unit_columns and kind == "money":
        # "Balance at January 1, 2022" under "Weighted-Average Grant-Date Fair Value Per RSU"
        scale, unit = None, money_unit
    elif kind == "shares":
        scale, unit = scaling.column_scales.get(column, _share_scale(statement, settings)), "shares"
        if (scale is None and statement is not None and _TENTHS_RE.search(text) and not number.currency
                and column not in scaling.per_unit_columns):
            # no count of shares shows tenths: "304.8" weighted-average shares are in the
            # scale of the money beside them (GME 10-Q, SJM 10-K; tagged scale 6); a price
            # beside a count ("Weighted Average Exercise Price Per Option", "210.68") is no count
            scale = statement.scale
    elif kind == "per_unit":
        scale, unit = None, money_unit
    elif kind == "count":
        scale, unit = None, None
    elif statement is not None and statement.shares_only:
        # "(Shares in millions)" over a table of counts (BA 10-Q 2025 Q2); money in it is per share.
        scale, unit = (None, money_unit) if number.currency else (statement.scale, "shares")
    else:
        scale = statement.scale if statement is not None else None
        unit = money_unit
    value = number.value
    if scale is not None:
        value = value * scale
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # 0.6 x 10**6 -> 600000, not 600000.0
    return Cell(column, value, text, scale, start, end, unit)


def lines_to_rows(
    lines: Sequence[Line], ncols: int, scaling: _Scaling, settings: TableSettings, *, first_column: int = 0,
    slots: Slots | None = None, word_columns: tuple[int, ...] = (),
) -> tuple[Row, ...]:
    """Body lines as rows: label and footnotes split, values aligned to columns and scaled.

    Cells are numbered from ``first_column`` (a stacked section's columns follow
    the sections above it). With ``slots`` (a table whose grid the reader saw)
    each value goes to the value column its grid columns fall in; without, a
    short line is placed by its cells' positions.

    A row whose own label says nothing about its kind ("Basic") takes the kind
    of the label-only row above it ("Earnings per share:").

    ``word_columns`` are the columns that hold words (:mod:`segmenter.textcolumns`): a
    line without them, that many values short, fills the other columns ("Total
    right-of-use assets | 11,303 | 11,676", AAPL 10-K 2024).
    """
    template = _template(lines, ncols)
    number_columns = tuple(c for c in range(ncols) if c not in word_columns)
    rows: list[Row] = []
    section: str | None = None
    for line in lines:
        if line.label is None and not line.values:
            continue
        # A row with numbers and no label (a total under a rule) keeps its cells, labelled "".
        label, markers = label_to_footnotes(line.label.text) if line.label is not None else ("", ())
        # numbers alone never go under a column of words ("Total | 64 | 32" beside the line
        # items, CSCO 10-K 2024 derivatives)
        numbers_only = bool(word_columns) and all(v.kind != "text" for v in line.values)
        if slots:
            columns = tuple(item_to_slot(v, slots) for v in line.values)
        elif numbers_only and len(line.values) == len(number_columns):
            columns = number_columns
        else:
            columns = _align(line, template, ncols, settings, number_columns if numbers_only else None)
        kind = label_to_row_kind(label, settings)
        if not line.values:
            section = None if kind == "money" else kind
        elif kind == "money" and section is not None and (
                section != "per_unit" or not _AMOUNT_RE.search(label) or _all_decimals(line.values)):
            # "Shares used in computing earnings per share:" then "Basic", "Diluted" (AAPL 10-Q
            # 2023); "Income from continuing operations | 0.91" under "Earnings Per Share -
            # Basic:" (RTX 10-Q), not "Net earnings | 2,673" under "Basic earnings per common
            # share:" (LOW 10-Q)
            kind = section
        row_statement = text_to_scale_statement(label)
        cells = tuple(
            _cell(v, first_column + c, kind, row_statement, scaling, settings, label)
            for v, c in zip(line.values, columns, strict=True)
        )
        first = line.label if line.label is not None else line.values[0]
        end = line.values[-1].end if line.values else first.end
        rows.append(Row(label, cells, first.start, end, markers + line.markers))
    return tuple(rows)


# "Shares (thous.)", "Options (thous.)" (UNP 10-K): a column's own abbreviated scale
_OWN_SCALE_RE = re.compile(r"\(\s*(thous|mil|bil)(?:\.|s?\b)", re.IGNORECASE)
# "Number of Units", "Number of RSUs", "Number of Stock Options": awards, scaled as shares
_EQUITY_COUNT_RE = re.compile(
    r"\bnumber\s+of\s+(?:\w+\s+){0,3}(?:shares|units|[a-z]?sus|options|awards)\b", re.IGNORECASE)
_AWARDS_RE = re.compile(r"^\W*(?:stock\s+)?(?:options|units|[a-z]?sus|shares)\b", re.IGNORECASE)
_OWN_SCALES = {"thous": 1_000, "mil": 1_000_000, "bil": 1_000_000_000}


def _column_count_kind(own: str, settings: TableSettings, own_scale: bool = False) -> str | None:
    """"shares" or "count" when a column's own cell names counts (see :class:`_Scaling`);
    with ``own_scale`` (the cell states a scale, "Options (thous.)") a bare award noun does."""
    if not own.strip() or _matches(settings.percent_row_patterns, own) or _matches(settings.per_unit_row_patterns, own):
        return None
    if _EQUITY_COUNT_RE.search(own) or (own_scale and _AWARDS_RE.match(own)):
        return "shares"
    kind = label_to_row_kind(own, settings)
    return kind if kind in ("shares", "count") else None


#: A whole number shown with this many digits or more, under a statement in millions, is
#: no amount in millions when it counts shares (see :func:`_full_count_columns`).
FULL_COUNT_MIN = 1_000_000
_EQUITY_WORD_RE = re.compile(r"\b(?:shares?|stock|units?|options?|awards?|[a-z]?sus?)\b", re.IGNORECASE)


def _full_count_columns(rows: Sequence[Row], labels: Sequence[str], first_column: int) -> frozenset[int]:
    """Columns whose share counts are printed in full under "(in millions)": a whole number
    of seven digits or more ("1,012,261,159" common shares under "Common stock", BA 10-K;
    "2,908,703" under "Number of Shares Purchased", UNP 10-K) in a column or row that names
    shares, stock, units, options or awards. Millions of millions of them would be absurd;
    the filers tag them unscaled."""
    full = set()
    for row in rows:
        for cell in row.cells:
            if cell.scale is None or cell.scale < 10**6 or cell.value is None or cell.column in full:
                continue
            shown = abs(cell.value) / cell.scale
            if shown < FULL_COUNT_MIN or shown != shown.to_integral_value():
                continue
            label = labels[cell.column - first_column] if 0 <= cell.column - first_column < len(labels) else ""
            if _EQUITY_WORD_RE.search(label) or _EQUITY_WORD_RE.search(row.label):
                full.add(cell.column)
    return frozenset(full)


#: Empty cells before and after a lone number that make it a page number between two
#: parts of a pipe-text table (see :func:`_drop_page_numbers`).
PAGE_GAP_BEFORE = 6
PAGE_GAP_AFTER = 12
_PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")


def _drop_page_numbers(items: Sequence[Item]) -> tuple[Item, ...]:
    """Pipe text: a page's number printed between two parts of a table ("... | 773 | 773 |"
    then empty cells, "62", empty cells again and "January 1, 2023" over the next part,
    JNJ 10-K 2024) is page furniture, not a value of the row before it."""
    out = []
    for k, item in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        if (k and nxt is not None and item.kind == "value" and _PAGE_NUMBER_RE.match(item.text.strip())
                and item.index - items[k - 1].index > PAGE_GAP_BEFORE and nxt.index - item.index > PAGE_GAP_AFTER
                and nxt.kind == "text"):
            continue
        out.append(item)
    return tuple(out)


def _word_columns(text_column: TextColumn | None, ncols: int) -> tuple[int, ...]:
    """The columns of a table's ``ncols`` that hold words."""
    if text_column is None:
        return ()
    if text_column.positions:
        return text_column.positions
    count = len(text_column.labels)
    return tuple(range(ncols - count, ncols)) if text_column.last else tuple(range(count))


def _all_decimals(values: Sequence[Item]) -> bool:
    """Are the line's numbers all shown with decimals ("0.91", "(0.01)"), as amounts per share are?"""
    shown = [v.text for v in values if v.kind == "value" and _DIGIT_RE.search(v.text)]  # "—" says nothing
    return bool(shown) and all(_DECIMALS_RE.search(t) for t in shown)


# --- the whole chain ------------------------------------------------------------------------


_DECIMALS_RE = re.compile(r"\d\.\d")
_TENTHS_RE = re.compile(r"\d\.\d$")
_DIGIT_RE = re.compile(r"\d")
#: A row label that names an amount of money keeps it under a section of another kind.
_AMOUNT_RE = re.compile(
    r"\b(?:income|earnings|loss|losses|revenues?|sales|costs?|expenses?|profit|dividends?)\b", re.IGNORECASE)
_RENMINBI_RE = re.compile(r"\brmb\b|\brenminbi\b|\byuan\b|\bcny\b", re.IGNORECASE)


def _table_unit(lines: Sequence[Line], statement: ScaleStatement | None, text: str) -> str | None:
    currencies = Counter(
        v.number.currency for line in lines for v in line.values if v.number is not None and v.number.currency
    )
    if currencies:
        unit = currencies.most_common(1)[0][0]
    elif statement is not None and statement.currency:
        unit = statement.currency
    else:
        return None
    if unit == "JPY" and _RENMINBI_RE.search(text):
        return "CNY"  # "¥" is also printed for renminbi
    return unit


def cells_to_table(
    cells: Sequence[RawCell],
    *,
    caption: str | None = None,
    context: str = "",
    settings: TableSettings = TableSettings(),
    document: DocumentContext | None = None,
    continues: Table | None = None,
) -> Table:
    """Parse one table's raw cells (in source order, empty ones included) into a :class:`Table`.

    ``caption`` is a caption line shown before the table ("SCHEDULE OF
    INVENTORY"); ``context`` the paragraph before it, read for a scale ("(in
    thousands)") and for what bare-year columns mean; ``document`` what the
    whole document states (:mod:`segmenter.doccontext`), the last resort for
    both. ``continues`` is the table this one may carry on after a page break:
    a table with no header of its own and as many columns takes that table's
    columns and scale (``scale_source == "continued"``; JNJ 10-Q 2023 sales by
    product run over four pages, the header printed on the first only).
    """
    if document is None or not settings.use_document_context:
        document = DocumentContext()
    items = cells_to_items(cells)
    grid = has_grid(items)
    if grid:
        lines = items_to_grid_lines(items)
    else:
        items = _drop_page_numbers(items)
        lines = split_run_together_lines(
            year_values_to_rows(gutter_dashes_to_lines(cited_markers_to_markers(
                rate_labels_to_lines(items_to_lines(items)))), settings),
            settings)
    header, body = lines_to_header(lines, settings)
    last_data = max((i for i, line in enumerate(body) if line.values), default=None)
    if settings.drop_trailing_label_rows and last_data is not None:
        body = body[: last_data + 1]
    text_column = None if grid else lines_to_text_column(header, body)
    slots = None
    if grid:
        body = sub_labels_to_lines(header, body)
        slots = lines_to_slots(body)
    caption_text = _collapse(caption) if caption else None
    outer_context = " ".join(t for t in (caption_text, _collapse(context)) if t)

    columns: list[Column] = []
    rows: list[Row] = []
    body_lines: list[Line] = []
    first: tuple[str | None, ScaleStatement | None, str | None] | None = None
    sections: tuple[Section, ...] | None = None
    if text_column is not None:
        # only a table of one part: stacked parts would each need their own text column
        sections = body_to_sections(text_column.header, text_column.body, settings, sentences_in_header=True)
        if len(sections) != 1:
            sections, text_column = None, None
    section_text_columns: list[TextColumn | None] = [text_column]
    if sections is None:
        sections = body_to_sections(header, body, settings, sentences_in_header=not grid)
        # a stacked part may have a text column of its own ("Useful lives (in years)" over the
        # first part, intangibles by segment under "December 31 | 2023 | 2022" after its
        # footnote, GE 10-K 2023 pipe text)
        section_text_columns = [None if grid or len(sections) == 1 else lines_to_text_column(s.header, s.lines)
                                for s in sections]
        sections = tuple(replace(s, header=tc.header, lines=tc.body) if tc is not None else s
                         for s, tc in zip(sections, section_text_columns))
    for section, text_column in zip(sections, section_text_columns, strict=True):
        if slots is not None:
            ncols = len(slots)
            column_parts, header_statement, giveback = header_to_grid_columns(section.header, slots)
        else:
            ncols = max((len(line.values) for line in section.lines), default=0)
            if text_column is not None:
                named = text_column.labels
                column_parts, header_statement, giveback = header_to_columns(
                    section.header, ncols - len(named), settings)
                words = iter(tuple((Part(_collapse(n.text), n.start, n.end, 2),) for n in named))
                others = iter(column_parts)
                at = _word_columns(text_column, ncols)
                column_parts = tuple(next(words) if col in at else next(others) for col in range(ncols))
            else:
                column_parts, header_statement, giveback = header_to_columns(section.header, ncols, settings)
            # a corner cell that dates the part with its scale makes a header of its own: "(at
            # December 31, 2022, in millions)" among "Amortized Cost | ... | Gains | Losses", the
            # part under the one at September 30, 2023 (TRV 10-Q 2023 pipe text)
            dated_corner = header_statement is not None and bool(text_to_dates(header_statement.text))
            if first is None and continues is not None and not dated_corner \
                    and _carried_columns(continues, column_parts) is None:
                # Pipe text: the label-only line that opens a continued page reads as its header.
                again = header_to_columns(section.header, ncols, settings, give_back_all=True)
                if _carried_columns(continues, again[0]) is not None:
                    column_parts, header_statement, giveback = again
        section_lines = tuple(Line(item) for item in giveback) + section.lines
        carried = _carried_columns(continues, column_parts) if first is None else None
        # The scale: from the caption, the header or the paragraph before, in that order.
        candidates = (
            ("caption", text_to_scale_statement(caption_text or "")),
            ("header", header_statement),
            # a stacked section without a scale of its own keeps the one above it (XOM 10-Q 2025)
            (first[0] if first is not None else None, first[1] if first is not None else None),
            ("continued", _continued_scale(continues) if carried is not None else None),
            ("context", text_to_scale_statement(context)),
            ("document", document.scale),
        )
        source, statement = next(((name, found) for name, found in candidates if found is not None), (None, None))
        # a corner cell states the period with the scale: "(at December 31, 2022, in millions)"
        # over "Total | Level 1 | ..." (TRV 10-Q); its text leaves the column labels
        header_said = header_statement.text if header_statement is not None else None
        # a stacked part's own sentence that names a date speaks for it alone: "for the six
        # months ended June 30, 2023 and 2022" between two parts, after "for the quarters
        # ended ..." before the table (RTX 10-Q, pipe text)
        own_dates = bool(text_to_dates(section.context))
        period_context = " ".join(
            t for t in (section.context, header_said, None if own_dates else outer_context) if t)
        labels = ([c.label for c in carried] if carried is not None
                  else [" ".join(p.text for p in parts) for parts in column_parts])
        # a column's own cell, its asides dropped, says it holds prices: not a group over it
        # ("Net Income for Earnings Per Share Calculations", DOW 10-Q) nor "(Per-share
        # amounts in dollars)" over a whole table (GE 10-K)
        own_cells = [" ".join(p.text for p in parts if p.level == 2) for parts in column_parts]
        own = [PARENS_RE.sub(" ", text) for text in own_cells]
        # rates: by the whole label, or by the column's own cell where the group's year runs
        # up to its "%" ("Fiscal 2024" over "% of Net Sales", HD 10-K)
        percent_columns = frozenset(
            len(columns) + i for i, label in enumerate(labels)
            if _matches(settings.percent_row_patterns, label)
            or (i < len(own) and _matches(settings.percent_row_patterns, own[i])))
        per_unit_columns = frozenset(
            len(columns) + i for i, label in enumerate(own)
            if _matches(settings.per_unit_column_patterns, label) or _matches(settings.per_unit_row_patterns, label))
        # counts by the column's own cell: share counts where the table or the column states
        # its scale (a document's statement, "except share data" from the statements, does not
        # speak for a note's share counts: TXN 10-K tags them in millions); other counts
        # ("Number of plaintiffs", JNJ) where the statement leaves counts unscaled ("Dollars
        # in Millions"), not under "(thousands)" ("Number of Accounts", AXP 10-Q)
        own_scales = [_OWN_SCALES[m.group(1).lower()] if (m := _OWN_SCALE_RE.search(text)) else None
                      for text in own_cells]
        column_scales = {len(columns) + i: scale for i, scale in enumerate(own_scales) if scale is not None}
        count_columns = {
            len(columns) + i: kind for i, (label, scale) in enumerate(zip(own, own_scales))
            if (kind := _column_count_kind(label, settings, scale is not None)) is not None
            and (kind == "shares" and (source != "document" or scale is not None)
                 or kind == "count" and _share_scale(statement, settings) is None)}
        scaling = _Scaling(statement, _table_unit(section_lines, statement, period_context), percent_columns,
                           per_unit_columns, count_columns, column_scales)
        read_rows = partial(lines_to_rows, section_lines, ncols, settings=settings, first_column=len(columns),
                            slots=slots, word_columns=_word_columns(text_column, ncols))
        section_rows = read_rows(scaling)
        if source == "document":
            # Nothing near the table states a scale: a column whose first value shows "%"
            # holds rates throughout ("21.0 %" over "(1.2)", a tax-rate reconciliation, META
            # 10-K). Only the first value decides: a rate row further down ("Weighted-average
            # discount rate 4.4 %" under lease cash flows, GE 10-K) leaves the money above it.
            first_units: dict[int, str | None] = {}
            for row in section_rows:
                for c in row.cells:
                    if c.value is not None:
                        first_units.setdefault(c.column, c.unit)
            shown = frozenset(col for col, unit in first_units.items() if unit == "%")
            if shown - percent_columns:
                scaling = replace(scaling, percent_columns=percent_columns | shown)
                section_rows = read_rows(scaling)
        full = _full_count_columns(section_rows, labels, len(columns))
        if full:
            scaling = replace(scaling, full_columns=full)
            section_rows = read_rows(scaling)
        if carried is not None:
            columns.extend(carried)
        else:
            made = tuple(_column(len(columns) + col, parts, section_rows, period_context, document)
                         for col, parts in enumerate(column_parts))
            made = _columns_to_context_durations(_columns_to_context_period(made, period_context), period_context)
            made = tuple(replace(c, period=document.fiscal_period(c.period)) for c in made)
            made = columns_to_rollforward_period(columns_to_balance_instants(made),
                                                 month_calendar=document.fiscal_calendar is None)
            made = columns_to_change_period(columns_to_group_period(columns_to_shared_period(made)))
            columns.extend(columns_to_vintage_instant(columns_to_report_instant(made, document.period_end),
                                                      document.period_end))
        section_rows = _year_rows_to_periods(section_rows, column_parts, len(columns) - len(column_parts),
                                             period_context, document)
        section_rows = _quarter_rows_to_periods(section_rows, columns, document)
        section_rows = rows_to_length_periods(section_rows, columns, document.fiscal_period)
        rows.extend(rows_to_cell_periods(section_rows, columns, document.year_end_before, document.fiscal_period))
        body_lines.extend(section_lines)
        if first is None:
            first = (source, statement, scaling.unit)
    source, statement, unit = first if first is not None else (None, None, None)
    rows = list(rows_to_block_instants(rows_to_instant_rollforwards(
        rows_to_rollforward_periods(rows, columns, month_calendar=document.fiscal_calendar is None), columns), columns))

    first_cell = next((c for c in cells if _collapse(c.text)), None)
    start = first_cell.start if first_cell is not None else (cells[0].start if cells else 0)
    end = max((it.last_end for line in body_lines for it in _line_items(line)), default=None)
    if end is None:
        end = max((it.last_end for it in header), default=start)
    return Table(
        caption=caption_text,
        scale=statement.scale if statement is not None else None,
        unit=unit,
        columns=tuple(columns),
        rows=tuple(rows),
        start=start,
        end=end,
        scale_source=source,
    )


def _carried_columns(continues: Table | None, column_parts: Sequence[Sequence[Part]]) -> tuple[Column, ...] | None:
    """The columns of the table ``continues``, for a table with no column headers
    of its own (a label-only line such as "PHARMACEUTICAL" may open it) and as
    many columns; None otherwise."""
    if continues is None or any(column_parts) or len(column_parts) != len(continues.columns):
        return None
    if not any(c.label or c.period is not None for c in continues.columns):
        return None
    return continues.columns


def _continued_scale(continues: Table | None) -> ScaleStatement | None:
    """The scale and currency of the table continued, as a statement of them alone."""
    if continues is None or continues.scale is None:
        return None
    return ScaleStatement(scale=continues.scale, shares_scale=continues.scale, currency=continues.unit, text="")


def _line_items(line: Line) -> tuple[Item, ...]:
    return ((line.label,) if line.label is not None else ()) + tuple(line.values)




_NOT_A_YEAR_RE = re.compile(r"\b(?:months?|quarters?|weeks?|q[1-4]|half|ended|ending|as\s+of|at)\b", re.IGNORECASE)


def _bare_year_to_fiscal_year(label: str, weeks: FiscalCalendar) -> Period | None:
    """"2022" or "Fiscal 2022" alone (no month, day or other period word) -> that 52/53-week year."""
    years = set(YEAR_IN_TEXT_RE.findall(label))
    if len(years) != 1 or text_to_dates(label) or _NOT_A_YEAR_RE.search(label):
        return None
    return weeks.fiscal_year(int(years.pop()))


def _columns_to_context_period(columns: tuple[Column, ...], period_context: str) -> tuple[Column, ...]:
    """Columns whose header names no year take the period of the sentence before the table,
    when no column names a period of its own ("... as of September 28, 2024, are as
    follows:" over a maturity table, AAPL 10-K 2024)."""
    if not columns or any(c.period is not None for c in columns):
        return columns
    period = sentence_to_period(period_context)
    if period is None:
        return columns
    return tuple(c if YEAR_IN_TEXT_RE.search(c.label) else replace(c, period=period) for c in columns)


_AT_A_DATE_RE = re.compile(r"\b(?:as\s+of|as\s+at|at|balances?)\b", re.IGNORECASE)


def _columns_to_context_durations(columns: tuple[Column, ...], period_context: str) -> tuple[Column, ...]:
    """Columns headed by a bare date that the sentence before the table names as the end
    of a period ("for the fiscal second quarters ended July 2, 2023 and July 3, 2022" over
    "July 2, 2023 | July 3, 2022", JNJ 10-Q 2023) take that period."""
    if not period_context or not any(c.period is not None and c.period.instant is not None for c in columns):
        return columns
    durations = sentence_to_durations(period_context)
    if not durations:
        return columns
    return tuple(
        replace(c, period=durations[c.period.instant])
        if c.period is not None and c.period.instant in durations and not _AT_A_DATE_RE.search(c.label) else c
        for c in columns
    )


_QUARTER_RE = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+)?quarter\b|\bQ([1-4])\b",
                         re.IGNORECASE)
_QUARTER_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _quarter_to_period(label: str, document: DocumentContext) -> Period | None:
    """"Fourth quarter 2023" (GE 10-K), "2023 First Quarter" (JNJ 10-K) -> that fiscal
    quarter, when the document says how its fiscal years run."""
    quarters = _QUARTER_RE.findall(label)
    years = set(YEAR_IN_TEXT_RE.findall(label))
    if len(quarters) != 1 or len(years) != 1:
        return None
    word, digit = quarters[0]
    return document.fiscal_quarter(int(years.pop()), int(digit) if digit else _QUARTER_NUMBER[word.lower()])


def _column(col: int, parts: Sequence[Part], rows: Sequence[Row], period_context: str,
            document: DocumentContext) -> Column:
    """A column from its header parts; with no header it sits at its first value cell.
    A quarter and a year ("Fourth quarter 2023") read as that fiscal quarter
    (``document.fiscal_quarter``). A bare year that nothing near the table explains
    reads as the document's fiscal year (``document.fiscal_years``, e.g. "fiscal years ended August 31",
    or its 52/53-week ``fiscal_calendar``)."""
    label = " ".join(p.text for p in parts)
    top = max((p.level for p in parts), default=None)
    own = [p for p in parts if p.level == top]
    if own:
        start, end = own[0].start, own[-1].end
    else:
        first = next((c for row in rows for c in row.cells if c.column == col), None)
        start, end = (first.start, first.end) if first is not None else (0, 0)
    return Column(label, _parts_to_period(parts, period_context, document), start, end)


#: A date the text names is the fiscal year's end when this close to it.
FISCAL_END_SLACK_DAYS = 7


def _on_fiscal_calendar(period: Period | None, fiscal: Period) -> Period | None:
    """A bare year's period on a 52/53-week calendar: the fiscal year, or its last day
    when the text before the table names a balance date near it. JNJ's "2022" column
    under "as of December 31, 2023 and December 31, 2022" holds January 1, 2023's
    balances, and under "fiscal years ended December 31, 2023, January 1, 2023 and
    January 2, 2022" its fiscal 2022, not the year that ended on January 2, 2022."""
    assert fiscal.end is not None
    if period is not None and period.instant is not None:
        return (Period(instant=fiscal.end)
                if abs((period.instant - fiscal.end).days) <= FISCAL_END_SLACK_DAYS else period)
    if period is None or (period.start is not None and period.end is not None
                          and 350 <= (period.end - period.start).days <= 380):
        return fiscal
    return period


def _parts_to_period(parts: Sequence[Part], period_context: str, document: DocumentContext) -> Period | None:
    """The period a column's header parts name (see :func:`_column`)."""
    label = without_program_years(" ".join(p.text for p in parts))
    period = label_to_period(label, context=period_context) if label else None
    if document.fiscal_calendar is not None and label:
        fiscal = _bare_year_to_fiscal_year(label, document.fiscal_calendar)
        if fiscal is not None:
            return _on_fiscal_calendar(period, fiscal)
    if period is None and len(parts) > 1:
        # A sentence over the columns names dates of its own: "Summarized financial information
        # ... for the three and six months ending March 31, 2023 ... and ... 2022, is as
        # follows:" over "Three Months Ended | March 31, 2023" (PFE 10-Q). The rest decides.
        short = [p for p in parts if len(p.text.split()) < SENTENCE_WORDS]
        if 0 < len(short) < len(parts):
            period = label_to_period(" ".join(p.text for p in short), context=period_context)
    if period is None and len(parts) > 1:
        # One part may name the period while another trips the reading: "Reconciliation
        # to Corporate Total" over "As of June 30, 2025" (XOM 10-Q 2025).
        found = {label_to_period(p.text, context=period_context) for p in parts} - {None}
        period = found.pop() if len(found) == 1 else None
    if period is None and YEAR_IN_TEXT_RE.search(label):
        period = _quarter_to_period(label, document)
    if period is None and YEAR_IN_TEXT_RE.search(label):
        if document.fiscal_years:
            period = label_to_period(label, context=document.fiscal_years)
        elif document.fiscal_calendar is not None:
            period = _bare_year_to_fiscal_year(label, document.fiscal_calendar)
    return period


#: A row that is a year and nothing else, over the rows of that year: "2022" (TRV 10-Q).
_YEAR_ROW_RE = re.compile(rf"(?:fiscal\s+(?:year\s+)?)?({YEAR})", re.IGNORECASE)


def _year_rows_to_periods(rows: Sequence[Row], column_parts: Sequence[Sequence[Part]], first_column: int,
                          period_context: str, document: DocumentContext) -> tuple[Row, ...]:
    """``rows`` with the cells under a row that is a year alone given their column's
    period in that year: "(For the three months ended September 30, in millions)" over
    the segments, then "2023" over one block of rows and "2022" over the next (TRV 10-Q
    2023 Q3). A column whose header names one year has it swapped for the row's; one
    that names none has the row's added."""
    if not any(not r.cells and _YEAR_ROW_RE.fullmatch(r.label.strip()) for r in rows):
        return tuple(rows)
    swapped: dict[tuple[str, int], Period | None] = {}

    def period_in(year: str, col: int) -> Period | None:
        if (year, col) not in swapped:
            parts = column_parts[col - first_column] if 0 <= col - first_column < len(column_parts) else ()
            years = {y for p in parts for y in YEAR_IN_TEXT_RE.findall(p.text)}
            if len(years) > 1:
                swapped[year, col] = None
            elif years:
                swapped[year, col] = _parts_to_period(
                    [replace(p, text=YEAR_IN_TEXT_RE.sub(year, p.text)) for p in parts], period_context, document)
            else:
                swapped[year, col] = _parts_to_period(
                    list(parts) + [Part(year, 0, 0, 0)], period_context, document)
        return swapped[year, col]

    out = []
    year = None
    for row in rows:
        found = _YEAR_ROW_RE.fullmatch(row.label.strip()) if not row.cells else None
        if found is not None:
            year = found.group(1)
        elif year is not None and row.cells:
            row = row_with_cell_periods(row, lambda c, y=year: period_in(y, c.column) if c.period is None else None)
        out.append(row)
    return tuple(out)


_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# "Q1 2021" (LOW 10-K share repurchases), "First quarter" (UNP 10-K), "Fourth Quarter 2023"
_QUARTER_ROW_RE = re.compile(
    rf"(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)(?:\s+(?:of\s+)?(?:fiscal\s+)?({YEAR}))?",
    re.IGNORECASE)


def _quarter_rows_to_periods(rows: Sequence[Row], columns: Sequence[Column], document: DocumentContext
                             ) -> tuple[Row, ...]:
    """``rows`` with the cells of a row that names a fiscal quarter given that quarter: "Q1
    2021" beside the amounts and shares of an accelerated share repurchase (LOW 10-K), "First
    quarter" under "2024" (UNP 10-K repurchases, the year from the column's fiscal year).
    Only where the document says how its fiscal years run (see
    :meth:`DocumentContext.fiscal_quarter`), and only for cells whose row names no other
    period."""
    if document.year_end is None and document.fiscal_calendar is None:
        return tuple(rows)
    out = []
    for row in rows:
        found = _QUARTER_ROW_RE.fullmatch(row.label.strip()) if row.cells else None
        if found is None:
            out.append(row)
            continue
        quarter = int(found.group(1)) if found.group(1) else _QUARTERS[found.group(2).lower()]
        named = int(found.group(3)) if found.group(3) else None

        def in_quarter(c: Cell, quarter: int = quarter, named: int | None = named) -> Period | None:
            if c.period is not None:
                return None
            column = columns[c.column].period if 0 <= c.column < len(columns) else None
            year = named if named is not None else _fiscal_year_of(column, document)
            return document.fiscal_quarter(year, quarter) if year is not None else None

        out.append(row_with_cell_periods(row, in_quarter))
    return tuple(out)


def _fiscal_year_of(period: Period | None, document: DocumentContext) -> int | None:
    """The fiscal year, as :meth:`DocumentContext.fiscal_quarter` names it, that ``period``
    spans from its first quarter's start to its last quarter's end; None when it is no
    fiscal year of the document."""
    if period is None or period.start is None or period.end is None:
        return None
    for year in (period.end.year - 1, period.end.year):
        first, last = document.fiscal_quarter(year, 1), document.fiscal_quarter(year, 4)
        if first is not None and last is not None and (first.start, last.end) == (period.start, period.end):
            return year
    return None
