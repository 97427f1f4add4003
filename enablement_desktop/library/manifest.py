"""collateral.csv: the marketers' spreadsheet of metadata, overriding document properties.

Columns (header row, any order, case-insensitive): path, title, product,
persona, stage, region, tags, owner, expires, approved. Lists use ';' or ','.
A bad row is reported, never fatal.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

MANIFEST_NAME = "collateral.csv"
COLUMNS = ("path", "title", "product", "persona", "stage", "region", "tags", "owner", "expires", "approved")
_YES = {"yes", "y", "true", "1", "approved", ""}
_NO = {"no", "n", "false", "0", "draft", "unapproved"}


@dataclass
class Manifest:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # rel path → column → value
    problems: list[str] = field(default_factory=list)
    signature: tuple[int, int] = (0, 0)  # (size, mtime_ns) of the file, for change detection
    # False when the file exists but could not be read as a whole: stored
    # metadata must then stay as it is (an empty manifest would approve
    # every unapproved asset and wipe every title).
    usable: bool = True


def read_manifest(root: Path) -> Manifest:
    path = Path(root) / MANIFEST_NAME
    try:
        st = path.stat()
        raw = path.read_bytes()
    except FileNotFoundError:
        return Manifest()
    except OSError as exc:
        return Manifest(problems=[f"{MANIFEST_NAME}: cannot be read ({exc.strerror}); {_KEPT}"], usable=False)
    manifest = Manifest(signature=(st.st_size, st.st_mtime_ns))
    try:
        _read_rows(_decode(raw), manifest)
    except csv.Error as exc:
        # A stray quote can swallow the rest of the file: no row can be trusted.
        return Manifest(problems=[f"{MANIFEST_NAME}: cannot be read as CSV ({exc}); {_KEPT}"], usable=False)
    return manifest


_KEPT = "titles, tags and approvals left as they were"


def _read_rows(text: str, manifest: Manifest) -> None:
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "path" not in header:
        manifest.problems.append(f"{MANIFEST_NAME}: no 'path' column in the header row; {_KEPT}")
        manifest.usable = False
        return
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        rel = _relative_path(row.get("path") or "")
        if rel is None:
            manifest.problems.append(f"{MANIFEST_NAME} line {number}: path '{row.get('path')}' is outside the library")
            continue
        if not rel:
            continue
        values = {k: (row.get(k) or "").strip() for k in COLUMNS if k != "path" and row.get(k) is not None}
        if values.get("expires") and not _is_date(values["expires"]):
            manifest.problems.append(f"{MANIFEST_NAME} line {number}: expires '{values['expires']}' is not a date (YYYY-MM-DD)")
            values["expires"] = ""
        if "approved" in values:
            flag = values["approved"].lower()
            if flag not in _YES | _NO:
                manifest.problems.append(f"{MANIFEST_NAME} line {number}: approved '{values['approved']}' should be yes or no")
            values["approved"] = "0" if flag in _NO else "1"
        manifest.rows[rel] = values


def _relative_path(text: str) -> str | None:
    """'./decks\\pitch.pptx' → 'decks/pitch.pptx'; None for a path that leaves the library."""
    parts = [p for p in text.strip().replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts or text.strip().startswith("/"):
        return None
    return "/".join(parts)


def _decode(raw: bytes) -> str:
    # Excel writes UTF-8 with a BOM, or the Windows code page.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False
