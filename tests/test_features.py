"""features.py: what the block classifier sees of each block."""

from __future__ import annotations

from segmenter.features import TEXT_PREFIX_CHARS, block_shape, blocks_to_features, feature_shapes, feature_texts
from segmenter.pipetext import text_to_blocks


def _blocks(path):
    return text_to_blocks(path.read_text(encoding="utf-8"))


def test_one_feature_row_per_block_with_neighbours(seed_paths):
    blocks = _blocks(seed_paths[0])
    rows = blocks_to_features(blocks)
    assert len(rows) == len(blocks)
    assert rows[0]["first"] == 1 and rows[-1]["last"] == 1
    assert all(len(r["text"]) <= TEXT_PREFIX_CHARS for r in rows)
    table_at = next(i for i, b in enumerate(blocks) if b.hint == "cells")
    assert rows[table_at - 1].get("before_table") == 1
    assert rows[table_at + 1].get("after_table") == 1


def test_shapes_tell_a_footnote_a_heading_and_a_table_apart(seed_paths):
    blocks = _blocks(seed_paths[0])
    by_text = {b.text[:12]: block_shape(b) for b in blocks}
    assert by_text["(i) | Work-i"]["marker_start"] == 1
    assert by_text["5. INVENTORI"]["note_number_start"] == 1 and by_text["5. INVENTORI"]["all_caps"] == 1
    table = next(block_shape(b) for b in blocks if b.hint == "cells")
    assert table["numeric_cell_frac"] >= 0.5


def test_text_and_shapes_split_cleanly(seed_paths):
    rows = blocks_to_features(_blocks(seed_paths[2]))
    assert feature_texts(rows) == [r["text"] for r in rows]
    assert all("text" not in r for r in feature_shapes(rows))
