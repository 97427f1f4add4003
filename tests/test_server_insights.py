"""`insights --server`: the figures computed in SQL on PostgreSQL equal the local ones, field for field.

One seeded random event set (teams that change, ratings sharing a timestamp,
send-backs answered twice, zero-hit searches differing in case and spaces,
brief exports of several rows, assets no longer in the library) is loaded
into a laptop's SQLite database and onto the server; every figure of
`enablement insights --json` must come out the same under several filters.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest

from enablement_desktop.cli import main
from enablement_desktop.context import open_context
from enablement_desktop.server import roles
from enablement_desktop.server.insights import ServerFigures, server_figures
from enablement_desktop.server.sync import copy_events
from enablement_desktop.usage.filters import Filters
from enablement_desktop.usage.validate import EVENT_FIELDS
from tests.support.org_server import new_org
from tests.support.server_events import LIBRARY, PERSONAS, PRODUCTS, TODAY, server_events


@pytest.fixture(scope="module")
def world(pg_server, tmp_path_factory):
    org = new_org(pg_server)
    ctx = open_context(tmp_path_factory.mktemp("marketer"))
    rng = random.Random(15)
    with ctx.db.conn:
        for i, path in enumerate(LIBRARY):
            ctx.db.conn.execute(
                "INSERT INTO assets (path, title, type, size, mtime_ns, sha256, product, persona, "
                "stage, page_count, removed, updated_at) VALUES (?, ?, 'pdf', 1, 0, '', ?, ?, ?, ?, ?, "
                "'2026-01-01T00:00:00Z')",
                (path, f"Deck {i % 5}", PRODUCTS[i % 3], PERSONAS[i % 4], ["discovery", ""][i % 2],
                 4, int(i == 11)),
            )
    events = server_events(rng)
    with ctx.db.conn:
        ctx.db.conn.executemany(
            f"INSERT INTO events ({', '.join(EVENT_FIELDS)}, origin) "
            f"VALUES ({', '.join('?' for _ in EVENT_FIELDS)}, 'imported')",
            [[e[name] for name in EVENT_FIELDS] for e in events],
        )
    with org.connect() as conn:
        rows = [tuple(e[name] for name in EVENT_FIELDS) for e in events]
        assert copy_events(conn, rows) == len(rows)
    yield org, ctx
    ctx.close()


FILTERS = [
    [],
    ["--team", "East"],
    ["--team", ""],
    ["--since", (TODAY - timedelta(days=60)).isoformat()],
    ["--until", (TODAY - timedelta(days=30)).isoformat(), "--weeks", "30"],
    ["--product", "atlas"],
    ["--persona", "CIO", "--days", "20"],
    ["--since", (TODAY - timedelta(days=90)).isoformat(), "--team", "West", "--product", "Beacon"],
]


def _insights(capsys, *args: str) -> dict:
    assert main(["insights", "--json", *args]) == 0, capsys.readouterr().err
    figures = json.loads(capsys.readouterr().out)
    figures.pop("data_as_of")
    # The window of "not opened in N days" ends at the moment it runs: the same
    # assets, whichever clock read it a few milliseconds apart.
    return figures


@pytest.mark.parametrize("extra", FILTERS, ids=lambda f: " ".join(f) or "no filters")
def test_server_figures_equal_the_local_ones(world, capsys, extra):
    org, ctx = world
    data_dir = ["--data-dir", str(ctx.data_dir)]
    local = _insights(capsys, *data_dir, *extra)
    server = _insights(capsys, *data_dir, "--server", org.dsn("mia"), *extra)
    assert local["activity"] and local["ratings"]["assets"] and local["send_back_queue"]
    assert server == local


@pytest.mark.parametrize("extra", [[], ["--team", "West"], ["--product", "atlas"]],
                         ids=lambda f: " ".join(f) or "no filters")
def test_the_send_back_queue_pages_alike_on_both(world, capsys, extra):
    org, ctx = world
    data_dir = ["--data-dir", str(ctx.data_dir)]
    whole = _insights(capsys, *data_dir, "--queue-size", "0", *extra)
    assert whole["send_back_page"]["shown"] == whole["send_back_page"]["total"] > 30
    pages = []
    for number in (1, 2, 3):
        paging = ["--queue-page", str(number), "--queue-size", "12", *extra]
        local = _insights(capsys, *data_dir, *paging)
        server = _insights(capsys, *data_dir, "--server", org.dsn("mia"), *paging)
        assert server["send_back_queue"] == local["send_back_queue"]
        assert server["send_back_page"] == local["send_back_page"] == {
            "total": whole["send_back_page"]["total"], "open": whole["send_back_page"]["open"],
            "offset": 12 * (number - 1), "shown": 12,
        }
        pages += local["send_back_queue"]
    assert pages == whole["send_back_queue"][:36]  # the pages are the queue, in its order


def test_a_read_only_connection_gets_every_figure(world):
    """What a hot-standby replica allows: no writes, not even temporary tables."""
    org, ctx = world
    filters = [Filters(), Filters(product="atlas", since=TODAY - timedelta(days=90))]
    with org.connect("mia") as mia, org.connect("mia") as replica:
        replica.execute("SET default_transaction_read_only = on")
        for f in filters:
            served, written = (server_figures(c, ctx.db, f, 12, 90) for c in (replica, mia))
            served.pop("data_as_of"), written.pop("data_as_of")  # each connection's clock
            assert served == written
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            replica.execute("CREATE TEMP TABLE scratch (x int)")


@contextmanager
def _names_on_the_laptop(org, ctx) -> Iterator[None]:
    """The laptop's per-person setting on for the block; after it, that and the
    organisation switch (which the block may turn on) are off again."""
    ctx.settings.per_person_insights = True
    ctx.save_settings()
    try:
        yield
    finally:
        ctx.settings.per_person_insights = False
        ctx.save_settings()
        with org.connect("ivy") as ivy:
            roles.set_per_person(ivy, False)


def _names_on_the_server(org) -> None:
    with org.connect("ivy") as ivy:
        roles.set_per_person(ivy, True)


def test_per_person_product_activity_matches_when_names_are_on(world, capsys):
    org, ctx = world
    data_dir = ["--data-dir", str(ctx.data_dir)]
    with _names_on_the_laptop(org, ctx):
        _names_on_the_server(org)
        for extra in (["--product", "atlas"],
                      ["--persona", "CIO", "--since", (TODAY - timedelta(days=60)).isoformat()]):
            local = _insights(capsys, *data_dir, *extra)
            assert local["activity_by"] == "person" and local["activity"]
            assert _insights(capsys, *data_dir, "--server", org.dsn("mia"), *extra) == local


def test_names_follow_the_organisation_switch_not_the_laptop(world, capsys):
    org, ctx = world
    data_dir = ["--data-dir", str(ctx.data_dir)]
    with _names_on_the_laptop(org, ctx):
        local_people = _insights(capsys, *data_dir)
        server_teams = _insights(capsys, *data_dir, "--server", org.dsn("mia"))
        assert local_people["activity_by"] == "person" and server_teams["activity_by"] == "team"
        assert all(s["user"] == "" for s in server_teams["send_back_queue"])
        _names_on_the_server(org)
        server_people = _insights(capsys, *data_dir, "--server", org.dsn("mia"))
        assert server_people == local_people


def test_page_heatmap_matches(world):
    from enablement_desktop.usage import insights

    org, ctx = world
    with org.connect("mia") as conn:
        figures = ServerFigures(conn, ctx.db)
        for path in LIBRARY[:4]:
            assert figures.page_heatmap(path) == insights.page_heatmap(ctx.db, path)
            east = insights.Filters(team="East")
            assert figures.page_heatmap(path, east) == insights.page_heatmap(ctx.db, path, east)


def test_a_seller_cannot_run_server_insights(world, capsys):
    org, ctx = world
    assert main(["insights", "--json", "--data-dir", str(ctx.data_dir), "--server", org.dsn("ann")]) == 1
    assert "permission denied" in capsys.readouterr().err


def test_the_insights_tab_loads_the_same_figures_from_the_server(world):
    import dataclasses

    from enablement_desktop import paths
    from enablement_desktop.settings import Settings
    from ui.insights.loading import ALL_PARTS, Query, load_snapshot

    org, ctx = world
    db_path = paths.database_path(ctx.data_dir)
    query = Query(Filters(team="West"))
    local = load_snapshot(db_path, Settings(role="marketer"), query, ALL_PARTS)
    server = load_snapshot(db_path, Settings(role="marketer", server_dsn=org.dsn("mia")), query, ALL_PARTS)
    # Spelled as people typed them on both ("Pricing Sheet", not the key "pricing sheet").
    assert any(r.query != r.query.lower() for r in local.requests)
    for part in ALL_PARTS - {"as_of"}:
        assert getattr(server, part) == getattr(local, part), part
    assert list(server.as_of) == ["organisation server"]
    assert dataclasses.asdict(server.options)["teams"] == ["East", "West"]


def test_a_marketer_answers_a_send_back_that_only_the_server_holds(world, tmp_path):
    from enablement_desktop.server.insights import answer_on_server
    from enablement_desktop.server.sync import sync_server
    from enablement_desktop.usage.events import send_backs_for_user

    org, _ctx = world
    ann = open_context(tmp_path / "ann")
    ann.settings.user, ann.settings.team = "ann", "East"
    from enablement_desktop.usage.events import record_event

    sent = record_event(ann.db, ann.settings, "send_back", asset_path="decks/deck-1.pdf", reason="other")
    assert sync_server(ann.db, org.dsn("ann")).sent == 1
    mia = open_context(tmp_path / "mia")
    mia.settings.user, mia.settings.role = "mia", "marketer"
    mia.settings.server_dsn = org.dsn("mia")
    answer_on_server(mia.db, mia.settings, sent, "fixed", "new version uploaded")
    assert sync_server(ann.db, org.dsn("ann")).received == 1
    [back] = send_backs_for_user(ann.db, "ann")
    assert (back.status, back.response) == ("fixed", "new version uploaded")
    with pytest.raises(ValueError, match="not on the server"):
        answer_on_server(mia.db, mia.settings, str(uuid.uuid4()), "fixed", "?")
    ann.close()
    mia.close()
