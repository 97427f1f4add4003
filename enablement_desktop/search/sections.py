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
