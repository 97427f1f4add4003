"""Recording events and the window's small reads (no Qt, throwaway databases)."""

from __future__ import annotations

import time
import uuid

import pytest

from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.events import (
    EVENT_KINDS,
    FEEDBACK_STATUSES,
    SEND_BACK_REASONS,
    AssetStats,
    MyRating,
    asset_stats,
    my_rating,
    record_event,
    send_back_queue,
    send_backs_for_user,
)
from enablement_desktop.usage.insights import set_feedback_status

ANN = Settings(user="ann", team="East", device="laptop-1")
BOB = Settings(user="bob", team="West", device="laptop-2")
MIA = Settings(user="mia", team="Marketing", device="imac", role="marketer")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "db.sqlite3")
    yield database
    database.conn.close()


def test_vocabularies_are_the_documented_ones():
    assert EVENT_KINDS == (
        "open", "close", "page_view", "search", "rate", "send_back", "feedback_response",
        "brief_export", "campaign_note", "campaign_read",
    )  # fmt: skip
    assert SEND_BACK_REASONS == (
        "outdated", "inaccurate", "off-message", "hard to use", "missing information", "other",
    )  # fmt: skip
    assert FEEDBACK_STATUSES == ("new", "acknowledged", "fixed", "won't fix")


def test_record_event_stores_who_when_and_what(db):
    ident = record_event(
        db, ANN, "page_view", asset_path="a.pdf", page=3, dwell_ms=1500,
        data={"z": 1, "a": [1, 2]}, ts="2026-11-20T10:00:00Z",
    )  # fmt: skip
    assert str(uuid.UUID(ident)) == ident
    row = db.conn.execute(
        "SELECT kind, ts, user, team, device, asset_path, page, dwell_ms, data, origin, flushed_at"
        " FROM events WHERE uuid = ?",
        (ident,),
    ).fetchone()
    assert row == (
        "page_view", "2026-11-20T10:00:00.000Z", "ann", "East", "laptop-1", "a.pdf", 3, 1500,
        '{"a":[1,2],"z":1}', "local", None,
    )  # fmt: skip


def test_record_event_defaults_ts_to_now_in_utc(db):
    ident = record_event(db, ANN, "search", query="pricing", hits=0)
    (ts,) = db.conn.execute("SELECT ts FROM events WHERE uuid = ?", (ident,)).fetchone()
    assert len(ts) == 24 and ts.endswith("Z") and ts[10] == "T"


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("download", {}, "unknown event kind 'download'"),
        ("rate", {"asset_path": "a.pdf", "rating": 6}, "rating must be a whole number from 1 to 5"),
        ("rate", {"asset_path": "a.pdf", "rating": 0}, "rating must be a whole number from 1 to 5"),
        ("rate", {"asset_path": "a.pdf"}, "rate events need rating"),
        ("rate", {"asset_path": "a.pdf", "rating": True}, "rating must be a whole number"),
        ("send_back", {"asset_path": "a.pdf", "reason": "ugly"}, "send-back reason must be one of"),
        ("send_back", {"asset_path": "a.pdf"}, "send_back events need reason"),
        ("open", {}, "open events need asset path"),
        ("feedback_response", {"status": "done", "ref_uuid": str(uuid.uuid4())}, "feedback status"),
        ("feedback_response", {"status": "fixed"}, "feedback_response events need ref uuid"),
        ("page_view", {"asset_path": "a.pdf", "page": 0}, "page numbers start at 1"),
        ("open", {"asset_path": "a.pdf", "ts": "yesterday"}, "timestamp must be ISO-8601 UTC"),
        ("open", {"asset_path": "a.pdf", "ts": "2026-02-30T00:00:00Z"}, "not a real date"),
        ("open", {"asset_path": "a.pdf", "asset_sha256": "abc"}, "asset_sha256 must be 64"),
    ],
)
def test_record_event_explains_bad_values(db, kind, fields, message):
    with pytest.raises(ValueError, match=message):
        record_event(db, ANN, kind, **fields)
    assert db.conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_latest_rating_per_person_replaces_earlier_ones(db):
    record_event(db, ANN, "rate", asset_path="a.pdf", rating=2, ts="2026-11-01T09:00:00Z")
    record_event(
        db, ANN, "rate", asset_path="a.pdf", rating=4, comment="better now",
        ts="2026-11-02T09:00:00Z",
    )  # fmt: skip
    record_event(db, BOB, "rate", asset_path="a.pdf", rating=1, ts="2026-10-01T09:00:00Z")
    record_event(db, BOB, "rate", asset_path="b.pdf", rating=5, ts="2026-10-01T09:00:00Z")
    for _ in range(3):
        record_event(db, ANN, "open", asset_path="a.pdf")
    record_event(db, BOB, "open", asset_path="c.pdf")

    stats = asset_stats(db, ["a.pdf", "b.pdf", "c.pdf", "nowhere.pdf", "a.pdf"])
    assert stats == {
        "a.pdf": AssetStats(2.5, 2, 3),
        "b.pdf": AssetStats(5.0, 1, 0),
        "c.pdf": AssetStats(None, 0, 1),
        "nowhere.pdf": AssetStats(None, 0, 0),
    }
    assert asset_stats(db, []) == {}
    assert my_rating(db, "ann", "a.pdf") == MyRating(4, "better now", "2026-11-02T09:00:00.000Z")
    assert my_rating(db, "ann", "b.pdf") is None


def test_send_back_round_trip_in_one_database(db):
    first = record_event(
        db, BOB, "send_back", asset_path="a.pdf", reason="outdated", comment="2024 prices",
        ts="2026-11-01T09:00:00Z",
    )  # fmt: skip
    second = record_event(
        db, BOB, "send_back", asset_path="b.pdf", reason="inaccurate", ts="2026-11-02T09:00:00Z"
    )
    record_event(
        db, ANN, "send_back", asset_path="c.pdf", reason="other", ts="2026-11-03T09:00:00Z"
    )
    set_feedback_status(db, MIA, first, "acknowledged", "on it")
    time.sleep(0.002)  # "latest" is by timestamp (ms); a same-ms tie would go by UUID
    set_feedback_status(db, MIA, first, "fixed", "new deck uploaded")

    mine = send_backs_for_user(db, "bob")
    assert [(s.uuid, s.status, s.response, s.user) for s in mine] == [
        (second, "new", "", "bob"),
        (first, "fixed", "new deck uploaded", "bob"),
    ]
    queue = send_back_queue(db)
    # Open items first (newest first), resolved last; names hidden by default.
    assert [(s.asset_path, s.status, s.team, s.user) for s in queue] == [
        ("c.pdf", "new", "East", ""),
        ("b.pdf", "new", "West", ""),
        ("a.pdf", "fixed", "West", ""),
    ]
    assert [s.user for s in send_back_queue(db, per_person=True)] == ["ann", "bob", "bob"]


def test_only_a_marketer_answers_known_send_backs(db):
    ident = record_event(db, BOB, "send_back", asset_path="a.pdf", reason="outdated")
    with pytest.raises(ValueError, match="only a marketer"):
        set_feedback_status(db, ANN, ident, "fixed", "done")
    with pytest.raises(ValueError, match="not here"):
        set_feedback_status(db, MIA, str(uuid.uuid4()), "fixed", "done")
    with pytest.raises(ValueError, match="feedback status must be one of"):
        set_feedback_status(db, MIA, ident, "maybe", "hm")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2026-11-20T10:00:00Z", "2026-11-20T10:00:00.000Z"),
        ("2026-11-20T10:00:00.5Z", "2026-11-20T10:00:00.500Z"),
        ("2026-11-20T10:00:00.123456+00:00", "2026-11-20T10:00:00.123Z"),
        ("2026-11-20T10:00:00.120Z", "2026-11-20T10:00:00.120Z"),
    ],
)
def test_timestamps_are_stored_in_one_sortable_form(db, given, stored):
    ident = record_event(db, ANN, "open", asset_path="a.pdf", ts=given)
    assert db.conn.execute("SELECT ts FROM events WHERE uuid = ?", (ident,)).fetchone() == (stored,)


@pytest.mark.parametrize(
    "bad",
    [
        "2026-11-20T10:00:00.000Z\n",
        "2026-11-20T10:00:00+02:00",
        "2026-11-20",
        "٢٠٢٦-11-20T10:00:00Z",
    ],
)
def test_timestamps_must_be_utc_iso(db, bad):
    with pytest.raises(ValueError, match="timestamp must be ISO-8601 UTC"):
        record_event(db, ANN, "open", asset_path="a.pdf", ts=bad)
