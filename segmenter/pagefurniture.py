"""Pipe text -> page furniture: which narrative lines are page numbers, page footers,
"Table of Contents" lines and running headers.

:func:`page_lines` looks at a whole document's lines once (linear time) and
returns the indices of those that are furniture; :func:`is_page_number` is the
test for a lone page number, which :class:`segmenter.pipescan.PipeScanner` makes
itself because a number right under an open cell may be that cell's content.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from .patterns import PAGE_NUMBER_RE, SCALE_PHRASE_RE, TOC_PHRASES

__all__ = ["NOTE_OPENING", "TextLine", "is_page_number", "page_lines"]


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

#: A line that opens a note heading: "Note 8." / "NOTE 1. BASIS ..." (BMY, GE 10-K). It
#: never continues a cell or the paragraph before it.
NOTE_OPENING = re.compile(r"(?i:note)\s+(?:\d{1,3}[A-Z]?|[A-Z])\b")

def _furniture_key(s: str) -> str:
    """A line's words, without its numbers: page footers "2023 FORM 10-K 44" and
    "2023 FORM 10-K 45" share one key."""
    return " ".join(_WORDS.findall(s.lower()))


def is_page_number(s: str) -> bool:
    """A line that is only a page number ("66", "F-12", "Page 3 of 40")."""
    return PAGE_NUMBER_RE.fullmatch(s) is not None


def page_lines(lines: Sequence[TextLine], *, min_repeats: int = MIN_FURNITURE_REPEATS) -> set[int]:
    """Indices of narrative lines that are page furniture, besides lone page numbers
    (decided in the scan, where the cell they may belong to is known):

    - "Table of Contents" and its spellings;
    - page footers: short lines, no sentence, whose words recur with ``min_repeats``
      different numbers or more ("2023 FORM 10-K 44", "2023 FORM 10-K 45", GE 10-K);
    - running headers: a line of two words or more seen ``min_repeats`` times or more,
      nearly always within ``PAGE_WINDOW`` lines of a page number, a footer or a
      "Table of Contents" line ("TEXAS INSTRUMENTS INCORPORATED AND SUBSIDIARIES",
      TXN 10-Q). A sub-heading that recurs ("NET SALES", HD 10-Q) sits elsewhere.

    A line that opens a note ("Note 8."), says a scale or names the notes section
    ("Notes to ... Financial Statements", which opens the notes) is never furniture.
    """
    keys: list[str | None] = []
    for line in lines:
        s = line.s
        if line.pipe or not s or len(s) > MAX_FURNITURE_CHARS or NOTE_OPENING.match(s) or SCALE_PHRASE_RE.search(s):
            keys.append(None)
            continue
        keys.append(_furniture_key(s))
    counts = Counter(k for k in keys if k)
    numbered: dict[str, set[str]] = {}
    for i, key in enumerate(keys):
        text = lines[i].s
        if (key and counts[key] >= min_repeats and len(text) <= MAX_FOOTER_CHARS and text[-1] != "."
                and any(ch.isdigit() for ch in text)):
            numbered.setdefault(key, set()).add(text)
    footers = {k for k, texts in numbered.items() if len(texts) >= min_repeats}
    out: set[int] = set()
    edges: list[int] = []  # positions (among non-blank lines) of page edges
    order: dict[int, int] = {}
    for i, line in enumerate(lines):
        if not line.s:
            continue
        order[i] = len(order)
        key = keys[i]
        if key and (key in footers or (key in TOC_PHRASES and line.s.lower().strip(" .:") in TOC_PHRASES)):
            out.add(i)
            edges.append(order[i])
        elif not line.pipe and is_page_number(line.s):
            edges.append(order[i])
    if not edges:
        return out
    near: Counter[str] = Counter()
    candidates = [i for i, k in enumerate(keys) if k and counts[k] >= min_repeats and " " in k
                  and "notes to" not in k and i not in out]
    for i in candidates:
        pos = order[i]
        k = bisect_left(edges, pos - PAGE_WINDOW)
        if k < len(edges) and edges[k] <= pos + PAGE_WINDOW:
            near[keys[i]] += 1
    for i in candidates:
        key = keys[i]
        if near[key] >= min_repeats and near[key] * 5 >= counts[key] * 4:
            out.add(i)
    return out
