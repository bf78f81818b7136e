"""tabular.py: Document -> tidy rows -> Parquet, round-tripped exactly with pyarrow and pandas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from segmenter.tabular import (
    COLUMNS,
    SCHEMA_VERSION,
    SCHEMA_VERSION_KEY,
    TABLE_NAMES,
    document_to_rows,
    read_marker,
    remove_parts_from,
    write_part,
)
from segmenter.types import Document, ErrorInfo


@pytest.fixture(scope="module")
def inventory_doc(segmenter_instance, seed_paths):
    # Seed 000 (note 5, INVENTORIES, NET): two notes, four tables, negatives in parentheses.
    return segmenter_instance.segment(seed_paths[0])


def test_rows_cover_every_cell_with_its_source_text(inventory_doc):
    rows = document_to_rows(inventory_doc, "ab" * 32, 3156)
    expected = [(label, cell) for t in inventory_doc.tables for label, _, cell in t.values()]
    assert len(rows["cells"]) == sum(len(r.cells) for t in inventory_doc.tables for r in t.rows) >= len(expected)
    for row in rows["cells"]:
        assert inventory_doc.text[row["start"]:row["end"]] == row["text"]
    assert len(rows["notes"]) == 2 and rows["notes"][0]["topic"] == "inventories"
    assert [r["block"] for r in rows["blocks"] if r["note"] == 0] == list(range(len(inventory_doc.notes[0].blocks)))
    doc_row = rows["documents"][0]
    assert doc_row == {"document": inventory_doc.source, "sha256": "ab" * 32, "bytes": 3156, "form": "pipe",
                       "notes": 2, "tables": 4, "cells": len(rows["cells"]), "status": "ok"}
    provision = [r for r in rows["cells"] if r["row_label"] == "Less: inventory impairment provision"]
    assert provision[0]["value"] == "-874897" and provision[0]["text"] == "874,897"
    assert str(provision[0]["period_instant"]) == "2025-06-30" and provision[0]["period_start"] is None
    assert rows["errors"] == []


def test_error_document_gives_error_row_and_status():
    doc = Document(source="junk.bin", text="", error=ErrorInfo("InputError", "junk.bin: binary content [read]", "read"))
    rows = document_to_rows(doc, "", 9)
    assert rows["errors"] == [{"document": "junk.bin", "stage": "read", "error_type": "InputError",
                               "message": "junk.bin: binary content [read]"}]
    assert rows["documents"][0]["status"] == "error" and rows["notes"] == [] and rows["cells"] == []


def test_parquet_round_trip_is_exact(inventory_doc, tmp_path):
    pa = pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow")
    pd = pytest.importorskip("pandas", reason="the round trip reads back with pandas")
    import pyarrow.parquet as pq

    rows = document_to_rows(inventory_doc, "cd" * 32, 3156)
    write_part(tmp_path, 0, rows, {"documents": [[inventory_doc.source, "cd" * 32]]})
    for name in TABLE_NAMES:
        table = pq.read_table(tmp_path / name / "part-00000.parquet")
        assert table.schema.names == [c for c, _ in COLUMNS[name]]
        assert table.schema.metadata[SCHEMA_VERSION_KEY] == SCHEMA_VERSION.encode()
        assert table.num_rows == len(rows[name])
    cells = pd.read_parquet(tmp_path / "cells")
    originals = [c for t in inventory_doc.tables for r in t.rows for c in r.cells]
    assert [Decimal(v) for v in cells["value"]] == [c.value for c in originals]
    assert list(cells["text"]) == [c.text for c in originals]
    assert list(cells["start"]) == [c.start for c in originals]
    assert cells["value_float"].sum() == pytest.approx(float(sum(c.value for c in originals)))
    assert pa.types.is_date32(pq.read_schema(tmp_path / "cells" / "part-00000.parquet").field("period_instant").type)
    assert read_marker(tmp_path, 0) == {"documents": [[inventory_doc.source, "cd" * 32]]}
    assert read_marker(tmp_path, 1) is None
    # No temp files left beside the parts.
    assert not [p for p in tmp_path.rglob(".*")]


def test_value_text_has_no_exponent():
    from segmenter.tabular import _value_to_text

    assert _value_to_text(Decimal("9.5E+5")) == "950000"
    assert _value_to_text(Decimal("-0.25")) == "-0.25"
    assert _value_to_text(None) is None


def test_remove_parts_from_drops_later_parts_only(inventory_doc, tmp_path):
    pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow")
    rows = document_to_rows(inventory_doc)
    for index in range(3):
        write_part(tmp_path, index, rows, {"documents": [[str(index), ""]]})
    remove_parts_from(tmp_path, 1)
    assert sorted(p.name for p in (tmp_path / "cells").iterdir()) == ["part-00000.parquet"]
    assert read_marker(tmp_path, 0) is not None and read_marker(tmp_path, 1) is None
