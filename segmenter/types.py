"""Result types: frozen dataclasses with character offsets into the source.

Every offset is a Python string index into ``Document.text`` (the decoded
input). ``to_dict()`` gives the JSON output contract published as
``segmenter/data/output.schema.json``; ``from_dict()`` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

BlockKind = Literal["heading", "text", "table", "footnote", "boilerplate"]
BLOCK_KINDS: tuple[str, ...] = ("heading", "text", "table", "footnote", "boilerplate")


def _json_number(value: Decimal | None) -> int | float | None:
    """Decimal -> int when integral, else float; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: an instant, or a duration from ``start`` to ``end``."""

    instant: date | None = None
    start: date | None = None
    end: date | None = None

    def to_dict(self) -> dict[str, str]:
        if self.instant is not None:
            return {"instant": self.instant.isoformat()}
        out: dict[str, str] = {}
        if self.start is not None:
            out["start"] = self.start.isoformat()
        if self.end is not None:
            out["end"] = self.end.isoformat()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, str] | None) -> Period | None:
        if not data:
            return None
        if "instant" in data:
            return cls(instant=date.fromisoformat(data["instant"]))
        return cls(
            start=date.fromisoformat(data["start"]) if data.get("start") else None,
            end=date.fromisoformat(data["end"]) if data.get("end") else None,
        )


@dataclass(frozen=True, slots=True)
class RawCell:
    """One table cell as read from the source, before table parsing.

    ``text`` is the cell's content with surrounding white space removed and
    ``source[start:end] == text`` (inner line breaks kept as in the source).
    An empty cell has ``text == ""`` and ``start == end`` at its pipe.

    A reader that sees the table's grid (HTML) also gives the cell's place in
    it: ``row`` (the table row, counted from 0), and ``col``/``col_end`` (the
    grid columns it covers, colspans and rowspans applied). Pipe text has no
    grid: these stay -1 and the table parser rebuilds rows from the cells alone.
    """

    text: str
    start: int
    end: int
    row: int = -1
    col: int = -1
    col_end: int = -1


@dataclass(frozen=True, slots=True)
class Cell:
    """A value in a table row.

    ``value`` has sign and scale applied (``None`` only when the cell shows no
    number at all); ``text`` is the digits as displayed, e.g. ``"874,897"`` for
    ``(874,897)`` (the span a filer's iXBRL tag covers; parentheses, ``$`` and
    ``%`` around it decide sign and unit), with ``source[start:end] == text``,
    or the dash of a zero cell; ``scale`` is the multiplier applied, or
    ``None`` when the document states none. ``period`` is the cell's own
    period when its row names one (a roll-forward's "Balance at December 31,
    2022" or "Balance at beginning of year"), ``None`` when it is its
    column's: :meth:`Table.period_of` gives the one that applies.
    """

    column: int
    value: Decimal | None
    text: str
    scale: int | None
    start: int
    end: int
    unit: str | None = None
    period: Period | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "value": _json_number(self.value),
            "text": self.text,
            "scale": self.scale,
            "unit": self.unit,
            "period": None if self.period is None else self.period.to_dict(),
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cell:
        value = d["value"]
        return cls(
            column=d["column"],
            value=None if value is None else Decimal(str(value)),
            text=d["text"],
            scale=d["scale"],
            start=d["start"],
            end=d["end"],
            unit=d.get("unit"),
            period=Period.from_dict(d.get("period")),
        )


@dataclass(frozen=True, slots=True)
class Column:
    """A value column: its header text joined top to bottom, and its period."""

    label: str
    period: Period | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "period": None if self.period is None else self.period.to_dict(),
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Column:
        return cls(d["label"], Period.from_dict(d["period"]), d["start"], d["end"])


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its label (footnote markers removed), markers, and cells."""

    label: str
    cells: tuple[Cell, ...]
    start: int
    end: int
    footnotes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "footnotes": list(self.footnotes),
            "start": self.start,
            "end": self.end,
            "cells": [c.to_dict() for c in self.cells],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Row:
        return cls(
            label=d["label"],
            cells=tuple(Cell.from_dict(c) for c in d["cells"]),
            start=d["start"],
            end=d["end"],
            footnotes=tuple(d.get("footnotes", ())),
        )


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed table. ``scale_source`` says where the scale was read from
    (``"caption"``, ``"header"``, ``"context"``, ``"document"`` for the scale the
    whole document states most, or ``None`` when none is stated)."""

    caption: str | None
    scale: int | None
    unit: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    start: int
    end: int
    scale_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "scale": self.scale,
            "scale_source": self.scale_source,
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
            "columns": [c.to_dict() for c in self.columns],
            "rows": [r.to_dict() for r in self.rows],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Table:
        return cls(
            caption=d["caption"],
            scale=d["scale"],
            unit=d["unit"],
            columns=tuple(Column.from_dict(c) for c in d["columns"]),
            rows=tuple(Row.from_dict(r) for r in d["rows"]),
            start=d["start"],
            end=d["end"],
            scale_source=d.get("scale_source"),
        )

    def period_of(self, cell: Cell) -> Period | None:
        """The period that applies to ``cell``: its own (a dated row's), else its column's."""
        if cell.period is not None:
            return cell.period
        return self.columns[cell.column].period if 0 <= cell.column < len(self.columns) else None

    def values(self) -> list[tuple[str, Column, Cell]]:
        """Every (row label, column, cell) that holds a value, in reading order."""
        out = []
        for row in self.rows:
            for cell in row.cells:
                if cell.value is not None:
                    out.append((row.label, self.columns[cell.column], cell))
        return out


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, table or line run of the source.

    ``text`` is the block's content with broken lines joined by single spaces
    (for tables: the cells' texts joined by `` | ``); ``start``/``end`` cover it
    in the source. ``cells`` holds the raw cells of a pipe-text cell run;
    ``hint`` is the reader's structural guess (``"cells"``, ``"lines"``,
    ``"viewer"``) and ``decided_by`` names the rule or model that set ``kind``.
    ``policy`` says whether a text block states an accounting policy (``None``
    for blocks of other kinds). ``emphasised``: the HTML reader saw the whole
    line set in bold, italic or underline (pipe text has no such look); like
    ``hint``, it is the reader's and is not written out.
    """

    kind: str
    start: int
    end: int
    text: str
    hint: str = "lines"
    cells: tuple[RawCell, ...] = ()
    table: Table | None = None
    decided_by: str = ""
    policy: bool | None = None
    emphasised: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "decided_by": self.decided_by,
            "policy": self.policy,
            "table": None if self.table is None else self.table.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        table = d.get("table")
        return cls(
            kind=d["kind"],
            start=d["start"],
            end=d["end"],
            text=d["text"],
            table=None if table is None else Table.from_dict(table),
            decided_by=d.get("decided_by", ""),
            policy=d.get("policy"),
        )


@dataclass(frozen=True, slots=True)
class NoteSection:
    """A sub-section of a note: from one of its sub-headings (a heading block
    that is not the note's own) to the next, with the topic of that sub-heading
    ("Inventories" inside "Financial Statement Details" is ``inventories``)."""

    title: str
    topic: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "topic": self.topic, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> NoteSection:
        return cls(title=d["title"], topic=d["topic"], start=d["start"], end=d["end"])


@dataclass(frozen=True, slots=True)
class Note:
    """One note: its heading, topic, extent in the source, its blocks and the
    sub-sections its sub-headings open."""

    number: str | None
    title: str | None
    topic: str | None
    start: int
    end: int
    blocks: tuple[Block, ...]
    heading_start: int | None = None
    heading_end: int | None = None
    decided_by: str = ""
    sections: tuple[NoteSection, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "topic": self.topic,
            "start": self.start,
            "end": self.end,
            "heading_start": self.heading_start,
            "heading_end": self.heading_end,
            "decided_by": self.decided_by,
            "sections": [s.to_dict() for s in self.sections],
            "blocks": [b.to_dict() for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Note:
        return cls(
            number=d["number"],
            title=d["title"],
            topic=d["topic"],
            start=d["start"],
            end=d["end"],
            blocks=tuple(Block.from_dict(b) for b in d["blocks"]),
            heading_start=d.get("heading_start"),
            heading_end=d.get("heading_end"),
            decided_by=d.get("decided_by", ""),
            sections=tuple(NoteSection.from_dict(x) for x in d.get("sections", ())),
        )

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b.table for b in self.blocks if b.table is not None)


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """Why a document could not be segmented."""

    type: str
    message: str
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "message": self.message, "stage": self.stage}


@dataclass(frozen=True, slots=True)
class Document:
    """The result for one input: its decoded text and notes, or an error."""

    source: str
    text: str = field(repr=False)
    notes: tuple[Note, ...] = ()
    error: ErrorInfo | None = None
    form: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "form": self.form,
            "error": None if self.error is None else self.error.to_dict(),
            "notes": [n.to_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str = "") -> Document:
        err = d.get("error")
        return cls(
            source=d["source"],
            text=text,
            notes=tuple(Note.from_dict(n) for n in d["notes"]),
            error=None if err is None else ErrorInfo(err["type"], err["message"], err.get("stage")),
            form=d.get("form"),
        )

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for n in self.notes for t in n.tables)
