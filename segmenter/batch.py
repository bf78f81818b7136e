"""Many documents: segment them in worker processes, in input order, into a
writer; record errors; resume after a kill.

The flow is one ordered stream::

    specs -> expand_inputs (inputs.py) -> [InputItem] -> (read + sha256 in this process)
          -> WorkerPool (pool.py; model loaded once per worker) -> DocResult (worker.py), in input order
          -> writer (writers.py: JSON Lines, or one Parquet part per ``part_size`` documents)

At most ``window`` documents are in flight, so memory stays flat however many
inputs there are. A bad document becomes an error record and the run goes on;
so does a document whose worker process dies or runs past the hard time limit
(``WorkerCrashed`` / ``WorkerTimedOut``, stage ``worker``). With
``resume=True`` each unit the writer already holds with the same documents
and content sha256 is skipped (a Parquet part, or a JSON Lines document of
the prefix already written); units are numbered by input position, so a
resumed run writes the same bytes as an uninterrupted one.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .inputs import InputItem, expand_inputs
from .errors import SegmenterError, WorkerCrashed, WorkerTimedOut
from .pool import WorkerPool
from .tabular import empty_rows, extend_rows, read_marker, write_part
from .types import ErrorInfo
from .worker import TOTAL_KEYS, DocResult, add_totals, bytes_to_result, error_result, init_worker
from .writers import DEFAULT_PART_SIZE, JsonlFileSink, JsonlSink, ParquetSink, has_parts

if TYPE_CHECKING:
    from .settings import Settings

__all__ = [
    "DEFAULT_PART_SIZE", "HARD_LIMIT_GRACE", "BatchSummary", "DocResult", "InputItem", "JsonlFileSink", "JsonlSink",
    "ParquetSink", "default_workers", "expand_inputs", "has_parts", "init_worker", "items_to_part", "run_batch",
]

#: In-flight documents per worker: enough to keep workers busy, small enough
#: that memory does not grow with the number of inputs.
IN_FLIGHT_PER_WORKER = 4
#: Below this many input bytes an automatic run stays in one process.
SMALL_RUN_BYTES = 1_000_000
#: Seconds past ``Limits.max_seconds`` before a worker still on one document is
#: stopped: the library checks the limit itself between steps and says which
#: stage ran out; the hard stop is for a step that never returns.
HARD_LIMIT_GRACE = 10.0

Sink = Union[JsonlSink, JsonlFileSink, ParquetSink]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Totals of a run; ``skipped`` counts documents a resumed run found done."""

    documents: int = 0
    skipped: int = 0
    notes: int = 0
    tables: int = 0
    cells: int = 0
    errors: int = 0
    n_bytes: int = 0
    seconds: float = 0.0

    def to_text(self) -> str:
        mb = self.n_bytes / 1e6
        rate = mb / self.seconds if self.seconds > 0 else 0.0
        skipped = f" ({self.skipped} already done)" if self.skipped else ""
        return (f"{self.documents} documents{skipped}, {self.notes} notes, {self.tables} tables, "
                f"{self.cells} cells, {self.errors} errors; {mb:.3f} MB in {self.seconds:.1f} s, {rate:.3f} MB/s")


def _skipped_summary(marker: dict[str, Any]) -> BatchSummary:
    """The totals a done unit recorded, so a resumed run reports (and exits
    with) what the whole output holds."""
    done = len(marker.get("documents", ()))
    totals = {k: int(v) for k, v in marker.get("totals", {}).items() if k in TOTAL_KEYS}
    return BatchSummary(documents=done, skipped=done, **totals)


# ----------------------------------------------------------------------------- the ordered stream

@dataclass(frozen=True, slots=True)
class _Skip:
    part: int
    marker: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Prepared:
    item: InputItem
    data: bytes | None
    sha256: str
    error: ErrorInfo | None


def _prepared(item: InputItem) -> _Prepared:
    try:
        data, error = item.read_bytes(), None
    except SegmenterError as exc:
        data, error = None, ErrorInfo(type(exc).__name__, str(exc), exc.stage)
    return _Prepared(item, data, hashlib.sha256(data).hexdigest() if data is not None else "", error)


def _jobs(items: Iterator[InputItem], sink: Sink, resume: bool) -> Iterator[Any]:
    """(unit, prepared item) in order, each read only when its turn comes; with
    ``resume``, a _Skip for each unit the sink already holds."""
    size = sink.part_size or 1
    for part, chunk in enumerate(iter(lambda: list(itertools.islice(items, size)), [])):
        single = [_prepared(chunk[0])] if len(chunk) == 1 else None
        if resume:
            # A Parquet part is hashed first and read again only if it must be
            # redone, so a resumed run never holds a whole part's bytes.
            shas = [p.sha256 for p in single] if single else [_prepared(item).sha256 for item in chunk]
            marker = sink.done(part, [[item.name, sha] for item, sha in zip(chunk, shas)])
            if marker is not None:
                yield _Skip(part, marker)
                continue
        for p in single or map(_prepared, chunk):
            yield part, p


def _ordered(jobs: Iterator[Any], fmt: str, pool: WorkerPool | None, window: int) -> Iterator[Any]:
    """Results of ``jobs`` in input order with at most ``window`` in flight
    (like ``Pool.imap``); _Skip markers pass through in their place."""
    pending: deque[Any] = deque()

    def submit(job: Any) -> Any:
        if isinstance(job, _Skip):
            return job
        part, p = job
        args = (p.item.name, p.data, p.sha256, fmt, p.error)
        if pool is None:
            return part, bytes_to_result(*args)
        # Keep what an error record needs, not the bytes (the job holds them until sent).
        return part, (pool.submit(p.item.name, *args), p.item.name, p.sha256, len(p.data or b""), fmt)

    for job in jobs:
        pending.append(submit(job))
        while len(pending) >= window:
            yield _resolve(pending.popleft())
    while pending:
        yield _resolve(pending.popleft())


def _resolve(entry: Any) -> Any:
    if isinstance(entry, _Skip):
        return entry
    part, result = entry
    if isinstance(result, DocResult):
        return part, result
    job, name, sha256, n_bytes, fmt = result
    try:
        return part, job.result()
    except (WorkerCrashed, WorkerTimedOut) as exc:  # the worker died or ran out of time on this document
        return part, error_result(name, ErrorInfo(type(exc).__name__, str(exc), exc.stage), sha256, n_bytes, fmt)


# ----------------------------------------------------------------------------- the run

def _workers_for(requested: int | None, head: Sequence[InputItem], *, complete: bool) -> int:
    """How many worker processes to start: never more than documents, and with
    ``requested=None`` (auto) one per core unless the whole run is small
    enough that loading the model in each worker (~4 s, about what parsing
    1 MB takes) would cost more than it saves."""
    workers = requested if requested is not None else default_workers()
    if complete:
        workers = min(workers, len(head))
        if requested is None and sum(i.size() for i in head) < SMALL_RUN_BYTES:
            workers = 1
    return max(1, workers)


def hard_time_limit(settings: Settings | None) -> float:
    """Seconds one document may hold a worker process before it is stopped:
    ``Limits.max_seconds`` plus :data:`HARD_LIMIT_GRACE`."""
    from .settings import Settings

    return (settings or Settings()).limits.max_seconds + HARD_LIMIT_GRACE


def _progress(enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency; degrade quietly without it
        return None
    return tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def run_batch(
    items: Iterable[InputItem],
    sink: Sink,
    *,
    workers: int | None = 1,
    model_path: str | None = None,
    settings: Settings | None = None,
    resume: bool = False,
    progress: bool | None = None,
    time_limit: float | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> BatchSummary:
    """Segment every item into ``sink`` in input order and return the totals.

    ``workers`` > 1 runs that many worker processes, each loading the model
    (with ``settings``) once; 1 runs here; None picks one per core (one for a
    small run). In worker processes a document that crashes its worker, or
    holds it longer than ``time_limit`` seconds (default: ``Limits.max_seconds``
    + :data:`HARD_LIMIT_GRACE`), gets an error record and its worker is
    replaced. ``resume`` (a :class:`JsonlFileSink` or :class:`ParquetSink`)
    skips what the output already holds. ``on_result`` is called after each
    document reaches the sink.
    """
    fmt = "parquet" if isinstance(sink, ParquetSink) else "jsonl"
    if resume and not sink.resumable:
        raise ValueError("resume needs output that records what it holds: a JSON Lines file or Parquet")
    started = time.perf_counter()
    totals = dict(documents=0, skipped=0, **{k: 0 for k in TOTAL_KEYS})
    items = iter(items)
    peek = max(1, workers or default_workers()) * IN_FLIGHT_PER_WORKER
    head = list(itertools.islice(items, peek))
    workers = _workers_for(workers, head, complete=len(head) < peek)
    items = itertools.chain(head, items)
    bar = _progress(progress)
    pool = None
    if workers > 1:
        limit = time_limit if time_limit is not None else hard_time_limit(settings)
        pool = WorkerPool(workers, bytes_to_result, initializer=init_worker, initargs=(model_path, settings),
                          time_limit=limit)
    else:
        init_worker(model_path, settings)
    window = workers * IN_FLIGHT_PER_WORKER
    n_parts = 0
    try:
        for entry in _ordered(_jobs(items, sink, resume), fmt, pool, window):
            if isinstance(entry, _Skip):
                sink.skip(entry.part, entry.marker)
                n_parts = entry.part + 1
                done = _skipped_summary(entry.marker)
                for key in totals:
                    totals[key] += getattr(done, key)
                if bar is not None:
                    bar.update(done.documents)
                continue
            part, result = entry
            sink.add(part, result)
            n_parts = part + 1
            totals["documents"] += 1
            add_totals(totals, result)
            if result.error is not None:
                message = f"segmenter: {result.error.message}"
                if bar is not None:
                    bar.write(message, file=sys.stderr)
                else:
                    print(message, file=sys.stderr)
            if bar is not None:
                seconds = time.perf_counter() - started
                bar.set_postfix_str(f"{totals['n_bytes'] / 1e6 / max(seconds, 1e-9):.2f} MB/s, {totals['errors']} errors",
                                    refresh=False)
                bar.update(1)
            if on_result is not None:
                on_result(result)
        sink.close(n_parts)
    finally:
        if pool is not None:
            pool.close()
        if bar is not None:
            bar.close()
    return BatchSummary(**totals, seconds=time.perf_counter() - started)


def items_to_part(index: int, items: Sequence[InputItem], out_dir: str | os.PathLike[str], *,
                  model_path: str | None = None, settings: Settings | None = None,
                  resume: bool = False) -> tuple[BatchSummary, list[str]]:
    """Read, segment and write Parquet part ``index`` for ``items`` where this
    process runs (a Dask worker); returns its totals and its error messages.
    With ``resume``, a part whose marker lists the same documents and sha256 is
    left as it is."""
    started = time.perf_counter()
    out = Path(out_dir)
    prepared = [_prepared(item) for item in items]
    documents = [[p.item.name, p.sha256] for p in prepared]
    if resume:
        marker = read_marker(out, index)
        if marker is not None and marker.get("documents") == documents:
            return _skipped_summary(marker), []
    init_worker(model_path, settings)
    rows = empty_rows()
    totals = {k: 0 for k in TOTAL_KEYS}
    messages = []
    for p in prepared:
        result = bytes_to_result(p.item.name, p.data, p.sha256, "parquet", p.error)
        extend_rows(rows, result.rows or empty_rows())
        add_totals(totals, result)
        if result.error is not None:
            messages.append(result.error.message)
    write_part(out, index, rows, {"documents": documents, "totals": totals})
    return BatchSummary(documents=len(items), **totals, seconds=time.perf_counter() - started), messages


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
