"""Whole filings -> the notes section: where the notes start and end.

A whole 10-K/10-Q holds numbered headings and tables that are not notes (MD&A,
risk factors, the statements). :func:`blocks_to_sections` finds the notes
section: from a "Notes to (Condensed) (Consolidated) Financial Statements" line
to the next Item heading, "SIGNATURES", an auditor's report or the exhibits
(rules in ``rules/sections.jsonl``). A start line repeated as a running header
opens nothing new, and an end line repeated on every page closes nothing.

Some filers print no such line before their notes (BMY and GE 10-K: "Notes to
Consolidated Financial Statements" appears only in the exhibit index).
:func:`numbers_to_section` then finds the notes by their numbered sequence: the
longest run of headings numbered 1, 2, 3, ... in order. MD&A and risk-factor
lists rarely count that far in order, and the notes section still ends at the
first end line after its last note.

:func:`split_heading_cells` cuts a cell run at a cell that holds a whole "NOTE 3 —
ACCRUED LIABILITIES" heading: NKE 10-K sets its note headings in one-cell
tables, so the pipe-text reader joins them to the table before.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from .errors import RuleError
from .patterns import PIPE_NUMBER_CELL_RE, words_key
from .types import Block, RawCell

__all__ = [
    "CANDIDATE_HINTS", "block_to_marker", "blocks_to_sections", "numbers_to_section",
    "running_header_blocks", "section_rules", "split_heading_cells",
]

#: Hints of blocks that may be a heading or a section line: short narrative lines and cells.
CANDIDATE_HINTS = ("lines", "cell-line")
SECTION_RULES_FILE = "sections.jsonl"
_DIGITS = re.compile(r"\d{1,3}")
# A whole note heading inside one table cell: "NOTE 3 — ACCRUED LIABILITIES" (NKE 10-K).
_HEADING_CELL = re.compile(r"(?:NOTE|Note)\s+\d{1,2}[A-Z]?\s*[.:—–\-]\s*[A-Z][A-Za-z]")
#: Fewest notes a numbered sequence must count to stand for a notes section.
MIN_SEQUENCE = 3


@lru_cache(maxsize=1)
def section_rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(label, id, compiled regex) of ``rules/sections.jsonl`` in file order."""
    where = f"segmenter/rules/{SECTION_RULES_FILE}"
    text = resources.files("segmenter").joinpath("rules", SECTION_RULES_FILE).read_text(encoding="utf-8")
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rule = json.loads(line)
            pattern = re.compile(rule["regex"])
        except (json.JSONDecodeError, KeyError, TypeError, re.error) as exc:
            raise RuleError(f"{where}: line {number}: bad rule ({exc})") from exc
        if rule.get("label") not in ("notes_start", "notes_end") or not rule.get("id"):
            raise RuleError(f"{where}: line {number}: label must be notes_start or notes_end, with an id")
        rules.append((rule["label"], rule["id"], pattern))
    return tuple(rules)


def block_to_marker(block: Block, max_chars: int = 200, hints: Collection[str] = CANDIDATE_HINTS) -> str | None:
    """``"notes_start"``, ``"notes_end"`` or None for one block: only a whole short
    narrative line or cell (at most ``max_chars``; its hint one of ``hints``) can
    open or close the notes section."""
    if block.hint not in hints or len(block.text) > max_chars:
        return None
    text = " ".join(block.text.split())
    for label, _, pattern in section_rules():
        if pattern.match(text):
            return label
    return None


#: The lines a running "Notes to ... Financial Statements" header carries under it:
#: "(Unaudited)", "(Continued)", "June 30, 2023" (PFE, TRV 10-Q pipe text), and the
#: scale of every page ("(Tabular amounts in millions, except per share amounts)",
#: GME 10-K; "($ In Thousands, Except Per Share Amounts Or Unless Otherwise Noted)";
#: "Dollars in millions except per share amounts", T 10-Q), a phrase, not a sentence.
_DATE_LINE = r"[A-Za-z]{3,9}\.?\s+\d{1,2},\s+\d{4}"
_RUNNING_COMPANION = re.compile(
    rf"\((?:unaudited|continued)\)|(?:{_DATE_LINE})"
    r"|\(?[^().]{0,120}\bin (?:thousands|millions|billions)\b[^().]{0,120}\)?", re.IGNORECASE
)
_RUNNING_DATE = re.compile(_DATE_LINE)
_RUNNING_HINTS = (*CANDIDATE_HINTS, "page")
#: How many such lines may follow the running header.
RUNNING_COMPANIONS = 2


def running_header_blocks(blocks: Sequence[Block], *, max_chars: int = 200) -> set[int]:
    """Indices, among a note's ``blocks``, of running headers: a "Notes to ... Financial
    Statements" line (inside a note it opens nothing, it heads a page), with the
    "(Unaudited)", date or scale lines right under it. A header line the reader
    already took for page furniture (hint ``page``) is left to it; its companions,
    which the reader keeps when they state a scale, are not."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block_to_marker(block, max_chars, _RUNNING_HINTS) != "notes_start":
            continue
        if block.hint != "page":
            out.add(i)
        # a date line may stand above it ("AT&T INC." / "JUNE 30, 2023" / "NOTES TO ...", T 10-Q)
        if i and blocks[i - 1].hint in CANDIDATE_HINTS and _RUNNING_DATE.fullmatch(" ".join(blocks[i - 1].text.split())):
            out.add(i - 1)
        for k in range(i + 1, min(len(blocks), i + 1 + RUNNING_COMPANIONS)):
            text = " ".join(blocks[k].text.split())
            if blocks[k].hint not in CANDIDATE_HINTS or not _RUNNING_COMPANION.fullmatch(text):
                break
            out.add(k)
    return out


def section_ends(blocks: Sequence[Block], *, max_chars: int = 200, running_min: int = 3) -> list[int]:
    """Indices of the blocks that close a notes section, less end lines repeated
    ``running_min`` times or more ("PART II — Item 8" as a running header)."""
    marks = [(i, block_to_marker(b, max_chars)) for i, b in enumerate(blocks)]
    seen = Counter(words_key(blocks[i].text) for i, m in marks if m == "notes_end")
    return [i for i, m in marks if m == "notes_end" and seen[words_key(blocks[i].text)] < running_min]


def blocks_to_sections(
    blocks: Sequence[Block], *, max_chars: int = 200, running_min: int = 3
) -> list[tuple[int, int]]:
    """``[first, end)`` block ranges of the notes sections of a whole filing.

    A section opens after a "Notes to ... Financial Statements" line and closes at
    the next end line (Item heading, SIGNATURES, ...); a start line repeated as a
    running header inside a section opens nothing new, and an end line repeated on
    every page closes nothing. ``[]`` when the document has no start line.
    """
    starts = [i for i, b in enumerate(blocks) if block_to_marker(b, max_chars) == "notes_start"]
    if not starts:
        return []
    ends = section_ends(blocks, max_chars=max_chars, running_min=running_min)
    sections: list[tuple[int, int]] = []
    k = 0
    for start in starts:
        while k < len(ends) and ends[k] <= start:
            k += 1
        end = ends[k] if k < len(ends) else len(blocks)
        if sections and sections[-1][1] == end:
            continue
        if start + 1 < end:
            sections.append((start + 1, end))
    return sections


def _number(number: str | None) -> int | None:
    if number is None:
        return None
    found = _DIGITS.fullmatch(number)
    return int(found.group()) if found else None


def numbers_to_section(
    numbered: Sequence[tuple[int, str | None]], ends: Sequence[int], n_blocks: int
) -> tuple[int, int, int] | None:
    """The notes section found by its numbering, or None.

    ``numbered`` holds (block index, note number as printed) of every heading in
    block order; ``ends`` the indices of section end lines. Returns ``(first, end,
    count)``: the block range from the first heading of the longest run numbered
    1, 2, 3, ... in order (each heading the one after the last, "NOTE 1." to
    "NOTE 27.", GE 10-K; no end line between two of them) to the first end line
    after its last heading, and how
    many notes the run counts. None when no run reaches ``MIN_SEQUENCE``.
    """
    # best[n] = (length, first block, last block) of the longest run ending with number n;
    # a run never crosses an end line (an Item heading between "NOTE 2" and "NOTE 3").
    best: dict[int, tuple[int, int, int]] = {}
    top: tuple[int, int, int] | None = None
    for index, printed in numbered:
        n = _number(printed)
        if n is None:
            continue
        if n == 1:
            run = (1, index, index)
        elif n - 1 in best and bisect_left(ends, index) == bisect_left(ends, best[n - 1][2]):
            length, first, _ = best[n - 1]
            run = (length + 1, first, index)
        else:
            continue
        if n not in best or run[0] >= best[n][0]:
            best[n] = run
        if top is None or run[0] > top[0]:
            top = run
    if top is None or top[0] < MIN_SEQUENCE:
        return None
    length, first, last = top
    end = next((e for e in ends if e > last), n_blocks)
    return first, end, length


def split_heading_cells(blocks: Sequence[Block]) -> list[Block]:
    """Blocks with every cell run cut before and after a cell that is a whole
    numbered note heading ("NOTE 3 — ACCRUED LIABILITIES": NKE and CMCSA 10-Ks
    set their headings in one-cell tables that the reader joins to the table
    before).

    A run is cut only when nothing but numbers or empty cells come before its
    first heading cell: a heading among a table's leading title cells (XOM
    10-Q, "DISCLOSURES ABOUT SEGMENTS ..." then "Note 8. ...") stays with the
    table, whose header reads its period from them.

    The pieces stay contiguous (each starts where the one before ends), so they
    still cover every non-space character once; the heading becomes a
    ``cell-line`` block. Other blocks are returned unchanged.
    """
    out: list[Block] = []
    for block in blocks:
        first = next((i for i, c in enumerate(block.cells) if _HEADING_CELL.match(c.text.strip())), None) \
            if block.hint == "cells" else None
        before = [c.text for c in block.cells[:first] if c.text.strip()] if first is not None else []
        if first is None or (before and not any(PIPE_NUMBER_CELL_RE.match(t) for t in before)):
            out.append(block)
            continue
        out.extend(_split_cells_block(block))
    return out


def _split_cells_block(block: Block) -> list[Block]:
    groups: list[tuple[bool, list[RawCell]]] = []
    for cell in block.cells:
        if _HEADING_CELL.match(cell.text.strip()) and len(cell.text) <= 200:
            groups.append((True, [cell]))
        elif not groups or (groups[-1][0] and cell.text.strip()):
            groups.append((False, [cell]))
        else:  # empty cells stay with the piece before them
            groups[-1][1].append(cell)
    pieces: list[Block] = []
    for n, (heading, cells) in enumerate(groups):
        start = block.start if n == 0 else pieces[-1].end
        last = [c for c in cells if c.text.strip()] or cells
        end = block.end if n + 1 == len(groups) else max(last[-1].end, start)
        text = " | ".join(" ".join(c.text.split()) for c in cells if c.text.strip())
        if heading:
            pieces.append(replace(block, kind="text", start=start, end=end, text=text, hint="cell-line", cells=tuple(cells)))
        else:
            pieces.append(replace(block, start=start, end=end, text=text, cells=tuple(cells)))
    return pieces
