"""Connecting to the organisation's PostgreSQL server the libpq way.

A DSN is a libpq connection string or URI (`host=db.corp dbname=enablement`,
`postgresql://ann@db.corp/enablement`, `service=enablement`). Passwords come
from where libpq looks for them (PGPASSWORD, ~/.pgpass, a service file, or
Kerberos/certificates), never from the app's settings: a DSN that carries a
password is refused for settings with a message saying where it belongs.
"""

from __future__ import annotations

import psycopg
from psycopg import conninfo

CONNECT_TIMEOUT_S = 10


class ServerError(Exception):
    """The server could not be used; the message is for the user."""


def check_dsn(dsn: str) -> str:
    """Return `dsn` stripped; ServerError says what is wrong with it (syntax, a password in it)."""
    dsn = (dsn or "").strip()
    if not dsn:
        raise ServerError("no server given: pass a libpq connection string, e.g. "
                          "'host=db.example.com dbname=enablement'")
    try:
        parts = conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise ServerError(f"not a valid PostgreSQL connection string: {_first_line(exc)}") from None
    if parts.get("password"):
        raise ServerError(
            "the connection string holds a password; the app never stores one. Remove it and "
            "put it in ~/.pgpass (or PGPASSWORD, a service file, or use Kerberos/certificates)"
        )
    return dsn


def strip_password(dsn: str) -> tuple[str, bool]:
    """The DSN without any password, and whether one was removed (for the settings field)."""
    parts = conninfo.conninfo_to_dict(dsn.strip())
    if "password" not in parts:
        return dsn.strip(), False
    parts.pop("password")
    return conninfo.make_conninfo(**parts), True


def connect(
    dsn: str, *, allow_password: bool = True, timeout_s: int = CONNECT_TIMEOUT_S
) -> psycopg.Connection:
    """Open a connection; ServerError with a one-line reason when the server cannot be reached.

    Autocommit, so every `conn.transaction()` block is a real transaction that
    is committed when it ends (in psycopg's default mode it would be a
    savepoint inside one long transaction, and a dropped connection would
    undo batches the laptop had already marked as sent).

    Command-line tools may be given a DSN with a password for a one-off (it is
    never saved); settings pass allow_password=False.
    """
    if not allow_password:
        dsn = check_dsn(dsn)
    elif not dsn or not dsn.strip():
        check_dsn(dsn)
    try:
        return psycopg.connect(
            dsn,
            autocommit=True,
            connect_timeout=timeout_s,
            application_name="enablement-desktop",
        )
    except psycopg.ProgrammingError as exc:
        raise ServerError(f"not a valid PostgreSQL connection string: {_first_line(exc)}") from None
    except psycopg.OperationalError as exc:
        raise ServerError(f"cannot reach the server: {_first_line(exc)}") from None


def server_name(dsn: str) -> str:
    """'enablement on db.corp': which server a DSN names, for a line of output (no login, no secrets)."""
    try:
        parts = conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "the organisation server"
    if parts.get("service") and not parts.get("host"):
        return f"service {parts['service']}"
    host = parts.get("host") or "this computer"
    return f"{parts['dbname']} on {host}" if parts.get("dbname") else str(host)


def describe(exc: psycopg.Error) -> str:
    """A database error as one line a user can act on."""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return f"the server refused: {_first_line(exc)}"
    if isinstance(exc, psycopg.OperationalError):
        return f"lost the connection to the server: {_first_line(exc)}"
    return _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
