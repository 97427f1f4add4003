"""Integrity: kill -9 mid-index resumes, migrations from every version, one writer, full disk."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from enablement_desktop.cli import main
from enablement_desktop.context import open_context, open_search_index
from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.indexer import is_consistent
from enablement_desktop.store import SCHEMA_VERSION, open_db
from enablement_desktop.store.db import StoreError, describe_sqlite_error
from enablement_desktop.store.lock import AlreadyRunning, InstanceLock
from enablement_desktop.store.schema import MIGRATIONS
from resources.docgen import write_pdf
from tests.support.paused import start_paused

ROOT = Path(__file__).resolve().parent.parent


def _library(root: Path, count: int, pages: int = 2) -> Path:
    filler = [f"Page {p} on discount approvals and renewal terms." for p in range(pages - 2)]
    for n in range(count):
        write_pdf(root / f"deck-{n:03}.pdf",
                  [f"Asset {n} page one about pricing.", f"Unique marker zq{n}x on page two.", *filler])
    return root


def test_kill_9_during_indexing_resumes_without_redoing_finished_files(tmp_path):
    library = _library(tmp_path / "lib", 60, pages=3)
    data = tmp_path / "data"
    # Paused before the 11th asset is stored: ten are in the database, fifty are not.
    proc = start_paused(tmp_path, "enablement_desktop.library.update", "_store_asset", 10,
                        ["index", "--library", str(library), "--workers", "1", "--data-dir", str(data)])
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    ctx = open_context(data)
    before = ctx.db.execute("SELECT count(*) FROM assets").fetchone()[0]
    assert before == 10
    index = open_search_index(ctx)
    from enablement_desktop.library.update import update_library

    summary = update_library(ctx.db, index, library, workers=0)
    assert summary.added == 60 - before  # finished files were not read again
    assert summary.unchanged == before
    assert is_consistent(ctx.db, index)
    engine = SearchEngine(ctx.db, index)
    assert engine.search("pricing").total == 60
    assert [h.path for h in engine.search("zq7x").hits] == ["deck-007.pdf"]


def test_an_old_doc_listed_before_says_its_fix_once_after_the_upgrade(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for number in range(1, 12):
        conn.executescript(f"BEGIN;{MIGRATIONS[number - 1]};PRAGMA user_version={number};COMMIT;")
    conn.execute(
        "INSERT INTO problems (path, size, mtime_ns, reason, detail, seen_at) VALUES ('a.doc', 1, 1, "
        "'old format', 'old Word format (.doc) — open it in Word and save it as .docx to make it "
        "searchable', '2026-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    assert open_db(path).execute("SELECT detail FROM problems").fetchone() == (
        "old Word 97–2003 format (.doc), which cannot be read",)


@pytest.mark.parametrize("start", range(0, SCHEMA_VERSION))
def test_migrations_from_every_earlier_version_keep_data(tmp_path, start):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for number in range(1, start + 1):
        conn.executescript(f"BEGIN;{MIGRATIONS[number - 1]};PRAGMA user_version={number};COMMIT;")
    if start >= 1:
        conn.execute("INSERT INTO events (uuid, kind, ts, user, device) VALUES ('u1', 'open', '2026-01-01T00:00:00Z', 'ana', 'pc')")
        conn.commit()
    conn.close()
    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"assets", "sections", "events", "problems", "briefs"} <= set(db.table_names())
    if start >= 1:
        assert db.execute("SELECT user FROM events WHERE uuid = 'u1'").fetchone() == ("ana",)


def test_newer_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer Enablement Desktop"):
        open_db(path)


def test_a_damaged_database_file_is_set_aside_with_a_clear_notice(tmp_path):
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    notices: list[str] = []
    db = open_db(path, notices)
    assert notices[0].startswith("The database was damaged. It was set aside as bad.sqlite3.damaged-")
    assert db.execute("SELECT count(*) FROM assets").fetchone()[0] == 0
    (aside,) = tmp_path.glob("bad.sqlite3.damaged-*")
    assert aside.read_bytes().startswith(b"this is not sqlite")


def test_one_writer_per_data_dir(tmp_path, capsys):
    library = _library(tmp_path / "lib", 1)
    data = tmp_path / "data"
    data.mkdir()
    with InstanceLock(data):
        with pytest.raises(AlreadyRunning, match="already running"):
            InstanceLock(data).acquire()
        assert main(["index", "--library", str(library), "--data-dir", str(data), "--workers", "0"]) == 1
        assert "already running" in capsys.readouterr().err
    # The refused run remembered nothing: the library must be named again.
    assert main(["index", "--data-dir", str(data), "--workers", "0"]) == 2
    assert main(["index", "--library", str(library), "--data-dir", str(data), "--workers", "0"]) == 0


def test_full_disk_is_explained_not_a_traceback(tmp_path):
    db = open_db(tmp_path / "db.sqlite3")
    # A tiny page budget makes SQLite report SQLITE_FULL like a full disk would.
    db.execute("PRAGMA max_page_count = 30")
    with pytest.raises(sqlite3.OperationalError) as exc:
        with db.conn:
            db.conn.executemany("INSERT INTO problems (path, size, mtime_ns, reason, detail, seen_at) "
                                "VALUES (?, 0, 0, 'damaged', ?, '')", [(f"f{n}", "x" * 4000) for n in range(200)])
    message = describe_sqlite_error(exc.value, "db.sqlite3")
    assert "full" in message and "nothing was lost" in message
    assert db.execute("SELECT count(*) FROM problems").fetchone()[0] == 0  # the transaction rolled back whole


def test_lock_is_released_when_the_process_dies(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r})\n"
            "from enablement_desktop.store.lock import InstanceLock\n"
            f"lock = InstanceLock(__import__('pathlib').Path({str(data)!r})).acquire(); print('locked', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    with pytest.raises(AlreadyRunning):
        InstanceLock(data).acquire()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    InstanceLock(data).acquire().release()


def test_kill_9_during_sync_loses_and_doubles_nothing(tmp_path):
    from enablement_desktop import settings as settings_mod
    from enablement_desktop.store.db import utc_now

    seller, marketer, shared = tmp_path / "seller", tmp_path / "marketer", tmp_path / "shared"
    shared.mkdir()
    ctx = open_context(seller)
    ctx.settings.user, ctx.settings.team, ctx.settings.device = "ana", "emea", "laptop"
    ctx.save_settings()
    total = 40_000
    with ctx.db.conn:
        ctx.db.conn.executemany(
            "INSERT INTO events (uuid, kind, ts, user, team, device, asset_path) VALUES (?, 'open', ?, 'ana', 'emea', 'laptop', ?)",
            [(f"00000000-0000-4000-8000-{n:012d}", utc_now(), f"deck-{n % 50}.pdf") for n in range(total)])
    ctx.close()

    # Paused after the first of eight segments: written, and its events marked; seven to go.
    proc = start_paused(tmp_path, "enablement_desktop.usage.sync", "_write_segment", 1,
                        ["sync", "--folder", str(shared), "--data-dir", str(seller)])
    assert len(list(shared.glob("events/*/*.jsonl"))) == 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert main(["sync", "--folder", str(shared), "--data-dir", str(seller)]) == 0
    assert main(["sync", "--folder", str(shared), "--data-dir", str(marketer)]) == 0
    assert main(["sync", "--folder", str(shared), "--data-dir", str(marketer)]) == 0  # again: nothing doubles
    for data in (seller, marketer):
        db = open_db(data / "enablement.sqlite3")
        assert db.execute("SELECT count(*), count(DISTINCT uuid) FROM events").fetchone() == (total, total)
    db = open_db(seller / "enablement.sqlite3")
    assert db.execute("SELECT count(*) FROM events WHERE flushed_at IS NULL").fetchone()[0] == 0
    assert settings_mod.load(seller).user == "ana"


def test_full_disk_while_writing_the_index_keeps_it_consistent(tmp_path, monkeypatch, capsys):
    """ENOSPC on the index commit: a clear message, and the next run catches up from the database."""
    import errno

    from enablement_desktop.search.index import SearchIndex

    library = _library(tmp_path / "lib", 3)
    data = tmp_path / "data"
    real_commit = SearchIndex.commit

    def disk_full(self, writer, merge=True):
        writer.cancel()
        raise OSError(errno.ENOSPC, "No space left on device", str(data / "index"))

    monkeypatch.setattr(SearchIndex, "commit", disk_full)
    assert main(["index", "--library", str(library), "--data-dir", str(data), "--workers", "0"]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err
    monkeypatch.setattr(SearchIndex, "commit", real_commit)
    assert main(["index", "--data-dir", str(data), "--workers", "0"]) == 0
    ctx = open_context(data)
    index = open_search_index(ctx)
    assert is_consistent(ctx.db, index)
    assert SearchEngine(ctx.db, index).search("pricing").total == 3


def test_an_asset_and_its_sections_are_stored_together_or_not_at_all(tmp_path, monkeypatch):
    from enablement_desktop.extract import Extracted
    from enablement_desktop.library import update as update_mod
    from enablement_desktop.library.update import update_library

    library = _library(tmp_path / "lib", 3)
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    real_store = update_mod._store_asset

    def torn_store(db, info, sha, extracted: Extracted, manifest_row, *more):
        if info.rel_path == "deck-001.pdf":
            first = extracted.sections[0]

            def sections_then_crash():
                yield first
                raise OSError("killed while storing")  # stands in for kill -9 mid-write

            extracted = Extracted(sections_then_crash(), extracted.properties, extracted.page_count)
        return real_store(db, info, sha, extracted, manifest_row, *more)

    monkeypatch.setattr(update_mod, "_store_asset", torn_store)
    with pytest.raises(OSError, match="killed while storing"):
        update_library(ctx.db, index, library, workers=0)
    assert "deck-001.pdf" not in {r[0] for r in ctx.db.execute("SELECT path FROM assets")}

    monkeypatch.setattr(update_mod, "_store_asset", real_store)
    update_library(ctx.db, index, library, workers=0)
    assert SearchEngine(ctx.db, index).search("pricing").total == 3
    ctx.close()


def test_an_asset_torn_by_an_older_version_is_read_again(tmp_path):
    from enablement_desktop.library.update import update_library

    library = _library(tmp_path / "lib", 3)
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    update_library(ctx.db, index, library, workers=0)
    with ctx.db.conn:  # what a kill between the asset row and its sections left before
        ctx.db.conn.execute("DELETE FROM sections WHERE asset_id = "
                            "(SELECT id FROM assets WHERE path = 'deck-002.pdf')")
    summary = update_library(ctx.db, index, library, workers=0)
    assert (summary.changed, summary.unchanged) == (1, 2)
    assert [h.path for h in SearchEngine(ctx.db, index).search("zq2x").hits] == ["deck-002.pdf"]
    assert is_consistent(ctx.db, index)
    ctx.close()


def test_a_damaged_database_is_set_aside_and_local_events_survive_it(tmp_path, capsys):
    from enablement_desktop.usage.events import my_rating, record_event

    data = tmp_path / "data"
    ctx = open_context(data)
    ctx.settings.user = "ana"
    record_event(ctx.db, ctx.settings, "rate", asset_path="deck.pdf", rating=4, comment="clear")
    record_event(ctx.db, ctx.settings, "send_back", asset_path="old.pdf", reason="outdated")
    ctx.close()
    db_file = data / "enablement.sqlite3"
    for companion in data.glob("enablement.sqlite3-*"):
        companion.unlink()
    db_file.write_bytes(b"this is not a database any more" * 100)

    assert main(["status", "--data-dir", str(data)]) == 0
    err = capsys.readouterr().err
    assert "The database was damaged" in err and "2 usage events recorded on this computer were kept" in err
    assert list(data.glob("enablement.sqlite3.damaged-*"))  # set aside, never deleted
    ctx = open_context(data)
    assert my_rating(ctx.db, "ana", "deck.pdf").rating == 4
    assert ctx.db.execute("SELECT count(*) FROM events WHERE flushed_at IS NULL").fetchone()[0] == 2
    assert ctx.notices == []  # the new database is fine: nothing more to say
