"""Bring the search index in line with the database (the source of truth).

An asset whose `indexed_sha256` differs from its `sha256` is (re)indexed from
its stored sections; an asset marked `removed` is deleted from the index and
then from the database. Each step is ordered so that a kill at any point is
repaired by simply running `update_index` again: documents of an unmarked
asset are always deleted before they are added, so nothing is ever doubled.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from enablement_desktop.search.index import SearchIndex, add_documents, delete_asset
from enablement_desktop.search.sections import section_docs
from enablement_desktop.search.writer_process import SEGMENT_MB, WriterProcess
from enablement_desktop.store.db import database_file

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

_BATCH = 400  # assets per commit in incremental mode: a kill loses at most one batch of work
# Where a bulk build's writer process ends a segment, as fractions of the
# assets it is sent (plus wherever its buffer fills, about every 3,000 assets
# of 15 pages): few segments, since search slows with each one, and a small
# last one, since that is finished after extraction ends. 1,000 assets, a page
# a document: one segment vs eight, 22 vs 29 ms p50 search, but a commit of
# 13 s vs 2 s after extraction.
_SEGMENT_ENDS = (0.5, 0.8, 0.95)
_PART = 20  # assets per message to a writer process


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
    # A bulk build (empty index) is one commit, the fastest; a kill redoes it
    # from the database. With no extraction running beside it, it uses a
    # writer process per core. An update commits every batch, so a kill loses
    # at most one batch of work.
    live = StreamingIndex(db, index, expected=total, processes=min(2, os.cpu_count() or 1))
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
    assets). A bulk build (an empty index) runs whoosh in writer processes
    of their own that finish segments as they go (search/writer_process.py):
    the calling process only stores what extraction returns, and little of
    the commit is left once extraction ends. A small update deletes and adds
    in this process, one writer per `commit`. A kill before `commit` loses
    only index work: the sections are in the database, unmarked, and
    `update_index` indexes them on the next run.

    `processes`: writer processes of a bulk build; one beside extraction,
    one per core when there is nothing else to do (a rebuild).
    """

    def __init__(self, db: sqlite_utils.Database, index: SearchIndex, expected: int, processes: int = 1) -> None:
        self.db = db
        self.index = index
        self.bulk = expected > _BATCH and index.doc_count() == 0
        self._expected = expected
        self._process_count = processes
        self._documents = 0
        self._writer = None
        self._processes: list[WriterProcess] = []
        self._turn = 0
        self._added: list[int] = []

    @property
    def documents(self) -> int:
        """Documents added so far (in a bulk build: indexed by the writer processes so far)."""
        return self._documents + sum(p.documents for p in self._processes)

    def add(self, asset_ids: list[int]) -> None:
        """Index these stored assets; they are searchable after the next `commit`."""
        if self._writer is None:
            # In a bulk build this writer only holds the index lock, so that no
            # other commit cleans up the writer processes' uncommitted segments.
            self._writer = self.index.writer()
            if self.bulk:
                self._processes = _start_writer_processes(self.db, self.index, self._expected, self._process_count)
        if self._processes:
            # Small parts, taken in turn, keep every writer process busy.
            for start in range(0, len(asset_ids), _PART):
                self._processes[self._turn % len(self._processes)].add(asset_ids[start : start + _PART])
                self._turn += 1
        else:
            if not self.bulk:
                for asset_id in asset_ids:
                    delete_asset(self._writer, asset_id)
            self._documents += add_documents(self._writer, section_docs(self.db, asset_ids))
        self._added += asset_ids

    def commit(self) -> int:
        """Make the assets added since the last commit searchable; returns how many."""
        writer, self._writer = self._writer, None
        processes, self._processes = self._processes, []
        added, self._added = self._added, []
        if writer is None:
            return 0
        try:
            if processes:
                segments = [segment for process in processes for segment in process.finish()]
                self._documents += sum(p.documents for p in processes)
                self.index.commit_segments(writer, segments)
            else:
                self.index.commit(writer)
        except BaseException:
            self._drop(writer, processes)
            raise
        _mark_indexed(self.db, added)
        return len(added)

    def cancel(self) -> None:
        writer, self._writer = self._writer, None
        processes, self._processes = self._processes, []
        self._added = []
        if writer is not None:
            self._drop(writer, processes)

    def _drop(self, writer, processes: list[WriterProcess]) -> None:
        """Undo an uncommitted writer; never raises, so it cannot hide the error that brought us here."""
        if not processes:
            _cancel_quietly(writer)
            return
        for process in processes:
            process.kill()
        try:
            self.index.discard(writer)
        except Exception:
            pass


def _start_writer_processes(
    db: sqlite_utils.Database, index: SearchIndex, expected: int, count: int
) -> list[WriterProcess]:
    share = math.ceil(expected / count)
    # Several processes means nothing runs beside them (a rebuild): one
    # segment each, finished in parallel, is then the fastest; they share the
    # memory one process may use.
    fractions = _SEGMENT_ENDS if count == 1 else ()
    ends = sorted({max(1, math.ceil(share * f)) for f in fractions})
    # The backlog absorbs the pause while a segment is finished without
    # stalling extraction, and keeps a rebuild's progress roughly honest.
    return [WriterProcess(index.directory, database_file(db), segment_ends=ends, max_backlog=math.ceil(share / 4),
                          segment_mb=SEGMENT_MB // count) for _ in range(count)]


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
    """Recreate the index from stored sections — no file is read again.

    Under the index's write lock from the first deletion to the last commit
    (IndexBusy if another run holds it): a search opening the index meanwhile
    must not rebuild it beside this one."""
    with index.exclusive():
        index.clear()
        with db.conn:
            db.conn.execute("UPDATE assets SET indexed_sha256 = NULL")
        result = update_index(db, index, progress, cancel)
    result.rebuilt = True
    return result
