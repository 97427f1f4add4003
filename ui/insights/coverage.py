"""Coverage matrix: products × personas (or stages), asset count and opens per cell, gaps marked."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QWidget

from enablement_desktop.usage.insights import Coverage
from ui import theme
from ui.insights.heatmap import GAP_ROLE, HEAT_ROLE, Heat, HeatmapTable
from ui.insights.png_export import render_table
from ui.insights.scale import HeatLegend, HeatScale, LegendEntry
from ui.insights.tables import export_csv, export_png
from ui.insights.text import plural
from ui.insights.widgets import ElidedLabel, Section, content_box

G = theme.GRID

NO_ASSETS = "No assets"


class CoverageModel(QAbstractTableModel):
    """Column 0 names the product; every other column is one persona or stage.

    A cell with no assets is a gap (GAP_ROLE); the others are coloured by how
    often their assets were opened, so "assets nobody uses" shows as pale.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._coverage = Coverage(by="persona", rows=[], columns=[], cells=[])
        self.scale = HeatScale(())

    @property
    def coverage(self) -> Coverage:
        return self._coverage

    def set_coverage(self, coverage: Coverage) -> None:
        self.beginResetModel()
        self._coverage = coverage
        self.scale = HeatScale.for_values(cell.opens for row in coverage.cells for cell in row)
        self.endResetModel()

    def legend(self) -> list[LegendEntry]:
        return [LegendEntry("Opens", self.scale, zero="0", gap="no assets (gap)")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._coverage.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._coverage.columns) + 1

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return "Product" if section == 0 else self._coverage.columns[section - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section == 0:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignCenter
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        product = self._coverage.rows[index.row()]
        if index.column() == 0:
            return (
                product
                if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
                else None
            )
        column = self._coverage.columns[index.column() - 1]
        cell = self._coverage.cells[index.row()][index.column() - 1]
        if role == GAP_ROLE:
            return cell.assets == 0
        if role == HEAT_ROLE:
            return None if cell.assets == 0 else Heat(self.scale, cell.opens)
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.assets == 0:
                return NO_ASSETS
            return f"{plural(cell.assets, 'asset')}\n{plural(cell.opens, 'open')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{product} × {column}"
            if cell.assets == 0:
                return f"{where}: no assets — a gap in coverage"
            return f"{where}: {plural(cell.assets, 'asset')}, {plural(cell.opens, 'open')}"
        return None


class CoverageSection(Section):
    byChanged = Signal(str)  # 'persona' or 'stage'

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Coverage",
            "Assets and their opens for each product and persona (or buying stage, kind, industry). Hatched cells "
            "are gaps: nothing in the library speaks to that audience yet.",
            parent,
        )
        self.scope = ""
        self.by = QComboBox()
        self.by.setAccessibleName("Columns")
        self.by.addItem("Persona", "persona")
        self.by.addItem("Stage", "stage")
        self.by.addItem("Kind of collateral", "kind")
        self.by.addItem("Industry", "industry")
        self.by.currentIndexChanged.connect(lambda: self.byChanged.emit(self.by.currentData()))
        self.tools.addWidget(QLabel("Columns"))
        self.tools.addWidget(self.by)
        self.model = CoverageModel(self)
        self.table = HeatmapTable(
            cell_width=14 * G, row_height=6 * G, min_label=14 * G, max_label=24 * G, numbers=True
        )
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary = ElidedLabel()
        self.legend = HeatLegend()
        self.set_content(content_box(self.summary, self.table, self.legend))
        self.png_button.setVisible(True)
        self.csv_button.clicked.connect(
            lambda: export_csv(
                self, self.model.coverage, f"coverage-by-{self.by_key()}.csv", self.message.emit
            )
        )
        self.png_button.clicked.connect(self._export_png)
        self.show_empty("Loading…")

    def by_key(self) -> str:
        return self.by.currentData()

    def show_coverage(self, coverage: Coverage, scope: str) -> None:
        self.scope = scope
        self.model.set_coverage(coverage)
        self.legend.set_entries(self.model.legend())
        if not coverage.rows:
            self.show_empty(
                "No assets match these filters. Products, personas and stages come from the "
                "library's collateral.csv and document properties."
            )
            return
        gaps = coverage.gaps()
        cells = len(coverage.rows) * len(coverage.columns)
        self.summary.setText(
            f"{plural(len(gaps), 'gap')} in {cells} {coverage.by} cells"
            + (
                f": {', '.join(f'{p} × {c}' for p, c in gaps)}"
                if gaps
                else " — every cell has assets"
            )
        )
        self.show_content()
        self.table.fit_columns()

    def _export_png(self) -> None:
        title = f"Coverage: product × {self.by_key()}"
        image = render_table(self.table, title, self.scope, self.model.legend())
        export_png(self, image, f"coverage-by-{self.by_key()}.png", self.message.emit)
