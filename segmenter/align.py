"""Map offsets between two renderings of the same document.

``segmenter evaluate`` scores the HTML form of a filing against an answer key
whose offsets index the key's own pipe-text rendering. Both texts come from
the same HTML, so their letters and digits appear in the same order; only
white space, pipes, punctuation and the odd dropped or added element differ.
:class:`TextAlignment` aligns the two *skeletons* (lower-cased letters and
digits) in one forward pass that resynchronises on the nearest shared probe
after a difference, and maps an offset of one text to the other.
:func:`document_to_text` rewrites every offset of a :class:`Document` into
the other text, so the pipe-text scorers apply to HTML unchanged.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from .types import Block, Cell, Document, Note, Table

#: Length of the probe searched for after a difference, and how far ahead.
PROBE = 24
WINDOW = 4096


def _skeleton(text: str) -> tuple[str, list[int]]:
    """(lower-cased letters and digits of ``text``, their offsets in ``text``)."""
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    return "".join(text[i] for i in positions).lower(), positions


class TextAlignment:
    """Offsets of ``source`` mapped into ``target`` through their shared skeleton."""

    def __init__(self, source: str, target: str) -> None:
        self._source, self._target = source, target
        self._target_len = len(target)
        a, self._pa = _skeleton(target)
        b, self._pb = _skeleton(source)
        self._map = self._align(a, b)
        self.matched = sum(1 for m in self._map if m >= 0)
        self.coverage = self.matched / len(b) if b else 1.0

    @staticmethod
    def _align(a: str, b: str) -> list[int]:
        """For each index of ``b``, the index of ``a`` it aligns with, or -1."""
        out = [-1] * len(b)
        i = j = 0
        while i < len(a) and j < len(b):
            if a[i] == b[j]:
                out[j] = i
                i += 1
                j += 1
                continue
            ka = a.find(b[j:j + PROBE], i, i + WINDOW + PROBE)
            kb = b.find(a[i:i + PROBE], j, j + WINDOW + PROBE)
            if ka < 0 and kb < 0:
                j += 1  # a stretch only the source has: leave it unmapped
            elif kb < 0 or (ka >= 0 and ka - i <= kb - j):
                i = ka  # the target has extra text here
            else:
                j = kb
        return out

    def _mapped(self, j: int, step: int) -> int | None:
        """The target skeleton index of the nearest aligned source index from ``j`` on
        (``step`` 1) or back (``step`` -1)."""
        while 0 <= j < len(self._map):
            if self._map[j] >= 0:
                return self._map[j]
            j += step
        return None

    def _between(self, offset: int) -> tuple[int, int, int]:
        """(source offset just past the aligned character before ``offset``, and the
        target range between the aligned characters around it)."""
        j = bisect_left(self._pb, offset)
        k = j - 1  # the nearest aligned source character before ``offset``
        while k >= 0 and self._map[k] < 0:
            k -= 1
        after = self._mapped(j, 1)
        if k < 0:
            return 0, 0, self._target_len if after is None else self._pa[after]
        return self._pb[k] + 1, self._pa[self._map[k]] + 1, self._target_len if after is None else self._pa[after]

    def _same_char(self, offset: int, between: tuple[int, int, int]) -> int | None:
        """The target offset of source ``offset`` when it is not a letter or digit
        ("—", "$", "("): the same occurrence of that character in the target range
        of ``between`` (:meth:`_between` of ``offset``), or None."""
        ch = self._source[offset]
        src_lo, lo, hi = between
        nth = self._source.count(ch, src_lo, offset)
        found = lo - 1
        for _ in range(nth + 1):
            found = self._target.find(ch, found + 1, hi)
            if found < 0:
                return None
        return found

    def start(self, offset: int) -> int:
        """A start offset of the source -> the target offset of the same character.

        A letter or digit maps through the skeleton; another character ("—", "$")
        is found among the same characters between the aligned ones around it,
        and failing that the next aligned character stands in."""
        between = self._between(offset)
        if 0 <= offset < len(self._source) and not self._source[offset].isalnum():
            found = self._same_char(offset, between)
            if found is not None:
                return found
        return between[2]

    def end(self, offset: int) -> int:
        """An end offset (exclusive) of the source -> just past the same character."""
        if 0 < offset <= len(self._source) and not self._source[offset - 1].isalnum():
            between = self._between(offset - 1)
            found = self._same_char(offset - 1, between)
            return between[1] if found is None else found + 1
        return self._between(offset)[1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``(start, end)`` in the target; an unaligned span becomes empty at its start."""
        s, e = self.start(start), self.end(end)
        return (s, e) if e > s else (s, s)


def _cell(cell: Cell, al: TextAlignment) -> Cell:
    s, e = al.span(cell.start, cell.end)
    return replace(cell, start=s, end=e)


def _table(table: Table, al: TextAlignment) -> Table:
    rows = tuple(replace(r, cells=tuple(_cell(c, al) for c in r.cells), start=al.start(r.start), end=al.end(r.end))
                 for r in table.rows)
    columns = tuple(replace(c, start=al.start(c.start), end=al.end(c.end)) for c in table.columns)
    return replace(table, rows=rows, columns=columns, start=al.start(table.start), end=al.end(table.end))


def _block(block: Block, al: TextAlignment) -> Block:
    s, e = al.span(block.start, block.end)
    cells = tuple(replace(c, start=s_, end=e_) for c in block.cells for s_, e_ in (al.span(c.start, c.end),))
    table = _table(block.table, al) if block.table is not None else None
    return replace(block, start=s, end=e, cells=cells, table=table)


def _note(note: Note, al: TextAlignment) -> Note:
    s, e = al.span(note.start, note.end)
    heading = al.span(note.heading_start, note.heading_end) if note.heading_start is not None \
        and note.heading_end is not None else (None, None)
    return replace(note, start=s, end=e, blocks=tuple(_block(b, al) for b in note.blocks),
                   heading_start=heading[0], heading_end=heading[1])


def document_to_text(doc: Document, text: str) -> tuple[Document, TextAlignment]:
    """``doc`` with every offset moved into ``text`` (another rendering of the same
    source), and the alignment used (its ``coverage`` says how much of ``doc.text``
    found a place in ``text``). Cell and block texts are kept as they were."""
    al = TextAlignment(doc.text, text)
    return replace(doc, text=text, notes=tuple(_note(n, al) for n in doc.notes)), al

