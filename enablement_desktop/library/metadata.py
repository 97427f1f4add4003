"""An asset's metadata: collateral.csv overrides document properties, which override the file name."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_LIST_FIELDS = ("product", "persona", "stage", "region", "tags", "owner")


def title_from_name(rel_path: str) -> str:
    stem = PurePosixPath(rel_path).stem
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else rel_path


def normalise_list(text: str) -> str:
    """'CFO;Controller' / 'CFO , Controller' → 'CFO, Controller' (the stored form)."""
    parts = [p.strip() for p in re.split(r"[;,]", text or "")]
    return ", ".join(dict.fromkeys(p for p in parts if p))


def asset_metadata(rel_path: str, properties: dict[str, str], manifest_row: dict[str, str]) -> dict:
    """Merge: a non-empty manifest cell > document property > default."""
    title = manifest_row.get("title") or (properties.get("title") or "").strip() or title_from_name(rel_path)
    meta: dict = {"title": title[:300]}
    for name in _LIST_FIELDS:
        from_file = properties.get("keywords", "") if name == "tags" else ""
        meta[name] = normalise_list(manifest_row.get(name) or from_file)
    meta["expires"] = manifest_row.get("expires", "")
    meta["approved"] = int(manifest_row.get("approved") or "1")
    return meta
