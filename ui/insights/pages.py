"""Which pages of one asset sellers read: views and dwell per page, beside page thumbnails.

Thumbnails come from QtPdf, and only for PDFs in the assets table: those
passed extraction, which runs every file in a killable worker first (QtPdf
hangs forever on some malformed PDFs). Other formats show their page labels
('Slide 7 · Pricing'). Rendering happens in the worker task, into QImages.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSizeF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from enablement_desktop.usage.insights import Filters, PageStat, page_heatmap
from enablement_desktop.usage.pages import page_asset
from ui import theme
from ui.insights.heatmap import HEAT_ROLE, RIGHT, Heat, HeatmapTable
from ui.insights.loading import connection
from ui.insights.png_export import render_table
from ui.insights.scale import HeatLegend, HeatScale, LegendEntry
from ui.insights.tables import export_csv, export_png
from ui.insights.text import duration, plural
from ui.insights.widgets import ElidedLabel, ElidingComboBox, Section, content_box

G = theme.GRID
THUMB = 12 * G  # thumbnails fit a 96 px square: enough to recognise a page
THUMB_SCALE = 2  # rendered at twice the size: sharp on high-density screens and in PNG exports


@dataclass(frozen=True)
class PageRow:
    stat: PageStat
    label: str
    thumbnail: QImage | None = None


@dataclass(frozen=True)
class PagesResult:
    asset_path: str
    title: str
    asset_type: str  # '' when the asset is no longer in the library
    rows: list[PageRow] = field(default_factory=list)

    @property
    def views(self) -> int:
        return sum(r.stat.views for r in self.rows)


def load_pages(
    db_path: Path, library: Path | None, asset_path: str, filters: Filters
) -> PagesResult:
    """Worker task: page stats, labels and (for PDFs) thumbnails of one asset."""
    with connection(db_path) as db:
        stats = page_heatmap(db, asset_path, filters)
        asset = page_asset(db, asset_path)
    thumbnails: dict[int, QImage] = {}
    if asset.type == "pdf" and library is not None and (library / asset_path).is_file():
        thumbnails = render_thumbnails(library / asset_path, [s.page for s in stats])
    rows = [PageRow(s, asset.label(s.page), thumbnails.get(s.page)) for s in stats]
    return PagesResult(asset_path, asset.title, asset.type, rows)


def render_thumbnails(pdf: Path, pages: list[int]) -> dict[int, QImage]:
    """Small white-backed page images, keyed by 1-based page; {} when the PDF will not load."""
    document = QPdfDocument()
    images: dict[int, QImage] = {}
    try:
        if document.load(str(pdf)) != QPdfDocument.Error.None_:
            return images
        box = QSizeF(THUMB * THUMB_SCALE, THUMB * THUMB_SCALE)
        for page in pages:
            if not 1 <= page <= document.pageCount():
                continue
            size = document.pagePointSize(page - 1).scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
            image = document.render(page - 1, size.toSize(), fillColor=QColor(Qt.GlobalColor.white))
            # A hairline edge: a white page must not melt into a white table.
            painter = QPainter(image)
            painter.setPen(QPen(QColor(0, 0, 0, 60), THUMB_SCALE))
            painter.drawRect(image.rect().adjusted(0, 0, -1, -1))
            painter.end()
            image.setDevicePixelRatio(THUMB_SCALE)
            images[page] = image
    finally:
        document.close()
    return images


class PagesModel(QAbstractTableModel):
    COLUMNS = ("Page", "Views", "Median time", "Total time")
    _WIDTHS = (0, 12 * G, 14 * G, 14 * G)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = PagesResult("", "", "")
        self._given: list[PageRow] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.views_scale = HeatScale(())
        self.dwell_scale = HeatScale((), " s")

    def set_result(self, result: PagesResult) -> None:
        self.beginResetModel()
        self._given = list(result.rows)
        self.result = dataclasses.replace(result, rows=self._sorted(result.rows))
        self.views_scale = HeatScale.for_values(r.stat.views for r in result.rows)
        self.dwell_scale = HeatScale.for_values(
            ((r.stat.median_dwell_ms or 0) / 1000 for r in result.rows), " s"
        )
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By page (the default), views, median or total time: most read first in one click."""
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self.result = dataclasses.replace(self.result, rows=self._sorted(self._given))
        self.layoutChanged.emit()

    def _sorted(self, rows: list[PageRow]) -> list[PageRow]:
        column, order = self._sort
        keys = {
            0: lambda r: r.stat.page,
            1: lambda r: r.stat.views,
            2: lambda r: r.stat.median_dwell_ms or 0,
            3: lambda r: r.stat.total_dwell_ms,
        }
        if column not in keys:
            return list(rows)
        # Stable, from page order: equal counts keep their pages in order either way.
        by_page = sorted(rows, key=lambda r: r.stat.page)
        return sorted(by_page, key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)

    @property
    def has_thumbnails(self) -> bool:
        return any(r.thumbnail is not None for r in self.result.rows)

    def legend(self) -> list[LegendEntry]:
        return [
            LegendEntry("Views", self.views_scale, zero="0"),
            LegendEntry("Median time on page", self.dwell_scale),
        ]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.result.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section == 0:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return RIGHT if section == 3 else Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.SizeHintRole and section:
            return QSize(self._WIDTHS[section], 0)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        row = self.result.rows[index.row()]
        stat, column = row.stat, index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{row.label}\n{plural(stat.views, 'view')} · median {duration(stat.median_dwell_ms)}"
                f" · {duration(stat.total_dwell_ms)} in total"
            )
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.label
            if role == Qt.ItemDataRole.DecorationRole:
                return row.thumbnail
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                None,
                stat.views,
                duration(stat.median_dwell_ms),
                duration(stat.total_dwell_ms),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == HEAT_ROLE:
            if column == 1:
                return Heat(self.views_scale, stat.views)
            if column == 2:
                return Heat(self.dwell_scale, (stat.median_dwell_ms or 0) / 1000)
        return None


class PagesSection(Section):
    """Pick an asset (or select one in Opens); its pages load in a worker via `assetChanged`."""

    assetChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Pages",
            "Which pages sellers actually read, from the built-in viewer's timing. Median time is "
            "the typical read; a long tail of idle time does not inflate it.",
            parent,
        )
        self.scope = ""
        self.asset = ElidingComboBox()
        self.asset.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.asset.setMinimumContentsLength(28)
        self.asset.setAccessibleName("Asset")
        self.asset.currentIndexChanged.connect(self._on_asset)
        self.tools.addWidget(QLabel("Asset"))
        self.tools.addWidget(self.asset)

        self.model = PagesModel(self)
        self.table = HeatmapTable(
            cell_width=12 * G, min_label=24 * G, max_label=64 * G, numbers=True, cell_height=4 * G
        )
        self.table.setModel(self.model)
        self.table.setIconSize(QSize(THUMB, THUMB))
        # Click "Views" to see the most-read pages first; pages in order until then.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.summary = ElidedLabel()
        self.legend = HeatLegend()
        self.set_content(content_box(self.summary, self.table, self.legend))
        self.png_button.setVisible(True)
        self.csv_button.clicked.connect(self._export_csv)
        self.png_button.clicked.connect(self._export_png)
        self.show_empty("Pick an asset in Opens to see which of its pages sellers read.")

    def set_assets(self, assets: list[tuple[str, str]]) -> None:
        """Offer (path, title) pairs, keeping the current asset when it is still there.

        Emits nothing: the caller loads the pages of `current_path()` with its filters.
        """
        current = self.current_path()
        self.asset.blockSignals(True)
        self.asset.clear()
        for path, title in assets:
            self.asset.addItem(title, path)
            self.asset.setItemData(self.asset.count() - 1, path, Qt.ItemDataRole.ToolTipRole)
        found = self.asset.findData(current) if current else -1
        self.asset.setCurrentIndex(found if found >= 0 else (0 if assets else -1))
        self.asset.blockSignals(False)
        self.asset.setEnabled(bool(assets))  # not an empty list to open beside "no asset was opened"
        if not assets:
            self.show_empty("No asset was opened in this period, so no pages were read.")

    def select(self, path: str) -> None:
        found = self.asset.findData(path)
        if found >= 0:
            self.asset.setCurrentIndex(found)

    def current_path(self) -> str:
        return self.asset.currentData() or ""

    def _on_asset(self, *_args: object) -> None:
        if self.current_path():
            self.assetChanged.emit(self.current_path())

    def show_result(self, result: PagesResult) -> None:
        if result.asset_path != self.current_path():
            return  # the user picked another asset meanwhile
        self.model.set_result(result)
        self.legend.set_entries(self.model.legend())
        self.table.verticalHeader().setDefaultSectionSize(
            THUMB + G if self.model.has_thumbnails else 4 * G
        )
        self.table.fit_columns()
        if not result.views:
            if result.asset_type not in ("pdf", ""):
                self.show_empty(
                    f"No page views for “{result.title}”. Pages are timed in the built-in PDF "
                    "viewer; this format opens in its own app, which can't report pages."
                )
            else:
                self.show_empty(
                    f"Nobody read “{result.title}” in the built-in viewer in this period."
                )
            return
        self.summary.setText(_summary(result))
        self.show_content()

    def _export_csv(self) -> None:
        stats = [r.stat for r in self.model.result.rows]
        export_csv(
            self,
            stats,
            f"pages-{_slug(self.model.result.asset_path)}.csv",
            self.message.emit,
            row_type=PageStat,
        )

    def _export_png(self) -> None:
        image = render_table(
            self.table, f"Pages read: {self.model.result.title}", self.scope, self.model.legend()
        )
        export_png(
            self, image, f"pages-{_slug(self.model.result.asset_path)}.png", self.message.emit
        )


def _summary(result: PagesResult) -> str:
    rows = [r for r in result.rows if r.stat.views]
    longest = max(rows, key=lambda r: r.stat.median_dwell_ms or 0)
    parts = [
        plural(len(result.rows), "page"),
        plural(result.views, "page view"),
        f"longest read: {longest.label} (median {duration(longest.stat.median_dwell_ms)})",
    ]
    return " · ".join(parts)


def _slug(path: str) -> str:
    return Path(path).stem or "asset"
