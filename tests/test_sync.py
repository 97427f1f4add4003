"""Sync through one shared folder between two sellers and a marketer (three data dirs)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil

from enablement_desktop.usage import segments
from enablement_desktop.usage.events import record_event, send_backs_for_user
from enablement_desktop.usage.insights import set_feedback_status
from enablement_desktop.usage.sync import (
    data_as_of,
    flush,
    import_all,
    queued_count,
    sync,
    writer_name,
)
from tests.support.sync_world import count, event_line, opens, raw_segment, segment_files


def test_exact_counts_after_repeated_and_interleaved_syncs(world):
    shared, p = world
    ann, bob, mia = p["ann"], p["bob"], p["mia"]
    opens(ann, 3)
    opens(bob, 2, "b.pdf")

    first = sync(ann.db, ann.settings, shared)
    assert (first.flush.written, first.imported.events_added) == (3, 0)
    assert first.message == "sent 3 events; nothing new received"
    assert sync(bob.db, bob.settings, shared).imported.events_added == 3
    assert sync(mia.db, mia.settings, shared).message == "nothing to send; received 5 new events"
    opens(ann, 1)  # interleaved: a new event between syncs
    assert sync(ann.db, ann.settings, shared).imported.events_added == 2
    assert sync(bob.db, bob.settings, shared).imported.events_added == 1
    assert sync(mia.db, mia.settings, shared).imported.events_added == 1

    for _ in range(3):  # repeated no-change syncs add nothing and open no file
        for ctx in (ann, bob, mia):
            result = sync(ctx.db, ctx.settings, shared)
            assert result.flush.written == 0
            assert result.imported.events_added == 0
            assert result.imported.segments_unchanged == result.imported.segments_seen == 3
            assert result.imported.messages == []
    assert [count(c) for c in (ann, bob, mia)] == [6, 6, 6]
    assert count(mia, "origin = 'ann@ann-laptop'") == 4
    assert count(ann, "origin = 'local'") == 4
    assert count(ann, "origin = 'local' AND flushed_at IS NULL") == 0
    assert set(data_as_of(mia.db)) == {"ann@ann-laptop", "bob@bob-laptop"}


def test_send_back_and_response_make_the_round_trip(world):
    shared, p = world
    bob, mia = p["bob"], p["mia"]
    ident = record_event(
        bob.db, bob.settings, "send_back", asset_path="a.pdf", reason="outdated",
        comment="2024 prices",
    )  # fmt: skip
    sync(bob.db, bob.settings, shared)
    sync(mia.db, mia.settings, shared)
    set_feedback_status(mia.db, mia.settings, ident, "fixed", "new deck is in the library")
    assert send_backs_for_user(bob.db, "bob")[0].status == "new"  # not synced yet
    sync(mia.db, mia.settings, shared)
    sync(bob.db, bob.settings, shared)
    (item,) = send_backs_for_user(bob.db, "bob")
    assert (item.uuid, item.status, item.response, item.comment) == (
        ident, "fixed", "new deck is in the library", "2024 prices",
    )  # fmt: skip


def test_truncated_and_duplicated_segments_are_reported_not_counted(world):
    shared, p = world
    ann, mia = p["ann"], p["mia"]
    opens(ann, 4)
    sync(ann.db, ann.settings, shared)
    (seg,) = segment_files(shared, ann)
    folder = seg.parent
    shutil.copy(seg, folder / "20991231T101010000Z-000001-0badf00d.jsonl")  # duplicate, sorts last
    data = seg.read_bytes()
    (folder / "20261126T101010000Z-000002-deadbeef.jsonl").write_bytes(data[: len(data) // 2])
    shutil.copy(seg, folder / "copy of segment.jsonl")  # a foreign-looking name

    result = sync(mia.db, mia.settings, shared)
    assert count(mia) == 4
    assert (result.imported.segments_imported, result.imported.segments_copies) == (1, 1)
    assert result.imported.segments_skipped == 1
    messages = "\n".join(result.imported.messages)
    assert "000001-0badf00d.jsonl: a copy of" in messages
    assert "000002-deadbeef.jsonl: skipped, incomplete (half-written or cut short)" in messages
    assert "copy of segment.jsonl: ignored, not a segment name" in messages
    assert result.message.endswith("3 problems (see details)")


def test_a_half_written_segment_is_read_again_once_complete(world):
    shared, p = world
    bob, mia = p["bob"], p["mia"]
    opens(bob, 3)
    sync(bob.db, bob.settings, shared)
    (seg,) = segment_files(shared, bob)
    whole = seg.read_bytes()
    seg.write_bytes(whole[:-10])  # a cloud client still downloading it
    first = import_all(mia.db, shared)
    assert (count(mia), first.segments_skipped) == (0, 1)
    seg.write_bytes(whole)
    second = import_all(mia.db, shared)
    assert (count(mia), second.segments_imported, second.messages) == (3, 1, [])


def test_bad_lines_are_skipped_and_the_rest_imported(world):
    shared, p = world
    mia = p["mia"]
    folder = shared / "events" / "zed@pc"
    folder.mkdir(parents=True)
    lines = [
        b"not json",
        b"[1, 2]",
        event_line(uuid="not-a-uuid"),
        event_line(kind="rate", rating=9),
        event_line(extra="field"),
        event_line(),
        event_line(kind="shared_to_crm"),  # a newer app's kind: kept for later
    ]
    (folder / "20261126T101010000Z-000000-00000001.jsonl").write_bytes(raw_segment("zed@pc", lines))
    result = import_all(mia.db, shared)
    assert (result.events_added, result.lines_skipped) == (2, 5)
    assert result.messages == [
        "events/zed@pc/20261126T101010000Z-000000-00000001.jsonl: skipped line 2: not a JSON object",
        "events/zed@pc/20261126T101010000Z-000000-00000001.jsonl: skipped line 3: not a JSON object",
        "events/zed@pc/20261126T101010000Z-000000-00000001.jsonl: skipped line 4: uuid must be a "
        "lowercase UUID like " + result.messages[2].split("like ")[1],
        "events/zed@pc/20261126T101010000Z-000000-00000001.jsonl: skipped line 5: rating must be "
        "a whole number from 1 to 5, got 9",
        "events/zed@pc/20261126T101010000Z-000000-00000001.jsonl: skipped line 6: unknown "
        "field(s): extra",
    ]
    assert count(mia, "origin = 'zed@pc'") == 2


def test_an_edited_event_keeps_the_stored_copy(world):
    shared, p = world
    ann, mia = p["ann"], p["mia"]
    (ident,) = opens(ann, 1)
    sync(ann.db, ann.settings, shared)
    sync(mia.db, mia.settings, shared)
    (seg,) = segment_files(shared, ann)
    event = json.loads(seg.read_bytes().splitlines()[1])
    forged = raw_segment(
        writer_name(ann.settings),
        [
            json.dumps(event | {"asset_path": "other.pdf"}).encode(),
            event_line(user="ann", device="ann-laptop"),
        ],
    )
    (seg.parent / "20261126T101010000Z-000009-00000009.jsonl").write_bytes(forged)
    result = import_all(mia.db, shared)
    assert (result.events_added, result.events_conflicting) == (1, 1)
    assert "1 event differs from the copies already stored" in result.messages[0]
    assert mia.db.conn.execute(
        "SELECT asset_path FROM events WHERE uuid = ?", (ident,)
    ).fetchone() == ("a.pdf",)


def test_foreign_files_dotdot_names_links_and_newer_formats_are_ignored(world, tmp_path):
    shared, p = world
    ann, mia = p["ann"], p["mia"]
    opens(ann, 2)
    sync(ann.db, ann.settings, shared)
    (seg,) = segment_files(shared, ann)
    events = shared / "events"
    (events / "README.txt").write_text("hello")
    (events / "a..b@c").mkdir()
    shutil.copy(seg, events / "a..b@c" / seg.name)
    (events / "no at sign").mkdir()
    (events / ".sync-client-cache").mkdir()  # hidden: silently skipped
    (seg.parent / f".{seg.name}.tmp").write_bytes(b"half")  # a write in progress
    (seg.parent / "notes.txt").write_text("x")
    (seg.parent / "Thumbs.db").write_bytes(b"")  # OS litter: silently skipped
    outside = tmp_path / "outside"
    outside.mkdir()
    escapee = outside / "20261126T101010000Z-000000-0000000a.jsonl"
    escapee.write_bytes(raw_segment("evil@pc", [event_line()]))
    os.symlink(outside, events / "evil@pc")
    os.symlink(escapee, seg.parent / escapee.name)
    newer = raw_segment("zed@pc", [event_line()]).replace(b'"version": 1', b'"version": 2')
    (events / "zed@pc").mkdir()
    (events / "zed@pc" / "20261126T101010000Z-000000-0000000b.jsonl").write_bytes(newer)
    (events / "zed@pc" / "20261126T101010000Z-000000-0000000c.jsonl").write_text("{}\n{}\n")

    result = import_all(mia.db, shared)
    assert count(mia) == 2
    rel = f"events/{writer_name(ann.settings)}"
    assert sorted(result.messages) == sorted(
        [
            "events/README.txt: ignored, not a writer folder",
            "events/a..b@c: ignored, not a valid '<user>@<device>' folder name",
            "events/no at sign: ignored, not a valid '<user>@<device>' folder name",
            "events/evil@pc: ignored, it is a link (links are never followed)",
            f"{rel}/{escapee.name}: ignored, it is a link (links are never followed)",
            f"{rel}/notes.txt: ignored, not a segment name (foreign file?)",
            "events/zed@pc/20261126T101010000Z-000000-0000000b.jsonl: skipped, written by a "
            "newer app (format 2); update to read it",
            "events/zed@pc/20261126T101010000Z-000000-0000000c.jsonl: skipped, not an "
            "Enablement events file",
        ]
    )


def test_a_segment_in_the_wrong_folder_and_an_oversized_one_are_skipped(world, monkeypatch):
    shared, p = world
    ann, mia = p["ann"], p["mia"]
    opens(ann, 2)
    sync(ann.db, ann.settings, shared)
    (seg,) = segment_files(shared, ann)
    (shared / "events" / "zed@pc").mkdir()
    shutil.copy(seg, shared / "events" / "zed@pc" / seg.name)
    monkeypatch.setattr(segments, "MAX_SEGMENT_BYTES", seg.stat().st_size - 1)
    result = import_all(mia.db, shared)
    assert count(mia) == 0
    assert result.messages == [
        f"events/{writer_name(ann.settings)}/{seg.name}: skipped, larger than 0 MB; "
        "not a segment this app writes",
        f"events/zed@pc/{seg.name}: skipped, larger than 0 MB; not a segment this app writes",
    ]
    monkeypatch.undo()
    result = import_all(mia.db, shared)
    assert (count(mia), result.segments_imported) == (2, 1)
    assert result.messages == [
        f"events/zed@pc/{seg.name}: skipped, its header names writer 'ann@ann-laptop' "
        "but it sits in folder 'zed@pc'",
    ]


def test_unreachable_folder_keeps_events_queued_until_it_returns(world, tmp_path):
    _, p = world
    ann = p["ann"]
    opens(ann, 2)
    gone = tmp_path / "network-drive"
    result = sync(ann.db, ann.settings, gone)
    assert result.message == "shared folder not reachable; 2 events queued"
    assert not gone.exists()  # never created: it may be an unmounted drive
    assert (queued_count(ann.db), import_all(ann.db, gone).reachable) == (2, False)
    opens(ann, 1)
    gone.mkdir()
    result = sync(ann.db, ann.settings, gone)
    assert (result.flush.written, queued_count(ann.db)) == (3, 0)
    assert len(segment_files(gone, ann)) == 1


def test_flush_splits_large_batches_and_reports_progress(world, monkeypatch):
    shared, p = world
    ann, mia = p["ann"], p["mia"]
    monkeypatch.setattr("enablement_desktop.usage.sync.SEGMENT_EVENTS", 2)
    opens(ann, 5)
    result = flush(ann.db, ann.settings, shared)
    assert (result.written, len(result.segments)) == (5, 3)
    seen = []
    imported = import_all(mia.db, shared, progress=lambda d, t, label: seen.append((d, t)))
    assert imported.events_added == 5
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    cancelled = import_all(p["bob"].db, shared, cancel=lambda: True)
    assert (cancelled.cancelled, cancelled.events_added) == (True, 0)


def test_writer_names_are_safe_and_distinct():
    from enablement_desktop.settings import Settings

    assert writer_name(Settings(user="ann", device="laptop-1")) == "ann@laptop-1"
    odd = writer_name(Settings(user="../../etc", device="my pc/2"))
    assert "/" not in odd and ".." not in odd and odd.split("@")[0][0].isalnum()
    assert writer_name(Settings(user="jan k", device="x")) != writer_name(
        Settings(user="jan/k", device="x")
    )
    assert writer_name(Settings(user="...", device="Ünïcode")).count("@") == 1


def test_a_folder_carries_only_its_writers_events(world):
    shared, p = world
    ann, mia = p["ann"], p["mia"]
    opens(ann, 1)
    ann.settings.user = "Ann Lee"  # renamed in Settings with an event still queued
    opens(ann, 1)
    result = flush(ann.db, ann.settings, shared)
    assert sorted(path.split("/")[1] for path in result.segments) == [
        "Ann_Lee-" + hashlib.sha256(b"Ann Lee").hexdigest()[:6] + "@ann-laptop",
        "ann@ann-laptop",
    ]
    folder = shared / "events" / "zed@pc"
    folder.mkdir()
    name = "20261126T101010000Z-000000-00000001.jsonl"
    (folder / name).write_bytes(raw_segment("zed@pc", [event_line(user="ann", device="pc")]))
    imported = import_all(mia.db, shared)
    assert (imported.events_added, count(mia)) == (2, 2)
    assert imported.messages == [
        f"events/zed@pc/{name}: skipped line 2: an event by ann@pc, not by zed@pc"
    ]
