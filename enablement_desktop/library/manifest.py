"""collateral.csv: the marketers' spreadsheet of metadata, overriding document properties.

Columns (header row, any order, case-insensitive): path, title, product,
persona, stage, region, tags, owner, kind, industry, expires, approved. Lists use ';' or ','.
A bad row is reported, never fatal, and fails closed: a row that cannot be
read leaves its asset unapproved, and an approval value that is not a clear
yes ("pending", "no - legal review") means not approved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

MANIFEST_NAME = "collateral.csv"
COLUMNS = ("path", "title", "product", "persona", "stage", "region", "tags", "owner", "kind", "industry",
           "expires", "approved")
_YES = {"yes", "y", "true", "1", "approved", ""}
_NO = {"no", "n", "false", "0", "draft", "unapproved"}


@dataclass
class Manifest:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # rel path → column → value
    problems: list[str] = field(default_factory=list)
    signature: tuple[int, int] = (0, 0)  # (size, mtime_ns) of the file, for change detection
    lines: dict[str, int] = field(default_factory=dict)  # rel path → its line, for messages
    # False when the file exists but could not be read as a whole: stored
    # metadata must then stay as it is (an empty manifest would approve
    # every unapproved asset and wipe every title).
    usable: bool = True
    # True when some rows could not be read: only assets with a readable (or
    # fail-closed) row change; the rest keep their stored metadata, since
    # their rows may be among the unreadable ones.
    partial: bool = False


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
    text = _decode(raw)
    try:
        _read_rows(text, manifest, strict=True)
    except csv.Error:
        # An unclosed quote swallows every row after it into one cell. Read
        # the file again a line at a time: each readable row counts, each
        # unreadable one leaves its asset unapproved, with its line named.
        manifest = Manifest(signature=manifest.signature, partial=True)
        _read_line_by_line(text, manifest)
        manifest.problems.append(f"{MANIFEST_NAME}: some rows could not be read; for assets without a "
                                 f"readable row, {_KEPT}")
    return manifest


def case_mismatches(manifest: Manifest, paths: set[str]) -> list[str]:
    """Rows whose path matches a library file only when case is ignored (they apply to nothing)."""
    by_lower: dict[str, str] = {p.lower(): p for p in paths}
    problems = []
    for rel, line in sorted(manifest.lines.items(), key=lambda item: item[1]):
        actual = by_lower.get(rel.lower())
        if rel not in paths and actual is not None:
            problems.append(f"{MANIFEST_NAME} line {line}: path '{rel}' differs only in case from the file "
                            f"'{actual}'; the row is not applied until the case matches")
    return problems


_KEPT = "titles, tags and approvals left as they were"


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _layout(text: str, manifest: Manifest) -> tuple[type[csv.Dialect] | csv.Dialect, list[str]] | None:
    """The file's CSV dialect and its header (lower case); None, with the problem noted, without a path column."""
    dialect = _dialect(text)
    first = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), dialect), [])
    header = [h.strip().lower() for h in first]
    if "path" not in header:
        manifest.problems.append(f"{MANIFEST_NAME}: no 'path' column in the header row; {_KEPT}")
        manifest.usable = False
        return None
    return dialect, header


def _read_rows(text: str, manifest: Manifest, *, strict: bool) -> None:
    if (layout := _layout(text, manifest)) is None:
        return
    dialect, header = layout
    reader = csv.DictReader(io.StringIO(text), dialect=dialect, strict=strict)
    _ = reader.fieldnames  # consumes the header row; the normalised one replaces it
    reader.fieldnames = header
    rows = []
    line = reader.line_num + 1
    for row in reader:
        rows.append((line, row))
        line = reader.line_num + 1
    for number, row in rows:
        _take_row(manifest, number, row)


def _read_line_by_line(text: str, manifest: Manifest) -> None:
    if (layout := _layout(text, manifest)) is None:
        return
    dialect, header = layout
    for number, raw_line in enumerate(text.splitlines()[1:], start=2):
        if not raw_line.strip():
            continue
        try:
            cells = next(csv.reader([raw_line], dialect, strict=True))
        except (csv.Error, StopIteration):
            cells = None
        if cells is None or raw_line.count(dialect.quotechar or '"') % 2:
            _take_unreadable(manifest, number, raw_line, header, dialect)
            continue
        _take_row(manifest, number, dict(zip(header, cells, strict=False)))


def _take_unreadable(manifest: Manifest, number: int, raw_line: str, header: list[str], dialect) -> None:
    """A row that cannot be parsed: its asset, if its path can be made out, is not approved."""
    cells = raw_line.split(dialect.delimiter)
    guess = cells[header.index("path")].strip().strip('"') if header.index("path") < len(cells) else ""
    rel = _relative_path(guess) if guess else None
    where = f" (path '{rel if len(rel) <= 80 else rel[:79] + '…'}')" if rel else ""
    manifest.problems.append(f"{MANIFEST_NAME} line {number}{where}: cannot be read (an unclosed quote?); "
                             "its asset stays unapproved until the row is fixed")
    if rel:
        manifest.rows[rel] = {"approved": "0"}
        manifest.lines[rel] = number


def _take_row(manifest: Manifest, number: int, row: dict[str, str | None]) -> None:
    rel = _relative_path(row.get("path") or "")
    if rel is None:
        manifest.problems.append(f"{MANIFEST_NAME} line {number}: path '{row.get('path')}' is outside the library")
        return
    if not rel:
        return
    values = {k: (row.get(k) or "").strip() for k in COLUMNS if k != "path" and row.get(k) is not None}
    if values.get("expires") and not _is_date(values["expires"]):
        manifest.problems.append(f"{MANIFEST_NAME} line {number}: expires '{values['expires']}' is not a date (YYYY-MM-DD)")
        values["expires"] = ""
    if "approved" in values:
        flag = values["approved"].lower()
        if flag not in _YES and flag not in _NO:
            manifest.problems.append(f"{MANIFEST_NAME} line {number}: approved '{values['approved']}' is "
                                     "not yes or no; the asset is not approved until it says yes")
        values["approved"] = "1" if flag in _YES else "0"
    manifest.rows[rel] = values
    manifest.lines[rel] = number


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
