"""Recording usage events from the window, off the GUI thread (a write may wait on the indexer)."""

from __future__ import annotations

from typing import Any

from enablement_desktop.usage.events import record_event
from ui.session import Session
from ui.worker import run_task


def record(session: Session, kind: str, **fields: Any) -> None:
    """Append one event (see enablement_desktop.usage.events.record_event for the fields)."""
    settings = session.settings_snapshot()

    def write() -> str:
        with session.connect() as db:
            return record_event(db, settings, kind, **fields)

    run_task(write, what="saving what you opened or searched")
