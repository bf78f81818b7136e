"""Pipe text -> blocks: cell runs, re-joined paragraphs and XBRL-viewer tails.

Pipe text is what an HTML-to-text converter leaves of a filing: every table
cell begins with ``|`` at the start of a line, row boundaries are gone, and
narrative keeps the source's line breaks. :func:`text_to_blocks` reads it
line by line (linear time, no unbounded backtracking) and returns
:class:`~segmenter.types.Block` objects in source order whose ``[start, end)``
ranges cover every non-white-space character exactly once.

Hints (the reader's structural guess; the classifier decides ``kind`` later):

``cells``      a run of cells holding a table (``kind="table"``)
``footnote``   a marker cell plus prose cell(s), or a marker paragraph after a table
``cell-line``  a cell of a short run without numbers, often a heading
``viewer``     XBRL-viewer furniture: the ``|X`` definition tail and R-page header cells
``lines``      a narrative paragraph

The rules cite the seed notes they came from: seed 000 (a 6-K inventory note,
content on the pipe's line), seed 001 (an R page: header cells, narrative and
the ``|X`` tail) and seed 002 (a segment note, content on the line after the
pipe, cells closed by `` |``).

Choices the seeds do not settle: a blank line ends both the paragraph and the
cell run; the ``|X`` tail lasts until a pipe line that is neither ``|X`` nor a
definition line (or the end); in a run holding numbers only leading
``[Abstract]``-style cells are split off, so R-page column headers such as
"12 Months Ended" stay with their table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import RuleError
from .patterns import PIPE_MARKER_CELL_RE, PIPE_MARKER_PARA_RE, PIPE_NUMBER_CELL_RE
from .types import Block, RawCell

__all__ = ["PipeTextSettings", "text_to_blocks"]

DECIDED_BY = "reader"

# Number cells ("1,677,440", "(874,897") and footnote markers ("|(i)", "(1) Includes ...")
# are the shared vocabularies of segmenter.patterns: PIPE_NUMBER_CELL_RE,
# PIPE_MARKER_CELL_RE and PIPE_MARKER_PARA_RE.
#: A line that is only a note number: "5.", "Note 5", "NOTE C:", "(5)" (seed 000 "5.\nINVENTORIES, NET").
_BARE_NOTE = re.compile(
    r"(?:(?i:note)\s+)?\(?(?:\d{1,3}(?:\.\d{1,2})?[A-Z]?|[IVXLC]{1,6}|[A-Z])\)?[.:\-\u2013\u2014]?\Z"
)
#: R-page header cells (seed 001 "|12 Months Ended\nDec. 31, 2022").
_MONTHS_ENDED = re.compile(r"\d{1,2} Months Ended\b")
#: R-page element labels (seed 001 "Disclosure Of Financial Instrument [Abstract]").
_BRACKET_LABEL = re.compile(
    r"\[(?:Abstract|Line Items|Table|Axis|Member|Domain|Roll Forward|Text Block|Policy Text Block)\]\Z"
)
#: The line after "|X" that opens an XBRL-viewer definition (seed 001 tail).
_VIEWER_OPENERS = ("- Definition", "+ Definition", "- References", "+ References", "+ Details")
#: A date header cell of an R page ("Mar. 29, 2025" after "6 Months Ended").
_DATE_CELL = re.compile(r"[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\Z")
_SENTENCE_END = ".:;?!"


@dataclass(frozen=True, slots=True)
class PipeTextSettings:
    """Tunables of the pipe-text reader.

    ``short_line``: a line or cell shorter than this may be a broken header
    ("As" / "of" / "June 30, 2025", seed 000). ``max_header_lines``: most lines
    one header cell may span. ``prose_min_chars`` / ``prose_min_lower_words``:
    what makes a cell prose (a footnote body). ``cell_line_max_cells``: a run
    without numbers and at most this many non-empty cells is emitted cell by
    cell. ``max_stray_chars``: longest letter-free line after a closed cell
    that is still a cell (seed 002's ")" after "(356 |").
    """

    short_line: int = 40
    max_header_lines: int = 4
    prose_min_chars: int = 40
    prose_min_lower_words: int = 5
    cell_line_max_cells: int = 3
    max_stray_chars: int = 12

    def __post_init__(self) -> None:
        for name in ("short_line", "max_header_lines", "prose_min_chars", "prose_min_lower_words",
                     "cell_line_max_cells", "max_stray_chars"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise RuleError(f"PipeTextSettings.{name} must be a positive int, got {value!r}", stage="blocks")


# --------------------------------------------------------------------------- scanning


@dataclass(slots=True)
class _Line:
    """One source line: ``a``/``b`` bound its stripped content (``a == b`` when blank)."""

    a: int
    b: int
    s: str
    pipe: bool


@dataclass(slots=True)
class _CellAcc:
    """A cell being read. ``span_*`` covers its pipe(s) too; ``start``/``end`` its content."""

    span_start: int
    span_end: int
    start: int = -1
    end: int = -1
    last_line: str = ""
    closed: bool = False


def _split_lines(text: str) -> list[_Line]:
    """Every line of ``text`` with the offsets of its stripped content."""
    out: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.splitlines()[0]
        lead = len(body) - len(body.lstrip())
        s = body.strip()
        a = pos + lead
        out.append(_Line(a, a + len(s), s, s.startswith("|")))
        pos += len(raw)
    return out


def _closer(text: str, a: int, b: int) -> tuple[int, int, int]:
    """(content start, content end, closing-pipe offset or -1) of ``text[a:b]``.

    A segment ending in " |" (seed 002 "950 |", "| SEGMENT REPORTING |") or
    consisting of "|" alone (seed 002 "| |") has its last pipe as a closer.
    """
    seg = text[a:b]
    s = seg.strip()
    lead = len(seg) - len(seg.lstrip())
    ca, cb = a + lead, a + lead + len(s)
    if s.endswith("|") and (len(s) == 1 or s[-2].isspace()):
        close = cb - 1
        inner = text[ca:close].rstrip()
        return ca, ca + len(inner), close
    return ca, cb, -1


class _Scanner:
    """Line-by-line state machine: lines -> items ("run", cells) / ("para", lines) / ("viewer", lines)."""

    def __init__(self, text: str, settings: PipeTextSettings) -> None:
        self.text = text
        self.st = settings
        self.lines = _split_lines(text)
        n = len(self.lines)
        # Index of the next non-blank line after i (n if none): lookahead for "|X" without rescanning.
        self.next_nonblank = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.next_nonblank[i] = i + 1 if i + 1 < n and self.lines[i + 1].s else self.next_nonblank[i + 1]
        self.items: list[tuple[str, list]] = []
        self.run: list[_CellAcc] = []
        self.para: list[_Line] = []
        self.viewer: list[_Line] = []
        self.in_viewer = False

    # -- flushing
    def _flush_para(self) -> None:
        if self.para:
            self.items.append(("para", self.para))
            self.para = []

    def _flush_run(self) -> None:
        if self.run:
            self._close_cell()
            self.items.append(("run", self.run))
            self.run = []

    def _flush_viewer(self) -> None:
        if self.viewer:
            self.items.append(("viewer", self.viewer))
            self.viewer = []

    def _open_cell(self) -> _CellAcc | None:
        if self.run and not self.run[-1].closed:
            return self.run[-1]
        return None

    def _close_cell(self) -> None:
        cell = self._open_cell()
        if cell is not None:
            cell.closed = True

    # -- tests on lines
    def _is_viewer_start(self, i: int) -> bool:
        """Seed 001: "|X" followed by "- Definition" / "+ References" opens the viewer tail."""
        line = self.lines[i]
        if not line.pipe or line.s[1:].strip() != "X":
            return False
        j = self.next_nonblank[i]
        return j < len(self.lines) and _is_viewer_opener(self.lines[j].s)

    def _cell_ends_soon(self, i: int) -> bool:
        """Rule 2a: lines from i up to the next pipe line (or the end) fit in one cell.

        One line followed by a pipe line is content whatever its length (seed 002
        "|\\nAmortization of operating lease right-of-use asset\\n|"); several lines
        must all be short (seed 000 "|\\nAs\\nof\\nJune 30, 2025\\n|").
        """
        lines, n = self.lines, len(self.lines)
        if i + 1 >= n or lines[i + 1].pipe or _closer(self.text, lines[i].a, lines[i].b)[2] >= 0:
            return True
        for j in range(i, min(n, i + self.st.max_header_lines)):
            line = lines[j]
            if not line.s or len(line.s) >= self.st.short_line:
                return False
            if j + 1 >= n or lines[j + 1].pipe:
                return True
        return False

    def _continues(self, cell: _CellAcc, i: int) -> bool:
        """Rule 2b: does non-pipe line i continue the open, non-empty cell?"""
        # Only the cell's last line and its length are read, so a long cell costs O(1) per line.
        size = cell.end - cell.start
        s = self.lines[i].s
        if cell.last_line[-1] in _SENTENCE_END:
            return False
        if size == len(cell.last_line) and PIPE_NUMBER_CELL_RE.match(cell.last_line):  # a complete number
            return False
        if s[0].islower():  # seed 000 "|Less: inventory impairment\nprovision"
            return True
        if s[0].isdigit() and size >= self.st.prose_min_chars:
            # seed 000 last footnote: "... for the years ended of December\n31, 2024, 2023 and 2022."
            return True
        # seed 000 "|As\nof\nDecember 31, 2024", seed 001 "|12 Months Ended\nDec. 31, 2022"
        return size < self.st.short_line and len(s) < self.st.short_line and self._cell_ends_soon(i)

    def _is_stray_cell(self, i: int) -> bool:
        """Seed 002: a letter-free line like ")" after "(356 |" still belongs to the run."""
        lines = self.lines
        s = lines[i].s
        if len(s) > self.st.max_stray_chars or any(ch.isalpha() for ch in s):
            return False
        return i + 1 >= len(lines) or lines[i + 1].pipe or _closer(self.text, lines[i].a, lines[i].b)[2] >= 0

    def _joins(self, prev: str, s: str) -> bool:
        """Rule 3: does narrative line ``s`` continue the paragraph whose last line is ``prev``?"""
        if s[0].islower():  # seed 000 "Movement\nof inventory impairment provision is as below:"
            return True
        if _BARE_NOTE.match(prev):  # seed 000 "5.\nINVENTORIES, NET"
            return True
        return _all_caps(prev) and _all_caps(s)  # seed 000 "SCHEDULE\nOF INVENTORY"

    # -- feeding content
    def _add_content(self, cell: _CellAcc, a: int, b: int) -> None:
        ca, cb, close = _closer(self.text, a, b)
        if cb > ca:
            if cell.start < 0:
                cell.start = ca
            cell.end = cb
            cell.last_line = self.text[ca:cb]
            cell.span_end = max(cell.span_end, cb)
        if close >= 0:
            cell.span_end = close + 1
            cell.closed = True

    def scan(self) -> list[tuple[str, list]]:
        """Items in source order."""
        for i, line in enumerate(self.lines):
            if self.in_viewer:
                if line.pipe and line.s[1:].strip() == "X":
                    self._flush_viewer()
                    self.viewer.append(line)
                    continue
                if not line.pipe or _is_viewer_opener(line.s):
                    if line.s:
                        self.viewer.append(line)
                    continue
                self._flush_viewer()  # another pipe line: viewer content is over
                self.in_viewer = False
            if not line.s:
                # A blank line breaks paragraphs and ends the cell run.
                self._flush_para()
                self._flush_run()
                continue
            if line.pipe:
                self._flush_para()
                if self._is_viewer_start(i):
                    self._flush_run()
                    self.in_viewer = True
                    self.viewer.append(line)
                    continue
                self._close_cell()
                cell = _CellAcc(span_start=line.a, span_end=line.a + 1)
                self.run.append(cell)
                self._add_content(cell, line.a + 1, line.b)
                continue
            cell = self._open_cell()
            if cell is not None:
                if cell.start < 0 and self._cell_ends_soon(i):
                    self._add_content(cell, line.a, line.b)  # rule 2a (seed 002 "|\n2025\n|")
                    continue
                if cell.start >= 0 and self._continues(cell, i):
                    self._add_content(cell, line.a, line.b)  # rule 2b
                    continue
            elif self.run and self._is_stray_cell(i):
                stray = _CellAcc(span_start=line.a, span_end=line.a)
                self.run.append(stray)
                self._add_content(stray, line.a, line.b)
                stray.closed = True
                continue
            # Rule 2c / 3: narrative.
            self._flush_run()
            if self.para and self._joins(self.para[-1].s, line.s):
                self.para.append(line)
            else:
                self._flush_para()
                self.para.append(line)
        self._flush_viewer()
        self._flush_para()
        self._flush_run()
        return self.items


# --------------------------------------------------------------------------- tests on text


def _collapse(s: str) -> str:
    return " ".join(s.split())


def _all_caps(s: str) -> bool:
    letters = 0
    for ch in s:
        if ch.isalpha():
            if ch.islower():
                return False
            letters += 1
    return letters >= 2


def _is_number(s: str) -> bool:
    return bool(s) and PIPE_NUMBER_CELL_RE.match(s) is not None


def _is_viewer_opener(s: str) -> bool:
    """"- Definition" / "+ References" ..., also when a converter put it in a cell ("|- References")."""
    return s.lstrip("|").lstrip().startswith(_VIEWER_OPENERS)


def _is_viewer_cell(s: str) -> bool:
    return _MONTHS_ENDED.match(s) is not None or _BRACKET_LABEL.search(s.rstrip()) is not None


def _viewer_flags(cells: list[_Cell]) -> list[bool]:
    """Per cell: is it R-page header furniture? Date cells right after "6 Months Ended" count too."""
    flags = [False] * len(cells)
    in_period = False
    for k, c in enumerate(cells):
        s = c.raw.text
        if not s:
            continue
        if _MONTHS_ENDED.match(s):
            flags[k] = in_period = True
        elif in_period and _DATE_CELL.match(s):
            flags[k] = True
        else:
            flags[k] = _BRACKET_LABEL.search(s.rstrip()) is not None
            in_period = False
    return flags


def _is_prose(s: str, st: PipeTextSettings) -> bool:
    """A long cell of mostly lower-case words: a footnote body (seed 000 "|Work-in-process\\nprimarily ...")."""
    if len(s) < st.prose_min_chars or _is_number(s):
        return False
    return sum(1 for w in s.split() if w[0].islower()) >= st.prose_min_lower_words


def _is_footnote_pair(marker: str, body: str, st: PipeTextSettings) -> bool:
    """A marker cell followed by a prose cell (seed 000 "|(i)\n|Work-in-process\nprimarily ...").

    A bare digit ("1") is also a value, so its prose must end a sentence: a long
    row label after a value of 1 is not a footnote.
    """
    if not PIPE_MARKER_CELL_RE.match(marker) or not _is_prose(body, st):
        return False
    return not marker.isdigit() or body.rstrip()[-1] in ".;!?"


# --------------------------------------------------------------------------- cells -> blocks


@dataclass(frozen=True, slots=True)
class _Cell:
    raw: RawCell
    span_start: int
    span_end: int


def _cells_from(acc: list[_CellAcc], text: str) -> list[_Cell]:
    out = []
    for c in acc:
        if c.start >= 0:
            raw = RawCell(text[c.start:c.end], c.start, c.end)
        else:  # empty: placed right after its pipe
            raw = RawCell("", c.span_start + 1, c.span_start + 1)
        out.append(_Cell(raw, c.span_start, max(c.span_end, raw.end)))
    return out


def _block(cells: list[_Cell], hint: str, kind: str) -> Block:
    texts = [_collapse(c.raw.text) for c in cells if c.raw.text]
    return Block(
        kind=kind,
        start=cells[0].span_start,
        end=cells[-1].span_end,
        text=" | ".join(texts),
        hint=hint,
        cells=tuple(c.raw for c in cells),
        decided_by=DECIDED_BY,
    )


def _split_footnotes(cells: list[_Cell], st: PipeTextSettings) -> list[tuple[bool, list[_Cell]]]:
    """(is_footnote, cells) segments: a marker cell followed by prose cell(s) is a footnote.

    Empty cells stay with the segment before them (seed 000 "|1,428,197\\n|\\n|(i)").
    """
    full = [k for k, c in enumerate(cells) if c.raw.text]
    starts: dict[int, int] = {}  # footnote start index -> end index (exclusive, before next content)
    p = 0
    while p < len(full) - 1:
        k, nxt = full[p], full[p + 1]
        if _is_footnote_pair(cells[k].raw.text, cells[nxt].raw.text, st):
            q = p + 2
            while q < len(full) and _is_prose(cells[full[q]].raw.text, st) and not PIPE_MARKER_CELL_RE.match(cells[full[q]].raw.text):
                q += 1
            starts[k] = full[q] if q < len(full) else len(cells)
            p = q
        else:
            p += 1
    segments: list[tuple[bool, list[_Cell]]] = []
    i = 0
    rest: list[_Cell] = []
    while i < len(cells):
        if i in starts:
            if rest:
                segments.append((False, rest))
                rest = []
            segments.append((True, cells[i:starts[i]]))
            i = starts[i]
        else:
            rest.append(cells[i])
            i += 1
    if rest:
        segments.append((False, rest))
    # A segment of empty cells only joins its neighbour: its pipes need a block.
    merged: list[tuple[bool, list[_Cell]]] = []
    pending: list[_Cell] = []
    for is_fn, seg in segments:
        if not any(c.raw.text for c in seg):
            if merged:
                merged[-1] = (merged[-1][0], merged[-1][1] + seg)
            else:
                pending.extend(seg)
            continue
        merged.append((is_fn, pending + seg))
        pending = []
    if pending:
        merged.append((False, pending))
    return merged


def _per_cell_blocks(cells: list[_Cell]) -> list[Block]:
    """One block per non-empty cell (empty cells join the block before, leading ones the first)."""
    flags = _viewer_flags(cells)
    groups: list[tuple[bool, list[_Cell]]] = []
    lead: list[_Cell] = []
    for k, c in enumerate(cells):
        if c.raw.text:
            groups.append((flags[k], lead + [c]))
            lead = []
        elif groups:
            groups[-1][1].append(c)
        else:
            lead.append(c)
    return [_block(g, "viewer", "boilerplate") if viewer else _block(g, "cell-line", "text") for viewer, g in groups]


def _segment_to_blocks(cells: list[_Cell], before_footnote: bool, st: PipeTextSettings) -> list[Block]:
    """Blocks of a non-footnote segment of a cell run."""
    full = [k for k, c in enumerate(cells) if c.raw.text]
    if not full:  # a run of bare pipes: nothing to read, but the pipes need a block
        return [_block(cells, "cells", "boilerplate")]
    numeric = [k for k in full if _is_number(cells[k].raw.text)]
    if not numeric:
        flags = _viewer_flags(cells)
        plain = [k for k in full if not flags[k]]
        if len(plain) <= st.cell_line_max_cells:  # seed 001 header cells, seed 002 "| SEGMENT REPORTING |"
            return _per_cell_blocks(cells)
        head = _leading_viewer_end(cells, full)
        return _per_cell_blocks(cells[:head]) + [_block(cells[head:], "cells", "table")] if head else [
            _block(cells, "cells", "table")
        ]
    out: list[Block] = []
    head = _leading_viewer_end(cells, full, brackets_only=True)
    if head:
        out.extend(_per_cell_blocks(cells[:head]))
        cells = cells[head:]
        full = [k - head for k in full if k >= head]
        numeric = [k - head for k in numeric]
    tail: list[_Cell] = []
    if before_footnote:
        # Seed 000: "|703,712\n|\nIMPAIRMENT\n|\n|*" - a stray line between a table and its
        # footnote is not a row of the table; it becomes its own cell-line block.
        after = [k for k in full if k > numeric[-1]]
        if after and len(after) <= st.cell_line_max_cells:
            cut = after[0]  # empty cells right after the last number stay with the table
            tail = cells[cut:]
            cells = cells[:cut]
    out.append(_block(cells, "cells", "table"))
    if tail:
        out.extend(_per_cell_blocks(tail))
    return out


def _leading_viewer_end(cells: list[_Cell], full: list[int], brackets_only: bool = False) -> int:
    """Index after the leading viewer cells (R-page header cells before the table), 0 if none."""
    flags = _viewer_flags(cells)
    end = 0
    for k in full:
        s = cells[k].raw.text
        hit = _BRACKET_LABEL.search(s.rstrip()) is not None if brackets_only else flags[k]
        if not hit:
            break
        end = k + 1
    return end


def _run_to_blocks(acc: list[_CellAcc], text: str, st: PipeTextSettings) -> list[Block]:
    cells = _cells_from(acc, text)
    segments = _split_footnotes(cells, st)
    out: list[Block] = []
    for n, (is_fn, seg) in enumerate(segments):
        if is_fn:
            out.append(_block(seg, "footnote", "footnote"))
        else:
            before_fn = n + 1 < len(segments) and segments[n + 1][0]
            out.extend(_segment_to_blocks(seg, before_fn, st))
    return out


# --------------------------------------------------------------------------- lines -> blocks


def _para_to_block(lines: list[_Line], prev: Block | None) -> Block:
    joined = " ".join(_collapse(line.s) for line in lines)
    hint, kind = "lines", "text"
    if len(lines) == 1 and _is_viewer_cell(joined):
        hint, kind = "viewer", "boilerplate"
    elif (
        prev is not None
        and prev.hint in ("cells", "footnote")
        and prev.kind in ("table", "footnote")
        and PIPE_MARKER_PARA_RE.match(joined)
        and any(ch.islower() for ch in joined)
    ):
        # "(1) Includes ..." right after a table, or after another such footnote.
        hint, kind = "footnote", "footnote"
    return Block(kind=kind, start=lines[0].a, end=lines[-1].b, text=joined, hint=hint, decided_by=DECIDED_BY)


def _viewer_to_block(lines: list[_Line]) -> Block:
    return Block(
        kind="boilerplate",
        start=lines[0].a,
        end=lines[-1].b,
        text=" ".join(_collapse(line.s) for line in lines),
        hint="viewer",
        decided_by=DECIDED_BY,
    )


def text_to_blocks(text: str, *, settings: PipeTextSettings | None = None) -> list[Block]:
    """Blocks of pipe text in source order, covering every non-space character once.

    Returns ``Block`` objects with ``hint`` in ``cells`` / ``footnote`` /
    ``cell-line`` / ``viewer`` / ``lines``, a provisional ``kind`` and
    ``decided_by="reader"``; cell blocks carry their ``RawCell``\\ s with exact
    offsets. An empty or blank text gives ``[]``.
    """
    st = settings or PipeTextSettings()
    out: list[Block] = []
    for kind, payload in _Scanner(text, st).scan():
        if kind == "run":
            out.extend(_run_to_blocks(payload, text, st))
        elif kind == "para":
            out.append(_para_to_block(payload, out[-1] if out else None))
        else:
            out.append(_viewer_to_block(payload))
    return out
