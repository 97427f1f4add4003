"""Campaign notes: marketing tells sales what launches when, and sees who read it in time.

A note is a `campaign_note` event (docs/sync-format.md), so it reaches every
seller through the shared folder or the server like any other event. Editing
a note records a new `campaign_note` whose `ref_uuid` is the first version's
UUID; the newest version (by ts, then uuid) is the one shown. A seller opening
a note records a `campaign_read` whose `ref_uuid` is that first UUID, so reads
count for the note whatever version was read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from enablement_desktop.settings import Settings
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.validate import check_campaign_data

__all__ = [
    "CampaignNote",
    "CampaignStatus",
    "campaign_notes",
    "campaign_statuses",
    "find_note",
    "record_read",
    "write_note",
]


@dataclass(frozen=True)
class CampaignNote:
    id: str  # the first version's UUID: what reads refer to
    version_uuid: str  # the version shown (the newest)
    title: str
    launch: str  # ISO date
    products: list[str] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    talk_track: str = ""
    author: str = ""
    team: str = ""
    ts: str = ""  # when the version shown was written

    @property
    def launch_date(self) -> date:
        return date.fromisoformat(self.launch)


def write_note(
    db: sqlite_utils.Database,
    settings: Settings,
    *,
    title: str,
    launch: date | str,
    products: list[str] | tuple[str, ...] = (),
    personas: list[str] | tuple[str, ...] = (),
    assets: list[str] | tuple[str, ...] = (),
    talk_track: str = "",
    revises: str | None = None,
    ts: str | None = None,
) -> str:
    """Record a note (or a new version of note `revises`); returns the note's id.

    ValueError explains a bad field, a non-marketer author or an unknown note.
    """
    if settings.role != "marketer":
        raise ValueError("only a marketer can write campaign notes: set your role to marketer in Settings")
    data = {
        "title": " ".join(title.split()),
        "launch": launch.isoformat() if isinstance(launch, date) else str(launch).strip(),
        "products": _clean_list(products),
        "personas": _clean_list(personas),
        "assets": _clean_list(assets),
        "talk_track": talk_track.strip(),
    }
    check_campaign_data(data)
    if revises is not None and find_note(db, revises) is None:
        raise ValueError("that campaign note is not here (yet); sync and try again")
    ident = record_event(db, settings, "campaign_note", data=data, ref_uuid=revises, ts=ts)
    return revises or ident


def campaign_notes(db: sqlite_utils.Database) -> list[CampaignNote]:
    """Every note in its newest version, latest launch first."""
    rows = db.conn.execute(
        """
        SELECT coalesce(e.ref_uuid, e.uuid) AS note, e.uuid, e.data, e.user, e.team, e.ts
        FROM events e
        WHERE e.kind = 'campaign_note' AND NOT EXISTS (
            SELECT 1 FROM events n
            WHERE n.kind = 'campaign_note' AND coalesce(n.ref_uuid, n.uuid) = coalesce(e.ref_uuid, e.uuid)
              AND (n.ts, n.uuid) > (e.ts, e.uuid)
        )
        """
    ).fetchall()
    notes = [_note(*row) for row in rows]
    # A revision whose first version has not arrived yet still counts as the note.
    return sorted((n for n in notes if n is not None), key=lambda n: (n.launch, n.ts), reverse=True)


@dataclass(frozen=True)
class CampaignStatus:
    """A note as marketing tracks it: who has read it, and how many of them before launch."""

    id: str
    title: str
    launch: str
    products: str  # joined with ', ' (a table cell, a CSV column)
    personas: str
    assets: int
    readers: int  # distinct people who opened the note
    read_before_launch: int  # … of whom opened it before launch day (00:00 UTC)
    author: str


def campaign_statuses(db: sqlite_utils.Database) -> list[CampaignStatus]:
    """Every note with its readers, latest launch first."""
    first_read: dict[str, list[str]] = {}
    for note, ts in db.conn.execute(
        "SELECT ref_uuid, min(ts) FROM events WHERE kind = 'campaign_read' GROUP BY ref_uuid, user"
    ):
        first_read.setdefault(note, []).append(ts)
    statuses = []
    for n in campaign_notes(db):
        reads = first_read.get(n.id, [])
        launch_ts = f"{n.launch}T00:00:00.000Z"
        statuses.append(CampaignStatus(
            n.id, n.title, n.launch, ", ".join(n.products), ", ".join(n.personas), len(n.assets),
            len(reads), sum(1 for ts in reads if ts < launch_ts), n.author,
        ))  # fmt: skip
    return statuses


def find_note(db: sqlite_utils.Database, note_id: str) -> CampaignNote | None:
    return next((n for n in campaign_notes(db) if n.id == note_id), None)


def record_read(db: sqlite_utils.Database, settings: Settings, note_id: str) -> str:
    """The seller opened the note: one `campaign_read` event (every opening counts once more)."""
    return record_event(db, settings, "campaign_read", ref_uuid=note_id)


def _note(note: str, version: str, data: str, user: str, team: str, ts: str) -> CampaignNote | None:
    try:
        body = json.loads(data)
        check_campaign_data(body)
    except ValueError:
        return None  # stored before validation existed, or by a broken app: not shown
    return CampaignNote(
        id=note,
        version_uuid=version,
        title=body["title"],
        launch=body["launch"],
        products=list(body.get("products", [])),
        personas=list(body.get("personas", [])),
        assets=list(body.get("assets", [])),
        talk_track=body.get("talk_track", ""),
        author=user,
        team=team,
        ts=ts,
    )


def _clean_list(items: list[str] | tuple[str, ...]) -> list[str]:
    seen: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        if text and text not in seen:
            seen.append(text)
    return seen
