"""Worker processes that survive a crash or a hang of one document.

:class:`WorkerPool` runs one task at a time in each of N worker processes and
always knows which job each worker holds. A worker that dies outright (a
segfault, ``os._exit``, the kernel's out-of-memory kill) fails its job with
:class:`WorkerCrashed`; a job still running ``time_limit`` seconds after it
reached its worker has the worker killed and fails with
:class:`WorkerTimedOut`. Either way only that worker is replaced (a new
process, which runs the initializer again) and every other job goes on.

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its workers
dies it breaks the whole pool and fails every pending future, without saying
which job killed it, and it cannot stop a job that hangs.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from .errors import SegmenterError, WorkerCrashed, WorkerStartError, WorkerTimedOut

#: Seconds a stopping worker gets to exit before it is killed.
_EXIT_GRACE = 5.0


def _context() -> Any:
    # fork would copy a half-loaded spaCy (and any threads) into the children;
    # forkserver/spawn start clean processes that each load the model once.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _worker_main(conn: Connection, task: Callable[..., Any], initializer: Callable[..., Any] | None,
                 initargs: Sequence[Any]) -> None:
    """A worker's loop: initialize, say ready, then run one job per message
    until told to stop (None) or the parent goes away."""
    # Ctrl-C reaches the whole process group: the parent stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if initializer is not None:
            initializer(*initargs)
        conn.send(("ready", None))
    except (BrokenPipeError, OSError):
        return  # the parent is gone
    except BaseException as exc:  # report it: the parent raises WorkerStartError
        try:
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        except (BrokenPipeError, OSError):
            pass
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, args = message
        try:
            reply = (job_id, True, task(*args))
        except Exception as exc:
            reply = (job_id, False, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


class Job:
    """A task submitted to a :class:`WorkerPool`; :meth:`result` waits for it."""

    __slots__ = ("pool", "id", "name", "args", "done", "value", "error")

    def __init__(self, pool: WorkerPool, job_id: int, name: str, args: tuple[Any, ...]) -> None:
        self.pool = pool
        self.id = job_id
        self.name = name
        self.args: tuple[Any, ...] | None = args
        self.done = False
        self.value: Any = None
        self.error: SegmenterError | None = None

    def result(self) -> Any:
        """The task's return value; raises WorkerCrashed / WorkerTimedOut."""
        while not self.done:
            self.pool.pump()
        if self.error is not None:
            raise self.error
        return self.value

    def _finish(self, value: Any = None, error: SegmenterError | None = None) -> None:
        self.done, self.value, self.error, self.args = True, value, error, None


class _Worker:
    __slots__ = ("process", "conn", "ready", "job", "deadline")

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.ready = False
        self.job: Job | None = None
        self.deadline = 0.0


class WorkerPool:
    """``workers`` processes running ``task(*args)``, one job each at a time.

    ``initializer(*initargs)`` runs once in every process (and again in each
    replacement); ``time_limit`` (seconds, None for none) counts from the
    moment a job reaches its worker, so it never includes start-up.
    """

    def __init__(self, workers: int, task: Callable[..., Any], *, initializer: Callable[..., Any] | None = None,
                 initargs: Sequence[Any] = (), time_limit: float | None = None) -> None:
        if workers < 1:
            raise ValueError("a WorkerPool needs at least one worker")
        if time_limit is not None and time_limit <= 0:
            raise ValueError("time_limit must be positive")
        self._task = task
        self._initializer = initializer
        self._initargs = tuple(initargs)
        self.time_limit = time_limit
        self._ctx = _context()
        self._queue: deque[Job] = deque()
        self._next_id = 0
        self.replaced = 0
        self._closed = False
        self._workers = [self._start() for _ in range(workers)]

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=_worker_main, args=(child, self._task, self._initializer, self._initargs),
                                    daemon=True, name="segmenter-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def submit(self, name: str, *args: Any) -> Job:
        """Queue ``task(*args)``; ``name`` (the document) goes into a failure's message."""
        job = Job(self, self._next_id, name, args)
        self._next_id += 1
        self._queue.append(job)
        self._dispatch()
        return job

    def _dispatch(self) -> None:
        for worker in self._workers:
            if not self._queue:
                return
            if worker.ready and worker.job is None:
                job = self._queue.popleft()
                worker.job = job
                worker.deadline = time.monotonic() + self.time_limit if self.time_limit else float("inf")
                try:
                    worker.conn.send((job.id, job.args))
                    job.args = None  # sent: the worker holds the bytes now
                except (BrokenPipeError, OSError):
                    # It died while idle: the job goes to another worker and
                    # the sentinel gets this one replaced.
                    worker.job = None
                    self._queue.appendleft(job)

    def pump(self) -> None:
        """Wait for the next event (a result, a worker ready, dead or late) and handle it."""
        self._dispatch()
        now = time.monotonic()
        deadlines = [w.deadline for w in self._workers if w.job is not None]
        timeout = max(0.0, min(deadlines) - now) if deadlines and min(deadlines) != float("inf") else None
        waitables: list[Any] = [w.conn for w in self._workers] + [w.process.sentinel for w in self._workers]
        ready = set(wait(waitables, timeout=timeout))
        for index, worker in enumerate(self._workers):
            if worker.conn in ready:
                self._receive(index, worker)
            elif worker.process.sentinel in ready:
                self._lost(index, worker)
        now = time.monotonic()
        for index, worker in enumerate(self._workers):
            if worker.job is not None and now >= worker.deadline:
                job = worker.job
                worker.job = None
                self._replace(index, worker)
                job._finish(error=WorkerTimedOut(
                    f"no result after {self.time_limit:g} s; its worker process was stopped",
                    source=job.name, stage="worker"))
        self._dispatch()

    def _receive(self, index: int, worker: _Worker) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._lost(index, worker)
            return
        if message[0] == "ready":
            worker.ready = True
        elif message[0] == "failed":
            self.close()
            raise WorkerStartError(f"a worker process could not start ({message[1]})", stage="worker")
        else:
            job_id, ok, value = message
            job = worker.job
            if job is None or job.id != job_id:  # pragma: no cover - one job per worker at a time
                return
            worker.job = None
            if ok:
                job._finish(value)
            else:
                job._finish(error=WorkerCrashed(f"the task failed ({value})", source=job.name, stage="worker"))

    def _lost(self, index: int, worker: _Worker) -> None:
        """A worker process ended without a reply: fail its job and start another."""
        worker.process.join(_EXIT_GRACE)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        job = worker.job
        worker.job = None
        if not worker.ready and job is None:
            self.close()
            raise WorkerStartError(f"a worker process died while starting ({how})", stage="worker")
        self._replace(index, worker)
        if job is not None:
            job._finish(error=WorkerCrashed(f"its worker process died ({how})", source=job.name, stage="worker"))

    def _replace(self, index: int, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(_EXIT_GRACE)
        worker.conn.close()
        self._workers[index] = self._start()
        self.replaced += 1

    def close(self) -> None:
        """Stop every worker (politely, then by force) and fail jobs not yet done."""
        if self._closed:
            return
        self._closed = True
        for worker in self._workers:
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        end = time.monotonic() + _EXIT_GRACE
        for worker in self._workers:
            # A busy worker would finish its document first, a starting one
            # would load the model first: stop them now.
            if (worker.job is not None or not worker.ready) and worker.process.is_alive():
                worker.process.kill()
            worker.process.join(max(0.0, end - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        for job in [w.job for w in self._workers if w.job is not None] + list(self._queue):
            job._finish(error=WorkerCrashed("the run stopped before this document", source=job.name, stage="worker"))
        self._queue.clear()
        for worker in self._workers:
            worker.job = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
