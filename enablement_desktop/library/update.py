"""One indexing run: scan the library, extract what changed, store it, update the index.

Every file's outcome is committed to the database as soon as it arrives, so a
run killed half-way resumes where it stopped: finished files compare equal on
size + mtime and are not read again. Failed files are recorded in `problems`
and retried only when they change (unreadable ones: once they can be opened).
What is stored for a file — size, mtime, sha256, sections — always describes
one version of it: a file that changes while it is being read is read again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from enablement_desktop.briefs.messaging import is_messaging_path, load_messaging, problems_by_file
from enablement_desktop.extract import extractor_version, file_type
from enablement_desktop.extract.base import (
    INVALID_MESSAGING,
    SCANNED,
    UNREADABLE,
    Extracted,
    ExtractError,
    Limits,
)
from enablement_desktop.extract.ocr import unavailable_reason
from enablement_desktop.extract.pool import ExtractPool
from enablement_desktop.library.facets import FACETS_NAME, FacetRules, load_rules
from enablement_desktop.library.manifest import (
    MANIFEST_NAME,
    Manifest,
    case_mismatches,
    read_manifest,
)
from enablement_desktop.library.metadata import asset_metadata
from enablement_desktop.library.ocr_phase import read_scanned_pages
from enablement_desktop.library.problems import counted, problem_counts
from enablement_desktop.library.scan import FileInfo, scan
from enablement_desktop.search.index import SearchIndex
from enablement_desktop.search.indexer import StreamingIndex, update_index
from enablement_desktop.search.synonyms import BAD_SYNONYMS, SYNONYMS_NAME
from enablement_desktop.search.synonyms import read as read_synonyms
from enablement_desktop.store.db import utc_now
from enablement_desktop.text import plural

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

# The library's own files that steer the app, never assets.
_LIBRARY_FILES = (MANIFEST_NAME, SYNONYMS_NAME, FACETS_NAME)
# Reads of one file per run: a file still changing after this many is left
# for the next run (a download or a save in progress usually ends by then).
_READ_ATTEMPTS = 3


@dataclass
class RunSummary:
    scanned: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    pages: int = 0
    scanned_pages: int = 0  # pages read by OCR in this run (cached ones included)
    seconds: float = 0.0
    cancelled: bool = False
    messages: list[str] = field(default_factory=list)
    failed_by_reason: Counter[str] = field(default_factory=Counter)  # the Problems list, by reason

    def describe(self) -> str:
        failed = f"{self.failed:,} could not be read"
        if self.failed_by_reason:
            failed += f" ({', '.join(counted(n, r) for r, n in self.failed_by_reason.most_common())})"
        parts = [plural(self.scanned, "file"), f"{self.added:,} new", f"{self.changed:,} changed",
                 f"{self.removed:,} removed", failed]
        if self.scanned_pages:
            parts.append(f"{plural(self.scanned_pages, 'scanned page')} read")
        tail = " (cancelled)" if self.cancelled else ""
        return ", ".join(parts) + f" in {self.seconds:.1f} s{tail}"


def update_library(
    db: sqlite_utils.Database,
    index: SearchIndex,
    root: Path,
    *,
    limits: Limits = Limits(),
    workers: int = 2,
    timeout_s: float = 60.0,
    progress: Progress = lambda done, total, label: None,
    cancel: Cancel = lambda: False,
    keep_read_on_cancel: Cancel = lambda: True,
) -> RunSummary:
    """Bring the database and the index in step with the library folder at `root`.

    The steps, in order: find the files, decide which to read, forget what
    left, apply the spreadsheet and mapping files, read and store (indexing as
    results land), save the index, then read scanned pages. On cancel, what
    was read so far is made searchable unless `keep_read_on_cancel()` says
    otherwise (an app that is quitting: the stored sections are indexed at its
    next start instead).
    """
    started = time.perf_counter()
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"The library folder {root} does not exist or is not reachable.")
    summary = RunSummary()
    run_id = db["index_runs"].insert({"library": str(root), "started_at": utc_now(), "status": "running"}).last_pk
    progress(0, 0, "Looking for changes")
    found = _find_files(db, root, run_id, summary)
    plan = _plan_reads(db, found, limits, summary)
    _forget_what_left(db, root, found, plan, summary)
    _apply_library_files(db, root, found, summary)
    reading = _Reading(db, index, found, plan, summary, progress)
    reading.read_all(limits, workers, timeout_s, cancel)
    _save_index(db, index, root, reading, summary, limits=limits, workers=workers, timeout_s=timeout_s,
                progress=progress, cancel=cancel, keep_read_on_cancel=keep_read_on_cancel)
    _end_run(db, run_id, summary, started)
    return summary


@dataclass
class _Found:
    """What the scan saw, and the library's own files that steer metadata."""

    files: dict[str, FileInfo]
    scan_errors: list[tuple[str, str]]
    manifest: Manifest
    rules: FacetRules


@dataclass
class _Plan:
    """What the database already knows, and which files must be read."""

    known: dict[str, tuple]  # rel path → (id, size, mtime_ns, sha256)
    problems: dict[str, tuple]  # rel path → (size, mtime_ns, reason)
    to_read: list[FileInfo]


def _find_files(db: sqlite_utils.Database, root: Path, run_id: int, summary: RunSummary) -> _Found:
    manifest = read_manifest(root)
    summary.messages += manifest.problems
    rules = load_rules(root)
    summary.messages += rules.problems
    scan_errors: list[tuple[str, str]] = []
    files = {f.rel_path: f for f in scan(root, accept=lambda n: file_type(n) is not None,
                                          on_error=lambda rel, why: scan_errors.append((rel, why)))
             if f.rel_path not in _LIBRARY_FILES and not is_messaging_path(f.rel_path)}
    for rel, why in scan_errors:
        if rel == ".":
            # The root went away or shut us out after the check above: same answer, nothing touched.
            db["index_runs"].update(run_id, {"finished_at": utc_now(), "status": "failed"})
            db.conn.commit()
            raise OSError(f"The library folder {root} cannot be read ({why}); nothing was changed.")
    summary.scanned = len(files)
    summary.messages += [f"{rel}: {why}" for rel, why in scan_errors]
    return _Found(files, scan_errors, manifest, rules)


def _plan_reads(db: sqlite_utils.Database, found: _Found, limits: Limits, summary: RunSummary) -> _Plan:
    """Files to read: new, changed, read by an older extractor, torn, or a problem worth retrying."""
    known = {r[0]: r[1:] for r in db.execute("SELECT path, id, size, mtime_ns, sha256 FROM assets WHERE removed = 0")}
    # Read by an older extractor (stripped less markup, say): read again although unchanged.
    outdated = {r[0] for r in db.execute("SELECT path, type, extractor FROM assets WHERE removed = 0")
                if r[2] != extractor_version(r[1])}
    # An asset with no stored text was torn by a kill in an older version
    # (its row committed before its sections): read it again.
    # (A scan whose pages still wait for OCR has no text yet, and is not torn.)
    torn = {r[0] for r in db.execute(
        "SELECT path FROM assets a WHERE removed = 0 AND scanned_pages = '' "
        "AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.asset_id = a.id)")}
    problems = {r[0]: r[1:] for r in db.execute("SELECT path, size, mtime_ns, reason FROM problems")}
    ocr_ready = not unavailable_reason(limits.ocr_languages)

    to_read: list[FileInfo] = []
    for rel, info in found.files.items():
        if rel in known and rel not in torn and rel not in outdated:
            _, size, mtime_ns, sha = known[rel]
            if (size, mtime_ns) == (info.size, info.mtime_ns):
                summary.unchanged += 1
                continue
            if size == info.size and _same_content(info.abs_path, sha):
                # Touched but not changed (copied, synced): no need to read it again.
                db.execute("UPDATE assets SET mtime_ns = ? WHERE path = ?", [info.mtime_ns, rel])
                summary.unchanged += 1
                continue
        elif rel in problems and problems[rel][:2] == (info.size, info.mtime_ns):
            # Unreadable is about the file's surroundings (permissions, a lock), which
            # size + mtime don't show: try again once it opens; opening is cheap.
            # A scan is read again once OCR can read it (installed, or switched on).
            reason = problems[rel][2]
            retry = (reason == UNREADABLE and _opens(info.abs_path)) or (reason == SCANNED and ocr_ready)
            if not retry:
                summary.failed += 1
                continue
        to_read.append(info)
    db.conn.commit()
    return _Plan(known, problems, to_read)


def _forget_what_left(db: sqlite_utils.Database, root: Path, found: _Found, plan: _Plan,
                      summary: RunSummary) -> None:
    # A folder that could not be listed says nothing about its files: keep
    # their assets and problems as they were until it can be listed again.
    unlisted = tuple(rel for rel, _ in found.scan_errors if rel.endswith("/"))
    gone = [rel for rel in plan.known if rel not in found.files and not rel.startswith(unlisted)]
    if plan.known and not found.files:
        # An empty folder where a library was is almost always an unmounted
        # network drive or a sync client still starting: forgetting every
        # asset (and its usage links) would be the wrong guess.
        summary.messages.append(
            f"The library folder {root} is empty. If the drive is not connected yet, connect it and "
            f"re-index; nothing was removed. To really empty the library, choose another folder.")
        gone = []
    with db.conn:
        db.conn.executemany("UPDATE assets SET removed = 1, updated_at = ? WHERE path = ?", [(utc_now(), g) for g in gone])
        db.conn.executemany("DELETE FROM problems WHERE path = ?",
                            [(p,) for p in plan.problems if p not in found.files and not p.startswith(unlisted)])
        for rel, why in found.scan_errors:
            _note_problem(db, rel, UNREADABLE,
                          f"{why} — its files keep their last indexed version" if rel.endswith("/") else why)
    summary.removed = len(gone)
    summary.failed += sum(1 for rel, _ in found.scan_errors if not rel.endswith("/"))


def _apply_library_files(db: sqlite_utils.Database, root: Path, found: _Found, summary: RunSummary) -> None:
    """messaging/, collateral.csv, facets.toml and synonyms.txt: checked, applied, their problems listed."""
    summary.messages += _note_messaging_problems(db, root)
    if found.manifest.usable:
        _apply_manifest(db, found.manifest.rows, found.rules, only_listed=found.manifest.partial)
        summary.messages += case_mismatches(found.manifest, set(found.files))
    _report_synonyms(db, root)


class _Reading:
    """Reads the planned files in the extraction pool and stores each outcome as it lands.

    Each stored asset is handed to the streaming index at once. A file that
    changed while it was read is read again, up to _READ_ATTEMPTS times.
    """

    def __init__(self, db: sqlite_utils.Database, index: SearchIndex, found: _Found, plan: _Plan,
                 summary: RunSummary, progress: Progress) -> None:
        self.db, self.found, self.plan, self.summary, self.progress = db, found, plan, summary, progress
        self.live = StreamingIndex(db, index, expected=len(plan.to_read))
        self.done = 0
        self.total = len(plan.to_read)
        self.stored_now: set[str] = set()
        self._by_path: dict[Path, FileInfo] = {}
        self._changing: list[FileInfo] = []  # changed while being read: the outcome may mix two versions

    def read_all(self, limits: Limits, workers: int, timeout_s: float, cancel: Cancel) -> None:
        if not self.plan.to_read:
            return
        try:
            with ExtractPool(workers=workers, timeout_s=timeout_s) as pool:
                pending = self.plan.to_read
                for attempt in range(_READ_ATTEMPTS):
                    if attempt:
                        self.total += len(pending)
                    self._by_path = {f.abs_path: f for f in pending}
                    pool.run(list(self._by_path), limits, self._on_result, cancel)
                    pending = [_restated(f) for f in self._changing]
                    self._changing.clear()
                    if not pending or cancel():
                        return
                for info in pending:
                    # The version indexed before (if any) stays: consistent, if not the newest.
                    _note_problem(self.db, info.rel_path, UNREADABLE,
                                  "kept changing while it was being read — it is read again on the next scan",
                                  info.size, info.mtime_ns)
                    self.summary.failed += 1
        except BaseException:
            self.live.cancel()  # never leave the index locked by a writer
            raise

    def _on_result(self, path: Path, outcome: Extracted | ExtractError) -> None:
        info = self._by_path[path]
        self.done += 1
        self._settle(info, outcome)
        self.progress(self.done, self.total, info.rel_path)

    def _settle(self, info: FileInfo, outcome: Extracted | ExtractError) -> None:
        # Stat before and after hashing: equal to the scan's stat means the
        # extractor, the hash and the stored size + mtime all saw one version.
        summary = self.summary
        try:
            before = _version(info.abs_path)
            if before is None:
                return  # vanished: the next run's scan marks it removed
            if before != (info.size, info.mtime_ns):
                self._changing.append(info)
                return
            if isinstance(outcome, ExtractError):
                _record_problem(self.db, info, outcome)
                summary.failed += 1
                return
            sha = _sha256(info.abs_path)
            if _version(info.abs_path) != before:
                self._changing.append(info)
                return
        except FileNotFoundError:
            return
        except OSError as exc:
            _record_problem(self.db, info, ExtractError(UNREADABLE, exc.strerror or str(exc), str(exc)))
            summary.failed += 1
            return
        manifest = self.found.manifest
        asset_id = _store_asset(self.db, info, sha, outcome,
                                manifest.rows.get(info.rel_path, {}) if manifest.usable else None, self.found.rules)
        self.live.add([asset_id])
        self.stored_now.add(info.rel_path)
        summary.pages += len(outcome.sections)
        if info.rel_path in self.plan.known:
            summary.changed += 1
        else:
            summary.added += 1


def _save_index(db: sqlite_utils.Database, index: SearchIndex, root: Path, reading: _Reading,
                summary: RunSummary, *, limits: Limits, workers: int, timeout_s: float, progress: Progress,
                cancel: Cancel, keep_read_on_cancel: Cancel) -> None:
    """Commit what was read, take out what left, then read scanned pages (the slow part, last)."""
    live = reading.live
    summary.cancelled = cancel()
    if summary.cancelled and not keep_read_on_cancel():
        live.cancel()  # stored sections stay; the next run indexes them
        return
    if summary.cancelled:
        # What was read stays searchable, and what left the library leaves the
        # index: a cancelled switch to another library must not leave a window
        # with nothing to search (nor the old library's words to suggest).
        progress(reading.done, reading.total, "Saving what was read so far")
        live.commit()
        update_index(db, index, progress)
        return
    progress(reading.total, reading.total, "Saving the search index")
    live.commit()
    summary.cancelled = update_index(db, index, progress, cancel).cancelled  # removals, metadata-only changes
    if summary.cancelled:
        return
    # Last, so that every file's own text is searchable before the slow part starts.
    ocr = read_scanned_pages(db, index, root, limits=limits, workers=workers, timeout_s=timeout_s,
                             progress=progress, cancel=cancel)
    summary.scanned_pages = ocr.pages
    for rel in ocr.no_text:
        summary.failed += 1
        if rel in reading.stored_now:  # counted as new or changed a moment ago
            summary.changed -= rel in reading.plan.known
            summary.added -= rel not in reading.plan.known
    # Scans in which OCR found no word became problems: take them out (cheap when none did).
    summary.cancelled = cancel() or update_index(db, index, progress, cancel).cancelled


def _end_run(db: sqlite_utils.Database, run_id: int, summary: RunSummary, started: float) -> None:
    summary.failed_by_reason = problem_counts(db)
    summary.seconds = time.perf_counter() - started
    db["index_runs"].update(run_id, {
        "finished_at": utc_now(), "status": "cancelled" if summary.cancelled else "done",
        "scanned": summary.scanned, "added": summary.added, "changed": summary.changed,
        "removed": summary.removed, "failed": summary.failed, "pages": summary.pages,
        "seconds": round(summary.seconds, 3),
    })


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _same_content(path: Path, sha: str) -> bool:
    try:
        return _sha256(path) == sha
    except OSError:
        return False  # extraction will meet the same error and record why


def _opens(path: Path) -> bool:
    # O_NONBLOCK: should a FIFO have taken the file's place, opening must not wait for a writer.
    try:
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError:
        return False
    return True


def _version(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) now; None when the file is gone."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st.st_size, st.st_mtime_ns


def _restated(info: FileInfo) -> FileInfo:
    now = _version(info.abs_path)
    return FileInfo(info.rel_path, info.abs_path, *now) if now else info


def _store_asset(db: sqlite_utils.Database, info: FileInfo, sha: str, extracted: Extracted,
                 manifest_row: dict[str, str] | None, rules: FacetRules) -> int:
    """Store one extracted file; returns its asset id.

    `manifest_row` None: the manifest is unusable, so a known asset keeps its stored metadata."""
    meta = asset_metadata(info.rel_path, extracted.properties, manifest_row or {}, rules)
    row = {
        "path": info.rel_path, "size": info.size, "mtime_ns": info.mtime_ns, "sha256": sha,
        "type": file_type(info.rel_path), "extractor": extractor_version(file_type(info.rel_path) or ""),
        "page_count": extracted.page_count or len(extracted.sections),
        "removed": 0, "updated_at": utc_now(), "doc_properties": json.dumps(extracted.properties), **meta,
        "scanned_pages": ",".join(str(page) for page in extracted.scanned_pages),
    }
    # One transaction, in plain SQL: sqlite-utils' table methods commit on their
    # own, and a kill between the asset row and its sections left an asset that
    # later runs took as stored and indexed, with no text.
    conn = db.conn
    with conn:
        existing = conn.execute("SELECT id FROM assets WHERE path = ?", [info.rel_path]).fetchone()
        if existing:
            asset_id = existing[0]
            if manifest_row is None:
                row = {k: v for k, v in row.items() if k not in meta}
            row["indexed_sha256"] = None
            conn.execute(f"UPDATE assets SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
                         [*row.values(), asset_id])
            conn.execute("DELETE FROM sections WHERE asset_id = ?", [asset_id])
        else:
            asset_id = conn.execute(f"INSERT INTO assets ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                    list(row.values())).lastrowid
        conn.executemany(
            "INSERT INTO sections (asset_id, ordinal, page, label, heading, text) VALUES (?, ?, ?, ?, ?, ?)",
            ((asset_id, i, s.page, s.label, s.heading, s.text) for i, s in enumerate(extracted.sections)),
        )
        conn.execute("DELETE FROM problems WHERE path = ?", [info.rel_path])
    return asset_id


def _note_messaging_problems(db: sqlite_utils.Database, root: Path) -> list[str]:
    """messaging/*.json is the approved wording for briefs, not collateral: it is validated,
    never indexed, and each broken file is one Problems row naming its bad keys."""
    found = problems_by_file(load_messaging(root))
    with db.conn:
        db.conn.execute("DELETE FROM problems WHERE path LIKE 'messaging/%'")
        for rel, messages in found.items():
            _note_problem(db, rel, INVALID_MESSAGING, "; ".join(messages))
    return [f"{rel}: {m}" for rel, messages in found.items() for m in messages]


def _record_problem(db: sqlite_utils.Database, info: FileInfo, error: ExtractError) -> None:
    with db.conn:
        # A file that was fine and is now unreadable no longer answers searches.
        # (db.conn, not db.execute, opens the transaction: sqlite-utils would commit this alone.)
        db.conn.execute("UPDATE assets SET removed = 1, updated_at = ? WHERE path = ?", [utc_now(), info.rel_path])
        _note_problem(db, info.rel_path, error.reason, error.detail, info.size, info.mtime_ns, error.technical)
    # The log keeps what the library said, for whoever has to look into it.
    log.info("%s: %s — %s%s", info.rel_path, error.reason, error.detail,
             f" ({error.technical})" if error.technical else "")


def _note_problem(db: sqlite_utils.Database, rel: str, reason: str, detail: str,
                  size: int = -1, mtime_ns: int = -1, technical: str = "") -> None:
    """Upsert the row people see; -1 (no stat) never equals a real file, so it never blocks a retry."""
    db["problems"].upsert(
        {"path": rel, "size": size, "mtime_ns": mtime_ns, "reason": reason, "detail": detail[:500],
         "technical": technical[:1000], "seen_at": utc_now()},
        pk="path",
    )


def _report_synonyms(db: sqlite_utils.Database, root: Path) -> None:
    """synonyms.txt lines that cannot be used, as one row in Problems (search skips them)."""
    _, problems = read_synonyms(root)
    if problems:
        _note_problem(db, SYNONYMS_NAME, BAD_SYNONYMS, "; ".join(problems))
    else:
        db.execute("DELETE FROM problems WHERE path = ?", [SYNONYMS_NAME])
    db.conn.commit()


def _apply_manifest(db: sqlite_utils.Database, rows: dict[str, dict[str, str]], rules: FacetRules, *,
                    only_listed: bool = False) -> None:
    """Manifest and facets.toml edits change metadata without touching files: re-index only those assets."""
    columns = ("title", "product", "persona", "stage", "region", "tags", "owner", "kind", "industry",
               "facet_sources", "expires", "approved")
    current = db.execute(f"SELECT id, path, doc_properties, {', '.join(columns)} FROM assets WHERE removed = 0")
    updates = []
    for aid, path, props, *values in current.fetchall():
        if only_listed and path not in rows:
            continue
        stored = dict(zip(columns, values, strict=True))
        wanted = asset_metadata(path, _json_dict(props), rows.get(path, {}), rules)
        if wanted != stored:
            updates.append((aid, wanted))
    with db.conn:
        for aid, wanted in updates:
            db["assets"].update(aid, {**wanted, "indexed_sha256": None, "updated_at": utc_now()})


def _json_dict(text: str) -> dict[str, str]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
