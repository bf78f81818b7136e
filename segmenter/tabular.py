"""Documents -> tidy tables (documents, notes, blocks, cells, errors) -> Parquet.

Each table is one row per thing, keyed by the document name and indexes, so
every one loads in one line (``pandas.read_parquet("OUT/cells")``) and joins
on ``(document, note)`` or ``(document, note, block)``.

``cells.value`` is the exact decimal as a string (``"-874897"``, ``"0.25"``),
with ``cells.value_float`` beside it for quick arithmetic. Why not
``decimal128``: Arrow's decimal needs one scale for the whole column, and a
corpus mixes values with no decimals and values with several (per-share
amounts, percentages, values scaled by thousands); a fixed scale either
truncates the finest ones or overflows 38 digits for the largest, and a
partitioned run cannot widen the scale after its first part is written. The
string always round-trips through ``Decimal(value)``.

pyarrow is imported on first use, so JSON Lines output works without it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SegmenterError
from .types import Document, Period

if TYPE_CHECKING:
    import pyarrow as pa

#: Bumped when a column is added, removed or changes meaning; stored in every
#: Parquet file's metadata under ``segmenter.schema_version``.
SCHEMA_VERSION = "1"
SCHEMA_VERSION_KEY = b"segmenter.schema_version"

#: The tables of a run, in the order their folders are written.
TABLE_NAMES: tuple[str, ...] = ("documents", "notes", "blocks", "cells", "errors")

#: Column name -> Arrow type name, per table. Data, so the schema reads at a glance.
COLUMNS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "documents": (("document", "string"), ("sha256", "string"), ("bytes", "int64"), ("form", "string"),
                  ("notes", "int32"), ("tables", "int32"), ("cells", "int32"), ("status", "string")),
    "notes": (("document", "string"), ("note", "int32"), ("number", "string"), ("title", "string"),
              ("topic", "string"), ("start", "int64"), ("end", "int64"), ("heading_start", "int64"),
              ("heading_end", "int64"), ("decided_by", "string")),
    "blocks": (("document", "string"), ("note", "int32"), ("block", "int32"), ("kind", "string"),
               ("start", "int64"), ("end", "int64"), ("text", "string"), ("decided_by", "string"),
               ("policy", "bool")),
    "cells": (("document", "string"), ("note", "int32"), ("block", "int32"), ("table", "int32"),
              ("row", "int32"), ("row_label", "string"), ("column", "int32"), ("column_label", "string"),
              ("period_start", "date32"), ("period_end", "date32"), ("period_instant", "date32"),
              ("value", "string"), ("value_float", "float64"), ("text", "string"), ("scale", "int64"),
              ("unit", "string"), ("start", "int64"), ("end", "int64")),
    "errors": (("document", "string"), ("stage", "string"), ("error_type", "string"), ("message", "string")),
}

Rows = dict[str, list[dict[str, Any]]]


class OutputError(SegmenterError, OSError):
    """Tidy output cannot be written (pyarrow missing, folder not usable)."""


def empty_rows() -> Rows:
    """One empty row list per table."""
    return {name: [] for name in TABLE_NAMES}


def _value_to_text(value: Decimal | None) -> str | None:
    """Decimal -> its exact text without exponent (``Decimal("9.5E+5")`` -> ``"950000"``)."""
    if value is None:
        return None
    return format(value, "f")


def _period_parts(period: Period | None) -> tuple[Any, Any, Any]:
    if period is None:
        return None, None, None
    return period.start, period.end, period.instant


def document_to_rows(doc: Document, sha256: str = "", n_bytes: int = 0) -> Rows:
    """A Document -> rows for every table (an error document gives a
    ``documents`` row with status ``error`` and one ``errors`` row)."""
    rows = empty_rows()
    n_tables = n_cells = 0
    for ni, note in enumerate(doc.notes):
        rows["notes"].append({
            "document": doc.source, "note": ni, "number": note.number, "title": note.title, "topic": note.topic,
            "start": note.start, "end": note.end, "heading_start": note.heading_start,
            "heading_end": note.heading_end, "decided_by": note.decided_by,
        })
        ti = 0
        for bi, block in enumerate(note.blocks):
            rows["blocks"].append({
                "document": doc.source, "note": ni, "block": bi, "kind": block.kind, "start": block.start,
                "end": block.end, "text": block.text, "decided_by": block.decided_by,
                "policy": getattr(block, "policy", None),
            })
            table = block.table
            if table is None:
                continue
            for ri, row in enumerate(table.rows):
                for cell in row.cells:
                    column = table.columns[cell.column] if 0 <= cell.column < len(table.columns) else None
                    start, end, instant = _period_parts(table.period_of(cell))
                    rows["cells"].append({
                        "document": doc.source, "note": ni, "block": bi, "table": ti, "row": ri,
                        "row_label": row.label, "column": cell.column,
                        "column_label": column.label if column else None,
                        "period_start": start, "period_end": end, "period_instant": instant,
                        "value": _value_to_text(cell.value),
                        "value_float": None if cell.value is None else float(cell.value),
                        "text": cell.text, "scale": cell.scale, "unit": cell.unit,
                        "start": cell.start, "end": cell.end,
                    })
                    n_cells += 1
            ti += 1
            n_tables += 1
    if doc.error is not None:
        rows["errors"].append({"document": doc.source, "stage": doc.error.stage, "error_type": doc.error.type,
                               "message": doc.error.message})
    rows["documents"].append({
        "document": doc.source, "sha256": sha256, "bytes": n_bytes, "form": doc.form, "notes": len(doc.notes),
        "tables": n_tables, "cells": n_cells, "status": "error" if doc.error is not None else "ok",
    })
    return rows


def extend_rows(into: Rows, more: Rows) -> Rows:
    """Append ``more`` to ``into`` table by table; returns ``into``."""
    for name in TABLE_NAMES:
        into[name].extend(more.get(name, ()))
    return into


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the submodule is not imported by the package)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise OutputError("Parquet output needs pyarrow (pip install pyarrow)", stage="output") from exc
    return pyarrow


def table_schema(name: str) -> pa.Schema:
    """The Arrow schema of one table, with the schema version in its metadata."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "float64": pa.float64(),
             "date32": pa.date32(), "bool": pa.bool_()}
    fields = [pa.field(col, types[kind]) for col, kind in COLUMNS[name]]
    return pa.schema(fields, metadata={SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode()})


def rows_to_table(name: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows of one table -> a pyarrow Table with the published schema."""
    pa = _pyarrow()
    schema = table_schema(name)
    columns = [pa.array([r.get(f.name) for r in rows], type=f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def write_atomic(path: Path, write: Any) -> None:
    """Call ``write(tmp_path)`` then rename onto ``path``: a reader (or a resumed
    run) sees the whole file or none of it, even if the process is killed."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def part_name(index: int) -> str:
    """``part-00012.parquet`` for part 12."""
    return f"part-{index:05d}.parquet"


def marker_path(out_dir: Path, index: int) -> Path:
    """Where the done-marker of part ``index`` lives (a folder pandas skips)."""
    return out_dir / "_done" / f"part-{index:05d}.json"


def write_part(out_dir: Path, index: int, rows: Rows, marker: Mapping[str, Any]) -> None:
    """Write part ``index`` of every table, then its done-marker (JSON with the
    documents' names and content sha256). Files are written atomically and the
    marker last, so a part without a marker is simply redone on resume."""
    pq = _pyarrow().parquet
    for name in TABLE_NAMES:
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        table = rows_to_table(name, rows[name])
        write_atomic(folder / part_name(index), lambda tmp, t=table: pq.write_table(t, tmp, compression="zstd"))
    marker_file = marker_path(out_dir, index)
    marker_file.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(marker), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    write_atomic(marker_file, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_marker(out_dir: Path, index: int) -> dict[str, Any] | None:
    """The done-marker of part ``index``, or None when the part is not complete."""
    path = marker_path(out_dir, index)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remove_parts_from(out_dir: Path, first: int) -> None:
    """Delete parts numbered ``first`` and up (left by an earlier run over more inputs)."""
    for name in (*TABLE_NAMES, "_done"):
        folder = out_dir / name
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            stem = path.name.split(".")[0]
            if stem.startswith("part-") and stem[5:].isdigit() and int(stem[5:]) >= first:
                path.unlink()
