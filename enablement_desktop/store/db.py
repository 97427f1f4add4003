"""Open the database: WAL, foreign keys, migrations up to SCHEMA_VERSION."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from enablement_desktop import paths
from enablement_desktop.store import journal
from enablement_desktop.store.schema import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """A database problem a person can act on (full disk, newer schema, damaged file)."""


def database_file(db: sqlite_utils.Database) -> str:
    """The file behind an open database; '' for an in-memory one."""
    return db.conn.execute("PRAGMA database_list").fetchone()[2]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def open_db(path: Path | str, notices: list[str] | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`.

    A damaged file is set aside (never deleted) and a new database made; the
    events recorded on this computer come back from the journal beside it
    (`store.journal`), and everything else is read again from the library and
    the shared folder. What happened is added to `notices` for the person.
    """
    if str(path) != ":memory:" and not _writable(Path(path)):
        return _open_read_only(Path(path))
    try:
        return _open(path)
    except sqlite3.DatabaseError as exc:
        if not _is_damage(exc) or str(path) == ":memory:":
            raise StoreError(describe_sqlite_error(exc, path)) from exc
    aside = _set_aside(Path(path))
    try:
        db = _open(path)
        kept = _restore_journal(db, Path(path))
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe_sqlite_error(exc, path)) from exc
    if notices is not None:
        notices.append(
            f"The database was damaged. It was set aside as {aside.name} and a new one made; "
            f"{kept:,} usage events recorded on this computer were kept, and the library is read again."
        )
    return db


def _open(path: Path | str) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn)


def data_dir_read_only(data_dir: Path | str) -> bool:
    """True when nothing can be saved in `data_dir` (a locked-down profile, a read-only mount).

    The same check `open_db` makes before it opens the database read-only.
    """
    return not _writable(paths.database_path(Path(data_dir)))


def read_only_notice(data_dir: Path | str) -> str:
    """The one sentence the window shows when `data_dir_read_only` is true."""
    return (f"The data folder {data_dir} is read-only: you can search what was indexed, but ratings, "
            "opens and library updates cannot be saved. To save them, make the folder writable.")


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent, os.W_OK)


def _open_read_only(path: Path) -> sqlite_utils.Database:
    """A data folder the user may only read (a locked-down profile, a read-only mount).

    Reading works (status, search, insights); any write fails with SQLite's
    'readonly database', which `describe_sqlite_error` words for people.
    When SQLite cannot even read the WAL index there, `immutable=1` reads the
    main file alone (a cleanly closed database keeps everything there).
    """
    if not path.exists():
        raise StoreError(f"The data folder {path.parent} is read-only and holds no database yet. "
                         "Choose a data folder you may write to (--data-dir, or ENABLEMENT_DATA_DIR).")
    try:
        try:
            # Read-only, but through the WAL if one was left behind (its newest writes live there).
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError:
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe_sqlite_error(exc, path)) from exc
    if version != SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"The database {path} is read-only and was written by "
                         f"{'an older' if version < SCHEMA_VERSION else 'a newer'} Enablement Desktop; "
                         "it can only be used from a data folder you may write to.")
    return sqlite_utils.Database(conn)


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _set_aside(path: Path) -> Path:
    """Rename the damaged file and its WAL companions to '<name>.damaged-<time>'."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(aside.with_name(aside.name + suffix))
    return aside


def _restore_journal(db: sqlite_utils.Database, path: Path) -> int:
    """Put back every journalled local event; they are queued to sync again (import drops repeats)."""
    from enablement_desktop.usage.validate import EVENT_FIELDS, clean_event

    rows = []
    for raw in journal.read(path):
        try:
            event = clean_event(raw, strict_kind=False)
        except ValueError:
            continue
        rows.append([event[name] for name in EVENT_FIELDS])
    marks = ", ".join("?" for _ in EVENT_FIELDS)
    with db.conn:
        db.conn.executemany(
            f"INSERT OR IGNORE INTO events ({', '.join(EVENT_FIELDS)}, origin) VALUES ({marks}, 'local')", rows)
    return db.conn.execute("SELECT count(*) FROM events").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations, each in its own transaction; return the new version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"This data was written by a newer Enablement Desktop (schema {version}, "
            f"this app knows {SCHEMA_VERSION}). Update the app."
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        script = MIGRATIONS[number - 1]
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")
    return SCHEMA_VERSION


def describe_sqlite_error(exc: BaseException, path: Path | str | None = None) -> str:
    """One sentence for a SQLite failure; `path` names the file when it is known."""
    text = str(exc).lower()
    database = f"The database {path}" if path else "The database"
    if "full" in text:
        disk = f"The disk holding {path}" if path else "The disk holding the database"
        return f"{disk} is full. Free some space and try again; nothing was lost."
    if "not a database" in text or "malformed" in text:
        return (f"{database} is damaged. Move it aside; the app rebuilds it from the library "
                "and keeps the usage events it recorded (see docs/reliability.md).")
    if "readonly" in text or "read-only" in text:
        return f"{database} is read-only. Reading works; to save anything, make the data folder writable."
    if "locked" in text or "busy" in text:
        return f"{database} is busy in another program. Try again in a moment."
    return f"Database problem with {path or 'the database'}: {exc}"
