"""Decide what each rendered block of a note is: heading, text, table, footnote
or boilerplate, from the note's HTML as :mod:`segmenter.render` walked it.

The labels train the block classifier, so they must say what a person reading
the note would tag a block as, not what HTML element happened to hold it:
a one-row ``<table>`` holding "NOTE 12 — RISK MANAGEMENT AND DERIVATIVES" is
a heading (NKE 10-K), "1. Land is not depreciated." under a table is a
footnote (PEP 10-K), an italic "Privacy and Related Matters" is a heading
(META 10-K).

``blocks_to_kinds`` is the entry point: walked blocks in, one kind per
paragraph (or per table row) out. Every rule is a pure function of text and
``Look`` (how the text was styled).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Sequence

from .patterns import LABEL_MARKER_RE, LABEL_NUMERIC_CELL_RE

KINDS: tuple[str, ...] = ("heading", "text", "table", "footnote", "boilerplate")

# Footnote markers ("(1)", "[1]", "1.Includes ..." of WBA 10-K) and value cells
# ("(874,897", "—") are segmenter.patterns' LABEL_MARKER_RE and LABEL_NUMERIC_CELL_RE.
_DOT_NUMBER = re.compile(r"^\d{1,2}\.\s*")
_BOILERPLATE = re.compile(
    r"(?i)^(?:table of contents|index to (?:consolidated )?financial statements|"
    r"page \d{1,3}|-? ?\d{1,3} ?-?|[ivx]{1,4}|.{0,80}\|\s*\d{1,3})$"
)
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[A-Za-z]")
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with vs via".split())


@dataclass(frozen=True)
class Look:
    """How a run of text was styled: all of it bold, italic or underlined, and
    whether its first character is a superscript (a footnote marker)."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    sup_first: bool = False

    @property
    def emphasised(self) -> bool:
        return self.bold or self.italic or self.underline


# A table cell as walked: (text, tagged facts with offsets, look).
Cell = tuple[str, tuple[tuple[Any, int, int], ...], Look]


@dataclass
class Block:
    """One walked piece of a note: a paragraph, a hidden caption or a table."""

    kind: str  # "para" | "table" | "caption"
    text: str = ""
    facts: tuple[tuple[Any, int, int], ...] = ()
    look: Look = Look()
    policy: bool = False
    rows: tuple[tuple[Cell, ...], ...] = ()


# --------------------------------------------------------------------------- text rules


def is_marker_text(text: str) -> bool:
    """True when ``text`` starts with a footnote marker."""
    return bool(LABEL_MARKER_RE.match(text.strip()))


def is_prose(text: str) -> bool:
    """True for text with at least a few words and more letters than digits."""
    letters = len(_LETTERS.findall(text))
    return letters >= 12 and letters > 2 * len(_DIGIT.findall(text))


#: A line ending in ":" with this many words or more that points at what follows is a sentence.
_INTRO_MIN_WORDS = 5
_POINTS_ON = re.compile(r"\b(?:follow(?:s|ing)?|below)\b", re.IGNORECASE)


def is_heading_text(text: str, emphasised: bool) -> bool:
    """Short (< 120 chars), no final period, starts with a capital; and all
    bold/italic/underlined or all capitals. "(in millions)" is not a heading, nor
    is a sentence that introduces a table ("Our inventory consisted of the
    following (in millions):", bold in CSCO 10-K), though "Derivative Impact on
    the Statements of Income:" is. All capitals stay a heading."""
    stripped = text.strip()
    if not stripped or len(stripped) >= 120 or stripped.endswith((".", ",", ";")):
        return False
    if (stripped.endswith(":") and len(stripped.split()) >= _INTRO_MIN_WORDS and _POINTS_ON.search(stripped)
            and not stripped.isupper()):
        return False
    if stripped.startswith("(") and stripped.endswith(")"):
        return False
    if stripped[0].islower() or not _LETTERS.search(stripped):
        return False  # a fragment of a sentence split by a continuation
    if emphasised:
        return True
    letters = _LETTERS.findall(stripped)
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def is_title_case(text: str) -> bool:
    """Every word but small ones capitalised: "Summary of Significant Accounting Policies"."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if w.lower() not in _SMALL_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def is_numbered_title(text: str, look: Look) -> bool:
    """"1. Summary of Significant Accounting Policies": a numbered title, not a
    footnote (bold or title case, no sentence)."""
    stripped = text.strip()
    if not _DOT_NUMBER.match(stripped):
        return False
    rest = _DOT_NUMBER.sub("", stripped)
    return is_heading_text(rest, look.emphasised) or (
        not rest.endswith(".") and len(rest) < 120 and is_title_case(rest)
    )


def paragraph_to_kind(text: str, look: Look, *, first: bool, after_table: bool) -> str:
    """The kind of one paragraph. ``first``: nothing came before it in the note;
    ``after_table``: a table or a footnote came right before it."""
    stripped = text.strip()
    if _BOILERPLATE.match(stripped):
        return "boilerplate"
    if after_table and (is_marker_text(stripped) or look.sup_first):
        if not is_numbered_title(stripped, look) and not (look.bold and is_heading_text(stripped, True)):
            return "footnote"
    if first and is_heading_text(stripped, True):
        return "heading"
    if is_heading_text(stripped, look.emphasised):
        return "heading"
    return "text"


# --------------------------------------------------------------------------- table rules


def _row_cells(row: Sequence[Cell]) -> list[Cell]:
    return [c for c in row if c[0].strip()]


def cell_is_numeric(cell: Cell) -> bool:
    """A data value: a tagged fact, a number (dash for nil) standing alone, or a
    short cell with a digit ("30 years", "5 – 45 years": JNJ and HD 10-K
    useful-life tables are data tables a reader would call tables)."""
    text = cell[0].strip()
    if cell[1] or LABEL_NUMERIC_CELL_RE.match(text):
        return True
    return len(text) <= 30 and bool(_DIGIT.search(text))


def table_has_data(rows: Sequence[Sequence[Cell]]) -> bool:
    """True when some cell after a row's first (its label or marker) holds a
    number: a data table. "NOTE 12 — RISK MANAGEMENT AND DERIVATIVES" in a
    one-cell table (NKE 10-K) or "(1) | Includes ..." rows are layout."""
    for row in rows:
        cells = _row_cells(row)
        if any(cell_is_numeric(c) for c in cells[1:]) or (cells and cells[0][1]):
            return True
    return False


def row_to_kind(row: Sequence[Cell]) -> str:
    """``footnote`` for a row that is a marker plus prose ("(i) Work-in-process
    primarily consists...", seed 000), ``blank`` for an empty row, else ``table``."""
    cells = _row_cells(row)
    if not cells:
        return "blank"
    joined = " ".join(c[0] for c in cells)
    # A cell's superscript flag is not used: Workiva sets "vertical-align:top" on cells.
    if is_marker_text(cells[0][0]) and is_prose(joined):
        return "footnote"
    return "table"


def layout_row_to_kind(row: Sequence[Cell], *, first: bool, after_table: bool) -> str:
    """A row of a table without data, read as the paragraph it lays out: a
    title (heading), marker + prose (footnote), or a bullet or prose (text)."""
    cells = _row_cells(row)
    if not cells:
        return "blank"
    joined = " ".join(c[0].strip() for c in cells)
    look = Look(
        bold=all(c[2].bold for c in cells if _LETTERS.search(c[0])),
        italic=all(c[2].italic for c in cells if _LETTERS.search(c[0])),
        underline=all(c[2].underline for c in cells if _LETTERS.search(c[0])),
    )
    if is_marker_text(cells[0][0]) and is_prose(joined):
        titled = is_numbered_title(joined, look) or (look.bold and is_heading_text(joined, True))
        return "heading" if titled else "footnote"
    kind = paragraph_to_kind(joined, look, first=first, after_table=after_table)
    return "text" if kind == "boilerplate" else kind


def settle_row_kinds(kinds: Sequence[str]) -> list[str]:
    """Row kinds inside a number table: footnote rows only after the last
    number row count as footnotes; blank rows join the kind before them."""
    last_table = max((i for i, k in enumerate(kinds) if k == "table"), default=-1)
    settled: list[str] = []
    for i, k in enumerate(kinds):
        if k == "footnote" and i < last_table:
            k = "table"
        if k == "blank":
            k = settled[-1] if settled else "table"
        settled.append(k)
    return settled


def table_to_row_kinds(rows: Sequence[Sequence[Cell]], *, first: bool, after_table: bool) -> list[str]:
    """One kind per row of a table block: a data table's rows are ``table``
    except trailing footnote rows; a layout table's rows are read as paragraphs."""
    if table_has_data(rows):
        return settle_row_kinds([row_to_kind(r) for r in rows])
    kinds: list[str] = []
    for row in rows:
        kind = layout_row_to_kind(row, first=first and not kinds, after_table=after_table)
        if kind != "blank":
            after_table = kind == "footnote" or (after_table and kind == "blank")
        kinds.append(kind)
    settled: list[str] = []
    for k in kinds:  # blank rows join the row before (or the first real row)
        settled.append(k if k != "blank" else (settled[-1] if settled else "blank"))
    real = next((k for k in settled if k != "blank"), "text")
    return [real if k == "blank" else k for k in settled]


# --------------------------------------------------------------------------- a note


def blocks_to_kinds(blocks: Sequence[Block]) -> list[list[str]]:
    """One list per block: the kind of each table row, or of the paragraph or
    caption (a one-item list). Empty tables get an empty list."""
    out: list[list[str]] = []
    seen_content = False
    after_table = False
    bare_marker = False
    for block in blocks:
        if block.kind == "caption":
            out.append(["boilerplate"])
            continue
        if block.kind == "table":
            if not any(c[0] for r in block.rows for c in r):
                out.append([])
                continue
            kinds = table_to_row_kinds(block.rows, first=not seen_content, after_table=after_table)
            out.append(kinds)
            seen_content = True
            after_table = True  # a marker under any grid is a footnote (JNJ 10-K "* Milestones ...")
            continue
        kind = paragraph_to_kind(block.text, block.look, first=not seen_content, after_table=after_table)
        if bare_marker and kind == "text":
            kind = "footnote"  # WBA 10-K: "1." and "Land is not depreciated." are two ix:continuations
        out.append([kind])
        if kind == "boilerplate":
            continue
        seen_content = True
        after_table = kind == "footnote"
        bare_marker = kind == "footnote" and not is_prose(block.text)
    return out


# --------------------------------------------------------------------------- policies


_SQUEEZE = re.compile(r"[\s|]+")


def squeeze(text: str) -> str:
    """Text without white space or cell pipes, so rendered and tagged text compare."""
    return _SQUEEZE.sub("", text)


def note_policy_text(note_elements: Sequence[Any], policy_chains: Sequence[Sequence[Any]]) -> str:
    """The squeezed text of every policy piece (an element of a
    ``...PolicyTextBlock`` chain) that lies inside one of the note's elements or
    holds one of them, pieces joined by NUL.

    Both occur: NKE 10-K 2024 tags its derivatives policy as an
    ``ix:nonNumeric`` holding bare text inside a note continuation; RKT 10-K 2023
    carries its revenue policy on in an ``ix:continuation`` that holds the
    note's own continuation, so the note's piece is policy from its first word.
    """
    own = set(note_elements)
    around_note: set[Any] = set()
    for el in note_elements:
        around_note.update(el.iterancestors())
    pieces = [
        squeeze("".join(piece.itertext()))
        for chain in policy_chains
        for piece in chain
        if piece in around_note or any(a in own for a in piece.iterancestors())
    ]
    return "\x00".join(pieces)


def mark_policy_spans(text: str, spans: Sequence[Any], policy_text: str) -> tuple[Any, ...]:
    """``spans`` (with ``start``, ``end``, ``kind``, ``policy``) with each
    ``text`` span's ``policy`` set: true when its squeezed text lies inside
    ``policy_text`` (:func:`note_policy_text`), whatever element held it."""
    out = []
    for span in spans:
        if span.kind == "text":
            key = squeeze(text[span.start:span.end])
            flag = bool(key) and key in policy_text
            if flag != span.policy:
                span = replace(span, policy=flag)
        out.append(span)
    return tuple(out)
