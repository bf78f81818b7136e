"""Read an input (path, bytes or text) into a :class:`Source`: decoded text plus origin.

Detects gzip by its magic bytes (not the file name), decodes UTF-8 (with or
without BOM; a few bad bytes are replaced, not a reason to give up on UTF-8),
UTF-16 with BOM, and falls back to Windows-1252 for legacy filings, and says
which encoding it used. The decoded size is held to
:attr:`Limits.max_bytes <segmenter.limits.Limits>`; gzip content is inflated
in chunks and refused as soon as it passes the limit. Detects the form of the content
(pipe text, plain text, HTML) from the text itself. An EDGAR ``.txt``
submission (SGML ``<SEC-DOCUMENT>`` wrapper) is split and its main document
read; ``Source.text`` is then that document's content.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, SourceNotFoundError
from .limits import Limits, over_limit

GZIP_MAGIC = b"\x1f\x8b"
#: How much gzip content is inflated at a time.
GUNZIP_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded document: ``text`` is what every offset indexes."""

    name: str
    text: str
    form: str  # "pipe" | "plain" | "html" | "sgml"
    encoding: str
    compressed: bool = False


def gunzip(data: bytes, name: str, limit: int) -> bytes:
    """Inflate gzip data chunk by chunk, refusing it (LimitError) as soon as the
    output passes ``limit`` bytes: a bomb never holds more than the limit."""
    chunks: list[bytes] = []
    size = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            while chunk := fh.read(GUNZIP_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise over_limit(f"gzip content inflates past {limit:,} bytes", "max_bytes", limit,
                                     source=name, stage="read")
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:  # zlib.error: a damaged deflate stream
        raise InputError(f"corrupt gzip data ({exc})", source=name, stage="read") from exc
    return b"".join(chunks)


def bytes_to_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes; returns (text, what was used): ``"utf-8"``, ``"utf-8-sig"``,
    ``"utf-16-le"``/``"utf-16-be"`` (with a BOM), ``"cp1252"`` or ``"latin-1"``,
    or ``"utf-8 (N invalid sequences replaced)"`` for UTF-8 with a few bad bytes
    or cut off mid-character (each bad sequence becomes U+FFFD).
    Raises InputError for binary data and invalid UTF-16."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        try:
            return data[2:].decode(codec), codec
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid {codec.upper()} ({exc.reason} at byte {exc.start + 2})",
                             source=name, stage="read") from exc
    if b"\x00" in data[:4096]:
        raise InputError("binary content (NUL bytes), not a text document", source=name, stage="read")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # Valid up to a character cut off at the very end: a truncated UTF-8 file.
        cut_short = exc.end == len(data) and exc.reason == "unexpected end of data"
    # A UTF-8 document with a few bad bytes (a stray Windows-1252 quote, a file cut
    # mid-character) keeps its UTF-8 text: decoding it all as cp1252 would garble
    # every other accented letter and dash. Otherwise it is a legacy Windows-1252
    # document (often, on EDGAR); latin-1 never fails.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if cut_short or multibyte > bad:
        return text, f"utf-8 ({bad} invalid sequence{'s' if bad != 1 else ''} replaced)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def text_to_form(text: str) -> str:
    """Guess the form of decoded content: ``"sgml"`` (an EDGAR submission),
    ``"html"``, ``"pipe"`` or ``"plain"``."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<sec-document>", "<ims-document>", "<document>")) or "<sec-header>" in head:
        return "sgml"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head[:1024]:
        return "html"
    lines = text.count("\n") + 1
    pipe_lines = text.count("\n|") + (1 if text.startswith("|") else 0)
    return "pipe" if pipe_lines and pipe_lines * 20 >= lines else "plain"


#: Form types whose document is the filing itself (EDGAR Filer Manual, "submission types").
MAIN_DOCUMENT_TYPES = frozenset(
    "10-K 10-K405 10-KSB 10-KT 10-Q 10-QSB 10-QT 20-F 40-F 8-K 6-K N-CSR N-CSRS S-1 S-4 F-1 F-4".split()
)
_DOCUMENT = re.compile(r"<DOCUMENT>", re.I)
_TYPE = re.compile(r"<TYPE>[ \t]*([^\r\n<]+)", re.I)
_TEXT = re.compile(r"<TEXT>", re.I)
_TEXT_END = re.compile(r"</TEXT>", re.I)
# An iXBRL document inside <TEXT> comes wrapped in <XBRL> ... </XBRL>.
_XBRL_WRAP = re.compile(r"\A\s*<XBRL>\s*(.*?)\s*(?:</XBRL>\s*)?\Z", re.I | re.S)


def submission_to_document(text: str) -> tuple[str, str] | None:
    """(document type, content of <TEXT>) of an EDGAR ``.txt`` submission's main
    document: the first <DOCUMENT> whose <TYPE> is a report form (10-K, 10-Q,
    20-F, 40-F, 8-K, ..., amendments included), else the first one. None when
    the submission holds no <DOCUMENT> with a <TEXT>."""
    first: tuple[str, str] | None = None
    pos = 0
    while True:
        m = _DOCUMENT.search(text, pos)
        if m is None:
            return first
        t = _TEXT.search(text, m.end())
        if t is None:
            return first
        end = _TEXT_END.search(text, t.end())
        stop = end.start() if end else len(text)
        kind = _TYPE.search(text, m.end(), t.start())
        doc_type = kind.group(1).strip().upper() if kind else ""
        body = text[t.end():stop]
        wrapped = _XBRL_WRAP.match(body) if body.lstrip()[:6].upper() == "<XBRL>" else None
        body = wrapped.group(1) if wrapped else body.strip("\r\n")
        if doc_type.split("/")[0] in MAIN_DOCUMENT_TYPES:
            return doc_type, body
        if first is None:
            first = (doc_type, body)
        pos = end.end() if end else len(text)


_PATH_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def _looks_like_path(text: str) -> bool:
    """A one-line string that names a file, or looks like a file name (so a
    typo gives "no such file" instead of being parsed as a document)."""
    if "\n" in text or len(text) >= 4096 or not text.strip():
        return False
    try:
        is_file = Path(text).is_file()
    except OSError:  # a one-line document longer than a file name may be (ENAMETOOLONG)
        is_file = False
    return is_file or ("/" in text or "\\" in text or bool(_PATH_SUFFIX.search(text))) and " " not in text.strip()


def load_bytes(source: Path | bytes, label: str, limits: Limits = Limits()) -> tuple[bytes, bool]:
    """(content, was gzipped) of a file or raw bytes, inflated when gzip (found by
    its magic bytes), held to ``limits.max_bytes`` before reading a file and while
    inflating. Raises SourceNotFoundError for a missing file and LimitError past
    the limit; ``label`` names the document in errors."""
    cap = limits.max_bytes
    if isinstance(source, Path):
        if not source.is_file():
            raise SourceNotFoundError("no such file", source=label, stage="read")
        size = source.stat().st_size
        if size > cap:
            raise over_limit(f"a file of {size:,} bytes", "max_bytes", cap, source=label, stage="read")
        data = source.read_bytes()
    else:
        data = source
    compressed = data.startswith(GZIP_MAGIC)
    if compressed:
        data = gunzip(data, label, cap)
    if len(data) > cap:
        raise over_limit(f"{len(data):,} bytes", "max_bytes", cap, source=label, stage="read")
    return data, compressed


def read_source(
    source: str | bytes | os.PathLike[str],
    *,
    name: str | None = None,
    limits: Limits = Limits(),
) -> Source:
    """Read a path, raw bytes or a text string into a :class:`Source`.

    A ``str`` is taken as a path when it is one line that names an existing
    file or looks like a file name (has a slash or an extension and no
    spaces); otherwise it is the document text itself. A document whose
    decoded size passes ``limits.max_bytes`` raises LimitError.
    """
    cap = limits.max_bytes
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        label = name or str(source)
        data, compressed = load_bytes(Path(source), label, limits)
    elif isinstance(source, (bytes, bytearray)):
        label = name or "<bytes>"
        data, compressed = load_bytes(bytes(source), label, limits)
    elif isinstance(source, str):
        label = name or "<text>"
        if len(source) > cap:
            raise over_limit(f"a text of {len(source):,} characters", "max_bytes", cap, source=label, stage="read")
        if not source.strip():
            raise InputError("empty document", source=label, stage="read")
        return _unwrap(Source(label, source, text_to_form(source), "str"))
    else:
        raise InputError(f"cannot read a {type(source).__name__}", source=name or "<input>", stage="read")
    text, encoding = bytes_to_text(data, label)
    if not text.strip():
        raise InputError("empty document", source=label, stage="read")
    return _unwrap(Source(label, text, text_to_form(text), encoding, compressed))


def _unwrap(src: Source) -> Source:
    """An EDGAR submission -> its main document, with that document's form
    (``"html"`` for modern filings, ``"plain"`` for old text ones); other
    sources as they are. A submission without a document stays ``"sgml"``."""
    if src.form != "sgml":
        return src
    found = submission_to_document(src.text)
    if found is None or not found[1].strip():
        return src
    body = found[1]
    return Source(src.name, body, text_to_form(body), src.encoding, src.compressed)
