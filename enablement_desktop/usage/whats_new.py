"""What's new, for a seller: what changed since they last looked, until they mark it read.

`refresh` looks at five sources and stores each item it has not stored yet
(table `whats_new`, on this computer only); marking an item read sets its
`read_at`, so a read answer never comes back and the unread count is one
indexed count. The sources:

- new and changed assets: the library against the snapshot What's new took
  the last time (`whats_new_assets`), so index runs' additions and new
  versions show; the first look only takes the snapshot (a whole library is
  not news). More than `BULK_ASSETS` at once become one summary item.
- assets expiring within `EXPIRING_DAYS` days;
- marketing's answers to your send-backs (each answer is an item);
- your searches that found nothing and that an asset added or changed since
  now answers (scorecard.answered_requests);
- campaign notes launching from `CAMPAIGN_DAYS` days ago on (a revised note
  replaces its unread older item).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlite_utils

from enablement_desktop.settings import Settings
from enablement_desktop.store.db import utc_now
from enablement_desktop.usage.campaigns import campaign_notes
from enablement_desktop.usage.insights import normalise_query
from enablement_desktop.usage.scorecard import answered_requests

__all__ = [
    "HEADINGS",
    "Inbox",
    "Item",
    "inbox",
    "mark_all_read",
    "mark_read",
    "refresh",
    "unread_count",
]

EXPIRING_DAYS = 30
CAMPAIGN_DAYS = 30
LOOKBACK_DAYS = 90  # answers and unanswered searches older than this are not news
BULK_ASSETS = 25
HEADINGS = {
    "answer": "Answer from marketing",
    "campaign": "Campaign",
    "request_answered": "Your search has an answer",
    "expiring": "Expiring soon",
    "asset_new": "New asset",
    "asset_changed": "Changed asset",
    "assets_bulk": "Library updated",
}


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    ts: str
    title: str
    detail: str
    asset_path: str
    ref: str  # campaign note id, or the answer's event uuid
    read_at: str | None

    @property
    def read(self) -> bool:
        return self.read_at is not None

    @property
    def heading(self) -> str:
        return HEADINGS.get(self.kind, self.kind)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "kind": self.kind, "heading": self.heading, "ts": self.ts,
            "title": self.title, "detail": self.detail, "asset_path": self.asset_path,
            "ref": self.ref, "read": self.read,
        }  # fmt: skip


@dataclass(frozen=True)
class Inbox:
    items: list[Item]  # unread first, newest first

    @property
    def unread(self) -> int:
        return sum(1 for i in self.items if not i.read)


def refresh(
    db: sqlite_utils.Database, settings: Settings, *, today: date | None = None
) -> Inbox:
    """Store what is new since the last refresh, then return the inbox of `settings.user`."""
    today = today or datetime.now(UTC).date()
    user = settings.user
    found = [
        *_asset_changes(db),
        *_expiring(db, today),
        *_answers(db, user, today),
        *_answered_requests(db, user, today),
        *_campaigns(db, user, today),
    ]
    with db.conn:
        db.conn.executemany(
            "INSERT OR IGNORE INTO whats_new (user, key, kind, ts, title, detail, asset_path, ref)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(user, i.key, i.kind, i.ts, i.title, i.detail, i.asset_path, i.ref) for i in found],
        )
        # A revised campaign note replaces its older version's item, unless that was read.
        current = [i.key for i in found if i.kind == "campaign"]
        db.conn.execute(
            """
            DELETE FROM whats_new WHERE user = ? AND kind = 'campaign' AND read_at IS NULL
              AND key NOT IN (SELECT value FROM json_each(?))
              AND ref IN (SELECT ref FROM whats_new WHERE user = ? AND key IN (SELECT value FROM json_each(?)))
            """,
            (user, _json(current), user, _json(current)),
        )
    return inbox(db, user)


def inbox(db: sqlite_utils.Database, user: str) -> Inbox:
    rows = db.conn.execute(
        """
        SELECT key, kind, ts, title, detail, asset_path, ref, read_at FROM whats_new
        WHERE user = ? ORDER BY read_at IS NOT NULL, ts DESC, key
        """,
        (user,),
    )
    return Inbox([Item(*row) for row in rows])


def unread_count(db: sqlite_utils.Database, user: str) -> int:
    return db.conn.execute(
        "SELECT count(*) FROM whats_new WHERE user = ? AND read_at IS NULL", (user,)
    ).fetchone()[0]


def mark_read(db: sqlite_utils.Database, user: str, key: str, *, read: bool = True) -> bool:
    """Mark one item read (or unread again); False when there is no such item."""
    with db.conn:
        cursor = db.conn.execute(
            "UPDATE whats_new SET read_at = ? WHERE user = ? AND key = ?",
            (utc_now() if read else None, user, key),
        )
    return cursor.rowcount > 0


def mark_all_read(db: sqlite_utils.Database, user: str) -> int:
    with db.conn:
        cursor = db.conn.execute(
            "UPDATE whats_new SET read_at = ? WHERE user = ? AND read_at IS NULL", (utc_now(), user)
        )
    return cursor.rowcount


# --- sources -----------------------------------------------------------------


def _asset_changes(db: sqlite_utils.Database) -> list[Item]:
    known = dict(db.conn.execute("SELECT path, sha256 FROM whats_new_assets"))
    if not known and not db.conn.execute(
        "SELECT 1 FROM index_runs WHERE status = 'done' LIMIT 1"
    ).fetchone():
        return []  # the first index run is still reading: its library is not news
    current = {
        path: (sha, updated, title)
        for path, sha, updated, title in db.conn.execute(
            "SELECT path, sha256, updated_at, title FROM assets WHERE removed = 0"
        )
    }
    with db.conn:
        db.conn.execute("DELETE FROM whats_new_assets")
        db.conn.executemany(
            "INSERT INTO whats_new_assets (path, sha256) VALUES (?, ?)",
            [(path, sha) for path, (sha, _, _) in current.items()],
        )
    if not known:
        return []  # the first look: a whole library is not news
    new = sorted(p for p in current if p not in known)
    changed = sorted(p for p in current if p in known and known[p] != current[p][0])
    if len(new) + len(changed) > BULK_ASSETS:
        newest = max(current[p][1] for p in new + changed)
        titles = ", ".join(current[p][2] for p in (new + changed)[:5])
        return [Item(
            f"assets:{newest}", "assets_bulk", newest,
            f"{len(new):,} new and {len(changed):,} changed assets",
            f"Among them: {titles}…", "", "", None,
        )]  # fmt: skip
    return [
        Item(
            f"asset:{path}:{current[path][0]}", kind, current[path][1], current[path][2],
            detail, path, "", None,
        )  # fmt: skip
        for paths, kind, detail in (
            (new, "asset_new", "Added to the library."),
            (changed, "asset_changed", "A new version is in the library."),
        )
        for path in paths
    ]


def _expiring(db: sqlite_utils.Database, today: date) -> list[Item]:
    """Stamped with when it became news, not the (future) expiry day, so it sorts among the new."""
    last = today + timedelta(days=EXPIRING_DAYS)
    found = utc_now()
    rows = db.conn.execute(
        "SELECT path, title, expires FROM assets WHERE removed = 0 AND expires >= ? AND expires <= ?",
        (today.isoformat(), last.isoformat()),
    )
    return [
        Item(
            f"expiring:{path}:{expires}", "expiring", found, title,
            f"Expires on {_long(expires[:10])}: check before you send it.", path, "", None,
        )  # fmt: skip
        for path, title, expires in rows
    ]


def _answers(db: sqlite_utils.Database, user: str, today: date) -> list[Item]:
    rows = db.conn.execute(
        """
        SELECT r.uuid, r.ts, r.status, coalesce(r.comment, ''), s.asset_path,
               coalesce(a.title, s.asset_path), coalesce(s.reason, '')
        FROM events s
        JOIN events r INDEXED BY events_responses ON r.kind = 'feedback_response' AND r.ref_uuid = s.uuid
        LEFT JOIN assets a ON a.path = s.asset_path
        WHERE s.kind = 'send_back' AND s.user = ? AND r.ts >= ?
        """,
        (user, _since(today, LOOKBACK_DAYS)),
    )
    items = []
    for ident, ts, status, comment, path, title, reason in rows:
        said = f" — “{comment}”" if comment.strip() else ""
        items.append(Item(
            f"answer:{ident}", "answer", ts, title,
            f"Your send-back ({reason}) is now “{status}”{said}", path, ident, None,
        ))  # fmt: skip
    return items


def _answered_requests(db: sqlite_utils.Database, user: str, today: date) -> list[Item]:
    searched: dict[str, str] = {}
    spelled: dict[str, str] = {}  # the seller's own spelling ("SOC 2"), not the matching key ("soc 2")
    for query, ts in db.conn.execute(
        """
        SELECT e.query, e.ts FROM events e INDEXED BY events_no_hits
        WHERE e.kind = 'search' AND e.hits = 0 AND e.query IS NOT NULL AND e.user = ? AND e.ts >= ?
        """,
        (user, _since(today, LOOKBACK_DAYS)),
    ):
        key = normalise_query(query)
        if key and ts > searched.get(key, ""):
            searched[key] = ts
            spelled[key] = " ".join(query.split())
    answers = answered_requests(db, searched)
    titles = dict(db.conn.execute(
        "SELECT path, title FROM assets WHERE path IN (SELECT value FROM json_each(?))",
        (_json(list(answers.values())),),
    ))  # fmt: skip
    return [
        Item(
            f"request:{query}:{path}", "request_answered", searched[query],
            f"“{spelled[query]}” now finds {titles.get(path, path)}",
            f"You searched for this on {_long(searched[query][:10])} and nothing matched; "
            "this asset was added or changed since.", path, "", None,
        )  # fmt: skip
        for query, path in answers.items()
    ]


def _campaigns(db: sqlite_utils.Database, user: str, today: date) -> list[Item]:
    first = today - timedelta(days=CAMPAIGN_DAYS)
    items = []
    for note in campaign_notes(db):
        if note.launch_date < first or note.author == user:
            continue
        who = ", ".join(note.products + note.personas)
        detail = f"Launches {_long(note.launch)}" + (f" · {who}" if who else "")
        if note.talk_track:
            detail += f" · {note.talk_track}"
        items.append(Item(
            f"campaign:{note.version_uuid}", "campaign", note.ts, note.title, detail,
            note.assets[0] if note.assets else "", note.id, None,
        ))  # fmt: skip
    return items


def _since(today: date, days: int) -> str:
    return f"{(today - timedelta(days=days)).isoformat()}T00:00:00.000Z"


def _long(day: str) -> str:
    moment = date.fromisoformat(day)
    return f"{moment.day} {moment.strftime('%b %Y')}"


def _json(values: list[str]) -> str:
    return json.dumps(values)
