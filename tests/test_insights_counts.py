"""Figures that were wrong: briefs counted per linked asset, shares rounded to 100%."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from enablement_desktop import paths
from enablement_desktop.cli import main
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage import insights
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.insights import percent_text

ANN = Settings(user="ann", team="East", device="d1")
BOB = Settings(user="bob", team="West", device="d2")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = open_db(paths.database_path(tmp_path))
    yield database
    database.conn.close()


def add_assets(db, count):
    with db.conn:
        db.conn.executemany(
            "INSERT INTO assets (path, title, type, size, mtime_ns, sha256, updated_at)"
            " VALUES (?, ?, 'pdf', 1, 0, '', '2026-11-01T00:00:00Z')",
            [(f"a{i:03d}.pdf", f"Asset {i}") for i in range(count)],
        )


def export(db, who, assets):
    """What briefs/export.py records: one row per asset, all sharing data.export."""
    data = {"export": str(uuid.uuid4()), "brief_id": 1, "version": 1, "paper": "letter", "cut": 0}
    for path in assets or [""]:
        record_event(db, who, "brief_export", asset_path=path, data=data)


def test_teams_count_brief_exports_not_the_assets_on_them(db):
    five = [f"a{i:03d}.pdf" for i in range(5)]
    export(db, ANN, five)
    export(db, ANN, five)
    export(db, BOB, [])
    record_event(db, BOB, "brief_export")  # an older app's row, no export id: one brief
    rows = {g.group: g.brief_exports for g in insights.by_person(db, ANN)}
    assert rows == {"East": 2, "West": 2}
    per_person = Settings(user="mia", per_person_insights=True)
    assert {g.group: g.brief_exports for g in insights.by_person(db, per_person)} == {
        "ann": 2, "bob": 2,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [
        (490, 492, "over 99%"), (492, 492, "100%"), (0, 492, "0%"), (1, 1000, "under 1%"),
        (1, 4, "25%"), (2, 3, "67%"), (995, 1000, "over 99%"), (994, 1000, "99%"), (0, 0, "–"),
    ],
)  # fmt: skip
def test_a_share_is_never_rounded_to_all_or_nothing(part, whole, text):
    assert percent_text(part, whole) == text


def test_unused_headline_says_over_99_percent_for_490_of_492(db, tmp_path, capsys):
    add_assets(db, 492)
    for path in ("a000.pdf", "a001.pdf"):
        record_event(db, ANN, "open", asset_path=path, ts="2026-11-20T10:00:00Z")
    unused = insights.unused(db, 90, now=NOW)
    assert (len(unused.assets), unused.library_size) == (490, 492)
    assert unused.share_text == "over 99%"
    assert unused.sentence == "Over 99% of assets not opened in 90 days (490 of 492)"
    # The CLI says the same (its "now" is today, and the opens are within 90 days of it
    # only while the test date is recent: use opens dated now).
    for path in ("a000.pdf", "a001.pdf"):
        record_event(db, ANN, "open", asset_path=path)
    assert main(["insights", "--data-dir", str(tmp_path)]) == 0
    assert "Over 99% of assets not opened in 90 days (490 of 492)" in capsys.readouterr().out
    assert main(["insights", "--json", "--data-dir", str(tmp_path)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["unused"]["sentence"].startswith("Over 99%")


def test_coverage_of_a_library_without_metadata_says_where_metadata_goes(db, tmp_path, capsys):
    add_assets(db, 3)  # no product, persona or stage on any of them
    assert main(["insights", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "no asset has a product or persona yet" in out and "collateral.csv" in out
    assert "(none)   3/0" not in out
