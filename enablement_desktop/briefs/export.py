"""Export a brief: refuse bad collateral, save the version, write the PDF, record the export.

The CLI and the window both call `export_brief`, so every printed brief is a
stored version (its footer says which) and shows up in usage.

Events: one `brief_export` row per collateral asset (asset_path = the asset,
page = the first page cited), all rows of one export sharing `data.export`; a brief
without collateral gets one row with an empty asset_path. So "on how many
exported briefs did this asset go" is a plain count:

    SELECT asset_path, COUNT(*) FROM events
    WHERE kind = 'brief_export' AND asset_path != '' GROUP BY asset_path;
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from enablement_desktop.briefs.block_links import BlocksRefused, Change, blocks_used, resolve_blocks
from enablement_desktop.briefs.collateral import asset_hashes, check_collateral, fill_titles
from enablement_desktop.briefs.messaging import Messaging, library_root, load_messaging
from enablement_desktop.briefs.model import Brief
from enablement_desktop.briefs.render import RenderResult, render_brief
from enablement_desktop.briefs.store import find_brief, save_brief
from enablement_desktop.settings import Settings
from enablement_desktop.usage.events import record_event

# An event's data is at most 10,000 characters (usage/validate.py); 60 block
# entries take under 8,000. A page holds far fewer blocks than that.
MAX_RECORDED_BLOCKS = 60


class CollateralRefused(Exception):
    """Assets on the brief that may not be printed; `problems` names each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("These assets can't go on a brief:\n" + "\n".join(f"  {p}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Exported:
    result: RenderResult
    brief_id: int
    version: int
    path: Path
    changes: list[Change] = field(default_factory=list)  # blocks reworded since the brief was saved, updated


def export_brief(
    db: sqlite_utils.Database,
    settings: Settings,
    brief: Brief,
    out_path: Path,
    *,
    name: str,
    brief_id: int | None = None,
    paper: str | None = None,
    today: date | None = None,
    messaging: Messaging | None = None,
) -> Exported:
    """Write the one-page PDF for `brief` to `out_path`, stored as the next version of
    `brief_id` (else of the brief called `name`, else a new brief called `name`).

    Messaging blocks are brought to their current wording first (`messaging`,
    default: the library's `messaging/` folder). Raises CollateralRefused or
    BlocksRefused (unknown, expired or misplaced blocks, by id) before anything
    is written or stored.
    """
    today = today or date.today()
    problems = check_collateral(db, brief, today)
    if problems:
        raise CollateralRefused(problems)
    if brief.links:
        resolution = resolve_blocks(brief, messaging or load_messaging(library_root(settings)), today)
        if resolution.problems:
            raise BlocksRefused(resolution.problems)
        brief, changes = resolution.brief, resolution.changes
    else:
        changes = []
    brief = fill_titles(db, brief)
    if brief_id is None:
        brief_id = find_brief(db, name)
    brief_id, version = save_brief(db, brief, name=name, brief_id=brief_id)
    result = render_brief(brief, paper=paper, version=f"v{version}", today=today)
    _write_atomically(out_path, result.pdf)

    export_id = str(uuid.uuid4())
    data = {"export": export_id, "brief_id": brief_id, "version": version,
            "paper": (paper or brief.paper or "letter"), "cut": len(result.cut)}
    # One row per asset even if the brief cites it twice, so COUNT(*) counts briefs.
    refs = [c for i, c in enumerate(brief.collateral)
            if c.path not in {d.path for d in brief.collateral[:i]}]
    hashes = asset_hashes(db, [c.path for c in refs])
    blocks = (
        # which approved messages went out, and whether as approved or rewritten: on the
        # export's first row only (one export, one record; the other rows repeat `export`)
        {"blocks": [{"id": u.id, "kind": u.kind, "version": u.version, "edited": u.edited} for u in used]}
        if (used := blocks_used(brief)[:MAX_RECORDED_BLOCKS]) else {}
    )
    for i, ref in enumerate(refs or [None]):
        record_event(
            db, settings, "brief_export",
            asset_path=ref.path if ref else "",
            asset_sha256=hashes.get(ref.path, "") if ref else "",
            page=ref.page if ref else None,
            data={**data, **blocks} if i == 0 else data,
        )
    return Exported(result, brief_id, version, out_path, changes)


def _write_atomically(path: Path, data: bytes) -> None:
    """Never leave a half-written PDF where a seller expects a printable one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
