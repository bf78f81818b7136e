"""Raw table cells -> items -> lines: the first two links of the table chain.

``cells_to_items`` joins the cells a filer splits one number over ("$" +
"1,234", "(874,897" + ")", "12.5" + "%") and drops empty spacer cells;
``items_to_lines`` cuts the items into lines, each a label and the values
after it. Pipe text has lost the row breaks, so a line is all we can rebuild
from cells alone. Two mend-ups follow: ``cited_markers_to_markers`` takes a
"(2)" value cell that the row's label cites for its footnote marker, and
``gutter_dashes_to_lines`` drops the dashes a filer prints in the blank column
between column groups.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .numbers import CURRENCY_SYMBOLS, Number, is_null_token, text_to_number
from .patterns import ROW_MARKER_ONLY_RE, ROW_PAREN_DIGIT_MARKER_RE, ROW_TRAILING_MARKER_RE
from .types import RawCell

__all__ = ["Item", "Line", "cells_to_items", "cited_markers_to_markers", "collapse", "gutter_dashes_to_lines",
           "items_to_lines", "label_to_footnotes"]

_WS = re.compile(r"\s+")
# Zero-width characters some filers put in "empty" cells (AMC 10-Q 2023: U+200B in every spacer cell).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def collapse(text: str) -> str:
    return _WS.sub(" ", _INVISIBLE.sub("", text)).strip()



_collapse = collapse


# --- cells -> items -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """A non-empty cell after joining: a label text, a value or a null value.

    ``kind`` is ``"text"``, ``"value"`` or ``"null"``; ``text``/``start``/``end``
    are the main cell's (for a value, the number cell: ``"(874,897"``);
    ``index`` is that cell's position in the raw cell list; ``last_end`` is the
    end of the last cell taken in (a ``")"`` or ``"%"`` cell). ``row``, ``col``
    and ``col_end`` place it in the table's grid when the reader saw one (the
    columns of every cell taken in, "$" and ")" included), else -1.
    """

    kind: str
    text: str
    start: int
    end: int
    index: int
    last_end: int
    number: Number | None = None
    row: int = -1
    col: int = -1
    col_end: int = -1


_CURRENCY_ALT = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
# A cell that only opens a number: "$", "(", "$(", "($".
# One \s* on each side of the optional currency ("(?:CUR\s*)?"), never two in a row: two
# adjacent \s* split a long run of spaces in quadratically many ways when the match fails.
_PREFIX_RE = re.compile(rf"^(?P<o1>\()?\s*(?:(?P<cur>{_CURRENCY_ALT})\s*)?(?P<o2>\()?$", re.IGNORECASE)
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
    pending_col: int | None = None  # grid column of a "$" or "(" cell waiting for its number
    for index, cell in enumerate(cells):
        text = _collapse(cell.text)
        if not text:
            continue
        if _SUFFIX_RE.match(text):
            prev = items[-1] if items else None
            if prev is not None and prev.kind == "value" and prev.number is not None:
                joined = replace(prev.number, percent=True) if "%" in text else prev.number
                col_end = max(prev.col_end, cell.col_end) if prev.row == cell.row else prev.col_end
                items[-1] = replace(prev, number=joined, last_end=cell.end, col_end=col_end)
                continue
            if text != "%" or prev is None or prev.kind != "text":
                continue
            # "%" after words heads a column of rates: "Total Sales | %" (LOW 10-K)
        prefix = _PREFIX_RE.match(text)
        if prefix and (prefix.group("cur") or prefix.group("o1") or prefix.group("o2")):
            if prefix.group("cur"):
                pending_currency = CURRENCY_SYMBOLS[prefix.group("cur").lower()]
            pending_open = pending_open or bool(prefix.group("o1") or prefix.group("o2"))
            if pending_col is None:
                pending_col = cell.col
            continue
        col = cell.col if pending_col is None or pending_col < 0 else min(pending_col, cell.col)
        place = (cell.row, col, cell.col_end)
        number = text_to_number(text)
        if number is not None:
            if pending_currency and number.currency is None:
                number = replace(number, currency=pending_currency)
            if pending_open and not number.negative and not number.dash:
                number = replace(number, value=-number.value, negative=True)
            items.append(Item("value", cell.text, cell.start, cell.end, index, cell.end, number, *place))
        elif is_null_token(text):
            items.append(Item("null", cell.text, cell.start, cell.end, index, cell.end, None, *place))
        else:
            items.append(Item("text", cell.text, cell.start, cell.end, index, cell.end, None, *place))
        pending_currency, pending_open, pending_col = None, False, None
    return _footnote_numbers_to_text(items)


_FOOTNOTE_MIN_WORDS = 5


def _footnote_numbers_to_text(items: list[Item]) -> tuple[Item, ...]:
    """A "(1)" cell followed by a sentence ("Includes ... .") is a footnote's marker, not -1."""
    out = list(items)
    for i, item in enumerate(items[:-1]):
        nxt = items[i + 1]
        if (
            item.kind == "value"
            and ROW_PAREN_DIGIT_MARKER_RE.match(_collapse(item.text))
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


# Footnote markers at the end of a label or alone in a cell ("(i)", "(a)", "(1)", "*", "†",
# superscript digits) are segmenter.patterns' ROW_TRAILING_MARKER_RE and ROW_MARKER_ONLY_RE.
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def label_to_footnotes(text: str) -> tuple[str, tuple[str, ...]]:
    """A row label with white space collapsed and its trailing footnote markers split off.

    ``"Work-in-process(i)"`` -> ``("Work-in-process", ("i",))``; ``"Deletion*"``
    -> ``("Deletion", ("*",))``. A label that is only a marker is kept whole.
    """
    label = _collapse(text)
    markers: list[str] = []
    while True:
        m = ROW_TRAILING_MARKER_RE.search(label)
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
                and ROW_MARKER_ONLY_RE.match(_collapse(item.text))
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


def _usual_width(lines: Sequence[Line]) -> int | None:
    """The number of values most labelled rows have (ties: the fewer); None without such rows."""
    widths = Counter(len(line.values) for line in lines if line.label is not None and line.values)
    if not widths:
        return None
    return min(widths.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _is_gutter(values: Sequence[Item], groups: int) -> bool:
    """Whether ``values`` are ``groups`` equal runs with one dash between each two."""
    size, rest = divmod(len(values) - (groups - 1), groups)
    if rest or size < 1:
        return False
    return all(values[k * (size + 1) - 1].number is not None and values[k * (size + 1) - 1].number.dash
               for k in range(1, groups))


#: Gutter dashes are read only between this many column groups or more.
_GUTTER_MIN_GROUPS = 3


def gutter_dashes_to_lines(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Rows wider than the table's other rows by a dash in each gap between column groups
    lose those dashes: "Continuing operations - net periodic expense (income) | (1,108) |
    (118) | (144) | — | 376 | ..." prints a dash in the blank column between each plan
    year's three plans (GE 10-K 2023 pipe text), nine values and two gutter dashes where
    every other row has nine. A width that some row reaches without such dashes is a
    width of its own (a stacked part's), left alone."""
    usual = _usual_width(lines)
    if usual is None or usual < 2:
        return tuple(lines)
    wider: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.label is not None and len(line.values) > usual:
            wider.setdefault(len(line.values), []).append(i)
    out = list(lines)
    for width, rows in wider.items():
        groups = width - usual + 1
        # one dash between two groups is too common by chance: a dash cell at the middle of
        # a row that has a page number after it ("Total ... | (7,620.8) | 18.2 | — |
        # (7,602.6) | 80", SJM 10-K 2024)
        if groups < _GUTTER_MIN_GROUPS or not all(_is_gutter(lines[i].values, groups) for i in rows):
            continue
        size = usual // groups
        for i in rows:
            out[i] = replace(lines[i], values=tuple(v for k, v in enumerate(lines[i].values)
                                                    if (k + 1) % (size + 1)))
    return tuple(out)


def cited_markers_to_markers(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A "(2)" value cell whose row label cites "(2)" is the footnote's marker, when the
    row has more values than the table's other rows and is as wide as they are without
    such cells: JNJ 10-K "0.650% Notes due 2024 (750MM Euro 1.1090)(2)/(750MM Euro
    1.0651)(3) | 831 | (2) | 0.68 | 792 | (3) | 0.68" among rows of four values."""
    usual = _usual_width(lines)
    if usual is None:
        return tuple(lines)
    out = list(lines)
    for i, line in enumerate(lines):
        if line.label is None or len(line.values) <= usual:
            continue
        label = line.label.text
        cited = [k for k, v in enumerate(line.values)
                 if k > 0 and v.kind == "value" and ROW_PAREN_DIGIT_MARKER_RE.match(_collapse(v.text))
                 and _collapse(v.text) in label]
        if cited and len(line.values) - len(cited) == usual:
            drop = set(cited)
            out[i] = replace(line, values=tuple(v for k, v in enumerate(line.values) if k not in drop),
                             markers=line.markers + tuple(_collapse(line.values[k].text).strip("()") for k in cited))
    return tuple(out)
