"""batch.py: input expansion, ordered runs in worker processes, error records, Parquet parts, resume."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

from segmenter import batch
from segmenter.batch import JsonlSink, ParquetSink, expand_inputs, run_batch
from segmenter.output import document_to_json

CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.txt"))


@pytest.fixture()
def loaded(segmenter_instance, monkeypatch):
    """Runs in this process reuse the session's Segmenter instead of loading another."""
    monkeypatch.setitem(batch._WORKER, "segmenter", segmenter_instance)
    monkeypatch.setitem(batch._WORKER, "model_path", None)
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
