"""Pick one library asset that may go on a brief: a filterable list, best rated first.

The editor loads the list in the background (`set_assets`); the dialog only
shows it, so opening it never waits on the database.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.briefs.collateral import Recommendation
from ui import theme

_REC_ROLE = Qt.ItemDataRole.UserRole + 1


class AssetPicker(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resize(720, 480)
        self._prompt = QLabel(self)
        self._prompt.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by title or path")
        self.filter.setClearButtonEnabled(True)

        self._model = QStandardItemModel(0, 3, self)
        self._model.setHorizontalHeaderLabels(["Title", "Rating", "Path"])
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterKeyColumn(-1)  # a word in any column matches
        self.list = QTreeView(self)
        self.list.setModel(self._proxy)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setStretchLastSection(False)
        self._status = QLabel("Loading the library…", self)
        self._status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose")

        layout = QVBoxLayout(self)
        layout.setSpacing(theme.GRID)
        layout.addWidget(self._prompt)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self._status)
        layout.addWidget(self._buttons)

        self.filter.textChanged.connect(self._proxy.setFilterFixedString)
        self.filter.textChanged.connect(self._update)
        self.list.doubleClicked.connect(lambda _index: self.accept())
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update())
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._update()

    def set_assets(self, assets: list[Recommendation]) -> None:
        self._model.removeRows(0, self._model.rowCount())
        for rec in assets:
            title = QStandardItem(rec.title)
            title.setData(rec, _REC_ROLE)
            title.setToolTip(rec.path)
            path = QStandardItem(rec.path)
            path.setForeground(theme.muted(self.palette()))
            self._model.appendRow([title, QStandardItem(_rating(rec)), path])
        self.list.resizeColumnToContents(1)
        self.list.resizeColumnToContents(2)
        if not assets:
            self._status.setText(
                "No approved, current assets in the library yet. Scan a library from the Search view first."
            )
        self._update()
        self.filter.setFocus()

    def prepare(self, prompt: str) -> None:
        """Empty the list for a fresh load; the filter starts blank."""
        self._prompt.setText(prompt)
        self.filter.clear()
        self._model.removeRows(0, self._model.rowCount())
        self._status.setText("Loading the library…")
        self._update()

    def show_error(self, message: str) -> None:
        self._status.setText(message)

    def chosen(self) -> Recommendation | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        source = self._proxy.mapToSource(index.siblingAtColumn(0))
        return self._model.itemFromIndex(source).data(_REC_ROLE)

    def _update(self) -> None:
        total, shown = self._model.rowCount(), self._proxy.rowCount()
        if total:
            self._status.setText(f"{shown} of {total} assets" if shown != total else f"{total} assets")
            if not self.list.currentIndex().isValid() and shown:
                self.list.setCurrentIndex(self._proxy.index(0, 0, QModelIndex()))
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen() is not None)


def _rating(rec: Recommendation) -> str:
    if rec.rating is None:
        return "not rated"
    return f"★ {rec.rating:.1f} ({rec.ratings})"
