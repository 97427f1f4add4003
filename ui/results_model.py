"""The result list as a model: one row per asset, each carrying its hit, sha256 and usage stats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from enablement_desktop.preview.highlight import marks_for
from ui.search_runner import ResultRow

if TYPE_CHECKING:  # the engine imports whoosh, which the window loads only on its search thread
    from enablement_desktop.search.engine import Hit

ROW_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """Rows of the current search; scrolling to the end asks for the next ones.

    The view calls `fetchMore` when its last row comes into sight; the model
    then emits `moreWanted(offset)` once, and `append_rows` adds what the
    search thread found (the request is the one shown: the caller checks)."""

    moreWanted = Signal(int)  # offset of the first row wanted

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []
        self._total = 0
        self._asked = False

    def set_rows(self, rows: list[ResultRow], total: int | None = None) -> None:
        """`total`: how many the search found (more than `rows`: the rest load on scrolling)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = len(self._rows) if total is None else total
        self._asked = False
        self.endResetModel()

    def append_rows(self, rows: list[ResultRow]) -> None:
        self._asked = False
        if not rows:
            self._total = len(self._rows)  # the library changed under us: nothing more to load
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._asked and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._asked = True
            self.moreWanted.emit(len(self._rows))

    def rows(self) -> list[ResultRow]:
        return list(self._rows)

    def row_at(self, index: Index) -> ResultRow | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def row_of_path(self, path: str) -> int:
        """Row number of the asset at `path`, or -1 (to keep the selection across a refresh)."""
        return next((n for n, row in enumerate(self._rows) if row.hit.path == path), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            where = row.hit.label or f"p. {row.hit.page}"
            return f"{row.hit.title}, {where}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit_tooltip(row.hit)
        return None


def hit_terms(row: ResultRow, query: str = "") -> list[str]:
    """What the viewer and the preview mark for this row, best first.

    The query as searched comes first (a quoted phrase whole, never split into
    its words); then the words the snippet marks, as the document spells them.
    """
    words = [row.hit.snippet[start:end].strip() for start, end in row.hit.spans]
    return marks_for(query, [w for w in words if w])


def hit_tooltip(hit: Hit) -> str:
    """The path, then each facet value with where it came from (collateral.csv, or derived from a folder…)."""
    lines = [hit.path]
    for name, values in hit.facets.items():
        source = hit.facet_sources.get(name)
        if values and source and name != "type":
            lines.append(f"{name.title()}: {', '.join(values)} — {source}")
    return "\n".join(lines)
