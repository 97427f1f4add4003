"""A table model over any list of dataclass rows, its view, and CSV/PNG export through a dialog.

Each insight list (unused assets, ratings, requests, activity) is rows of a
core dataclass; a tuple of `Column`s says what to show, so no list needs a
model class of its own. CSV export writes the same rows through the core's
`to_csv`, so the file carries every field, not just the visible columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QImage, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from enablement_desktop.usage.csv_export import Tabular, to_csv
from ui import theme
from ui.feedback import paint_stars
from ui.insights.png_export import save_png
from ui.insights.widgets import while_alive
from ui.table_model import LEFT, RAW_ROLE, RIGHT, Column, RowTableModel  # noqa: F401 - the lists import them from here
from ui.worker import run_task

T = TypeVar("T")
G = theme.GRID
ROW_HEIGHT = 4 * G
MIN_TEXT_WIDTH = 10 * G  # a capped text column never narrows below this


class ListTable(QTableView):
    """A calm read-only list: whole-row selection, elided cells, rows on the 8 px grid.

    Only as tall as its rows (longer lists scroll), so what follows it sits
    right under the last row instead of below an empty box. Columns fit their
    contents; when the width runs short, the capped text columns give way
    (eliding) before the list scrolls sideways. `lines=2` lets text wrap onto
    a second line before it elides, for lists whose names are long (campaign
    titles).
    """

    def __init__(self, model: RowTableModel, parent: QWidget | None = None, lines: int = 1) -> None:
        super().__init__(parent)
        self.setModel(model)
        # Room for the lines and the one-line row's padding, on the 8 px grid.
        spacing = self.fontMetrics().lineSpacing()
        self._row_height = max(ROW_HEIGHT, -(-((lines - 1) * spacing + ROW_HEIGHT) // G) * G)
        self._natural: list[int] = []  # content widths, measured once per set of rows
        self._content: list[int] = []  # what each column needs for its header and cells
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(lines > 1)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self._row_height)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(LEFT)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # The last column takes the spare width only when it holds text: a stretched,
        # right-aligned number would drift away from its row.
        header.setStretchLastSection(model.columns[-1].align != RIGHT)
        # Click a header to sort; until then the core's order (e.g. never-opened first).
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.setSortingEnabled(True)
        for i, column in enumerate(model.columns):
            if column.elide is not None:
                self.setItemDelegateForColumn(i, ElideDelegate(column.elide, self))

    def fit_columns(self) -> None:
        """Measure the contents (after new rows), then share out the width."""
        self.resizeColumnsToContents()
        model: RowTableModel = self.model()
        char = self.fontMetrics().averageCharWidth()
        self._natural = []
        self._content = [self.columnWidth(i) for i in range(len(model.columns))]
        for i, column in enumerate(model.columns):
            width = self.columnWidth(i) + 2 * G
            if column.max_chars:
                width = min(width, column.max_chars * char)
            self._natural.append(max(width, (11 if column.align == RIGHT else 8) * G))
        self._share_width()

    def _share_width(self) -> None:
        if not self._natural:
            return
        model: RowTableModel = self.model()
        widths = list(self._natural)
        flexible = [i for i, column in enumerate(model.columns) if column.max_chars]
        char = self.fontMetrics().averageCharWidth()
        floors = [max(MIN_TEXT_WIDTH, c.min_chars * char) for c in model.columns]
        deficit = sum(widths) - self.viewport().width()
        # First the room the other columns have beyond their contents (Teams at 1024 px
        # cut its team names and pushed its last column out of sight while each number
        # column kept 88 px); then shared out evenly among text columns, so no one of
        # them is squeezed to nothing first.
        fixed = [i for i in range(len(widths)) if i not in flexible]
        for giving_columns, limit in ((fixed, self._content), (flexible, floors)):
            while deficit > 0:
                giving = [i for i in giving_columns if widths[i] > limit[i]]
                if not giving:
                    break
                share = max(1, deficit // len(giving))
                for i in giving:
                    give = min(share, widths[i] - limit[i], deficit)
                    widths[i] -= give
                    deficit -= give
        for i, width in enumerate(widths):
            self.setColumnWidth(i, width)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._share_width()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = self.model().rowCount() if self.model() is not None else 0
        height = self.horizontalHeader().sizeHint().height() + max(rows, 1) * self._row_height
        scrollbar = self.horizontalScrollBar().sizeHint().height()
        return QSize(super().sizeHint().width(), height + 2 * self.frameWidth() + scrollbar)


class ElideDelegate(QStyledItemDelegate):
    """Cells of one column cut where it says: a path keeps its folder and its file name
    ("collateral/regional/…/pricing-sheet-2024.pdf"), not only its folders."""

    def __init__(self, mode: Qt.TextElideMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mode = mode

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = self._mode


class StarsDelegate(QStyledItemDelegate):
    """An average rating as stars plus its number ('★★★★☆ 4.2'); the raw value comes from RAW_ROLE."""

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        star = ROW_HEIGHT - 2 * G
        return QSize(G + 5 * star + G + option.fontMetrics.horizontalAdvance("5.0"), ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        value = index.data(RAW_ROLE)
        if value is None:
            return
        rect = option.rect.adjusted(G, G, 0, -G)
        stars = QRect(rect.left(), rect.top(), 5 * rect.height(), rect.height())
        paint_stars(painter, stars, float(value), option.palette)
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.drawText(
            option.rect.adjusted(stars.right() - option.rect.left() + G, 0, 0, 0),
            LEFT,
            f"{float(value):.1f}",
        )
        painter.restore()


# --- export -------------------------------------------------------------

_last_folder: Path | None = (
    None  # this session's last export folder: a series of exports lands together
)


_PATTERNS = {"CSV": "CSV files (*.csv)", "PNG": "PNG images (*.png)", "PDF": "PDF files (*.pdf)"}


def export_folder() -> Path:
    """Where a save dialog opens: this session's last export folder, else the user's documents.

    A folder that does not exist is skipped (a dialog given one opens in the
    working directory instead), down to the home folder.
    """
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (_last_folder, Path(documents) if documents else None, Path.home()):
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


def ask_save_path(parent: QWidget, suggested_name: str, kind: str) -> Path | None:
    global _last_folder
    chosen, _ = QFileDialog.getSaveFileName(
        parent, f"Export {kind}", str(export_folder() / suggested_name), _PATTERNS[kind]
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != f".{kind.lower()}":
        path = path.with_name(f"{path.name}.{kind.lower()}")
    _last_folder = path.parent
    return path


def export_csv(
    parent: QWidget,
    data: Tabular | Sequence[Any],
    suggested_name: str,
    on_message: Callable[[str], None],
    row_type: type | None = None,
) -> None:
    """Ask where, then write the CSV off the GUI thread; the outcome is one sentence."""
    path = ask_save_path(parent, suggested_name, "CSV")
    if path is not None:
        run_task(
            lambda: to_csv(data, path, row_type=row_type),
            on_done=while_alive(
                parent, lambda written: on_message(f"Saved {written.name} in {written.parent}.")
            ),
            on_error=while_alive(parent, on_message),
            what="writing the CSV file",
        )


def export_png(
    parent: QWidget, image: QImage, suggested_name: str, on_message: Callable[[str], None]
) -> None:
    path = ask_save_path(parent, suggested_name, "PNG")
    if path is not None:
        run_task(
            lambda: save_png(image, path),
            on_done=while_alive(
                parent, lambda written: on_message(f"Saved {written.name} in {written.parent}.")
            ),
            on_error=while_alive(parent, on_message),
            what="writing the PNG image",
        )
