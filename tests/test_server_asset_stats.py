"""With a server configured, result rows show the organisation's stars and opens, not one laptop's.

A seller's laptop holds only her own events; the server's aggregate view has
everyone's. The figures come from a cache filled in the background, so a
search never waits for the network; the laptop's own figures stand in until
the first answer, and while the server cannot be reached.
"""

from __future__ import annotations

import threading

import pytest

from enablement_desktop.context import open_context
from enablement_desktop.server.asset_stats import OrganisationStats, ServerAssetStats
from enablement_desktop.server.sync import copy_events, sync_server
from enablement_desktop.usage.events import AssetStats, asset_stats, record_event
from tests.support.org_server import event_row, new_org

DECK = "decks/pricing.pptx"


@pytest.fixture
def world(pg_server, tmp_path):
    org = new_org(pg_server)
    with org.connect("bob") as bob:  # a colleague's rating and opens, already on the server
        copy_events(bob, [tuple(event_row("bob", team="West", kind="rate", rating=2, asset_path=DECK).values()),
                          tuple(event_row("bob", team="West", asset_path=DECK).values()),
                          tuple(event_row("bob", team="West", asset_path=DECK).values())])
    ann = open_context(tmp_path / "ann")
    ann.settings.user, ann.settings.team = "ann", "East"
    record_event(ann.db, ann.settings, "rate", asset_path=DECK, rating=5)
    record_event(ann.db, ann.settings, "open", asset_path=DECK)
    yield org, ann
    ann.close()


def local(ann):
    return lambda paths: asset_stats(ann.db, paths)


def test_result_rows_show_everyones_figures_once_the_cache_is_filled(world):
    org, ann = world
    assert sync_server(ann.db, org.dsn("ann")).sent == 2
    stats = ServerAssetStats(org.dsn("ann"), local(ann))
    # The first call answers at once from the laptop, and starts the refresh.
    assert stats([DECK, "decks/none.pdf"])[DECK] == AssetStats(5.0, 1, 1)
    assert stats.refresh_in_background() is None  # one is running: no second
    stats.join(timeout=30)
    assert stats([DECK, "decks/none.pdf"]) == {
        DECK: AssetStats(3.5, 2, 3),  # ann's 5 and bob's 2; her open and his two
        "decks/none.pdf": AssetStats(None, 0, 0),
    }


def test_an_unreachable_server_leaves_the_local_figures(world, tmp_path):
    _org, ann = world
    missing = f"host={tmp_path} port=1 dbname=nothing user=ann"
    stats = ServerAssetStats(missing, local(ann))
    assert stats.refresh() is False
    assert stats([DECK]) == {DECK: AssetStats(5.0, 1, 1)}


def test_a_stale_cache_is_served_at_once_while_a_refresh_runs(world):
    org, ann = world
    now = [0.0]
    answers = [{DECK: AssetStats(1.0, 9, 9)}, {DECK: AssetStats(2.0, 8, 8)}]
    second_started, release = threading.Event(), threading.Event()

    def fetch(_dsn):
        figures = answers.pop(0)
        if not answers:  # the second fetch is held until the test has looked
            second_started.set()
            release.wait(timeout=30)
        return figures

    stats = ServerAssetStats(org.dsn("ann"), local(ann), max_age=60, fetcher=fetch, clock=lambda: now[0])
    assert stats.refresh()
    now[0] = 30.0
    assert stats([DECK])[DECK] == AssetStats(1.0, 9, 9)
    assert len(answers) == 1  # fresh: nothing fetched
    now[0] = 120.0
    assert stats([DECK])[DECK] == AssetStats(1.0, 9, 9)  # stale: the old figures at once...
    assert second_started.wait(timeout=30)  # ...while the refresh runs
    release.set()
    stats.join(timeout=30)
    assert stats([DECK])[DECK] == AssetStats(2.0, 8, 8)


def test_the_settings_choose_server_or_laptop(world):
    org, ann = world
    sync_server(ann.db, org.dsn("ann"))
    dsn = [""]
    stats = OrganisationStats(local(ann), lambda: dsn[0])
    assert stats([DECK])[DECK] == AssetStats(5.0, 1, 1)
    dsn[0] = org.dsn("ann")
    assert stats([DECK])[DECK] == AssetStats(5.0, 1, 1)  # until the server answers
    stats.join(timeout=30)
    assert stats([DECK])[DECK] == AssetStats(3.5, 2, 3)
    dsn[0] = ""
    assert stats([DECK])[DECK] == AssetStats(5.0, 1, 1)
