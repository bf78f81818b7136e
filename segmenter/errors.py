"""Exceptions raised by segmenter.

Every error that leaves the library is a :class:`SegmenterError`. Each subclass
also inherits the builtin exception it resembles, so callers that already catch
``ValueError`` or ``OSError`` keep working. Messages name the document and the
cause; batch mode turns them into error records instead of stopping.
"""

from __future__ import annotations


class SegmenterError(Exception):
    """Base class of every error raised by segmenter.

    ``source`` names the document (a path or ``"<text>"``) and ``stage`` the
    pipeline stage that failed (``read``, ``blocks``, ``notes``, ``classify``,
    ``tables``, ``output``).
    """

    def __init__(self, message: str, *, source: str | None = None, stage: str | None = None) -> None:
        self.reason = message
        self.source = source
        self.stage = stage
        prefix = f"{source}: " if source else ""
        where = f" [{stage}]" if stage else ""
        super().__init__(f"{prefix}{message}{where}")


class InputError(SegmenterError, ValueError):
    """The input cannot be read or decoded (empty, binary, unknown form)."""


class LimitError(InputError):
    """A document is over one of its :class:`~segmenter.limits.Limits` (size,
    table cells or wall time). ``limit`` names the setting (``"max_bytes"``,
    ``"max_cells"``, ``"max_seconds"``) and ``value`` is its value; ``stage``
    says where the limit was hit."""

    def __init__(self, message: str, *, source: str | None = None, stage: str | None = None,
                 limit: str | None = None, value: int | float | None = None) -> None:
        self.limit = limit
        self.value = value
        super().__init__(message, source=source, stage=stage)


class SourceNotFoundError(SegmenterError, FileNotFoundError):
    """A path given as input does not exist or is not a file."""


class ParseError(SegmenterError, ValueError):
    """A stage could not make sense of a document it was given."""


class ModelError(SegmenterError, RuntimeError):
    """The classifier bundle is missing, corrupt or from another version."""


class RuleError(SegmenterError, ValueError):
    """A rule or vocabulary data file is malformed."""


class WorkerCrashed(SegmenterError, RuntimeError):
    """The worker process running a document died (crash, kill, out of memory)."""


class WorkerTimedOut(SegmenterError, TimeoutError):
    """A document ran past the hard time limit; its worker was stopped."""


class WorkerStartError(SegmenterError, RuntimeError):
    """A worker process could not start (its initializer failed or it died while starting)."""
