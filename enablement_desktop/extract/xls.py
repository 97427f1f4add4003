"""Excel 97-2003 (.xls, the binary BIFF format): one section per sheet, read with xlrd.

xlrd 2.x reads only .xls — which is what it is kept for here; its cell
values come cached, as in openpyxl's data_only mode. Charts and macros in a
.xls are not read (xlrd skips them; macros are never run).
"""

from __future__ import annotations

from pathlib import Path

import xlrd

from .base import ENCRYPTED, Extracted, ExtractError, Limits, Section
from .sections import sheet_text


def extract(path: Path, limits: Limits) -> Extracted:
    try:
        # on_demand: sheets are parsed one at a time, so a large workbook is
        # not held whole while the first sheet is read.
        book = xlrd.open_workbook(str(path), on_demand=True, logfile=_Quiet())
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ExtractError(ENCRYPTED, "the workbook is protected with a password") from None
        raise
    try:
        names = book.sheet_names()
        sections = []
        for number, name in enumerate(names[: limits.max_pages], start=1):
            sheet = book.sheet_by_index(number - 1)
            sections.append(
                Section(page=number, label=f"sheet {name}", text=_sheet_text(book, sheet, limits), heading=name)
            )
            book.unload_sheet(number - 1)
        properties = {"author": book.user_name or ""}
    finally:
        book.release_resources()
    return Extracted(sections=sections, properties=properties, page_count=len(names))


def _sheet_text(book: xlrd.Book, sheet: xlrd.sheet.Sheet, limits: Limits) -> str:
    return sheet_text(([_cell_text(book, cell) for cell in sheet.row(row)] for row in range(sheet.nrows)), limits)


def _cell_text(book: xlrd.Book, cell: xlrd.sheet.Cell) -> str:
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode).isoformat()
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Quiet:
    """xlrd writes warnings about odd records to a log file (stdout by default)."""

    def write(self, _text: str) -> None:
        pass
