"""align.py: offsets of one rendering of a document moved into another, on a
real filing excerpt (NKE's 2024 10-K, notes 2-5) segmented from its HTML and
rendered to the evaluation key's pipe text."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmenter.align import TextAlignment, document_to_text
from segmenter.answerkey import filing_to_answer_key
from segmenter.ixbrl import read_filing

FIXTURE = Path(__file__).parent / "fixtures" / "evaluate" / "NKE-10-K-2024-05-31-notes-2-5.html.gz"


@pytest.fixture(scope="module")
def mapped(segmenter_instance):
    key = filing_to_answer_key(read_filing(FIXTURE))
    doc = segmenter_instance.segment(FIXTURE)
    moved, alignment = document_to_text(doc, key.text)
    return doc, moved, alignment, key


def test_every_letter_and_digit_of_the_html_text_finds_its_place(mapped):
    doc, moved, alignment, key = mapped
    assert alignment.coverage >= 0.99
    assert moved.text == key.text and len(moved.notes) == len(doc.notes)


def test_moved_cells_sit_on_the_same_displayed_text(mapped):
    doc, moved, alignment, key = mapped
    cells = [c for t in moved.tables for _, _, c in t.values()]
    assert len(cells) > 100
    same = sum(key.text[c.start:c.end] == c.text for c in cells)
    assert same == len(cells)
    dashes = [c for c in cells if c.text == "—"]
    assert dashes and all(key.text[c.start:c.end] == "—" for c in dashes)


def test_moved_notes_start_at_their_heading(mapped):
    doc, moved, alignment, key = mapped
    for before, after in zip(doc.notes, moved.notes):
        heading = " ".join(doc.text[before.start:before.end].replace("|", " ").split()[:3])
        assert " ".join(key.text[after.start:after.end].replace("|", " ").split()[:3]) == heading


def test_repeated_symbols_between_the_same_letters_keep_their_order() -> None:
    source = "Other — — 12 $ 5"
    target = "|Other\n|—\n|\n|—\n|12\n|$\n|5\n"
    al = TextAlignment(source, target)
    first, second = source.index("—"), source.rindex("—")
    assert al.span(first, first + 1) == (target.index("—"), target.index("—") + 1)
    assert al.span(second, second + 1) == (target.rindex("—"), target.rindex("—") + 1)
    assert target[slice(*al.span(source.index("$"), source.index("$") + 1))] == "$"
    assert target[slice(*al.span(source.index("12"), source.index("12") + 2))] == "12"


def test_text_only_one_side_has_is_left_unmapped() -> None:
    source = "Inventories Raw materials 1,234 Finished goods 2,345"
    target = "Inventories\n|Raw materials\n|1,234\n|Page 7 Table of Contents\n|Finished goods\n|2,345"
    al = TextAlignment(source, target)
    assert al.coverage == 1.0
    s = source.index("Finished")
    assert target[slice(*al.span(s, s + len("Finished goods")))] == "Finished goods"
    assert TextAlignment(target, source).coverage < 1.0
