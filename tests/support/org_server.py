"""A fresh database on the test PostgreSQL server, initialised, with real logins."""

from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass

import psycopg

from enablement_desktop.server import roles, schema
from tests.support.postgres import LocalServer

# login -> (role, team)
PEOPLE = {
    "ann": ("seller", "East"),
    "bob": ("seller", "West"),
    "mia": ("marketer", "Marketing"),
    "ivy": ("admin", ""),
}


@dataclass
class Org:
    server: LocalServer
    dbname: str

    def dsn(self, login: str = "postgres") -> str:
        return self.server.dsn(login, self.dbname)

    def connect(self, login: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.dsn(login), autocommit=True)

    def count(self, where: str = "true", params: tuple = ()) -> int:
        with self.connect() as conn:
            return conn.execute(f"SELECT count(*) FROM enablement.events WHERE {where}", params).fetchone()[0]


def new_org(server: LocalServer) -> Org:
    dbname = f"org_{uuid_mod.uuid4().hex[:12]}"
    with psycopg.connect(server.dsn(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {dbname}")
    org = Org(server, dbname)
    with org.connect() as conn:
        schema.migrate(conn)
        for login, (role, team) in PEOPLE.items():
            roles.grant(conn, login, role, team)
    return org


def event_row(user: str, *, kind: str = "open", ts: str = "2026-11-20T10:00:00.000Z",
              team: str = "East", **fields) -> dict:
    row = {
        "uuid": str(uuid_mod.uuid4()), "kind": kind, "ts": ts, "user": user, "team": team,
        "device": f"{user}-laptop", "asset_path": "decks/a.pptx", "asset_sha256": "",
        "page": None, "dwell_ms": None, "query": None, "hits": None, "rating": None,
        "reason": None, "comment": None, "status": None, "ref_uuid": None, "data": None,
    }
    row.update(fields)
    return row


INSERT_SQL = (
    'INSERT INTO enablement.events (uuid, kind, ts, "user", team, device, asset_path, rating, '
    "reason, comment, status, ref_uuid, query, hits) VALUES (%(uuid)s, %(kind)s, %(ts)s, "
    "%(user)s, %(team)s, %(device)s, %(asset_path)s, %(rating)s, %(reason)s, %(comment)s, "
    "%(status)s, %(ref_uuid)s, %(query)s, %(hits)s)"
)
