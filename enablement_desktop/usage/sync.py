"""Sync events through a shared folder: each app writes only its own subfolder, reads all.

    <folder>/events/<user>@<device>/<utc-timestamp>-<counter>-<random>.jsonl

Offline is the normal case: local events wait with flushed_at NULL until the
folder is reachable. Import is idempotent (the event UUID is the key, never
the timestamp, because clocks disagree) and never raises for a bad file: it
reports it and moves on. The format is specified in docs/sync-format.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from enablement_desktop.settings import Settings
from enablement_desktop.store.db import database_file, utc_now
from enablement_desktop.store.lock import try_lock
from enablement_desktop.text import plural
from enablement_desktop.usage import segments
from enablement_desktop.usage.roles import ANYONE, MARKETING_KINDS, Roles, load_roles
from enablement_desktop.usage.validate import EVENT_FIELDS

EVENTS_DIR = "events"
# Clocks disagree by minutes, not days: an event further ahead than this is a
# typo or a forgery that would stay "the latest" rating or answer for ever.
FUTURE_SLACK = timedelta(days=1)
SYNC_LOCK_SUFFIX = ".sync.lock"
SEGMENT_EVENTS = 5_000  # ~2 MB per segment: far below MAX_SEGMENT_BYTES, quick to re-read
_MAX_MESSAGES_PER_SEGMENT = 5
_PART = r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}"
_WRITER_RE = re.compile(rf"^{_PART}@{_PART}\Z")
_COLUMNS = ", ".join(EVENT_FIELDS)
# Files operating systems drop into any folder they show; not worth a message.
_OS_LITTER = {"desktop.ini", "thumbs.db", "icon\r"}

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


@dataclass
class FlushResult:
    reachable: bool
    written: int = 0  # events written to the shared folder by this flush
    queued: int = 0  # local events still waiting for the folder
    segments: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class ImportResult:
    reachable: bool = True
    segments_seen: int = 0
    segments_imported: int = 0
    segments_unchanged: int = 0  # already imported, same size: not even opened
    segments_copies: int = 0  # byte-identical copy of an imported segment under another name
    segments_skipped: int = 0  # unusable files (half-written, foreign, oversized, newer format)
    events_added: int = 0
    events_known: int = 0  # already here with the same content
    events_conflicting: int = 0  # already here with different content: the stored copy wins
    events_held_back: int = 0  # dated too far ahead, or not allowed to speak for marketing: read again later
    events_taken_back: int = 0  # another writer's copy of a UUID bound to this writer, replaced by the real one
    lines_skipped: int = 0
    messages: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass
class SyncResult:
    flush: FlushResult
    imported: ImportResult
    busy: bool = False  # another sync of this data folder was running: nothing was done

    @property
    def message(self) -> str:
        if self.busy:
            return "another sync of this data folder is running; this one was skipped"
        if not self.flush.reachable:
            return f"shared folder not reachable; {plural(self.flush.queued, 'event')} queued"
        # In people's words: how many files the events came in ("segments") is the format's business.
        sent, added = self.flush.written, self.imported.events_added
        parts = [
            f"sent {plural(sent, 'event')}" if sent else "nothing to send",
            f"received {plural(added, 'new event')}" if added else "nothing new received",
        ]
        if self.flush.error:
            parts.append(f"{plural(self.flush.queued, 'event')} still queued ({self.flush.error})")
        if self.imported.messages:
            parts.append(f"{plural(len(self.imported.messages), 'problem')} (see details)")
        if self.imported.cancelled:
            parts.append("cancelled before the end")
        return "; ".join(parts)


@dataclass(frozen=True)
class _Candidate:
    rel: str  # 'events/<writer>/<name>', '/'-separated on every OS: the memo key
    path: str
    writer: str
    size: int


def writer_name(settings: Settings) -> str:
    """This app's folder name, '<user>@<device>', safe on every filesystem."""
    return segments.writer_for(settings.user, settings.device)


def sync(
    db: sqlite_utils.Database,
    settings: Settings,
    folder: str | os.PathLike[str],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SyncResult:
    """Flush local events, then import everyone's; one sync at a time per data folder.

    Two syncs at once (the window's and `enablement sync`) would each write
    the same queued events to the folder: the second one does nothing instead.
    """
    lock = try_lock(Path((database_file(db) or ":memory:") + SYNC_LOCK_SUFFIX))
    if lock is None:
        return SyncResult(FlushResult(reachable=True, queued=queued_count(db)), ImportResult(), busy=True)
    with lock:
        flushed = flush(db, settings, folder)
        if not flushed.reachable:
            return SyncResult(flushed, ImportResult(reachable=False))
        roles = load_roles(settings.library_path)
        return SyncResult(flushed, import_all(db, folder, progress, cancel, roles=roles))


def flush(
    db: sqlite_utils.Database, settings: Settings, folder: str | os.PathLike[str]
) -> FlushResult:
    """Write unflushed local events to the shared folder and mark them flushed.

    This app's folder (`writer_name(settings)`) is created even with nothing to
    send, so an unwritable share shows up at the first sync. Each event goes to
    the folder of the user and device that recorded it: after someone renames
    themselves in Settings, their earlier events still land where readers
    expect them. A crash between writing a segment and marking its events
    leaves them unflushed: the next flush writes them again, and import drops
    the repeats by UUID.
    """
    root = Path(folder)
    if not _is_dir(root):
        return FlushResult(reachable=False, queued=queued_count(db))
    _requeue_deleted_segments(db, root)
    rows = _unflushed(db)
    result = FlushResult(reachable=True, queued=len(rows))
    by_writer: dict[str, list[dict[str, Any]]] = {writer_name(settings): []}
    for row in rows:
        by_writer.setdefault(segments.writer_for(row["user"], row["device"]), []).append(row)
    counter = 0
    with _bulk_cache(db):
        for writer, mine in by_writer.items():
            try:
                target = _own_folder(root, writer)
                for start in range(0, len(mine), SEGMENT_EVENTS):
                    chunk = mine[start : start + SEGMENT_EVENTS]
                    result.segments.append(_write_segment(db, target, writer, chunk, counter))
                    counter += 1
                    result.written += len(chunk)
                    result.queued -= len(chunk)
            except OSError as exc:
                result.error = f"cannot write to the shared folder: {exc.strerror or exc}"
                break
    return result


def _requeue_deleted_segments(db: sqlite_utils.Database, root: Path) -> None:
    """Segments this laptop wrote that are gone from the share: queue their events again.

    Someone (or a sync client) deleted them; without this they would never be
    sent again. The events still in this laptop's remaining segments stay
    flushed; every other flushed local event is queued, and import drops any
    repeat by UUID.
    """
    mine = {segments.writer_for(u, d) for u, d in db.conn.execute(
        "SELECT DISTINCT user, device FROM events WHERE origin = 'local'")}
    if not mine:
        return
    marks = ", ".join("?" for _ in mine)
    own = db.conn.execute(f"SELECT path FROM sync_segments WHERE writer IN ({marks})", sorted(mine)).fetchall()
    missing = [path for (path,) in own if not (root / path).is_file()]
    if not missing:
        return
    still_there: set[str] = set()
    for (path,) in own:
        if path in missing:
            continue
        try:
            segment = segments.decode(_read_regular_file(str(root / path)), path.split("/")[1])
        except (OSError, segments.SegmentError):
            missing.append(path)  # unreadable is as good as gone
            continue
        still_there.update(ev["uuid"] for ev in segment.events)
    with db.conn:
        db.conn.executemany("DELETE FROM sync_segments WHERE path = ?", [(p,) for p in missing])
        flushed = [u for (u,) in db.conn.execute(
            "SELECT uuid FROM events WHERE origin = 'local' AND flushed_at IS NOT NULL")]
        db.conn.executemany("UPDATE events SET flushed_at = NULL WHERE uuid = ?",
                            [(u,) for u in flushed if u not in still_there])


def _own_folder(root: Path, writer: str) -> Path:
    target = root / EVENTS_DIR / writer
    target.mkdir(parents=True, exist_ok=True)
    # Write only into a real folder under the shared one, never through a link.
    if (root / EVENTS_DIR).is_symlink() or target.is_symlink():
        raise OSError(f"{EVENTS_DIR}/{writer} is a link; not writing through it")
    return target


def _write_segment(
    db: sqlite_utils.Database, target: Path, writer: str, chunk: list[dict[str, Any]], counter: int
) -> str:
    name = segments.segment_name(counter)
    blob = segments.encode(writer, utc_now(), [segments.event_to_wire(r) for r in chunk])
    _write_atomically(target / name, blob)
    rel = f"{EVENTS_DIR}/{writer}/{name}"
    now = utc_now()
    with db.conn:
        db.conn.executemany(
            "UPDATE events SET flushed_at = ? WHERE uuid = ?", [(now, r["uuid"]) for r in chunk]
        )
        # Our own segment needs no import: remember it as imported.
        sha = hashlib.sha256(blob).hexdigest()
        _remember(db, rel, writer, len(blob), sha, len(chunk), max(r["ts"] for r in chunk))
    return rel


def import_all(
    db: sqlite_utils.Database,
    folder: str | os.PathLike[str],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    roles: Roles = ANYONE,
) -> ImportResult:
    """Import every segment in the shared folder once; problems become messages, never exceptions.

    A segment with events held back (dated too far ahead, or answers from
    someone the roles file does not name) is read again at every later sync,
    so they arrive once their time comes or the roles file names their author.
    """
    root = Path(folder)
    result = ImportResult(reachable=_is_dir(root))
    if not result.reachable:
        result.messages.append("shared folder not reachable")
        return result
    result.messages += roles.problems
    candidates = _find_segments(root, result)
    memo = dict(db.conn.execute("SELECT path, size FROM sync_segments"))
    total = len(candidates)
    with _bulk_cache(db):
        for done, candidate in enumerate(candidates):
            if cancel is not None and cancel():
                result.cancelled = True
                break
            if progress is not None:
                progress(done, total, candidate.rel)
            result.segments_seen += 1
            if memo.get(candidate.rel) == candidate.size:
                # Segments are written once and never change; same path and size: already read.
                result.segments_unchanged += 1
                continue
            _import_segment(db, candidate, result, roles)
    if progress is not None and not result.cancelled:
        progress(total, total, "done")
    return result


def data_as_of(db: sqlite_utils.Database) -> dict[str, str]:
    """Latest event time per writer ('<user>@<device>') among segments read or written here.

    Times are the writers' own clocks: good for "data as of", not for ordering.
    """
    rows = db.conn.execute(
        "SELECT writer, max(max_ts) FROM sync_segments WHERE max_ts IS NOT NULL "
        "GROUP BY writer ORDER BY writer"
    )
    return dict(rows)


def queued_count(db: sqlite_utils.Database) -> int:
    """Local events not yet written to the shared folder."""
    return db.conn.execute(
        "SELECT count(*) FROM events WHERE origin = 'local' AND flushed_at IS NULL"
    ).fetchone()[0]


def _unflushed(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    cursor = db.conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE origin = 'local' AND flushed_at IS NULL "
        "ORDER BY ts, uuid"
    )
    return [dict(zip(EVENT_FIELDS, row, strict=True)) for row in cursor]


def _find_segments(root: Path, result: ImportResult) -> list[_Candidate]:
    """Segment files under events/<writer>/; links and odd names are reported, never followed."""
    events_root = root / EVENTS_DIR
    found: list[_Candidate] = []
    try:
        if events_root.is_symlink():
            result.messages.append(
                f"{EVENTS_DIR}: ignored, it is a link (links are never followed)"
            )
            return found
        if not events_root.is_dir():
            return found  # nobody has synced yet
        writers = sorted(os.scandir(events_root), key=lambda e: e.name)
    except OSError as exc:
        result.messages.append(f"{EVENTS_DIR}: cannot list ({exc.strerror or exc})")
        return found
    for entry in writers:
        where = f"{EVENTS_DIR}/{entry.name}"
        if entry.name.startswith(".") or entry.name.lower() in _OS_LITTER:
            continue  # hidden files: OS and sync-client litter
        if entry.is_symlink():
            result.messages.append(f"{where}: ignored, it is a link (links are never followed)")
        elif not entry.is_dir(follow_symlinks=False):
            result.messages.append(f"{where}: ignored, not a writer folder")
        elif not _valid_writer(entry.name):
            result.messages.append(f"{where}: ignored, not a valid '<user>@<device>' folder name")
        else:
            found.extend(_writer_segments(entry, result))
    return found


def _writer_segments(writer: os.DirEntry[str], result: ImportResult) -> list[_Candidate]:
    found = []
    try:
        entries = sorted(os.scandir(writer.path), key=lambda e: e.name)
    except OSError as exc:
        result.messages.append(f"{EVENTS_DIR}/{writer.name}: cannot list ({exc.strerror or exc})")
        return found
    for entry in entries:
        rel = f"{EVENTS_DIR}/{writer.name}/{entry.name}"
        if entry.name.startswith(".") or entry.name.lower() in _OS_LITTER:
            continue  # dot-prefixed: a segment still being written (or OS litter)
        try:
            if entry.is_symlink():
                result.messages.append(f"{rel}: ignored, it is a link (links are never followed)")
            elif not entry.is_file(follow_symlinks=False):
                result.messages.append(f"{rel}: ignored, not a file")
            elif not segments.SEGMENT_NAME_RE.match(entry.name):
                result.messages.append(f"{rel}: ignored, not a segment name (foreign file?)")
            else:
                size = entry.stat(follow_symlinks=False).st_size
                found.append(_Candidate(rel, entry.path, writer.name, size))
        except OSError as exc:
            result.messages.append(f"{rel}: cannot read ({exc.strerror or exc})")
    return found


def _import_segment(db: sqlite_utils.Database, candidate: _Candidate, result: ImportResult,
                    roles: Roles = ANYONE) -> None:
    rel = candidate.rel
    try:
        data = _read_regular_file(candidate.path)
        segment = segments.decode(data, candidate.writer)
    except (OSError, segments.SegmentError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        result.segments_skipped += 1
        result.messages.append(f"{rel}: skipped, {reason}")
        return
    sha = hashlib.sha256(data).hexdigest()
    max_ts = max((ev["ts"] for ev in segment.events), default=None)
    with db.conn:
        original = db.conn.execute(
            "SELECT path FROM sync_segments WHERE sha256 = ? AND path <> ? LIMIT 1", (sha, rel)
        ).fetchone()
        if original:
            result.segments_copies += 1
            result.messages.append(f"{rel}: a copy of {original[0]}; nothing new in it")
            _remember(db, rel, candidate.writer, len(data), sha, len(segment.events), max_ts)
            return
        held_back = _store_events(db, segment, rel, result, roles)
        result.segments_imported += 1
        # Size -1 never equals a file's size: a segment with held-back events is read again.
        _remember(db, rel, candidate.writer, -1 if held_back else len(data), sha, len(segment.events), max_ts)


def _store_events(
    db: sqlite_utils.Database, segment: segments.Segment, rel: str, result: ImportResult,
    roles: Roles = ANYONE,
) -> int:
    """Insert the segment's new events; compare repeats with the stored copy (same UUID).

    Returns how many events were held back for a later sync. A stored copy
    from another writer never wins over a UUID bound to this segment's writer
    (see segments.event_uuid): that copy was a forgery, and is replaced.
    """
    stored: dict[str, tuple] = {}
    uuids = [ev["uuid"] for ev in segment.events]
    for start in range(0, len(uuids), 500):  # stay below SQLite's bound-parameter limit
        chunk = uuids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.conn.execute(f"SELECT {_COLUMNS} FROM events WHERE uuid IN ({marks})", chunk):
            stored[row[0]] = tuple(row)
    horizon = (datetime.now(UTC) + FUTURE_SLACK).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    user_at, kind_at = EVENT_FIELDS.index("user"), EVENT_FIELDS.index("device")
    fresh: list[tuple] = []
    forged: list[str] = []
    conflicts = future = not_marketing = foreign = 0
    latest_future = ""
    for ev in segment.events:
        if ev["ts"] > horizon:
            future += 1
            latest_future = max(latest_future, ev["ts"])
            continue
        if ev["kind"] in MARKETING_KINDS and not roles.may_speak_for_marketing(ev["user"]):
            not_marketing += 1
            continue
        values = tuple(ev[name] for name in EVENT_FIELDS)
        prior = stored.get(ev["uuid"])
        if prior is None:
            stored[ev["uuid"]] = values
            fresh.append((*values, segment.writer))
        elif prior == values:
            result.events_known += 1
        elif segments.writer_for(prior[user_at], prior[kind_at]) != segment.writer:
            if segments.bound_to(ev["uuid"], segment.writer):
                forged.append(ev["uuid"])  # the stored copy squatted this writer's UUID
                stored[ev["uuid"]] = values
                fresh.append((*values, segment.writer))
            else:
                foreign += 1
        else:
            conflicts += 1
    if forged:
        db.conn.executemany("DELETE FROM events WHERE uuid = ?", [(u,) for u in forged])
        result.events_taken_back += len(forged)
        result.messages.append(f"{rel}: {plural(len(forged), 'event')} of this writer had been copied under "
                               "another writer's name; the copies were replaced by the originals")
    cursor = db.conn.executemany(
        f"INSERT OR IGNORE INTO events ({_COLUMNS}, origin) "
        f"VALUES ({', '.join('?' for _ in EVENT_FIELDS)}, ?)",
        fresh,
    )
    result.events_added += cursor.rowcount if fresh else 0
    if conflicts:
        result.events_conflicting += conflicts
        result.messages.append(
            f"{rel}: {plural(conflicts, 'event')} {'differs' if conflicts == 1 else 'differ'} from the copies already stored "
            "(edited?); kept the stored ones"
        )
    if foreign:
        result.events_conflicting += foreign
        result.messages.append(f"{rel}: {plural(foreign, 'event')} {'re-uses' if foreign == 1 else 're-use'} the ids of other writers' events; "
                               "ignored (someone may be writing under a false name)")
    if future:
        result.messages.append(f"{rel}: {plural(future, 'event')} dated more than a day ahead of this "
                               f"computer's clock (latest {latest_future[:10]}); held back and checked again "
                               "at later syncs")
    if not_marketing:
        result.messages.append(f"{rel}: {plural(not_marketing, 'answer or campaign note', 'answers or campaign notes')} "
                               f"from {segment.writer}, who is not named in enablement-roles.toml; ignored "
                               "until the file names them")
    result.events_held_back += future + not_marketing
    if segment.problems:
        result.lines_skipped += len(segment.problems)
        shown = segment.problems[:_MAX_MESSAGES_PER_SEGMENT]
        result.messages += [f"{rel}: skipped {problem}" for problem in shown]
        if len(segment.problems) > len(shown):
            result.messages.append(
                f"{rel}: … and {len(segment.problems) - len(shown)} more bad lines"
            )
    return future + not_marketing


def _remember(
    db: sqlite_utils.Database,
    rel: str,
    writer: str,
    size: int,
    sha: str,
    events: int,
    max_ts: str | None,
) -> None:
    db.conn.execute(
        "INSERT OR REPLACE INTO sync_segments (path, writer, size, sha256, events, max_ts, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (rel, writer, size, sha, events, max_ts, utc_now()),
    )


def _read_regular_file(path: str) -> bytes:
    # O_NOFOLLOW closes the gap between listing (not a link) and opening.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise segments.SegmentError("not a regular file")
        if info.st_size > segments.MAX_SEGMENT_BYTES:
            raise segments.SegmentError(
                f"larger than {segments.MAX_SEGMENT_BYTES // 2**20} MB; not a segment this app writes"
            )
        data = handle.read(segments.MAX_SEGMENT_BYTES + 1)
    if len(data) > segments.MAX_SEGMENT_BYTES:
        raise segments.SegmentError("grew past the size limit while being read")
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    """Temp file (dot-prefixed: readers skip it) + fsync + rename: readers see all or nothing."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):  # the original error is the one to report
            tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on Windows."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # some network filesystems refuse fsync on a directory; the file itself is synced


@contextlib.contextmanager
def _bulk_cache(db: sqlite_utils.Database) -> Iterator[None]:
    """A 64 MB page cache while writing many events, then the connection's own again.

    Each event touches a dozen index b-trees; with SQLite's default 2 MB cache
    they thrash (measured: 100k events into a 1M-event database, 20.8 s -> 14.7 s).
    """
    before = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    db.conn.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(before)}")


def _valid_writer(name: str) -> bool:
    return bool(_WRITER_RE.match(name)) and ".." not in name


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a dead network mount can raise instead of answering False
        return False
