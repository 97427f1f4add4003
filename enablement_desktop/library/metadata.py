"""An asset's metadata: collateral.csv overrides document properties, which override
facets derived from names and words (facets.py), which override the file name."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from enablement_desktop.library.facets import FacetRules, derive
from enablement_desktop.library.manifest import MANIFEST_NAME

_LIST_FIELDS = ("product", "persona", "stage", "region", "tags", "owner", "kind", "industry")


def title_from_name(rel_path: str) -> str:
    stem = PurePosixPath(rel_path).stem
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else rel_path


def normalise_list(text: str) -> str:
    """'CFO;Controller' / 'CFO , Controller' → 'CFO, Controller' (the stored form)."""
    parts = [p.strip() for p in re.split(r"[;,]", text or "")]
    return ", ".join(dict.fromkeys(p for p in parts if p))


def asset_metadata(rel_path: str, properties: dict[str, str], manifest_row: dict[str, str],
                   rules: FacetRules | None = None) -> dict:
    """Merge: a non-empty manifest cell > document property > derived facet (`rules`) > default.

    `facet_sources` (JSON) says for each facet where its value came from, for people."""
    title = manifest_row.get("title") or (properties.get("title") or "").strip() or title_from_name(rel_path)
    meta: dict = {"title": title[:300]}
    derived = derive(rules, rel_path, title, properties) if rules is not None else None
    sources: dict[str, str] = {}
    for name in _LIST_FIELDS:
        if manifest_row.get(name):
            meta[name], sources[name] = normalise_list(manifest_row[name]), MANIFEST_NAME
        elif name == "tags" and properties.get("keywords"):
            meta[name], sources[name] = normalise_list(properties["keywords"]), "the file's own tags"
        elif derived is not None and name in derived.values:
            meta[name], sources[name] = ", ".join(derived.values[name]), derived.sources[name]
        else:
            meta[name] = ""
    meta["facet_sources"] = json.dumps(sources, sort_keys=True, ensure_ascii=False)
    meta["expires"] = manifest_row.get("expires", "")
    meta["approved"] = int(manifest_row.get("approved") or "1")
    return meta
