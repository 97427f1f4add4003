"""Insights on a small hand-built event set, with every expected number worked out by hand."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime

import pytest

from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage import insights
from enablement_desktop.usage.csv_export import to_csv
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.insights import (
    AssetRating,
    ContentRequest,
    CoverageCell,
    Filters,
    GroupActivity,
    PageStat,
    RatingComment,
    UnusedAsset,
)

ANN = Settings(user="ann", team="East", device="d1")
AMY = Settings(user="amy", team="East", device="d2")
BOB = Settings(user="bob", team="West", device="d3")
MIA = Settings(user="mia", team="Marketing", device="d4", role="marketer")
TODAY = date(2026, 11, 26)  # a Thursday in ISO week 48
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

ASSETS = [  # path, title, product, persona, stage, page_count, removed
    ("a.pdf", "Atlas pricing deck", "Atlas", "CFO, CIO", "discovery", 3, 0),
    ("b.pdf", "ROI guide", "Atlas", "CFO", "proposal", 2, 0),
    ("c.pdf", "Beacon overview", "Beacon", "", "discovery", 1, 0),
    ("d.pdf", "Beacon security", "Beacon", "CIO", "", 1, 0),
    ("e.pdf", "Old deck", "Atlas", "CFO", "discovery", 1, 1),
]
OPENS = [  # who, path, when
    (ANN, "a.pdf", "2026-11-10T09:00:00Z"),  # W46
    (ANN, "a.pdf", "2026-11-24T09:00:00Z"),  # W48
    (ANN, "c.pdf", "2026-06-01T09:00:00Z"),  # long ago
    (BOB, "a.pdf", "2026-11-24T10:00:00Z"),  # W48
    (BOB, "a.pdf", "2026-11-08T23:59:59Z"),  # W45, just before the window
    (BOB, "b.pdf", "2026-11-17T09:00:00Z"),  # W47 ×3
    (BOB, "b.pdf", "2026-11-18T09:00:00Z"),
    (BOB, "b.pdf", "2026-11-19T09:00:00Z"),
    (AMY, "a.pdf", "2026-11-26T08:00:00Z"),  # W48
    (AMY, "a.pdf", "2026-11-30T08:00:00Z"),  # after "today": a skewed clock
    (AMY, "b.pdf", "2026-11-17T10:00:00Z"),  # W47 ×2
    (AMY, "b.pdf", "2026-11-18T10:00:00Z"),
]
PAGE_VIEWS = [  # who, page, dwell ms
    (ANN, 1, 100), (ANN, 1, 300), (ANN, 2, 1000), (BOB, 1, 200), (BOB, 2, 3000), (BOB, 5, None),
]  # fmt: skip
SEARCHES = [  # who, query, hits, when
    (ANN, "Pricing  Sheet", 0, "2026-11-01"),
    (BOB, "Pricing Sheet", 0, "2026-11-02"),
    (AMY, " PRICING sheet ", 0, "2026-11-03"),
    (ANN, "ROI", 0, "2026-11-04"),
    (ANN, "ROI", 0, "2026-11-05"),
    (ANN, "Straße", 0, "2026-11-06"),
    (BOB, "STRASSE", 0, "2026-11-06"),
    (BOB, "SOC 2", 0, "2026-11-10"),
    (BOB, "SOC 2", 0, "2026-11-11"),
    (BOB, "gdpr", 5, "2026-11-12"),
]
RATINGS = [  # who, path, rating, comment, when
    (ANN, "a.pdf", 2, "too long", "2026-11-01"),
    (ANN, "a.pdf", 4, "better now", "2026-11-02"),  # replaces ann's 2
    (BOB, "a.pdf", 1, "-10% is outdated", "2026-11-03"),
    (BOB, "b.pdf", 5, "", "2026-11-03"),
    (AMY, "c.pdf", 3, "ok", "2026-11-04"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = open_db(tmp_path_factory.mktemp("insights") / "db.sqlite3")
    with database.conn:
        database.conn.executemany(
            "INSERT INTO assets (path, title, type, size, mtime_ns, sha256, product, persona,"
            " stage, page_count, removed, updated_at) VALUES (?, ?, 'pdf', 1, 0, '', ?, ?, ?, ?, ?,"
            " '2026-11-01T00:00:00Z')",
            ASSETS,
        )
    for who, path, ts in OPENS:
        record_event(database, who, "open", asset_path=path, ts=ts)
    for who, page, dwell in PAGE_VIEWS:
        record_event(database, who, "page_view", asset_path="a.pdf", page=page, dwell_ms=dwell)
    for who, query, hits, day in SEARCHES:
        record_event(database, who, "search", query=query, hits=hits, ts=f"{day}T12:00:00Z")
    for who, path, rating, comment, day in RATINGS:
        record_event(
            database, who, "rate", asset_path=path, rating=rating, comment=comment,
            ts=f"{day}T12:00:00Z",
        )  # fmt: skip
    sent = record_event(database, BOB, "send_back", asset_path="a.pdf", reason="outdated")
    insights.set_feedback_status(database, MIA, sent, "acknowledged", "looking")
    record_event(database, AMY, "brief_export", data={"brief": "Atlas for CFOs"})
    yield database
    database.conn.close()


def test_opens_heatmap_counts_per_iso_week(db):
    heat = insights.opens_heatmap(db, weeks=3, today=TODAY)
    assert heat.columns == ["2026-W46", "2026-W47", "2026-W48"]
    assert heat.paths == ["b.pdf", "a.pdf"]  # by total: 5 then 4
    assert heat.titles == ["ROI guide", "Atlas pricing deck"]
    assert heat.counts == [[0, 5, 0], [1, 0, 3]]
    assert heat.max == 5
    assert insights.opens_heatmap(db, weeks=3, sort="recent", today=TODAY).paths == [
        "a.pdf", "b.pdf",
    ]  # fmt: skip
    assert insights.opens_heatmap(db, weeks=3, sort="name", today=TODAY).titles == [
        "Atlas pricing deck", "ROI guide",
    ]  # fmt: skip


def test_opens_heatmap_filters(db):
    west = insights.opens_heatmap(db, weeks=3, filters=Filters(team="West"), today=TODAY)
    assert (west.paths, west.counts) == (["b.pdf", "a.pdf"], [[0, 3, 0], [0, 0, 1]])
    cio = insights.opens_heatmap(db, weeks=3, filters=Filters(persona="cio"), today=TODAY)
    assert (cio.paths, cio.counts) == (["a.pdf"], [[1, 0, 3]])
    since = insights.opens_heatmap(db, weeks=3, filters=Filters(since="2026-11-17"), today=TODAY)
    assert since.counts == [[0, 5, 0], [0, 0, 3]]
    # `until` moves the window: the three weeks ending with W45.
    old = insights.opens_heatmap(db, weeks=3, filters=Filters(until="2026-11-08"))
    assert (old.columns, old.paths, old.counts) == (
        ["2026-W43", "2026-W44", "2026-W45"], ["a.pdf"], [[0, 0, 1]],
    )  # fmt: skip
    # A long window and a short one inside it count the same weeks alike.
    long = insights.opens_heatmap(db, weeks=30, today=TODAY)
    assert long.paths == ["a.pdf", "b.pdf", "c.pdf"]  # a and b tie at 5: by path
    assert [sum(row) for row in long.counts] == [5, 5, 1]
    short = insights.opens_heatmap(db, weeks=26, today=TODAY)  # from W23, Monday 2026-06-01
    assert short.counts == [row[4:] for row in long.counts]


def test_page_heatmap_views_and_dwell(db):
    assert insights.page_heatmap(db, "a.pdf") == [
        PageStat(1, 3, 600, 200.0, 200.0),
        PageStat(2, 2, 4000, 2000.0, 2000.0),
        PageStat(3, 0, 0, None, None),  # never read, still listed
        PageStat(5, 1, 0, None, None),  # beyond the page count the library knows
    ]
    assert insights.page_heatmap(db, "a.pdf", Filters(team="West")) == [
        PageStat(1, 1, 200, 200.0, 200.0),
        PageStat(2, 1, 3000, 3000.0, 3000.0),
        PageStat(3, 0, 0, None, None),
        PageStat(5, 1, 0, None, None),
    ]
    assert insights.page_heatmap(db, "nowhere.pdf") == []


def test_coverage_matrix_and_gaps(db):
    by_persona = insights.coverage(db, "persona")
    assert (by_persona.rows, by_persona.columns) == (["Atlas", "Beacon"], ["CFO", "CIO", "(none)"])
    assert by_persona.cells == [
        [CoverageCell(2, 11), CoverageCell(1, 6), CoverageCell(0, 0)],
        [CoverageCell(0, 0), CoverageCell(1, 0), CoverageCell(1, 1)],
    ]
    assert by_persona.gaps() == [("Atlas", "(none)"), ("Beacon", "CFO")]
    by_stage = insights.coverage(db, "stage", Filters(since="2026-11-17"))
    assert by_stage.columns == ["discovery", "proposal", "(none)"]
    assert by_stage.cells == [
        [CoverageCell(1, 4), CoverageCell(1, 5), CoverageCell(0, 0)],
        [CoverageCell(1, 0), CoverageCell(0, 0), CoverageCell(1, 0)],
    ]
    assert insights.coverage(db, "persona", Filters(product="beacon")).rows == ["Beacon"]
    with pytest.raises(ValueError, match="coverage is by 'persona', 'stage', 'kind', 'industry'"):
        insights.coverage(db, "region")


def test_unused_lists_never_opened_first_with_its_share(db):
    report = insights.unused(db, days=90, now=NOW)
    assert report.assets == [
        UnusedAsset("d.pdf", "Beacon security", "Beacon", ""),
        UnusedAsset("c.pdf", "Beacon overview", "Beacon", "2026-06-01T09:00:00.000Z"),
    ]
    assert (report.library_size, report.share) == (4, 0.5)  # the removed asset does not count
    assert report.sentence == "50% of assets not opened in 90 days (2 of 4)"
    one_day = insights.unused(db, days=1, now=NOW)
    assert [u.path for u in one_day.assets] == ["d.pdf", "c.pdf", "b.pdf"]
    assert one_day.sentence == "75% of assets not opened in 1 days (3 of 4)"
    west = insights.unused(db, days=1, now=NOW, filters=Filters(team="West"))
    assert [u.path for u in west.assets] == ["c.pdf", "d.pdf", "b.pdf", "a.pdf"]
    # Opens dated after `now` (amy's skewed clock) are not recent use.
    skewed = insights.unused(db, days=1, now=datetime(2026, 11, 25, 12, tzinfo=UTC))
    assert [(u.path, u.last_opened) for u in skewed.assets] == [
        ("d.pdf", ""),
        ("c.pdf", "2026-06-01T09:00:00.000Z"),
        ("b.pdf", "2026-11-19T09:00:00.000Z"),
        ("a.pdf", "2026-11-24T10:00:00.000Z"),
    ]
    beacon = insights.unused(db, days=90, now=NOW, filters=Filters(product="Beacon"))
    assert beacon.sentence == "100% of assets not opened in 90 days (2 of 2)"
    empty = insights.unused(db, now=NOW, filters=Filters(product="Nothing"))
    assert (empty.sentence, empty.share) == ("No assets in the library yet.", 0.0)


def test_ratings_use_each_persons_latest_and_hide_names(db):
    report = insights.ratings(db)
    assert report.assets == [
        AssetRating("a.pdf", "Atlas pricing deck", 2.5, 2),
        AssetRating("c.pdf", "Beacon overview", 3.0, 1),
        AssetRating("b.pdf", "ROI guide", 5.0, 1),
    ]
    assert report.comments == [
        RatingComment("a.pdf", "Atlas pricing deck", 1, "-10% is outdated",
                      "2026-11-03T12:00:00.000Z", "West", ""),
        RatingComment("c.pdf", "Beacon overview", 3, "ok", "2026-11-04T12:00:00.000Z", "East", ""),
        RatingComment("a.pdf", "Atlas pricing deck", 4, "better now",
                      "2026-11-02T12:00:00.000Z", "East", ""),
    ]  # fmt: skip
    named = insights.ratings(db, per_person=True)
    assert [c.user for c in named.comments] == ["bob", "amy", "ann"]
    assert insights.ratings(db, Filters(team="East")).assets == [
        AssetRating("c.pdf", "Beacon overview", 3.0, 1),
        AssetRating("a.pdf", "Atlas pricing deck", 4.0, 1),
    ]


def test_content_requests_group_normalised_queries_most_frequent_first(db):
    # Each reads as typed, in its most common spelling ("Pricing Sheet" twice, once
    # with two spaces, beats " PRICING sheet "); equally common: the latest, then
    # the first in code-point order ("STRASSE" and "Straße" were searched at once).
    assert insights.content_requests(db) == [
        ContentRequest("Pricing Sheet", 3, 3, "2026-11-03T12:00:00.000Z"),
        ContentRequest("SOC 2", 2, 1, "2026-11-11T12:00:00.000Z"),
        ContentRequest("STRASSE", 2, 2, "2026-11-06T12:00:00.000Z"),
        ContentRequest("ROI", 2, 1, "2026-11-05T12:00:00.000Z"),
    ]
    assert [r.query for r in insights.content_requests(db, Filters(team="West"))] == [
        "SOC 2", "STRASSE", "Pricing Sheet",
    ]  # fmt: skip
    assert insights.content_requests(db, Filters(until="2026-11-02")) == [
        ContentRequest("Pricing Sheet", 2, 2, "2026-11-02T12:00:00.000Z"),
    ]
    # Only the searches in the filter vote: before the 2nd, Ann's "Pricing  Sheet" alone.
    assert insights.content_requests(db, Filters(until="2026-11-01"))[0].query == "Pricing Sheet"
    assert insights.content_requests(db, Filters(since="2026-11-03", until="2026-11-03"))[0].query \
        == "PRICING sheet"


def test_activity_is_by_team_unless_per_person_is_on(db):
    by_team = insights.by_person(db, MIA)
    assert by_team == [
        GroupActivity("East", 2, 7, 3, 5, 3, 0, 1),
        GroupActivity("West", 1, 5, 3, 5, 2, 1, 0),
    ]
    per_person = Settings(user="mia", team="Marketing", per_person_insights=True)
    assert insights.by_person(db, per_person) == [
        GroupActivity("bob", 1, 5, 3, 5, 2, 1, 0),
        GroupActivity("amy", 1, 4, 0, 1, 1, 0, 1),
        GroupActivity("ann", 1, 3, 3, 4, 2, 0, 0),
    ]
    atlas = insights.by_person(db, MIA, Filters(product="Atlas"))
    assert [(g.group, g.opens, g.searches) for g in atlas] == [("East", 6, 0), ("West", 5, 0)]


def test_send_back_queue_hides_names(db):
    (item,) = insights.send_back_queue(db)
    assert (item.asset_path, item.status, item.response, item.team, item.user) == (
        "a.pdf", "acknowledged", "looking", "West", "",
    )  # fmt: skip


def test_csv_export_of_every_table_shape(db, tmp_path):
    heat = insights.opens_heatmap(db, weeks=3, today=TODAY)
    with open(to_csv(heat, tmp_path / "heat.csv"), encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f)) == [
            ["path", "title", "2026-W46", "2026-W47", "2026-W48"],
            ["b.pdf", "ROI guide", "0", "5", "0"],
            ["a.pdf", "Atlas pricing deck", "1", "0", "3"],
        ]
    to_csv(insights.ratings(db).comments, tmp_path / "comments.csv")
    with open(tmp_path / "comments.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["path", "title", "rating", "comment", "ts", "team", "user"]
    assert rows[1][3] == "'-10% is outdated"  # never a spreadsheet formula
    to_csv([], tmp_path / "empty.csv", row_type=ContentRequest)
    assert (
        tmp_path / "empty.csv"
    ).read_bytes() == b"\xef\xbb\xbfquery,searches,people,last_searched\r\n"
    cov = insights.coverage(db)
    to_csv(cov, tmp_path / "coverage.csv")
    with open(tmp_path / "coverage.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f))[:3] == ["product", "CFO assets", "CFO opens"]


def test_filters_explain_bad_dates():
    with pytest.raises(ValueError, match="'since' must be a date like 2026-01-31"):
        Filters(since="last week")
    with pytest.raises(ValueError, match="is after 'until'"):
        Filters(since="2026-02-01", until="2026-01-01")
