"""Privacy on the organisation server is PostgreSQL's job: every forbidden read and write, tried
with real logins, is refused by the database itself (row-level security, grants, triggers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from enablement_desktop.cli import main
from enablement_desktop.server import roles, schema
from enablement_desktop.server.connect import ServerError
from enablement_desktop.server.sync import copy_events
from tests.support.org_server import INSERT_SQL, event_row, new_org

Refused = (psycopg.errors.InsufficientPrivilege,)
FIGURES = "(NULL::date, NULL::date, NULL::text)"


@pytest.fixture(scope="module")
def org(pg_server):
    org = new_org(pg_server)
    with org.connect("ann") as ann, org.connect("bob") as bob, org.connect("mia") as mia:
        sent = event_row("ann", kind="send_back", reason="outdated", comment="old prices")
        ann.execute(INSERT_SQL, sent)
        ann.execute(INSERT_SQL, event_row("ann", kind="rate", rating=2, comment="too long"))
        ann.execute(INSERT_SQL, event_row("ann", kind="search", query="secret plans", hits=0,
                                          asset_path=""))
        bob_sent = event_row("bob", team="West", kind="send_back", reason="other")
        bob.execute(INSERT_SQL, bob_sent)
        bob.execute(INSERT_SQL, event_row("bob", team="West", kind="rate", rating=4))
        mia.execute(INSERT_SQL, event_row("mia", team="Marketing", kind="feedback_response",
                                          status="fixed", comment="new deck", ref_uuid=sent["uuid"]))
        mia.execute(INSERT_SQL, event_row("mia", team="Marketing", kind="feedback_response",
                                          status="acknowledged", ref_uuid=bob_sent["uuid"]))
    return org


def test_init_is_idempotent_and_versioned(org, capsys):
    with org.connect() as conn:
        assert schema.migrate(conn) == []
        versions = [v for (v,) in conn.execute("SELECT version FROM enablement.schema_migrations ORDER BY 1")]
    assert versions == list(range(1, len(schema.MIGRATIONS) + 1))
    assert main(["server", "init", "--dsn", org.dsn()]) == 0
    assert f"at version {len(schema.MIGRATIONS)}" in capsys.readouterr().out


def test_events_is_partitioned_by_month(org):
    with org.connect() as conn:
        strategy = conn.execute(
            "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'enablement.events'::regclass"
        ).fetchone()[0]
        months = conn.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'enablement.events'::regclass"
        ).fetchone()[0]
    assert strategy == "r" and months >= 25


def test_a_seller_cannot_write_in_someone_elses_name(org):
    with org.connect("ann") as ann, pytest.raises(Refused, match="row-level security"):
        ann.execute(INSERT_SQL, event_row("bob", team="West"))
    assert org.count("\"user\" = 'bob' AND kind = 'open'") == 0


def test_a_seller_reads_only_their_own_events(org):
    with org.connect("ann") as ann:
        users = {u for (u,) in ann.execute('SELECT "user" FROM enablement.events')}
        assert users == {"ann"}
        # Not around the policy through a partition or a roll-up either.
        partition = ann.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits "
            "WHERE inhparent = 'enablement.events'::regclass LIMIT 1"
        ).fetchone()[0]
    for table in (partition, "enablement.rollup_activity", "enablement.latest_ratings",
                  "enablement.rollup_no_hits", "enablement.members", "enablement.event_ids"):
        with org.connect("ann") as ann, pytest.raises(Refused):
            ann.execute(f"SELECT * FROM {table}")


def test_a_seller_sees_aggregates_and_answers_to_their_own_send_backs_only(org):
    with org.connect("ann") as ann:
        stats = dict(ann.execute("SELECT asset_path, ratings FROM enablement.asset_stats"))
        answers = ann.execute('SELECT status, "user" FROM enablement.my_answers').fetchall()
    assert stats == {"decks/a.pptx": 2}  # ann's and bob's latest ratings, no names
    assert answers == [("fixed", "mia")]  # not the answer to bob's send-back


def test_sellers_cannot_run_the_marketer_figures(org):
    for call in (f"enablement.figures_send_backs{FIGURES}", f"enablement.figures_content_requests{FIGURES}",
                 "enablement.figures_activity(NULL, NULL, NULL, NULL, false)",
                 f"enablement.latest_ratings_in{FIGURES}"):
        with org.connect("ann") as ann, pytest.raises(Refused):
            ann.execute(f"SELECT * FROM {call}")


def test_nobody_updates_or_deletes_events(org):
    for login in ("ann", "mia", "ivy", "postgres"):
        for statement in ("UPDATE enablement.events SET rating = 5 WHERE kind = 'rate'",
                          "DELETE FROM enablement.events", "TRUNCATE enablement.events"):
            with org.connect(login) as conn, pytest.raises(Refused):
                conn.execute(statement)
    assert org.count("kind = 'rate' AND rating = 5") == 0
    assert org.count() == 7


def test_marketers_get_team_figures_and_names_only_behind_the_organisation_switch(org):
    with org.connect("mia") as mia:
        queue = mia.execute(f'SELECT team, "user" FROM enablement.figures_send_backs{FIGURES} ORDER BY team').fetchall()
        assert queue == [("East", ""), ("West", "")]
        with pytest.raises(Refused, match="per-person"):
            mia.execute("SELECT * FROM enablement.figures_activity(NULL, NULL, NULL, NULL, true)")
    # Marketers and sellers cannot flip the switch; only an admin can.
    for login in ("mia", "ann"):
        with org.connect(login) as conn, pytest.raises(Refused):
            conn.execute("UPDATE enablement.org_settings SET per_person_insights = true")
    assert main(["server", "per-person", "on", "--dsn", org.dsn("ivy")]) == 0
    try:
        with org.connect("mia") as mia:
            people = mia.execute(
                "SELECT grp FROM enablement.figures_activity(NULL, NULL, NULL, NULL, true) ORDER BY 1"
            ).fetchall()
            queue = mia.execute(f'SELECT "user" FROM enablement.figures_send_backs{FIGURES} ORDER BY 1').fetchall()
        assert people == [("ann",), ("bob",)]  # answers are not "activity"
        assert queue == [("ann",), ("bob",)]
        # Admins run the figures too, but never see names: per-person is for marketers.
        with org.connect("ivy") as ivy, pytest.raises(Refused):
            ivy.execute("SELECT * FROM enablement.figures_activity(NULL, NULL, NULL, NULL, true)")
    finally:
        with org.connect("ivy") as ivy:
            roles.set_per_person(ivy, False)


def test_the_team_is_the_one_it_gave_the_login_not_the_laptops(org):
    row = event_row("ann", team="West", kind="brief_export", asset_path="")
    with org.connect("ann") as ann, pytest.raises(Refused, match="row-level security"):
        ann.execute(INSERT_SQL, row)
    with org.connect("ann") as ann:
        assert copy_events(ann, [tuple(row.values())]) == 1  # the push files it under her team
    with org.connect() as conn:
        assert conn.execute("SELECT team FROM enablement.events WHERE uuid = %s", (row["uuid"],)).fetchone() == ("East",)


def test_far_future_events_are_refused(org):
    soon = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    with org.connect("ann") as ann, pytest.raises(Refused, match="row-level security"):
        ann.execute(INSERT_SQL, event_row("ann", ts=soon))
    # Years ahead there is not even a partition for it.
    with org.connect("ann") as ann, pytest.raises(psycopg.errors.CheckViolation):
        ann.execute(INSERT_SQL, event_row("ann", ts="2099-01-01T00:00:00.000Z"))
    with org.connect("ann") as ann:
        assert ann.execute("SELECT enablement.ensure_months('2099-01-01', '2099-02-01')").fetchone() == (0,)


def test_a_uuid_is_stored_once_across_partitions(org):
    row = event_row("ann", kind="close", ts="2026-10-01T00:00:00.000Z")
    other_month = {**row, "ts": "2026-11-15T00:00:00.000Z"}
    with org.connect("ann") as ann:
        assert copy_events(ann, [tuple(row.values()), tuple(row.values())]) == 1
        assert copy_events(ann, [tuple(other_month.values())]) == 0
        with pytest.raises(psycopg.errors.UniqueViolation):  # a plain insert is refused outright
            ann.execute(INSERT_SQL, other_month)
    assert org.count("uuid = %s", (row["uuid"],)) == 1


def test_grant_creates_updates_and_refuses_bad_logins(org, capsys):
    assert main(["server", "grant", "zoe", "--role", "seller", "--team", "North", "--dsn", org.dsn()]) == 0
    assert main(["server", "grant", "zoe", "--role", "marketer", "--dsn", org.dsn()]) == 0
    with org.connect() as conn:
        member = conn.execute("SELECT role, team FROM enablement.members WHERE login = 'zoe'").fetchone()
        groups = {g for (g,) in conn.execute(
            "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'zoe'")}
        assert member == ("marketer", "")
        assert groups == {schema.MARKETER}
        with pytest.raises(ServerError, match="superuser"):
            roles.grant(conn, "postgres", "seller")
        with pytest.raises(ServerError, match="lowercase"):
            roles.grant(conn, 'x"; DROP TABLE', "seller")
    assert main(["server", "grant", "Bad Name", "--role", "seller", "--dsn", org.dsn()]) == 1
    assert "lowercase" in capsys.readouterr().err


def test_a_seller_cannot_grant_or_init(org, capsys):
    assert main(["server", "grant", "ann", "--role", "admin", "--dsn", org.dsn("ann")]) == 1
    assert "the server refused" in capsys.readouterr().err
    with org.connect() as conn:
        assert conn.execute("SELECT role FROM enablement.members WHERE login = 'ann'").fetchone() == ("seller",)


def test_rating_again_replaces_the_earlier_rating_in_the_per_asset_average(org):
    path = "decks/rerated.pptx"
    first = event_row("ann", kind="rate", rating=1, asset_path=path, ts="2026-11-01T10:00:00.000Z")
    later = event_row("ann", kind="rate", rating=5, asset_path=path, ts="2026-11-03T10:00:00.000Z")
    older = event_row("ann", kind="rate", rating=2, asset_path=path, ts="2026-10-01T10:00:00.000Z")
    bobs = event_row("bob", team="West", kind="rate", rating=4, asset_path=path)

    def stats():
        with org.connect("bob") as bob:
            return bob.execute(
                "SELECT avg_rating, ratings FROM enablement.asset_stats WHERE asset_path = %s", (path,)
            ).fetchone()

    with org.connect("ann") as ann:
        copy_events(ann, [tuple(first.values())])
        assert stats() == (1.0, 1)
        copy_events(ann, [tuple(later.values())])
        assert stats() == (5.0, 1)
        copy_events(ann, [tuple(older.values())])  # arrives late, but is older: changes nothing
        assert stats() == (5.0, 1)
    with org.connect("bob") as bob:
        copy_events(bob, [tuple(bobs.values())])
    assert stats() == (4.5, 2)
    with org.connect("mia") as mia:
        rows = dict((p, (a, n)) for p, a, n in mia.execute(f"SELECT * FROM enablement.figures_ratings{FIGURES}"))
    assert rows[path] == (4.5, 2)
    with org.connect() as conn:  # the running sums equal a rebuild from the latest ratings
        before = conn.execute("SELECT * FROM enablement.rollup_asset_ratings ORDER BY 1").fetchall()
        conn.execute("SELECT enablement.rebuild_asset_ratings()")
        assert conn.execute("SELECT * FROM enablement.rollup_asset_ratings ORDER BY 1").fetchall() == before
