"""Where a batch run's results go: JSON Lines (a stream or a resumable file) or Parquet parts.

Every writer takes results in input order through the same calls:
``done(part, documents)`` (on resume: is this unit already written, with
these documents and content sha256?), ``skip`` for a unit found done, ``add``
for each new result, and ``close``. A *unit* is one document for JSON Lines
and one part of ``part_size`` documents for Parquet.

A JSON Lines file keeps a ledger beside it, ``OUT.done``: one line per
document written, with its name, content sha256, counts and the byte offset
where its line ends in ``OUT``. Each output line is flushed before its ledger
line, so after a kill the ledger never claims more than the file holds; a
resumed run keeps the longest prefix of documents whose name and sha256
match the ledger, cuts the file there (dropping a torn last line) and
appends the rest, so the file ends byte-identical to an uninterrupted run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from .tabular import Rows, empty_rows, extend_rows, read_marker, remove_parts_from, write_atomic, write_part
from .worker import TOTAL_KEYS, DocResult, add_totals

#: Documents per Parquet part file (and per resume unit).
DEFAULT_PART_SIZE = 1000
#: Suffix of the ledger a JSON Lines file keeps beside it (``out.jsonl.done``).
LEDGER_SUFFIX = ".done"


def _zero_totals() -> dict[str, int]:
    return {key: 0 for key in TOTAL_KEYS}


class JsonlSink:
    """One JSON object per line on a stream, in input order (``as_array``
    collects one JSON array instead). Cannot resume: use :class:`JsonlFileSink`."""

    part_size: int | None = 1
    resumable = False

    def __init__(self, out: IO[str], *, as_array: bool = False) -> None:
        self.out = out
        self.as_array = as_array
        self._items: list[Any] = []

    def done(self, part: int, documents: list[list[str]]) -> dict[str, Any] | None:
        return None

    def add(self, part: int, result: DocResult) -> None:
        assert result.json is not None
        if self.as_array:
            self._items.append(json.loads(result.json))
        else:
            self.out.write(result.json + "\n")

    def skip(self, part: int, marker: dict[str, Any]) -> None:  # pragma: no cover - done() never matches
        raise NotImplementedError

    def close(self, n_parts: int) -> None:
        if self.as_array:
            json.dump(self._items, self.out, ensure_ascii=False, indent=2)
            self.out.write("\n")
        self.out.flush()


class JsonlFileSink:
    """JSON Lines written to a file with its ledger (``PATH.done``), so a killed
    run can be resumed: ``resume=True`` keeps the documents already written."""

    part_size: int | None = 1
    resumable = True

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False) -> None:
        self.path = Path(path)
        self.ledger_path = self.path.with_name(self.path.name + LEDGER_SUFFIX)
        self._entries = self._load_ledger() if resume else []
        self._matched = 0
        self._diverged = False
        self._out: IO[bytes] | None = None
        self._ledger: IO[str] | None = None
        self._end = 0
        if not resume:
            self._open(0)

    def _load_ledger(self) -> list[dict[str, Any]]:
        """The ledger's entries whose lines are whole in the output file (a
        torn last ledger line, or entries past the file's end, are dropped)."""
        try:
            size = self.path.stat().st_size
            text = self.ledger_path.read_text(encoding="utf-8")
        except OSError:
            return []
        entries: list[dict[str, Any]] = []
        end = 0
        for line in text.splitlines(keepends=True):
            try:
                entry = json.loads(line) if line.endswith("\n") else None
            except ValueError:
                entry = None
            if not isinstance(entry, dict) or not isinstance(entry.get("end"), int) or not end < entry["end"] <= size:
                break
            end = entry["end"]
            entries.append(entry)
        return entries

    def done(self, part: int, documents: list[list[str]]) -> dict[str, Any] | None:
        """The ledger entry of document ``part`` when every document before it
        matched too and this one has the same name and sha256; else None."""
        if self._diverged or part != self._matched or part >= len(self._entries):
            self._diverged = True
            return None
        entry = self._entries[part]
        if [[entry.get("document"), entry.get("sha256")]] != documents:
            self._diverged = True
            return None
        self._matched += 1
        return {"documents": documents, "totals": {k: entry.get(k, 0) for k in TOTAL_KEYS}}

    def skip(self, part: int, marker: dict[str, Any]) -> None:
        pass  # the line is already in the file

    def _open(self, keep: int) -> None:
        """Cut the file and its ledger to the first ``keep`` documents and open both to append."""
        kept = self._entries[:keep]
        self._end = kept[-1]["end"] if kept else 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.path, "r+b" if self.path.exists() else "wb")
        out.truncate(self._end)
        out.seek(self._end)
        self._out = out
        text = "".join(self._ledger_line(e) for e in kept)
        write_atomic(self.ledger_path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        self._ledger = open(self.ledger_path, "a", encoding="utf-8")

    @staticmethod
    def _ledger_line(entry: dict[str, Any]) -> str:
        return json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"

    def add(self, part: int, result: DocResult) -> None:
        if self._out is None:
            self._open(self._matched)
        assert result.json is not None and self._out is not None and self._ledger is not None
        data = (result.json + "\n").encode("utf-8")
        self._out.write(data)
        self._out.flush()  # the line reaches the file before the ledger says it is there
        self._end += len(data)
        entry = {"document": result.name, "sha256": result.sha256, "end": self._end, **result.totals()}
        self._ledger.write(self._ledger_line(entry))
        self._ledger.flush()

    def close(self, n_parts: int) -> None:
        if self._out is None:  # nothing new: keep what matched, drop documents no longer named
            self._open(min(n_parts, self._matched))
        for handle in (self._out, self._ledger):
            if handle is not None:
                handle.close()


class ParquetSink:
    """Partitioned Parquet: ``DIR/<table>/part-NNNNN.parquet`` per ``part_size`` documents."""

    resumable = True

    def __init__(self, out_dir: str | os.PathLike[str], *, part_size: int = DEFAULT_PART_SIZE) -> None:
        if part_size < 1:
            raise ValueError("part_size must be at least 1")
        self.out_dir = Path(out_dir)
        self.part_size: int | None = part_size
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # Temp files of a run that was killed while writing a part.
        for stale in self.out_dir.glob("*/.part-*.tmp-*"):
            stale.unlink()
        self._part = 0
        self._rows: Rows = empty_rows()
        self._docs: list[list[str]] = []
        self._totals = _zero_totals()

    def done(self, part: int, documents: list[list[str]]) -> dict[str, Any] | None:
        """Part ``part``'s done-marker when it lists exactly ``documents`` (names and sha256)."""
        marker = read_marker(self.out_dir, part)
        return marker if marker is not None and marker.get("documents") == documents else None

    def add(self, part: int, result: DocResult) -> None:
        if part != self._part:
            self._flush()
            self._part = part
        assert result.rows is not None
        extend_rows(self._rows, result.rows)
        self._docs.append([result.name, result.sha256])
        add_totals(self._totals, result)

    def skip(self, part: int, marker: dict[str, Any]) -> None:
        self._flush()
        self._part = part + 1

    def _flush(self) -> None:
        if self._docs:
            write_part(self.out_dir, self._part, self._rows, {"documents": self._docs, "totals": self._totals})
        self._rows = empty_rows()
        self._docs = []
        self._totals = _zero_totals()

    def close(self, n_parts: int) -> None:
        self._flush()
        remove_parts_from(self.out_dir, n_parts)


def has_parts(out_dir: str | os.PathLike[str]) -> bool:
    """Whether ``out_dir`` already holds Parquet output of a run."""
    return (Path(out_dir) / "_done").is_dir() or (Path(out_dir) / "documents").is_dir()
