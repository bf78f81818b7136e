"""The shared pattern vocabularies: what each variant accepts, and that none backtracks without bound."""

from __future__ import annotations

import re
import time

import pytest

from segmenter import patterns as P

# Seed 000 (6-K inventory note) cells and labels, PEP/WBA 10-K footnotes under tables.
MARKER_CASES = {
    # text: (pipe cell, pipe paragraph opening, label opening, feature opening, row marker only, header marker only)
    "(i)": (True, False, True, True, True, True),
    "(ii)": (True, False, True, True, True, True),
    "(1)": (True, False, True, True, True, True),
    "*": (True, False, True, True, True, True),
    "†": (True, False, True, True, True, True),
    "1": (True, False, False, False, False, False),
    "1)": (True, False, True, True, False, False),
    "(xlii)": (True, False, False, False, False, False),
    "¹": (True, False, True, True, True, False),
    "(A)": (False, False, True, True, True, True),
    "(2024)": (False, False, False, False, False, False),
    "[1]": (False, False, True, False, False, False),
}


@pytest.mark.parametrize("text", sorted(MARKER_CASES))
def test_marker_variants_accept_what_their_stage_needs(text: str) -> None:
    got = (
        bool(P.PIPE_MARKER_CELL_RE.match(text)),
        bool(P.PIPE_MARKER_PARA_RE.match(text)),
        bool(P.LABEL_MARKER_RE.match(text)),
        bool(P.FEATURE_MARKER_RE.match(text + " ")),
        bool(P.ROW_MARKER_ONLY_RE.match(text)),
        bool(P.HEADER_MARKER_ONLY_RE.match(text)),
    )
    assert got == MARKER_CASES[text]


def test_marker_paragraph_needs_a_word_and_leaves_note_numbers_alone() -> None:
    # Seed 000: "(i) Work-in-process primarily consists ..." is a footnote, "5. INVENTORIES, NET" a heading.
    assert P.PIPE_MARKER_PARA_RE.match("(i) Work-in-process primarily consists of")
    assert P.PIPE_MARKER_PARA_RE.match("* Inventory with")
    assert not P.PIPE_MARKER_PARA_RE.match("5. INVENTORIES, NET")
    # WBA 10-K "1.Includes certain eliminations." starts with a marker for the labeller.
    assert P.LABEL_MARKER_RE.match("1.Includes certain eliminations.")
    assert not P.LABEL_MARKER_RE.match("1.5 million")


def test_trailing_row_markers_split_from_seed_000_labels() -> None:
    m = P.ROW_TRAILING_MARKER_RE.search("Work-in-process(i)")
    assert m is not None and m.group("m") == "(i)" and m.start() == len("Work-in-process")
    m = P.ROW_TRAILING_MARKER_RE.search("Revenue ¹²")
    assert m is not None and m.group("m") == "¹²" and m.start() == len("Revenue")
    assert P.ROW_TRAILING_MARKER_RE.search("Deletion*").group("m") == "*"
    assert P.ROW_TRAILING_MARKER_RE.search("Finished goods") is None


@pytest.mark.parametrize(
    "text, pipe, label, feature",
    [
        ("1,677,440", True, True, True),
        ("(874,897", True, True, True),
        ("$ 950", True, True, True),
        ("12.5%", True, True, True),
        ("21 %", True, True, True),
        ("—", False, True, True),
        ("- $ 12", True, True, False),
        ("Raw materials", False, False, False),
        ("2025", True, True, True),
    ],
)
def test_numeric_cell_variants(text: str, pipe: bool, label: bool, feature: bool) -> None:
    assert bool(P.PIPE_NUMBER_CELL_RE.match(text)) is pipe
    assert bool(P.LABEL_NUMERIC_CELL_RE.match(text)) is label
    assert bool(P.FEATURE_NUMBER_RE.match(text.replace(" ", ""))) is feature


def test_grouped_digits_and_years() -> None:
    assert [m.group() for m in P.CELL_NUMBER_RE.finditer("$1,293,051 and (2,560) .5")] == ["1,293,051", "2,560", ".5"]
    assert P.YEAR_CELL_RE.match("2024") and not P.YEAR_CELL_RE.match("20245")
    assert [m.group() for m in P.YEAR_IN_TEXT_RE.finditer("Fiscal 2024, 12025, June 30, 2025")] == ["2024", "2025"]


def test_matches_in_priority_lets_the_earlier_pattern_win() -> None:
    first, second = re.compile(r"ab"), re.compile(r"b|c")
    got = [(m.re is first, m.group()) for m in P.matches_in_priority((first, second), "abc abc")]
    assert got == [(True, "ab"), (True, "ab"), (False, "c"), (False, "c")]
    refused = P.matches_in_priority((first, second), "abc", accept=lambda m: m.re is not first)
    assert [m.group() for m in refused] == ["b", "c"]
    index = P.span_index([(0, 2), (5, 9)])
    assert [P.in_spans(index, i) for i in (0, 1, 2, 4, 5, 8, 9)] == [True, True, False, False, True, True, False]


# Each regex on a long line built to make a backtracking engine re-split runs of the
# same characters; a line of 200k characters must finish in well under a second per
# call when linear. The bound is generous (a hang guard), not a speed claim.
HOSTILE_LINES = [
    " " * 200_000 + "x",
    "1 " * 100_000 + "x",
    "(" * 200_000,
    "¹" * 200_000 + "x",
    "1,234," * 33_000 + "x",
    "$ " * 100_000 + "x",
    "* " * 100_000,
]
LINEAR_PATTERNS = {
    name: value for name, value in vars(P).items() if isinstance(value, re.Pattern)
}


@pytest.mark.parametrize("name", sorted(LINEAR_PATTERNS))
def test_every_shared_pattern_is_linear_on_hostile_lines(name: str) -> None:
    regex = LINEAR_PATTERNS[name]
    started = time.perf_counter()
    for line in HOSTILE_LINES:
        regex.match(line)
        regex.search(line)
    assert time.perf_counter() - started < 20


def test_fixed_scanners_in_the_stages_are_linear() -> None:
    from segmenter.cells import cells_to_items, label_to_footnotes
    from segmenter.numbers import text_to_scale_statement
    from segmenter.periods import label_to_period, sentence_to_period
    from segmenter.types import RawCell

    started = time.perf_counter()
    # Were quadratic: every "share" scanned to the end of its clause; every date and
    # scale phrase was checked against every one found before it.
    assert text_to_scale_statement("shares " * 30_000) is None
    assert text_to_scale_statement("(in thousands) " * 10_000).scale == 1000
    assert label_to_period("Dec. 31, 2024 " * 10_000) is not None
    assert sentence_to_period("as of Dec. 31, 2024 and " * 10_000) is not None
    assert label_to_footnotes("Revenue " + "¹" * 50_000 + "x") == ("Revenue " + "¹" * 50_000 + "x", ())
    assert cells_to_items([RawCell("(" + " " * 50_000 + "x", 0, 50_002)])[0].kind == "text"
    assert time.perf_counter() - started < 30
