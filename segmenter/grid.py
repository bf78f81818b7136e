"""Tables whose grid the reader saw (HTML): rows and columns as the markup lays them out.

Pipe text loses a table's row breaks and column positions, so the table
parser rebuilds both from the cells alone (:mod:`segmenter.cells`,
:mod:`segmenter.header`). An HTML reader knows them: every
:class:`~segmenter.types.RawCell` carries its ``<tr>`` and the grid columns it
covers, colspans and rowspans applied. With that the parser need not guess:

    items_to_grid_lines   one line a table row; the row's first cell left of the
                          value columns is its label
    sub_labels_to_lines   a second text cell left of the values is a column of its
                          own when a header cell starts over it ("Balance sheet
                          location"), else the label of a row under a group row
                          ("Humira | United States", ABBV)
    lines_to_slots        the value columns: the grid columns the body's cells
                          sit in, a cell spanning several of them left out
    header_to_grid_columns
                          each header cell over the value columns it spans
                          ("Sales to Customers" over 2023 | 2022 | 2021, not
                          over the "% Change" columns beside them)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from .cells import Item, Line, collapse
from .header import Part, dedupe_parts, names_period, read_header_cell, strip_scale
from .numbers import ScaleStatement
from .patterns import ROW_MARKER_ONLY_RE

__all__ = ["Slots", "has_grid", "header_to_grid_columns", "item_to_slot", "items_to_grid_lines", "lines_to_slots",
           "sub_labels_to_lines"]

#: The value columns of a table: ``(first, end)`` grid columns of each, left to right.
Slots = tuple[tuple[int, int], ...]


def has_grid(items: Sequence[Item]) -> bool:
    """True when every item knows its row and grid columns."""
    return bool(items) and all(it.row >= 0 and it.col >= 0 and it.col_end > it.col for it in items)


def _rows(items: Sequence[Item]) -> list[list[Item]]:
    """Items cut where the row changes (in source order)."""
    rows: list[list[Item]] = []
    for it in items:
        if rows and rows[-1][0].row == it.row:
            rows[-1].append(it)
        else:
            rows.append([it])
    return rows


def _label_edge(rows: Sequence[Sequence[Item]]) -> int | None:
    """The first grid column of values: where the leftmost number that is not its
    row's first cell starts. Cells left of it are row labels and label-like text."""
    cols = [it.col for row in rows for it in row[1:] if it.kind in ("value", "null")]
    return min(cols) if cols else None


def items_to_grid_lines(items: Sequence[Item]) -> tuple[Line, ...]:
    """One line a table row. A row's first cell is its label when it starts left
    of the value columns (a year that labels a maturity row included); a footnote
    marker alone in the cell after the label is the row's marker; every other
    cell, text included, is a value of the row, placed later by its grid columns."""
    rows = _rows(items)
    edge = _label_edge(rows)
    lines: list[Line] = []
    for row in rows:
        first = row[0]
        label: Item | None = None
        rest: Sequence[Item] = row
        if edge is None or first.col < edge:
            label = first if first.kind == "text" else replace(first, kind="text", number=None)
            rest = row[1:]
        markers: list[str] = []
        values: list[Item] = []
        for it in rest:
            if label is not None and not values and it.kind == "text":
                text = collapse(it.text)
                if ROW_MARKER_ONLY_RE.match(text):
                    markers.append(text.strip("()"))
                    continue
            values.append(it)
        lines.append(Line(label, tuple(values), tuple(markers)))
    return tuple(lines)


def sub_labels_to_lines(header: Sequence[Item], lines: Sequence[Line]) -> tuple[Line, ...]:
    """Text cells between a row's label and its numbers, left of the value
    columns, are a second label unless a header cell starts over them: "Humira |
    United States | $ 7,142" is the group row "Humira" and the row "United
    States" (ABBV 10-K 2024), while "Designated as cash flow hedges | Prepaid
    expenses | 12" under a "Balance sheet location" header keeps its text column."""
    edge = _label_edge([([line.label] if line.label else []) + list(line.values) for line in lines])
    if edge is None:
        return tuple(lines)
    starts = sorted(it.col for it in header if it.kind != "null" and collapse(it.text))

    def is_sub_label(it: Item) -> bool:
        # no header cell starts over it
        return it.kind == "text" and it.col < edge and bisect_left(starts, it.col) == bisect_left(starts, it.col_end)

    out: list[Line] = []
    for line in lines:
        label, values, markers = line.label, line.values, line.markers
        while values and is_sub_label(values[0]):
            if label is not None:
                out.append(Line(label, (), markers))
            label, values, markers = values[0], values[1:], ()
        out.append(Line(label, values, markers) if label is not line.label else line)
    return tuple(out)


def _wide(intervals: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The intervals that cover two others that do not overlap (sorted input, distinct).

    Greedy: the interval ending first among those starting at or after ``I``'s
    start is the best first one inside ``I``; the one ending first among those
    starting after it, the best second. Suffix minima make each test O(log n)."""
    starts = [a for a, _ in intervals]
    n = len(intervals)
    suffix_end = [0] * (n + 1)
    suffix_end[n] = 1 << 62
    for i in range(n - 1, -1, -1):
        suffix_end[i] = min(intervals[i][1], suffix_end[i + 1])
    wide: set[tuple[int, int]] = set()
    for a, b in intervals:
        first_end = suffix_end[bisect_left(starts, a)]
        if first_end <= b and suffix_end[bisect_left(starts, first_end)] <= b:
            wide.add((a, b))
    return wide


def lines_to_slots(lines: Sequence[Line]) -> Slots:
    """The value columns of body ``lines``: overlapping grid spans of their values
    merged, a value spanning two separate columns ("n/a" across a row) left out."""
    intervals = sorted({(v.col, v.col_end) for line in lines for v in line.values})
    wide = _wide(intervals)
    slots: list[list[int]] = []
    for start, end in intervals:
        if (start, end) in wide:
            continue
        if slots and start < slots[-1][1]:
            slots[-1][1] = max(slots[-1][1], end)
        else:
            slots.append([start, end])
    return tuple((s, e) for s, e in slots)


def _overlap(item: Item, slot: tuple[int, int]) -> int:
    return min(item.col_end, slot[1]) - max(item.col, slot[0])


def _overlapping(item: Item, slots: Slots) -> range:
    """Indices of the slots an item overlaps (slots are disjoint and in order): the
    first slot ending after the item's first column up to the first starting at or
    after its end, two binary searches whatever the spans."""
    first = bisect_right(slots, item.col, key=lambda slot: slot[1])
    return range(first, bisect_left(slots, item.col_end, lo=first, key=lambda slot: slot[0]))


#: A value overlapping more value columns than this is placed among the first of them.
MAX_SLOTS_SCANNED = 64


def item_to_slot(item: Item, slots: Slots) -> int:
    """The value column an item sits in: the one it overlaps most, else the nearest."""
    found = _overlapping(item, slots)
    if found:
        return max(found[:MAX_SLOTS_SCANNED], key=lambda k: (_overlap(item, slots[k]), -k))
    k = found.start  # the first slot right of the item
    if k == 0:
        return 0
    if k == len(slots) or item.col - slots[k - 1][1] <= slots[k][0] - item.col_end:
        return k - 1
    return k


def header_to_grid_columns(
    header: Sequence[Item], slots: Slots
) -> tuple[tuple[tuple[Part, ...], ...], ScaleStatement | None, tuple[Item, ...]]:
    """Header cells over the value columns they overlap.

    Returns, as :func:`segmenter.header.header_to_columns` does, each column's
    label parts, the header's scale statement and the header cells given back
    to the body: a last header row with nothing over the value columns
    ("KNEES" above the knee sales rows, JNJ 10-K 2023) is a label-only row,
    unless it names a period ("Three Months Ended June 30, 2025" in the stub,
    XOM 10-Q 2025). A
    part's level is 2 over one column, 0 over every column and 1 in between.
    Header cells over no value column ("(Dollars in Millions)", "Asset
    Category:") name no column and are read for a scale only, unless they name
    a period ("years ended December 31 (in millions)" over the row labels, ABBV
    10-K 2024): that reaches every column, as a cell spanning them would.
    """
    statement: ScaleStatement | None = None
    rows = _rows([it for it in header if it.kind != "null"])
    giveback: list[Item] = []
    while rows and all(
        it.kind == "text" and not _overlapping(it, slots) and strip_scale(collapse(it.text))
        and not names_period(collapse(it.text))
        for it in rows[-1]
    ):
        giveback[:0] = rows.pop()
    parts: list[list[Part]] = [[] for _ in slots]
    for row in rows:
        for item in row:
            text, statement = read_header_cell(item, statement)
            if not text:
                continue
            targets = list(_overlapping(item, slots))
            if not targets and names_period(text):
                targets = list(range(len(slots)))
            if not targets:
                continue
            level = 2 if len(targets) == 1 else 0 if len(targets) == len(slots) else 1
            for k in targets:
                parts[k].append(Part(text, item.start, item.end, level))
    return tuple(dedupe_parts(p) for p in parts), statement, tuple(giveback)
