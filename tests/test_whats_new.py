"""What's new for a seller: each source once, read marks that stick, and the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest

from enablement_desktop import paths
from enablement_desktop.cli import main
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage import whats_new
from enablement_desktop.usage.campaigns import write_note
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.insights import set_feedback_status

ANN = Settings(user="ann", team="East", device="d1")
MIA = Settings(user="mia", team="Marketing", device="d2", role="marketer")
TODAY = date(2026, 11, 26)


@pytest.fixture
def db(tmp_path):
    database = open_db(paths.database_path(tmp_path))
    yield database
    database.conn.close()


def put_asset(db, path, title, sha="aa", updated="2026-11-01T00:00:00.000Z", expires="", text=""):
    with db.conn:
        db.conn.execute(
            "INSERT INTO assets (path, title, type, size, mtime_ns, sha256, expires, updated_at)"
            " VALUES (?, ?, 'pdf', 1, 0, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET"
            " sha256 = excluded.sha256, updated_at = excluded.updated_at",
            (path, title, sha, expires, updated),
        )
        asset_id = db.conn.execute("SELECT id FROM assets WHERE path = ?", (path,)).fetchone()[0]
        db.conn.execute("DELETE FROM sections WHERE asset_id = ?", (asset_id,))
        db.conn.execute(
            "INSERT INTO sections (asset_id, ordinal, page, label, text) VALUES (?, 0, 1, 'p. 1', ?)",
            (asset_id, text),
        )


def index_run_done(db):
    with db.conn:
        db.conn.execute(
            "INSERT INTO index_runs (library, started_at, finished_at, status)"
            " VALUES ('lib', '2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z', 'done')"
        )


def kinds(inbox):
    return sorted((i.kind, i.title) for i in inbox.items if not i.read)


def test_each_source_shows_once_and_read_marks_stick(db):
    put_asset(db, "a.pdf", "Atlas deck")
    put_asset(db, "old.pdf", "Old price list", expires="2026-12-10")
    put_asset(db, "far.pdf", "Far future", expires="2027-06-01")
    # While the first index run is still reading, its assets are not news either.
    assert kinds(whats_new.refresh(db, ANN, today=TODAY)) == [("expiring", "Old price list")]
    index_run_done(db)
    first = whats_new.refresh(db, ANN, today=TODAY)
    # The first look takes the library's snapshot: only the expiring asset is news.
    assert kinds(first) == [("expiring", "Old price list")]

    put_asset(db, "a.pdf", "Atlas deck", sha="bb", updated="2026-11-20T00:00:00.000Z")
    put_asset(db, "soc.pdf", "Security pack", updated="2026-11-21T00:00:00.000Z", text="SOC 2 report")
    sent = record_event(db, ANN, "send_back", asset_path="a.pdf", reason="outdated",
                        ts="2026-11-18T10:00:00Z")  # fmt: skip
    set_feedback_status(db, MIA, sent, "acknowledged", "on it")
    set_feedback_status(db, MIA, sent, "fixed", "new numbers")
    record_event(db, ANN, "search", query="SOC 2", hits=0, ts="2026-11-19T10:00:00Z")
    write_note(db, MIA, title="Ledger 5", launch="2026-12-01", products=["Ledger"],
               talk_track="Close faster.")  # fmt: skip
    second = whats_new.refresh(db, ANN, today=TODAY)
    assert kinds(second) == [
        ("answer", "Atlas deck"), ("answer", "Atlas deck"),  # answered twice: two answers
        ("asset_changed", "Atlas deck"), ("asset_new", "Security pack"),
        ("campaign", "Ledger 5"), ("expiring", "Old price list"),
        ("request_answered", "“SOC 2” now finds Security pack"),  # as the seller typed it
    ]  # fmt: skip
    assert second.unread == 7
    answer = next(i for i in second.items if i.kind == "answer" and "fixed" in i.detail)
    assert answer.detail == "Your send-back (outdated) is now “fixed” — “new numbers”"

    assert whats_new.mark_read(db, "ann", answer.key)
    assert not whats_new.mark_read(db, "ann", "no-such-key")
    third = whats_new.refresh(db, ANN, today=TODAY)
    assert third.unread == 6 and whats_new.unread_count(db, "ann") == 6
    assert [i.key for i in third.items if i.read] == [answer.key]  # read items sink to the end
    assert third.items[-1].key == answer.key

    assert whats_new.mark_all_read(db, "ann") == 6
    assert whats_new.refresh(db, ANN, today=TODAY).unread == 0


def test_a_revised_note_replaces_its_unread_item_and_own_notes_are_not_news(db):
    note = write_note(db, MIA, title="Shield", launch="2026-12-01", ts="2026-11-20T00:00:00Z")
    (item,) = whats_new.refresh(db, ANN, today=TODAY).items
    write_note(db, MIA, title="Shield (moved)", launch="2026-12-08", revises=note,
               ts="2026-11-21T00:00:00Z")  # fmt: skip
    (revised,) = whats_new.refresh(db, ANN, today=TODAY).items
    assert (revised.title, revised.ref) == ("Shield (moved)", note) and revised.key != item.key
    assert whats_new.refresh(db, MIA, today=TODAY).items == []


def test_many_changes_at_once_are_one_item(db):
    put_asset(db, "seed.pdf", "Seed")
    index_run_done(db)
    whats_new.refresh(db, ANN, today=TODAY)
    for i in range(whats_new.BULK_ASSETS + 5):
        put_asset(db, f"n{i:02d}.pdf", f"New {i}", updated="2026-11-25T00:00:00.000Z")
    (item,) = whats_new.refresh(db, ANN, today=TODAY).items
    assert (item.kind, item.title) == ("assets_bulk", "30 new and 0 changed assets")


def test_cli_lists_marks_and_explains(db, tmp_path, capsys):
    write_note(db, MIA, title="Ledger 5", launch="2099-12-01")
    assert main(["whats-new", "--json", "--data-dir", str(tmp_path)]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["unread"] == 1
    (item,) = listing["items"]
    assert (item["kind"], item["title"], item["read"]) == ("campaign", "Ledger 5", False)
    assert main(["whats-new", "--mark-read", "nope", "--data-dir", str(tmp_path)]) == 2
    assert "no item 'nope'" in capsys.readouterr().err
    assert main(["whats-new", "--mark-read", item["key"], "--data-dir", str(tmp_path)]) == 0
    assert "Nothing new." in capsys.readouterr().out
    assert main(["whats-new", "--all", "--data-dir", str(tmp_path)]) == 0
    assert "Ledger 5" in capsys.readouterr().out
