"""Heatmaps as views: a QTableView whose delegate paints the heat scale, and the opens model.

Models say *how much* (a `Heat` under HEAT_ROLE, a gap flag under GAP_ROLE);
the delegate decides *which colour*, from the palette it paints with, so a
light/dark switch and a PNG export paint the same way.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from enablement_desktop.usage.insights import Heatmap
from ui import theme
from ui.insights.scale import HeatScale, gap_colour, paint_gap, text_on
from ui.insights.text import long_date, plural, week_monday

G = theme.GRID
HEAT_ROLE = Qt.ItemDataRole.UserRole + 1  # Heat | None
GAP_ROLE = Qt.ItemDataRole.UserRole + 2  # True for an empty cell that should stand out
PATH_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's asset path
WEEK_WIDTH = 6 * G
MIN_CELL = 5 * G  # 'Sep' over '14' still fits
TOTAL_WIDTH = 8 * G
LABEL_FLOOR = 20 * G  # the label column below its usual minimum, rather than scroll sideways
ROW_HEIGHT = 3 * G
CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Heat(NamedTuple):
    scale: HeatScale
    value: float


class HeatDelegate(QStyledItemDelegate):
    """Paints heat cells (fill from the scale, number on top) and gaps; other cells as usual."""

    def __init__(
        self, parent: QWidget | None = None, *, numbers: bool = True, cell_height: int = 0
    ) -> None:
        super().__init__(parent)
        self.numbers = numbers  # False: colour only, exact counts on hover
        self.cell_height = cell_height  # > 0: a band of this height, centred in taller rows

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        heat: Heat | None = index.data(HEAT_ROLE)
        gap = bool(index.data(GAP_ROLE))
        if heat is None and not gap:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        if option.state & QStyle.StateFlag.State_Selected:
            # A tint behind the cells, not the solid selection colour: the fill is the information.
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(45)
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Base))
            painter.fillRect(option.rect, tint)
        cell = QRectF(option.rect).adjusted(1, 1, -1, -1)
        if self.cell_height and cell.height() > self.cell_height:
            cell.setTop(cell.center().y() - self.cell_height / 2)
            cell.setHeight(self.cell_height)
        colour = theme.muted(palette)
        if gap:
            paint_gap(painter, cell, palette)
            colour = gap_colour(palette)
        elif heat is not None:
            fill = heat.scale.colour(heat.scale.level(heat.value), palette)
            if fill is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(cell, 2, 2)
                colour = text_on(fill)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if (self.numbers or gap) and text not in (None, "", 0):
            self._paint_text(
                painter,
                option,
                cell,
                str(text) if not isinstance(text, int) else f"{text:,}",
                colour,
            )
        painter.restore()

    @staticmethod
    def _paint_text(
        painter: QPainter, option: QStyleOptionViewItem, cell: QRectF, text: str, colour: QColor
    ) -> None:
        painter.setPen(colour)
        painter.setFont(option.font)
        metrics = option.fontMetrics
        lines = text.split("\n")
        width = int(cell.width()) - G // 2
        shown = "\n".join(
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines
        )
        painter.drawText(cell, CENTER, shown)


class HeatmapTable(QTableView):
    """A table set up for heat cells: no grid, fixed cells on the 8 px grid, first column elided.

    The first (label) column takes the width the fixed columns leave, within
    [min_label, max_label]; more columns than fit scroll sideways.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        cell_width: int = WEEK_WIDTH,
        row_height: int = ROW_HEIGHT,
        min_label: int = 24 * G,
        max_label: int = 48 * G,
        numbers: bool = False,
        cell_height: int = 0,
    ) -> None:
        super().__init__(parent)
        self.cell_width, self.min_label, self.max_label = cell_width, min_label, max_label
        self.heat_delegate = HeatDelegate(self, numbers=numbers, cell_height=cell_height)
        self.setItemDelegate(self.heat_delegate)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(row_height)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setMinimumSectionSize(G)
        header.setStretchLastSection(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def fixed_width(self, column: int) -> int:
        """Width of a non-label column; models may name wider ones (totals)."""
        wide = self.model().headerData(
            column, Qt.Orientation.Horizontal, Qt.ItemDataRole.SizeHintRole
        )
        return wide.width() if wide is not None else self.cell_width

    def fit_columns(self) -> None:
        """Share the width: the label column gets what its text needs (within its bounds),
        heat cells the rest (down to MIN_CELL when narrow, up to 1.5× when roomy), then scroll.
        """
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        heat, other = [], 0
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            width = self.fixed_width(column)
            if width == self.cell_width:
                heat.append(column)
            else:
                other += width
                self.setColumnWidth(column, width)
        metrics = self.fontMetrics()
        longest = max(
            (
                metrics.horizontalAdvance(str(model.index(r, 0).data() or ""))
                for r in range(model.rowCount())
            ),
            default=0,
        )
        wanted = longest + 2 * G + (self.iconSize().width() + G if self._has_icons() else 0)
        room = self.viewport().width() - other
        label = max(self.min_label, min(self.max_label, wanted))
        cell = self.cell_width
        if heat:
            if room - label < len(heat) * cell:  # narrow: the label gives way first, then the cells
                label = max(self.min_label, min(label, room - len(heat) * cell))
                cell = max(MIN_CELL, min(cell, (room - label) // len(heat)))
                # The last few pixels come off the label, not from a sideways scroll bar
                # (1024 px wide: 2 px over with the label at its minimum).
                label = max(min(LABEL_FLOOR, self.min_label), min(label, room - len(heat) * cell))
            else:
                cell = min((room - label) // len(heat), cell * 3 // 2)
        else:
            label = max(self.min_label, min(self.max_label, room))
        self.setColumnWidth(0, label)
        for column in heat:
            self.setColumnWidth(column, cell)
        self.updateGeometry()

    def _has_icons(self) -> bool:
        model = self.model()
        return any(
            model.index(r, 0).data(Qt.ItemDataRole.DecorationRole) is not None
            for r in range(min(model.rowCount(), 3))
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As tall as its rows, so the legend sits right under them; taller tables scroll."""
        hint = super().sizeHint()
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        height = (
            self.horizontalHeader().sizeHint().height()
            + rows * self.verticalHeader().defaultSectionSize()
        )
        scrollbar = self.horizontalScrollBar().sizeHint().height()
        return QSize(hint.width(), height + 2 * self.frameWidth() + scrollbar)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_columns()


class OpensHeatmapModel(QAbstractTableModel):
    """Assets (rows) × weeks: column 0 the title, then one column per week, then the total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._map = Heatmap(paths=[], titles=[], columns=[], counts=[], max=0)
        self._totals: list[int] = []
        self.scale = HeatScale(())

    @property
    def heatmap(self) -> Heatmap:
        return self._map

    def set_heatmap(self, heatmap: Heatmap) -> None:
        self.beginResetModel()
        self._map = heatmap
        self._totals = [sum(row) for row in heatmap.counts]
        self.scale = HeatScale.for_values(n for row in heatmap.counts for n in row)
        self.endResetModel()

    def week_column(self, week: int) -> int:
        return 1 + week

    @property
    def total_column(self) -> int:
        return 1 + len(self._map.columns)

    def path(self, row: int) -> str:
        return self._map.paths[row]

    def row_of(self, path: str) -> int | None:
        try:
            return self._map.paths.index(path)
        except ValueError:
            return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._map.paths)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._map.columns) + 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        week = section - 1
        is_week = 0 <= week < len(self._map.columns)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Asset"
            return self._week_header(week) if is_week else "Total"
        if role == Qt.ItemDataRole.ToolTipRole and is_week:
            label = self._map.columns[week]
            return f"Week of {long_date(week_monday(label))} ({label})"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # On the days' line, under the months: "Asset" and "Total" read as column names.
            side = Qt.AlignmentFlag.AlignLeft if section == 0 else Qt.AlignmentFlag.AlignHCenter
            return side | Qt.AlignmentFlag.AlignBottom
        if role == Qt.ItemDataRole.AccessibleTextRole and is_week:
            return f"Week of {long_date(week_monday(self._map.columns[week]))}"
        if role == Qt.ItemDataRole.SizeHintRole and section == self.total_column:
            return QSize(TOTAL_WIDTH, ROW_HEIGHT)
        return None

    def _week_header(self, week: int) -> str:
        """The Monday's day under its month, the month only where it changes, like a calendar:
        'Sep\n14', '\n21', '\n28', 'Oct\n5', …

        Two short lines, because one ('14 Sep') needs 53 px and a week cell
        gets 40 px in a 1024 px window: it showed as '14 …'.
        """
        monday = week_monday(self._map.columns[week])
        new_month = not week or week_monday(self._map.columns[week - 1]).month != monday.month
        return f"{f'{monday:%b}' if new_month else ''}\n{monday.day}"

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        title = self._map.titles[row]
        week = column - 1
        is_week = 0 <= week < len(self._map.columns)
        if role == PATH_ROLE:
            return self._map.paths[row]
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return title
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{title}\n{self._map.paths[row]}"
            return None
        if not is_week:  # the total
            if role == Qt.ItemDataRole.DisplayRole:
                return self._totals[row]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{title}\n{plural(self._totals[row], 'open')} in these weeks"
            return None
        count = self._map.counts[row][week]
        if role == Qt.ItemDataRole.DisplayRole:
            return count
        if role == HEAT_ROLE:
            return Heat(self.scale, count)
        if role == Qt.ItemDataRole.ToolTipRole:
            label = self._map.columns[week]
            week_of = f"Week of {long_date(week_monday(label))} ({label})"
            return f"{title}\n{week_of}\n{plural(count, 'open')}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            monday = week_monday(self._map.columns[week])
            return f"{plural(count, 'open')} in the week of {long_date(monday)}"
        return None
