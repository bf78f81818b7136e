"""A readable summary of a Document: notes, block kinds and tables as grids."""

from __future__ import annotations

from collections import Counter

from .types import Column, Document, Table

MAX_LABEL = 44


def _period(col: Column) -> str:
    p = col.period
    if p is None:
        return "?"
    if p.instant is not None:
        return f"@{p.instant.isoformat()}"
    start = p.start.isoformat() if p.start else "?"
    end = p.end.isoformat() if p.end else "?"
    return f"{start}..{end}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table_to_grid(table: Table) -> list[str]:
    """The table as aligned lines: a period header, then label and values per row."""
    ncol = len(table.columns)
    grid = [["", *[_period(c) for c in table.columns]]]
    for row in table.rows:
        values = [""] * ncol
        for cell in row.cells:
            if 0 <= cell.column < ncol and cell.value is not None:
                values[cell.column] = f"{cell.value:,}"
        label = row.label + (f" [{','.join(row.footnotes)}]" if row.footnotes else "")
        grid.append([_cut(label, MAX_LABEL), *values])
    widths = [max(len(r[i]) for r in grid) for i in range(ncol + 1)]
    lines = []
    for r in grid:
        lines.append("  ".join([r[0].ljust(widths[0]), *[v.rjust(w) for v, w in zip(r[1:], widths[1:])]]).rstrip())
    return lines


def document_to_summary(doc: Document) -> str:
    """Several lines of text describing ``doc`` for a person."""
    if doc.error is not None:
        return f"{doc.source}: ERROR {doc.error.type}: {doc.error.message}"
    out = [f"{doc.source}: {len(doc.notes)} note(s)"]
    for note in doc.notes:
        kinds = Counter(b.kind for b in note.blocks)
        number = f"{note.number}. " if note.number else ""
        out.append(f"  note {number}{note.title or '(untitled)'}  topic={note.topic}  chars {note.start}-{note.end}")
        out.append("    blocks: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
        for table in note.tables:
            scale = f"scale {table.scale:,} ({table.scale_source})" if table.scale else "no scale stated"
            caption = f"{table.caption}; " if table.caption else ""
            out.append(f"    table: {caption}{len(table.rows)} rows x {len(table.columns)} columns, {scale}, unit {table.unit}")
            out.extend("      " + line for line in table_to_grid(table))
    return "\n".join(out)
