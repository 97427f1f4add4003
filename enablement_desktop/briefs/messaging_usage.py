"""Which approved messages sellers put on briefs, and which they rewrite.

Each brief export records the blocks it carried on its first `brief_export`
row (`data.blocks`: id, kind, version, edited; see export.py). A block counts
once per export, whatever number of asset rows the export has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from enablement_desktop.briefs.messaging import Messaging, load_messaging
from enablement_desktop.usage.filters import NO_FILTERS, Filters


@dataclass(frozen=True)
class MessageUse:
    id: str
    kind: str
    used_on_briefs: int  # exported briefs that carried it, as approved or edited
    edited: int  # of those, how many carried the seller's rewrite instead of the approved words
    last_used: str  # UTC timestamp of the latest such export; "" if never


def messaging_usage(
    db: sqlite_utils.Database, messaging: Messaging | None = None, filters: Filters = NO_FILTERS
) -> list[MessageUse]:
    """Every block of the library (unused ones with 0) and every block exports used, most used first.

    Dates and team filter the exports; product and persona keep the library's
    blocks written for them (a block for every product or persona always stays).
    """
    where, params = filters.event_clause("e")
    rows = db.conn.execute(
        f"""
        SELECT json_extract(b.value, '$.id') AS id,
               max(json_extract(b.value, '$.kind')),
               count(DISTINCT json_extract(e.data, '$.export')),
               count(DISTINCT CASE WHEN json_extract(b.value, '$.edited') = 1
                                   THEN json_extract(e.data, '$.export') END),
               max(e.ts)
        FROM events e, json_each(e.data, '$.blocks') b
        WHERE e.kind = 'brief_export' AND json_type(e.data, '$.blocks') = 'array'
          AND json_type(b.value) = 'object' AND json_type(b.value, '$.id') = 'text' {where}
        GROUP BY id
        """,
        params,
    ).fetchall()
    used = {r[0]: MessageUse(r[0], r[1] or "", r[2], r[3], r[4] or "") for r in rows}
    blocks = messaging.blocks if messaging else {}
    out = dict(used)
    for block in blocks.values():
        if filters.product or filters.persona:
            if not block.fits(filters.product, filters.persona):
                out.pop(block.id, None)
                continue
        if block.id in out:
            out[block.id] = MessageUse(block.id, block.kind, *_counts(out[block.id]))
        else:
            out[block.id] = MessageUse(block.id, block.kind, 0, 0, "")
    return sorted(out.values(), key=lambda u: (-u.used_on_briefs, u.id))


def _counts(use: MessageUse) -> tuple[int, int, str]:
    return use.used_on_briefs, use.edited, use.last_used


def never_used(uses: list[MessageUse], messaging: Messaging) -> list[MessageUse]:
    """Blocks in the library that no exported brief carried."""
    return [u for u in uses if u.used_on_briefs == 0 and u.id in messaging.blocks]


def most_rewritten(uses: list[MessageUse], limit: int = 10) -> list[MessageUse]:
    """Blocks sellers rewrote, most rewrites first (then the highest share of rewrites)."""
    edited = [u for u in uses if u.edited]
    return sorted(edited, key=lambda u: (-u.edited, -u.edited / u.used_on_briefs, u.id))[:limit]


@dataclass(frozen=True)
class MessagingFigures:
    """What the Insights tab shows: every block's use, the never used and the most rewritten."""

    uses: list[MessageUse]
    never_used: list[MessageUse]
    most_rewritten: list[MessageUse]
    wording: dict[str, str]  # id -> the block's words on one line, for blocks still in the library
    blocks: int  # blocks in the library


def messaging_figures(
    db: sqlite_utils.Database, library_root: Path | None, filters: Filters = NO_FILTERS
) -> MessagingFigures:
    messaging = load_messaging(library_root)
    uses = messaging_usage(db, messaging, filters)
    return MessagingFigures(
        uses=uses,
        never_used=never_used(uses, messaging),
        most_rewritten=most_rewritten(uses),
        wording={b.id: b.summary for b in messaging.blocks.values()},
        blocks=len(messaging.blocks),
    )
