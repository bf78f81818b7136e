"""Items of an HTML walk (lines, tables, page breaks) -> exposed text and blocks.

The exposed text is written here, so every offset is exact by construction:
a paragraph is one line, a table cell is one ``|cell`` line (empty spacer
cells included, so "$" and ")" keep their own cells for the table parser to
join), and a blank line sets each table apart. Blocks come out in the shape
:func:`segmenter.pipetext.text_to_blocks` gives:

``cells``      a data table (``kind="table"``), its cells as ``RawCell``\\ s
``footnote``   a table row holding a marker and prose ("(1) | Includes ...")
``cell-line``  a cell of a layout table (a title in a one-cell table) or an R page's title cell
``viewer``     XBRL-viewer furniture ("6 Months Ended", "[Abstract]" rows)
``page``       page furniture: page numbers, "Table of Contents" links, running headers
``lines``      a paragraph

Two repairs happen on the way: a bare note number and the short title after
it ("Note 5." + "Inventories", set in two elements on one visual line) become
one line, and lines at page breaks that repeat from page to page become
``page`` furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .patterns import HTML_MARKER_CELL_RE, PAGE_NUMBER_RE, PIPE_NUMBER_CELL_RE, SCALE_PHRASE_RE, TOC_PHRASES
from .pipetext import is_footnote_paragraph
from .types import Block, RawCell

__all__ = ["Break", "Line", "TableItem", "items_to_blocks"]

DECIDED_BY = "reader"

#: A bullet cell of a list set as a table (Toppan Merrill, Donnelley).
_BULLET = re.compile(r"[\u2022\u25cf\u25e6\u25aa\u25a0\u00b7\uf0b7\uf0a7]\Z")
#: A line that is only a note number: "5.", "Note 5", "NOTE C:", "(5)", "Note 5 -".
_BARE_NOTE = re.compile(
    r"(?:(?i:note)\s+)?\(?(?:\d{1,3}(?:\.\d{1,2})?[A-Z]?|[IVXLC]{1,6}|[A-Z])\)?\s*[.:\-\u2013\u2014]?\Z"
)
_WORDS = re.compile(r"[a-z]+")
#: Running headers: how many lines on each side of a page break are looked at,
#: the longest such line, and in how many page breaks' windows it must recur.
PAGE_WINDOW = 2
MAX_FURNITURE_CHARS = 160
MIN_REPEATS = 3
#: A page header or footer set as several lines: the most lines looked at on each side.
MAX_HEADER_LINES = 4
#: A cell-like line longer than this is a paragraph set in a layout table.
MAX_CELL_LINE = 200
MAX_TITLE_CHARS = 120


@dataclass(frozen=True, slots=True)
class Line:
    """A line of visible text. ``cell``: written as a ``|cell`` line; ``link_only``:
    all its text sits in internal links (a "Table of Contents" link); ``hint``
    forces the block's hint; ``emphasised``: all of it is bold, all italic or
    all underlined."""

    text: str
    link_only: bool = False
    cell: bool = False
    hint: str | None = None
    emphasised: bool = False


@dataclass(frozen=True, slots=True)
class TableItem:
    """A data table's non-empty rows, each its cells' texts (lines joined by ``\\n``),
    and where each cell sits in the table's grid: ``places[r][c]`` is the
    ``(first, end)`` grid columns of row ``r``'s cell ``c`` (empty when unknown)."""

    rows: tuple[tuple[str, ...], ...]
    places: tuple[tuple[tuple[int, int], ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Break:
    """A page break: an ``<hr>`` or an element styled ``page-break-before/after``."""


Item = Line | TableItem | Break


# --------------------------------------------------------------------------- tests on text


def _is_number(s: str) -> bool:
    return bool(s) and PIPE_NUMBER_CELL_RE.match(s) is not None


def _is_prose(s: str) -> bool:
    return len(s) >= 20 and sum(1 for w in s.split() if w[:1].islower()) >= 3


def _full(row: Sequence[str]) -> list[str]:
    return [c for c in row if c]


def _is_footnote_row(row: Sequence[str]) -> bool:
    """A marker cell then prose: "(1) | Includes the effect of ..." (Workiva footnote tables)."""
    full = _full(row)
    return len(full) >= 2 and HTML_MARKER_CELL_RE.match(full[0]) is not None and all(_is_prose(c) for c in full[1:])


def _is_bullet_row(row: Sequence[str]) -> bool:
    full = _full(row)
    return len(full) == 2 and _BULLET.match(full[0]) is not None


def _is_page_number(s: str) -> bool:
    return PAGE_NUMBER_RE.fullmatch(s) is not None


# --------------------------------------------------------------------------- item repairs


def table_to_items(table: TableItem) -> list[Line | TableItem]:
    """A table as lines when it is layout (no numbers, one cell a row, or a
    bulleted list) or as itself; a single-row "5. | INVENTORIES" heading joins."""
    rows = table.rows
    cells = [c for r in rows for c in r if c]
    if all(_is_bullet_row(r) for r in rows):
        return [Line(" ".join(_full(r))) for r in rows]
    if len(rows) == 1:
        full = _full(rows[0])
        if 2 <= len(full) <= 3 and _BARE_NOTE.match(full[0]) and not any(_is_number(c) for c in full[1:]):
            return [Line(" ".join(full))]
    numeric = any(_is_number(c) for c in cells)
    if not numeric and (len(cells) <= 3 or all(len(_full(r)) <= 1 for r in rows)):
        if all(_is_footnote_row(r) for r in rows):
            return [table]
        return [Line(c, cell=len(c) <= MAX_CELL_LINE) for c in cells]
    return [table]


def _furniture_key(text: str) -> str:
    """The words of a line, sorted, without its numbers: odd and even pages' footers
    ("97 | 2024 Form 10-K", "2024 Form 10-K | 98", AbbVie 10-K 2024) share one key."""
    return " ".join(sorted(set(_WORDS.findall(text.lower()))))


#: "Item 2." alone on its line, its title in the next cell (CSCO 10-Q): Items start new
#: pages, so "item" recurs at page edges, but the line heads Part I's next Item and
#: closes the notes; taken for a running header, it let the last note run on through
#: the MD&A.
_ITEM_NUMBER_LINE = re.compile(r"(?i)\W*item\s+\d{1,2}[a-c]?\W*")


def _never_furniture(text: str) -> bool:
    """A line kept from page furniture: it states a scale, or it is an Item's number."""
    return SCALE_PHRASE_RE.search(text) is not None or _ITEM_NUMBER_LINE.fullmatch(text) is not None


def _furniture(items: Sequence[Item]) -> set[int]:
    """Indices of lines that are page furniture."""
    marked: set[int] = set()
    breaks = [i for i, it in enumerate(items) if isinstance(it, Break)]
    windows: dict[str, set[int]] = {}
    near: list[tuple[int, str]] = []
    for b in breaks:
        for step in (-1, 1):
            j, seen = b + step, 0
            while 0 <= j < len(items) and seen < PAGE_WINDOW:
                it = items[j]
                if not isinstance(it, Line):
                    break
                if len(it.text) <= MAX_FURNITURE_CHARS and not _never_furniture(it.text):
                    key = _furniture_key(it.text)
                    if key:
                        windows.setdefault(key, set()).add(b)
                        near.append((j, key))
                    if it.link_only and it.text.lower() in TOC_PHRASES or _is_page_number(it.text):
                        marked.add(j)
                seen += 1
                j += step
    totals = Counter(_furniture_key(it.text) for it in items if isinstance(it, Line))
    for j, key in near:
        n = len(windows[key])
        # Recurs at page edges and (almost) only there: "Apple Inc. | Q3 2025 Form 10-Q | 12".
        if n >= MIN_REPEATS and n * 5 >= totals[key] * 4:
            marked.add(j)
    marked |= _repeated_edge_blocks(items, breaks)
    for i, it in enumerate(items):
        if isinstance(it, Line) and it.hint is None and (_is_page_number(it.text) or it.text.lower() == "table of contents"):
            marked.add(i)
    return marked


def _edge_run(items: Sequence[Item], b: int, step: int) -> list[tuple[int, str]]:
    """The short lines next to the page break at ``b``, on one side, with their keys
    (up to :data:`MAX_HEADER_LINES`; a page number is skipped, not counted)."""
    run: list[tuple[int, str]] = []
    j = b + step
    while 0 <= j < len(items) and len(run) < MAX_HEADER_LINES:
        it = items[j]
        if not isinstance(it, Line) or len(it.text) > MAX_FURNITURE_CHARS or _never_furniture(it.text):
            break
        if not _is_page_number(it.text):
            run.append((j, _furniture_key(it.text)))
        j += step
    return run


def _repeated_edge_blocks(items: Sequence[Item], breaks: Sequence[int]) -> set[int]:
    """Lines of a header or footer block of two lines or more that opens (or closes)
    :data:`MIN_REPEATS` pages or more, line for line: "PFIZER INC. AND SUBSIDIARY
    COMPANIES." / "NOTES TO CONDENSED CONSOLIDATED FINANCIAL STATEMENTS" /
    "(UNAUDITED)" after every page break (PFE 10-Q 2023). Its lines may also stand
    elsewhere (the notes heading itself), which the one-line rule does not allow."""
    marked: set[int] = set()
    for step in (1, -1):
        runs = [_edge_run(items, b, step) for b in breaks]
        counts: Counter[tuple[str, ...]] = Counter()
        for run in runs:
            keys = tuple(k for _, k in run)
            counts.update(keys[:n] for n in range(2, len(keys) + 1))
        for run in runs:
            keys = tuple(k for _, k in run)
            n = max((n for n in range(2, len(keys) + 1) if counts[keys[:n]] >= MIN_REPEATS), default=0)
            marked.update(j for j, _ in run[:n])
    return marked


def _edge_tables_to_lines(items: list[Item]) -> list[Item]:
    """A one-row table of a few cells next to a page break is a running footer set
    as a table ("2024 Form 10-K | 2", AbbVie 10-K 2024): it becomes one line."""
    out = list(items)
    for b, it in enumerate(items):
        if not isinstance(it, Break):
            continue
        for step in (-1, 1):
            j = b + step
            for _ in range(PAGE_WINDOW):
                if not 0 <= j < len(out) or isinstance(out[j], Break):
                    break
                cand = out[j]
                if isinstance(cand, TableItem) and len(cand.rows) == 1:
                    full = _full(cand.rows[0])
                    text = " ".join(" ".join(c.split()) for c in full)
                    if len(full) <= 3 and len(text) <= MAX_FURNITURE_CHARS:
                        out[j] = Line(text)
                j += step
    return out


def _merge_split_headings(items: list[Item]) -> list[Item]:
    """"Note 5." then "Inventories" (two elements, one visual line) -> one line."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            isinstance(it, Line) and isinstance(prev, Line) and it.hint is None and prev.hint is None
            and _BARE_NOTE.match(prev.text) and len(it.text) <= MAX_TITLE_CHARS
            and not _is_number(it.text) and any(ch.isalpha() for ch in it.text)
            and it.text[-1] not in ".;"
        ):
            out[-1] = Line(f"{prev.text} {it.text}", cell=prev.cell and it.cell,
                           emphasised=prev.emphasised and it.emphasised)
            continue
        out.append(it)
    return out


def items_to_lines(items: Sequence[Item]) -> list[Item]:
    """Layout tables to lines, page furniture hinted ``page``, split headings joined."""
    flat: list[Item] = []
    for it in items:
        flat.extend(table_to_items(it) if isinstance(it, TableItem) else [it])
    flat = _edge_tables_to_lines([it for k, it in enumerate(flat)
                                  if not (isinstance(it, Break) and k and isinstance(flat[k - 1], Break))])
    page = _furniture(flat)
    hinted: list[Item] = [Line(it.text, it.link_only, it.cell, "page") if i in page else it
                          for i, it in enumerate(flat)]
    return _merge_split_headings([it for it in hinted if not isinstance(it, Break)])


# --------------------------------------------------------------------------- writing


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []

    def write(self, s: str) -> int:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start

    def cells(self, row: Sequence[str], places: Sequence[tuple[int, int]] = (), index: int = -1) -> list[RawCell]:
        """One ``|cell`` line a cell; an empty cell sits right after its pipe. With
        ``places``, each cell keeps its row ``index`` and grid columns."""
        out = []
        parts, pos = self.parts, self.pos
        for k, text in enumerate(row):
            start = pos + 1
            end = start + len(text)
            parts.append(f"|{text}\n")
            col, col_end = places[k] if places else (-1, -1)
            out.append(RawCell(text, start, end, index if places else -1, col, col_end))
            pos = end + 1
        self.pos = pos
        return out

    def line(self, it: Line) -> None:
        hint = it.hint or ("cell-line" if it.cell else "lines")
        kind = "boilerplate" if hint in ("viewer", "page") else "text"
        if hint == "lines" and is_footnote_paragraph(it.text, self.blocks):
            # "(1)Recorded in Other Income/Expense" under a table (JNJ 10-K), as pipe text reads it
            hint, kind = "footnote", "footnote"
        if it.cell:
            pipe = self.write("|")
            start = self.write(it.text)
            self.write("\n")
            self.blocks.append(Block(kind=kind, start=pipe, end=start + len(it.text), text=it.text, hint=hint,
                                     cells=(RawCell(it.text, start, start + len(it.text)),), decided_by=DECIDED_BY))
        else:
            start = self.write(it.text)
            self.write("\n")
            self.blocks.append(Block(kind=kind, start=start, end=start + len(it.text), text=it.text, hint=hint,
                                     decided_by=DECIDED_BY, emphasised=it.emphasised))

    def table(self, table: TableItem) -> None:
        """A table's rows; leading and trailing footnote rows become footnote blocks."""
        rows, places = table.rows, table.places
        lo, hi = 0, len(rows)
        while hi > lo and _is_footnote_row(rows[hi - 1]):
            hi -= 1
        if hi == lo:  # a footnote table: one block a row
            for row in rows:
                self._row_block(row, "footnote", "footnote")
            return
        body: list[RawCell] = []
        for r in range(lo, hi):
            body.extend(self.cells(rows[r], places[r] if places else (), r))
        self._cells_block(body, "cells", "table")
        for row in rows[hi:]:
            self._row_block(row, "footnote", "footnote")

    def _row_block(self, row: Sequence[str], hint: str, kind: str) -> None:
        self._cells_block(self.cells(row), hint, kind)

    def _cells_block(self, cells: list[RawCell], hint: str, kind: str) -> None:
        # A cell's pipe sits right before its content (or at start - 1 when empty).
        start = cells[0].start - 1
        text = " | ".join(" ".join(c.text.split()) for c in cells if c.text)
        self.blocks.append(Block(kind=kind, start=start, end=cells[-1].end, text=text, hint=hint,
                                 cells=tuple(cells), decided_by=DECIDED_BY))


def items_to_blocks(items: Sequence[Item]) -> tuple[str, list[Block]]:
    """(exposed text, blocks in text order) of the walk's items."""
    w = _Writer()
    prev_table = False
    for it in items_to_lines(items):
        if isinstance(it, TableItem):
            if w.pos:
                w.write("\n")
            w.table(it)
            prev_table = True
            continue
        if prev_table:
            w.write("\n")
            prev_table = False
        assert isinstance(it, Line)
        w.line(it)
    return "".join(w.parts), w.blocks
