"""Many documents: expand inputs, segment them in worker processes, write
JSON Lines or partitioned Parquet in input order, record errors, resume.

The flow is one ordered stream::

    specs -> expand_inputs -> [InputItem] -> (read + sha256 in this process)
          -> worker pool (model loaded once per worker) -> DocResult, in input order
          -> sink (JSON Lines, or one Parquet part per ``part_size`` documents)

At most ``window`` documents are in flight, so memory stays flat however many
inputs there are. A bad document becomes an error record and the run goes on.
With Parquet, ``resume=True`` skips each part whose done-marker lists the same
documents with the same content sha256; parts are numbered by input position,
so a resumed run writes the same files as an uninterrupted one.
"""

from __future__ import annotations

import glob
import hashlib
import itertools
import multiprocessing
import os
import sys
import tarfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import InputError, SegmenterError, SourceNotFoundError
from .tabular import (
    Rows,
    document_to_rows,
    empty_rows,
    extend_rows,
    read_marker,
    remove_parts_from,
    write_part,
)
from .types import Document, ErrorInfo

#: Documents per Parquet part file (and per resume unit).
DEFAULT_PART_SIZE = 1000
#: In-flight documents per worker: enough to keep workers busy, small enough
#: that memory does not grow with the number of inputs.
IN_FLIGHT_PER_WORKER = 4
#: Below this many input bytes an automatic run stays in one process.
SMALL_RUN_BYTES = 1_000_000
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class InputItem:
    """One document to read: a file, a member of a tar archive, or bytes already read (stdin).

    ``name`` is what output records call it: the path as given, or
    ``archive.tar.gz!member/path`` for an archive member.
    """

    name: str
    path: str = ""
    member: str | None = None
    data: bytes | None = field(default=None, repr=False)
    problem: str | None = None

    def read_bytes(self) -> bytes:
        """The document's raw bytes; raises SourceNotFoundError / InputError."""
        if self.problem is not None:
            raise InputError(self.problem, source=self.name, stage="read")
        if self.data is not None:
            return self.data
        if self.member is None:
            try:
                return Path(self.path).read_bytes()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
                raise SourceNotFoundError("no such file", source=self.name, stage="read") from exc
            except OSError as exc:
                raise InputError(f"cannot read ({exc.strerror or exc})", source=self.name, stage="read") from exc
        try:
            with tarfile.open(self.path, "r:*") as tar:
                handle = tar.extractfile(self.member)
                if handle is None:
                    raise InputError("archive member is not a regular file", source=self.name, stage="read")
                return handle.read()
        except (OSError, KeyError, tarfile.TarError) as exc:
            raise InputError(f"cannot read archive member ({exc})", source=self.name, stage="read") from exc


@dataclass(frozen=True, slots=True)
class DocResult:
    """What a worker sends back for one document: its JSON line or its tidy rows."""

    name: str
    sha256: str
    n_bytes: int
    notes: int
    tables: int
    cells: int
    error: ErrorInfo | None = None
    json: str | None = None
    rows: Rows | None = None


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


# ----------------------------------------------------------------------------- inputs

def _is_tar_name(path: str) -> bool:
    return path.lower().endswith(_TAR_SUFFIXES)


def tar_to_items(path: str, *, with_data: bool = True) -> Iterator[InputItem]:
    """Each regular member of a tar archive (any compression) as an item, in
    archive order; ``with_data`` reads the bytes while streaming through once."""
    try:
        tar = tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as exc:
        # Kept in the stream so the archive gets its error record in input order.
        yield InputItem(name=path, path=path, problem=f"cannot open archive ({exc})")
        return
    with tar:
        for member in tar:
            if not member.isfile():
                continue
            name = f"{path}!{member.name}"
            data = None
            if with_data:
                handle = tar.extractfile(member)
                data = handle.read() if handle is not None else b""
            yield InputItem(name=name, path=path, member=member.name, data=data)


def path_to_items(spec: str, *, with_data: bool = True) -> Iterator[InputItem]:
    """One input argument -> items: a file, a directory (recursive, sorted), a
    glob, or a tar archive (its members). A path that does not exist stays one
    item, so it gets a "no such file" error record."""
    if spec == "-":
        yield InputItem(name="-", data=sys.stdin.buffer.read())
        return
    path = Path(spec)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            yield from path_to_items(str(child), with_data=with_data)
    elif path.is_file():
        if _is_tar_name(spec) and tarfile.is_tarfile(spec):
            yield from tar_to_items(spec, with_data=with_data)
        else:
            yield InputItem(name=spec, path=spec)
    elif _GLOB_CHARS & set(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        for match in matches:
            yield from path_to_items(match, with_data=with_data)
    else:
        yield InputItem(name=spec, path=spec)


def list_file_to_specs(list_file: str) -> Iterator[str]:
    """Paths from a list file, one per line (``-`` reads standard input); blank
    lines and lines starting with ``#`` are skipped."""
    handle: IO[str] = sys.stdin if list_file == "-" else open(list_file, encoding="utf-8")
    try:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line
    finally:
        if handle is not sys.stdin:
            handle.close()


def expand_inputs(specs: Iterable[str], *, list_file: str | None = None, with_data: bool = True) -> Iterator[InputItem]:
    """Every document named by ``specs`` and then by ``list_file``, lazily, in order."""
    for spec in specs:
        yield from path_to_items(spec, with_data=with_data)
    if list_file is not None:
        for spec in list_file_to_specs(list_file):
            yield from path_to_items(spec, with_data=with_data)


# ----------------------------------------------------------------------------- one document

_WORKER: dict[str, Any] = {}
_WORKER_LOCK = threading.Lock()


def init_worker(model_path: str | None = None) -> None:
    """Load the Segmenter once for this process (pool initializer; idempotent,
    and safe when a Dask worker runs several task threads)."""
    with _WORKER_LOCK:
        if _WORKER.get("model_path", 0) == model_path and "segmenter" in _WORKER:
            return
        from . import load

        _WORKER["segmenter"] = load(model_path)
        _WORKER["model_path"] = model_path


def _segmenter() -> Any:
    if "segmenter" not in _WORKER:
        init_worker(None)
    return _WORKER["segmenter"]


def _read(item: InputItem) -> tuple[bytes | None, ErrorInfo | None]:
    try:
        return item.read_bytes(), None
    except SegmenterError as exc:
        return None, ErrorInfo(type(exc).__name__, str(exc), exc.stage)


def bytes_to_result(name: str, data: bytes | None, sha256: str, fmt: str, error: ErrorInfo | None = None) -> DocResult:
    """Segment one document's bytes -> DocResult (never raises: a failure of any
    kind becomes the document's error record)."""
    if error is None and data is not None:
        try:
            doc = _segmenter().segment_or_error(data, name=name)
        except Exception as exc:  # a bug on one document must not stop a corpus run
            doc = Document(source=name, text="", error=ErrorInfo(type(exc).__name__, f"{name}: {exc}", "internal"))
    else:
        doc = Document(source=name, text="", error=error)
    n_bytes = len(data) if data is not None else 0
    rows = document_to_rows(doc, sha256, n_bytes) if fmt == "parquet" else None
    stats = rows["documents"][0] if rows else None
    tables = stats["tables"] if stats else len(doc.tables)
    cells = stats["cells"] if stats else sum(len(r.cells) for t in doc.tables for r in t.rows)
    text = None
    if fmt != "parquet":
        from .output import document_to_json

        text = document_to_json(doc)
    return DocResult(name, sha256, n_bytes, len(doc.notes), tables, cells, doc.error, text, rows)


# ----------------------------------------------------------------------------- sinks

class JsonlSink:
    """One JSON object per line, in input order (``as_array`` collects a JSON array)."""

    part_size: int | None = None

    def __init__(self, out: IO[str], *, as_array: bool = False) -> None:
        self.out = out
        self.as_array = as_array
        self._items: list[Any] = []

    def add(self, part: int, result: DocResult) -> None:
        assert result.json is not None
        if self.as_array:
            import json

            self._items.append(json.loads(result.json))
        else:
            self.out.write(result.json + "\n")

    def skip(self, part: int, marker: dict[str, Any]) -> None:  # pragma: no cover - no parts in JSONL
        raise NotImplementedError

    def close(self, n_parts: int) -> None:
        if self.as_array:
            import json

            json.dump(self._items, self.out, ensure_ascii=False, indent=2)
            self.out.write("\n")
        self.out.flush()


class ParquetSink:
    """Partitioned Parquet: ``DIR/<table>/part-NNNNN.parquet`` per ``part_size`` documents."""

    def __init__(self, out_dir: str | os.PathLike[str], *, part_size: int = DEFAULT_PART_SIZE) -> None:
        if part_size < 1:
            raise ValueError("part_size must be at least 1")
        self.out_dir = Path(out_dir)
        self.part_size = part_size
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # Temp files of a run that was killed while writing a part.
        for stale in self.out_dir.glob("*/.part-*.tmp-*"):
            stale.unlink()
        self._part = 0
        self._rows: Rows = empty_rows()
        self._docs: list[list[str]] = []
        self._totals = _part_totals()

    def add(self, part: int, result: DocResult) -> None:
        if part != self._part:
            self._flush()
            self._part = part
        assert result.rows is not None
        extend_rows(self._rows, result.rows)
        self._docs.append([result.name, result.sha256])
        _count(self._totals, result)

    def skip(self, part: int, marker: dict[str, Any]) -> None:
        self._flush()
        self._part = part + 1

    def _flush(self) -> None:
        if self._docs:
            write_part(self.out_dir, self._part, self._rows, {"documents": self._docs, "totals": self._totals})
        self._rows = empty_rows()
        self._docs = []
        self._totals = _part_totals()

    def close(self, n_parts: int) -> None:
        self._flush()
        remove_parts_from(self.out_dir, n_parts)


def _part_totals() -> dict[str, int]:
    return dict(notes=0, tables=0, cells=0, errors=0, n_bytes=0)


def _count(totals: dict[str, int], result: DocResult) -> None:
    totals["notes"] += result.notes
    totals["tables"] += result.tables
    totals["cells"] += result.cells
    totals["n_bytes"] += result.n_bytes
    totals["errors"] += result.error is not None


def _skipped_summary(marker: dict[str, Any]) -> BatchSummary:
    """The totals a done part recorded, so a resumed run reports (and exits
    with) what the whole output holds."""
    done = len(marker.get("documents", ()))
    totals = {k: int(v) for k, v in marker.get("totals", {}).items() if k in _part_totals()}
    return BatchSummary(documents=done, skipped=done, **totals)


def has_parts(out_dir: str | os.PathLike[str]) -> bool:
    """Whether ``out_dir`` already holds output of a run."""
    return (Path(out_dir) / "_done").is_dir() or (Path(out_dir) / "documents").is_dir()


# ----------------------------------------------------------------------------- the run

@dataclass(frozen=True, slots=True)
class _Skip:
    part: int
    marker: dict[str, Any]


def _prepared(item: InputItem) -> tuple[InputItem, bytes | None, str, ErrorInfo | None]:
    data, error = _read(item)
    return item, data, hashlib.sha256(data).hexdigest() if data is not None else "", error


def _jobs(items: Iterable[InputItem], part_size: int | None, resume_dir: Path | None) -> Iterator[Any]:
    """(part, prepared item) in order; with ``resume_dir``, a _Skip for each part already done."""
    if part_size is None:
        for item in items:
            yield 0, _prepared(item)
        return
    chunk: list[InputItem] = []
    part = 0

    def emit(chunk: list[InputItem], part: int) -> Iterator[Any]:
        marker = read_marker(resume_dir, part) if resume_dir is not None else None
        if marker is not None:
            prepared = [_prepared(i) for i in chunk]
            if marker.get("documents") == [[i.name, sha] for i, _, sha, _ in prepared]:
                yield _Skip(part, marker)
                return
            for p in prepared:
                yield part, p
        else:
            for item in chunk:
                yield part, _prepared(item)

    for item in items:
        chunk.append(item)
        if len(chunk) == part_size:
            yield from emit(chunk, part)
            chunk, part = [], part + 1
    if chunk:
        yield from emit(chunk, part)


def _pool(workers: int, model_path: str | None) -> ProcessPoolExecutor:
    # fork would copy a half-loaded spaCy (and any threads) into the children;
    # forkserver/spawn start clean processes that each load the model once.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=init_worker, initargs=(model_path,))


def _ordered(jobs: Iterator[Any], fmt: str, pool: ProcessPoolExecutor | None, window: int) -> Iterator[Any]:
    """Results of ``jobs`` in input order with at most ``window`` in flight
    (like ``Pool.imap``); _Skip markers pass through in their place."""
    pending: deque[Any] = deque()

    def submit(job: Any) -> Any:
        if isinstance(job, _Skip):
            return job
        part, (item, data, sha, error) = job
        if pool is None:
            return part, bytes_to_result(item.name, data, sha, fmt, error)
        return part, pool.submit(bytes_to_result, item.name, data, sha, fmt, error)

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
    return part, result.result() if isinstance(result, Future) else result


def _item_size(item: InputItem) -> int:
    if item.data is not None:
        return len(item.data)
    try:
        return os.path.getsize(item.path)
    except OSError:
        return 0


def _workers_for(requested: int | None, head: Sequence[InputItem], *, complete: bool) -> int:
    """How many worker processes to start: never more than documents, and with
    ``requested=None`` (auto) one per core unless the whole run is small
    enough that loading the model in each worker (~4 s, about what parsing
    1 MB takes) would cost more than it saves."""
    workers = requested if requested is not None else default_workers()
    if complete:
        workers = min(workers, len(head))
        if requested is None and sum(_item_size(i) for i in head) < SMALL_RUN_BYTES:
            workers = 1
    return max(1, workers)


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
    sink: JsonlSink | ParquetSink,
    *,
    workers: int | None = 1,
    model_path: str | None = None,
    resume: bool = False,
    progress: bool | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> BatchSummary:
    """Segment every item into ``sink`` in input order and return the totals.

    ``workers`` > 1 runs a process pool whose workers each load the model once;
    1 runs here; None picks one per core (one for a small run). ``resume`` (Parquet only) skips parts already done.
    ``on_result`` is called after each document reaches the sink.
    """
    fmt = "parquet" if isinstance(sink, ParquetSink) else "jsonl"
    if resume and not isinstance(sink, ParquetSink):
        raise ValueError("resume needs Parquet output (a folder of parts)")
    resume_dir = sink.out_dir if resume and isinstance(sink, ParquetSink) else None
    started = time.perf_counter()
    totals = dict(documents=0, skipped=0, notes=0, tables=0, cells=0, errors=0, n_bytes=0)
    items = iter(items)
    peek = max(1, workers or default_workers()) * IN_FLIGHT_PER_WORKER
    head = list(itertools.islice(items, peek))
    workers = _workers_for(workers, head, complete=len(head) < peek)
    items = itertools.chain(head, items)
    bar = _progress(progress)
    pool = _pool(workers, model_path) if workers > 1 else None
    window = workers * IN_FLIGHT_PER_WORKER
    if pool is None:
        init_worker(model_path)
    n_parts = 0
    try:
        jobs = _jobs(items, sink.part_size, resume_dir)
        for entry in _ordered(jobs, fmt, pool, window):
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
            _count(totals, result)
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
            pool.shutdown(cancel_futures=True)
        if bar is not None:
            bar.close()
    return BatchSummary(**totals, seconds=time.perf_counter() - started)


def items_to_part(index: int, items: Sequence[InputItem], out_dir: str | os.PathLike[str], *,
                  model_path: str | None = None, resume: bool = False) -> tuple[BatchSummary, list[str]]:
    """Read, segment and write Parquet part ``index`` for ``items`` where this
    process runs (a Dask worker); returns its totals and its error messages.
    With ``resume``, a part whose marker lists the same documents and sha256 is
    left as it is."""
    started = time.perf_counter()
    out = Path(out_dir)
    prepared = [_prepared(item) for item in items]
    documents = [[item.name, sha] for item, _, sha, _ in prepared]
    if resume:
        marker = read_marker(out, index)
        if marker is not None and marker.get("documents") == documents:
            return _skipped_summary(marker), []
    init_worker(model_path)
    rows = empty_rows()
    totals = _part_totals()
    messages = []
    for item, data, sha, error in prepared:
        result = bytes_to_result(item.name, data, sha, "parquet", error)
        extend_rows(rows, result.rows or empty_rows())
        _count(totals, result)
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

