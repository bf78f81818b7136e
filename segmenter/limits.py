"""Per-document limits: decoded size, table cells and wall time.

A corpus holds every kind of broken document (issue 5); these limits make
each one end fast with an error instead of a crash, a swap storm or a hang.
A document over a limit raises :class:`~segmenter.errors.LimitError`, which
names the document, the limit, its value and the setting that changes it;
batch mode turns it into the document's error record and goes on.

=============  ===========  ===========================  ==============================
limit          default      setting                      checked
=============  ===========  ===========================  ==============================
max_bytes      256 MiB      ``Limits(max_bytes=...)``,   while reading: a file's size,
                            ``--max-bytes``              gzip content as it inflates
                                                         (never more than the limit is
                                                         held), the decoded bytes
max_cells      2,000,000    ``Limits(max_cells=...)``,   after the blocks stage: the
                            ``--max-cells``              raw table cells of the document
max_seconds    300          ``Limits(max_seconds=...)``, between steps (see
                            ``--max-seconds``            :class:`Deadline`); ``segmenter
                                                         parse`` with worker processes
                                                         also stops a worker past it
=============  ===========  ===========================  ==============================

The largest real filings we measured (whole 10-Ks of about 4 MB of HTML)
hold about 12,600 table cells, so the cell limit leaves a wide margin.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import LimitError

#: Default cap on the decoded size of one document (bytes after gunzip).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: Default cap on the raw table cells of one document.
DEFAULT_MAX_CELLS = 2_000_000
#: Default wall time for one document, in seconds.
DEFAULT_MAX_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits for one document (see the module docstring for what each covers).

    ``max_bytes`` (default 256 MiB) caps the decoded size: bytes after gunzip,
    or characters of a text string. ``max_cells`` (default 2,000,000) caps the
    raw table cells the readers find. ``max_seconds`` (default 300) is the wall
    time for one document: the library checks it cooperatively between steps
    (after each stage and in the per-note and per-table loops), so one long
    step can overrun it; ``segmenter parse`` also enforces it hard by stopping
    the worker that runs past it.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_cells: int = DEFAULT_MAX_CELLS
    max_seconds: float = DEFAULT_MAX_SECONDS

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_cells"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive whole number, not {value!r}")
        seconds = self.max_seconds
        number = isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
        if not number or not math.isfinite(seconds) or seconds <= 0:
            raise ValueError(f"Limits.max_seconds must be a positive finite number, not {seconds!r}")


def over_limit(found: str, limit: str, value: int | float, *, source: str, stage: str) -> LimitError:
    """The :class:`LimitError` for a document over ``limit`` (a :class:`Limits`
    field name whose value is ``value``); ``found`` says what was over it."""
    unit = {"max_bytes": " bytes", "max_seconds": " s"}.get(limit, "")
    shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
    flag = "--" + limit.replace("_", "-")
    message = (f"{found} (over the {limit} limit of {shown}{unit}; "
               f"change it with Limits({limit}=...) or segmenter parse {flag})")
    return LimitError(message, source=source, stage=stage, limit=limit, value=value)


def check_cells(n_cells: int, limits: Limits, *, source: str, stage: str = "blocks") -> None:
    """Raise LimitError when a document's ``n_cells`` raw table cells exceed ``limits.max_cells``."""
    if n_cells > limits.max_cells:
        raise over_limit(f"{n_cells:,} table cells", "max_cells", limits.max_cells, source=source, stage=stage)


class Deadline:
    """The wall-time limit of one document, started when the document is.

    :meth:`check` is cheap (one clock read) and is called between stages and
    in the per-note and per-table loops; it raises :class:`LimitError` naming
    the stage that was running when the time ran out. ``clock`` is a
    monotonic clock in seconds (``time.monotonic`` unless given).
    """

    __slots__ = ("seconds", "source", "_clock", "_end")

    def __init__(self, seconds: float, *, source: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.source = source
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        """Seconds left (negative once past the deadline)."""
        return self._end - self._clock()

    def check(self, stage: str) -> None:
        """Raise LimitError (at ``stage``) when the deadline has passed."""
        if self._clock() > self._end:
            raise over_limit(f"still running in the {stage} stage", "max_seconds", self.seconds,
                             source=self.source, stage=stage)
