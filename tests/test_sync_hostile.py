"""The shared folder is an untrusted boundary: what a hostile or careless writer can no longer do."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from enablement_desktop.context import open_context
from enablement_desktop.store.lock import try_lock
from enablement_desktop.usage import segments
from enablement_desktop.usage.events import my_rating, record_event, send_backs_for_user
from enablement_desktop.usage.roles import ROLES_FILE, load_roles
from enablement_desktop.usage.sync import SYNC_LOCK_SUFFIX, flush, import_all, queued_count, sync
from tests.support.sync_world import count, make_ctx, raw_segment, segment_files

SQUATTER = "aaa@x"  # sorts before everyone: its segments are imported first


def squat(shared, events: list[dict]) -> None:
    """Write a well-formed segment as 'aaa' re-using other people's event UUIDs."""
    lines = [json.dumps({**ev, "user": "aaa", "device": "x"}).encode() for ev in events]
    folder = shared / "events" / SQUATTER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "20260101T000000000Z-000000-00000000.jsonl").write_bytes(raw_segment(SQUATTER, lines))


def test_a_squatted_uuid_never_displaces_its_writers_event(world, tmp_path):
    shared, p = world
    ann, mia = p["ann"], p["mia"]
    record_event(ann.db, ann.settings, "rate", asset_path="deck.pdf", rating=1, comment="weak")
    sb = record_event(ann.db, ann.settings, "send_back", asset_path="deck.pdf", reason="outdated")
    flush(ann.db, ann.settings, shared)
    import_all(mia.db, shared)  # mia has the originals before anyone squats them
    real = {row[0]: dict(zip(("uuid", "kind", "ts", "asset_path", "rating", "reason"), row, strict=True))
            for row in ann.db.conn.execute("SELECT uuid, kind, ts, asset_path, rating, reason FROM events")}
    forged = [{**ev, "rating": 5 if ev["kind"] == "rate" else None,
               "asset_path": "other.pdf", "team": "", "reason": ev["reason"]} for ev in real.values()]
    squat(shared, forged)

    # A fresh laptop reads aaa's copies first, then ann's originals.
    bob = p["bob"]
    result = import_all(bob.db, shared)
    assert result.events_taken_back == 2
    assert my_rating(bob.db, "ann", "deck.pdf").rating == 1
    assert bob.db.conn.execute("SELECT user, asset_path FROM events WHERE uuid = ?", (sb,)).fetchone() == (
        "ann", "deck.pdf")
    # A laptop that had the originals keeps them and says why the copies were ignored.
    result = import_all(mia.db, shared)
    assert result.events_taken_back == 0
    assert any("2 events re-use the ids of other writers' events" in m for m in result.messages)
    assert my_rating(mia.db, "ann", "deck.pdf").rating == 1
    assert count(mia, "user = 'aaa'") == 0


def test_new_event_ids_are_bound_to_their_writer():
    uuid = segments.event_uuid("ann", "laptop")
    assert segments.bound_to(uuid, segments.writer_for("ann", "laptop"))
    assert not segments.bound_to(uuid, segments.writer_for("aaa", "x"))
    assert uuid[14] == "4" and uuid != segments.event_uuid("ann", "laptop")


def test_far_future_events_are_held_back_and_arrive_when_their_time_comes(world):
    shared, p = world
    ann, bob = p["ann"], p["bob"]
    record_event(ann.db, ann.settings, "rate", asset_path="deck.pdf", rating=2)
    record_event(ann.db, ann.settings, "rate", asset_path="deck.pdf", rating=5, ts="9999-12-31T00:00:00.000Z")
    flush(ann.db, ann.settings, shared)
    result = import_all(bob.db, shared)
    assert result.events_held_back == 1
    assert any("more than a day ahead" in m and "9999-12-31" in m for m in result.messages)
    assert my_rating(bob.db, "ann", "deck.pdf").rating == 2
    # Checked again at the next sync (still held back, not forgotten).
    again = import_all(bob.db, shared)
    assert again.events_held_back == 1 and again.segments_unchanged == 0


def test_answers_from_people_the_roles_file_does_not_name_are_ignored(world, tmp_path):
    shared, p = world
    ann, bob, mia = p["ann"], p["bob"], p["mia"]
    library = tmp_path / "library"
    library.mkdir()
    for ctx in p.values():
        ctx.settings.library = str(library)
    sb = record_event(ann.db, ann.settings, "send_back", asset_path="deck.pdf", reason="outdated")
    sync(ann.db, ann.settings, shared)
    sync(bob.db, bob.settings, shared)
    sync(mia.db, mia.settings, shared)
    record_event(bob.db, bob.settings, "feedback_response", ref_uuid=sb, status="won't fix", comment="fake")
    sync(bob.db, bob.settings, shared)
    # Without a roles file anyone may answer, as before.
    sync(ann.db, ann.settings, shared)
    assert send_backs_for_user(ann.db, "ann")[0].status == "won't fix"

    (library / ROLES_FILE).write_text('marketers = ["mia"]\n')
    record_event(mia.db, mia.settings, "feedback_response", ref_uuid=sb, status="fixed", comment="new deck")
    sync(mia.db, mia.settings, shared)
    fresh = make_ctx(tmp_path, "cy")
    fresh.settings.library = str(library)
    result = sync(fresh.db, fresh.settings, shared)
    assert any("not named in enablement-roles.toml" in m and "bob@bob-laptop" in m for m in result.imported.messages)
    (mine,) = send_backs_for_user(fresh.db, "ann")
    assert (mine.status, mine.response) == ("fixed", "new deck")
    fresh.close()


def test_a_broken_roles_file_fails_closed(tmp_path):
    (tmp_path / ROLES_FILE).write_text("marketers = mia\n")
    roles = load_roles(tmp_path)
    assert not roles.may_speak_for_marketing("mia")
    assert "not valid TOML" in roles.problems[0]
    assert load_roles(tmp_path / "nowhere").may_speak_for_marketing("anyone")


def test_own_segments_deleted_from_the_share_are_sent_again(world):
    shared, p = world
    ann, bob = p["ann"], p["bob"]
    for n in range(3):
        record_event(ann.db, ann.settings, "open", asset_path=f"deck-{n}.pdf")
        flush(ann.db, ann.settings, shared)
    files = segment_files(shared, ann)
    assert len(files) >= 3
    files[0].unlink()
    assert queued_count(ann.db) == 0
    result = flush(ann.db, ann.settings, shared)
    assert result.written == 1  # exactly the deleted segment's event, not all three
    import_all(bob.db, shared)
    assert count(bob, "kind = 'open'") == 3


def test_a_second_sync_of_the_same_data_folder_waits_its_turn(world):
    shared, p = world
    ann = p["ann"]
    record_event(ann.db, ann.settings, "open", asset_path="deck.pdf")
    db_file = ann.db.conn.execute("PRAGMA database_list").fetchone()[2]
    held = try_lock(Path(db_file + SYNC_LOCK_SUFFIX))
    try:
        result = sync(ann.db, ann.settings, shared)
    finally:
        held.release()
    assert result.busy and "another sync" in result.message
    assert segment_files(shared, ann) == [] and queued_count(ann.db) == 1
    # Three syncs at once: every event is written once.
    for n in range(50):
        record_event(ann.db, ann.settings, "open", asset_path=f"d{n}.pdf")
    contexts = [open_context(ann.data_dir) for _ in range(3)]
    threads = [threading.Thread(target=sync, args=(c.db, c.settings, shared)) for c in contexts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in contexts:
        c.close()
    written = sum(len(segments.decode(f.read_bytes(), f.parent.name).events) for f in segment_files(shared, ann))
    assert written == 51
