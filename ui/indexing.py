"""Keeping the index in step with the library folder, in the background.

Runs `update_library` on a worker thread: at start, on demand, when a watched
folder changes (debounced: a copy of fifty files is one run, not fifty) and
every few minutes to catch edits a folder watch cannot see (a file rewritten
in place). A rescan of an unchanged library only stats files, so it is cheap.
A change that arrives during a run queues exactly one more run.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ui.session import Session
from ui.worker import Progress, run_task

if TYPE_CHECKING:
    from enablement_desktop.library.update import RunSummary

WATCH_DEBOUNCE_MS = 2_000
RESCAN_INTERVAL_MS = 10 * 60 * 1000
MAX_WATCHED_FOLDERS = 2_000  # inotify watches are a per-user OS budget; the periodic rescan covers the rest


@dataclass
class IndexOutcome:
    summary: RunSummary
    folders: list[str]  # what to watch for the next change


def index_library(session: Session, root: Path, cancel: threading.Event, progress: Progress,
                  quitting: threading.Event | None = None) -> IndexOutcome:
    """The indexing task: its own connection, the shared index, the core's incremental update."""
    # Imported here, on the worker thread: extraction and the library modules
    # are not needed to show the window.
    from enablement_desktop.library.update import update_library
    from enablement_desktop.search.semantic import MeaningUnavailable, update_meaning

    index = session.index(progress)  # an index of an older format is rebuilt here, with progress
    with session.connect() as db:
        summary = update_library(db, index, root, limits=session.limits(), workers=2,
                                 progress=progress, cancel=cancel.is_set,
                                 keep_read_on_cancel=lambda: quitting is None or not quitting.is_set())
        if not summary.cancelled:
            try:
                update_meaning(db, session.data_dir, session.settings.meaning_search, progress)
            except MeaningUnavailable as exc:
                summary.messages.append(f"Search by meaning is on, but {exc} Search ranks by words alone.")
    return IndexOutcome(summary, library_folders(root))


def library_folders(root: Path, limit: int = MAX_WATCHED_FOLDERS) -> list[str]:
    folders: list[str] = []
    for current, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folders.append(current)
        if len(folders) >= limit:
            break
    return folders


class LibraryIndexer(QObject):
    started = Signal()
    progress = Signal(int, int, str)  # done, total, current file or step
    finished = Signal(object)  # RunSummary
    failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._cancel = threading.Event()
        self._quitting = threading.Event()
        self._running = False
        self._again = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self._debounce = QTimer(self, singleShot=True, interval=WATCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.start)
        self._rescan = QTimer(self, interval=RESCAN_INTERVAL_MS)
        self._rescan.timeout.connect(self.start)
        self._rescan.start()

    def start(self) -> None:
        """Index now; if a run is going, run once more after it (it may have missed the change)."""
        if self._session.read_only:
            return  # nothing read could be saved: search what was indexed (the window says so)
        if self._running:
            self._again = True
            return
        self._running, self._again = True, False
        self._cancel.clear()
        root = self._session.library
        self.started.emit()
        run_task(lambda progress: index_library(self._session, root, self._cancel, progress, self._quitting),
                 self._done, on_error=self._failed, on_progress=self.progress.emit,
                 what="indexing the library", context=self)

    def restart(self) -> None:
        """The library folder changed: stop the current run and start over with the new one."""
        self._cancel.set()
        self.watcher.removePaths(self.watcher.directories())
        self.start()

    def cancel(self) -> None:
        """Stop the run; what it read so far becomes searchable."""
        self._again = False
        self._cancel.set()

    def stop_for_quit(self) -> None:
        """Stop the run as fast as possible: the next start indexes what it read."""
        self._quitting.set()
        self.cancel()

    def _done(self, outcome: IndexOutcome) -> None:
        self._running = False
        self._watch(outcome.folders)
        self.finished.emit(outcome.summary)
        self._next()

    def _failed(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)
        self._next()

    def _next(self) -> None:
        if self._again:
            self.start()

    def _changed(self, _path: str) -> None:
        self._debounce.start()

    def _watch(self, folders: list[str]) -> None:
        old = set(self.watcher.directories())
        new = set(folders)
        if old - new:
            self.watcher.removePaths(sorted(old - new))
        if new - old:
            self.watcher.addPaths(sorted(new - old))
