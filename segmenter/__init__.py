"""segmenter: notes to financial statements in SEC filings, as structured data.

>>> import segmenter
>>> seg = segmenter.load()                 # spaCy pipeline + classifier, loaded once
>>> doc = seg.segment("note.txt")          # a path, bytes or the text itself
>>> [(n.number, n.title, n.topic) for n in doc.notes]

Heavy modules (spaCy, scikit-learn) are imported on first use, not at import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import (
    InputError,
    LimitError,
    ModelError,
    ParseError,
    RuleError,
    SegmenterError,
    SourceNotFoundError,
)
from .limits import Limits
from .types import Block, Cell, Column, Document, ErrorInfo, Note, NoteSection, Period, RawCell, Row, Table

if TYPE_CHECKING:
    from .pipeline import Segmenter, Settings

__version__ = "0.1.0"

__all__ = [
    "Block", "Cell", "Column", "Document", "ErrorInfo", "InputError", "LimitError", "Limits", "ModelError", "Note", "NoteSection",
    "ParseError", "Period", "RawCell", "Row", "RuleError", "Segmenter", "SegmenterError",
    "SourceNotFoundError", "Table", "__version__", "load", "segment", "segment_many",
]

_default: Segmenter | None = None


def load(model_path: str | os.PathLike[str] | None = None, settings: Settings | None = None) -> Segmenter:
    """A new :class:`Segmenter` with its spaCy pipeline and classifier loaded once."""
    from .pipeline import Segmenter

    return Segmenter(model_path, settings)


def _shared() -> Segmenter:
    global _default
    if _default is None:
        _default = load()
    return _default


def segment(source: str | bytes | os.PathLike[str], *, name: str | None = None) -> Document:
    """Segment one input with a shared default :class:`Segmenter`; raises SegmenterError."""
    return _shared().segment(source, name=name)


def segment_many(sources: Iterable[str | bytes | os.PathLike[str]]) -> Iterator[Document]:
    """Segment inputs in order; a bad input yields a Document with ``error`` set."""
    seg = _shared()
    for source in sources:
        yield seg.segment_or_error(source)


def __getattr__(name: str) -> object:
    if name in ("Segmenter", "Settings"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
