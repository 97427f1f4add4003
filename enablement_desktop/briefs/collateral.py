"""Library assets as brief collateral: who may go on a brief, what to recommend, titles.

Only approved, unexpired assets that are still in the library may be put on
a brief. An asset stays valid through its `expires` day.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from enablement_desktop.briefs.model import Brief
from enablement_desktop.briefs.templates import normalize_label, same_product
from enablement_desktop.usage.events import asset_stats

# Ratings are averaged with this many neutral (3-star) votes, so one 5-star
# rating does not outrank twenty 4.8-star ones.
PRIOR_VOTES = 2
PRIOR_RATING = 3.0


@dataclass(frozen=True)
class Recommendation:
    path: str
    title: str
    page: int | None  # the page sellers dwell on most, if anyone has read it
    rating: float | None  # mean of each person's latest rating (usage.events.asset_stats)
    ratings: int
    opens: int


def split_labels(text: str) -> list[str]:
    """'CFO, Finance; AP' -> ['CFO', 'Finance', 'AP'] (assets.product / assets.persona)."""
    return [part.strip() for part in re.split(r"[,;]", text or "") if part.strip()]


def asset_problem(path: str, row: dict[str, Any] | None, today: date) -> str | None:
    """Why this asset can't go on a brief (None if it can), naming it so people can find it."""
    if row is None or row["removed"]:
        return f'"{path}" is not in the library (moved or deleted?): remove it from the brief or rescan.'
    name = f'"{row["title"]}" ({path})'
    if not row["approved"]:
        owner = f" — ask {row['owner']}" if row["owner"] else ""
        return f"{name} is not approved for use{owner}: remove it from the brief."
    expires = (row["expires"] or "")[:10]
    if expires and expires < today.isoformat():
        return f"{name} expired on {expires}: remove it from the brief or ask marketing for a current version."
    return None


def _asset_rows(db: sqlite_utils.Database, paths: list[str]) -> dict[str, dict[str, Any]]:
    if not paths:
        return {}
    cursor = db.conn.execute(
        "SELECT path, title, approved, expires, removed, owner, sha256 FROM assets "
        "WHERE path IN (SELECT value FROM json_each(?))",
        (json.dumps(paths),),
    )
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor}


def check_collateral(db: sqlite_utils.Database, brief: Brief, today: date | None = None) -> list[str]:
    """One readable problem per asset on the brief that is expired, unapproved or missing."""
    today = today or date.today()
    rows = _asset_rows(db, [c.path for c in brief.collateral])
    problems = [asset_problem(c.path, rows.get(c.path), today) for c in brief.collateral]
    return [p for p in problems if p]


def fill_titles(db: sqlite_utils.Database, brief: Brief) -> Brief:
    """A copy of `brief` whose collateral without a title gets the library's title."""
    rows = _asset_rows(db, [c.path for c in brief.collateral if not c.title])
    collateral = [
        dataclasses.replace(c, title=rows[c.path]["title"]) if not c.title and c.path in rows else c
        for c in brief.collateral
    ]
    return dataclasses.replace(brief, collateral=collateral)


def asset_hashes(db: sqlite_utils.Database, paths: list[str]) -> dict[str, str]:
    return {path: row["sha256"] for path, row in _asset_rows(db, paths).items()}


def recommend_collateral(
    db: sqlite_utils.Database,
    products: list[str],
    personas: list[str],
    today: date | None = None,
    limit: int = 5,
) -> list[Recommendation]:
    """Approved, unexpired assets tagged with one of `products` ('Ledger' counts as
    'Tidewater Ledger') and one of `personas` (an empty list matches anything),
    best rated first, then most opened."""
    today = today or date.today()
    want_personas = {normalize_label(p) for p in personas}
    candidates: dict[str, str] = {}
    for path, title, product, persona in db.conn.execute(
        "SELECT path, title, product, persona FROM assets WHERE approved = 1 AND removed = 0 "
        "AND (expires = '' OR substr(expires, 1, 10) >= ?)",
        (today.isoformat(),),
    ):
        if products and not any(same_product(w, p) for w in products for p in split_labels(product)):
            continue
        if want_personas and not want_personas & {normalize_label(p) for p in split_labels(persona)}:
            continue
        candidates[path] = title
    if not candidates:
        return []
    stats = asset_stats(db, candidates)
    pages = _most_read_pages(db, list(candidates))
    recs = [
        Recommendation(path, title, pages.get(path), stats[path].avg_rating,
                       stats[path].rating_count, stats[path].open_count)
        for path, title in candidates.items()
    ]

    def rank(rec: Recommendation) -> tuple[float, int, str]:
        total = (rec.rating or 0.0) * rec.ratings
        score = (total + PRIOR_VOTES * PRIOR_RATING) / (rec.ratings + PRIOR_VOTES)
        return (-score, -rec.opens, rec.title.lower())

    return sorted(recs, key=rank)[:limit]


def _most_read_pages(db: sqlite_utils.Database, paths: list[str]) -> dict[str, int]:
    """path -> the page sellers dwelt on longest (page_view events), for assets anyone read."""
    rows = db.conn.execute(
        """
        SELECT asset_path, page FROM (
            SELECT asset_path, page, ROW_NUMBER() OVER (
                PARTITION BY asset_path ORDER BY SUM(COALESCE(dwell_ms, 0)) DESC, page) AS best
            FROM events
            WHERE kind = 'page_view' AND page IS NOT NULL
              AND asset_path IN (SELECT value FROM json_each(?))
            GROUP BY asset_path, page
        ) WHERE best = 1
        """,
        (json.dumps(paths),),
    )
    return {path: int(page) for path, page in rows}
