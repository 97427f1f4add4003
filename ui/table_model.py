"""One table model for every list in the window: rows of a dataclass, columns that say what to show.

No list needs a model class of its own: a tuple of `Column`s describes the
cells (text, tooltip, alignment, a decoration such as a status colour), and
RAW_ROLE gives the unformatted value to delegates and tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

T = TypeVar("T")
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
RAW_ROLE = Qt.ItemDataRole.UserRole + 10  # the unformatted value (stars delegate, tests)


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    value: Callable[[T], object]
    tooltip: Callable[[T], str] | None = None
    align: Qt.AlignmentFlag = LEFT
    max_chars: int = 0  # cap the width (text elides, full text on hover); 0 = fit the contents
    min_chars: int = 0  # a capped column never narrows below this many characters (0: MIN_TEXT_WIDTH)
    sort_value: Callable[[T], object] | None = None  # what a header click sorts by (default: value)
    decoration: Callable[[T], object] | None = None  # e.g. a status colour
    bold: bool = False  # the column people read first (e.g. a problem's reason)
    elide: Qt.TextElideMode | None = None  # where a cut text loses letters (None: the view's, at the end)


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Rows in the core's order until a header is clicked; then by that column's raw value."""

    def __init__(self, columns: Sequence[Column[T]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[T] = []
        self._given: list[T] = []  # the core's order, for "no sort" (column -1)
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._given = list(rows)
        self._rows = self._sorted(self._given)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows = self._sorted(self._given)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[T]) -> list[T]:
        column, order = self._sort
        if not 0 <= column < len(self.columns):
            return list(rows)
        value = self.columns[column].sort_value or self.columns[column].value
        present = [r for r in rows if value(r) is not None]
        empty = [r for r in rows if value(r) is None]  # nothing to compare: last either way
        present.sort(key=lambda r: _sort_key(value(r)), reverse=order == Qt.SortOrder.DescendingOrder)
        return present + empty

    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[section].align
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        item = self._rows[index.row()]
        if role == RAW_ROLE:
            return column.value(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(column.value(item))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(item) or None
            text = _text(column.value(item))
            return text if len(text) > 24 else None  # long text may be elided: show it whole
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.DecorationRole and column.decoration is not None:
            return column.decoration(item)
        if role == Qt.ItemDataRole.FontRole and column.bold:
            font = QFont()
            font.setBold(True)
            return font
        return None


def _sort_key(value: object) -> tuple:
    # Numbers before text, so a column that mixes them (rare: '—' placeholders) still sorts.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    return (1, 0, str(value).casefold())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)
