"""The marketer's figures from the organisation server: same dataclasses, same JSON as usage/insights.py.

The event arithmetic runs in SQL on PostgreSQL (the enablement.figures_*
functions over the roll-ups, schema.py); only the library side (titles,
products, personas, page counts) comes from this laptop's own `assets` table,
exactly as the local figures join it. Names appear only when the
organisation switch stored in the database allows it and the login is a
marketer: the laptop's per-person setting has no say here.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
import sqlite_utils

from enablement_desktop.server.connect import ServerError, connect, describe
from enablement_desktop.server.sync import SERVER_WRITER, sync_server
from enablement_desktop.settings import Settings
from enablement_desktop.usage import insights
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.filters import NO_FILTERS, Filters
from enablement_desktop.usage.insights import (
    NONE_LABEL,
    PAGE_SIZE,
    AssetRating,
    ContentRequest,
    Coverage,
    CoverageCell,
    GroupActivity,
    Heatmap,
    PageStat,
    RatingComment,
    Ratings,
    SendBack,
    SendBackPage,
    Unused,
    UnusedAsset,
    normalise_query,
)


class ServerFigures:
    """One marketer's view of the server, with this laptop's library for titles and facets."""

    def __init__(self, conn: psycopg.Connection, db: sqlite_utils.Database) -> None:
        self.conn, self.db = conn, db
        self.names_visible = bool(conn.execute("SELECT enablement.names_visible()").fetchone()[0])

    # -- helpers -----------------------------------------------------------

    def _dates(self, filters: Filters) -> tuple[date | None, date | None, str | None]:
        return filters.since, filters.until, filters.team or None

    def _paths(self, filters: Filters) -> list[str] | None:
        """Library paths matching product/persona (None = no asset filter), as the local join."""
        if not filters.joins_assets:
            return None
        where, params = filters.asset_clause()
        return [p for (p,) in self.db.conn.execute(f"SELECT a.path FROM assets a WHERE 1 {where}", params)]

    def _titles(self, paths: list[str]) -> dict[str, str]:
        titles = {path: path for path in paths}
        titles.update(
            self.db.conn.execute(
                "SELECT path, title FROM assets WHERE path IN (SELECT value FROM json_each(?))",
                (json.dumps(paths),),
            )
        )
        return titles

    # -- the figures -------------------------------------------------------

    def opens_heatmap(self, weeks: int = 12, sort: insights.HeatmapSort = "total",
                      filters: Filters = NO_FILTERS, *, today: date | None = None) -> Heatmap:
        if weeks < 1:
            raise ValueError("a heatmap needs at least one week")
        last_day = filters.until or today or datetime.now(UTC).date()
        first_monday = last_day - timedelta(days=last_day.weekday(), weeks=weeks - 1)
        first = max(first_monday, filters.since) if filters.since else first_monday
        last = first_monday + timedelta(days=7 * weeks - 1)
        last = min(last, filters.until) if filters.until else last
        matrix: dict[str, list[int]] = {}
        if first <= last:
            rows = self.conn.execute(
                "SELECT week, asset_path, n FROM enablement.figures_opens_weekly(%s, %s, %s, %s, %s)",
                (first_monday, first, last, filters.team or None, self._paths(filters)),
            )
            for week, path, n in rows:
                matrix.setdefault(path, [0] * weeks)[week] += n
        return insights.sorted_heatmap(matrix, self._titles(list(matrix)), first_monday, weeks, sort)

    def page_heatmap(self, asset_path: str, filters: Filters = NO_FILTERS) -> list[PageStat]:
        read = {
            page: row
            for page, *row in self.conn.execute(
                "SELECT * FROM enablement.figures_page_stats(%s, %s, %s, %s)",
                (asset_path, *self._dates(filters)),
            )
        }
        row = self.db.conn.execute("SELECT page_count FROM assets WHERE path = ?", (asset_path,)).fetchone()
        pages = sorted(set(range(1, (row[0] if row else 0) + 1)) | read.keys())
        return [PageStat(p, *read[p]) if p in read else PageStat(p, 0, 0, None, None) for p in pages]

    def coverage(self, by: str = "persona", filters: Filters = NO_FILTERS) -> Coverage:
        if by not in ("persona", "stage"):
            raise ValueError(f"coverage is by 'persona' or 'stage', got {by!r}")
        opens = dict(self.conn.execute(
            "SELECT asset_path, n FROM enablement.figures_opens_per_asset(%s, %s, %s, NULL)",
            self._dates(filters),
        ))
        where, params = filters.asset_clause()
        tagged: set[tuple[str, str, str]] = set()
        for path, product, values in self.db.conn.execute(
            f"SELECT a.path, a.product, a.{by} FROM assets a WHERE a.removed = 0 {where}", params
        ):
            # The local figure splits on ', ' and trims each value: the same here.
            for value in (values + ", ").split(", ")[:-1] if values is not None else [""]:
                tagged.add((path, product or NONE_LABEL, value.strip() or NONE_LABEL))
        found: dict[tuple[str, str], list[int]] = {}
        for path, product, value in tagged:
            cell = found.setdefault((product, value), [0, 0])
            cell[0] += 1
            cell[1] += opens.get(path, 0)
        rows = insights._labels_sorted({p for p, _ in found})
        columns = insights._labels_sorted({v for _, v in found})
        cells = [[CoverageCell(*found.get((r, c), (0, 0))) for c in columns] for r in rows]
        return Coverage(by=by, rows=rows, columns=columns, cells=cells)

    def unused(self, days: int = 90, now: datetime | None = None,
               filters: Filters = NO_FILTERS) -> Unused:
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        cutoff = insights._ts_text(moment - timedelta(days=days))
        last = {
            path: insights._ts_text(ts.astimezone(UTC))
            for path, ts in self.conn.execute(
                "SELECT asset_path, last_ts FROM enablement.figures_last_open(%s, %s)",
                (moment, filters.team or None),
            )
        }
        where, params = filters.asset_clause()
        library = self.db.conn.execute(
            f"SELECT a.path, a.title, a.product FROM assets a WHERE a.removed = 0 {where}", params
        ).fetchall()
        idle = [
            UnusedAsset(path, title, product, last.get(path, ""))
            for path, title, product in library
            if last.get(path, "") < cutoff
        ]
        idle.sort(key=lambda u: (u.last_opened != "", u.last_opened, u.path))
        return Unused(idle, len(library), days)

    def ratings(self, filters: Filters = NO_FILTERS) -> Ratings:
        dates = self._dates(filters)
        wanted = set(self._paths(filters) or ()) if filters.joins_assets else None
        per_asset = [
            row for row in self.conn.execute(
                "SELECT asset_path, avg_rating, ratings FROM enablement.figures_ratings(%s, %s, %s)", dates
            ) if wanted is None or row[0] in wanted
        ]
        comments = [
            row for row in self.conn.execute(
                "SELECT asset_path, rating, comment, ts, team, \"user\", uuid "
                "FROM enablement.figures_rating_comments(%s, %s, %s)", dates
            ) if wanted is None or row[0] in wanted
        ]
        titles = self._titles(sorted({r[0] for r in per_asset} | {c[0] for c in comments}))
        per_asset.sort(key=lambda r: (r[1], -r[2], r[0]))
        comments.sort(key=lambda c: c[6])
        comments.sort(key=lambda c: c[3], reverse=True)
        comments.sort(key=lambda c: c[1])
        return Ratings(
            assets=[AssetRating(p, titles[p], avg, n) for p, avg, n in per_asset],
            comments=[RatingComment(p, titles[p], rating, comment, ts, team, user)
                      for p, rating, comment, ts, team, user, _ in comments],
        )

    def send_back_queue(self, filters: Filters = NO_FILTERS) -> list[SendBack]:
        """Every send-back, open ones first, newest first (send_back_page for one page)."""
        return self._send_backs(filters, None, 0)

    def send_back_page(self, filters: Filters = NO_FILTERS, limit: int | None = PAGE_SIZE,
                       offset: int = 0) -> SendBackPage:
        """One page of the queue in the same order, with how many there are in all and open."""
        if limit is not None and limit < 1 or offset < 0:
            raise ValueError("a page needs a size of at least 1 and an offset of at least 0")
        total, still_open = self.conn.execute(
            "SELECT total, open FROM enablement.figures_send_back_counts(%s, %s, %s, %s)",
            (*self._dates(filters), self._paths(filters)),
        ).fetchone()
        return SendBackPage(self._send_backs(filters, limit, offset), total, still_open, offset)

    def _send_backs(self, filters: Filters, limit: int | None, offset: int) -> list[SendBack]:
        # The server pages in the local order: open first, then ts descending, then uuid.
        rows = self.conn.execute(
            "SELECT * FROM enablement.figures_send_back_page(%s, %s, %s, %s, %s, %s)",
            (*self._dates(filters), self._paths(filters), limit, offset),
        ).fetchall()
        titles = self._titles(sorted({row[2] for row in rows}))
        return [SendBack(u, ts, p, titles[p], sha, *rest) for u, ts, p, sha, *rest in rows]

    def content_requests(self, filters: Filters = NO_FILTERS) -> list[ContentRequest]:
        rows = self.conn.execute(
            "SELECT * FROM enablement.figures_content_requests(%s, %s, %s)", self._dates(filters)
        ).fetchall()
        # The laptop's order: searches, then the latest, then the grouping key.
        rows.sort(key=lambda r: normalise_query(r[0]))
        rows.sort(key=lambda r: r[3], reverse=True)
        rows.sort(key=lambda r: r[1], reverse=True)
        return [ContentRequest(*row) for row in rows]

    def by_person(self, filters: Filters = NO_FILTERS) -> list[GroupActivity]:
        rows = self.conn.execute(
            "SELECT * FROM enablement.figures_activity(%s, %s, %s, %s, %s)",
            (*self._dates(filters), self._paths(filters), self.names_visible),
        ).fetchall()
        rows.sort(key=lambda r: r[0])
        rows.sort(key=lambda r: r[2], reverse=True)
        return [GroupActivity(*row) for row in rows]

    def teams(self) -> list[str]:
        """Every team with activity (for the filter menu), never names."""
        return [row[0] for row in self.conn.execute(
            "SELECT grp FROM enablement.figures_activity(NULL, NULL, NULL, NULL, false)")]

    def data_as_of(self) -> dict[str, str]:
        now = self.conn.execute("SELECT now()").fetchone()[0]
        return {SERVER_WRITER: insights._ts_text(now.astimezone(UTC))}


def server_figures(conn: psycopg.Connection, db: sqlite_utils.Database, filters: Filters,
                   weeks: int, days: int, queue: tuple[int | None, int] = (PAGE_SIZE, 0)
                   ) -> dict[str, Any]:
    """Every figure `enablement insights` prints, keyed as usage/commands._figures keys them.

    `queue` is the send-back page: (rows, offset), rows None for all.
    """
    figures = ServerFigures(conn, db)
    return {
        "filters": filters,
        "data_as_of": figures.data_as_of(),
        "opens_heatmap": figures.opens_heatmap(weeks, "total", filters),
        "unused": figures.unused(days, filters=filters),
        "coverage_persona": figures.coverage("persona", filters),
        "coverage_stage": figures.coverage("stage", filters),
        "ratings": figures.ratings(filters),
        "send_back_queue": figures.send_back_page(filters, *queue),
        "content_requests": figures.content_requests(filters),
        "activity_by": "person" if figures.names_visible else "team",
        "activity": figures.by_person(filters),
    }


def answer_on_server(db: sqlite_utils.Database, settings: Settings, send_back_uuid: str,
                     status: str, response_text: str) -> str:
    """Answer a send-back the server holds (the marketer's laptop never has it), then send it.

    The answer is recorded locally like any event, so a server that drops the
    connection just leaves it queued for the next sync; ValueError says why not.
    """
    if settings.role != "marketer":
        raise ValueError("only a marketer can answer a send-back")
    try:
        with connect(settings.server_dsn, allow_password=False) as conn:
            row = conn.execute(
                "SELECT asset_path, asset_sha256 FROM enablement.figures_send_back_asset(%s)",
                (send_back_uuid,),
            ).fetchone()
    except ServerError as exc:
        raise ValueError(str(exc)) from None
    except psycopg.errors.InvalidTextRepresentation:
        row = None  # not a uuid: the server cannot hold it
    except psycopg.Error as exc:
        raise ValueError(describe(exc)) from None
    if row is None:
        raise ValueError("that send-back is not on the server")
    uuid = record_event(db, settings, "feedback_response", asset_path=row[0], asset_sha256=row[1],
                        status=status, comment=response_text, ref_uuid=send_back_uuid)
    sync_server(db, settings.server_dsn)
    return uuid
