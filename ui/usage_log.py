"""Recording usage and feedback events from the window, always off the GUI thread.

A write may wait up to 30 s for the indexer's write lock, so nothing in the
window writes events itself: the viewer's open / page-view / close events,
searches, ratings and send-backs all come here and run through run_task.
The event's time is taken when it happens, not when the write gets its turn,
so events written a moment late still sort in the order they happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from enablement_desktop.store.db import read_only_notice, utc_now
from enablement_desktop.usage.events import record_event
from ui.session import Session
from ui.worker import run_task

# The tooltip of Rate and Send back while the data folder is read-only (search, preview, viewer).
FEEDBACK_READ_ONLY = "The data folder is read-only, so ratings and send-backs cannot be saved."


def record(
    session: Session,
    kind: str,
    *,
    on_done: Callable[[str], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    context: QObject | None = None,
    **fields: Any,
) -> None:
    """Append one event (fields as for enablement_desktop.usage.events.record_event).

    `on_done(uuid)` runs on the GUI thread once it is stored; a failure goes
    to `on_error(sentence)` or, without one, to the status bar. In a read-only
    data dir nothing is written: a rating or send-back (they pass `on_error`)
    hears why; searches and opens are not recorded, which the window's banner
    already says, rather than a failure per event.
    """
    if session.read_only:
        if on_error is not None:
            on_error(read_only_notice(session.data_dir))
        return
    settings = session.settings_snapshot()
    fields.setdefault("ts", utc_now())

    def write() -> str:
        with session.connect() as db:
            return record_event(db, settings, kind, **fields)

    run_task(write, on_done, on_error=on_error, what="saving what you did", context=context)
