"""How many assets hold each word, for thousands of words at once: one table per index segment.

Asking whoosh how many documents hold a word costs ~0.1 ms (a probe of each
segment's hash table); comparing the best candidates' words
(search/neighbours.py) needs that for a few thousand words a query. A
segment never changes once written, so its body words' document
frequencies are read once, into two sorted arrays (a 32-bit hash of each
word, its frequency), and saved beside the segment's files as
`<segment>.words.npy` by the process that commits it. Every searcher then
reads them with numpy. A table that is missing (an index written before
there were tables) is built by the first search that needs it, and saved
where the data dir can be written.

Like whoosh's own idf, a frequency counts an asset that was changed or
removed until its segment is merged away.
"""

from __future__ import annotations

import contextlib
import os
import threading
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

FIELD = "body"
SUFFIX = ".words.npy"


def word_hashes(words: Iterable[str]) -> np.ndarray:
    """A stable 32-bit hash (CRC-32) per word; Python's own hash() changes from one run to the next.

    Two words sharing a hash (about one pair among a segment's 100,000 words) share a
    frequency: a small error in one idf, where the alternative is a table of strings."""
    return np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint32)


def segment_table(segment_reader) -> np.ndarray:
    """[2, n] uint32: the segment's body words' hashes, sorted, over their document frequencies."""
    words, counts = [], []
    for word, info in segment_reader.iter_field(FIELD):
        words.append(word.decode("utf-8"))
        counts.append(info.doc_frequency())
    hashes = word_hashes(words)
    order = np.argsort(hashes, kind="stable")
    return np.stack([hashes[order], np.asarray(counts, dtype=np.uint32)[order]])


_EMPTY = np.zeros((2, 0), dtype=np.uint32)


class Frequencies:
    """The tables of one index folder's segments, cached in memory by segment."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._tables: dict[str, np.ndarray] = {}

    def save_missing(self, searcher) -> None:
        """Write the table of each segment of `searcher` that has none; called after a commit.

        The files are named like the segment's own (`<segment>.words.npy`), so whoosh
        deletes them with the segment when a merge drops it."""
        for reader, _ in searcher.reader().leaf_readers():
            segment = reader.segment()
            if segment is not None and not self._path(segment.segment_id()).exists():
                self._table(reader)

    def lookup(self, searcher, hashes: np.ndarray) -> np.ndarray:
        """The number of assets holding each word (by `word_hashes`; 0 for a word the index lacks), as int64."""
        total = np.zeros(len(hashes), dtype=np.int64)
        for reader, _ in searcher.reader().leaf_readers():
            table = self._table(reader)
            if not table.shape[1]:
                continue
            at = np.minimum(np.searchsorted(table[0], hashes), table.shape[1] - 1)
            found = table[0][at] == hashes
            total += np.where(found, table[1][at], 0).astype(np.int64)
        return total

    def _table(self, reader) -> np.ndarray:
        segment = reader.segment()
        if segment is None:  # an index with no documents at all
            return _EMPTY
        name = segment.segment_id()
        with self._lock:
            table = self._tables.get(name)
        if table is not None:
            return table
        try:
            table = np.load(self._path(name), allow_pickle=False)
            if table.ndim != 2 or table.shape[0] != 2 or table.dtype != np.uint32:
                raise ValueError("not a word table")
        except (OSError, ValueError, EOFError):  # missing, cut short or not ours: read the segment itself, once
            table = segment_table(reader)
            self._save(self._path(name), table)
        with self._lock:
            if len(self._tables) > 64:  # segments come and go with merges: forget the oldest
                self._tables.pop(next(iter(self._tables)))
            self._tables[name] = table
        return table

    @staticmethod
    def _save(path: Path, table: np.ndarray) -> None:
        tmp = path.with_name(path.name + ".tmp")
        try:
            with open(tmp, "wb") as fh:
                np.save(fh, table)
            os.replace(tmp, path)
        except OSError:  # a full disk or a read-only data dir: kept in memory only
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def _path(self, name: str) -> Path:
        return self.directory / (name + SUFFIX)
