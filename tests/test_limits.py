"""limits.py: per-document limits (size, table cells, wall time) on real inputs.

Each limit is hit on a seed note or an HTML fixture with a tiny setting; the
error must name the document, the limit, its value, the setting that changes
it and the stage, and ``segment_or_error`` must turn it into an error record.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import pytest

from segmenter.errors import InputError, LimitError, SegmenterError
from segmenter.html import html_to_blocks
from segmenter.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CELLS, DEFAULT_MAX_SECONDS, Deadline, Limits
from segmenter.pipeline import Settings
from segmenter.pipetext import text_to_blocks
from segmenter.read import read_source

AMC = Path(__file__).parent / "fixtures" / "html" / "amc-10-q-2023-06-30-notes-4-5.html.gz"


def _with_limits(segmenter_instance, **limits):
    """The session's Segmenter (models already loaded) with other limits."""
    seg = copy.copy(segmenter_instance)
    seg.settings = Settings(limits=Limits(**limits))
    return seg


def _raw_cells(path: Path) -> int:
    src = read_source(path)
    blocks = html_to_blocks(src.text, name=src.name)[1] if src.form == "html" else text_to_blocks(src.text)
    return sum(len(b.cells) for b in blocks)


def test_defaults_are_the_documented_ones():
    limits = Limits()
    assert (limits.max_bytes, limits.max_cells, limits.max_seconds) == (256 * 1024 * 1024, 2_000_000, 300)
    assert (DEFAULT_MAX_BYTES, DEFAULT_MAX_CELLS, DEFAULT_MAX_SECONDS) == (268_435_456, 2_000_000, 300.0)
    assert Settings().limits == limits
    for documented in ("256 MiB", "2,000,000", "300"):
        assert documented in Limits.__doc__


@pytest.mark.parametrize("bad", [
    dict(max_bytes=0), dict(max_bytes=-1), dict(max_bytes=1.5), dict(max_bytes=True), dict(max_cells=0),
    dict(max_cells="10"), dict(max_seconds=0), dict(max_seconds=-3), dict(max_seconds=math.nan),
    dict(max_seconds=math.inf), dict(max_seconds=False),
])
def test_limits_are_validated(bad):
    (field,) = bad
    with pytest.raises(ValueError, match=f"Limits.{field}"):
        Limits(**bad)


def test_limit_error_is_an_input_error_and_a_value_error():
    assert issubclass(LimitError, InputError) and issubclass(LimitError, SegmenterError)
    assert issubclass(LimitError, ValueError)


def _assert_names_everything(exc: LimitError, source: str, limit: str, shown: str, stage: str) -> None:
    message = str(exc)
    assert exc.source == source and message.startswith(f"{source}: ")
    assert exc.limit == limit and exc.stage == stage and message.endswith(f"[{stage}]")
    assert f"over the {limit} limit of {shown}" in message
    assert f"Limits({limit}=...)" in message and "--" + limit.replace("_", "-") in message


@pytest.mark.parametrize("form", ["path", "bytes", "text"])
def test_max_bytes_on_a_seed(segmenter_instance, seed_paths, form):
    path = seed_paths[0]
    size = path.stat().st_size
    source = {"path": path, "bytes": path.read_bytes(), "text": path.read_text(encoding="utf-8")}[form]
    name = {"path": str(path), "bytes": "<bytes>", "text": "<text>"}[form]
    with pytest.raises(LimitError) as info:
        _with_limits(segmenter_instance, max_bytes=size - 1).segment(source)
    _assert_names_everything(info.value, name, "max_bytes", f"{size - 1:,} bytes", "read")
    assert info.value.value == size - 1
    # At exactly the limit the seed is read and segmented.
    assert _with_limits(segmenter_instance, max_bytes=size).segment(source).notes


@pytest.mark.parametrize("path", ["seed", AMC], ids=["pipe-seed", "html-amc"])
def test_max_cells_at_and_over_the_limit(segmenter_instance, seed_paths, path):
    path = seed_paths[2] if path == "seed" else path
    cells = _raw_cells(path)
    assert cells > 100
    doc = _with_limits(segmenter_instance, max_cells=cells).segment(path)
    assert doc.tables
    with pytest.raises(LimitError) as info:
        _with_limits(segmenter_instance, max_cells=cells - 1).segment(path)
    _assert_names_everything(info.value, str(path), "max_cells", f"{cells - 1:,}", "blocks")
    assert f"{cells:,} table cells" in str(info.value)


def test_max_seconds_tiny_stops_at_the_first_check(segmenter_instance, seed_paths):
    with pytest.raises(LimitError) as info:
        _with_limits(segmenter_instance, max_seconds=1e-9).segment(seed_paths[0])
    _assert_names_everything(info.value, str(seed_paths[0]), "max_seconds", "1e-09 s", "read")


class _Ticks:
    """A clock that moves one second each time it is read: the n-th check of a
    deadline of n - 1 seconds is the first one past it."""

    def __init__(self) -> None:
        self.now = -1.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def test_time_is_checked_after_each_stage_and_before_each_table(segmenter_instance, seed_paths):
    src = read_source(seed_paths[0])  # seed 000: two notes of two tables each
    stages = []
    for seconds in range(100):
        try:
            doc = segmenter_instance.segment_source(src, deadline=Deadline(seconds, source=src.name, clock=_Ticks()))
        except LimitError as exc:
            assert exc.limit == "max_seconds" and exc.source == src.name
            stages.append(exc.stage)
            continue
        break
    assert len(doc.notes) == 2 and len(doc.tables) == 4
    assert stages == ["blocks", "notes", "classify", "classify", "tables", "tables", "tables", "tables"]


def test_deadline_remaining_counts_down():
    clock = _Ticks()
    deadline = Deadline(5, source="x", clock=clock)
    assert deadline.remaining() == 4
    deadline.check("read")
    assert deadline.remaining() == 2


@pytest.mark.parametrize("limits, limit, stage", [
    (dict(max_bytes=100), "max_bytes", "read"),
    (dict(max_cells=10), "max_cells", "blocks"),
    (dict(max_seconds=1e-9), "max_seconds", "read"),
])
def test_segment_or_error_gives_an_error_record(segmenter_instance, seed_paths, limits, limit, stage):
    doc = _with_limits(segmenter_instance, **limits).segment_or_error(seed_paths[2])
    assert doc.error is not None and not doc.notes and doc.text == ""
    assert doc.source == str(seed_paths[2])
    assert (doc.error.type, doc.error.stage) == ("LimitError", stage)
    assert f"over the {limit} limit" in doc.error.message
    record = doc.to_dict()
    assert record["error"]["type"] == "LimitError" and record["error"]["stage"] == stage


def test_a_limit_error_survives_pickling_with_its_message(seed_paths):
    import pickle

    with pytest.raises(LimitError) as info:
        read_source(seed_paths[0], limits=Limits(max_bytes=10))
    again = pickle.loads(pickle.dumps(info.value))
    assert isinstance(again, LimitError) and str(again) == str(info.value)


def test_parse_command_applies_the_limit_flags(seed_paths, capsys):
    import json

    from segmenter.cli import main

    code = main(["parse", "--quiet", "--workers", "1", "--max-cells", "100", str(seed_paths[0]), str(seed_paths[1])])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1 and [r["source"] for r in records] == [str(seed_paths[0]), str(seed_paths[1])]
    over, fine = records
    assert over["error"]["type"] == "LimitError" and over["error"]["stage"] == "blocks"
    assert "312 table cells (over the max_cells limit of 100" in over["error"]["message"]
    assert fine["error"] is None and fine["notes"][0]["topic"] == "receivables"  # 5 cells: under the limit


@pytest.mark.parametrize("flag, value", [("--max-seconds", "0"), ("--max-bytes", "-5"), ("--max-cells", "0")])
def test_parse_command_refuses_a_bad_limit(seed_paths, capsys, flag, value):
    from segmenter.cli import main

    assert main(["parse", flag, value, str(seed_paths[0])]) == 2
    assert "Limits.max_" in capsys.readouterr().err


def test_parse_help_gives_the_defaults(capsys):
    from segmenter.cli import main

    with pytest.raises(SystemExit):
        main(["parse", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--max-bytes N largest decoded size of one document, after gunzip (default: 268,435,456 = 256 MiB)" in shown
    assert "(default: 2,000,000)" in shown and "(default: 300)" in shown
