"""The marketer's figures, each one SQL aggregation over `events` (joined to `assets`).

Every function takes `Filters` (dates, product, persona, team) and returns
plain dataclasses; `to_csv` in usage/csv_export.py writes any of them.
Privacy: figures about people are by team unless settings.per_person_insights
is on; lists of comments then leave names out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import sqlite_utils

from enablement_desktop.settings import Settings
from enablement_desktop.usage.events import (
    LATEST_RATINGS_SQL,
    PAGE_SIZE,
    SendBack,
    SendBackPage,
    record_event,
    send_back_page,
    send_back_queue,
)
from enablement_desktop.usage.filters import NO_FILTERS, Filters

__all__ = [
    "Filters",
    "Heatmap",
    "PageStat",
    "Coverage",
    "CoverageCell",
    "Unused",
    "UnusedAsset",
    "Ratings",
    "AssetRating",
    "RatingComment",
    "ContentRequest",
    "GroupActivity",
    "PAGE_SIZE",
    "SendBack",
    "SendBackPage",
    "opens_heatmap",
    "page_heatmap",
    "coverage",
    "unused",
    "ratings",
    "send_back_page",
    "send_back_queue",
    "content_requests",
    "set_feedback_status",
    "by_person",
    "percent_text",
]

NONE_LABEL = "(none)"
NO_TEAM = "(no team)"
HeatmapSort = Literal["total", "recent", "name"]
# An open's week, Monday to Sunday, as a number: the Julian day number of its
# date (julianday + 0.5) // 7 turns over on Mondays. Must match the expression
# of the index events_open_weeks (store/schema.py, migration 5) character for
# character, or SQLite cannot use that index.
OPEN_WEEK = "CAST((julianday(substr(e.ts, 1, 10)) + 0.5) / 7 AS INTEGER)"
# The export a brief_export row belongs to (docs/sync-format.md); a row without
# one (older apps) is an export of its own.
EXPORT_ID = "coalesce(json_extract(e.data, '$.export'), e.uuid)"


@dataclass(frozen=True)
class Heatmap:
    """Opens per asset (rows) per ISO week (columns, oldest first)."""

    paths: list[str]
    titles: list[str]
    columns: list[str]  # ISO week labels, e.g. '2026-W48'
    counts: list[list[int]]  # counts[row][column]
    max: int

    def table(self) -> tuple[list[str], list[list[object]]]:
        return (
            ["path", "title", *self.columns],
            [[p, t, *c] for p, t, c in zip(self.paths, self.titles, self.counts, strict=True)],
        )


@dataclass(frozen=True)
class PageStat:
    page: int
    views: int
    total_dwell_ms: int
    median_dwell_ms: float | None
    avg_dwell_ms: float | None


@dataclass(frozen=True)
class CoverageCell:
    assets: int
    opens: int


@dataclass(frozen=True)
class Coverage:
    """Products (rows) × personas or stages (columns); a cell with 0 assets is a gap."""

    by: str
    rows: list[str]
    columns: list[str]
    cells: list[list[CoverageCell]]

    def gaps(self) -> list[tuple[str, str]]:
        return [
            (product, column)
            for product, row in zip(self.rows, self.cells, strict=True)
            for column, cell in zip(self.columns, row, strict=True)
            if cell.assets == 0
        ]

    def table(self) -> tuple[list[str], list[list[object]]]:
        header = ["product"]
        for column in self.columns:
            header += [f"{column} assets", f"{column} opens"]
        rows = []
        for product, cells in zip(self.rows, self.cells, strict=True):
            rows.append([product, *(n for cell in cells for n in (cell.assets, cell.opens))])
        return header, rows


@dataclass(frozen=True)
class UnusedAsset:
    path: str
    title: str
    product: str
    last_opened: str  # '' = never opened


@dataclass(frozen=True)
class Unused:
    assets: list[UnusedAsset]
    library_size: int
    days: int

    @property
    def share(self) -> float:
        return len(self.assets) / self.library_size if self.library_size else 0.0

    @property
    def share_text(self) -> str:
        """'25%', 'over 99%', '100%' only when every asset is unused; '–' for an empty library."""
        return percent_text(len(self.assets), self.library_size)

    @property
    def sentence(self) -> str:
        if not self.library_size:
            return "No assets in the library yet."
        share = self.share_text
        return (
            f"{share[:1].upper()}{share[1:]} of assets not opened in {self.days} days "
            f"({len(self.assets):,} of {self.library_size:,})"
        )

    def table(self) -> tuple[list[str], list[list[object]]]:
        return ["path", "title", "product", "last opened"], [
            [u.path, u.title, u.product, u.last_opened] for u in self.assets
        ]


@dataclass(frozen=True)
class AssetRating:
    path: str
    title: str
    avg_rating: float
    ratings: int


@dataclass(frozen=True)
class RatingComment:
    path: str
    title: str
    rating: int
    comment: str
    ts: str
    team: str
    user: str  # '' unless per-person insights are on


@dataclass(frozen=True)
class Ratings:
    assets: list[AssetRating]  # lowest average first
    comments: list[RatingComment]  # lowest rating first, then newest

    def table(self) -> tuple[list[str], list[list[object]]]:
        return ["path", "title", "avg rating", "ratings"], [
            [r.path, r.title, round(r.avg_rating, 2), r.ratings] for r in self.assets
        ]


@dataclass(frozen=True)
class ContentRequest:
    query: str  # normalised: case-folded, whitespace collapsed
    searches: int
    people: int
    last_searched: str


@dataclass(frozen=True)
class GroupActivity:
    group: str  # a team, or a person when per-person insights are on
    people: int
    opens: int
    page_views: int
    searches: int
    ratings: int
    send_backs: int
    brief_exports: int


def opens_heatmap(
    db: sqlite_utils.Database,
    weeks: int = 12,
    sort: HeatmapSort = "total",
    filters: Filters = NO_FILTERS,
    *,
    today: date | None = None,
) -> Heatmap:
    """Opens per asset per ISO week for the `weeks` weeks ending with this week (or `until`'s).

    Only assets opened in the window get a row. `sort`: total opens, most
    recent weeks first ("recent"), or title ("name").
    """
    if weeks < 1:
        raise ValueError("a heatmap needs at least one week")
    if sort not in ("total", "recent", "name"):
        raise ValueError(f"sort must be 'total', 'recent' or 'name', got {sort!r}")
    last_day = filters.until or today or datetime.now(UTC).date()
    first_monday = last_day - timedelta(days=last_day.weekday(), weeks=weeks - 1)
    where, params = filters.event_clause()
    asset_where, asset_params = filters.asset_clause()
    in_assets = (
        f"AND e.asset_path IN (SELECT a.path FROM assets a WHERE 1 {asset_where})"
        if filters.joins_assets
        else ""
    )
    # events_open_weeks (migration 5) holds OPEN_WEEK for every open, so this is
    # one range of that index, read in (week, asset) order and counted without
    # a sort. The weeks are whole days, so the week range is the ts range.
    sql = f"""
        SELECT e.asset_path, {OPEN_WEEK} - :week0, count(*)
        FROM events e INDEXED BY events_open_weeks
        WHERE e.kind = 'open' AND {OPEN_WEEK} >= :week0 AND {OPEN_WEEK} < :week0 + :weeks
              {where} {in_assets}
        GROUP BY {OPEN_WEEK}, e.asset_path
    """
    params |= asset_params | {"week0": _week_number(first_monday), "weeks": weeks}
    matrix: dict[str, list[int]] = {}
    for path, week, n in db.conn.execute(sql, params):
        matrix.setdefault(path, [0] * weeks)[week] = n
    # Titles per asset, not per (asset, week) row: 800 lookups instead of 32,000.
    titles = {path: path for path in matrix}
    titles.update(
        db.conn.execute(
            "SELECT path, title FROM assets WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(list(matrix)),),
        )
    )
    return sorted_heatmap(matrix, titles, first_monday, weeks, sort)


def sorted_heatmap(matrix: dict[str, list[int]], titles: dict[str, str], first_monday: date, weeks: int,
                   sort: HeatmapSort) -> Heatmap:
    """Weekly counts per asset as a Heatmap, rows ordered as `sort` says (SQLite and PostgreSQL alike)."""

    def order(path: str) -> tuple:
        counts = matrix[path]
        if sort == "name":
            return (titles[path].casefold(), path)
        if sort == "recent":
            return (*(-n for n in reversed(counts)), path)
        return (-sum(counts), path)

    paths = sorted(matrix, key=order)
    counts = [matrix[p] for p in paths]
    return Heatmap(
        paths=paths,
        titles=[titles[p] for p in paths],
        columns=[_iso_week(first_monday + timedelta(weeks=i)) for i in range(weeks)],
        counts=counts,
        max=max((max(row) for row in counts), default=0),
    )


def page_heatmap(
    db: sqlite_utils.Database, asset_path: str, filters: Filters = NO_FILTERS
) -> list[PageStat]:
    """Views and dwell per page of one asset; every page up to its page count appears, read or not."""
    where, params = filters.event_clause()
    params["path"] = asset_path
    # Both reads walk the partial index events_page_views (asset, page, dwell),
    # already in dwell order per page: one grouped pass for the counts, then per
    # read page one seek to the middle of its dwell times. A ROW_NUMBER() window
    # over the same rows cost 0.2 s for a page-viewed-55,000-times asset at 1M events.
    read = {
        page: row
        for page, *row in db.conn.execute(
            f"""
            SELECT e.page, count(*), coalesce(sum(e.dwell_ms), 0), count(e.dwell_ms), avg(e.dwell_ms)
            FROM events e INDEXED BY events_page_views
            WHERE e.kind = 'page_view' AND e.asset_path = :path AND e.page IS NOT NULL {where}
            GROUP BY e.page
            """,
            params,
        )
    }
    # The median of n dwell times: the middle one, or the mean of the middle two.
    median_sql = f"""
        SELECT avg(dwell_ms) FROM (
            SELECT e.dwell_ms FROM events e INDEXED BY events_page_views
            WHERE e.kind = 'page_view' AND e.asset_path = :path AND e.page = :page
                  AND e.dwell_ms IS NOT NULL {where}
            ORDER BY e.dwell_ms LIMIT :take OFFSET :skip
        )
    """
    row = db.conn.execute("SELECT page_count FROM assets WHERE path = ?", (asset_path,)).fetchone()
    page_count = row[0] if row else 0
    stats = []
    for page in sorted(set(range(1, page_count + 1)) | read.keys()):
        if page not in read:
            stats.append(PageStat(page, 0, 0, None, None))
            continue
        views, total, timed, mean = read[page]
        median = None
        if timed:
            middle = {"page": page, "take": 2 - timed % 2, "skip": (timed - 1) // 2}
            median = db.conn.execute(median_sql, params | middle).fetchone()[0]
        stats.append(PageStat(page, views, total, median, mean))
    return stats


COVERAGE_COLUMNS = ("persona", "stage", "kind", "industry")


def coverage(
    db: sqlite_utils.Database,
    by: Literal["persona", "stage", "kind", "industry"] = "persona",
    filters: Filters = NO_FILTERS,
) -> Coverage:
    """Assets and opens per product × persona (or stage, kind of collateral, industry); an asset
    counts once per persona it lists. Without a manifest the facets are derived (library/facets.py).

    Every product × column pair appears, so an empty cell shows a gap; assets
    with no product or persona fall under '(none)'.
    """
    if by not in COVERAGE_COLUMNS:
        raise ValueError(f"coverage is by {', '.join(map(repr, COVERAGE_COLUMNS))}, got {by!r}")
    asset_where, params = filters.asset_clause()
    event_where, event_params = filters.event_clause()
    sql = f"""
        WITH RECURSIVE
        split(path, product, value, rest, level) AS (
            SELECT a.path, a.product, '', a.{by} || ', ', 0
            FROM assets a WHERE a.removed = 0 {asset_where}
            UNION ALL
            SELECT path, product, trim(substr(rest, 1, instr(rest, ', ') - 1)),
                   substr(rest, instr(rest, ', ') + 2), level + 1
            FROM split WHERE rest <> ''
        ),
        tagged AS (SELECT DISTINCT path, product, value FROM split WHERE level > 0),
        opens AS (
            SELECT e.asset_path, count(*) AS n FROM events e
            WHERE e.kind = 'open' AND e.asset_path IN (SELECT path FROM tagged) {event_where}
            GROUP BY e.asset_path
        )
        SELECT t.product, t.value, count(*), coalesce(sum(o.n), 0)
        FROM tagged t LEFT JOIN opens o ON o.asset_path = t.path
        GROUP BY t.product, t.value
    """
    found: dict[tuple[str, str], CoverageCell] = {}
    for product, value, assets, opens in db.conn.execute(sql, {**params, **event_params}):
        found[(product or NONE_LABEL, value or NONE_LABEL)] = CoverageCell(assets, opens)
    rows = _labels_sorted({p for p, _ in found})
    columns = _labels_sorted({v for _, v in found})
    cells = [[found.get((r, c), CoverageCell(0, 0)) for c in columns] for r in rows]
    return Coverage(by=by, rows=rows, columns=columns, cells=cells)


def unused(
    db: sqlite_utils.Database,
    days: int = 90,
    now: datetime | None = None,
    filters: Filters = NO_FILTERS,
) -> Unused:
    """Library assets nobody opened in the last `days` days (never-opened first).

    The window is `days` before `now`, so `since`/`until` do not apply; team
    narrows whose opens count, product/persona narrow the library.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    cutoff = moment - timedelta(days=days)
    asset_where, params = filters.asset_clause()
    team = "AND o.team = :f_team" if filters.team else ""
    # Per asset, one seek into events(kind, asset_path, ts): the cost follows
    # the library size, not the number of events.
    sql = f"""
        WITH library AS (
            SELECT a.path, a.title, a.product,
                   (SELECT max(o.ts) FROM events o
                    WHERE o.kind = 'open' AND o.asset_path = a.path AND o.ts < :now {team}) AS last
            FROM assets a WHERE a.removed = 0 {asset_where}
        )
        SELECT path, title, product, coalesce(last, ''), (SELECT count(*) FROM library)
        FROM library WHERE last IS NULL OR last < :cutoff
        ORDER BY last IS NOT NULL, last, path
    """
    params |= {"cutoff": _ts_text(cutoff), "now": _ts_text(moment), "f_team": filters.team}
    rows = db.conn.execute(sql, params).fetchall()
    size = (
        rows[0][4]
        if rows
        else db.conn.execute(
            f"SELECT count(*) FROM assets a WHERE a.removed = 0 {asset_where}", params
        ).fetchone()[0]
    )
    return Unused([UnusedAsset(*row[:4]) for row in rows], size, days)


def ratings(
    db: sqlite_utils.Database, filters: Filters = NO_FILTERS, *, per_person: bool = False
) -> Ratings:
    """Average of each person's latest rating per asset (lowest first) and the comments given."""
    event_where, params = filters.event_clause()
    asset_where, asset_params = filters.asset_clause()
    later_where, _ = filters.event_clause("n")
    latest = LATEST_RATINGS_SQL.format(where=event_where, where_later=later_where)
    # Grouped before the join, so titles are looked up per asset, not per rating.
    per_asset = db.conn.execute(
        f"""
        SELECT l.asset_path, coalesce(a.title, l.asset_path), l.average, l.n
        FROM (
            SELECT asset_path, avg(rating) AS average, count(*) AS n
            FROM ({latest}) GROUP BY asset_path
        ) l LEFT JOIN assets a ON a.path = l.asset_path
        WHERE 1 {asset_where}
        ORDER BY l.average, l.n DESC, l.asset_path
        """,
        {**params, **asset_params},
    ).fetchall()
    comments = db.conn.execute(
        f"""
        SELECT l.asset_path, coalesce(a.title, l.asset_path), l.rating, l.comment, l.ts, l.team,
               CASE WHEN :show_user THEN l.user ELSE '' END
        FROM ({latest}) l
        LEFT JOIN assets a ON a.path = l.asset_path
        WHERE trim(coalesce(l.comment, '')) <> '' {asset_where}
        ORDER BY l.rating, l.ts DESC, l.uuid
        """,
        {**params, **asset_params, "show_user": int(per_person)},
    ).fetchall()
    return Ratings(
        assets=[AssetRating(*row) for row in per_asset],
        comments=[RatingComment(*row) for row in comments],
    )


def content_requests(
    db: sqlite_utils.Database, filters: Filters = NO_FILTERS
) -> list[ContentRequest]:
    """Searches that found nothing, grouped by normalised query, most frequent first.

    Each request reads as people typed it: the spelling most of its searches
    used (the latest of equally common ones), as What's new quotes it, never
    the lower-cased grouping key. Searches carry no asset, so only the date and
    team filters apply.
    """
    # Python's casefold/split handle any language; SQLite's lower() is ASCII-only.
    # The partial index events_no_hits holds exactly these searches (0.01 s vs
    # 0.7 s through the kind index SQLite would pick without statistics).
    db.conn.create_function("ed_normalise_query", 1, normalise_query, deterministic=True)
    db.conn.create_function("ed_tidy_query", 1, tidy_query, deterministic=True)
    where, params = filters.event_clause()
    searches = f"""
        SELECT ed_normalise_query(e.query) AS q, ed_tidy_query(e.query) AS typed, e.user, e.ts
        FROM events e INDEXED BY events_no_hits
        WHERE e.kind = 'search' AND e.hits = 0 AND e.query IS NOT NULL {where}
    """
    rows = db.conn.execute(
        f"""
        WITH s AS MATERIALIZED ({searches}),
        spellings AS (
            SELECT q, typed, row_number() OVER (
                PARTITION BY q ORDER BY count(*) DESC, max(ts) DESC, typed) AS rank
            FROM s GROUP BY q, typed
        )
        SELECT sp.typed, count(*), count(DISTINCT s.user), max(s.ts)
        FROM s JOIN spellings sp ON sp.q = s.q AND sp.rank = 1
        WHERE s.q <> ''
        GROUP BY s.q
        ORDER BY count(*) DESC, max(s.ts) DESC, s.q
        """,
        params,
    )
    return [ContentRequest(*row) for row in rows]


def set_feedback_status(
    db: sqlite_utils.Database,
    settings: Settings,
    send_back_uuid: str,
    status: str,
    response_text: str,
) -> str:
    """Answer a send-back; the response is an event, so it syncs back to the seller."""
    if settings.role != "marketer":
        raise ValueError("only a marketer can answer a send-back")
    row = db.conn.execute(
        "SELECT asset_path, asset_sha256 FROM events WHERE uuid = ? AND kind = 'send_back'",
        (send_back_uuid,),
    ).fetchone()
    if row is None:
        raise ValueError("that send-back is not here (yet); sync and try again")
    return record_event(
        db,
        settings,
        "feedback_response",
        asset_path=row[0],
        asset_sha256=row[1],
        status=status,
        comment=response_text,
        ref_uuid=send_back_uuid,
    )


def by_person(
    db: sqlite_utils.Database, settings: Settings, filters: Filters = NO_FILTERS
) -> list[GroupActivity]:
    """Activity per team; per person only when settings.per_person_insights is on."""
    where, params = filters.clause()
    join = "JOIN assets a ON a.path = e.asset_path" if filters.joins_assets else ""
    group = "user" if settings.per_person_insights else f"coalesce(nullif(team, ''), '{NO_TEAM}')"
    # The inner count walks events_team_user_kind in order (no sort of a
    # million rows); only the few hundred (team, user, kind) rows are regrouped.
    # Named, because SQLite pushes the outer kind filter down and would
    # otherwise pick a kind index: 4.5 s instead of 0.2 s at 1M events.
    rows = db.conn.execute(
        f"""
        SELECT {group} AS grp, count(DISTINCT user),
               sum(n * (kind = 'open')), sum(n * (kind = 'page_view')), sum(n * (kind = 'search')),
               sum(n * (kind = 'rate')), sum(n * (kind = 'send_back')),
               sum(n * (kind = 'brief_export'))
        FROM (
            SELECT e.team AS team, e.user AS user, e.kind AS kind, count(*) AS n
            FROM events e INDEXED BY events_team_user_kind {join} WHERE 1 {where}
            GROUP BY e.team, e.user, e.kind
        )
        WHERE kind IN ('open', 'page_view', 'search', 'rate', 'send_back', 'brief_export')
        GROUP BY grp ORDER BY sum(n * (kind = 'open')) DESC, grp
        """,
        params,
    ).fetchall()
    # One export writes a row per asset on the brief, all sharing data.export:
    # count exports, not rows. A separate read, so the walk above stays on its
    # covering index (data is not in it).
    briefs = dict(
        db.conn.execute(
            f"""
            SELECT {group} AS grp, count(DISTINCT {EXPORT_ID})
            FROM events e INDEXED BY events_brief_exports {join}
            WHERE e.kind = 'brief_export' {where}
            GROUP BY grp
            """,
            params,
        )
    )
    return [GroupActivity(*row[:-1], briefs.get(row[0], 0)) for row in rows]


def percent_text(part: int, whole: int) -> str:
    """A share as people read it: rounded, but never '100%' or '0%' unless it is exactly that.

    490 of 492 is 'over 99%', 1 of 1,000 'under 1%'; '–' when there is no whole.
    """
    if whole <= 0:
        return "–"
    if part == whole:
        return "100%"
    if part == 0:
        return "0%"
    share = round(part * 100 / whole)
    if share >= 100:
        return "over 99%"
    if share <= 0:
        return "under 1%"
    return f"{share}%"


def tidy_query(text: str | None) -> str:
    """A search as typed, with its runs of whitespace collapsed: "Pricing  Sheet " → "Pricing Sheet"."""
    return " ".join(text.split()) if text else ""


def normalise_query(text: str | None) -> str:
    """A search as a content request: case-folded, runs of whitespace collapsed."""
    return " ".join(text.casefold().split()) if text else ""


def _week_number(monday: date) -> int:
    """OPEN_WEEK of a date: its Julian day number (proleptic ordinal + 1721425) // 7."""
    return (monday.toordinal() + 1721425) // 7


def _iso_week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _labels_sorted(labels: set[str]) -> list[str]:
    """Alphabetical, with '(none)' last where the gaps are easiest to read."""
    return sorted(labels, key=lambda label: (label == NONE_LABEL, label.casefold(), label))


def _ts_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
