"""Recording usage events and the small reads the window needs.

Every action is an append-only event keyed by a UUID (see docs/sync-format.md).
Ratings: a person's latest rating of an asset is the one that counts; rating
again replaces the earlier one in every average and count. "Latest" is by the
event's own timestamp (the rater's clock), ties broken by UUID so every
machine picks the same one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlite_utils

from enablement_desktop.settings import Settings
from enablement_desktop.store import journal
from enablement_desktop.store.db import database_file, utc_now
from enablement_desktop.usage.filters import NO_FILTERS, Filters
from enablement_desktop.usage.segments import event_uuid
from enablement_desktop.usage.validate import (
    EVENT_FIELDS,
    EVENT_KINDS,
    FEEDBACK_STATUSES,
    SEND_BACK_REASONS,
    clean_event,
)

log = logging.getLogger(__name__)

__all__ = [
    "EVENT_KINDS",
    "FEEDBACK_STATUSES",
    "SEND_BACK_REASONS",
    "AssetStats",
    "MyRating",
    "PAGE_SIZE",
    "SendBack",
    "SendBackPage",
    "asset_stats",
    "my_rating",
    "record_event",
    "send_back_page",
    "send_back_queue",
    "send_backs_for_user",
]

# Each person's latest rating per asset: a rating counts unless the same
# person rated the same asset later, ties on ts broken by uuid so every machine
# picks the same one. Both sides read only the covering partial index
# events_ratings (migration 5; named, as SQLite without ANALYZE statistics picks
# the big kind index): the NOT EXISTS is one seek per rating, where a
# ROW_NUMBER() window over the same rows cost 3x as much at 1M events.
# `where` narrows the ratings (alias e) and `where_later` must narrow the later
# ones (alias n) the same way, or a later rating outside the filter would hide
# the latest one inside it.
LATEST_RATINGS_SQL = """
    SELECT e.uuid, e.asset_path, e.user, e.rating, e.ts, e.team, e.comment
    FROM events e INDEXED BY events_ratings
    WHERE e.kind = 'rate' AND e.rating IS NOT NULL {where}
      AND NOT EXISTS (
          SELECT 1 FROM events n INDEXED BY events_ratings
          WHERE n.kind = 'rate' AND n.rating IS NOT NULL {where_later}
            AND n.asset_path = e.asset_path AND n.user = e.user
            AND (n.ts, n.uuid) > (e.ts, e.uuid)
      )
"""

_INSERT_SQL = (
    f"INSERT INTO events ({', '.join(EVENT_FIELDS)}, origin) "
    f"VALUES ({', '.join('?' for _ in EVENT_FIELDS)}, 'local')"
)


class AssetStats(NamedTuple):
    avg_rating: float | None
    rating_count: int
    open_count: int


@dataclass(frozen=True)
class MyRating:
    rating: int
    comment: str
    ts: str


@dataclass(frozen=True)
class SendBack:
    uuid: str
    ts: str
    asset_path: str
    title: str
    asset_sha256: str
    reason: str
    comment: str
    team: str
    user: str  # '' when per-person insights are off (the marketer sees the team only)
    status: str  # latest marketer response, 'new' when nobody answered yet
    response: str
    response_ts: str


# A marketer's window shows the queue a page at a time (50,000 send-backs at
# organisation scale are not read at once); `enablement insights` likewise.
PAGE_SIZE = 100


@dataclass(frozen=True)
class SendBackPage:
    """One page of the send-back queue, and how many there are in all."""

    rows: list[SendBack]
    total: int  # send-backs matching the filters
    open: int  # of which still waiting for marketing (new, acknowledged)
    offset: int  # rows before this page


def record_event(
    db: sqlite_utils.Database,
    settings: Settings,
    kind: str,
    *,
    asset_path: str = "",
    asset_sha256: str = "",
    page: int | None = None,
    dwell_ms: int | None = None,
    query: str | None = None,
    hits: int | None = None,
    rating: int | None = None,
    reason: str | None = None,
    comment: str | None = None,
    status: str | None = None,
    ref_uuid: str | None = None,
    data: dict[str, Any] | None = None,
    ts: str | None = None,
) -> str:
    """Append one local event and return its UUID; ValueError explains a bad value."""
    event = clean_event(
        {
            "uuid": event_uuid(settings.user, settings.device),
            "kind": kind,
            "ts": ts or utc_now(),
            "user": settings.user,
            "team": settings.team,
            "device": settings.device,
            "asset_path": asset_path,
            "asset_sha256": asset_sha256,
            "page": page,
            "dwell_ms": dwell_ms,
            "query": query,
            "hits": hits,
            "rating": rating,
            "reason": reason,
            "comment": comment,
            "status": status,
            "ref_uuid": ref_uuid,
            "data": data,
        },
        strict_kind=True,
    )
    with db.conn:
        db.conn.execute(_INSERT_SQL, [event[name] for name in EVENT_FIELDS])
    _keep_in_journal(db, event)
    return event["uuid"]


def _keep_in_journal(db: sqlite_utils.Database, event: dict[str, Any]) -> None:
    """A second copy beside the database, for the day the database file is damaged."""
    database = database_file(db)
    if not database:
        return  # an in-memory database has nothing to outlive
    try:
        journal.append(database, event)
    except OSError as exc:
        # The event is stored; only its spare copy is missing. Not worth failing the action.
        log.warning("could not add event %s to the journal: %s", event["uuid"], exc)


def asset_stats(db: sqlite_utils.Database, paths: Iterable[str]) -> dict[str, AssetStats]:
    """Average rating, rating count and open count for each path, in one query.

    Every requested path gets an entry; an asset nobody rated has avg_rating None.
    """
    wanted = sorted(set(paths))
    if not wanted:
        return {}
    # Every later rating of a wanted asset is of a wanted asset: no where_later needed.
    latest = LATEST_RATINGS_SQL.format(
        where="AND e.asset_path IN (SELECT path FROM wanted)", where_later=""
    )
    sql = f"""
        WITH wanted(path) AS (SELECT value FROM json_each(:paths)),
        rated AS (
            SELECT asset_path, avg(rating) AS avg_rating, count(*) AS n
            FROM ({latest})
            GROUP BY asset_path
        )
        SELECT w.path, r.avg_rating, coalesce(r.n, 0),
               (SELECT count(*) FROM events o WHERE o.kind = 'open' AND o.asset_path = w.path)
        FROM wanted w LEFT JOIN rated r ON r.asset_path = w.path
    """
    rows = db.conn.execute(sql, {"paths": json.dumps(wanted)})
    return {path: AssetStats(avg, count, opens) for path, avg, count, opens in rows}


def my_rating(db: sqlite_utils.Database, user: str, path: str) -> MyRating | None:
    """The rating `user` currently gives `path` (their latest), or None."""
    row = db.conn.execute(
        """
        SELECT rating, coalesce(comment, ''), ts FROM events
        WHERE kind = 'rate' AND asset_path = ? AND user = ? AND rating IS NOT NULL
        ORDER BY ts DESC, uuid DESC LIMIT 1
        """,
        (path, user),
    ).fetchone()
    return MyRating(*row) if row else None


def send_backs_for_user(db: sqlite_utils.Database, user: str) -> list[SendBack]:
    """What `user` sent back, newest first, each with the marketer's latest response."""
    return _send_backs(db, "AND s.user = :user", {"user": user}, show_user=True)


def send_back_queue(
    db: sqlite_utils.Database, *, per_person: bool = False, filters: Filters = NO_FILTERS
) -> list[SendBack]:
    """Every send-back with its current status: open items (new, acknowledged) first, newest first.

    Names stay hidden unless `per_person` (settings.per_person_insights).
    """
    where, params = filters.clause(e="s", a="a")
    return _send_backs(db, where, params, show_user=per_person)


def send_back_page(
    db: sqlite_utils.Database, *, per_person: bool = False, filters: Filters = NO_FILTERS,
    limit: int | None = PAGE_SIZE, offset: int = 0,
) -> SendBackPage:
    """One page of send_back_queue (same order), with the queue's size and how many are open."""
    if limit is not None and limit < 1 or offset < 0:
        raise ValueError("a page needs a size of at least 1 and an offset of at least 0")
    where, params = filters.clause(e="s", a="a")
    total, still_open = db.conn.execute(
        f"""
        SELECT count(*), coalesce(sum(coalesce(r.status, 'new') IN ({_OPEN_FIRST})), 0)
        FROM events s
        LEFT JOIN assets a ON a.path = s.asset_path
        LEFT JOIN events r ON r.uuid = ({_LATEST_RESPONSE})
        WHERE s.kind = 'send_back' {where}
        """,
        params,
    ).fetchone()
    rows = _send_backs(db, where, params, show_user=per_person, limit=limit, offset=offset)
    return SendBackPage(rows, total, still_open, offset)


_OPEN_FIRST = ", ".join(f"'{s}'" for s in FEEDBACK_STATUSES[:2])
# The latest response per send-back is one seek into events_responses.
_LATEST_RESPONSE = """
    SELECT x.uuid FROM events x
    WHERE x.kind = 'feedback_response' AND x.ref_uuid = s.uuid
    ORDER BY x.ts DESC, x.uuid DESC LIMIT 1
"""


def _send_backs(
    db: sqlite_utils.Database, where: str, params: dict[str, Any], *, show_user: bool,
    limit: int | None = None, offset: int = 0,
) -> list[SendBack]:
    sql = f"""
        SELECT s.uuid, s.ts, s.asset_path, coalesce(a.title, s.asset_path), s.asset_sha256,
               coalesce(s.reason, ''), coalesce(s.comment, ''), s.team,
               CASE WHEN :show_user THEN s.user ELSE '' END,
               coalesce(r.status, 'new'), coalesce(r.comment, ''), coalesce(r.ts, '')
        FROM events s
        LEFT JOIN assets a ON a.path = s.asset_path
        LEFT JOIN events r ON r.uuid = ({_LATEST_RESPONSE})
        WHERE s.kind = 'send_back' {where}
        ORDER BY coalesce(r.status, 'new') NOT IN ({_OPEN_FIRST}), s.ts DESC, s.uuid
        LIMIT :limit OFFSET :offset
    """
    page = {"limit": -1 if limit is None else limit, "offset": offset}  # SQLite: -1 = no limit
    rows = db.conn.execute(sql, {**params, "show_user": int(show_user), **page})
    return [SendBack(*row) for row in rows]
