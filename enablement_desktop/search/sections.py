"""Stored sections → the documents the search index holds, read from the database."""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils

from enablement_desktop.search.catalog import split_values
from enablement_desktop.search.index import SectionDoc


def section_docs(db: sqlite_utils.Database, asset_ids: list[int]) -> Iterator[SectionDoc]:
    """The documents of `asset_ids`, in asset and section order."""
    marks = ",".join("?" * len(asset_ids))
    assets = {
        r[0]: (r[1], split_values(r[2]), r[3])
        for r in db.execute(f"SELECT id, title, tags, path FROM assets WHERE id IN ({marks})", asset_ids)
    }
    rows = db.execute(
        f"SELECT asset_id, ordinal, heading, text FROM sections WHERE asset_id IN ({marks}) ORDER BY asset_id, ordinal",
        asset_ids,
    )
    for asset_id, ordinal, heading, text in rows:
        title, tags, path = assets[asset_id]
        body = f"{heading}\n{text}" if heading and not text.startswith(heading) else text
        yield SectionDoc(asset_id, ordinal, title, body, tags, path)
