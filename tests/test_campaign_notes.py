"""Campaign notes: a new event kind, checked on recording and on import, newest version shown."""

from __future__ import annotations

import json
import uuid

import pytest

from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.campaigns import campaign_notes, record_read, write_note
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.sync import import_all, sync
from enablement_desktop.usage.validate import EVENT_FIELDS, clean_event

MIA = Settings(user="mia", team="Marketing", device="imac", role="marketer")
ANN = Settings(user="ann", team="East", device="laptop-1")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "db.sqlite3")
    yield database
    database.conn.close()


def note_event(data, **extra):
    return {
        "uuid": str(uuid.uuid4()), "kind": "campaign_note", "ts": "2026-11-20T10:00:00.000Z",
        "user": "mia", "device": "imac", "team": "Marketing", "data": data, **extra,
    }  # fmt: skip


GOOD = {
    "title": "Ledger 5 launch", "launch": "2026-12-01", "products": ["Ledger"],
    "personas": ["CFO"], "assets": ["decks/ledger.pptx"], "talk_track": "Close faster.",
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"launch": "1 Dec"}, "launch must be a date"),
        ({"launch": "2026-02-30"}, "not a real date"),
        ({"products": "Ledger"}, "products must be a list"),
        ({"personas": ["CFO", ""]}, "personas must be a list"),
        ({"assets": [3]}, "assets must be a list"),
        ({"talk_track": "y" * 1501}, "talk track"),
    ],
)
def test_a_bad_campaign_note_is_refused_with_the_reason(change, message):
    with pytest.raises(ValueError, match=message):
        clean_event(note_event({**GOOD, **change}), strict_kind=False)


def test_campaign_events_need_their_fields():
    with pytest.raises(ValueError, match="campaign_note events need data"):
        clean_event(note_event(None), strict_kind=True)
    read = {**note_event(None), "kind": "campaign_read"}
    with pytest.raises(ValueError, match="campaign_read events need ref uuid"):
        clean_event(read, strict_kind=True)


def test_a_good_note_keeps_unknown_keys_for_newer_apps():
    cleaned = clean_event(note_event({**GOOD, "region": "EMEA"}), strict_kind=True)
    assert json.loads(cleaned["data"])["region"] == "EMEA"


def test_only_marketers_write_notes_and_the_newest_version_shows(db):
    with pytest.raises(ValueError, match="only a marketer"):
        write_note(db, ANN, title="x", launch="2026-12-01")
    note = write_note(
        db, MIA, title="  Ledger 5   launch ", launch="2026-12-01", products=["Ledger", "Ledger"],
        personas=["CFO"], assets=["decks/ledger.pptx"], talk_track="Close faster.",
        ts="2026-11-20T10:00:00Z",
    )  # fmt: skip
    later = write_note(
        db, MIA, title="Ledger 5 launch (moved)", launch="2026-12-08", revises=note,
        ts="2026-11-21T10:00:00Z",
    )  # fmt: skip
    assert later == note
    (shown,) = campaign_notes(db)
    assert (shown.id, shown.title, shown.launch, shown.products) == (
        note, "Ledger 5 launch (moved)", "2026-12-08", [],
    )  # fmt: skip
    with pytest.raises(ValueError, match="not here"):
        write_note(db, MIA, title="x", launch="2026-12-01", revises=str(uuid.uuid4()))


def test_notes_and_reads_travel_through_the_shared_folder(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    marketing = open_db(tmp_path / "marketing.sqlite3")
    seller = open_db(tmp_path / "seller.sqlite3")
    note = write_note(marketing, MIA, **{k: v for k, v in GOOD.items()})
    sync(marketing, MIA, folder)
    sync(seller, ANN, folder)
    (received,) = campaign_notes(seller)
    assert (received.id, received.title, received.assets) == (note, GOOD["title"], GOOD["assets"])
    record_read(seller, ANN, note)
    sync(seller, ANN, folder)
    import_all(marketing, folder)
    reads = marketing.conn.execute(
        "SELECT user, ref_uuid FROM events WHERE kind = 'campaign_read'"
    ).fetchall()
    assert reads == [("ann", note)]


def test_a_malformed_note_in_a_segment_is_skipped_with_a_line_message(tmp_path, db):
    from enablement_desktop.usage import segments

    folder = tmp_path / "shared"
    writer = folder / "events" / "mia@imac"
    writer.mkdir(parents=True)
    good, bad = note_event(GOOD), note_event({**GOOD, "launch": "soon"})
    wire = [
        {name: event.get(name, "" if name in ("asset_path", "asset_sha256") else None)
         for name in EVENT_FIELDS}
        for event in (good, bad)
    ]  # fmt: skip
    blob = segments.encode("mia@imac", "2026-11-20T10:00:00.000Z", wire)
    (writer / segments.segment_name(0)).write_bytes(blob)
    result = import_all(db, folder)
    assert result.events_added == 1
    assert any("line 3" in m and "launch" in m for m in result.messages), result.messages
    assert [n.title for n in campaign_notes(db)] == [GOOD["title"]]


def test_record_event_refuses_a_bad_note_before_storing_it(db):
    with pytest.raises(ValueError, match="title"):
        record_event(db, MIA, "campaign_note", data={"launch": "2026-12-01"})
    assert db.conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_cli_adds_and_lists_notes_for_marketers_only(tmp_path, capsys):
    from enablement_desktop import settings as settings_mod
    from enablement_desktop.cli import main

    args = ["campaign", "add", "--title", "Ledger 5", "--launch", "2026-12-01", "--product", "Ledger",
            "--persona", "CFO", "--asset", "decks/ledger.pptx", "--talk-track", "Close faster.",
            "--data-dir", str(tmp_path)]  # fmt: skip
    settings_mod.save(tmp_path, Settings(user="ann", device="d1"))
    assert main(args) == 2
    assert capsys.readouterr().err == ("enablement: only a marketer can write campaign notes: "
                                       "set your role to marketer in Settings\n")
    settings_mod.save(tmp_path, Settings(user="mia", device="d2", role="marketer"))
    assert main(args) == 0
    capsys.readouterr()
    bad = [*args[:4], "--launch", "soon", "--data-dir", str(tmp_path)]
    assert main(bad) == 2
    assert "launch must be a date" in capsys.readouterr().err
    assert main(["campaign", "list", "--json", "--data-dir", str(tmp_path)]) == 0
    (note,) = json.loads(capsys.readouterr().out)
    assert (note["title"], note["products"], note["personas"], note["assets"], note["author"]) == (
        "Ledger 5", ["Ledger"], ["CFO"], ["decks/ledger.pptx"], "mia",
    )  # fmt: skip


def test_statuses_count_readers_once_and_before_launch(db):
    note = write_note(db, MIA, title="Ledger 5", launch="2026-12-01", assets=["a.pdf", "b.pdf"])
    for who, ts in ((ANN, "2026-11-30T23:59:00Z"), (ANN, "2026-12-02T09:00:00Z"),
                    (Settings(user="bob", device="x"), "2026-12-01T00:00:00Z")):  # fmt: skip
        record_event(db, who, "campaign_read", ref_uuid=note, ts=ts)
    from enablement_desktop.usage.campaigns import campaign_statuses

    (status,) = campaign_statuses(db)
    assert (status.title, status.assets, status.readers, status.read_before_launch) == (
        "Ledger 5", 2, 2, 1,
    )  # fmt: skip
