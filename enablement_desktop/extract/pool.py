"""Extraction of untrusted files in worker processes (calibre's fts/pool.py pattern).

A bad file must cost one file, never the app: each worker is a separate
process with a memory cap, fed one path at a time; a job past its deadline
gets its worker killed, a worker that dies takes only its current file with
it, and both are replaced. Every outcome reaches `on_result` as a value —
`Extracted` or `ExtractError` — in the calling thread.

Workers are started with the "spawn" method: forking a process that runs Qt
threads is unsafe, and spawn works from any thread. The parent installs no
signal handlers, so `run` may be called from a Qt worker thread. As with any
spawn pool, the program's main module must guard its entry point with
`if __name__ == "__main__":` because each worker imports it.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from pathlib import Path
from time import monotonic
from typing import Any

from . import extract_file, register_extractor
from .base import CRASHED, READER_FAILED, TIMED_OUT, Extracted, ExtractError, Limits

OnResult = Callable[[Any, Any], None]  # (job, Extracted | ExtractError) for files

_READY = "ready"
_POLL_S = 0.1  # longest wait between looks at `cancel`


class ExtractPool:
    """Long-lived extraction workers; use as a context manager so they are killed on exit.

    `workers=0` extracts in the calling process, without timeout or memory
    cap: for debugging only. `extra_extractors` maps a suffix to
    "module:function", registered in every worker (see `register_extractor`).
    """

    def __init__(
        self,
        workers: int = 2,
        timeout_s: float = 60.0,
        memory_mb: int = 1536,
        extra_extractors: Mapping[str, str] | None = None,
    ) -> None:
        self.size = workers
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._extras = dict(extra_extractors or {})
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        if workers == 0:
            for suffix, target in self._extras.items():
                register_extractor(suffix, target)

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill all workers; they hold no state worth a graceful goodbye."""
        for worker in self._workers:
            worker.kill()
        self._workers = []

    def run(
        self,
        paths: Iterable[Hashable],
        limits: Limits,
        on_result: OnResult,
        cancel: Callable[[], bool] = lambda: False,
        task: str = "",
    ) -> None:
        """Extract every path, calling `on_result(path, outcome)` once per file as each finishes.

        `task` ("module:function", called with (job, limits)) runs another
        job than `extract_file` under the same limits: OCR of one page, say.
        Its jobs are anything picklable and hashable; it returns a value or
        raises ExtractError, and either reaches `on_result`.

        Returns when all are done, or soon after `cancel()` turns true; files
        still running then are abandoned without a result.
        """
        if self.size == 0:
            self._run_here(paths, limits, on_result, cancel, task)
            return
        jobs = _Jobs(paths)
        try:
            while not cancel():
                if jobs.more:
                    self._start_workers()
                    self._hand_out(jobs, limits, task)
                busy = [w for w in self._workers if w.path is not None]
                if not jobs.more and not busy:
                    return
                deadline = min((w.deadline for w in busy), default=math.inf)
                ready = wait(
                    [w.conn for w in self._workers], min(max(deadline - monotonic(), 0), _POLL_S)
                )
                for path, outcome in self._collect(ready):
                    if cancel():
                        return
                    on_result(path, outcome)
        finally:
            # Cancelled, or on_result raised: abandon the files in flight.
            for worker in [w for w in self._workers if w.path is not None]:
                self._discard(worker)

    def _run_here(
        self,
        paths: Iterable[Hashable],
        limits: Limits,
        on_result: OnResult,
        cancel: Callable[[], bool],
        task: str,
    ) -> None:
        for path in paths:
            if cancel():
                return
            on_result(path, _outcome(path, limits, task))

    def _start_workers(self) -> None:
        while len(self._workers) < self.size:
            self._workers.append(_Worker(self._context, self.memory_mb, self._extras))

    def _hand_out(self, jobs: _Jobs, limits: Limits, task: str) -> None:
        for worker in [w for w in self._workers if w.ready and w.path is None]:
            path = jobs.next()
            if path is None:
                return
            try:
                worker.send(path, limits, task, self.timeout_s)
            except OSError:  # died while idle: not this file's fault, try it again
                jobs.put_back(path)
                self._discard(worker)

    def _collect(self, ready: list[object]) -> Iterator[tuple[Path, Extracted | ExtractError]]:
        now = monotonic()
        for worker in list(self._workers):
            path = worker.path
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    if not worker.ready:
                        code = worker.exit_code()
                        self._discard(worker)
                        raise RuntimeError(
                            f"extraction worker failed to start (exit code {code})"
                        ) from None
                    reason = _death(worker.exit_code())
                    self._discard(worker)
                    if path is not None:
                        yield path, ExtractError(CRASHED, reason)
                    continue
                if message == _READY:
                    worker.ready = True
                else:
                    worker.path, worker.deadline = None, math.inf
                    yield path, message
            elif path is not None and now >= worker.deadline:
                self._discard(worker)
                yield path, ExtractError(TIMED_OUT, f"stopped after {self.timeout_s:g} s")

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)


class _Jobs:
    """The paths still to extract, with room for ones a dead idle worker never started."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._paths = iter(paths)
        self._again: deque[Path] = deque()
        # Peek, so that a rescan with nothing to extract starts no worker.
        first = next(self._paths, None)
        if first is not None:
            self._again.append(first)
        self.more = first is not None

    def next(self) -> Path | None:
        if self._again:
            return self._again.popleft()
        path = next(self._paths, None)
        self.more = path is not None
        return path

    def put_back(self, path: Path) -> None:
        self._again.append(path)
        self.more = True


class _Worker:
    def __init__(self, context: BaseContext, memory_mb: int, extras: dict[str, str]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, memory_mb, extras), name="enablement-extract", daemon=True
        )
        self.process.start()
        # Only the child may hold its end: then its death reads as EOF here.
        child.close()
        self.ready = False
        self.path: Path | None = None
        self.deadline = math.inf

    def send(self, path: Hashable, limits: Limits, task: str, timeout_s: float) -> None:
        self.conn.send((path, limits, task))
        self.path, self.deadline = path, monotonic() + timeout_s

    def exit_code(self) -> int | None:
        self.process.join(timeout=1.0)
        return self.process.exitcode

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == getattr(signal, "SIGKILL", None):
            return f"the reader was killed ({name}) — out of memory?"
        return f"the reader crashed ({name})"
    return f"the reader exited unexpectedly (code {code})"


def _serve(conn: Connection, memory_mb: int, extras: dict[str, str]) -> None:
    """A worker's whole life: one path in, one outcome out, until told to stop or orphaned."""
    # Ctrl+C in a terminal reaches the whole process group; the parent decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_resources(memory_mb)
    for suffix, target in extras.items():
        register_extractor(suffix, target)
    conn.send(_READY)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        path, limits, task = job
        conn.send(_outcome(path, limits, task))


def _outcome(job: Any, limits: Limits, task: str) -> Any:
    """Run one job; an ExtractError is an outcome like any other."""
    if not task:
        try:
            return extract_file(job, limits)
        except ExtractError as exc:
            return exc
    try:
        module, function = task.split(":")
        return getattr(importlib.import_module(module), function)(job, limits)
    except ExtractError as exc:
        return exc
    except MemoryError:
        return ExtractError(CRASHED, "ran out of memory")
    except Exception as exc:  # a task's library failing on a bad file costs that job only
        return ExtractError(READER_FAILED, "the reader could not handle this", f"{type(exc).__name__}: {exc}"[:300])


def _limit_resources(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the timeout still applies
        return
    # RLIMIT_AS turns a runaway allocation into MemoryError (or a crash) here,
    # not a frozen desktop. No core files: a crashing PDF library would leave
    # one the size of the memory cap in the user's working directory.
    for limit, value in ((resource.RLIMIT_AS, memory_mb * 2**20), (resource.RLIMIT_CORE, 0)):
        try:
            _, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):  # macOS refuses RLIMIT_AS
            pass
    if hasattr(os, "nice"):
        os.nice(5)  # background work: let the window stay responsive
