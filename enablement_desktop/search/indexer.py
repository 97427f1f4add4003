"""Bring the search index in line with the database (the source of truth).

An asset whose `indexed_sha256` differs from its `sha256` is (re)indexed from
its stored sections; an asset marked `removed` is deleted from the index and
then from the database. Each step is ordered so that a kill at any point is
repaired by simply running `update_index` again: documents of an unmarked
asset are always deleted before they are added, so nothing is ever doubled.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from enablement_desktop.search.index import SearchIndex, add_documents, delete_asset
from enablement_desktop.search.sections import section_docs
from enablement_desktop.search.writer_process import WriterProcess

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

_BATCH = 400  # assets per commit in incremental mode: a kill loses at most one batch of work
_BULK_SEGMENTS = 8  # segments a bulk build aims for (see _start_writer_process)


@dataclass
class IndexUpdate:
    indexed: int = 0
    removed: int = 0
    documents: int = 0
    rebuilt: bool = False
    cancelled: bool = False


def update_index(
    db: sqlite_utils.Database,
    index: SearchIndex,
    progress: Progress = lambda done, total, label: None,
    cancel: Cancel = lambda: False,
) -> IndexUpdate:
    result = IndexUpdate()
    _forget_removed(db, index, result)
    pending = [r[0] for r in db.execute(
        "SELECT id FROM assets WHERE removed = 0 AND (indexed_sha256 IS NULL OR indexed_sha256 != sha256) ORDER BY id"
    ).fetchall()]
    if not pending:
        return result
    total = len(pending)
    # A bulk build (empty index) is one writer and one commit, the fastest; a
    # kill redoes it from the database. An update commits every batch, so a
    # kill loses at most one batch of work.
    live = StreamingIndex(db, index, expected=total)
    label = "Building the search index" if live.bulk else "Updating the search index"
    try:
        for start in range(0, total, _BATCH):
            if cancel():
                live.cancel()
                result.cancelled = True
                break
            live.add(pending[start : start + _BATCH])
            if not live.bulk:
                result.indexed += live.commit()
            progress(min(start + _BATCH, total), total, label)
        if live.bulk and not result.cancelled:
            progress(total, total, "Saving the search index")
            result.indexed += live.commit()
    except BaseException:
        live.cancel()
        raise
    result.documents = live.documents
    return result


class StreamingIndex:
    """Index assets as their extraction lands.

    Extraction runs in worker processes; indexing each asset as it is stored
    overlaps with it so both cores work (as two phases, extract all then
    index all, one core idled through the second: 218 pages/s at 10,000
    assets). A bulk build (an empty index) runs whoosh in a writer process of
    its own that finishes segments as it goes (search/writer_process.py):
    the calling process only stores what extraction returns, and little of
    the commit is left once extraction ends. A small update deletes and adds
    in this process, one writer per `commit`. A kill before `commit` loses
    only index work: the sections are in the database, unmarked, and
    `update_index` indexes them on the next run.
    """

    def __init__(self, db: sqlite_utils.Database, index: SearchIndex, expected: int) -> None:
        self.db = db
        self.index = index
        self.bulk = expected > _BATCH and index.doc_count() == 0
        self._expected = expected
        self._documents = 0
        self._writer = None
        self._process: WriterProcess | None = None
        self._added: list[int] = []

    @property
    def documents(self) -> int:
        """Documents added so far (in a bulk build: indexed by the writer process so far)."""
        return self._documents + (self._process.documents if self._process else 0)

    def add(self, asset_ids: list[int]) -> None:
        """Index these stored assets; they are searchable after the next `commit`."""
        if self._writer is None:
            # In a bulk build this writer only holds the index lock, so that no
            # other commit cleans up the writer process's uncommitted segments.
            self._writer = self.index.writer()
            if self.bulk:
                self._process = _start_writer_process(self.db, self.index, self._expected)
        if self._process is not None:
            self._process.add(asset_ids)
        else:
            if not self.bulk:
                for asset_id in asset_ids:
                    delete_asset(self._writer, asset_id)
            self._documents += add_documents(self._writer, section_docs(self.db, asset_ids))
        self._added += asset_ids

    def commit(self) -> int:
        """Make the assets added since the last commit searchable; returns how many."""
        writer, self._writer = self._writer, None
        process, self._process = self._process, None
        added, self._added = self._added, []
        if writer is None:
            return 0
        try:
            if process is not None:
                segments = process.finish()
                self._documents += process.documents
                self.index.commit_segments(writer, segments)
            else:
                self.index.commit(writer)
        except BaseException:
            if process is not None:
                process.kill()
                self._discard(writer)
            else:
                _cancel_quietly(writer)
            raise
        _mark_indexed(self.db, added)
        return len(added)

    def cancel(self) -> None:
        writer, self._writer = self._writer, None
        process, self._process = self._process, None
        self._added = []
        if process is not None:
            process.kill()
            self._discard(writer)
        elif writer is not None:
            _cancel_quietly(writer)

    def _discard(self, writer) -> None:
        try:
            self.index.discard(writer)
        except Exception:  # as _cancel_quietly: never hide the error that brought us here
            pass


def _start_writer_process(db: sqlite_utils.Database, index: SearchIndex, expected: int) -> WriterProcess:
    # ~8 segments: the last one is finished after extraction, so smaller is
    # better for speed, but search gets slower with every segment. A backlog
    # of one segment's assets absorbs the pauses while a segment is finished
    # without ever stalling extraction, and keeps a rebuild's progress honest.
    per_segment = max(1, math.ceil(expected / _BULK_SEGMENTS))
    return WriterProcess(index.directory, _database_file(db), assets_per_segment=per_segment,
                         max_backlog=per_segment)


def _database_file(db: sqlite_utils.Database) -> str:
    return db.execute("PRAGMA database_list").fetchone()[2]


def _cancel_quietly(writer) -> None:
    """Drop a failed writer's work; a commit that failed half-way may have closed it already,
    and that must not hide the real error (a full disk, say)."""
    try:
        writer.cancel()
    except Exception:
        pass


def _forget_removed(db: sqlite_utils.Database, index: SearchIndex, result: IndexUpdate) -> None:
    removed = [r[0] for r in db.execute("SELECT id FROM assets WHERE removed = 1").fetchall()]
    if not removed:
        return
    writer = index.writer()
    try:
        for asset_id in removed:
            delete_asset(writer, asset_id)
        index.commit(writer)
    except BaseException:
        _cancel_quietly(writer)
        raise
    with db.conn:
        db.conn.executemany("DELETE FROM assets WHERE id = ? AND removed = 1", [(a,) for a in removed])
    result.removed = len(removed)


def _mark_indexed(db: sqlite_utils.Database, asset_ids: list[int]) -> None:
    with db.conn:
        db.conn.executemany("UPDATE assets SET indexed_sha256 = sha256 WHERE id = ?", [(a,) for a in asset_ids])


def indexed_asset_count(db: sqlite_utils.Database) -> int:
    """Assets marked indexed that have a document (one with at least one section)."""
    return db.execute(
        "SELECT count(*) FROM assets a WHERE a.removed = 0 AND a.indexed_sha256 = a.sha256 "
        "AND EXISTS (SELECT 1 FROM sections s WHERE s.asset_id = a.id)"
    ).fetchone()[0]


def is_consistent(db: sqlite_utils.Database, index: SearchIndex) -> bool:
    """After update_index, the index holds exactly one document per marked asset."""
    return index.doc_count() == indexed_asset_count(db)


def rebuild(
    db: sqlite_utils.Database,
    index: SearchIndex,
    progress: Progress = lambda done, total, label: None,
    cancel: Cancel = lambda: False,
) -> IndexUpdate:
    """Recreate the index from stored sections — no file is read again."""
    index.clear()
    with db.conn:
        db.conn.execute("UPDATE assets SET indexed_sha256 = NULL")
    result = update_index(db, index, progress, cancel)
    result.rebuilt = True
    return result
