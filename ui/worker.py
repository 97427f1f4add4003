"""The one way the window runs work off the GUI thread (after Picard's run_task and Anki's QueryOp).

    run_task(lambda: engine.search(text), on_done=show_results, what="searching")

`fn` runs on a QThreadPool; `on_done(result)` then runs on the GUI thread. A
task that reports progress asks for it with `on_progress`: it is then called
as `fn(progress)` and `progress(done, total, label)` may be called from the
worker thread as often as it likes (deliveries are thinned to ~20 a second).

Rule: never touch a widget inside `fn` — return data and let `on_done` show it.

Errors go to one place: the traceback is logged, and a sentence a person can
read goes to `on_error` if given, else to the app-wide handler (the status
bar, see `set_error_handler`). No traceback ever reaches a dialog.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from enablement_desktop.errors import explain

T = TypeVar("T")
Progress = Callable[[int, int, str], None]

log = logging.getLogger(__name__)

_PROGRESS_INTERVAL_S = 0.05


def _log_only(message: str) -> None:
    log.warning("%s", message)


_error_handler: Callable[[str], None] = _log_only


def set_error_handler(handler: Callable[[str], None] | None) -> None:
    """Where failures of tasks without their own `on_error` are shown (the main window's status bar).

    None goes back to only logging them (when that window closes).
    """
    global _error_handler
    _error_handler = handler or _log_only


def report_error(message: str) -> None:
    """Show a problem the same way a failed task would."""
    _error_handler(message)


def describe_error(exc: BaseException, what: str) -> str:
    """A sentence for people; the core phrases it (the CLI says the same)."""
    if isinstance(exc, FileNotFoundError) and not exc.filename:
        return str(exc)  # the core's own "library folder … does not exist" sentences
    return explain(exc, what)


class _AppGone(Exception):
    """The task's signals were deleted with the application: nobody is left to tell."""


class _Signals(QObject):
    # Created on the GUI thread, so emits from the worker are queued to the GUI thread.
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, wants_progress: bool, what: str) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals
        self._wants_progress = wants_progress
        self._what = what
        self._last_progress = 0.0
        self._progress_lock = threading.Lock()

    def run(self) -> None:
        try:
            try:
                result = self._fn(self._report) if self._wants_progress else self._fn()
            except _AppGone:
                raise
            except Exception as exc:
                log.exception("background task failed while %s", self._what)
                self._emit(self._signals.failed, exc)
            else:
                self._emit(self._signals.done, result)
        except _AppGone:
            pass  # the window is gone: nobody is left to show a result or an error to

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError as exc:  # "Signal source has been deleted": the app quit while this ran
            raise _AppGone from exc

    def _report(self, done: int, total: int, label: str) -> None:
        # Core code may call this thousands of times a second (and from its own threads);
        # the GUI needs a few updates a second, plus the last one.
        now = time.monotonic()
        with self._progress_lock:
            if now - self._last_progress < _PROGRESS_INTERVAL_S and not (total and done >= total):
                return
            self._last_progress = now
        self._emit(self._signals.progress, done, total, label)


def _receiver_alive(callback: Callable[..., Any], context: QObject | None = None) -> bool:
    """False when the object the callback belongs to — `context`, or the QObject a bound
    method is bound to — was deleted while the task ran (a view closed before its result
    arrived): the result is then dropped, as Qt drops signals to a deleted receiver."""
    owner = context if context is not None else getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or isValid(owner)


# Signal objects of running tasks: kept alive here until their result is delivered.
_live: set[_Signals] = set()


def run_task(
    fn: Callable[..., T],
    on_done: Callable[[T], None] | None = None,
    *,
    on_error: Callable[[str], None] | None = None,
    on_progress: Progress | None = None,
    what: str = "working in the background",
    pool: QThreadPool | None = None,
    context: QObject | None = None,
) -> None:
    """Run `fn` off the GUI thread; deliver its result, progress or error on the GUI thread.

    `what` completes "Something went wrong while …" in error messages. `pool`
    defaults to the global pool; pass a one-thread pool to serialise tasks
    (searches share one database connection that way). Callbacks that are
    methods of a deleted widget are skipped; for lambdas, pass the widget
    they act on as `context`.
    """
    signals = _Signals()
    _live.add(signals)

    def finished(result: Any) -> None:
        _live.discard(signals)
        if on_done is not None and _receiver_alive(on_done, context):
            on_done(result)

    def failed(exc: BaseException) -> None:
        _live.discard(signals)
        handler = on_error or _error_handler
        if _receiver_alive(handler, context if on_error else None):
            handler(describe_error(exc, what))

    def progressed(done: int, total: int, label: str) -> None:
        if on_progress is not None and _receiver_alive(on_progress, context):
            on_progress(done, total, label)

    signals.done.connect(finished)
    signals.failed.connect(failed)
    signals.progress.connect(progressed)
    (pool or QThreadPool.globalInstance()).start(_Task(fn, signals, on_progress is not None, what))
