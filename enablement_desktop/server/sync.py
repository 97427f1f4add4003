"""`enablement sync --server`: push this laptop's queued events, pull what this login may see.

Push: COPY the queued events into a temporary staging table, then one
INSERT … SELECT into enablement.events, where the uuid registry drops every
event the server already has (schema.py). The server commits before the
laptop marks anything sent, so a connection dropped at any point loses
nothing (the events stay queued) and doubles nothing (the resend is dropped
by uuid). Row-level security refuses events in anyone else's name, so only
events recorded under this login are sent; others stay queued, with a message.

Pull: marketing's answers to this login's own send-backs (enablement.my_answers),
stored locally like events imported from the folder (origin 'server').
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg
import sqlite_utils

from enablement_desktop.server.connect import ServerError, connect, describe
from enablement_desktop.store.db import utc_now
from enablement_desktop.usage.validate import EVENT_FIELDS, clean_event

BATCH = 20_000  # events per server transaction
_RETRIES = 3
SERVER_WRITER = "organisation server"  # the writer name "data as of" shows for the server
_COLUMNS = ", ".join(f'"{name}"' for name in EVENT_FIELDS)
_TS_TEXT = "to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
_SELECT_WIRE = ", ".join(
    _TS_TEXT.format(col="ts") if name == "ts"
    else f"{name}::text" if name in ("uuid", "ref_uuid", "data")
    else f'"{name}"'
    for name in EVENT_FIELDS
)


@dataclass
class ServerSyncResult:
    reachable: bool
    sent: int = 0  # events the server stored for the first time
    already_there: int = 0  # sent before (a retry after a dropped connection)
    queued: int = 0  # local events still waiting
    received: int = 0  # new events pulled (answers to this login's send-backs)
    login: str = ""
    error: str = ""
    messages: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if not self.reachable:
            return f"organisation server not reachable; {_count(self.queued, 'event')} queued" + (
                f" ({self.error})" if self.error else ""
            )
        text = f"sent {_count(self.sent, 'event')}; received {_count(self.received, 'new event')}"
        if self.queued:
            text += f"; {_count(self.queued, 'event')} still queued"
        return text


def sync_server(db: sqlite_utils.Database, dsn: str, *, allow_password: bool = False) -> ServerSyncResult:
    """Push queued events, then pull; never raises for an unreachable or refusing server."""
    result = ServerSyncResult(reachable=False, queued=_queued(db))
    try:
        conn = connect(dsn, allow_password=allow_password)
    except ServerError as exc:
        result.error = str(exc)
        return result
    try:
        with conn:
            result.reachable = True
            result.login = conn.execute("SELECT session_user").fetchone()[0]
            push(db, conn, result)
            pull(db, conn, result)
    except psycopg.Error as exc:
        # Whatever was committed is marked sent; the rest stays queued for next time.
        result.reachable = False
        result.error = describe(exc)
    result.queued = _queued(db)
    return result


def describe_login(dsn: str) -> str:
    """One line for Settings' "Test connection": who the server says we are, or why not."""
    try:
        with connect(dsn, allow_password=False) as conn:
            row = conn.execute("SELECT login, role, team FROM enablement.me").fetchone()
            database = conn.execute("SELECT current_database()").fetchone()[0]
    except ServerError as exc:
        return str(exc)
    except psycopg.errors.UndefinedTable:
        return "Connected, but this database has no enablement schema: ask IT to run `enablement server init`."
    except psycopg.Error as exc:
        return describe(exc)
    if row is None:
        return "Connected, but this login is not set up for the app: ask IT to run `enablement server grant`."
    login, role, team = row
    return f"Connected to {database} as {login} ({role}{', team ' + team if team else ''})."


def push(db: sqlite_utils.Database, conn: psycopg.Connection, result: ServerSyncResult) -> None:
    login = result.login
    others = db.conn.execute(
        "SELECT user, count(*) FROM events WHERE origin = 'local' AND flushed_at IS NULL "
        "AND user <> ? GROUP BY user",
        (login,),
    ).fetchall()
    for user, n in others:
        result.messages.append(
            f"{_count(n, 'event')} recorded as {user!r} stay queued: this server login is "
            f"{login!r} (set your name in Settings to your login)"
        )
    while True:
        rows = db.conn.execute(
            f"SELECT {', '.join(EVENT_FIELDS)} FROM events "
            "WHERE origin = 'local' AND flushed_at IS NULL AND user = ? ORDER BY ts, uuid LIMIT ?",
            (login, BATCH),
        ).fetchall()
        if not rows:
            return
        stored = copy_events(conn, rows)
        # Only after the server committed: a crash before this line means a resend.
        _mark_sent(db, rows)
        result.sent += stored
        result.already_there += len(rows) - stored
        if len(rows) < BATCH:
            return


def copy_events(conn: psycopg.Connection, rows: Iterable[tuple[Any, ...]]) -> int:
    """COPY `rows` (EVENT_FIELDS order) into staging and insert the new ones; return how many were new.

    One transaction: either every new event is stored or none is. Events the
    server already has (by uuid, in any partition) are dropped from staging
    first; a writer that inserts the same uuids at the same moment makes the
    insert fail on the uuid registry, and the batch is simply tried again.
    Sellers' and marketers' events count under the team IT gave their login
    (row-level security refuses any other); admins loading history keep theirs.
    """
    if not conn.autocommit:
        # Inside an open transaction this would be a savepoint, not a commit (see connect()).
        raise ValueError("copy_events needs an autocommit connection")
    # Retried only with a list: a one-shot iterator (tests use one) cannot be replayed.
    for attempt in range(_RETRIES if isinstance(rows, list) else 1):
        try:
            return _copy_once(conn, rows)
        except psycopg.errors.UniqueViolation:
            if attempt == _RETRIES - 1 or not isinstance(rows, list):
                raise
    raise AssertionError("unreachable")


def _copy_once(conn: psycopg.Connection, rows: Iterable[tuple[Any, ...]]) -> int:
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS staging "
            "(LIKE enablement.events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        with cur.copy(f"COPY staging ({_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(
            "DELETE FROM staging WHERE uuid IN "
            "(SELECT enablement.known_uuids(array(SELECT uuid FROM staging)))"
        )
        cur.execute("UPDATE staging SET team = m.team FROM enablement.me m WHERE m.role <> 'admin'")
        cur.execute("SELECT enablement.ensure_months(min(ts), max(ts)) FROM staging")
        cur.execute(
            f"INSERT INTO enablement.events ({_COLUMNS}) "
            f"SELECT DISTINCT ON (uuid) {_COLUMNS} FROM staging ORDER BY uuid, ts"
        )
        return cur.rowcount


def _mark_sent(db: sqlite_utils.Database, rows: list[tuple[Any, ...]]) -> None:
    now = utc_now()
    with db.conn:
        db.conn.executemany(
            "UPDATE events SET flushed_at = ? WHERE uuid = ?", [(now, row[0]) for row in rows]
        )


def pull(db: sqlite_utils.Database, conn: psycopg.Connection, result: ServerSyncResult) -> None:
    rows = conn.execute(f"SELECT {_SELECT_WIRE} FROM enablement.my_answers").fetchall()
    server_now = conn.execute(
        "SELECT " + _TS_TEXT.format(col="now()")
    ).fetchone()[0]
    placeholders = ", ".join("?" for _ in EVENT_FIELDS)
    with db.conn:
        for row in rows:
            raw = dict(zip(EVENT_FIELDS, row, strict=True))
            raw["data"] = json.loads(raw["data"]) if raw["data"] is not None else None
            try:
                event = clean_event(raw, strict_kind=False)
            except ValueError as exc:
                result.messages.append(f"skipped an answer from the server: {exc}")
                continue
            cursor = db.conn.execute(
                f"INSERT OR IGNORE INTO events ({', '.join(EVENT_FIELDS)}, origin) "
                f"VALUES ({placeholders}, 'server')",
                [event[name] for name in EVENT_FIELDS],
            )
            result.received += cursor.rowcount
        # "Data as of": the server's own clock at this pull, shown like a folder writer.
        db.conn.execute(
            """INSERT INTO sync_segments (path, writer, size, sha256, events, max_ts, imported_at)
               VALUES ('postgresql:', ?, 0, '', 0, ?, ?)
               ON CONFLICT (path) DO UPDATE SET max_ts = excluded.max_ts,
                                               imported_at = excluded.imported_at""",
            (SERVER_WRITER, server_now, utc_now()),
        )


def _queued(db: sqlite_utils.Database) -> int:
    return db.conn.execute(
        "SELECT count(*) FROM events WHERE origin = 'local' AND flushed_at IS NULL"
    ).fetchone()[0]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
