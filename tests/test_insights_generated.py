"""The heatmaps and ratings SQL (built for their indexes) against a plain Python count.

A seeded random event set with the awkward cases in it: weeks across a year
end (2026 has an ISO week 53), people who change teams, ratings that share a
timestamp, comments that are only spaces, page views without a dwell time or
past the asset's page count, events about assets no longer in the library.
"""

from __future__ import annotations

import random
import statistics
import uuid
from collections import defaultdict
from datetime import date, timedelta

import pytest

from enablement_desktop.store import open_db
from enablement_desktop.usage import insights
from enablement_desktop.usage.events import asset_stats
from enablement_desktop.usage.insights import AssetRating, Filters, PageStat, RatingComment

FIRST_DAY = date(2025, 6, 2)
DAYS = 600
PRODUCTS = ["Atlas", "Beacon", "Cobalt"]
PERSONAS = ["CFO", "CIO", "CFO, CIO", ""]
TEAMS = ["East", "West", "North"]
LIBRARY = [f"{PRODUCTS[i % 3].lower()}/deck-{i}.pdf" for i in range(24)]
GONE = ["gone/old-1.pdf", "gone/old-2.pdf"]  # events about them, no asset row


def _events(rng: random.Random) -> list[dict]:
    events = []
    for _ in range(4000):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        ms = rng.randrange(86_400_000)
        ts = (
            f"{day.isoformat()}T{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:"
            f"{ms // 1000 % 60:02d}.{ms % 1000:03d}Z"
        )
        user = f"u{rng.randrange(10)}"
        event = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "kind": rng.choice(["open", "open", "rate", "close", "page_view", "page_view"]),
            "ts": ts,
            "user": user,
            "team": rng.choice(TEAMS),  # a person's team changes over time
            "asset_path": rng.choice(LIBRARY * 4 + GONE),
            "rating": None,
            "comment": None,
            "page": None,
            "dwell_ms": None,
        }
        if event["kind"] == "page_view":
            event["page"] = rng.randint(1, 7)  # some past the page count
            event["dwell_ms"] = rng.choice([None, rng.randrange(100, 60_000), 5000])
        if event["kind"] == "rate":
            event["rating"] = rng.choice([1, 2, 3, 4, 5, None])
            event["comment"] = rng.choice([None, "", "  ", "too long", "ok"])
            # Half the ratings land at the same moment as an earlier one of the
            # same person on the same asset: only the uuid can break the tie.
            twin = next(
                (e for e in reversed(events) if e["kind"] == "rate" and e["user"] == user), None
            )
            if twin and rng.random() < 0.5:
                event["ts"], event["asset_path"] = twin["ts"], twin["asset_path"]
        events.append(event)
    return events


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    rng = random.Random(11)
    db = open_db(tmp_path_factory.mktemp("generated") / "db.sqlite3")
    assets = {
        path: {
            "title": f"Deck {i}",
            "product": PRODUCTS[i % 3],
            "persona": rng.choice(PERSONAS),
            "page_count": rng.choice([0, 1, 5]),
        }
        for i, path in enumerate(LIBRARY)
    }
    events = _events(rng)
    with db.conn:
        db.conn.executemany(
            "INSERT INTO assets (path, title, type, size, mtime_ns, sha256, product, persona,"
            " page_count, updated_at)"
            " VALUES (?, ?, 'pdf', 1, 0, '', ?, ?, ?, '2026-01-01T00:00:00.000Z')",
            [
                (p, a["title"], a["product"], a["persona"], a["page_count"])
                for p, a in assets.items()
            ],
        )
        db.conn.executemany(
            "INSERT INTO events (uuid, kind, ts, user, team, device, asset_path, rating, comment,"
            " page, dwell_ms) VALUES (:uuid, :kind, :ts, :user, :team, 'pc', :asset_path, :rating,"
            " :comment, :page, :dwell_ms)",
            events,
        )
    yield db, assets, events
    db.conn.close()


def _event_kept(event: dict, filters: Filters) -> bool:
    """Dates and team, on the event itself."""
    day = date.fromisoformat(event["ts"][:10])
    if filters.since and day < filters.since or filters.until and day > filters.until:
        return False
    return not filters.team or event["team"] == filters.team


def _asset_kept(path: str, assets: dict, filters: Filters) -> bool:
    """Product and persona, on the asset; an asset not in the library drops out when either is set."""
    if not filters.joins_assets:
        return True
    asset = assets.get(path)
    if asset is None:
        return False
    if filters.product and asset["product"].casefold() != filters.product.casefold():
        return False
    return not filters.persona or filters.persona in asset["persona"].split(", ")


FILTERS = [
    Filters(),
    Filters(team="West"),
    Filters(since="2026-03-04"),  # a Wednesday: cuts a week in two
    Filters(until="2026-01-03"),  # moves the window back across the year end
    Filters(product="atlas"),
    Filters(persona="CIO", team="East"),
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize(
    ("weeks", "today"),
    [(1, date(2026, 11, 26)), (12, date(2027, 1, 6)), (53, date(2026, 12, 31)), (90, None)],
)
def test_opens_heatmap_matches_a_plain_count(generated, filters, weeks, today):
    db, assets, events = generated
    today = today or FIRST_DAY + timedelta(days=DAYS)
    last_day = filters.until or today
    first_monday = last_day - timedelta(days=last_day.weekday(), weeks=weeks - 1)
    expected: dict[str, list[int]] = {}
    for e in events:
        week = (date.fromisoformat(e["ts"][:10]) - first_monday).days // 7
        if (
            e["kind"] == "open"
            and 0 <= week < weeks
            and _event_kept(e, filters)
            and _asset_kept(e["asset_path"], assets, filters)
        ):
            expected.setdefault(e["asset_path"], [0] * weeks)[week] += 1
    heat = insights.opens_heatmap(db, weeks=weeks, filters=filters, today=today)
    assert dict(zip(heat.paths, heat.counts, strict=True)) == expected
    assert heat.titles == [assets.get(p, {"title": p})["title"] for p in heat.paths]
    assert heat.columns[0] == "{}-W{:02d}".format(*first_monday.isocalendar()[:2])


@pytest.mark.parametrize("filters", [f for f in FILTERS if not f.joins_assets])
def test_page_heatmap_matches_a_plain_count(generated, filters):
    db, assets, events = generated
    for path in [*LIBRARY[:6], GONE[0], "never/read.pdf"]:
        dwell: dict[int, list[int | None]] = defaultdict(list)
        for e in events:
            if e["kind"] == "page_view" and e["asset_path"] == path and _event_kept(e, filters):
                dwell[e["page"]].append(e["dwell_ms"])
        page_count = assets.get(path, {"page_count": 0})["page_count"]
        expected = []
        for page in sorted(set(range(1, page_count + 1)) | dwell.keys()):
            timed = [d for d in dwell[page] if d is not None]
            expected.append(PageStat(
                page, len(dwell[page]), sum(timed),
                statistics.median(timed) if timed else None,
                sum(timed) / len(timed) if timed else None,
            ))  # fmt: skip
        assert insights.page_heatmap(db, path, filters) == expected


def _latest_ratings(events: list[dict], assets: dict, filters: Filters) -> list[dict]:
    """Each person's latest rating per asset among the events the filters keep."""
    latest: dict[tuple[str, str], dict] = {}
    for e in events:
        if e["kind"] != "rate" or e["rating"] is None or not _event_kept(e, filters):
            continue
        key = (e["asset_path"], e["user"])
        if key not in latest or (e["ts"], e["uuid"]) > (latest[key]["ts"], latest[key]["uuid"]):
            latest[key] = e
    return [e for e in latest.values() if _asset_kept(e["asset_path"], assets, filters)]


@pytest.mark.parametrize("filters", FILTERS)
def test_ratings_match_each_persons_latest_counted_plainly(generated, filters):
    db, assets, events = generated
    latest = _latest_ratings(events, assets, filters)
    by_asset: dict[str, list[int]] = defaultdict(list)
    for e in latest:
        by_asset[e["asset_path"]].append(e["rating"])
    title = {p: assets.get(p, {"title": p})["title"] for p in by_asset}
    expected_assets = sorted(
        (AssetRating(p, title[p], sum(r) / len(r), len(r)) for p, r in by_asset.items()),
        key=lambda a: (a.avg_rating, -a.ratings, a.path),
    )
    commented = [e for e in latest if (e["comment"] or "").strip(" ")]
    commented.sort(key=lambda e: e["uuid"])
    commented.sort(key=lambda e: e["ts"], reverse=True)
    commented.sort(key=lambda e: e["rating"])
    report = insights.ratings(db, filters, per_person=True)
    assert report.assets == expected_assets
    assert report.comments == [
        RatingComment(
            e["asset_path"], title[e["asset_path"]], e["rating"], e["comment"], e["ts"],
            e["team"], e["user"],
        )
        for e in commented
    ]  # fmt: skip
    assert len(report.assets) > 3  # the filters leave something to compare


def test_asset_stats_average_each_persons_latest(generated):
    db, assets, events = generated
    latest = _latest_ratings(events, assets, Filters())
    paths = [*LIBRARY[:5], GONE[0], "never/rated.pdf"]
    stats = asset_stats(db, paths)
    for path in paths:
        ratings = [e["rating"] for e in latest if e["asset_path"] == path]
        opens = sum(1 for e in events if e["kind"] == "open" and e["asset_path"] == path)
        average = sum(ratings) / len(ratings) if ratings else None
        assert stats[path] == (average, len(ratings), opens)


def test_heatmap_and_ratings_read_their_covering_indexes(generated):
    """The heatmap's week expression must match the index's, or SQLite sorts every open."""
    db, _, _ = generated
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        insights.opens_heatmap(db, weeks=52, filters=Filters(product="Atlas"))
        insights.ratings(db, Filters(team="East"))
    finally:
        db.conn.set_trace_callback(None)
    plans = {
        sql: " | ".join(row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for sql in statements
        if sql.lstrip().upper().startswith(("SELECT", "WITH"))
    }
    heatmap = next(p for sql, p in plans.items() if "events_open_weeks" in sql)
    assert "USING INDEX events_open_weeks (<expr>>? AND <expr><?)" in heatmap
    assert "TEMP B-TREE" not in heatmap.split("LIST SUBQUERY")[0]
    ratings = [p for sql, p in plans.items() if "events_ratings" in sql]
    assert len(ratings) == 2
    for plan in ratings:
        assert "SCAN e USING INDEX events_ratings" in plan
        assert "SEARCH n USING INDEX events_ratings (asset_path=? AND user=? AND ts>?)" in plan
        assert "autoindex_events" not in plan  # no trip back to the table for the comment
