"""Settings of a :class:`~segmenter.pipeline.Segmenter`: one validated, frozen
dataclass per stage, gathered in :class:`Settings`.

Kept apart from the pipeline so that a batch's parent process can build and
send them to its workers without importing spaCy or scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InputError
from .limits import Limits
from .tables import TableSettings

__all__ = ["Limits", "NoteSettings", "Settings", "TableSettings"]


@dataclass(frozen=True, slots=True)
class NoteSettings:
    """Tunables of the notes stage.

    ``max_heading_chars``: longest block fed whole to spaCy as a heading candidate.
    ``max_gap_blocks`` / ``max_gap_chars``: how many short boilerplate blocks may
    sit between two headings with the same title for them to count as one
    (seed 001 has two viewer lines between "Trade Receivables" and "TRADE RECEIVABLES").
    ``running_header_min``: a section-end line or an unnumbered heading seen this many
    times in a whole filing is a running page header, not a heading.
    """

    max_heading_chars: int = 200
    max_gap_blocks: int = 4
    max_gap_chars: int = 100
    running_header_min: int = 3

    def __post_init__(self) -> None:
        if self.max_heading_chars < 10:
            raise InputError(f"NoteSettings.max_heading_chars must be >= 10, got {self.max_heading_chars}")
        if self.running_header_min < 2:
            raise InputError(f"NoteSettings.running_header_min must be >= 2, got {self.running_header_min}")
        if self.max_gap_blocks < 0 or self.max_gap_chars < 0:
            raise InputError("NoteSettings.max_gap_blocks and max_gap_chars must be >= 0")


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings of one :class:`Segmenter`, one validated dataclass per stage;
    ``limits`` holds the per-document limits (size, cells, time)."""

    limits: Limits = field(default_factory=Limits)
    notes: NoteSettings = field(default_factory=NoteSettings)
    tables: TableSettings = field(default_factory=TableSettings)
