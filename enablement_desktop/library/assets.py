"""Reading one asset's row and sections: what the window and the CLI look up about a file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils


@dataclass(frozen=True)
class AssetRef:
    id: int
    path: str  # relative to the library root, '/' separated
    title: str
    type: str
    sha256: str
    page_count: int


@dataclass(frozen=True)
class PageText:
    """The text of one page / slide / sheet / section, as it was indexed."""

    heading: str
    text: str  # the sections of that page joined, without the heading repeated


def asset_by_path(db: sqlite_utils.Database, path: str) -> AssetRef | None:
    """The asset at `path` (relative to the library), None when it is not (or no longer) there."""
    row = db.execute(
        "SELECT id, path, title, type, sha256, page_count FROM assets WHERE path = ? AND removed = 0", [path]
    ).fetchone()
    return AssetRef(*row) if row else None


def asset_by_id(db: sqlite_utils.Database, asset_id: int) -> AssetRef | None:
    row = db.execute(
        "SELECT id, path, title, type, sha256, page_count FROM assets WHERE id = ? AND removed = 0", [asset_id]
    ).fetchone()
    return AssetRef(*row) if row else None


def sha256_by_id(db: sqlite_utils.Database, asset_ids: Sequence[int]) -> dict[int, str]:
    """The content hash of each asset, for the events a result row records."""
    if not asset_ids:
        return {}
    marks = ",".join("?" for _ in asset_ids)
    return dict(db.execute(f"SELECT id, sha256 FROM assets WHERE id IN ({marks})", list(asset_ids)).fetchall())


def page_text(db: sqlite_utils.Database, asset_id: int, page: int) -> PageText:
    """The indexed text of `page` (1-based) of an asset; empty when it has none."""
    sections = db.execute(
        "SELECT heading, text FROM sections WHERE asset_id = ? AND page = ? ORDER BY ordinal", [asset_id, page]
    ).fetchall()
    heading = next((h for h, _ in sections if h), "")
    text = "\n\n".join(t for _, t in sections if t.strip())
    if heading and text.startswith(heading):
        text = text[len(heading):].lstrip()  # the heading is shown as such, not twice
    return PageText(heading, text)


def unchanged_since_indexed(db: sqlite_utils.Database, library: Path, asset_id: int) -> bool:
    """True when the file on disk is the one extraction read (same size and mtime).

    Only such files may go to QtPdf, which can hang on a malformed PDF that
    extraction would have caught in its killable worker.
    """
    row = db.execute("SELECT path, size, mtime_ns FROM assets WHERE id = ? AND removed = 0",
                     [asset_id]).fetchone()
    if row is None:
        return False
    try:
        stat = (library / row[0]).stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == (row[1], row[2])
