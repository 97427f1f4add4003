"""What the Insights view asks the core for, run on a worker thread (no widgets here).

Each task opens its own connection to the data dir's database and closes it:
connections are not shared with the GUI thread, and WAL lets these reads run
beside the app's writes. Only the parts that a change affects are reloaded
(a new sort re-reads the heatmap, not the ratings).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import sqlite_utils

from enablement_desktop.briefs.messaging import library_root
from enablement_desktop.briefs.messaging_usage import MessagingFigures, messaging_figures
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage import insights
from enablement_desktop.usage.campaigns import CampaignStatus, campaign_statuses
from enablement_desktop.usage.insights import (
    NO_TEAM,
    NONE_LABEL,
    ContentRequest,
    Coverage,
    Filters,
    GroupActivity,
    Heatmap,
    HeatmapSort,
    Ratings,
    SendBackPage,
    Unused,
)
from enablement_desktop.usage.scorecard import Period, Scorecard, scorecard
from enablement_desktop.usage.sync import SyncResult, data_as_of, sync

if TYPE_CHECKING:
    from enablement_desktop.server.insights import ServerFigures

# The Snapshot fields a load can fill, one core call each.
ALL_PARTS = frozenset(
    {
        "options",
        "opens",
        "coverage",
        "unused",
        "ratings",
        "send_backs",
        "requests",
        "activity",
        "as_of",
        "scorecard",
        "campaigns",
        "messaging",
    }
)


@dataclass(frozen=True)
class Query:
    filters: Filters
    weeks: int = 12
    sort: HeatmapSort = "total"
    coverage_by: Literal["persona", "stage"] = "persona"
    unused_days: int = 90
    send_back_offset: int = 0  # the queue's page: rows before it


@dataclass(frozen=True)
class Options:
    """What the filter menus offer: every product, persona and team the data knows."""

    products: list[str]
    personas: list[str]
    teams: list[str]


@dataclass
class Snapshot:
    """The figures one load produced; parts not asked for stay None."""

    query: Query
    options: Options | None = None
    opens: Heatmap | None = None
    coverage: Coverage | None = None
    unused: Unused | None = None
    ratings: Ratings | None = None
    send_backs: SendBackPage | None = None
    requests: list[ContentRequest] | None = None
    activity: list[GroupActivity] | None = None
    as_of: dict[str, str] | None = None
    scorecard: Scorecard | None = None
    campaigns: list[CampaignStatus] | None = None
    messaging: MessagingFigures | None = None


@contextmanager
def connection(db_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_db(db_path)
    try:
        yield db
    finally:
        db.conn.close()


def load_snapshot(
    db_path: Path, settings: Settings, query: Query, parts: frozenset[str]
) -> Snapshot:
    f = query.filters
    # Send-backs are work to do: an open one stays in the queue whatever period is shown.
    undated = Filters(product=f.product, persona=f.persona, team=f.team)
    per_person = settings.per_person_insights
    loaders: dict[str, Callable[[sqlite_utils.Database], object]] = {
        "options": lambda db: _options(db, settings),
        "opens": lambda db: insights.opens_heatmap(db, query.weeks, query.sort, f),
        "coverage": lambda db: insights.coverage(db, query.coverage_by, f),
        "unused": lambda db: insights.unused(db, query.unused_days, filters=f),
        "ratings": lambda db: insights.ratings(db, f, per_person=per_person),
        "send_backs": lambda db: insights.send_back_page(
            db, per_person=per_person, filters=undated, offset=query.send_back_offset
        ),
        "requests": lambda db: insights.content_requests(db, f),
        "activity": lambda db: insights.by_person(db, settings, f),
        "as_of": data_as_of,
        "scorecard": lambda db: scorecard(db, Period(f.since or f.until or _today(), f.until or _today()), f.team),
        "campaigns": campaign_statuses,
        "messaging": lambda db: messaging_figures(db, library_root(settings), f),
    }
    snapshot = Snapshot(query)
    with connection(db_path) as db:
        if settings.server_dsn:
            served = _load_from_server(db, settings.server_dsn, query, undated, parts, snapshot)
            parts = parts - served  # the rest (scorecard, campaigns, messaging) stay local
        for part in sorted(parts):
            setattr(snapshot, part, loaders[part](db))
    return snapshot


def _today() -> date:
    return datetime.now(UTC).date()


def _load_from_server(
    db: sqlite_utils.Database, dsn: str, query: Query, undated: Filters,
    parts: frozenset[str], snapshot: Snapshot,
) -> frozenset[str]:
    """The usage figures computed on the organisation server (titles and facets from this library).

    Returns the parts it filled; the others are not about colleagues' events.
    """
    from enablement_desktop.server.connect import ServerError, connect
    from enablement_desktop.server.insights import ServerFigures

    f = query.filters
    try:
        conn = connect(dsn, allow_password=False)
    except ServerError as exc:
        raise RuntimeError(str(exc)) from None
    with conn:
        figures = ServerFigures(conn, db)
        loaders: dict[str, Callable[[], object]] = {
            "options": lambda: _server_options(db, figures),
            "opens": lambda: figures.opens_heatmap(query.weeks, query.sort, f),
            "coverage": lambda: figures.coverage(query.coverage_by, f),
            "unused": lambda: figures.unused(query.unused_days, filters=f),
            "ratings": lambda: figures.ratings(f),
            "send_backs": lambda: figures.send_back_page(undated, offset=query.send_back_offset),
            "requests": lambda: figures.content_requests(f),
            "activity": lambda: figures.by_person(f),
            "as_of": figures.data_as_of,
        }
        served = parts & loaders.keys()
        for part in sorted(served):
            setattr(snapshot, part, loaders[part]())
    return frozenset(served)


def _server_options(db: sqlite_utils.Database, figures: ServerFigures) -> Options:
    everything = insights.coverage(db, "persona")
    return Options(
        products=[p for p in everything.rows if p != NONE_LABEL],
        personas=[p for p in everything.columns if p != NONE_LABEL],
        teams=sorted((t for t in figures.teams() if t != NO_TEAM), key=str.casefold),
    )


def _options(db: sqlite_utils.Database, settings: Settings) -> Options:
    everything = insights.coverage(db, "persona")
    # Team names only, even when per-person figures are on: the menu filters by team.
    teams = insights.by_person(db, dataclasses.replace(settings, per_person_insights=False))
    return Options(
        products=[p for p in everything.rows if p != NONE_LABEL],
        personas=[p for p in everything.columns if p != NONE_LABEL],
        teams=sorted((t.group for t in teams if t.group != NO_TEAM), key=str.casefold),
    )


def run_sync(
    db_path: Path, settings: Settings, folder: str, progress: Callable[[int, int, str], None]
) -> SyncResult:
    with connection(db_path) as db:
        return sync(db, settings, folder, progress)
