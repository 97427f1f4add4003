"""Login roles and the organisation-wide privacy switch (run by an IT admin)."""

from __future__ import annotations

import re

import psycopg
from psycopg import sql

from enablement_desktop.server.connect import ServerError
from enablement_desktop.server.schema import GROUP_ROLES

# A login is also the `user` of every event it writes, so it follows the
# app's name rules and stays a plain identifier (no quoting surprises in pg_hba).
_LOGIN_RE = re.compile(r"^[a-z_][a-z0-9_.@-]{0,62}\Z")


def grant(
    conn: psycopg.Connection, login: str, role: str, team: str = "", *, password: str | None = None
) -> str:
    """Create or update `login` with `role` and `team`; return what was done, in words."""
    if role not in GROUP_ROLES:
        raise ServerError(f"role must be one of: {', '.join(GROUP_ROLES)}; got {role!r}")
    if not _LOGIN_RE.match(login):
        raise ServerError(
            f"login {login!r} must be lowercase letters, digits and . _ @ - (at most 63), "
            "starting with a letter or _"
        )
    if len(team) > 200:
        raise ServerError("a team name holds at most 200 characters")
    ident = sql.Identifier(login)
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if exists:
            # Never turn an existing superuser or the admin running this into a seller.
            flags = conn.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = %s", (login,)
            ).fetchone()
            if flags[0]:
                raise ServerError(f"{login} is a superuser: give the app its own login")
        else:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        if password is not None:
            # Hashed here (SCRAM, by libpq) so the clear text never reaches the server's logs.
            hashed = conn.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(ident, sql.Literal(hashed.decode())))
        for name, group in GROUP_ROLES.items():
            verb = "GRANT {} TO {}" if name == role else "REVOKE {} FROM {}"
            conn.execute(sql.SQL(verb).format(sql.Identifier(group), ident))
        conn.execute(
            """INSERT INTO enablement.members (login, role, team) VALUES (%s, %s, %s)
               ON CONFLICT (login) DO UPDATE
               SET role = excluded.role, team = excluded.team, updated_at = now()""",
            (login, role, team),
        )
    in_team = f" in team {team!r}" if team else " (no team)"
    return f"{'updated' if exists else 'created'} login {login}: {role}{in_team}"


def set_per_person(conn: psycopg.Connection, on: bool) -> None:
    """Turn per-person figures for marketers on or off, for the whole organisation."""
    with conn.transaction():
        conn.execute(
            """UPDATE enablement.org_settings
               SET per_person_insights = %s, changed_at = now(), changed_by = session_user""",
            (on,),
        )


def per_person(conn: psycopg.Connection) -> bool:
    return bool(conn.execute("SELECT per_person_insights FROM enablement.org_settings").fetchone()[0])
