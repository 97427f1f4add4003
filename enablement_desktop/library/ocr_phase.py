"""The OCR phase of an indexing run: scanned pages and pictures, after everything else.

Every file's own text is stored and searchable before this starts, so OCR
(about a second a page) never holds up search: it only adds pages. Each page
is one job in the extraction pool, with the same time limit and memory cap as
a file. Finished pages go to `ocr_cache` at once (keyed by the file's SHA-256,
the page and the languages), so a run stopped half-way, a rebuilt database
row or a moved copy of the scan costs no second reading; an asset's pages
become searchable as soon as all of them are read. Assets remember which
pages still wait (`assets.scanned_pages`), so the next run resumes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from enablement_desktop.extract import clean_text
from enablement_desktop.extract.base import NO_TEXT, ExtractError, Limits
from enablement_desktop.extract.ocr import OcrJob, unavailable_reason
from enablement_desktop.extract.pool import ExtractPool
from enablement_desktop.search.index import SearchIndex
from enablement_desktop.search.indexer import StreamingIndex
from enablement_desktop.store.db import utc_now

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
_TASK = "enablement_desktop.extract.ocr:read_page"
_COMMIT_EVERY_S = 5.0  # OCR'd assets become searchable in small batches, not at the very end


@dataclass
class OcrOutcome:
    pages: int = 0  # pages read (cache hits included)
    no_text: list[str] = field(default_factory=list)  # scans in which OCR found no word: now problems


@dataclass
class _Asset:
    id: int
    path: str
    kind: str
    sha256: str
    version: tuple[int, int]  # size, mtime_ns when its text was stored
    texts: dict[int, str]
    waiting: int


def read_scanned_pages(
    db: sqlite_utils.Database,
    index: SearchIndex,
    root: Path,
    *,
    limits: Limits,
    workers: int,
    timeout_s: float,
    progress: Progress,
    cancel: Callable[[], bool],
) -> OcrOutcome:
    """OCR every page waiting in the library."""
    outcome = OcrOutcome()
    if unavailable_reason(limits.ocr_languages):
        return outcome
    languages = limits.ocr_languages
    rows = db.execute(
        "SELECT id, path, type, sha256, size, mtime_ns, scanned_pages FROM assets "
        "WHERE removed = 0 AND scanned_pages != '' ORDER BY path"
    ).fetchall()
    if not rows:
        return outcome
    jobs: dict[OcrJob, _Asset] = {}
    assets: list[_Asset] = []
    for asset_id, path, kind, sha, size, mtime_ns, pages in rows:
        wanted = [int(p) for p in pages.split(",") if p.isdigit()]
        cached = dict(db.execute(
            "SELECT page, text FROM ocr_cache WHERE sha256 = ? AND languages = ?", [sha, languages]
        ).fetchall())
        asset = _Asset(asset_id, path, "pdf" if kind == "pdf" else "image", sha, (size, mtime_ns),
                       {p: cached[p] for p in wanted if p in cached}, 0)
        for page in wanted:
            if page not in cached:
                jobs[OcrJob(root / path, asset.kind, page)] = asset
                asset.waiting += 1
        assets.append(asset)

    live = StreamingIndex(db, index, expected=0)
    total, done = len(jobs), 0
    last_commit = time.monotonic()
    progress(0, total, f"Reading scanned pages 0 of {total:,}")

    def finished(asset: _Asset) -> None:
        outcome.pages += len(asset.texts)
        stored = _store(db, root, asset)
        if stored is True:
            live.add([asset.id])
        elif stored is None:
            outcome.no_text.append(asset.path)

    for asset in assets:
        if asset.waiting == 0:  # every page came from the cache
            finished(asset)

    def on_result(job: OcrJob, result: str | ExtractError) -> None:
        nonlocal done, last_commit
        asset = jobs[job]
        done += 1
        if isinstance(result, ExtractError):
            log.warning("OCR of %s page %d failed: %s (%s)", asset.path, job.page, result.detail,
                        result.technical)
        else:
            text = clean_text(result)[: limits.max_chars_per_section]
            asset.texts[job.page] = text
            with db.conn:
                db.conn.execute("INSERT OR REPLACE INTO ocr_cache (sha256, page, languages, text) "
                                "VALUES (?, ?, ?, ?)", [asset.sha256, job.page, languages, text])
        asset.waiting -= 1
        if asset.waiting == 0:
            finished(asset)
        progress(done, total, f"Reading scanned pages {done:,} of {total:,}")
        if time.monotonic() - last_commit > _COMMIT_EVERY_S:
            live.commit()
            last_commit = time.monotonic()

    try:
        if jobs:
            with ExtractPool(workers=workers, timeout_s=timeout_s) as pool:
                pool.run(list(jobs), limits, on_result, cancel, task=_TASK)
    except BaseException:
        live.cancel()
        raise
    live.commit()
    return outcome


def _store(db: sqlite_utils.Database, root: Path, asset: _Asset) -> bool | None:
    """Add an asset's OCR'd pages to its sections.

    True: index it; False: the file changed or went (the next run reads it);
    None: no text at all, so it is a problem now, not an asset.
    """
    try:
        st = (root / asset.path).stat()
    except OSError:
        return False  # gone: the next run's scan deals with it
    if (st.st_size, st.st_mtime_ns) != asset.version:
        return False  # changed since its text was stored: the next run reads it whole again
    conn = db.conn
    with conn:
        old = conn.execute("SELECT page, label, heading, text FROM sections WHERE asset_id = ?",
                           [asset.id]).fetchall()
        new = [(page, _label(asset.kind, page), "", text) for page, text in asset.texts.items() if text]
        merged = sorted(old + new, key=lambda row: row[0])
        if not merged:
            conn.execute("UPDATE assets SET removed = 1, scanned_pages = '', updated_at = ? WHERE id = ?",
                         [utc_now(), asset.id])
            conn.execute(
                "INSERT OR REPLACE INTO problems (path, size, mtime_ns, reason, detail, technical, seen_at) "
                "VALUES (?, ?, ?, ?, ?, '', ?)",
                [asset.path, *asset.version, NO_TEXT, "OCR found no words on its scanned pages", utc_now()],
            )
            return None
        conn.execute("DELETE FROM sections WHERE asset_id = ?", [asset.id])
        conn.executemany(
            "INSERT INTO sections (asset_id, ordinal, page, label, heading, text) VALUES (?, ?, ?, ?, ?, ?)",
            [(asset.id, ordinal, *row) for ordinal, row in enumerate(merged)],
        )
        conn.execute("UPDATE assets SET scanned_pages = '', indexed_sha256 = NULL, updated_at = ? WHERE id = ?",
                     [utc_now(), asset.id])
    return True


def _label(kind: str, page: int) -> str:
    return f"p. {page}" if kind == "pdf" else f"picture {page}"
