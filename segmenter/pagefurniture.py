"""Pipe text -> page furniture: which narrative lines are page numbers, page footers,
"Table of Contents" lines and running headers.

:func:`page_lines` looks at a whole document's lines once (linear time) and
returns the indices of those that are furniture, and which of them are page
footers; :func:`is_page_number` is the
test for a lone page number, which :class:`segmenter.pipescan.PipeScanner` makes
itself because a number right under an open cell may be that cell's content.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from .patterns import PAGE_NUMBER_RE, SCALE_PHRASE_RE, TOC_PHRASES

__all__ = [
    "NOTE_OPENING", "Furniture", "TextLine", "cell_content_lines", "furniture_key", "is_page_number",
    "numbered_footer_keys", "page_lines", "pages_advance",
]


class TextLine(Protocol):
    """A line of the scan: its text without the line break, and whether it opens a cell."""

    s: str
    pipe: bool


_WORDS = re.compile(r"[a-z]+")
#: Running headers and footers: a narrative line of at most this many characters whose
#: words (numbers aside: "2023 FORM 10-K 44", GE 10-K) recur on this many lines.
MAX_FURNITURE_CHARS = 160
MIN_FURNITURE_REPEATS = 3
#: A page footer is short and no sentence: "2023 FORM 10-K 44", "Apple Inc. | Q3 2025 Form 10-Q | 12".
MAX_FOOTER_CHARS = 60
PAGE_WINDOW = 3
#: Most narrative lines one table cell spans ("|Quoted Prices" / "in Active" / "Markets" /
#: "(Level 1)", JCI 10-Q), and the longest line of a cell of two lines or more: such lines
#: are the cell's content, never furniture.
MAX_CELL_LINES = 6
MAX_CELL_LINE_CHARS = 60
#: Share of a footer's lines that must differ from one another and advance page by page:
#: "2023 FORM 10-K 44", "2023 FORM 10-K 45" do; "July 2," / "July 3," (PFE 10-Q column
#: headers) or bullets "A restructuring related charge of $0.3 billion" (JNJ 10-Q) do not.
MIN_FOOTER_SHARE = 0.8

#: A line that opens a note heading: "Note 8." / "NOTE 1. BASIS ..." (BMY, GE 10-K). It
#: never continues a cell or the paragraph before it.
NOTE_OPENING = re.compile(r"(?i:note)\s+(?:\d{1,3}[A-Z]?|[A-Z])\b")

def furniture_key(s: str) -> str:
    """A line's words, without its numbers: page footers "2023 FORM 10-K 44" and
    "2023 FORM 10-K 45" share one key."""
    return " ".join(_WORDS.findall(s.lower()))


_PAGE_AT_END = re.compile(r"(?:^|[\s|])(\d{1,3})\Z")
_PAGE_AT_START = re.compile(r"(\d{1,3})(?:[\s|]|\Z)")


def _closes_cell(s: str) -> bool:
    """A line ending with a cell's closing pipe: "2023 |", "(Level 2) |" (seed 002 style)."""
    return s.endswith("|") and (len(s) == 1 or s[-2].isspace())


def cell_content_lines(lines: Sequence[TextLine], *, max_lines: int = MAX_CELL_LINES) -> set[int]:
    """Indices of narrative lines that are the content of a table cell: after a pipe line
    whose cell is still open, a chain of at most ``max_lines`` lines that ends at the
    cell's closing `` |`` or right before the next pipe line ("|" / "July 2," / "2023 |",
    PFE 10-Q; "|Quoted Prices" / "in Active" / "Markets" / "(Level 1)" / "|", JCI 10-Q).
    Every line of a chain of two or more is short (``MAX_CELL_LINE_CHARS``). A blank line,
    a lone page number or "Table of Contents" ends the chain: what follows is not the
    cell's (HD 10-K: "|" / "Table of Contents" / "COMMONLY USED OR DEFINED TERMS" / "|")."""
    out: set[int] = set()
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if not line.pipe or _closes_cell(line.s[1:].strip()):  # not a pipe line, or its cell is closed
            i += 1
            continue
        j = i + 1
        chain: list[int] = []
        while j < n and len(chain) < max_lines:
            s = lines[j].s
            if not s or lines[j].pipe or is_page_number(s) or s.lower().strip(" .:") in TOC_PHRASES:
                break
            chain.append(j)
            j += 1
            if _closes_cell(s):
                break
        closed = bool(chain) and (_closes_cell(lines[chain[-1]].s) or (j < n and lines[j].pipe))
        if closed and (len(chain) == 1 or all(len(lines[k].s) <= MAX_CELL_LINE_CHARS for k in chain)):
            out.update(chain)
        i = max(j, i + 1)
    return out


def _page_of(text: str) -> int | None:
    """The page number of a footer line: a number of at most three digits set off at its
    end or start ("2023 FORM 10-K 44", "97 | 2024 Form 10-K"); None for a line without
    one ("2022 Acquisition Activity", "(3)Innovative Medicine includes:", "MQ-25")."""
    m = _PAGE_AT_END.search(text) or _PAGE_AT_START.match(text)
    return int(m.group(1)) if m else None


def pages_advance(texts: Sequence[str]) -> bool:
    """Do a footer's lines, in document order, each carry a page number, mostly
    different and going up? "2023 FORM 10-K 44", "... 45" (GE 10-K) and "97 | 2024 Form
    10-K", "2024 Form 10-K | 98" (AbbVie 10-K) do; "July 2," / "July 3," (PFE 10-Q column
    headers) and "Year 2: Redemption at 120% ..." (MULN 10-K) do not."""
    pages = [_page_of(t) for t in texts]
    if None in pages or len(set(texts)) < MIN_FOOTER_SHARE * len(texts):
        return False
    ups = sum(1 for a, b in zip(pages, pages[1:]) if b > a)  # type: ignore[operator]
    return ups >= MIN_FOOTER_SHARE * (len(pages) - 1)


def is_page_number(s: str) -> bool:
    """A line that is only a page number ("66", "F-12", "Page 3 of 40")."""
    return PAGE_NUMBER_RE.fullmatch(s) is not None


def _at_page_edge(pos: int, edges: Sequence[int], short: Sequence[bool]) -> bool:
    """Is the line at position ``pos`` within ``PAGE_WINDOW`` lines of a page edge,
    with only short lines between (a header or footer of several lines)? A paragraph,
    a table cell or a note's number line between them means it is a sub-heading that
    happens to sit near a page break ("Table of Contents" / "Note 15." / "Income
    Taxes", META 10-K; "Research and development" under a table, MULN 10-K)."""
    k = bisect_left(edges, pos - PAGE_WINDOW)
    while k < len(edges) and edges[k] <= pos + PAGE_WINDOW:
        lo, hi = sorted((edges[k], pos))
        if all(short[lo + 1:hi]):
            return True
        k += 1
    return False


class Furniture(NamedTuple):
    """Indices of furniture lines, and among them the page footers (numbered, page by page)."""

    lines: set[int]
    footers: set[int]


def numbered_footer_keys(texts: Sequence[str], *, min_repeats: int = MIN_FURNITURE_REPEATS) -> set[str]:
    """The keys (:func:`furniture_key`) of the page footers among ``texts``, in document
    order: short texts, no sentence, whose words recur with ``min_repeats`` different
    page numbers or more, the numbers going up ("2023 FORM 10-K 44", "... 45")."""
    numbered: dict[str, list[str]] = {}
    for text in texts:
        key = furniture_key(text)
        if key and text and len(text) <= MAX_FOOTER_CHARS and text[-1] != "." and _page_of(text) is not None:
            numbered.setdefault(key, []).append(text)
    return {k for k, found in numbered.items() if len(set(found)) >= min_repeats and pages_advance(found)}


def page_lines(lines: Sequence[TextLine], *, min_repeats: int = MIN_FURNITURE_REPEATS) -> Furniture:
    """Indices of narrative lines that are page furniture, besides lone page numbers
    (decided in the scan, where the cell they may belong to is known), and which of
    them are page footers:

    - "Table of Contents" and its spellings;
    - page footers: short lines, no sentence, whose words recur with ``min_repeats``
      different numbers or more, the numbers going up page by page ("2023 FORM 10-K 44",
      "2023 FORM 10-K 45", GE 10-K);
    - running headers: a line of two words or more seen ``min_repeats`` times or more,
      nearly always within ``PAGE_WINDOW`` lines of a page number, a footer or a
      "Table of Contents" line, with only short lines between ("TEXAS INSTRUMENTS
      INCORPORATED AND SUBSIDIARIES", TXN 10-Q). A sub-heading that recurs ("NET
      SALES", HD 10-Q) sits elsewhere, or has a paragraph between it and the edge.

    A line that opens a note ("Note 8."), says a scale, closes a cell ("June 30, |") or
    names the notes section ("Notes to ... Financial Statements", which opens the notes)
    is never furniture, nor is a running header candidate that is the content of a
    table cell (:func:`cell_content_lines`: "(Level 1)" under "|Quoted Prices", JCI 10-Q).
    """
    keys: list[str | None] = []
    for line in lines:
        s = line.s
        if (line.pipe or not s or len(s) > MAX_FURNITURE_CHARS or _closes_cell(s) or NOTE_OPENING.match(s)
                or SCALE_PHRASE_RE.search(s)):
            keys.append(None)
            continue
        keys.append(furniture_key(s))
    counts = Counter(k for k in keys if k)
    footers = numbered_footer_keys([lines[i].s for i, key in enumerate(keys) if key], min_repeats=min_repeats)
    # A footer may sit between two pipe lines (GE 10-K: "|" / "2023 FORM 10-K 44" / "|"),
    # where it reads as a cell's content; other furniture there is the cell's.
    in_cells = cell_content_lines(lines)
    out: set[int] = set()
    footer_lines: set[int] = set()
    edges: list[int] = []  # positions (among non-blank lines) of page edges
    order: dict[int, int] = {}
    # per position: a line that may stand in a page's header or footer (short, no cell)
    short: list[bool] = []
    for i, line in enumerate(lines):
        if not line.s:
            continue
        order[i] = len(order)
        key = keys[i]
        short.append(bool(key))
        if key and (key in footers or (key in TOC_PHRASES and line.s.lower().strip(" .:") in TOC_PHRASES)):
            out.add(i)
            edges.append(order[i])
            if key in footers:
                footer_lines.add(i)
        elif not line.pipe and is_page_number(line.s):
            edges.append(order[i])
            short[-1] = True
    if not edges:
        return Furniture(out, footer_lines)
    near: Counter[str] = Counter()
    candidates = [i for i, k in enumerate(keys) if k and counts[k] >= min_repeats and " " in k
                  and "notes to" not in k and i not in out]
    for i in candidates:
        if _at_page_edge(order[i], edges, short):
            near[keys[i]] += 1
    for i in candidates:
        key = keys[i]
        if near[key] >= min_repeats and near[key] * 5 >= counts[key] * 4 and i not in in_cells:
            out.add(i)
    return Furniture(out, footer_lines)
