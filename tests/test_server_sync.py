"""`sync --server`: queued events reach PostgreSQL exactly once, whatever happens to the connection."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from enablement_desktop.cli import main
from enablement_desktop.context import Context, open_context
from enablement_desktop.server import sync as server_sync
from enablement_desktop.server.sync import sync_server
from enablement_desktop.usage.events import record_event, send_backs_for_user
from enablement_desktop.usage.sync import data_as_of, flush, queued_count
from tests.support.org_server import INSERT_SQL, event_row, new_org


@pytest.fixture(scope="module")
def org(pg_server):
    return new_org(pg_server)


def laptop(tmp_path: Path, name: str, team: str = "East") -> Context:
    ctx = open_context(tmp_path / name)
    ctx.settings.user, ctx.settings.device, ctx.settings.team = name, f"{name}-laptop", team
    ctx.save_settings()
    return ctx


def opens(ctx: Context, n: int) -> list[str]:
    return [record_event(ctx.db, ctx.settings, "open", asset_path=f"decks/{i % 7}.pptx") for i in range(n)]


def mine(org, user: str) -> int:
    return org.count('"user" = %s', (user,))


def test_push_is_idempotent_and_pull_brings_answers_to_own_send_backs(org, tmp_path):
    ann = laptop(tmp_path, "ann")
    before = mine(org, "ann")
    opens(ann, 30)
    sent = record_event(ann.db, ann.settings, "send_back", asset_path="decks/1.pptx", reason="outdated")
    result = sync_server(ann.db, org.dsn("ann"))
    assert (result.reachable, result.sent, result.queued) == (True, 31, 0)
    assert mine(org, "ann") == before + 31
    # Sending the same events again (a lost acknowledgement) adds nothing.
    ann.db.conn.execute("UPDATE events SET flushed_at = NULL")
    ann.db.conn.commit()
    again = sync_server(ann.db, org.dsn("ann"))
    assert (again.sent, again.already_there) == (0, 31)
    assert mine(org, "ann") == before + 31

    with org.connect("mia") as mia:
        mia.execute(INSERT_SQL, event_row("mia", team="Marketing", kind="feedback_response",
                                          status="fixed", comment="updated", ref_uuid=sent))
    pulled = sync_server(ann.db, org.dsn("ann"))
    assert pulled.received == 1
    [back] = send_backs_for_user(ann.db, "ann")
    assert (back.status, back.response) == ("fixed", "updated")
    assert "organisation server" in data_as_of(ann.db)
    assert sync_server(ann.db, org.dsn("ann")).received == 0
    ann.close()


def test_events_in_another_name_stay_queued_with_a_message(org, tmp_path):
    ann = laptop(tmp_path, "ann")
    opens(ann, 2)
    ann.settings.user = "annie"
    opens(ann, 3)
    result = sync_server(ann.db, org.dsn("ann"))
    assert (result.sent, result.queued) == (2, 3)
    assert any("'annie'" in m and "'ann'" in m for m in result.messages)
    ann.close()


def test_unreachable_server_keeps_events_queued(org, tmp_path, capsys):
    ann = laptop(tmp_path, "ann")
    opens(ann, 4)
    dsn = f"host={tmp_path / 'nowhere'} user=ann dbname={org.dbname}"
    result = sync_server(ann.db, dsn)
    assert not result.reachable and result.queued == 4
    assert "not reachable; 4 events queued" in result.message
    ann.close()
    assert main(["sync", "--server", dsn, "--data-dir", str(tmp_path / "ann")]) == 1
    assert "4 events queued" in capsys.readouterr().out


def test_a_password_in_a_settings_dsn_is_refused(org, tmp_path):
    ann = laptop(tmp_path, "ann")
    result = sync_server(ann.db, org.dsn("ann") + " password=hunter2")
    assert not result.reachable and "never stores" in result.error
    ann.close()


def _terminate_midway(org, after: int):
    """An iterator wrapper that kills its own backend from another connection after `after` rows."""

    def wrap(conn: psycopg.Connection, rows):
        pid = conn.info.backend_pid
        for i, row in enumerate(rows):
            if i == after:
                with org.connect() as killer:
                    killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
            yield row

    return wrap


def test_connection_killed_mid_copy_loses_and_doubles_nothing(org, tmp_path, monkeypatch):
    bob = laptop(tmp_path, "bob", team="West")
    uuids = opens(bob, 3000)
    before = mine(org, "bob")
    real_copy = server_sync.copy_events
    kill = _terminate_midway(org, after=1500)
    monkeypatch.setattr(server_sync, "copy_events", lambda conn, rows: real_copy(conn, kill(conn, rows)))
    result = sync_server(bob.db, org.dsn("bob"))
    assert not result.reachable and result.queued == 3000
    assert mine(org, "bob") == before  # the half-copied batch was rolled back
    monkeypatch.setattr(server_sync, "copy_events", real_copy)
    result = sync_server(bob.db, org.dsn("bob"))
    assert (result.sent, result.queued) == (3000, 0)
    with org.connect() as conn:
        stored = conn.execute(
            "SELECT count(*), count(DISTINCT uuid) FROM enablement.events WHERE uuid = ANY(%s::uuid[])",
            (uuids,),
        ).fetchone()
    assert stored == (3000, 3000)
    bob.close()


def test_connection_killed_between_batches_and_after_commit(org, tmp_path, monkeypatch):
    bob = laptop(tmp_path, "bob", team="West")
    uuids = opens(bob, 250)
    monkeypatch.setattr(server_sync, "BATCH", 100)
    real_copy = server_sync.copy_events
    calls = []

    def second_batch_dies(conn, rows):
        calls.append(1)
        if len(calls) == 2:
            return real_copy(conn, _terminate_midway(org, after=10)(conn, rows))
        return real_copy(conn, rows)

    monkeypatch.setattr(server_sync, "copy_events", second_batch_dies)
    result = sync_server(bob.db, org.dsn("bob"))
    assert (result.sent, result.queued) == (100, 150)

    # The server commits, then the laptop dies before marking the events sent.
    monkeypatch.setattr(server_sync, "copy_events", real_copy)
    real_mark = server_sync._mark_sent
    monkeypatch.setattr(server_sync, "_mark_sent", lambda db, rows: (_ for _ in ()).throw(OSError("crash")))
    with pytest.raises(OSError):
        sync_server(bob.db, org.dsn("bob"))
    assert queued_count(bob.db) == 150
    monkeypatch.setattr(server_sync, "_mark_sent", real_mark)
    result = sync_server(bob.db, org.dsn("bob"))
    assert result.queued == 0 and result.sent + result.already_there == 150
    with org.connect() as conn:
        stored = conn.execute(
            "SELECT count(*), count(DISTINCT uuid) FROM enablement.events WHERE uuid = ANY(%s::uuid[])",
            (uuids,),
        ).fetchone()
    assert stored == (250, 250)
    bob.close()


def test_concurrent_syncs_of_the_same_events_store_each_once(org, tmp_path):
    ann = laptop(tmp_path, "ann")
    uuids = opens(ann, 2000)
    rows = ann.db.conn.execute(
        "SELECT uuid, kind, ts, user, team, device, asset_path, asset_sha256, page, dwell_ms, query, "
        "hits, rating, reason, comment, status, ref_uuid, data FROM events"
    ).fetchall()
    stored = []

    def push():
        with org.connect("ann") as conn:
            stored.append(server_sync.copy_events(conn, rows))

    threads = [threading.Thread(target=push) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(stored) == [0, 0, 2000]
    assert org.count("uuid = ANY(%s::uuid[])", (uuids,)) == 2000
    ann.close()


def test_folder_and_server_do_not_both_claim_an_event(org, tmp_path):
    ann = laptop(tmp_path, "ann")
    opens(ann, 3)
    shared = tmp_path / "shared"
    shared.mkdir()
    flush(ann.db, ann.settings, shared)
    assert sync_server(ann.db, org.dsn("ann")).sent == 0
    ann.close()
