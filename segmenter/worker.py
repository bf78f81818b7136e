"""One document in a worker process: the model loaded once, bytes -> result.

A batch run (:mod:`segmenter.batch`), a pool process (:mod:`segmenter.pool`)
and a Dask task (:mod:`segmenter.distributed`) all segment through
:func:`bytes_to_result`, which never raises: whatever goes wrong with one
document becomes that document's error record.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .tabular import Rows, document_to_rows
from .types import Document, ErrorInfo

if TYPE_CHECKING:
    from .pipeline import Segmenter
    from .settings import Settings

#: The counts a result adds to a run's totals (and a Parquet part's marker).
TOTAL_KEYS: tuple[str, ...] = ("notes", "tables", "cells", "errors", "n_bytes")

_WORKER: dict[str, Any] = {}
_WORKER_LOCK = threading.Lock()


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

    def totals(self) -> dict[str, int]:
        """This document's counts under :data:`TOTAL_KEYS`."""
        return dict(notes=self.notes, tables=self.tables, cells=self.cells,
                    errors=int(self.error is not None), n_bytes=self.n_bytes)


def add_totals(into: dict[str, int], result: DocResult) -> None:
    """Add one result's counts to ``into`` (a dict with :data:`TOTAL_KEYS`)."""
    for key, value in result.totals().items():
        into[key] = into.get(key, 0) + value


def init_worker(model_path: str | None = None, settings: Settings | None = None) -> None:
    """Load the Segmenter once for this process (pool initializer; idempotent,
    and safe when a Dask worker runs several task threads)."""
    from .settings import Settings

    key = (model_path, settings or Settings())
    with _WORKER_LOCK:
        if _WORKER.get("key") == key and "segmenter" in _WORKER:
            return
        from . import load

        _WORKER["segmenter"] = load(model_path, settings)
        _WORKER["key"] = key


def _segmenter() -> Segmenter:
    if "segmenter" not in _WORKER:
        init_worker(None)
    return _WORKER["segmenter"]


def document_to_result(name: str, doc: Document, sha256: str, n_bytes: int, fmt: str) -> DocResult:
    """A segmented (or failed) Document -> DocResult: tidy rows for ``fmt ==
    "parquet"``, otherwise its JSON line."""
    rows = document_to_rows(doc, sha256, n_bytes) if fmt == "parquet" else None
    stats = rows["documents"][0] if rows else None
    tables = stats["tables"] if stats else len(doc.tables)
    cells = stats["cells"] if stats else sum(len(r.cells) for t in doc.tables for r in t.rows)
    text = None
    if fmt != "parquet":
        from .output import document_to_json

        text = document_to_json(doc)
    return DocResult(name, sha256, n_bytes, len(doc.notes), tables, cells, doc.error, text, rows)


def error_result(name: str, error: ErrorInfo, sha256: str, n_bytes: int, fmt: str) -> DocResult:
    """The error record of a document that could not be segmented at all."""
    return document_to_result(name, Document(source=name, text="", error=error), sha256, n_bytes, fmt)


def bytes_to_result(name: str, data: bytes | None, sha256: str, fmt: str, error: ErrorInfo | None = None) -> DocResult:
    """Segment one document's bytes -> DocResult (never raises: a failure of any
    kind becomes the document's error record)."""
    n_bytes = len(data) if data is not None else 0
    if error is not None or data is None:
        return error_result(name, error or ErrorInfo("InputError", f"{name}: nothing to read", "read"),
                            sha256, n_bytes, fmt)
    try:
        doc = _segmenter().segment_or_error(data, name=name)
    except Exception as exc:  # a bug on one document must not stop a corpus run
        doc = Document(source=name, text="", error=ErrorInfo(type(exc).__name__, f"{name}: {exc}", "internal"))
    return document_to_result(name, doc, sha256, n_bytes, fmt)
