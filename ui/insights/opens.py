"""The opens heatmap section: assets × weeks, sortable, with legend, counts on hover and exports."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from enablement_desktop.usage.insights import Heatmap
from ui.insights.heatmap import PATH_ROLE, HeatmapTable, OpensHeatmapModel
from ui.insights.png_export import render_table
from ui.insights.scale import HeatLegend, LegendEntry
from ui.insights.tables import export_csv, export_png
from ui.insights.widgets import Section, content_box

SORTS = (("total", "Most opens"), ("recent", "Most recent"), ("name", "Name"))


class OpensSection(Section):
    sortChanged = Signal(str)  # 'total', 'recent' or 'name': the core sorts, the view reloads
    assetSelected = Signal(str)  # a row was selected: its pages are worth loading
    assetActivated = Signal(str)  # double-click / Enter: show its pages

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Opens",
            "How often each asset was opened, week by week. Hover a cell for the exact count; "
            "select a row to see which of its pages were read.",
            parent,
        )
        self.scope = ""
        self.sort = QComboBox()
        self.sort.setAccessibleName("Sort")
        for key, label in SORTS:
            self.sort.addItem(label, key)
        self.sort.currentIndexChanged.connect(
            lambda: self.sortChanged.emit(self.sort.currentData())
        )
        self.counts = QCheckBox("Show counts")
        self.counts.setToolTip("Write each week's count in its cell")
        self.tools.addWidget(QLabel("Sort"))
        self.tools.addWidget(self.sort)
        self.tools.addWidget(self.counts)

        self.model = OpensHeatmapModel(self)
        self.table = HeatmapTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Opens per asset per week")
        # The header elides its text as one line, so 'Sep⏎14' became 'Sep⏎…' although each
        # line fits; these headers are short by design (a month, a day, 'Asset', 'Total').
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.activated.connect(self._on_activated)
        self.counts.toggled.connect(self._show_counts)
        self.legend = HeatLegend()
        self.set_content(content_box(self.table, self.legend))
        self.png_button.setVisible(True)
        self.csv_button.clicked.connect(
            lambda: export_csv(self, self.model.heatmap, "opens-per-week.csv", self.message.emit)
        )
        self.png_button.clicked.connect(self._export_png)
        self.show_empty("Loading…")

    def sort_key(self) -> str:
        return self.sort.currentData()

    def legend_entries(self) -> list[LegendEntry]:
        return [LegendEntry("Opens per week", self.model.scale, zero="none")]

    def show_heatmap(self, heatmap: Heatmap, scope: str, filtered: bool, syncs: bool = True) -> None:
        """`syncs`: a shared folder or server is set, so Sync now can bring sellers' opens."""
        selected = self.selected_path()
        self.scope = scope
        self.model.set_heatmap(heatmap)
        self.legend.set_entries(self.legend_entries())
        if not heatmap.paths:
            narrower = " for these filters" if filtered else ""
            how = ("press Sync now, or choose a longer period" if syncs else
                   "choose the shared sync folder or the organisation server in Settings")  # Sync now is off
            self.show_empty(
                f"No opens in this period{narrower}.\n\nSellers' opens arrive when their apps sync: {how}."
            )
            return
        self.show_content()
        self.table.fit_columns()
        row = self.model.row_of(selected) if selected else None
        if row is not None:
            self.table.selectRow(row)

    def selected_path(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return self.model.path(rows[0].row()) if rows else ""

    def _on_selection(self, *_args: QItemSelection) -> None:
        if self.selected_path():
            self.assetSelected.emit(self.selected_path())

    def _on_activated(self, index: QModelIndex) -> None:
        self.assetActivated.emit(index.data(PATH_ROLE))

    def _show_counts(self, on: bool) -> None:
        self.table.heat_delegate.numbers = on
        self.table.viewport().update()

    def _export_png(self) -> None:
        image = render_table(self.table, "Opens per week", self.scope, self.legend_entries())
        export_png(self, image, "opens-per-week.png", self.message.emit)
