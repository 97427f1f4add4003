"""CSV export for every insight table (opens in Excel as-is)."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Protocol


class Tabular(Protocol):
    def table(self) -> tuple[list[str], list[list[object]]]: ...


def to_csv(
    rows_or_table: Tabular | Sequence[Any],
    path: str | os.PathLike[str],
    *,
    row_type: type | None = None,
) -> Path:
    """Write a figure (Heatmap, Coverage, Unused, Ratings) or a list of row dataclasses.

    `row_type` names the columns of a list that may be empty. Written as UTF-8
    with a BOM so Excel reads accents right.
    """
    if hasattr(rows_or_table, "table"):
        header, rows = rows_or_table.table()
    else:
        items = list(rows_or_table)
        kind = row_type or (type(items[0]) if items else None)
        if kind is not None and not is_dataclass(kind):
            raise TypeError(f"cannot export {kind.__name__} rows as CSV")
        names = [f.name for f in fields(kind)] if kind else []
        header, rows = names, [[getattr(item, n) for n in names] for item in items]
    target = Path(path)
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([_cell(value) for value in row] for row in rows)
    return target


def _cell(value: object) -> object:
    # Comments and queries come from many people: a leading = + - @ would run as
    # a spreadsheet formula, so such text is prefixed with an apostrophe.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
