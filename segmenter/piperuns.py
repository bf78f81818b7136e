"""A run of pipe-text cells -> blocks: tables, footnotes, cell lines and viewer cells.

:func:`run_to_blocks` takes one ``("run", cells)`` item of
:class:`segmenter.pipescan.PipeScanner` and cuts it into blocks: a marker cell
followed by prose is a footnote (seed 000 "|(i)" + "|Work-in-process
primarily ..."); a run with numbers is a table, less its leading R-page
``[Abstract]`` cells; a short run without numbers gives one ``cell-line``
block a cell (seed 001 header cells, seed 002 "| SEGMENT REPORTING |"); R-page
header furniture ("12 Months Ended", "[Line Items]") is a ``viewer`` block.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .patterns import CURRENCY_SIGNS, PIPE_MARKER_CELL_RE, PIPE_NUMBER_CELL_RE
from .pipescan import DECIDED_BY, CellAcc, PipeTextSettings
from .types import Block, RawCell

__all__ = ["collapse_space", "is_viewer_cell", "run_to_blocks"]

#: R-page header cells (seed 001 "|12 Months Ended\nDec. 31, 2022").
_MONTHS_ENDED = re.compile(r"\d{1,2} Months Ended\b")
#: R-page element labels (seed 001 "Disclosure Of Financial Instrument [Abstract]").
_BRACKET_LABEL = re.compile(
    r"\[(?:Abstract|Line Items|Table|Axis|Member|Domain|Roll Forward|Text Block|Policy Text Block)\]\Z"
)
#: A date header cell of an R page ("Mar. 29, 2025" after "6 Months Ended").
_DATE_CELL = re.compile(r"[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\Z")
#: A cell of a currency sign alone, which opens the value in the next cell: "$".
_CURRENCY_CELL = re.compile(rf"[{CURRENCY_SIGNS}]\Z")
#: A marker that is also a negative value: "(19)".
_PAREN_DIGITS = re.compile(r"\(\d{1,2}\)\Z")
#: A cell that opens a value or is a nil one: "$", "—".
_LONE_SIGN = re.compile(rf"[{CURRENCY_SIGNS}\u2212\u2013\u2014-]\Z")


# --------------------------------------------------------------------------- tests on text


def collapse_space(s: str) -> str:
    return " ".join(s.split())


def _is_number(s: str) -> bool:
    return bool(s) and PIPE_NUMBER_CELL_RE.match(s) is not None


def _is_value(s: str) -> bool:
    """A cell that holds a value or opens one: a number, a lone currency sign or dash."""
    return _is_number(s) or _LONE_SIGN.match(s) is not None


def is_viewer_cell(s: str) -> bool:
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


def _is_footnote_pair(marker: str, body: str, after: str, st: PipeTextSettings) -> bool:
    """A marker cell followed by a prose cell (seed 000 "|(i)\n|Work-in-process\nprimarily ...").

    A bare digit ("1") is also a value, so its prose must end a sentence: a long
    row label after a value of 1 is not a footnote. A digit in parentheses
    ("(19)") is also a negative value: when the cell after the prose (``after``,
    "" at the end) holds a value, the prose is the next row's label (RTX 10-Q
    "| (19) | Net income attributable to common shareowners | $ | 1,327"), and
    prose ending in ":" is the label of the next section (BA 10-Q).
    """
    if not PIPE_MARKER_CELL_RE.match(marker) or not _is_prose(body, st):
        return False
    if marker.isdigit():
        return body.rstrip()[-1] in ".;!?"
    if _PAREN_DIGITS.match(marker) and body.rstrip().endswith(":"):
        # a negative value, then the label of the next section: "... | (9) | Derivatives not
        # receiving hedge accounting treatment: | Foreign exchange contracts | ..." (BA 10-Q)
        return False
    return not (_PAREN_DIGITS.match(marker) and _is_value(after))


# --------------------------------------------------------------------------- cells -> blocks


class _Cell(NamedTuple):
    """A read cell: its ``RawCell`` and the span its pipe(s) cover (a tuple: one per cell)."""

    raw: RawCell
    span_start: int
    span_end: int


def _cells_from(acc: list[CellAcc], text: str) -> list[_Cell]:
    out = []
    for c in acc:
        start, end, span_start, span_end = c.start, c.end, c.span_start, c.span_end
        if start >= 0:
            raw = RawCell(text[start:end], start, end)
        else:  # empty: placed right after its pipe
            end = span_start + 1
            raw = RawCell("", end, end)
        out.append(_Cell(raw, span_start, span_end if span_end > end else end))
    return out


def _block(cells: list[_Cell], hint: str, kind: str) -> Block:
    texts = [collapse_space(c.raw.text) for c in cells if c.raw.text]
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
        after = cells[full[p + 2]].raw.text if p + 2 < len(full) else ""
        # a currency sign before "(44)" makes it a value, whatever follows: "| $ | (44) | Other
        # pension and retiree medical benefits income |", the line item the row's amounts
        # went to (PEP 10-K 2023, reclassifications out of AOCI)
        priced = p > 0 and _CURRENCY_CELL.match(cells[full[p - 1]].raw.text.strip()) is not None
        if not priced and _is_footnote_pair(cells[k].raw.text, cells[nxt].raw.text, after, st):
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


#: Empty cells after a lone number that make it the page's number, not a footnote marker.
PAGE_NUMBER_GAP = 5


def _leading_page_number(cells: list[_Cell], st: PipeTextSettings) -> int:
    """Index of the sentence after a page number that opens a run, 0 if none.

    A one-row page footer of empty cells and the page number, then the sentence
    that opens a table ("| | | | | | |60 |" / "The following table is a summary
    of ...:", JNJ 10-K 2024), or more than :data:`PAGE_NUMBER_GAP` empty cells and
    then words, the next page's table: the number is no value of the table.
    """
    full = [k for k, c in enumerate(cells) if c.raw.text]
    if len(full) < 2:
        return 0
    number, sentence = cells[full[0]].raw.text, cells[full[1]].raw.text
    if not number.isdigit() or len(number) > 3:
        return 0
    # the sentence opens a table ("... as follows:"); a footnote "1" + "Includes ... ." stays one
    if _is_prose(sentence, st) and sentence.rstrip().endswith(":"):
        return full[1]
    # or the next page's table starts after the empty cells of its layout row: "60 |" then a
    # run of empty cells, then "Line item in the Consolidated Balance Sheet ..." (JNJ 10-K 2023)
    if full[1] - full[0] > PAGE_NUMBER_GAP and not any(ch.isdigit() for ch in sentence):
        return full[1]
    return 0


def run_to_blocks(acc: list[CellAcc], text: str, st: PipeTextSettings) -> list[Block]:
    cells = _cells_from(acc, text)
    out: list[Block] = []
    page = _leading_page_number(cells, st)
    if page:
        out.append(_block(cells[:page], "page", "boilerplate"))
        cells = cells[page:]
    segments = _split_footnotes(cells, st)
    for n, (is_fn, seg) in enumerate(segments):
        if is_fn:
            out.append(_block(seg, "footnote", "footnote"))
        else:
            before_fn = n + 1 < len(segments) and segments[n + 1][0]
            out.extend(_segment_to_blocks(seg, before_fn, st))
    return out
