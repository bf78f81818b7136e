"""A column of words beside the numbers, in pipe text.

Pipe text keeps no row breaks, so a table whose rows read "label | words |
numbers" ("Contract assets - current | Other current assets | $ | 15 | $ | 48",
DOW 10-Q 2023) reads as a label-only line followed by a line labelled with the
words, and the words take the row's label. HTML keeps such a column as a column
of text cells. When the header names a column of that sort ("Balance Sheet
Classification", "Location of contract balances", "Balance Sheet Line Item",
"Interest Payable") and the body pairs its lines that way, each pair becomes one
row again: the first label, then the words as a text cell of the first column,
whose label is the header cell that names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from .cells import Item, Line, collapse
from .numbers import text_to_scale
from .periods import label_to_period

__all__ = ["TextColumn", "lines_to_text_column"]

#: A header cell over a column of words: where a balance sits or how often it is paid.
TEXT_COLUMN_HEADER_RE = re.compile(
    r"\b(?:classification|line\s+items?|location|caption|payable)\b", re.IGNORECASE
)
#: The header cell is short: "Financial Statement Caption in which Effects of Fair Value or
#: Cash Flow Hedges are Recorded" is a group over columns of numbers (MRK 10-Q 2023).
MAX_HEADER_WORDS = 6
#: A table must pair at least this many lines before they are read as rows with a text column.
MIN_PAIRS = 2


def _pairs(body: Sequence[Line]) -> list[int] | None:
    """Indexes of the label-only lines each followed by a labelled line with values.

    A label-only line ending in ":" opens a section ("Right-of-use assets:", AAPL
    10-K 2024) and pairs with nothing. Two other label-only lines in a row are a
    section over its rows instead: None.
    """
    found: list[int] = []
    for i, line in enumerate(body):
        if line.label is None or line.values or _is_section(line):
            continue
        nxt = body[i + 1] if i + 1 < len(body) else None
        if nxt is None or nxt.label is None:
            continue
        if not nxt.values:
            if not _is_section(nxt):
                return None
            continue
        found.append(i)
    return found


def _is_section(line: Line) -> bool:
    return line.label is not None and not line.values and line.label.text.rstrip().endswith(":")


@dataclass(frozen=True, slots=True)
class TextColumn:
    """A table read with a text column: its header without the column's own cell,
    its body with each pair joined, and the header cell that names the column."""

    header: tuple[Item, ...]
    body: tuple[Line, ...]
    label: Item


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
    ending in ":", are a section over its rows: such a body has none. The first row's label, when the header took it
    in, goes back to the body.
    """
    named = next((item for item in header if item.kind == "text" and len(item.text.split()) <= MAX_HEADER_WORDS
                  and TEXT_COLUMN_HEADER_RE.search(item.text)), None)
    if named is None:
        return None
    at = header.index(named)
    head = tuple(header[:at]) + tuple(header[at + 1:])
    if at and _is_plain_text(header[at - 1]):
        # the row labels' own header beside it ("Lease-Related Assets and Liabilities |
        # Financial Statement Line Items | 2024 | 2023", AAPL 10-K 2024): over no column
        head = head[: at - 1] + head[at:]
    lines = tuple(body)
    if _first_row_label(head, lines, named):
        head, lines = head[:-1], (Line(head[-1]),) + lines
    pairs = _pairs(lines)
    if pairs is None or len(pairs) < MIN_PAIRS:
        return None
    if 2 * len(pairs) < sum(1 for line in lines if line.values):
        return None
    starts = set(pairs)
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if i in starts:
            first, words = lines[i], lines[i + 1]
            assert words.label is not None
            out.append(replace(first, values=(words.label,) + words.values, markers=first.markers + words.markers))
            i += 2
        else:
            out.append(lines[i])
            i += 1
    return TextColumn(head, tuple(out), named)
