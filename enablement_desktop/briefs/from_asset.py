""""Start from an asset": a draft brief from one library asset, its persona's template and usage."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path, PurePosixPath

import sqlite_utils

from enablement_desktop.briefs.block_links import fill_from_messaging
from enablement_desktop.briefs.collateral import (
    asset_problem,
    recommend_collateral,
    split_labels,
)
from enablement_desktop.briefs.messaging import Messaging, load_messaging
from enablement_desktop.briefs.model import (
    MAX_FIELD,
    MAX_ITEM,
    MAX_OFFERING,
    MAX_TITLE,
    Brief,
    CollateralRef,
)
from enablement_desktop.briefs.proof import Passage, pick_proof_points
from enablement_desktop.briefs.templates import (
    PERSONA_ALIASES,
    load_template,
    match_template,
)

MAX_COLLATERAL = 5


def library_relative(asset_path: str | Path, library_root: str | Path | None) -> str:
    """The '/'-separated path inside the library, from a relative path or an absolute one under it."""
    path = Path(asset_path)
    if path.is_absolute():
        if library_root is None:
            raise LookupError(f"{asset_path} is absolute; give the path relative to the library.")
        try:
            path = path.resolve().relative_to(Path(library_root).resolve())
        except ValueError:
            raise LookupError(f"{asset_path} is not inside the library {library_root}.") from None
    return PurePosixPath(*path.parts).as_posix().replace("\\", "/")


def brief_from_asset(
    db: sqlite_utils.Database,
    asset_path: str | Path,
    library_root: str | Path | None = None,
    *,
    today: date | None = None,
    messaging: Messaging | None = None,
) -> tuple[Brief, list[str]]:
    """A draft brief for the asset's product and persona, plus notes on what was filled in and why.

    Approved messaging blocks that fit (`messaging`, default: the library's
    messaging/ folder) come first; the template's example lines stay only
    where no block fits, and the asset's own numbers become proof points
    only when no approved proof point fits.

    Raises LookupError when the asset is not in the database.
    """
    today = today or date.today()
    path = library_relative(asset_path, library_root)
    cursor = db.conn.execute("SELECT * FROM assets WHERE path = ? AND removed = 0", (path,))
    names = [d[0] for d in cursor.description]
    found = cursor.fetchone()
    if found is None:
        raise LookupError(
            f'"{path}" is not in the library database: check the path (relative to the library root) '
            "or scan the library first."
        )
    asset = dict(zip(names, found, strict=True))
    products = split_labels(asset["product"])
    personas = split_labels(asset["persona"])
    notes: list[str] = []

    key = match_template(personas, products)
    if key:
        brief = copy.deepcopy(load_template(key))
        notes.append(f'Started from the "{key}" template.')
    else:
        brief = Brief(offering="")
        wanted = ", ".join(personas) or "no persona"
        notes.append(f"No template fits the asset's persona ({wanted}); started from a blank brief.")

    brief.offering = _shorten((products or [asset["title"]])[0], MAX_OFFERING)
    if personas and not key:  # a template keeps its own wording of the persona ("CFO", not "finance")
        brief.audience.persona = _shorten(personas[0], MAX_FIELD)
    if messaging is None:
        messaging = load_messaging(library_root) if library_root is not None else Messaging()
    # The asset's own blocks (source = this asset) lead their lists.
    brief, filled = fill_from_messaging(brief, messaging, brief.offering, brief.audience.persona, today)
    brief = _own_blocks_first(brief, messaging, path)
    notes += filled

    sections = db.conn.execute(
        "SELECT label, text FROM sections WHERE asset_id = ? ORDER BY ordinal", (asset["id"],)
    ).fetchall()
    picked = [
        p for p in pick_proof_points([Passage(label, text) for label, text in sections], asset["title"])
        if len(p) <= MAX_ITEM
    ]
    if any(slot.startswith("proof_points[") for slot in brief.links):
        pass  # approved proof points fit: the asset's sentences are not approved wording
    elif picked:
        brief.proof_points = picked
        notes.append(f"{len(picked)} proof points taken from \"{asset['title']}\": check each before printing.")
    else:
        notes.append(f"No sentence with a number found in \"{asset['title']}\"; proof points are the template's.")

    persona_terms = [*personas, brief.audience.persona, *PERSONA_ALIASES.get(key or "", ())]
    persona_terms = [p for p in persona_terms if p]
    recs = recommend_collateral(db, [brief.offering], persona_terms, today, MAX_COLLATERAL)
    if not recs and persona_terms:
        recs = recommend_collateral(db, [brief.offering], [], today, MAX_COLLATERAL)
        if recs:
            notes.append(f"No approved collateral for this persona; recommending any for {brief.offering}.")
    brief.collateral = [
        CollateralRef(path=r.path, page=r.page, title=_shorten(r.title, MAX_TITLE)) for r in recs
    ]
    if not recs:
        notes.append(f"No approved, current collateral found for {brief.offering}.")
    problem = asset_problem(path, asset, today)
    if problem:
        notes.append(f"Not recommended as collateral: {problem}")
    return brief, notes


def _own_blocks_first(brief: Brief, messaging: Messaging, path: str) -> Brief:
    """Blocks quoting this asset (their `source`) first in each list, so the draft is about it."""
    for key in ("proof_points", "differentiators", "why_care", "objections", "discovery_questions"):
        slots = [f"{key}[{i}]" for i in range(len(getattr(brief, key)))]
        order = sorted(range(len(slots)), key=lambda i: not _quotes(messaging, brief, slots[i], path))
        if order != list(range(len(slots))):
            items = getattr(brief, key)
            links = {s: brief.links.pop(s) for s in slots if s in brief.links}
            setattr(brief, key, [items[i] for i in order])
            for new, old in enumerate(order):
                if slots[old] in links:
                    brief.links[f"{key}[{new}]"] = links[slots[old]]
    return brief


def _quotes(messaging: Messaging, brief: Brief, slot: str, path: str) -> bool:
    link = brief.links.get(slot)
    block = messaging.get(link.id) if link else None
    return bool(block and block.source and block.source.path == path)


def _shorten(text: str, limit: int) -> str:
    """Library metadata can be longer than a brief allows; the draft must still be a valid brief."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
