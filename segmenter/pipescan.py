"""Pipe text -> items: the line-by-line scan of :mod:`segmenter.pipetext`.

:class:`PipeScanner` reads pipe text once, line by line (linear time, no
regular expression over more than one line), and gives *items* in source
order: ``("run", cells)`` for a run of ``|`` cells (each a :class:`CellAcc`
with the offsets of its pipe and of its content), ``("para", lines)`` for a
narrative paragraph, ``("viewer", lines)`` for an XBRL-viewer ``|X``
definition tail and ``("page", lines)`` for one line of page furniture (a lone
page number, "Table of Contents", a running header or footer repeated through
a whole filing, found by :func:`segmenter.pagefurniture.page_lines`).
:mod:`segmenter.piperuns` and :mod:`segmenter.pipetext` turn the items into blocks.

The rules cite the seed notes they came from: seed 000 (a 6-K inventory note,
content on the pipe's line), seed 001 (an R page: header cells, narrative and
the ``|X`` tail) and seed 002 (a segment note, content on the line after the
pipe, cells closed by `` |``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import RuleError
from .pagefurniture import NOTE_OPENING as _NOTE_OPENING
from .pagefurniture import is_page_number, page_lines
from .patterns import PIPE_NUMBER_CELL_RE

__all__ = ["CellAcc", "Line", "PipeScanner", "PipeTextSettings", "is_viewer_opener"]

DECIDED_BY = "reader"

#: A line that is only a note number: "5.", "Note 5", "NOTE C:", "(5)" (seed 000 "5.\nINVENTORIES, NET").
_BARE_NOTE = re.compile(
    r"(?:(?i:note)\s+)?\(?(?:\d{1,3}(?:\.\d{1,2})?[A-Z]?|[IVXLC]{1,6}|[A-Z])\)?[.:\-\u2013\u2014]?\Z"
)
#: The notes section's title line, which stands alone ("NOTES TO CONSOLIDATED FINANCIAL STATEMENTS").
_NOTES_TITLE = re.compile(
    r"(?i)\W{0,5}notes\s+to\s+[a-z ()]{0,60}financial\s+statements[\s.]{0,3}(?:\((?:unaudited|continued)\))?\W{0,5}\Z"
)
#: The line after "|X" that opens an XBRL-viewer definition (seed 001 tail).
_VIEWER_OPENERS = ("- Definition", "+ Definition", "- References", "+ References", "+ Details")
_SENTENCE_END = ".:;?!"
#: A narrative line this long that stops mid-sentence was wrapped by the converter: a
#: number on the next line ("December\n31:") carries the sentence on.
WRAPPED_LINE_MIN = 60
#: A run with this many cells whose content sits on the pipe's line, and none on a line of
#: its own, is written in that style throughout.
INLINE_STYLE_CELLS = 4
#: Such a number ends in a colon or comma; a note number "7." after a paragraph line
#: that lacks its final period is still a heading (MRK, TRV 10-Q).
_WRAPPED_NUMBER = re.compile(r"\d{1,4}[:,]\Z")


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
    max_header_lines: int = 10
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
class Line:
    """One source line: ``a``/``b`` bound its stripped content ``s`` (``a == b`` when blank)."""

    a: int
    b: int
    s: str
    pipe: bool


@dataclass(slots=True)
class CellAcc:
    """A cell being read. ``span_*`` covers its pipe(s) too; ``start``/``end`` its content."""

    span_start: int
    span_end: int
    start: int = -1
    end: int = -1
    last_line: str = ""
    closed: bool = False


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with the offsets of its stripped content."""
    out: list[Line] = []
    append = out.append
    pos = 0
    for raw in text.splitlines(keepends=True):
        # Line ends are white space to strip(), so the raw line strips like its body.
        s = raw.strip()
        if s:
            a = pos + len(raw) - len(raw.lstrip())
            append(Line(a, a + len(s), s, s[0] == "|"))
        else:  # blank: placed after its white space, before its line end
            a = pos + len(raw.splitlines()[0])
            append(Line(a, a, "", False))
        pos += len(raw)
    return out


def closer(seg: str, a: int) -> tuple[int, int, int, str]:
    """(content start, content end, closing-pipe offset or -1, content) of the
    segment ``seg`` that starts at offset ``a``.

    A segment ending in " |" (seed 002 "950 |", "| SEGMENT REPORTING |") or
    consisting of "|" alone (seed 002 "| |") has its last pipe as a closer.
    """
    s = seg.strip()
    ca = a + len(seg) - len(seg.lstrip())
    cb = ca + len(s)
    if s[-1:] == "|" and (len(s) == 1 or s[-2].isspace()):
        inner = s[:-1].rstrip()
        return ca, ca + len(inner), cb - 1, inner
    return ca, cb, -1, s


class PipeScanner:
    """Line-by-line state machine: lines -> items ("run", cells) / ("para", lines) /
    ("viewer", lines) / ("page", [line])."""

    def __init__(self, text: str, settings: PipeTextSettings) -> None:
        self.text = text
        self.st = settings
        self.lines = split_lines(text)
        n = len(self.lines)
        # Index of the next non-blank line after i (n if none): lookahead for "|X" without rescanning.
        self.next_nonblank = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.next_nonblank[i] = i + 1 if i + 1 < n and self.lines[i + 1].s else self.next_nonblank[i + 1]
        self.items: list[tuple[str, list]] = []
        self.run: list[CellAcc] = []
        self.para: list[Line] = []
        self.viewer: list[Line] = []
        self.in_viewer = False
        self.furniture, self.footers = page_lines(self.lines)
        # Cells of the current run with content on the pipe's line ("|2023") and on a line
        # of its own ("|\n2023"): which of the two styles the run is written in.
        self.inline = self.nextline = 0

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
        self.inline = self.nextline = 0

    def _flush_viewer(self) -> None:
        if self.viewer:
            self.items.append(("viewer", self.viewer))
            self.viewer = []

    def _open_cell(self) -> CellAcc | None:
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
        return j < len(self.lines) and is_viewer_opener(self.lines[j].s)

    def _cell_ends_soon(self, i: int) -> bool:
        """Rule 2a: lines from i up to the next pipe line (or the end) fit in one cell.

        One line followed by a pipe line is content whatever its length (seed 002
        "|\\nAmortization of operating lease right-of-use asset\\n|"); several lines
        must all be short (seed 000 "|\\nAs\\nof\\nJune 30, 2025\\n|") but the one that
        closes the cell with " |".
        """
        lines, n = self.lines, len(self.lines)
        if i + 1 >= n or lines[i + 1].pipe or closer(lines[i].s, lines[i].a)[2] >= 0:
            return True
        for j in range(i, min(n, i + self.st.max_header_lines)):
            line = lines[j]
            if not line.s:
                return False
            if closer(line.s, line.a)[2] >= 0:
                # This line closes the cell ("(Level 1) |", UNP 10-K), whatever its length: JNJ 10-K
                # "|\n1.650% Notes due 2035\n(1.5B Euro 1.1090)(2)/(1.5B Euro 1.0651)(3) |".
                return True
            if len(line.s) >= self.st.short_line and not self._wrapped_before_close(j):
                return False
            if j + 1 >= n or lines[j + 1].pipe:
                return True  # the next line opens a cell
        return False

    def _wrapped_before_close(self, j: int) -> bool:
        """Is line j a long cell line that wraps into a lower-case line closing the cell:
        "Finite-lived intangible assets subject to\namortization: |", "Other changes in plan
        assets and benefit liabilities recognized in\naccumulated other comprehensive income
        (loss) before income taxes: |" (SJM 10-K 2024)? Prose never ends in " |"."""
        lines = self.lines
        longest = self.st.short_line * 2
        if j + 1 >= len(lines) or len(lines[j].s) >= longest:
            return False
        nxt = lines[j + 1]
        return (not nxt.pipe and nxt.s[:1].islower() and len(nxt.s) < longest
                and closer(nxt.s, nxt.a)[2] >= 0)

    def _inline_style_prose(self, i: int) -> bool:
        """Is line i, after an empty cell of a run that writes every cell's content on its
        pipe's line, a sentence between two tables rather than that cell's content? "|9,821"
        / "|" / "The provision for income taxes consisted of the following:" / "|" (PEP 10-K
        2023, the empty cell that ends a row)."""
        if self.inline < INLINE_STYLE_CELLS or self.nextline:
            return False
        s = self.lines[i].s
        return len(s) >= self.st.short_line or s[-1] in _SENTENCE_END

    def _opens_note(self, i: int) -> bool:
        """Is line i a note number whose title is the next, narrative line? Then it is a
        heading after a table, not the content of the table's last, empty cell:
        "|\n10.\nIncome Taxes\n|Three Months Ended" (NFLX 10-Q 2025)."""
        s = self.lines[i].s
        if s.isdigit() or not _BARE_NOTE.match(s) or (s[-1] not in ".:" and not _NOTE_OPENING.match(s)):
            return False
        j = i + 1
        return j < len(self.lines) and not self.lines[j].pipe and self.lines[j].s[:1].isupper()

    def _continues(self, cell: CellAcc, i: int) -> bool:
        """Rule 2b: does non-pipe line i continue the open, non-empty cell?"""
        # Only the cell's last line and its length are read, so a long cell costs O(1) per line.
        size = cell.end - cell.start
        s = self.lines[i].s
        if cell.last_line[-1] in _SENTENCE_END or _NOTE_OPENING.match(s):
            return False  # BMY 10-K: "|2012 to 2023\nNote 8.\nEARNINGS/(LOSS) PER SHARE"
        if size == len(cell.last_line) and PIPE_NUMBER_CELL_RE.match(cell.last_line):  # a complete number
            return False
        if s[0].islower():  # seed 000 "|Less: inventory impairment\nprovision"
            return True
        if s[0].isdigit() and size >= self.st.prose_min_chars:
            # seed 000 last footnote: "... for the years ended of December\n31, 2024, 2023 and 2022."
            return True
        # seed 000 "|As\nof\nDecember 31, 2024", seed 001 "|12 Months Ended\nDec. 31, 2022"
        # A header cell of up to max_header_lines short lines: "|Quoted Prices\nin Active\nMarkets
        # for\nIdentical Inputs\n(Level 1) |" (UNP 10-K 2025).
        if size >= self.st.short_line * 2:
            return False
        if closer(s, self.lines[i].a)[2] >= 0:
            return True  # it closes the cell: "|\n1.650% Notes due 2035\n(1.5B Euro …)(3) |" (JNJ 10-K)
        if len(s) < self.st.short_line * 2 and s[-1] not in _SENTENCE_END \
                and i + 1 < len(self.lines) and self.lines[i + 1].pipe:
            # the cell's last line, no sentence: "|1.650% Notes due 2035\n(1.5B Euro 1.0401)(2)/
            # (1.5B Euro 1.1090)(3)\n|" (JNJ 10-K 2024, content on the pipe's line)
            return True
        return len(s) < self.st.short_line and self._cell_ends_soon(i)

    def _in_cell(self, cell: CellAcc | None, i: int) -> bool:
        """Is line i, which looks like page furniture, the content of the open cell?
        Only when a pipe line follows at once: the content of a cell just opened
        ("|\n66\n|", content on the next line) or a number under a short open cell
        ("|Balance\n12\n|")."""
        lines = self.lines
        if cell is None or i + 1 >= len(lines) or not lines[i + 1].pipe:
            return False
        if cell.start < 0:
            return True
        return (lines[i].s.isdigit() and len(cell.last_line) < self.st.short_line
                and not cell.last_line[-1].isdigit())

    def _is_stray_cell(self, i: int) -> bool:
        """Seed 002: a letter-free line like ")" after "(356 |" still belongs to the run."""
        lines = self.lines
        s = lines[i].s
        if len(s) > self.st.max_stray_chars or any(ch.isalpha() for ch in s):
            return False
        return i + 1 >= len(lines) or lines[i + 1].pipe or closer(lines[i].s, lines[i].a)[2] >= 0

    def _joins(self, prev: str, s: str) -> bool:
        """Rule 3: does narrative line ``s`` continue the paragraph whose last line is ``prev``?"""
        if s[0].islower():  # seed 000 "Movement\nof inventory impairment provision is as below:"
            return True
        if _NOTE_OPENING.match(s):  # GE 10-K: "2023 FORM 10-K 44\nNOTE 1. BASIS OF ..."
            return False
        if _WRAPPED_NUMBER.match(s) and len(prev) >= WRAPPED_LINE_MIN and prev[-1] not in _SENTENCE_END:
            return True  # a wrapped sentence, no note number: "... as of December\n31:" (RTX 10-K 2023)
        if _NOTES_TITLE.match(prev):  # HD 10-K: "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS\nSUMMARY OF ..."
            return _NOTES_TITLE.match(f"{prev} {s}") is not None  # PFE 10-Q: "... STATEMENTS\n(UNAUDITED)"
        if _BARE_NOTE.match(prev) and not prev.isdigit():  # seed 000 "5.\nINVENTORIES, NET"
            return True
        return _all_caps(prev) and _all_caps(s)  # seed 000 "SCHEDULE\nOF INVENTORY"

    # -- feeding content
    def _add_content(self, cell: CellAcc, seg: str, a: int) -> None:
        """Add the segment ``seg`` (at offset ``a``) of a line to ``cell``."""
        ca, cb, close, content = closer(seg, a)
        if cb > ca:
            if cell.start < 0:
                cell.start = ca
            cell.end = cb
            cell.last_line = content
            if cb > cell.span_end:
                cell.span_end = cb
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
                if not line.pipe or is_viewer_opener(line.s):
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
            if line.pipe:  # the hot path: one table cell a line
                if self.para:
                    self._flush_para()
                content = line.s[1:]
                if content.strip() == "X" and self._is_viewer_start(i):
                    self._flush_run()
                    self.in_viewer = True
                    self.viewer.append(line)
                    continue
                run = self.run
                if run and not run[-1].closed:
                    run[-1].closed = True
                cell = CellAcc(line.a, line.a + 1)
                run.append(cell)
                if content[:1] not in ("", " ", "|"):
                    self.inline += 1
                self._add_content(cell, content, line.a + 1)
                continue
            cell = self._open_cell()
            if i in self.footers or (
                (i in self.furniture or is_page_number(line.s)) and not self._in_cell(cell, i)
            ):
                # Page furniture is a block of its own (KHC 10-K: "66" then "Note 8."). A page
                # footer is one even right after a cell just opened: "|" / "Apple Inc. | 2024
                # Form 10-K | 36" / "|" ends a page, and the table goes on on the next.
                self._flush_run()
                self._flush_para()
                self.items.append(("page", [line]))
                continue
            if cell is not None:
                if cell.start < 0 and self._cell_ends_soon(i) and not self._opens_note(i) \
                        and not self._inline_style_prose(i):
                    self._add_content(cell, line.s, line.a)  # rule 2a (seed 002 "|\n2025\n|")
                    self.nextline += 1
                    continue
                if cell.start >= 0 and self._continues(cell, i):
                    self._add_content(cell, line.s, line.a)  # rule 2b
                    continue
            elif self.run and self._is_stray_cell(i):
                stray = CellAcc(span_start=line.a, span_end=line.a)
                self.run.append(stray)
                self._add_content(stray, line.s, line.a)
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


def is_viewer_opener(s: str) -> bool:
    """"- Definition" / "+ References" ..., also when a converter put it in a cell ("|- References")."""
    return s.lstrip("|").lstrip().startswith(_VIEWER_OPENERS)


def _all_caps(s: str) -> bool:
    letters = 0
    for ch in s:
        if ch.isalpha():
            if ch.islower():
                return False
            letters += 1
    return letters >= 2
