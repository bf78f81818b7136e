"""summary.py: the readable grid `segmenter demo` prints."""

from __future__ import annotations

from segmenter.summary import document_to_summary, table_to_grid


def test_grid_aligns_periods_labels_and_signed_values(segmenter_instance, seed_paths):
    doc = segmenter_instance.segment(seed_paths[0])
    lines = table_to_grid(doc.tables[0])
    assert lines[0].split() == ["@2025-06-30", "@2024-12-31"]
    provision = next(line for line in lines if line.startswith("Less: inventory impairment provision"))
    assert provision.split()[-2:] == ["-874,897", "-1,127,700"]
    assert "Work-in-process [i]" in lines[2]
    # Right-aligned: every value column ends at the same place.
    assert len({len(line) for line in lines[1:]}) == 1


def test_summary_names_notes_topics_and_errors(segmenter_instance, seed_paths):
    text = document_to_summary(segmenter_instance.segment(seed_paths[2]))
    assert "note 27. SEGMENT REPORTING  topic=segment_reporting" in text
    assert "scale 1,000 (context)" in text
    bad = segmenter_instance.segment_or_error(b"", name="empty.txt")
    assert document_to_summary(bad).startswith("empty.txt: ERROR InputError")
