"""Sync usage with the organisation server or the shared folder: at start, every few minutes, on demand.

Sellers are often offline: a sync that cannot reach the server or the folder
just leaves the events queued (the core keeps them) and says so in the status
bar. A configured server takes the place of the folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ui.session import Session
from ui.worker import run_task

if TYPE_CHECKING:
    from enablement_desktop.server.sync import ServerSyncResult
    from enablement_desktop.usage.sync import SyncResult

INTERVAL_MS = 5 * 60 * 1000


class BackgroundSync(QObject):
    synced = Signal(str)  # the outcome when there is one, e.g. "sent 12 events; received 40 new events …"

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._running = False
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self._timer.start()
        self.sync_now()

    def sync_now(self) -> None:
        if self.session.settings.server_dsn:
            self._sync_server(self.session.settings.server_dsn)
            return
        folder = self.session.settings.sync_folder
        if not folder or self._running:
            return
        self._running = True

        def task() -> SyncResult:
            # Imported on the worker: not needed to show the window.
            from enablement_desktop.usage.sync import sync

            with self.session.task_context() as ctx:
                return sync(ctx.db, ctx.settings, folder)

        run_task(task, self._done, on_error=self._failed, what="syncing with the shared folder", context=self)

    def _sync_server(self, dsn: str) -> None:
        if self._running:
            return
        self._running = True

        def task() -> ServerSyncResult:
            from enablement_desktop.server.sync import sync_server

            with self.session.task_context() as ctx:
                return sync_server(ctx.db, dsn)

        run_task(task, self._server_done, on_error=self._failed,
                 what="syncing with the organisation server", context=self)

    def _server_done(self, result: ServerSyncResult) -> None:
        self._running = False
        quiet = result.reachable and not result.sent and not result.received and not result.messages
        if not quiet:
            extra = f" ({result.messages[0]})" if result.messages else ""
            self.synced.emit(f"Sync: {result.message}{extra}")

    def _done(self, result: SyncResult) -> None:
        self._running = False
        flush, imported = result.flush, result.imported
        quiet = (flush.reachable and not flush.error and not flush.written
                 and not imported.events_added and not imported.messages)
        if not quiet:  # a sync with nothing to say stays out of the status bar
            self.synced.emit(f"Sync: {result.message}")

    def _failed(self, message: str) -> None:
        self._running = False
        self.synced.emit(message)
