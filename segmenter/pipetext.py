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
``page``       page furniture (``kind="boilerplate"``): a lone page number, "Table of
               Contents", a running header or footer repeated through a filing, also
               one set as a short cell run ("|Fiscal 2023 Form 10-K" / "|38"; its
               cells are kept)
``lines``      a narrative paragraph

The rules cite the seed notes they came from: seed 000 (a 6-K inventory note,
content on the pipe's line), seed 001 (an R page: header cells, narrative and
the ``|X`` tail) and seed 002 (a segment note, content on the line after the
pipe, cells closed by `` |``).

The work is split in three: :mod:`segmenter.pipescan` scans the lines into
cell runs, paragraphs and viewer tails; :mod:`segmenter.piperuns` cuts each
cell run into blocks; this module cuts paragraphs and puts the blocks in order.

Choices the seeds do not settle: a blank line ends both the paragraph and the
cell run; the ``|X`` tail lasts until a pipe line that is neither ``|X`` nor a
definition line (or the end); in a run holding numbers only leading
``[Abstract]``-style cells are split off, so R-page column headers such as
"12 Months Ended" stay with their table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .patterns import PIPE_MARKER_PARA_RE
from .piperuns import collapse_space, is_viewer_cell, run_to_blocks
from .pagefurniture import MIN_FURNITURE_REPEATS, furniture_key, numbered_footer_keys, pages_advance
from .pipescan import DECIDED_BY, Line, PipeScanner, PipeTextSettings
from .types import Block

__all__ = ["PipeTextSettings", "is_footnote_paragraph", "text_to_blocks"]


# --------------------------------------------------------------------------- lines -> blocks


def is_footnote_paragraph(text: str, before: Sequence[Block]) -> bool:
    """A paragraph that opens with a footnote marker ("(1) Includes ...") right after a
    table, or after another such footnote, page furniture between them aside (JNJ 10-K:
    "(1) Weighted average effective rate." / "2023 Annual Report 65" / "(2) Translation
    rate at December 31, 2023."): the table's footnote, not a note heading in the "(5)
    Inventories" style. ``before``: the blocks so far. Both readers use it."""
    i = len(before) - 1
    while i >= 0 and before[i].hint == "page":
        i -= 1
    prev = before[i] if i >= 0 else None
    return (
        prev is not None
        and prev.hint in ("cells", "footnote")
        and prev.kind in ("table", "footnote")
        and PIPE_MARKER_PARA_RE.match(text) is not None
        and any(ch.islower() for ch in text)
    )


def _para_to_block(lines: list[Line], before: Sequence[Block]) -> Block:
    joined = " ".join(collapse_space(line.s) for line in lines)
    hint, kind = "lines", "text"
    if len(lines) == 1 and is_viewer_cell(joined):
        hint, kind = "viewer", "boilerplate"
    elif is_footnote_paragraph(joined, before):
        hint, kind = "footnote", "footnote"
    return Block(kind=kind, start=lines[0].a, end=lines[-1].b, text=joined, hint=hint, decided_by=DECIDED_BY)


def _viewer_to_block(lines: list[Line]) -> Block:
    return Block(
        kind="boilerplate",
        start=lines[0].a,
        end=lines[-1].b,
        text=" ".join(collapse_space(line.s) for line in lines),
        hint="viewer",
        decided_by=DECIDED_BY,
    )


def _page_to_block(lines: list[Line]) -> Block:
    return Block(kind="boilerplate", start=lines[0].a, end=lines[-1].b, text=collapse_space(lines[0].s),
                 hint="page", decided_by=DECIDED_BY)


def text_to_blocks(text: str, *, settings: PipeTextSettings | None = None) -> list[Block]:
    """Blocks of pipe text in source order, covering every non-space character once.

    Returns ``Block`` objects with ``hint`` in ``cells`` / ``footnote`` /
    ``cell-line`` / ``viewer`` / ``page`` / ``lines``, a provisional ``kind`` and
    ``decided_by="reader"``; cell blocks carry their ``RawCell``\\ s with exact
    offsets. An empty or blank text gives ``[]``.
    """
    st = settings or PipeTextSettings()
    out: list[Block] = []
    for kind, payload in PipeScanner(text, st).scan():
        if kind == "run":
            out.extend(run_to_blocks(payload, text, st))
        elif kind == "para":
            out.append(_para_to_block(payload, out))
        elif kind == "page":
            out.append(_page_to_block(payload))
        else:
            out.append(_viewer_to_block(payload))
    return _cell_footers_to_pages(out)


#: Most non-empty cells of a cell run that may be a page footer ("Fiscal 2023 Form 10-K" | "43").
FOOTER_MAX_CELLS = 3
_LONE_PAGE_NUMBER = re.compile(r"\d{1,3}")


def _cell_footers_to_pages(blocks: list[Block]) -> list[Block]:
    """Page footers the filer set as a one-row table ("|Fiscal 2023 Form 10-K" / "|43",
    HD 10-K) are page furniture, as footers on lines of their own are: short cell runs
    whose words recur with page numbers that go up (:func:`numbered_footer_keys`), and
    runs of empty cells around a lone page number that goes up from run to run (JNJ
    10-K: seven empty cells and "50 |", "52 |", "54 |" ... between paragraphs)."""
    texts = {i: block.text for i, block in enumerate(blocks)  # the cells' texts joined by " | "
             if block.hint == "cells" and 0 < sum(1 for c in block.cells if c.text) <= FOOTER_MAX_CELLS}
    footers = numbered_footer_keys(list(texts.values()))
    lone = [i for i, joined in texts.items() if _LONE_PAGE_NUMBER.fullmatch(joined)]  # in document order
    numbers = set(lone) if len(lone) >= MIN_FURNITURE_REPEATS and pages_advance([texts[i] for i in lone]) else set()
    if not footers and not numbers:
        return blocks
    for i, joined in texts.items():
        if furniture_key(joined) in footers or i in numbers:
            b = blocks[i]
            blocks[i] = replace(b, kind="boilerplate", hint="page")
    return blocks
