"""Input arguments -> the documents they name, lazily and in a stable order.

``segmenter parse`` takes files, directories (read recursively, sorted),
globs, tar archives (``.tar``, ``.tar.gz``, ``.tgz``: each regular member is
a document named ``ARCHIVE!MEMBER``), list files and ``-`` for standard
input. :func:`expand_inputs` turns them into :class:`InputItem` objects in
input order; a path that does not exist stays one item, so it gets its own
"no such file" error record where it was named.
"""

from __future__ import annotations

import glob
import os
import sys
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import InputError, SourceNotFoundError

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

    def size(self) -> int:
        """Bytes on disk (or in memory) without reading them; 0 when unknown."""
        if self.data is not None:
            return len(self.data)
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0


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
