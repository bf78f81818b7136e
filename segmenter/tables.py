"""Raw table cells -> a parsed :class:`~segmenter.types.Table`, deterministically.

Pipe text loses a table's row breaks: every cell arrives as one
:class:`~segmenter.types.RawCell` in source order, empty spacer cells included.
``cells_to_table`` rebuilds the table through a chain of pure functions::

    cells_to_items     join "$" + "1,234", "(874,897" + ")", "12.5" + "%"; drop empties
    items_to_lines     a label (a text cell) takes the values after it, up to the next label
    lines_to_header    the cells before the first data row are the header
    header_to_columns  spanning cells, group cells and per-column runs -> labels and periods
    lines_to_rows      values aligned to columns, with sign, scale and unit applied

A value's scale comes from the caption, the header or the paragraph before the
table, in that order; when none of them states one, ``Cell.scale`` is ``None``
and the value is the number as shown. Per-share, percent, ratio and count rows
are never scaled. Tunables live in :class:`TableSettings`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import combinations

from .errors import RuleError
from .numbers import (
    CURRENCY_SYMBOLS,
    Number,
    ScaleStatement,
    is_null_token,
    is_year,
    text_to_number,
    text_to_scale,
    text_to_scale_statement,
)
from .periods import label_to_period
from .types import Cell, Column, RawCell, Row, Table

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
    counts, scaled as the scale statement says for shares, unit "shares".
    ``per_unit_row_patterns`` ("Basic earnings per share", "Exercise price"):
    money per share or unit, unscaled, the table's currency.
    ``count_row_patterns`` ("Number of employees", ratios): unscaled, no unit.
    Other rows are money: scaled, the table's currency.

    ``max_align_columns``: above this many columns a short row is aligned left
    instead of by cell position. ``drop_trailing_label_rows``: drop label-only
    rows after the last data row (footnotes read in with the table).
    ``except_per_share_unscales_shares``: treat "except per share data" as
    leaving share counts unscaled too (the filers' tags say it does not, see
    ``numbers.text_to_scale_statement``; off by default).
    """

    year_min: int = 1900
    year_max: int = 2100
    max_align_columns: int = 12
    drop_trailing_label_rows: bool = True
    except_per_share_unscales_shares: bool = False
    percent_row_patterns: tuple[str, ...] = (r"%", r"\bpercent", r"\bbasis\s+points\b")
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
    count_row_patterns: tuple[str, ...] = (
        r"\bratios?\b",
        r"\bnumber\s+of\b",
        r"\bheadcount\b",
        r"\bemployees\b",
        r"\b(?:years|months|days)\b\s*$",
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
    "percent_row_patterns",
    "share_row_patterns",
    "not_share_row_patterns",
    "per_unit_row_patterns",
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


_WS = re.compile(r"\s+")
# Zero-width characters some filers put in "empty" cells (AMC 10-Q 2023: U+200B in every spacer cell).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _collapse(text: str) -> str:
    return _WS.sub(" ", _INVISIBLE.sub("", text)).strip()


# --- cells -> items -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """A non-empty cell after joining: a label text, a value or a null value.

    ``kind`` is ``"text"``, ``"value"`` or ``"null"``; ``text``/``start``/``end``
    are the main cell's (for a value, the number cell: ``"(874,897"``);
    ``index`` is that cell's position in the raw cell list; ``last_end`` is the
    end of the last cell taken in (a ``")"`` or ``"%"`` cell).
    """

    kind: str
    text: str
    start: int
    end: int
    index: int
    last_end: int
    number: Number | None = None


_CURRENCY_ALT = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
# A cell that only opens a number: "$", "(", "$(", "($".
_PREFIX_RE = re.compile(rf"^(?P<o1>\()?\s*(?P<cur>{_CURRENCY_ALT})?\s*(?P<o2>\()?$", re.IGNORECASE)
# A cell that only closes one: ")", "%", ")%", "%)".
_SUFFIX_RE = re.compile(r"^(?:\)\s*%?|%\s*\)?)$")


def cells_to_items(cells: Sequence[RawCell]) -> tuple[Item, ...]:
    """Non-empty cells as items, with currency, paren and percent cells joined to their number.

    ``"$"`` + ``"1,293,051"`` -> one value with currency USD; ``"(874,897"`` +
    ``")"`` -> one value -874897 whose text is ``"(874,897"``; a lone ``")"`` or
    ``"%"`` belongs to the number before it (``"%"`` makes it a percent).
    """
    items: list[Item] = []
    pending_currency: str | None = None
    pending_open = False
    for index, cell in enumerate(cells):
        text = _collapse(cell.text)
        if not text:
            continue
        if _SUFFIX_RE.match(text):
            prev = items[-1] if items else None
            if prev is not None and prev.kind == "value" and prev.number is not None:
                joined = replace(prev.number, percent=True) if "%" in text else prev.number
                items[-1] = replace(prev, number=joined, last_end=cell.end)
            continue
        prefix = _PREFIX_RE.match(text)
        if prefix and (prefix.group("cur") or prefix.group("o1") or prefix.group("o2")):
            if prefix.group("cur"):
                pending_currency = CURRENCY_SYMBOLS[prefix.group("cur").lower()]
            pending_open = pending_open or bool(prefix.group("o1") or prefix.group("o2"))
            continue
        number = text_to_number(text)
        if number is not None:
            if pending_currency and number.currency is None:
                number = replace(number, currency=pending_currency)
            if pending_open and not number.negative and not number.dash:
                number = replace(number, value=-number.value, negative=True)
            items.append(Item("value", cell.text, cell.start, cell.end, index, cell.end, number))
        elif is_null_token(text):
            items.append(Item("null", cell.text, cell.start, cell.end, index, cell.end))
        else:
            items.append(Item("text", cell.text, cell.start, cell.end, index, cell.end))
        pending_currency, pending_open = None, False
    return _footnote_numbers_to_text(items)


_PAREN_MARKER_RE = re.compile(r"^\(\d{1,2}\)$")
_FOOTNOTE_MIN_WORDS = 5


def _footnote_numbers_to_text(items: list[Item]) -> tuple[Item, ...]:
    """A "(1)" cell followed by a sentence ("Includes ... .") is a footnote's marker, not -1."""
    out = list(items)
    for i, item in enumerate(items[:-1]):
        nxt = items[i + 1]
        if (
            item.kind == "value"
            and _PAREN_MARKER_RE.match(_collapse(item.text))
            and nxt.kind == "text"
            and len(_collapse(nxt.text).split()) >= _FOOTNOTE_MIN_WORDS
            and _collapse(nxt.text).endswith(".")  # a sentence, not the next row's label
        ):
            out[i] = replace(item, kind="text", number=None)
    return tuple(out)


# --- items -> lines -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """A label and the values that follow it (``label`` is None for values before any label)."""

    label: Item | None
    values: tuple[Item, ...] = ()
    markers: tuple[str, ...] = ()


# Footnote markers at the end of a label: "(i)", "(a)", "(1)", "*", "†", superscript digits.
_MARKER = r"\((?:[a-z]|[ivx]{2,5}|\d{1,2})\)|\*{1,3}|[†‡§]{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+"
_TRAILING_MARKER_RE = re.compile(rf"\s*(?P<m>{_MARKER})$", re.IGNORECASE)
_MARKER_ONLY_RE = re.compile(rf"^(?:{_MARKER})$", re.IGNORECASE)
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def label_to_footnotes(text: str) -> tuple[str, tuple[str, ...]]:
    """A row label with white space collapsed and its trailing footnote markers split off.

    ``"Work-in-process(i)"`` -> ``("Work-in-process", ("i",))``; ``"Deletion*"``
    -> ``("Deletion", ("*",))``. A label that is only a marker is kept whole.
    """
    label = _collapse(text)
    markers: list[str] = []
    while True:
        m = _TRAILING_MARKER_RE.search(label)
        if m is None or m.start() == 0:
            break
        markers.insert(0, m.group("m").strip("()").translate(_SUPERSCRIPTS))
        label = label[: m.start()].rstrip()
    return label, tuple(markers)


def items_to_lines(items: Sequence[Item]) -> tuple[Line, ...]:
    """Split items into lines: each text item starts a line that takes the values after it.

    A footnote marker alone in a cell between a label and its values
    (``"Revenue" "(a)" "$" "100"``) is kept as the line's marker, not a label.
    """
    lines: list[Line] = []
    for i, item in enumerate(items):
        if item.kind == "text":
            nxt = items[i + 1] if i + 1 < len(items) else None
            if (
                lines
                and lines[-1].label is not None
                and _MARKER_ONLY_RE.match(_collapse(item.text))
                and nxt is not None
                and nxt.kind != "text"
            ):
                last = lines[-1]
                lines[-1] = replace(last, markers=last.markers + (_collapse(item.text).strip("()"),))
                continue
            lines.append(Line(item))
        elif lines:
            last = lines[-1]
            lines[-1] = replace(last, values=last.values + (item,))
        else:
            lines.append(Line(None, (item,)))
    return tuple(lines)


# --- lines -> header ------------------------------------------------------------------------


def _is_header_year(item: Item, settings: TableSettings) -> bool:
    n = item.number
    return (
        item.kind == "value"
        and n is not None
        and not (n.negative or n.percent or n.dash or n.currency)
        and is_year(item.text, low=settings.year_min, high=settings.year_max)
    )


def lines_to_header(lines: Sequence[Line], settings: TableSettings) -> tuple[tuple[Item, ...], tuple[Line, ...]]:
    """Split lines into header items (in source order) and body lines.

    The header is everything before the first data row: the first line with a
    label and at least one value that is not a bare year ("2025" under "For the
    years ended December 31," is a header cell, not a value). Label-only lines
    ending in ":" at the end of the header ("Current assets:") go back to the body.
    """
    first = next(
        (
            i
            for i, line in enumerate(lines)
            if line.label is not None and any(not _is_header_year(v, settings) for v in line.values)
        ),
        None,
    )
    if first is None:
        # No value but bare years: the first labelled line with values starts the body;
        # with no values at all, every line is a label-only row.
        first = next((i for i, line in enumerate(lines) if line.label is not None and line.values), None)
        if first is None:
            first = 0 if not any(line.values for line in lines) else len(lines)
    while first > 0 and lines[first - 1].label is not None and not lines[first - 1].values:
        label = _collapse(lines[first - 1].label.text)  # type: ignore[union-attr]
        if not label.endswith(":"):
            break
        first -= 1
    header: list[Item] = []
    for line in lines[:first]:
        if line.label is not None:
            header.append(line.label)
        header.extend(line.values)
    return tuple(header), tuple(lines[first:])


# --- header -> columns ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    text: str
    start: int
    end: int
    level: int  # 2: this column's own cell, 1: its group's cell, 0: a cell spanning every column


_PARENS_RE = re.compile(r"\([^()]*\)")
_YEAR_IN_TEXT_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _strip_scale(text: str) -> str:
    """Header text without its scale statement ("(in thousands)"); "" when nothing else is left."""
    out = _PARENS_RE.sub(lambda m: " " if text_to_scale(m.group(0)) is not None else m.group(0), text)
    out = _collapse(out)
    if text_to_scale(out) is not None and len(out.split()) <= 10:
        return ""
    return out


_PHRASE_RE = re.compile(
    r"\b(?:ended|ending|months?|weeks?|quarters?|years?|as\s+of|as\s+at|fiscal|period|through)\b", re.IGNORECASE
)


def _header_kind(item: Item, text: str, settings: TableSettings) -> str:
    """year | number | status | dated | phrase | text: what a header cell looks like."""
    if item.kind == "value":
        return "year" if _is_header_year(item, settings) else "number"
    if text.startswith("(") and text.endswith(")"):
        return "status"  # "(Unaudited)", "(Audited)", "(As Restated)"
    if _YEAR_IN_TEXT_RE.search(text):
        return "dated"  # "As of June 30, 2025", "Fiscal 2024"
    if _PHRASE_RE.search(text):
        return "phrase"  # "For the years ended December 31,", "Three Months Ended"
    return "text"


# Header segment costs: a header is read as visual rows -- one cell spanning every
# column, a group row (cells each over ncols/g columns), a row of one cell per column,
# or a partial row filling columns from the left. The cheapest reading wins.
_SPAN_COST = 1.0
_PARTIAL_COST = 1.2
_MIXED_ROW_COST = 1.5  # "2025 | 2024 | Change"
_MIXED_PHRASE_ROW_COST = 3.0  # a row mixing a period phrase with other cells is rather a span
_SEGMENT_COST = 0.01  # fewer rows win ties


def _row_cost(kinds: Sequence[str], ncols: int) -> float:
    for period in range(1, ncols):
        if ncols % period == 0 and all(kinds[j] == kinds[j + period] for j in range(ncols - period)):
            return 0.0  # one kind, or a repeating pattern ("date date % change" twice)
    return _MIXED_PHRASE_ROW_COST if "phrase" in kinds else _MIXED_ROW_COST


def _segment_header(kinds: Sequence[str], ncols: int) -> list[tuple[str, int, int]]:
    """The cheapest split of header cells into (type, start, end) rows; type is
    "span", "group", "row" or "partial"."""
    n = len(kinds)
    best: list[tuple[float, list[tuple[str, int, int]]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        base, path = best[i]  # type: ignore[misc]
        options: list[tuple[str, int, float]] = [("span", 1, _SPAN_COST)]
        if ncols > 1 and i + ncols <= n:
            options.append(("row", ncols, _row_cost(kinds[i : i + ncols], ncols)))
        for size in range(2, min(ncols, n - i + 1)):
            if len(set(kinds[i : i + size])) != 1:
                continue
            if ncols % size == 0 and kinds[i] in ("phrase", "dated", "text", "status"):
                options.append(("group", size, 0.0))
            else:
                options.append(("partial", size, _PARTIAL_COST))
        if ncols == 1:
            options = [("row", 1, 0.0)]
        for kind, size, cost in options:
            total = base + cost + _SEGMENT_COST
            j = i + size
            if best[j] is None or total < best[j][0]:  # type: ignore[index]
                best[j] = (total, path + [(kind, i, j)])
    return best[n][1] if best[n] is not None else []  # type: ignore[index]


def header_to_columns(
    header: Sequence[Item], ncols: int, settings: TableSettings
) -> tuple[tuple[tuple[_Part, ...], ...], ScaleStatement | None, tuple[Item, ...]]:
    """Assign header cells to ``ncols`` columns.

    Returns each column's label parts, the header's scale statement, and the
    trailing header cells that are rather label-only rows of the body
    ("ZYTIGA / abiraterone acetate" right above its first data row, JNJ 10-Q
    2025). Header cells are read as visual rows (see ``_segment_header``): one
    cell spanning every column ("For the years ended December 31,"), a group
    row ("Three Months Ended" "Nine Months Ended" over 2 + 2 columns), a row of
    one cell per column ("2025" "2024"), or a shorter row filled from the left.
    Repeated parts are kept once, at their last place (seed 000 repeats "2025 |
    2024" above the real header).
    """
    statement: ScaleStatement | None = None
    cells: list[tuple[Item, str, str]] = []
    for item in header:
        if item.kind == "null":
            continue
        text = _collapse(item.text)
        if item.kind == "text":
            if statement is None:
                statement = text_to_scale_statement(text)
            text = _strip_scale(text)
            if not text:
                continue
        cells.append((item, text, _header_kind(item, text, settings)))
    if ncols == 0:
        return (), statement, ()
    segments = _segment_header([kind for _, _, kind in cells], ncols)
    giveback: list[Item] = []
    while segments and segments[-1][0] == "span" and len(segments) > 1:
        item, _, kind = cells[segments[-1][1]]
        if item.kind != "text" or kind != "text":
            break
        giveback.insert(0, item)
        segments.pop()
    parts: list[list[_Part]] = [[] for _ in range(ncols)]
    for kind, i, j in segments:
        for k in range(i, j):
            item, text, _ = cells[k]
            if kind == "span":
                targets, level = range(ncols), 0
            elif kind == "group":
                width = ncols // (j - i)
                targets, level = range((k - i) * width, (k - i + 1) * width), 1
            else:  # a row or a partial row: one cell per column, from the left
                targets, level = range(k - i, k - i + 1), 2
            for col in targets:
                parts[col].append(_Part(text, item.start, item.end, level))
    return tuple(_dedupe(p) for p in parts), statement, tuple(giveback)


def _dedupe(parts: Sequence[_Part]) -> tuple[_Part, ...]:
    seen: set[str] = set()
    kept: list[_Part] = []
    for part in reversed(parts):
        key = part.text.casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(part)
    return tuple(sorted(kept, key=lambda p: p.start))


# --- lines -> rows --------------------------------------------------------------------------


def _align(line: Line, template: Sequence[float] | None, ncols: int, settings: TableSettings) -> tuple[int, ...]:
    """Column index of each value of a line; a short line is placed by its cells' positions."""
    k = len(line.values)
    if k >= ncols or template is None or line.label is None or ncols > settings.max_align_columns:
        return tuple(range(k))
    offsets = [v.index - line.label.index for v in line.values]
    best = min(
        combinations(range(ncols), k),
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
    and the columns whose header says they hold percentages ("% Change")."""

    statement: ScaleStatement | None
    unit: str | None
    percent_columns: frozenset[int] = frozenset()


def label_to_row_kind(label: str, settings: TableSettings) -> str:
    """How a row's values are scaled: "percent", "shares", "per_unit", "count" or "money"."""
    if _matches(settings.percent_row_patterns, label):
        return "percent"
    if _matches(settings.share_row_patterns, label) and not _matches(settings.not_share_row_patterns, label):
        return "shares"
    if _matches(settings.per_unit_row_patterns, label):
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
          settings: TableSettings) -> Cell:
    """One value cell with its scale and unit; a null token gives a cell with no value."""
    number = item.number
    if item.kind != "value" or number is None:
        return Cell(column, None, item.text, None, item.start, item.end, None)
    statement = scaling.statement
    money_unit = number.currency or scaling.unit
    scale: int | None
    unit: str | None
    if number.percent or kind == "percent" or column in scaling.percent_columns:
        scale, unit = None, "%"
    elif row_statement is not None:
        # "Weighted-average shares (in thousands)": the row states its own scale.
        scale = row_statement.shares_scale if kind == "shares" else row_statement.scale
        unit = {"shares": "shares", "count": None}.get(kind, money_unit)
    elif kind == "shares":
        scale, unit = _share_scale(statement, settings), "shares"
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
    return Cell(column, value, item.text, scale, item.start, item.end, unit)


def lines_to_rows(
    lines: Sequence[Line], ncols: int, scaling: _Scaling, settings: TableSettings
) -> tuple[Row, ...]:
    """Body lines as rows: label and footnotes split, values aligned to columns and scaled.

    A row whose own label says nothing about its kind ("Basic") takes the kind
    of the label-only row above it ("Earnings per share:").
    """
    template = _template(lines, ncols)
    rows: list[Row] = []
    section: str | None = None
    for line in lines:
        if line.label is None:
            continue
        label, markers = label_to_footnotes(line.label.text)
        columns = _align(line, template, ncols, settings)
        kind = label_to_row_kind(label, settings)
        if not line.values:
            section = None if kind == "money" else kind
        elif kind == "money" and section is not None:
            # "Shares used in computing earnings per share:" then "Basic", "Diluted" (AAPL 10-Q 2023)
            kind = section
        row_statement = text_to_scale_statement(label)
        cells = tuple(_cell(v, c, kind, row_statement, scaling, settings) for v, c in zip(line.values, columns, strict=True))
        end = line.values[-1].end if line.values else line.label.end
        rows.append(Row(label, cells, line.label.start, end, markers + line.markers))
    return tuple(rows)


# --- the whole chain ------------------------------------------------------------------------


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
) -> Table:
    """Parse one table's raw cells (in source order, empty ones included) into a :class:`Table`.

    ``caption`` is a caption line shown before the table ("SCHEDULE OF
    INVENTORY"); ``context`` the paragraph before it, read for a scale ("(in
    thousands)") and for what bare-year columns mean.
    """
    items = cells_to_items(cells)
    lines = items_to_lines(items)
    header, body = lines_to_header(lines, settings)
    last_data = max((i for i, line in enumerate(body) if line.values), default=None)
    if settings.drop_trailing_label_rows and last_data is not None:
        body = body[: last_data + 1]
    ncols = max((len(line.values) for line in body), default=0)
    column_parts, header_statement, giveback = header_to_columns(header, ncols, settings)
    if giveback:
        body = tuple(Line(item) for item in giveback) + tuple(body)

    caption_text = _collapse(caption) if caption else None
    # The scale: from the caption, the header or the paragraph before, in that order.
    candidates = (
        ("caption", text_to_scale_statement(caption_text or "")),
        ("header", header_statement),
        ("context", text_to_scale_statement(context)),
    )
    source, statement = next(((name, found) for name, found in candidates if found is not None), (None, None))

    period_context = " ".join(t for t in (caption_text, _collapse(context)) if t)
    labels = [" ".join(p.text for p in parts) for parts in column_parts]
    percent_columns = frozenset(i for i, label in enumerate(labels) if _matches(settings.percent_row_patterns, label))
    scaling = _Scaling(statement, _table_unit(body, statement, period_context), percent_columns)
    rows = lines_to_rows(body, ncols, scaling, settings)
    columns = tuple(
        _column(col, parts, rows, period_context) for col, parts in enumerate(column_parts)
    )
    first_cell = next((c for c in cells if _collapse(c.text)), None)
    start = first_cell.start if first_cell is not None else (cells[0].start if cells else 0)
    end = max((it.last_end for line in body for it in _line_items(line)), default=None)
    if end is None:
        end = max((it.last_end for it in header), default=start)
    return Table(
        caption=caption_text,
        scale=statement.scale if statement is not None else None,
        unit=scaling.unit,
        columns=columns,
        rows=rows,
        start=start,
        end=end,
        scale_source=source,
    )


def _line_items(line: Line) -> tuple[Item, ...]:
    return ((line.label,) if line.label is not None else ()) + tuple(line.values)


def _column(col: int, parts: Sequence[_Part], rows: Sequence[Row], period_context: str) -> Column:
    """A column from its header parts; with no header it sits at its first value cell."""
    label = " ".join(p.text for p in parts)
    top = max((p.level for p in parts), default=None)
    own = [p for p in parts if p.level == top]
    if own:
        start, end = own[0].start, own[-1].end
    else:
        first = next((c for row in rows for c in row.cells if c.column == col), None)
        start, end = (first.start, first.end) if first is not None else (0, 0)
    period = label_to_period(label, context=period_context) if label else None
    return Column(label, period, start, end)
