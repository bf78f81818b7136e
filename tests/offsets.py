"""One check shared by the hostile-input tests: every offset of a Document is
inside its text and every cell's text is the source at its offsets."""

from __future__ import annotations

from segmenter.types import Document


def assert_offsets_true(doc: Document) -> None:
    n = len(doc.text)
    for note in doc.notes:
        assert 0 <= note.start <= note.end <= n
        for block in note.blocks:
            assert 0 <= block.start <= block.end <= n
            for raw in block.cells:
                assert raw.text == doc.text[raw.start:raw.end]
            if block.table is not None:
                for row in block.table.rows:
                    for cell in row.cells:
                        assert cell.text == doc.text[cell.start:cell.end]
