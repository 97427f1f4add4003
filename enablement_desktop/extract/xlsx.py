"""Excel (.xlsx, .xlsm): one section per sheet, one tab-separated line per row.

A sheet's section is headed by its name and ends with the text of its charts
(openpyxl's streaming reader skips charts, so they are read from the zip);
a chart sheet is a section of its own. Macros (.xlsm) are never run.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from .base import Extracted, Limits, Section
from .office import core_properties
from .ooxml import charts_under, workbook_sheets
from .sections import sheet_text
from .zipguard import check_office_zip


def extract(path: Path, limits: Limits) -> Extracted:
    check_office_zip(path, limits)
    # read_only streams rows instead of building every cell; data_only gives
    # the cached values of formulas, which is what people read.
    with zipfile.ZipFile(path) as archive:
        charts = {name: charts_under(archive, part) for name, part in workbook_sheets(archive)}
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheets = {ws.title: ws for ws in wb.worksheets}
        names = [name for name in charts if name in worksheets or charts[name]]
        sections = []
        for number, name in enumerate(names[: limits.max_pages], start=1):
            rows = _sheet_text(worksheets[name], limits) if name in worksheets else ""
            # The sheet name is the section's heading, which the index holds with its text.
            text = "\n".join(part for part in (rows, *charts[name]) if part)
            sections.append(Section(page=number, label=f"sheet {name}", text=text, heading=name))
        properties = core_properties(wb.properties)
    finally:
        wb.close()  # read_only keeps the zip open until closed
    return Extracted(sections=sections, properties=properties, page_count=len(names))


def _sheet_text(ws, limits: Limits) -> str:
    return sheet_text(([_cell_text(value) for value in row] for row in ws.iter_rows(values_only=True)), limits)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
