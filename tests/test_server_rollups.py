"""The roll-ups behind the server's figures stay exact however the events arrive.

The same seeded events reach three databases: all in one COPY; in 40
shuffled batches with some batches sent twice (a sync that re-sends after a
dropped connection); and, for the last, before migration 8 existed, so
that migration's backfill builds the roll-ups from the raw events. Every
roll-up table must hold the same rows in all three. (That the figures read
from them equal the laptop's own is tests/test_server_insights.py.) Then a
newer rating must move a person's rating in the dated sums, a late answer
must reach the send-back queue, and no seller may read any of the new tables
or call the new figures.
"""

from __future__ import annotations

import random
from datetime import date

import psycopg
import pytest

from enablement_desktop.server import schema
from enablement_desktop.server.sync import copy_events
from enablement_desktop.usage.validate import EVENT_FIELDS
from tests.support.org_server import event_row, new_org
from tests.support.server_events import server_events

# Every table a trigger keeps, with the columns that identify a row. Rows
# whose sums fell back to zero (a rating moved to a later day) are equal to
# no row, so they are left out of the comparison.
ROLL_UPS = {
    "rollup_activity": "true",
    "rollup_team_activity": "true",
    "team_people": "true",
    "rollup_opens": "true",
    "rollup_asset_opens": "true",
    "rollup_asset_opens_weekly": "true",
    "rollup_asset_opens_monthly": "true",
    "latest_ratings": "true",
    "latest_team_ratings": "true",
    "rollup_asset_ratings": "n <> 0",
    "rollup_rating_days": "n <> 0",
    "rollup_team_rating_days": "n <> 0",
    "latest_responses": "true",
    "send_back_state": "true",
    "rollup_no_hits": "true",
    "rollup_no_hit_spellings": "true",
    "rollup_brief_exports": "true",
    "rollup_page_dwell": "true",
    "rollup_asset_activity": "true",
    "rollup_asset_team_totals": "true",
    "rollup_asset_people": "true",
    "rollup_asset_exports": "true",
}
NEW_TABLES = [
    "rollup_asset_opens_weekly", "rollup_asset_opens_monthly", "latest_team_ratings",
    "rollup_rating_days", "rollup_team_rating_days", "send_back_state", "rollup_page_dwell",
    "rollup_asset_activity", "rollup_asset_team_totals", "rollup_asset_people", "rollup_asset_exports",
    "rollup_no_hit_spellings",
]
FIGURES = "(NULL::date, NULL::date, NULL::text, NULL::text[]"


def _rows(events: list[dict]) -> list[tuple]:
    return [tuple(e[name] for name in EVENT_FIELDS) for e in events]


def _contents(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    return {
        table: conn.execute(f"SELECT * FROM enablement.{table} t WHERE {where} ORDER BY t::text").fetchall()
        for table, where in ROLL_UPS.items()
    }


@pytest.fixture(scope="module")
def events() -> list[dict]:
    return server_events(random.Random(8))


@pytest.fixture(scope="module")
def at_once(pg_server, events):
    org = new_org(pg_server)
    with org.connect() as conn:
        assert copy_events(conn, _rows(events)) == len(events)
        return _contents(conn)


def test_batches_in_any_order_and_resent_give_the_same_roll_ups(pg_server, events, at_once):
    org = new_org(pg_server)
    rng = random.Random(3)
    shuffled = _rows(events)
    rng.shuffle(shuffled)
    batches = [shuffled[i::40] for i in range(40)]
    with org.connect() as conn:
        stored = 0
        for number, batch in enumerate(batches):
            stored += copy_events(conn, batch)
            if number % 7 == 0:  # the same batch again, and half of it once more
                assert copy_events(conn, batch) == 0
                assert copy_events(conn, batch[: len(batch) // 2]) == 0
        assert stored == len(events)
        assert conn.execute("SELECT count(*) FROM enablement.events").fetchone()[0] == len(events)
        assert _contents(conn) == at_once
        # The running sums equal a rebuild from the latest-rating tables.
        conn.execute("SELECT enablement.rebuild_rating_sums()")
        assert _contents(conn) == at_once


def test_the_migration_backfills_the_roll_ups_of_an_existing_database(pg_server, events, at_once, monkeypatch):
    before = schema.MIGRATIONS[:7]
    monkeypatch.setattr(schema, "MIGRATIONS", before)
    org = new_org(pg_server)
    with org.connect() as conn:
        assert copy_events(conn, _rows(events)) == len(events)
        monkeypatch.undo()
        assert schema.migrate(conn)[0] == "8: roll-ups for every insights view at 10M events"
        assert _contents(conn) == at_once


def _ratings_since(conn: psycopg.Connection, since: str, team: str | None = None) -> dict[str, tuple]:
    return {path: (avg, n) for path, avg, n in conn.execute(
        "SELECT * FROM enablement.figures_ratings(%s, NULL, %s)", (since, team))}


def test_a_newer_rating_moves_the_persons_rating_to_its_day(pg_server):
    org = new_org(pg_server)
    path = "decks/moved.pptx"

    def rate(login: str, team: str, rating: int, day: str) -> None:
        with org.connect(login) as conn:
            assert copy_events(conn, [tuple(event_row(
                login, team=team, kind="rate", rating=rating, asset_path=path,
                ts=f"{day}T10:00:00.000Z").values())]) == 1

    rate("ann", "East", 2, "2026-10-01")
    rate("bob", "West", 4, "2026-10-02")
    with org.connect("mia") as mia:
        assert _ratings_since(mia, "2026-09-01")[path] == (3.0, 2)
        assert path not in _ratings_since(mia, "2026-10-15")
    rate("ann", "East", 5, "2026-11-01")  # ann changes her mind
    with org.connect("mia") as mia:
        assert _ratings_since(mia, "2026-09-01")[path] == (4.5, 2)
        assert _ratings_since(mia, "2026-10-15")[path] == (5.0, 1)  # ann's October 2 no longer counts
        assert _ratings_since(mia, "2026-09-01", "East")[path] == (5.0, 1)
    with org.connect() as conn:  # the day that lost the rating sums to nothing
        assert conn.execute(
            "SELECT total, n FROM enablement.rollup_rating_days WHERE asset_path = %s AND day = %s",
            (path, date(2026, 10, 1)),
        ).fetchone() == (0, 0)


def test_an_answer_that_arrives_before_or_after_its_send_back_reaches_the_queue(pg_server):
    org = new_org(pg_server)
    early = event_row("ann", kind="send_back", reason="outdated", ts="2026-11-01T09:00:00.000Z")
    late = event_row("ann", kind="send_back", reason="other", ts="2026-11-02T09:00:00.000Z")
    with org.connect("mia") as mia:  # marketing answered `late` on a laptop that synced first
        copy_events(mia, [tuple(event_row("mia", team="Marketing", kind="feedback_response",
                                          status="fixed", ref_uuid=late["uuid"]).values())])
    with org.connect("ann") as ann:
        copy_events(ann, [tuple(early.values()), tuple(late.values())])
    with org.connect("mia") as mia:
        copy_events(mia, [tuple(event_row("mia", team="Marketing", kind="feedback_response",
                                          status="acknowledged", ref_uuid=early["uuid"],
                                          ts="2026-11-21T10:00:00.000Z").values())])
        queue = mia.execute(
            f"SELECT uuid, status FROM enablement.figures_send_back_page{FIGURES}, NULL, 0)").fetchall()
        assert queue == [(early["uuid"], "acknowledged"), (late["uuid"], "fixed")]  # open first
        assert mia.execute(f"SELECT * FROM enablement.figures_send_back_counts{FIGURES})").fetchone() == (2, 1)
        page = mia.execute(f"SELECT uuid FROM enablement.figures_send_back_page{FIGURES}, 1, 1)").fetchall()
        assert page == [(late["uuid"],)]


@pytest.fixture(scope="module")
def small_org(pg_server, events):
    org = new_org(pg_server)
    with org.connect() as conn:
        copy_events(conn, _rows(events[:300]))
    return org


@pytest.mark.parametrize("table", NEW_TABLES)
def test_a_seller_cannot_read_a_new_roll_up(small_org, table):
    with small_org.connect("ann") as ann, pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute(f"SELECT * FROM enablement.{table}")
    with small_org.connect("ann") as ann, pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute(f"DELETE FROM enablement.{table}")


@pytest.mark.parametrize("call", [
    f"figures_send_back_page{FIGURES}, 10, 0)",
    f"figures_send_back_counts{FIGURES})",
    "figures_send_back_asset('00000000-0000-4000-8000-000000000000')",
    "figures_opens_weekly('2026-11-02', '2026-11-02', '2026-11-30', NULL, NULL)",
    "figures_page_stats('decks/deck-1.pdf', NULL, NULL, NULL)",
    "rebuild_rating_sums()",
])
def test_a_seller_cannot_call_the_new_figures(small_org, call):
    with small_org.connect("ann") as ann, pytest.raises(psycopg.errors.InsufficientPrivilege):
        ann.execute(f"SELECT * FROM enablement.{call}")


def test_a_marketer_reads_figures_but_not_the_tables_behind_them(small_org):
    with small_org.connect("mia") as mia:
        assert mia.execute(f"SELECT * FROM enablement.figures_send_back_counts{FIGURES})").fetchone()[0] > 0
    for table in NEW_TABLES:
        with small_org.connect("mia") as mia, pytest.raises(psycopg.errors.InsufficientPrivilege):
            mia.execute(f"SELECT * FROM enablement.{table}")
