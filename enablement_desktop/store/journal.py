"""An append-only copy of every event recorded on this computer, beside the database.

The database is the truth, but a damaged database file would take the events
not yet synced with it: ratings, send-backs, searches nobody else has. Each
local event is also appended here as one JSON line; when the database has to
be set aside as damaged, the fresh one is refilled from this file (see
`store.db.open_db`). Plain appends, no fsync: the OS writes them out even if
the app is killed, and an event is small.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

JOURNAL_NAME = "events-journal.jsonl"


def journal_path(database: Path | str) -> Path:
    return Path(database).with_name(JOURNAL_NAME)


def append(database: Path | str, event: dict[str, Any]) -> None:
    """Add one event; OSError when the disk refuses (the caller's database write went through)."""
    line = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"
    fd = os.open(journal_path(database), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("ascii"))
    finally:
        os.close(fd)


def read(database: Path | str) -> Iterator[dict[str, Any]]:
    """Every whole event line; a line cut short by a crash or damaged is skipped."""
    try:
        handle = open(journal_path(database), "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return
    with handle:
        for raw in handle:
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            if isinstance(event, dict) and isinstance(event.get("uuid"), str):
                yield event
