"""The batch run on a Dask cluster: one task per Parquet part, written by the worker.

Inputs are read where the workers run, so paths must be visible to every
worker (a shared file system) and so must the output folder. The client only
expands the inputs into names and sends each worker a list of them; each
worker process loads the model once and writes
``OUT/<table>/part-NNNNN.parquet`` and its done-marker itself, with the same
schema, part numbering and resume rule as :mod:`segmenter.batch`, so a Dask
run and a local run over the same inputs give the same files. A worker that
dies is Dask's to handle (it retries the task on another worker); the
per-document time limit is the library's cooperative one.

Needs the ``dask[distributed]`` extra (``pip install 'segmenter[dask]'``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .batch import BatchSummary, default_workers, items_to_part
from .inputs import InputItem, expand_inputs
from .tabular import remove_parts_from
from .writers import DEFAULT_PART_SIZE

if TYPE_CHECKING:
    from .settings import Settings


def _chunks(items: Iterable[InputItem], size: int) -> Iterator[list[InputItem]]:
    chunk: list[InputItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _add(a: BatchSummary, b: BatchSummary) -> BatchSummary:
    return BatchSummary(a.documents + b.documents, a.skipped + b.skipped, a.notes + b.notes, a.tables + b.tables,
                        a.cells + b.cells, a.errors + b.errors, a.n_bytes + b.n_bytes, 0.0)


def segment_on_dask(
    paths: Sequence[str],
    out_dir: str | os.PathLike[str],
    *,
    scheduler: str | None = None,
    n_workers: int | None = None,
    list_file: str | None = None,
    part_size: int = DEFAULT_PART_SIZE,
    model_path: str | None = None,
    settings: Settings | None = None,
    resume: bool = False,
    progress: bool | None = False,
) -> BatchSummary:
    """Segment every input named by ``paths`` (files, folders, globs, archives)
    into partitioned Parquet in ``out_dir`` on a Dask cluster and return the totals.

    ``scheduler`` is the address of a running scheduler (``"tcp://host:8786"``);
    without it a ``LocalCluster`` of ``n_workers`` single-threaded worker
    processes is started for the run and closed after it. ``settings`` (a
    :class:`~segmenter.pipeline.Settings`, e.g. with other limits) is sent to
    every worker.
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ImportError("segment_on_dask needs dask: pip install 'segmenter[dask]'") from exc
    if part_size < 1:
        raise ValueError("part_size must be at least 1")
    started = time.perf_counter()
    out = Path(out_dir).absolute()
    out.mkdir(parents=True, exist_ok=True)
    cluster = None
    if scheduler is None:
        # One thread per worker process: each process holds one model and runs one document at a time.
        cluster = LocalCluster(n_workers=n_workers or default_workers(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    bar = None
    if progress or (progress is None and sys.stderr.isatty()):
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
    total = BatchSummary()
    n_parts = 0
    try:
        futures = []
        for index, chunk in enumerate(_chunks(expand_inputs(paths, list_file=list_file, with_data=False), part_size)):
            futures.append(client.submit(items_to_part, index, chunk, str(out), model_path=model_path,
                                         settings=settings, resume=resume,
                                         pure=False))
            n_parts = index + 1
        for future in as_completed(futures):
            summary, messages = future.result()
            total = _add(total, summary)
            for message in messages:
                (bar.write if bar is not None else _stderr)(f"segmenter: {message}")
            if bar is not None:
                bar.update(summary.documents)
        remove_parts_from(out, n_parts)
    finally:
        if bar is not None:
            bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
    return BatchSummary(total.documents, total.skipped, total.notes, total.tables, total.cells, total.errors,
                        total.n_bytes, time.perf_counter() - started)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)

