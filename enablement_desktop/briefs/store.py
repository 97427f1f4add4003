"""Briefs in the database: one `briefs` row per brief, one `brief_versions` row per save.

A version's body is the brief's JSON (`brief_to_json`), so any stored version
can be exported, diffed or re-imported as a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from enablement_desktop.briefs.model import Brief, brief_from_json, brief_to_json
from enablement_desktop.store.db import utc_now


class BriefNotFound(LookupError):
    """No brief (or no such version of it) in the database."""


@dataclass(frozen=True)
class BriefSummary:
    id: int
    name: str
    offering: str
    persona: str
    version: int  # the latest
    updated_at: str


@dataclass(frozen=True)
class BriefVersion:
    version: int
    created_at: str


def default_name(brief: Brief) -> str:
    persona = brief.audience.persona
    return f"{brief.offering} — {persona}" if persona else brief.offering


def save_brief(
    db: sqlite_utils.Database, brief: Brief, name: str | None = None, brief_id: int | None = None
) -> tuple[int, int]:
    """Store `brief` as a new brief (brief_id None) or the next version of `brief_id`.

    Saving a brief identical to its latest version adds no version (editors
    autosave; a row per unchanged save would bury the real history) and
    returns the latest one. A given `name` renames the brief.
    """
    body = brief_to_json(brief)
    now = utc_now()
    conn = db.conn
    with conn:  # one transaction: the brief row and its version appear together
        if brief_id is None:
            cursor = conn.execute(
                "INSERT INTO briefs (name, created_at, updated_at) VALUES (?, ?, ?)",
                (name or default_name(brief), now, now),
            )
            brief_id = int(cursor.lastrowid or 0)
        else:
            if conn.execute("SELECT 1 FROM briefs WHERE id = ?", (brief_id,)).fetchone() is None:
                raise BriefNotFound(f"No brief with id {brief_id}.")
            if name:
                conn.execute("UPDATE briefs SET name = ? WHERE id = ?", (name, brief_id))
            latest = conn.execute(
                "SELECT version, body FROM brief_versions WHERE brief_id = ? "
                "ORDER BY version DESC LIMIT 1",
                (brief_id,),
            ).fetchone()
            if latest is not None and latest[1] == body:
                return brief_id, int(latest[0])
        # MAX()+1 inside the INSERT so the number is taken in the same statement that claims it.
        conn.execute(
            "INSERT INTO brief_versions (brief_id, version, body, created_at) "
            "SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ? FROM brief_versions WHERE brief_id = ?",
            (brief_id, body, now, brief_id),
        )
        conn.execute("UPDATE briefs SET updated_at = ? WHERE id = ?", (now, brief_id))
        version = conn.execute(
            "SELECT MAX(version) FROM brief_versions WHERE brief_id = ?", (brief_id,)
        ).fetchone()[0]
    return brief_id, int(version)


def load_brief(db: sqlite_utils.Database, brief_id: int, version: int | None = None) -> Brief:
    """The brief at `version` (the latest when None)."""
    if version is None:
        row = db.conn.execute(
            "SELECT body FROM brief_versions WHERE brief_id = ? ORDER BY version DESC LIMIT 1",
            (brief_id,),
        ).fetchone()
        missing = f"No brief with id {brief_id}."
    else:
        row = db.conn.execute(
            "SELECT body FROM brief_versions WHERE brief_id = ? AND version = ?", (brief_id, version)
        ).fetchone()
        missing = f"Brief {brief_id} has no version {version}."
    if row is None:
        raise BriefNotFound(missing)
    return brief_from_json(row[0])


def list_briefs(db: sqlite_utils.Database) -> list[BriefSummary]:
    """Every brief with its latest version, most recently changed first."""
    rows = db.conn.execute(
        """
        SELECT b.id, b.name, b.updated_at, v.version,
               COALESCE(json_extract(v.body, '$.offering'), ''),
               COALESCE(json_extract(v.body, '$.audience.persona'), '')
        FROM briefs b
        JOIN brief_versions v ON v.brief_id = b.id
         AND v.version = (SELECT MAX(version) FROM brief_versions WHERE brief_id = b.id)
        ORDER BY b.updated_at DESC, b.id DESC
        """
    ).fetchall()
    return [
        BriefSummary(id=r[0], name=r[1], updated_at=r[2], version=r[3], offering=r[4], persona=r[5])
        for r in rows
    ]


def list_versions(db: sqlite_utils.Database, brief_id: int) -> list[BriefVersion]:
    """The versions of one brief, newest first."""
    rows = db.conn.execute(
        "SELECT version, created_at FROM brief_versions WHERE brief_id = ? ORDER BY version DESC",
        (brief_id,),
    ).fetchall()
    if not rows:
        raise BriefNotFound(f"No brief with id {brief_id}.")
    return [BriefVersion(version=r[0], created_at=r[1]) for r in rows]


def find_brief(db: sqlite_utils.Database, name: str) -> int | None:
    """The id of the most recently changed brief called `name`, if any."""
    row = db.conn.execute(
        "SELECT id FROM briefs WHERE name = ? ORDER BY updated_at DESC, id DESC LIMIT 1", (name,)
    ).fetchone()
    return int(row[0]) if row else None
