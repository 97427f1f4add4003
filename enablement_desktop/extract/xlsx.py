"""Excel: one section per worksheet, one tab-separated line per row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from .base import Extracted, Limits, Section
from .office import core_properties
from .zipguard import check_office_zip


def extract(path: Path, limits: Limits) -> Extracted:
    check_office_zip(path, limits)
    # read_only streams rows instead of building every cell; data_only gives
    # the cached values of formulas, which is what people read.
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = wb.worksheets
        sections = [
            Section(
                page=number,
                label=f"sheet {ws.title}",
                text=_sheet_text(ws, limits),
                heading=ws.title,
            )
            for number, ws in enumerate(sheets[: limits.max_pages], start=1)
        ]
        properties = core_properties(wb.properties)
    finally:
        wb.close()  # read_only keeps the zip open until closed
    return Extracted(sections=sections, properties=properties, page_count=len(sheets))


def _sheet_text(ws, limits: Limits) -> str:
    lines: list[str] = []
    size = 0
    for row in ws.iter_rows(values_only=True):
        cells = [_cell_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        line = "\t".join(cells)
        lines.append(line)
        size += len(line) + 1
        # Stop reading, not just storing: a sheet can hold millions of rows.
        if size >= limits.max_chars_per_section:
            break
    return "\n".join(lines)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
