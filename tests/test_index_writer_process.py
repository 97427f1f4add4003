"""A bulk build indexes in a writer process of its own: same results, cancel, errors, kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from enablement_desktop.context import open_context, open_search_index
from enablement_desktop.library.update import update_library
from enablement_desktop.search import indexer
from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.index import SearchIndex
from enablement_desktop.search.indexer import is_consistent, rebuild
from enablement_desktop.search.writer_process import WriterProcess
from resources.docgen import write_pdf
from tests.support.library import build_sample_library

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("invoice", "pricing", "auditor", '"invoice processing cost"', "security", "tidewater")


@pytest.fixture()
def bulk(monkeypatch):
    """Make any build of an empty index a bulk build, in two segments per writer process."""
    monkeypatch.setattr(indexer, "_BATCH", 1)
    monkeypatch.setattr(indexer, "_SEGMENT_ENDS", (0.5,))
    started: list[indexer.WriterProcess] = []

    class Recorded(indexer.WriterProcess):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(indexer, "WriterProcess", Recorded)
    return started


def _answers(engine: SearchEngine) -> dict[str, list[tuple[str, int | None]]]:
    return {q: [(h.path, h.page) for h in engine.search(q).hits] for q in QUERIES}


def _segment_files(index_dir: Path) -> set[str]:
    return {p.name for p in index_dir.iterdir() if p.suffix == ".seg"}


def test_bulk_build_finds_what_an_in_process_build_finds(tmp_path, bulk, monkeypatch):
    library = build_sample_library(tmp_path / "library")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    summary = update_library(ctx.db, index, library, workers=0)
    assert len(bulk) == 1 and not bulk[0]._process.is_alive()
    assert summary.added == ctx.db.execute("SELECT count(*) FROM assets").fetchone()[0] > 3
    assert is_consistent(ctx.db, index)
    assert index.segment_count() == 2
    # Only the committed segments' files are left.
    assert len(_segment_files(ctx.data_dir / "index")) == 2
    in_process = open_context(tmp_path / "data-2")
    monkeypatch.setattr(indexer, "_BATCH", 10_000)
    reference = open_search_index(in_process)
    update_library(in_process.db, reference, library, workers=0)
    assert len(bulk) == 1  # no writer process this time
    assert _answers(SearchEngine(ctx.db, index)) == _answers(SearchEngine(in_process.db, reference))


def test_a_rebuild_uses_a_writer_process_per_core_and_finds_the_same(tmp_path, bulk):
    library = build_sample_library(tmp_path / "library")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    update_library(ctx.db, index, library, workers=0)
    before = _answers(SearchEngine(ctx.db, index))
    result = rebuild(ctx.db, index)
    assert len(bulk) == 1 + min(2, os.cpu_count() or 1)
    assert not any(p._process.is_alive() for p in bulk)
    assert all(p.assets > 0 for p in bulk[1:])  # both took a share
    assets, sections = ctx.db.execute("SELECT count(DISTINCT asset_id), count(*) FROM sections").fetchone()
    assert (result.indexed, result.documents) == (assets, sections)
    assert is_consistent(ctx.db, index)
    assert _answers(SearchEngine(ctx.db, index)) == before


def test_a_cancel_when_quitting_stops_the_writer_process_and_the_next_run_indexes_everything(
        tmp_path, bulk, monkeypatch):
    monkeypatch.setattr(indexer, "_SEGMENT_ENDS", (0.01,))  # a segment after the first asset
    library = build_sample_library(tmp_path / "library")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    seen: list[str] = []

    def cancel() -> bool:
        if len(seen) < 3:
            return False
        while bulk[0].assets < 1:  # its first segment is finished, not yet committed
            bulk[0]._drain(block=True)
        return True

    summary = update_library(ctx.db, index, library, workers=0,
                             progress=lambda done, total, label: seen.append(label), cancel=cancel,
                             keep_read_on_cancel=lambda: False)
    assert summary.cancelled
    assert not bulk[0]._process.is_alive()
    assert index.doc_count() == 0
    assert _segment_files(ctx.data_dir / "index") == set()  # the finished, uncommitted segment is deleted
    again = update_library(ctx.db, index, library, workers=0)  # the index lock was released
    assert not again.cancelled
    assert is_consistent(ctx.db, index)
    assert SearchEngine(ctx.db, index).search('"invoice processing cost"').hits[0].page == 3


@pytest.mark.parametrize("first_library", [False, True], ids=["switched", "first-ever (bulk build)"])
def test_a_cancel_keeps_what_was_read_searchable_and_forgets_the_previous_library(tmp_path, bulk, first_library):
    """A switch to another library, cancelled part way: the part read is searchable, the old library is not."""
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    if not first_library:
        old = tmp_path / "old"
        write_pdf(old / "old-deck.pdf", ["Legacy marker oldlibx on page one."])
        update_library(ctx.db, index, old, workers=0)
    new = tmp_path / "new"
    for n in range(30):
        write_pdf(new / f"deck-{n:02}.pdf", [f"Unique marker zq{n}x about pricing."])
    read: list[str] = []

    summary = update_library(ctx.db, index, new, workers=0,
                             progress=lambda done, total, label: read.append(label) if label.endswith(".pdf") else None,
                             cancel=lambda: len(read) >= 10)

    assert summary.cancelled and summary.added == 10
    engine = SearchEngine(ctx.db, index)
    assert engine.search("pricing").total == 10
    assert engine.search("oldlibx").total == 0
    assert is_consistent(ctx.db, index)
    assert update_library(ctx.db, index, new, workers=0).added == 20  # the next run reads the rest


def test_a_failing_writer_process_raises_in_the_caller_and_the_next_run_repairs(tmp_path, bulk, monkeypatch):
    library = build_sample_library(tmp_path / "library")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    monkeypatch.setattr(indexer, "database_file", lambda db: str(empty))  # no sections table there
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        update_library(ctx.db, index, library, workers=0)
    assert not bulk[0]._process.is_alive()
    monkeypatch.undo()
    index.close()
    repaired = open_search_index(ctx)  # indexes the stored, unmarked assets
    assert is_consistent(ctx.db, repaired)
    assert SearchEngine(ctx.db, repaired).search("auditor").total == 1


def test_a_writer_process_that_ended_on_an_error_raises_that_error_not_a_broken_pipe(tmp_path):
    index = SearchIndex(tmp_path / "index")
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    process = WriterProcess(index.directory, str(empty), segment_ends=[10], max_backlog=100)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        process.add([1])  # it fails on these, says why and ends
        process._process.join(timeout=60)
        process.add([2])  # into a closed pipe
    process.kill()


_KILLED_INDEXER = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from enablement_desktop.cli import main
from enablement_desktop.search import indexer

indexer._BATCH = 1  # a bulk build, whatever the library's size

class Announced(indexer.WriterProcess):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        print(self._process.pid, flush=True)

indexer.WriterProcess = Announced

import time
from enablement_desktop.library import update
real_store, stored = update._store_asset, []

def store_then_pause(*args, **kwargs):
    if len(stored) == 5:  # five assets are in, and streamed to the writer: stop here for the kill
        print("paused", flush=True)
        time.sleep(3600)
    stored.append(1)
    return real_store(*args, **kwargs)

update._store_asset = store_then_pause
if __name__ == "__main__":
    main(["index", "--library", {library!r}, "--data-dir", {data!r}, "--workers", "0"])
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # a zombie has ended; only its parent's wait is missing


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_kill_9_of_the_indexer_ends_its_writer_process_and_the_next_run_repairs(tmp_path):
    library = tmp_path / "lib"
    for n in range(40):
        write_pdf(library / f"deck-{n:03}.pdf",
                  [f"Asset {n} page one about pricing.", f"Unique marker zq{n}x on page two.",
                   *[f"Page {p} on discount approvals and renewal terms." for p in range(30)]])
    data = tmp_path / "data"
    script = tmp_path / "indexer.py"
    script.write_text(_KILLED_INDEXER.format(root=str(ROOT), library=str(library), data=str(data)))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    writer_pid = int(proc.stdout.readline())
    assert proc.stdout.readline().strip() == "paused", "indexing ended before its pause"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Its next read of the pipe tells the writer process that the indexer is gone.
    deadline = time.monotonic() + 60
    while not _gone(writer_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(writer_pid)

    ctx = open_context(data)
    index = open_search_index(ctx)
    summary = update_library(ctx.db, index, library, workers=0)
    assert summary.added + summary.unchanged == 40
    assert is_consistent(ctx.db, index)
    assert SearchEngine(ctx.db, index).search("pricing").total == 40
    # The killed run's segment files were deleted by the next commit.
    assert len(_segment_files(data / "index")) == index.segment_count()
