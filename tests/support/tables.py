"""What a person sees of a table cell: is its whole text on screen, or cut?"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTableView


def shows_whole(table: QTableView, row: int, column: int) -> bool:
    """True when the row is tall enough for the cell's text wrapped at the column's width.

    The full column width is the most room the text could have, so the height it
    needs there is the least a row showing all of it must have: a one-line row
    under a two-line answer fails, whatever the delegate's margins.
    """
    text = str(table.model().index(row, column).data() or "")
    room = QRect(0, 0, table.columnWidth(column), 100_000)
    needed = table.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), text).height()
    return table.wordWrap() and table.rowHeight(row) >= needed
