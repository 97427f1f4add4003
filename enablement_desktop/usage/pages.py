"""What the page heatmap shows beside its numbers: the asset's title, type and page labels.

One core call, so the window (ui/insights/pages.py) runs no SQL of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

_KIND_WORD = {"pdf": "Page", "pptx": "Slide", "xlsx": "Sheet"}


@dataclass(frozen=True)
class PageAsset:
    path: str
    title: str
    type: str  # '' when the asset is no longer in the library
    labels: dict[int, str] = field(default_factory=dict)  # page -> 'Slide 7 · Pricing'

    def label(self, page: int) -> str:
        return self.labels.get(page) or f"{_KIND_WORD.get(self.type, 'Section')} {page}"


def page_asset(db: sqlite_utils.Database, asset_path: str) -> PageAsset:
    """The asset's title, type and a label per page (the first section of each page)."""
    row = db.conn.execute(
        "SELECT id, title, type FROM assets WHERE path = ? AND removed = 0", [asset_path]
    ).fetchone()
    if row is None:
        return PageAsset(asset_path, asset_path, "")
    asset_id, title, kind = row
    labels: dict[int, str] = {}
    sections = db.conn.execute(
        "SELECT page, label, heading FROM sections WHERE asset_id = ? ORDER BY ordinal", [asset_id]
    )
    for page, label, heading in sections:
        if page in labels:
            continue
        if label.startswith("p. "):
            name = f"Page {page}"
        elif label.startswith(("slide ", "sheet ")):
            name = label[:1].upper() + label[1:]
        else:  # Word, Markdown and HTML sections are labelled by their heading
            name, heading = f"Section {page}", heading or label
        if heading and heading.casefold() not in name.casefold():
            name = f"{name} · {heading}"
        labels[page] = name
    return PageAsset(asset_path, title, kind, labels)
