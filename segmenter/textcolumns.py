"""A column of words beside the numbers, in pipe text.

Pipe text keeps no row breaks, so a table whose rows read "label | words |
numbers" ("Contract assets - current | Other current assets | $ | 15 | $ | 48",
DOW 10-Q 2023) reads as a label-only line followed by a line labelled with the
words, and the words take the row's label. HTML keeps such a column as a column
of text cells. When the header names a column of that sort ("Balance Sheet
Classification", "Location of contract balances", "Balance Sheet Line Item",
"Interest Payable", "Fair Value Level", "Useful lives (in years)", "Primary
Indication or Class") and the body pairs its lines that way, each pair becomes
one row again: the first label, then the words as a text cell of the first (or
last) column, whose label is the header cell that names it. Two such header
cells side by side ("Classification | Measurement Level", LOW 10-Q 2023) name
two columns of words, and three lines make a row. Two such header cells apart
("Issuance Date | Maturity" between the principal and the fair value, NFLX;
"Balance Sheet Line Item" before each group of numbers, CSCO) name two columns
among the numbers, and three lines of one shape make a row. A table of stacked
parts is read part by part when the whole is not
(:func:`segmenter.tables.cells_to_table`).

Rows labelled by a rate, their maturity date beside it ("2.20% | September 20,
2023 | ..."), read as the rate ending the line before and the date labelling
the row; :func:`rate_labels_to_lines` gives the rate back to its row.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Sequence

from .cells import Item, Line, collapse, label_to_footnotes
from .numbers import text_to_scale
from .periods import label_to_period, text_to_dates

__all__ = ["TextColumn", "lines_to_text_column", "rate_labels_to_lines"]

#: A header cell over a column of words: where a balance sits, how often it is paid, its
#: level in the fair-value hierarchy ("Level 2", DOW 10-Q 2023), its useful lives ("3-23",
#: GE 10-K 2023), what a product treats ("PRIMARY INDICATION OR CLASS", PFE 10-Q 2023).
TEXT_COLUMN_HEADER_RE = re.compile(
    r"\b(?:classification|line\s+items?|location|caption|payable|(?:fair\s+value|hierarchy)\s+level"
    r"|useful\s+li(?:fe|ves)|indications?|measurement\s+level|maturity(?:\s+dates?)?|issuance\s+dates?)\b",
    re.IGNORECASE,
)
#: The header cell is short: "Financial Statement Caption in which Effects of Fair Value or
#: Cash Flow Hedges are Recorded" is a group over columns of numbers (MRK 10-Q 2023).
MAX_HEADER_WORDS = 6
#: The end of a section label: ":" and maybe a footnote digit ("Debt securities: 4", DOW).
_SECTION_END_RE = re.compile(r":\s*\d{0,2}\s*\Z")
#: A table must pair at least this many lines before they are read as rows with a text column.
MIN_PAIRS = 2
#: A table must show at least this many rates before dates before its rates are read as labels.
MIN_RATE_LABELS = 3
#: A row label that is a date and nothing else: "September 20, 2023", "February 26, 2054".
_DATE_LABEL_WORDS = 3


def _is_date_label(line: Line) -> bool:
    if line.label is None:
        return False
    text = collapse(line.label.text)
    return len(text.split()) <= _DATE_LABEL_WORDS and bool(text_to_dates(text))


def rate_labels_to_lines(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Rows labelled by their interest rate, their maturity date beside it: "2.20% |
    September 20, 2023 | $ | — | ... | 2.27% | 3.625% | March 4, 2024 | ..." (CSCO 10-K
    2024 senior notes, pipe text). The rate reads as the last value of the line before,
    the date as the row's label. When at least :data:`MIN_RATE_LABELS` lines labelled by a
    date, and half of them, follow a line that ends in a rate, each such rate becomes a
    label-only line of its own, which the date then pairs with as a column of words
    (:func:`lines_to_text_column`, "Maturity Date")."""
    dated = [i for i, line in enumerate(lines) if _is_date_label(line)]
    moved = {i - 1 for i in dated if i and lines[i - 1].values
             and (last := lines[i - 1].values[-1]).number is not None and last.number.percent
             and not last.number.negative}
    if len(moved) < MIN_RATE_LABELS or 2 * len(moved) < len(dated):
        return tuple(lines)
    out: list[Line] = []
    for i, line in enumerate(lines):
        if i in moved:
            rate = line.values[-1]
            if line.label is not None or len(line.values) > 1:
                out.append(replace(line, values=line.values[:-1]))
            out.append(Line(replace(rate, kind="text", number=None)))
        else:
            out.append(line)
    return tuple(out)


def _pairs(body: Sequence[Line], last: bool = False, sections: bool = False) -> list[int] | None:
    """Index of the first line of each pair: a label-only line followed by a labelled
    line with values, or (``last``) a line with values followed by a label-only line.

    A label-only line ending in ":" opens a section ("Right-of-use assets:", AAPL
    10-K 2024) and pairs with nothing. Two other label-only lines in a row are a
    section over its rows instead: None; unless, with the words before the numbers,
    one of them is a length of time written out ("7 years", see :func:`_is_length`).
    With ``sections``, the first of two such lines is a section label, and pairs with nothing.
    """
    found: list[int] = []
    for i, line in enumerate(body):
        # words after the numbers may be lengths ("30 years", NFLX); before them, a length
        # is a value written out, and pairs with nothing
        length = not last and _is_length(line)
        if line.label is None or line.values or _is_section(line) or length:
            continue
        nxt = body[i + 1] if i + 1 < len(body) else None
        if (nxt is not None and nxt.label is not None and not nxt.values and not _is_section(nxt)
                and (last or not _is_length(nxt))):
            if sections:
                continue
            return None
        if last:
            before = body[i - 1] if i else None
            if before is not None and before.label is not None and before.values:
                found.append(i - 1)
        elif nxt is not None and nxt.label is not None and nxt.values:
            found.append(i)
    return found


def _pair_count(body: Sequence[Line], last: bool) -> int:
    pairs = _pairs(body, last)
    return -1 if pairs is None else len(pairs)


#: A length of time written out in a cell of its own: "7 years" (JCI 10-K lease terms).
_LENGTH_RE = re.compile(r"^\d+(?:\.\d+)?\s+(?:years?|months?|days?)$", re.IGNORECASE)


#: A header cell over the fair-value level of each row, which a filer may write as a bare
#: digit: "Fair Value Hierarchy Level" over "1", "2", "1, 2" (PEP 10-K 2023 plan assets).
_LEVEL_HEADER_RE = re.compile(r"\b(?:fair\s+value|hierarchy|measurement)\s+level\b", re.IGNORECASE)
_LEVELS = frozenset({1, 2, 3})


def _level_digits_to_words(body: Sequence[Line]) -> tuple[Line, ...]:
    """Lines whose first value is a bare level digit ("Corporate bonds | 2 | 4,233 | 4,245")
    as a label-only line and a line labelled with the digit, the shape the words of a text
    column take ("Cash and cash equivalents | 1, 2 | 349 | 157")."""
    out: list[Line] = []
    for line in body:
        first = line.values[0] if line.values else None
        number = first.number if first is not None else None
        if (line.label is not None and number is not None and len(line.values) > 1
                and number.value in _LEVELS and collapse(first.text) in ("1", "2", "3")
                and not (number.currency or number.percent or number.negative)):
            out.append(replace(line, values=()))
            out.append(Line(replace(first, kind="text", number=None), line.values[1:]))
        else:
            out.append(line)
    return tuple(out)


def _is_length(line: Line) -> bool:
    """A label-only line that is a length of time, a value written in words, not a label:
    "Weighted-average remaining lease term | 7 years | 7 years" reads as three such lines."""
    return line.label is not None and not line.values and _LENGTH_RE.match(collapse(line.label.text)) is not None


def _is_section(line: Line) -> bool:
    """A label-only line ending in ":", footnote markers aside ("Debt securities: 4", DOW)."""
    if line.label is None or line.values:
        return False
    return _SECTION_END_RE.search(label_to_footnotes(line.label.text)[0]) is not None


@dataclass(frozen=True, slots=True)
class TextColumn:
    """A table read with a text column: its header without the column's own cell,
    its body with each pair joined, the header cell that names the column, and whether
    the column comes after the numbers (``last``) rather than before them."""

    header: tuple[Item, ...]
    body: tuple[Line, ...]
    label: Item
    last: bool = False
    #: Header cells of further columns of words right after the first, in order.
    more: tuple[Item, ...] = ()
    #: The columns that hold the words, when they stand among the numbers (see
    #: :func:`_inner_text_columns`); else they are the first or the last columns.
    positions: tuple[int, ...] = ()

    @property
    def labels(self) -> tuple[Item, ...]:
        """The header cells of every column of words, left to right."""
        return (self.label,) + self.more


def _names_words(item: Item) -> bool:
    """A short header cell that names a column of words (:data:`TEXT_COLUMN_HEADER_RE`)."""
    return item.kind == "text" and len(item.text.split()) <= MAX_HEADER_WORDS \
        and TEXT_COLUMN_HEADER_RE.search(item.text) is not None


def _text_columns(header: Sequence[Item], body: Sequence[Line], at: int, count: int) -> TextColumn | None:
    """The table read with ``count`` columns of words side by side, named by the header
    cells from ``at`` on, before the numbers: "Classification | Measurement Level" over
    "U.S. Treasury securities | Short-term investments | Level 1 | $ | 138 | ..." (LOW 10-Q
    2023), which reads as ``count`` label-only lines, then a line labelled with the last
    words and holding the values. At least :data:`MIN_PAIRS` such groups, and groups for
    at least half of the lines with values."""
    lines = tuple(body)

    def shape(group: Sequence[Line]) -> bool | None:
        words, last = group[:count], group[count]
        if (all(line.label is not None and not line.values and not _is_section(line) for line in words)
                and last.label is not None and last.values):
            return True
        return None

    starts, _ = _group_starts(lines, count + 1, shape)
    if not _enough(starts, lines):
        return None

    def join(*group: Line) -> Line:
        words = tuple(line.label for line in group[1:])
        return replace(group[0], values=words + group[-1].values,  # type: ignore[operator]
                       markers=tuple(m for line in group for m in line.markers))

    head = tuple(header[:at]) + tuple(header[at + count:])
    return TextColumn(head, _rejoined(lines, starts, count + 1, join), header[at],
                      more=tuple(header[at + 1:at + count]))


def _group_starts(lines: Sequence[Line], size: int, shape_of: Any) -> tuple[list[int], Any]:
    """Where the groups of ``size`` lines that pipe text broke one row into start, left to
    right and apart, and their shape: ``shape_of(group)`` is a group's shape or None, and
    every group has the shape of the first."""
    starts: list[int] = []
    shape = None
    i = 0
    while i + size <= len(lines):
        found = shape_of(lines[i:i + size])
        if found is not None and shape in (None, found):
            shape = found
            starts.append(i)
            i += size
        else:
            i += 1
    return starts, shape


def _inner_shape(group: Sequence[Line]) -> tuple[int, int] | None:
    """The columns of the two words of a row that pipe text broke into three lines, or None.

    "5.875% Senior Notes | $ | — | $ | 800 | February 2015 | February 2025 | $ | — | ..."
    (NFLX 10-K 2024, words between the numbers) reads as a line with values, a label-only
    line and a line labelled with the second words: the words follow the first values.
    "Foreign currency derivatives | Other current assets | $ | 47 | $ | 22 | Other current
    liabilities | $ | 1 | ..." (CSCO 10-K 2024, words before each group of numbers) reads
    as a label-only line and two lines with words and values.
    """
    first, second, third = group
    if any(line.label is None or _is_section(line) for line in group) or not third.values:
        return None
    if first.values and not second.values:
        return len(first.values), len(first.values) + 1
    if not first.values and second.values:
        return 0, len(second.values) + 1
    return None


def _inner_text_columns(header: Sequence[Item], body: Sequence[Line], named: Sequence[Item]) -> TextColumn | None:
    """The table read with two columns of words among its numbers, named by the two header
    cells ``named`` (see :func:`_inner_shape`): at least :data:`MIN_PAIRS` rows of one
    shape, and their lines at least half of the lines with values."""
    lines = tuple(body)
    starts, shape = _group_starts(lines, 3, _inner_shape)
    valued = sum(1 for line in lines if line.values)
    if shape is None or len(starts) < MIN_PAIRS or 4 * len(starts) < valued:
        return None
    at = shape
    # a total without a label runs into the last row's third line ("August 2054 | 791 | 782
    # | 14,515 | ...", NFLX 10-Q 2025): values past the usual count are a line of their own
    usual = Counter(len(lines[i + 2].values) for i in starts).most_common(1)[0][0]
    split = list(lines)
    for i in reversed(starts):
        third = lines[i + 2]
        if len(third.values) > usual:
            split[i + 2:i + 3] = [replace(third, values=third.values[:usual]), Line(None, third.values[usual:])]
    lines = tuple(split)

    def join(first: Line, second: Line, third: Line) -> Line:
        values = first.values + second.values
        values = values[:at[0]] + (second.label,) + values[at[0]:]  # type: ignore[operator]
        values = values[:at[1]] + (third.label,) + values[at[1]:] + third.values  # type: ignore[operator]
        return replace(first, values=values, markers=first.markers + second.markers + third.markers)

    rows = _rejoined(lines, starts, 3, join)
    numbers = max(len(line.values) for line in rows) - 2
    head = tuple(item for item in header if item not in named)
    return TextColumn(head, _numbers_rejoined(rows, numbers), named[0], more=tuple(named[1:]), positions=at)


def _numbers_rejoined(rows: Sequence[Line], numbers: int) -> tuple[Line, ...]:
    """A line of numbers alone and the labelled line before it, which pipe text's row breaks
    cut apart when the words were not yet columns, as one line when together they fill the
    ``numbers`` columns of numbers: "Total | 62 | 31" and "12 | 41" (CSCO 10-K 2024)."""
    out: list[Line] = []
    for line in rows:
        before = out[-1] if out else None
        if (line.label is None and before is not None and before.label is not None and before.values
                and all(v.kind != "text" for v in before.values)
                and len(before.values) + len(line.values) == numbers):
            out[-1] = replace(before, values=before.values + line.values)
        else:
            out.append(line)
    return tuple(out)


def _first_row_label(header: Sequence[Item], body: Sequence[Line], named: Item) -> bool:
    """Did the header take the first row's label? Its last cell is text that names no
    period nor scale, after the column's own cell, right above a line with words and values
    ("... Dec 31, 2022 | In millions | Accounts and notes receivable - trade", DOW)."""
    if not header or not body or body[0].label is None or not body[0].values:
        return False
    last = header[-1]
    return last.index > named.index and _is_plain_text(last)


def _is_plain_text(item: Item) -> bool:
    """A text cell that names no period and states no scale."""
    if item.kind != "text":
        return False
    text = collapse(item.text)
    return label_to_period(text) is None and text_to_scale(text) is None


def lines_to_text_column(header: Sequence[Item], body: Sequence[Line]) -> TextColumn | None:
    """The table read with a text column, or None when it has none.

    A text column needs a header cell that names one (:data:`TEXT_COLUMN_HEADER_RE`),
    at least :data:`MIN_PAIRS` pairs of a label-only line and a line with words and
    values, and pairs for at least half of the lines with values (a total below,
    without words of its own, is the rest). Two label-only lines in a row, neither
    ending in ":", are a section over its rows: such a body has none.

    The words stand before the numbers, unless nothing but a scale follows the
    header cell, or the first row has numbers before any words and the lines pair
    better that way: then they follow them, and the pairs are a line with values
    and the label-only line after it.
    The first row's label, when the header took it in, goes back to the body.
    """
    naming = [item for item in header if _names_words(item)]
    if not naming:
        return None
    if len(naming) == 2:
        inner = _inner_text_columns(header, body, naming)
        if inner is not None:
            return inner
    named = naming[0]
    at = header.index(named)
    # levels written as digits are words, and then mark the pairs so plainly that a label
    # without values over them is a section ("International plan assets", PEP 10-K 2023)
    levels = _LEVEL_HEADER_RE.search(named.text) is not None and (leveled := _level_digits_to_words(body)) != body
    if levels:
        body = leveled
    more = tuple(itertools.takewhile(_names_words, header[at + 1:]))
    if more:
        return _text_columns(header, body, at, len(more) + 1)
    head = tuple(header[:at]) + tuple(header[at + 1:])
    # nothing but a scale after the column's cell: the words follow the numbers ("As of |
    # June 30, 2025 | December 31, 2024 | Estimated Useful Lives | (in thousands)", NFLX 10-Q)
    last = at > 0 and all(it.kind == "null" or text_to_scale(collapse(it.text)) is not None for it in header[at + 1:])
    lines = tuple(body)
    if not last:
        before, lines_before = head, lines
        if at and _is_plain_text(header[at - 1]):
            # the row labels' own header beside it ("Lease-Related Assets and Liabilities |
            # Financial Statement Line Items | 2024 | 2023", AAPL 10-K 2024): over no column
            head = head[: at - 1] + head[at:]
        if _first_row_label(head, lines, named):
            head, lines = head[:-1], (Line(head[-1]),) + lines
        while head and head[-1].index > named.index and _is_plain_text(head[-1]) and _is_section(Line(head[-1])):
            # section labels the header took in ("Assets at fair value:" over "Cash equivalents:", DOW)
            head, lines = head[:-1], (Line(head[-1]),) + lines
        opening = next((line for line in lines if line.label is not None and not _is_section(line)), None)
        if opening is not None and opening.values and _pair_count(lines_before, True) > _pair_count(lines, False):
            # the first row has numbers before any words: they follow the numbers ("Land |
            # 85,000 | 85,000 | Buildings and improvements | 475,684 | 154,165 | 30 years",
            # NFLX 10-K 2024, whose header names the column before the years), unless the
            # words pair better before them (PFE 10-Q 2023: "TOTAL REVENUES" and its groups
            # first, then "Paxlovid | COVID-19 in certain high-risk patients | 143 | ...")
            last, head, lines = True, before, lines_before
    pairs = _pairs(lines, last, sections=levels)
    if pairs is None or not _enough(pairs, lines):
        return None

    def join(first: Line, second: Line) -> Line:
        words = second.label
        assert words is not None
        values = first.values + (words,) if last else (words,) + second.values
        return replace(first, values=values, markers=first.markers + second.markers)

    return TextColumn(head, _rejoined(lines, pairs, 2, join), named, last)


def _enough(starts: Sequence[int], lines: Sequence[Line]) -> bool:
    """At least :data:`MIN_PAIRS` groups, and groups for at least half of the lines with values."""
    return len(starts) >= MIN_PAIRS and 2 * len(starts) >= sum(1 for line in lines if line.values)


def _rejoined(lines: Sequence[Line], starts: Sequence[int], size: int, join: Any) -> tuple[Line, ...]:
    """``lines`` with the ``size`` lines from each of ``starts`` joined into one by ``join``."""
    begins = set(starts)
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if i in begins:
            out.append(join(*lines[i:i + size]))
            i += size
        else:
            out.append(lines[i])
            i += 1
    return tuple(out)
