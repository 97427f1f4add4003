"""The on-disk whoosh index: open, write, refresh one long-lived searcher.

The database is the source of truth; this index can always be rebuilt from
the stored sections (`rebuild` in indexer.py) without re-extracting files.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from whoosh.codec.base import Segment
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter, SegmentWriter

from enablement_desktop.library.names import file_name_words, name_words
from enablement_desktop.search import whoosh_internals, word_counts
from enablement_desktop.search.analysis import SECTION_BREAK
from enablement_desktop.search.frequencies import Frequencies
from enablement_desktop.search.schema import build_schema
from enablement_desktop.search.scoring import LuceneBM25
from enablement_desktop.store.db import StoreError

_WEIGHTING = LuceneBM25()

# What the analyzer and schema put in the index. Bump it whenever they change
# what is indexed: an index of another version is rebuilt from the stored
# sections on first open (context.open_search_index), with progress.
# 2: words split where a person would (analysis.py: "8.TELEPHONE", "SOC-2", "e-mail").
# 3: a word is capped at MAX_WORD after lower-casing too ("İ" lower-cases to two characters).
# 4: posting blocks pickled with protocol 5, uncompressed, positions as arrays of deltas
#    (whoosh_internals); each asset's strongest words stored with it (search/word_counts.py).
FORMAT_VERSION = 4
_VERSION_FILE = "enablement-format"


@dataclass
class SectionDoc:
    asset_id: int
    ordinal: int
    title: str
    text: str
    tags: tuple[str, ...]  # the asset's; facet values are not indexed (search/fields.py)
    path: str = ""  # the asset's file path, relative to the library


def length_codes(segment_reader, fieldname: str):
    """One byte per document of a segment: whoosh's quantised field length; 0 means none."""
    return whoosh_internals.length_codes(segment_reader, fieldname)


def _asset_ids(segment_reader) -> list[int]:
    """The `asset` column of one segment (-1 where empty)."""
    return whoosh_internals.id_column(segment_reader, "asset")


class IndexDamaged(Exception):
    """The index folder cannot be opened; rebuild it from the database."""


class IndexOutdated(IndexDamaged):
    """The index was written by another version (FORMAT_VERSION); rebuild it from the database."""


class IndexBusy(StoreError):
    """Another run holds the index's write lock; the message is for people."""


_WRITE_LOCK = "WRITELOCK"  # whoosh's lock name; the file is MAIN_WRITELOCK, which recreating keeps
_BUSY = ("The search index is being written by another run (the window or `enablement index`). "
         "Try again when it has finished.")
# A writer waits this long for another run's repair to finish before giving up with IndexBusy.
_WRITER_WAIT_S = 120.0


class SearchIndex:
    """One whoosh index folder with a cached searcher that is refreshed after commits."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._asset_column: tuple[Searcher, list[int]] | None = None
        self._holder: int | None = None  # the thread holding the write lock through `exclusive`
        self.busy = False  # another run held the write lock when open_search_index opened it
        self.frequencies = Frequencies(self.directory)  # per-segment word tables (search/frequencies.py)
        self._index = self._open_or_create()

    def _open_or_create(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            if self._storage().index_exists():
                ix = self._storage().open_index()
                if set(ix.schema.names()) != set(build_schema().names()) or self._format() != FORMAT_VERSION:
                    raise IndexOutdated("index is from another version")
                # The table of contents can be whole while a segment file is
                # gone or cut short: opening the searcher opens every segment.
                self._searcher = ix.searcher(weighting=_WEIGHTING)
                return ix
        except IndexDamaged:
            raise
        except Exception as exc:  # whoosh raises many kinds on a damaged folder
            raise IndexDamaged(f"search index at {self.directory} is damaged: {exc}") from exc
        return self._create()

    def _create(self):
        ix = self._storage().create().create_index(build_schema())
        (self.directory / _VERSION_FILE).write_text(f"{FORMAT_VERSION}\n", encoding="ascii")
        return ix

    def _format(self) -> int | None:
        try:
            return int((self.directory / _VERSION_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None  # before version 2 there was no such file

    def _storage(self) -> FileStorage:
        # No mmap: mapped segment files counted ~40 MB per 1,000 assets of
        # resident memory (417 MB at 10,000) for no measurable speed.
        return FileStorage(str(self.directory), supports_mmap=False)

    @classmethod
    def open(cls, directory: Path) -> tuple[SearchIndex, bool]:
        """Open the index, recreating an empty one if it is damaged.

        Returns (index, recreated): the caller re-feeds a recreated index from
        the database. Raises IndexBusy when it is damaged while another run
        holds its write lock: that run's files must not be pulled from under it.
        """
        try:
            return cls(directory), False
        except IndexDamaged:
            _empty_folder(Path(directory))
            return cls(directory), True

    @contextmanager
    def exclusive(self, wait: bool = False) -> Iterator[None]:
        """Hold the index's write lock (whoosh's own) for a repair or a rebuild.

        Without `wait`, raises IndexBusy at once when another run (the window,
        `enablement index`) holds it: a search must then use what that run has
        committed, not write beside it. An indexing run waits. Writers made
        meanwhile on this thread use the held lock."""
        if self._holder == threading.get_ident():
            yield
            return
        lock = self._index.lock(_WRITE_LOCK)
        if not lock.acquire(blocking=wait):
            raise IndexBusy(_BUSY)
        self._holder = threading.get_ident()
        try:
            yield
        finally:
            self._holder = None
            lock.release()

    # -- reading -----------------------------------------------------------

    def searcher(self) -> Searcher:
        with self._lock:
            if self._searcher is None:
                self._searcher = self._index.searcher(weighting=_WEIGHTING)
            elif not self._searcher.up_to_date():
                # A fresh searcher, not refresh(): refresh() reuses segment readers
                # whose deletions are stale (a changed asset would match twice).
                # The old one is not closed: a search on another thread may still
                # hold it; it closes when collected.
                self._searcher = self._index.searcher(weighting=_WEIGHTING)
            return self._searcher

    def asset_column(self, searcher: Searcher) -> list[int]:
        """docnum → asset id for `searcher`, cached while it is the current one."""
        with self._lock:
            if self._asset_column is None or self._asset_column[0] is not searcher:
                column: list[int] = []
                for reader, _ in searcher.reader().leaf_readers():
                    column += _asset_ids(reader)
                self._asset_column = (searcher, column)
            return self._asset_column[1]

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    # -- writing -----------------------------------------------------------

    def writer(self) -> SegmentWriter:
        # Never whoosh's procs=2 writer: it forks, which is unsafe from the
        # window (Qt threads are running). A bulk build adds its documents in
        # a spawned process instead (writer_process.py); this writer then
        # only holds the lock and commits the segments it built.
        try:
            return whoosh_internals.index_writer(self._index, take_lock=self._holder != threading.get_ident(),
                                                 timeout=_WRITER_WAIT_S)
        except LockError:
            raise IndexBusy(_BUSY) from None

    def commit(self, writer: IndexWriter, merge: bool = True) -> None:
        writer.commit(merge=merge)
        # Refresh now so the next query sees the change, with its new segments' word tables.
        self.frequencies.save_missing(self.searcher())

    def commit_segments(self, writer: SegmentWriter, segments: list[Segment]) -> None:
        """Add segments built by writer processes (search/writer_process.py) in one commit.

        `writer` holds the index lock and has added nothing itself: its commit
        is the TOC that names the new segments, as in whoosh's MpWriter.
        """
        whoosh_internals.commit_segments(writer, segments)
        self.frequencies.save_missing(self.searcher())

    def discard(self, writer: SegmentWriter) -> None:
        """Cancel `writer` and delete the files of segments no commit names.

        Writer processes write segment files beside the committed ones; only
        the lock holder may clean them up, before it lets go of the lock.
        """
        whoosh_internals.discard(writer)

    def segment_count(self) -> int:
        return whoosh_internals.segment_count(self._index)

    def clear(self) -> None:
        """Drop every document (used before a rebuild, holding `exclusive`)."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._asset_column = None
        self._index = self._create()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None


def _empty_folder(directory: Path) -> None:
    """Delete a damaged index's files, under its write lock (whose file stays:
    deleting a locked lock file would let a second writer lock a new one)."""
    storage = FileStorage(str(directory), supports_mmap=False)
    lock = storage.lock(f"MAIN_{_WRITE_LOCK}")
    if not lock.acquire(blocking=False):
        raise IndexBusy(_BUSY)
    try:
        for name in os.listdir(directory):
            if name != f"MAIN_{_WRITE_LOCK}":
                path = directory / name
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
    finally:
        lock.release()


def add_documents(writer: IndexWriter, docs: Iterable[SectionDoc]) -> int:
    """Add one whoosh document per asset; an asset's sections must come together.

    Returns the number of sections added.
    """
    count = 0
    for asset_id, group in groupby(docs, key=lambda d: d.asset_id):
        sections = list(group)
        path = sections[0].path
        head = f"{sections[0].title}\n{path}"
        writer.add_document(asset=str(asset_id), title=sections[0].title,
                            body=_joined_body(sections, " ".join(name_words(path))),
                            path=" ".join(file_name_words(path)),
                            words=word_counts.encode(word_counts.count_words(head, (s.text for s in sections))))
        count += len(sections)
    return count


def _joined_body(sections: list[SectionDoc], name_words: str = "") -> str:
    """Title, tags and file/folder words as part 0, then section `ordinal` as part ordinal + 1.

    Title, tags and the file's name are words of the asset like any other:
    a title word ranks the asset ("flat" title+text BM25 ranks best on
    SciFact), and "yc" finds yc-onboarding.md wherever words match (all the
    words, prefixes, did-you-mean). `title` and `path` also rank on their
    own (matchsets.FIELD_WEIGHTS) and serve title: queries.
    """
    first = sections[0]
    parts = [f"{first.title}\n{', '.join(first.tags)}\n{name_words}"]
    for section in sections:
        parts.extend([""] * (section.ordinal + 1 - len(parts)))
        parts.append(section.text.replace(SECTION_BREAK, " "))
    return SECTION_BREAK.join(parts)


def delete_asset(writer: IndexWriter, asset_id: int) -> None:
    writer.delete_by_term("asset", str(asset_id))
