"""`enablement server import-folder DIR`: move a team's shared-folder history onto the server.

The folder is read by the very code a laptop uses (usage/sync.import_all,
into a throw-away SQLite database), so exactly the same files, lines and
writers are accepted or refused, with the same messages. The accepted events
are then COPYed to the server as an admin; the uuid registry drops the ones
already there, so running it twice changes nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from enablement_desktop.server.sync import copy_events
from enablement_desktop.store import open_db
from enablement_desktop.usage.sync import import_all
from enablement_desktop.usage.validate import EVENT_FIELDS

BATCH = 50_000


@dataclass
class FolderImportResult:
    read: int = 0  # valid events found in the folder
    added: int = 0  # new on the server
    messages: list[str] = field(default_factory=list)


def import_folder(conn: psycopg.Connection, folder: Path) -> FolderImportResult:
    if not (folder / "events").is_dir():
        raise FileNotFoundError(f"no shared folder here (no events/ folder): {folder}")
    result = FolderImportResult()
    with tempfile.TemporaryDirectory(prefix="enablement-import-") as scratch:
        db = open_db(Path(scratch) / "folder.db")
        try:
            imported = import_all(db, folder)
            result.messages = list(imported.messages)
            cursor = db.conn.execute(f"SELECT {', '.join(EVENT_FIELDS)} FROM events ORDER BY ts, uuid")
            while rows := cursor.fetchmany(BATCH):
                result.read += len(rows)
                result.added += copy_events(conn, rows)
        finally:
            db.conn.close()
    return result
