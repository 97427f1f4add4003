"""A damaged index is rebuilt (issue 18.4); a search while an index run holds
the writer searches what is committed instead of crashing (issue 18.6)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from enablement_desktop import paths
from enablement_desktop.cli import main
from enablement_desktop.context import open_context, open_search_index
from enablement_desktop.library import update as update_mod
from enablement_desktop.library.update import update_library
from enablement_desktop.search import index as index_mod
from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.index import IndexBusy, SearchIndex
from resources.docgen import write_text
from tests.support.library import build_sample_library


@pytest.fixture()
def indexed(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.delenv("ENABLEMENT_DATA_DIR", raising=False)
    data = tmp_path / "data"
    library = build_sample_library(tmp_path / "library")
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data)]) == 0
    return library, data


def _damage(data: Path, how: str) -> str:
    segments = sorted((paths.index_dir(data)).glob("*.seg"))
    assert segments, "the index has segment files"
    victim = segments[0]
    if how == "deleted":
        victim.unlink()
    else:
        size = victim.stat().st_size
        with open(victim, "r+b") as fh:
            fh.truncate(size // 2 if how == "truncated" else size - 1)
    return victim.name


def _total(data: Path, query: str, capsys) -> int:
    capsys.readouterr()
    assert main(["search", query, "--json", "--data-dir", str(data)]) == 0
    return json.loads(capsys.readouterr().out)["total"]


DAMAGE = ["deleted", "truncated", "cut by one byte"]


@pytest.mark.parametrize("how", DAMAGE)
def test_search_rebuilds_a_damaged_index_from_stored_sections(indexed, how, monkeypatch, capsys):
    _, data = indexed
    before = _total(data, "auditor OR invoice", capsys)
    _damage(data, how)
    monkeypatch.setattr(update_mod, "ExtractPool", lambda *a, **k: pytest.fail("must not re-extract"))
    assert _total(data, "auditor OR invoice", capsys) == before > 0


@pytest.mark.parametrize("how", DAMAGE[:2])
@pytest.mark.parametrize("command", [["index"], ["index", "--rebuild"]])
def test_index_commands_work_on_a_damaged_index(indexed, how, command, capsys):
    _, data = indexed
    before = _total(data, "auditor OR invoice", capsys)
    _damage(data, how)
    assert main([*command, "--workers", "0", "--data-dir", str(data)]) == 0
    assert _total(data, "auditor OR invoice", capsys) == before


def test_the_window_opens_a_damaged_index_the_same_way(indexed):
    from ui.session import Session  # the window's own path to the index

    _, data = indexed
    _damage(data, "truncated")
    session = Session(open_context(data))
    try:
        assert session.engine().search("auditor").total == 1
    finally:
        session.close()


def test_recreating_keeps_the_lock_file_so_two_writers_still_exclude_each_other(indexed, monkeypatch):
    _, data = indexed
    monkeypatch.setattr(index_mod, "_WRITER_WAIT_S", 0.3)  # the second writer gives up at once, not in 2 minutes
    _damage(data, "deleted")
    index, recreated = SearchIndex.open(paths.index_dir(data))
    assert recreated
    assert (paths.index_dir(data) / "MAIN_WRITELOCK").exists()
    other = SearchIndex(paths.index_dir(data))
    with index.exclusive(), pytest.raises(IndexBusy):
        other.writer()


def test_search_while_a_real_index_run_holds_the_writer(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.delenv("ENABLEMENT_DATA_DIR", raising=False)
    data = tmp_path / "data"
    library = tmp_path / "library"
    write_text(library / "first.md", "# First\nThe auditor signed off.\n")
    ctx = open_context(data)
    ctx.settings.library = str(library)
    ctx.save_settings()
    update_library(ctx.db, open_search_index(ctx), library, workers=0)
    for n in range(3):
        write_text(library / f"new{n}.md", f"# New {n}\nThe auditor came back.\n")

    holding = threading.Event()
    release = threading.Event()

    def progress(done: int, total: int, label: str) -> None:
        # After the first new file is stored, the run holds the index writer.
        if label.endswith(".md") and not holding.is_set():
            holding.set()
            assert release.wait(60)

    run_ctx = open_context(data)
    run_index = open_search_index(run_ctx, wait=True)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            update_library(run_ctx.db, run_index, library, workers=0, progress=progress)
        except BaseException as exc:  # noqa: BLE001 — reported by the test
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert holding.wait(60)
        assert run_index._index.lock("WRITELOCK").acquire(blocking=False) is False  # really held

        # A search opens the index like the CLI does: no LockError, what is committed is found.
        searching = open_context(data)
        index = open_search_index(searching)
        assert index.busy
        result = SearchEngine(searching.db, index).search("auditor")
        assert [h.path for h in result.hits] == ["first.md"]
        assert main(["search", "auditor", "--data-dir", str(data)]) == 0
        assert "being indexed right now" in capsys.readouterr().out
    finally:
        release.set()
        worker.join(60)
    assert not errors
    again = open_context(data)
    assert SearchEngine(again.db, open_search_index(again)).search("auditor").total == 4
