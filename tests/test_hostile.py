"""Hostile pipe and plain text (issue 5): every input ends in a Document or a
SegmenterError, in time linear in its size, with offsets that stay true.

The three costliest inputs run at a tenth of their full size by default so the
suite stays quick; ``SEGMENTER_HOSTILE_SCALE=1`` runs them full size (a million
``|`` lines, a table of 200k cells, a megabyte of white space and pipes). The
time bounds are hang guards, far above the linear cost, not speed claims.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segmenter.cells import label_to_footnotes
from segmenter.errors import SegmenterError
from segmenter.numbers import text_to_number, text_to_number_span, text_to_scale_statement
from segmenter.periods import label_to_period, sentence_to_period, text_to_dates
from segmenter.pipetext import text_to_blocks
from segmenter.tables import cells_to_table

from offsets import assert_offsets_true

SCALE = float(os.environ.get("SEGMENTER_HOSTILE_SCALE", "0.1"))
HANG_GUARD_SECONDS = 60


def _garbage() -> bytes:
    rnd = random.Random(5)
    return bytes(rnd.getrandbits(8) for _ in range(1_000_000))


def _whitespace_and_pipes() -> str:
    rnd = random.Random(5)
    return "".join(rnd.choice(["|", " ", "\n", "\t", " |", "| "]) for _ in range(int(1_000_000 * SCALE)))


def _cell_table() -> str:
    rows = int(100_000 * SCALE)  # two cells a row: 200k cells at full size
    return "NOTE 5. INVENTORIES\n" + "".join(f"|Item {i}\n|{i:,}\n" for i in range(rows))


HOSTILE: dict[str, Callable[[], str | bytes]] = {
    "million_pipe_lines": lambda: "|\n" * int(1_000_000 * SCALE),
    "two_mb_of_1234": lambda: "1,234," * (2_000_000 // 6),
    "unmatched_open_parens": lambda: "(" * 500_000,
    "note_heading_repeated_on_one_line": lambda: "NOTE 5. INVENTORIES " * 100_000,
    "one_mb_single_line_heading": lambda: ("INVENTORIES AND OTHER " * 50_000)[:1_000_000],
    "table_of_200k_cells": _cell_table,
    "binary_garbage": _garbage,
    "only_whitespace_and_pipes": _whitespace_and_pipes,
    # Were quadratic in periods.py / numbers.py before issue 5: a sentence full of dates
    # or share words before a table is read for the table's period and scale.
    "dates_before_a_table": lambda: "NOTE 5. INVENTORIES\n\n" + "As of Dec. 31, 2024 " * 10_000
    + "\n\n|Raw materials\n|1,234\n|Finished goods\n|2,345\n",
    "shares_before_a_table": lambda: "NOTE 5. INVENTORIES\n\n(in thousands) " + "shares " * 20_000
    + "\n\n|Raw materials\n|1,234\n|Finished goods\n|2,345\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_ends_in_a_document_or_our_error(name: str, segmenter_instance) -> None:
    data = HOSTILE[name]()
    started = time.perf_counter()
    try:
        doc = segmenter_instance.segment(data)
    except SegmenterError:
        doc = None
    assert time.perf_counter() - started < HANG_GUARD_SECONDS
    if doc is not None:
        assert_offsets_true(doc)


def test_binary_garbage_is_refused_as_input(segmenter_instance) -> None:
    with pytest.raises(SegmenterError, match="binary"):
        segmenter_instance.segment(_garbage())


def test_a_table_of_many_cells_keeps_every_row(segmenter_instance) -> None:
    doc = segmenter_instance.segment(_cell_table())
    rows = [row for note in doc.notes for b in note.blocks if b.table for row in b.table.rows]
    assert len(rows) == int(100_000 * SCALE)
    assert rows[-1].cells[0].text == f"{len(rows) - 1:,}"


# --------------------------------------------------------------------------- properties

PIPE_TOKENS = [
    "|", "|", "\n", "\n", " ", " |", "(", ")", "1,234", "(874,897", "$", "—", "%", "(i)", "*", "¹",
    "NOTE 5.", "INVENTORIES", "Raw materials", "As of", "June 30, 2025", "2024", "(in thousands)",
    "|X", "- Definition", "\t", "\r\n", "\x0c", "\u2028", "\x85", "12 Months Ended", "[Abstract]", "shares",
    "primarily consists of raw materials held", ".",
]
pipe_text = st.lists(st.sampled_from(PIPE_TOKENS), max_size=60).map("".join)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(pipe_text)
def test_pipe_reader_offsets_are_true_and_stable(text: str) -> None:
    blocks = text_to_blocks(text)
    for block in blocks:
        assert 0 <= block.start <= block.end <= len(text)
        for raw in block.cells:
            assert 0 <= raw.start <= raw.end <= len(text)
            assert raw.text == text[raw.start:raw.end]
    for a, b in zip(blocks, blocks[1:]):
        assert a.end <= b.start
    assert text_to_blocks(text) == blocks


@PROPERTY
@given(pipe_text)
def test_table_parser_cells_are_their_source(text: str) -> None:
    cells = tuple(c for b in text_to_blocks(text) for c in b.cells)
    if not cells:
        return
    try:
        table = cells_to_table(cells)
    except SegmenterError:
        return
    assert 0 <= table.start <= table.end <= len(text)
    for row in table.rows:
        assert 0 <= row.start <= row.end <= len(text)
        for cell in row.cells:
            assert cell.text == text[cell.start:cell.end]
    assert cells_to_table(cells) == table


cell_text = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(PIPE_TOKENS + ["-", "–", "0", ",", "US$"]), max_size=8).map("".join))


@PROPERTY
@given(cell_text)
def test_number_readers_never_raise_and_spans_stay_inside(text: str) -> None:
    number = text_to_number(text)
    assert number is None or number.value == text_to_number(text).value
    start, end = text_to_number_span(text)
    assert 0 <= start <= end <= len(text)
    statement = text_to_scale_statement(text)
    assert statement is None or statement.scale > 0
    label, markers = label_to_footnotes(text)
    assert label_to_footnotes(text) == (label, markers)


@PROPERTY
@given(cell_text)
def test_period_readers_never_raise_and_dates_stay_inside(text: str) -> None:
    for month, day, _year, start, end in text_to_dates(text):
        assert 1 <= month <= 12 and 1 <= day <= 31
        assert 0 <= start < end <= len(text)
    assert label_to_period(text, context=text) == label_to_period(text, context=text)
    assert sentence_to_period(text) == sentence_to_period(text)


def test_hostile_inputs_leave_no_trace_on_the_next_document(segmenter_instance, seed_paths):
    """One Segmenter serves a whole corpus: a hostile document before a good
    one (refused, over a limit, or parsed) must not change the good one's output."""
    before = [segmenter_instance.segment(p).to_dict() for p in seed_paths]
    for name in ("binary_garbage", "unmatched_open_parens", "dates_before_a_table", "table_of_200k_cells"):
        segmenter_instance.segment_or_error(HOSTILE[name]())
    assert [segmenter_instance.segment(p).to_dict() for p in seed_paths] == before
