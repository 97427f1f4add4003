"""Bring the search index in line with the database (the source of truth).

An asset whose `indexed_sha256` differs from its `sha256` is (re)indexed from
its stored sections; an asset marked `removed` is deleted from the index and
then from the database. Each step is ordered so that a kill at any point is
repaired by simply running `update_index` again: documents of an unmarked
asset are always deleted before they are added, so nothing is ever doubled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from enablement_desktop.search.catalog import split_values
from enablement_desktop.search.index import SearchIndex, SectionDoc, add_documents, delete_asset

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

_BATCH = 400  # assets per commit in incremental mode: a kill loses at most one batch of work


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
    """Index assets as their extraction lands, in one writer committed at the end.

    Extraction runs in worker processes; adding each asset's documents here,
    in the calling process, overlaps with it so both cores work. As two
    phases (extract all, then index all) one core idled through the second:
    218 pages/s at 10,000 assets. A kill before `commit` loses only index
    work: the sections are in the database, unmarked, and `update_index`
    indexes them on the next run.
    """

    def __init__(self, db: sqlite_utils.Database, index: SearchIndex, expected: int) -> None:
        self.db = db
        self.index = index
        self.bulk = expected > _BATCH and index.doc_count() == 0
        self.documents = 0
        self._writer = None
        self._added: list[int] = []

    def add(self, asset_ids: list[int]) -> None:
        if self._writer is None:
            self._writer = self.index.writer(bulk=self.bulk)
        if not self.bulk:
            for asset_id in asset_ids:
                delete_asset(self._writer, asset_id)
        self.documents += add_documents(self._writer, _section_docs(self.db, asset_ids))
        self._added += asset_ids

    def commit(self) -> int:
        """Make the assets added since the last commit searchable; returns how many."""
        writer, self._writer = self._writer, None
        added, self._added = self._added, []
        if writer is None:
            return 0
        try:
            self.index.commit(writer)
        except BaseException:
            _cancel_quietly(writer)
            raise
        _mark_indexed(self.db, added)
        return len(added)

    def cancel(self) -> None:
        writer, self._writer = self._writer, None
        self._added = []
        if writer is not None:
            _cancel_quietly(writer)


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


def _section_docs(db: sqlite_utils.Database, asset_ids: list[int]):
    marks = ",".join("?" * len(asset_ids))
    assets = {
        r[0]: r[1:]
        for r in db.execute(
            f"SELECT id, title, type, product, persona, stage, region, tags, owner FROM assets WHERE id IN ({marks})",
            asset_ids,
        )
    }
    rows = db.execute(
        f"SELECT asset_id, ordinal, heading, text FROM sections WHERE asset_id IN ({marks}) ORDER BY asset_id, ordinal",
        asset_ids,
    )
    facets_of: dict[int, dict[str, list[str]]] = {}
    for asset_id, ordinal, heading, text in rows:
        title, typ, product, persona, stage, region, tags, owner = assets[asset_id]
        if asset_id not in facets_of:
            facets_of[asset_id] = {
                "type": [typ], "product": list(split_values(product)), "persona": list(split_values(persona)),
                "stage": list(split_values(stage)), "region": list(split_values(region)),
                "tags": list(split_values(tags)), "owner": list(split_values(owner)),
            }
        body = f"{heading}\n{text}" if heading and not text.startswith(heading) else text
        yield SectionDoc(asset_id, ordinal, title, body, facets_of[asset_id])


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
