"""distributed.py: the same Parquet parts from a real Dask LocalCluster of two worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow")
pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed (pip install 'segmenter[dask]')")

from segmenter import worker  # noqa: E402
from segmenter.batch import ParquetSink, expand_inputs, run_batch  # noqa: E402
from segmenter.distributed import segment_on_dask  # noqa: E402
from segmenter.pipeline import Settings  # noqa: E402

CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.txt"))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_local_cluster_writes_what_a_local_run_writes(segmenter_instance, seed_paths, tmp_path, monkeypatch):
    from dask.distributed import Client, LocalCluster

    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00junk")
    paths = [str(p) for p in seed_paths] + [str(junk)] + [str(p) for p in CORPUS[:4]]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            summary = segment_on_dask(paths, tmp_path / "dask", scheduler=cluster.scheduler_address, part_size=3)
    assert summary.documents == 8 and summary.errors == 1
    monkeypatch.setitem(worker._WORKER, "segmenter", segmenter_instance)
    monkeypatch.setitem(worker._WORKER, "key", (None, Settings()))
    local = run_batch(expand_inputs(paths), ParquetSink(tmp_path / "local", part_size=3), workers=1, progress=False)
    assert (summary.notes, summary.tables, summary.cells) == (local.notes, local.tables, local.cells)
    assert tree_bytes(tmp_path / "dask") == tree_bytes(tmp_path / "local")
