"""batch.py (with inputs, worker, pool, writers): input expansion, ordered runs in worker processes,
error records, crashed and hung workers, Parquet parts, JSON Lines and Parquet resume after a kill."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import textwrap
import time
from pathlib import Path

import pytest

from segmenter import batch, worker
from segmenter.batch import JsonlFileSink, JsonlSink, ParquetSink, expand_inputs, run_batch
from segmenter.output import document_to_json
from segmenter.pipeline import Settings

CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.txt"))


@pytest.fixture()
def loaded(segmenter_instance, monkeypatch):
    """Runs in this process reuse the session's Segmenter instead of loading another."""
    monkeypatch.setitem(worker._WORKER, "segmenter", segmenter_instance)
    monkeypatch.setitem(worker._WORKER, "key", (None, Settings()))
    return segmenter_instance


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_expand_inputs_folders_globs_archives_lists(seed_paths, tmp_path):
    (tmp_path / "in" / "b").mkdir(parents=True)
    (tmp_path / "in" / "b" / "z.txt").write_bytes(seed_paths[1].read_bytes())
    (tmp_path / "in" / "a.txt.gz").write_bytes(gzip.compress(seed_paths[0].read_bytes()))
    (tmp_path / "in" / ".hidden").write_text("skip me")
    archive = make_tar(tmp_path / "notes.tar.gz", {"x/one.txt": seed_paths[2].read_bytes(), "two.txt": b"x"})
    listed = tmp_path / "list.txt"
    listed.write_text(f"# a comment\n{seed_paths[0]}\n\n{tmp_path / 'gone.txt'}\n")
    items = list(expand_inputs([str(tmp_path / "in"), str(tmp_path / "*.tar.gz")], list_file=str(listed)))
    assert [i.name for i in items] == [
        str(tmp_path / "in" / "a.txt.gz"), str(tmp_path / "in" / "b" / "z.txt"),
        f"{archive}!x/one.txt", f"{archive}!two.txt", str(seed_paths[0]), str(tmp_path / "gone.txt")]
    assert items[2].read_bytes() == seed_paths[2].read_bytes()
    # A member can be read again later by name (how Dask workers read archives).
    assert batch.InputItem(items[3].name, str(archive), "two.txt").read_bytes() == b"x"
    with pytest.raises(FileNotFoundError):
        items[5].read_bytes()


def test_jsonl_run_keeps_order_and_records_bad_documents(loaded, seed_paths, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01binary\x00")
    paths = [str(seed_paths[2]), str(junk), *map(str, CORPUS[:4]), str(tmp_path / "gone.txt"), str(seed_paths[0])]
    out = io.StringIO()
    summary = run_batch(expand_inputs(paths), JsonlSink(out), workers=1, progress=False)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["source"] for r in records] == paths
    assert records[1]["error"]["type"] == "InputError" and records[1]["error"]["stage"] == "read"
    assert records[6]["error"]["type"] == "SourceNotFoundError"
    # The good documents are exactly what one-at-a-time segmentation gives.
    for path, line in zip(paths, out.getvalue().splitlines()):
        if path not in (str(junk), str(tmp_path / "gone.txt")):
            assert line == document_to_json(loaded.segment_or_error(Path(path), name=path))
    assert summary.documents == 8 and summary.errors == 2
    assert summary.notes == sum(len(r["notes"]) for r in records)


def test_archive_members_parse_like_the_files(loaded, seed_paths, tmp_path):
    archive = make_tar(tmp_path / "seeds.tar.gz", {p.name: p.read_bytes() for p in seed_paths})
    out = io.StringIO()
    run_batch(expand_inputs([str(archive)]), JsonlSink(out), workers=1, progress=False)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["source"] for r in records] == [f"{archive}!{p.name}" for p in seed_paths]
    for record, path in zip(records, seed_paths):
        assert record["notes"] == loaded.segment(path).to_dict()["notes"]


def test_parquet_parts_hold_every_document_and_cell(loaded, tmp_path):
    pd = pytest.importorskip("pandas", reason="reading the parts back uses pandas")
    pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow")
    paths = [str(p) for p in CORPUS[:12]]
    out = io.StringIO()
    run_batch(expand_inputs(paths), JsonlSink(out), workers=1, progress=False)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    summary = run_batch(expand_inputs(paths), ParquetSink(tmp_path, part_size=5), workers=1, progress=False)
    assert sorted(p.name for p in (tmp_path / "cells").iterdir()) == [f"part-0000{i}.parquet" for i in range(3)]
    documents = pd.read_parquet(tmp_path / "documents")
    assert list(documents["document"]) == paths and set(documents["status"]) == {"ok"}
    cells = pd.read_parquet(tmp_path / "cells")
    json_values = [c["value"] for r in records for n in r["notes"] for b in n["blocks"] if b["table"]
                   for row in b["table"]["rows"] for c in row["cells"]]
    assert len(cells) == len(json_values) == summary.cells
    assert [float(v) for v in cells["value"]] == [float(v) for v in json_values]
    assert len(pd.read_parquet(tmp_path / "notes")) == summary.notes
    assert pd.read_parquet(tmp_path / "errors").empty


KILLED_RUN = textwrap.dedent("""
    import os, sys
    from segmenter.batch import ParquetSink, expand_inputs, run_batch
    out, stop_after, *paths = sys.argv[1:]
    seen = []
    def stop(result):
        seen.append(result)
        if len(seen) == int(stop_after):
            os._exit(3)  # as if killed: no clean-up, the open part is lost
    run_batch(expand_inputs(paths), ParquetSink(out, part_size=3), workers=1, progress=False, on_result=stop)
""")


def test_resume_after_kill_writes_the_same_files(loaded, seed_paths, tmp_path):
    pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00junk")
    paths = [str(p) for p in CORPUS[:6]] + [str(junk)] + [str(p) for p in seed_paths] + [str(CORPUS[6])]
    killed = tmp_path / "killed"
    proc = subprocess.run([sys.executable, "-c", KILLED_RUN, str(killed), "7", *paths],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 3, proc.stderr
    assert sorted(p.name for p in (killed / "_done").iterdir()) == ["part-00000.json", "part-00001.json"]
    # A part file half-written when the process died is left as a temp file.
    (killed / "cells" / ".part-00002.parquet.tmp-99999").write_bytes(b"PAR1 torn")
    resumed = run_batch(expand_inputs(paths), ParquetSink(killed, part_size=3), workers=1, resume=True, progress=False)
    whole = tmp_path / "whole"
    full = run_batch(expand_inputs(paths), ParquetSink(whole, part_size=3), workers=1, progress=False)
    assert resumed.skipped == 6 and resumed.documents == full.documents == 11
    assert (resumed.errors, resumed.notes, resumed.cells) == (full.errors, full.notes, full.cells) and full.errors == 1
    assert tree_bytes(killed) == tree_bytes(whole)
    # A document whose content changed makes its part be redone, and only that part.
    changed = tmp_path / "changed.txt"
    changed.write_bytes(CORPUS[7].read_bytes())
    paths2 = paths[:1] + [str(changed)] + paths[2:]
    again = run_batch(expand_inputs(paths2), ParquetSink(killed, part_size=3), workers=1, resume=True, progress=False)
    assert again.skipped == 8  # parts 1-3 of 4
    fresh = tmp_path / "fresh"
    run_batch(expand_inputs(paths2), ParquetSink(fresh, part_size=3), workers=1, progress=False)
    assert tree_bytes(killed) == tree_bytes(fresh)


def test_two_workers_write_the_same_bytes_as_one(loaded, seed_paths, tmp_path):
    pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow")
    paths = [str(p) for p in CORPUS] + [str(p) for p in seed_paths]
    one = run_batch(expand_inputs(paths), ParquetSink(tmp_path / "one", part_size=8), workers=1, progress=False)
    two = run_batch(expand_inputs(paths), ParquetSink(tmp_path / "two", part_size=8), workers=2, progress=False)
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
    assert (one.documents, one.notes, one.cells) == (two.documents, two.notes, two.cells) == (39, one.notes, one.cells)
    assert one.cells > 3000


def test_jsonl_resume_after_sigkill_is_byte_identical(loaded, seed_paths, tmp_path):
    # The real command, killed by SIGKILL once its first records are in the file.
    paths = [str(p) for p in CORPUS] + [str(p) for p in seed_paths]
    out = tmp_path / "out.jsonl"
    ledger = tmp_path / "out.jsonl.done"
    command = [sys.executable, "-m", "segmenter.cli", "parse", "--workers", "1", "--quiet", "-o", str(out), *paths]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        give_up = time.monotonic() + 300  # a hang guard, not a speed claim
        while not (ledger.exists() and ledger.read_text(encoding="utf-8").count("\n") >= 3):
            assert proc.poll() is None and time.monotonic() < give_up, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    written = out.read_bytes().count(b"\n")
    assert 3 <= written < len(paths)  # killed mid-run
    # As if the kill had landed in the middle of a line (of both files).
    with open(out, "ab") as handle:
        handle.write(b'{"source": "torn')
    with open(ledger, "a", encoding="utf-8") as handle:
        handle.write('{"document": "torn')

    resumed = subprocess.run([*command[:-len(paths)], "--resume", *paths], capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    whole = tmp_path / "whole.jsonl"
    full = run_batch(expand_inputs(paths), JsonlFileSink(whole), workers=1, progress=False)
    assert out.read_bytes() == whole.read_bytes()
    assert ledger.read_bytes() == (tmp_path / "whole.jsonl.done").read_bytes()
    assert [json.loads(line)["source"] for line in whole.read_text(encoding="utf-8").splitlines()] == paths
    assert full.documents == len(paths) and full.errors == 0


def test_jsonl_resume_keeps_the_unchanged_prefix_only(loaded, seed_paths, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00junk")
    changed = tmp_path / "changed.txt"
    changed.write_bytes(CORPUS[0].read_bytes())
    paths = [str(seed_paths[0]), str(junk), str(changed), str(seed_paths[1]), str(seed_paths[2])]
    out = tmp_path / "out.jsonl"
    first = run_batch(expand_inputs(paths), JsonlFileSink(out), workers=1, progress=False)
    again = run_batch(expand_inputs(paths), JsonlFileSink(out, resume=True), workers=1, resume=True, progress=False)
    # Everything found done: same totals (the error too), nothing rewritten.
    assert again.skipped == 5 and (again.documents, again.notes, again.cells, again.errors) == \
        (first.documents, first.notes, first.cells, first.errors) == (5, first.notes, first.cells, 1)

    changed.write_bytes(CORPUS[1].read_bytes())  # the third document's content changes
    redo = run_batch(expand_inputs(paths), JsonlFileSink(out, resume=True), workers=1, resume=True, progress=False)
    assert redo.skipped == 2 and redo.documents == 5
    fresh = tmp_path / "fresh.jsonl"
    run_batch(expand_inputs(paths), JsonlFileSink(fresh), workers=1, progress=False)
    assert out.read_bytes() == fresh.read_bytes()
    # Fewer inputs: the documents no longer named are dropped from the end.
    fewer = run_batch(expand_inputs(paths[:3]), JsonlFileSink(out, resume=True), workers=1, resume=True, progress=False)
    assert fewer.skipped == 3 and out.read_bytes() == b"".join(fresh.read_bytes().splitlines(keepends=True)[:3])
    with pytest.raises(ValueError, match="resume"):
        run_batch(expand_inputs(paths), JsonlSink(io.StringIO()), resume=True)


def crash_or_hang(name, data, sha256, fmt, error=None):
    """A worker task for the test below: the worker process dies outright (a
    real SIGKILL, as the out-of-memory killer sends) on a document named
    crash-*, never returns on one named hang-*, and segments the others."""
    if Path(name).name.startswith("crash-"):
        os.kill(os.getpid(), signal.SIGKILL)
    if Path(name).name.startswith("hang-"):
        time.sleep(3600)
    return worker.bytes_to_result(name, data, sha256, fmt, error)


def test_crashed_and_hung_workers_get_error_records_and_the_run_goes_on(loaded, seed_paths, tmp_path, monkeypatch):
    crash = tmp_path / "crash-me.txt"
    crash.write_bytes(seed_paths[0].read_bytes())
    hang = tmp_path / "hang-me.txt"
    hang.write_bytes(seed_paths[1].read_bytes())
    paths = [str(seed_paths[2]), str(crash), str(CORPUS[0]), str(hang), str(CORPUS[1]), str(seed_paths[0])]
    monkeypatch.setattr(batch, "bytes_to_result", crash_or_hang)  # the task the worker processes run
    out = io.StringIO()
    # The 3 s limit counts from when a document reaches its worker, never the
    # model loading: the good documents each take well under a second.
    summary = run_batch(expand_inputs(paths), JsonlSink(out), workers=2, time_limit=3.0, progress=False)
    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["source"] for r in records] == paths
    assert records[1]["error"] == {"type": "WorkerCrashed", "stage": "worker",
                                   "message": f"{crash}: its worker process died (killed by signal 9) [worker]"}
    assert records[3]["error"] == {"type": "WorkerTimedOut", "stage": "worker",
                                   "message": f"{hang}: no result after 3 s; its worker process was stopped [worker]"}
    for path, line in zip(paths, lines):
        if path not in (str(crash), str(hang)):
            assert line == document_to_json(loaded.segment_or_error(Path(path), name=path))
    assert summary.documents == len(paths) and summary.errors == 2
    assert summary.n_bytes == sum(Path(p).stat().st_size for p in paths)


def test_a_worker_that_cannot_start_stops_the_run(seed_paths, tmp_path):
    from segmenter.errors import WorkerStartError

    missing = tmp_path / "no_such_bundle.joblib"
    out = io.StringIO()
    with pytest.raises(WorkerStartError, match="could not start.*no_such_bundle"):
        run_batch(expand_inputs([str(p) for p in seed_paths]), JsonlSink(out), workers=2,
                  model_path=str(missing), progress=False)
    assert out.getvalue() == ""


def test_the_hard_limit_follows_the_documents_time_limit():
    from segmenter.limits import Limits

    assert batch.hard_time_limit(Settings(limits=Limits(max_seconds=2))) == 2 + batch.HARD_LIMIT_GRACE
    assert batch.hard_time_limit(None) == Limits().max_seconds + batch.HARD_LIMIT_GRACE
