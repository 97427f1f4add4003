"""Build whoosh segments in a process of its own while extraction runs.

A full index used to add every document in the calling process, which also
receives the extraction results and stores them: that process was the
bound (3.1 ms a page, a third of it a commit that ran after extraction with
both workers idle, and whoosh's posting pool pickling sorted runs to disk and
back). Here a spawned process reads the stored sections of the assets it is
sent straight from the database (no text crosses the pipe) and finishes a
segment at each of `segment_ends` (counts of assets) or when its posting
buffer nears full, so runs are never spilled and most of the commit overlaps
extraction.
The caller commits the finished segments in one TOC write
(`SearchIndex.commit_segments`), holding the index lock all along, the way
whoosh's own MpWriter does.

Spawn, never fork: the window runs Qt threads. The process reads its jobs
from a pipe whose other end only the caller holds, so if the caller dies
(kill -9 included) the next read ends it: it is never left orphaned. Its
uncommitted segment files are deleted by the next commit (whoosh cleans up
files no TOC names) or by `SearchIndex.discard`.
"""

from __future__ import annotations

import multiprocessing
import signal
import sqlite3
from multiprocessing.connection import Connection
from pathlib import Path

import sqlite_utils
from whoosh.codec.base import Segment
from whoosh.filedb.filestore import FileStorage

from enablement_desktop.search import whoosh_internals
from enablement_desktop.search.index import add_documents
from enablement_desktop.search.sections import section_docs

# In the posting buffer's own estimate: a segment also ends when its buffer
# reaches segment_mb, so that a library of long documents cannot run the
# process out of memory. The buffer spills to disk only past a further
# _SPILL_MARGIN_MB, which a single huge asset might still reach.
SEGMENT_MB = 384
_SPILL_MARGIN_MB = 128


class WriterProcessError(RuntimeError):
    """The writer process failed; its message says why (a full disk, say)."""


class WriterProcess:
    """A spawned process that indexes stored assets into new segments; the caller commits them.

    `add` hands over asset ids whose sections are committed to the database;
    `finish` waits for the last segment and returns them all; `kill` ends
    it at once (cancel, or an error in the caller). Not thread-safe: one
    caller thread, as with ExtractPool.
    """

    def __init__(self, index_dir: Path, db_path: str, segment_ends: list[int], max_backlog: int,
                 segment_mb: int = SEGMENT_MB) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, str(index_dir), db_path, segment_ends, segment_mb),
            name="enablement-index", daemon=True,
        )
        self._process.start()
        # Only the child may hold its end: then the caller's death reads as EOF there.
        child.close()
        self._max_backlog = max_backlog
        self._sent = 0
        self.assets = 0  # assets the process has indexed so far
        self.documents = 0

    def add(self, asset_ids: list[int]) -> None:
        """Queue assets for indexing; waits only while the process is more than max_backlog behind."""
        self._send(asset_ids)
        self._sent += len(asset_ids)
        self._drain(block=False)
        while self._sent - self.assets > self._max_backlog:
            self._drain(block=True)

    def finish(self) -> list[Segment]:
        """Index what is queued, finish the last segment, end the process; returns the new segments."""
        self._send(None)
        while True:
            message = self._receive()
            if message[0] == "done":
                break
            self._count(message)
        self._process.join()
        self._conn.close()
        return message[1]

    def kill(self) -> None:
        self._process.kill()
        self._process.join()
        self._conn.close()

    def _send(self, message: list[int] | None) -> None:
        try:
            self._conn.send(message)
        except OSError:
            # It has ended: its last words (an error, or none) say why better than a broken pipe.
            while True:
                self._count(self._receive())

    def _drain(self, block: bool) -> None:
        while block or self._conn.poll():
            self._count(self._receive())
            block = False

    def _receive(self) -> tuple:
        try:
            message = self._conn.recv()
        except EOFError:
            self._process.join()
            raise WriterProcessError(f"the index writer stopped (exit code {self._process.exitcode})") from None
        if message[0] == "error":
            raise message[1]
        return message

    def _count(self, message: tuple) -> None:
        _, assets, documents = message
        self.assets += assets
        self.documents += documents


def _serve(conn: Connection, index_dir: str, db_path: str, segment_ends: list[int], segment_mb: int) -> None:
    """The process's whole life: asset ids in, ("added", assets, documents) out; None ends it."""
    # Ctrl+C in a terminal reaches the whole process group; the caller decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ix = FileStorage(index_dir, supports_mmap=False).open_index()
        db = sqlite_utils.Database(sqlite3.connect(db_path))
        db.execute("PRAGMA query_only = 1")
        segments: list[Segment] = []
        writer = None
        assets = 0
        while True:
            try:
                asset_ids = conn.recv()
            except EOFError:
                return  # the caller is gone: nothing here was committed
            if asset_ids is None:
                break
            if writer is None:
                writer = whoosh_internals.segment_writer(ix, limitmb=segment_mb + _SPILL_MARGIN_MB)
            documents = add_documents(writer, section_docs(db, asset_ids))
            assets += len(asset_ids)
            ends = [end for end in segment_ends if end > assets]
            full = len(ends) < len(segment_ends) or whoosh_internals.buffered_bytes(writer) >= segment_mb * 2**20
            if full and whoosh_internals.has_documents(writer):
                segments.append(whoosh_internals.finish_segment(writer))
                writer, segment_ends = None, ends
            conn.send(("added", len(asset_ids), documents))
        if writer is not None and whoosh_internals.has_documents(writer):
            segments.append(whoosh_internals.finish_segment(writer))
        conn.send(("done", segments))
    except BaseException as exc:  # noqa: BLE001 — every failure must reach the caller as a value
        _send_error(conn, exc)


def _send_error(conn: Connection, exc: BaseException) -> None:
    try:
        conn.send(("error", exc))
    except (OSError, ValueError):
        return  # the caller is gone
    except Exception:  # an exception that does not pickle: its text will do
        try:
            conn.send(("error", WriterProcessError(f"{type(exc).__name__}: {exc}")))
        except (OSError, ValueError):
            return
