"""PNG export of a heatmap view: its own delegates paint every cell into a QImage.

Not a screen grab: the whole table is drawn (rows scrolled out of sight
included) at twice the screen's density, with a title, the filters in force
and the legend, so the image stands on its own in a slide or an e-mail.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from ui import theme
from ui.insights.scale import LegendEntry, paint_legend

G = theme.GRID
MARGIN = 3 * G
SCALE = 2  # device pixels per logical pixel: sharp when pasted into slides


def render_table(
    view: QTableView, title: str, subtitle: str, legend: list[LegendEntry], scale: int = SCALE
) -> QImage:
    """The table `view` shows, every row, as an image of logical size `table_image_size()`."""
    model = view.model()
    palette = view.palette()
    widths = [view.columnWidth(c) for c in range(model.columnCount())]
    heights = [view.rowHeight(r) for r in range(model.rowCount())]
    layout = _Layout(view, subtitle, legend, sum(widths), sum(heights))

    image = QImage(
        layout.width * scale, layout.height * scale, QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(scale)
    image.fill(palette.color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    text_width = layout.width - 2 * MARGIN

    y = MARGIN
    painter.setFont(layout.title_font)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    title_metrics = QFontMetrics(layout.title_font)
    painter.drawText(
        QRect(MARGIN, y, text_width, title_metrics.height()),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, text_width),
    )
    y += title_metrics.height()
    painter.setFont(view.font())
    metrics = QFontMetrics(view.font())
    if subtitle:
        painter.setPen(theme.muted(palette))
        painter.drawText(
            QRect(MARGIN, y, text_width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, text_width),
        )
        y += metrics.height()
    y += G

    x = MARGIN
    painter.setPen(theme.muted(palette))
    for column, width in enumerate(widths):
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        align = model.headerData(
            column, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole
        )
        rect = QRect(x + G // 2, y, width - G, layout.header)
        painter.drawText(
            rect,
            align if align is not None else Qt.AlignmentFlag.AlignCenter,
            "\n".join(  # line by line: week headers stack the month over the day
                metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
                for line in text.split("\n")
            ),
        )
        x += width
    y += layout.header
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
    painter.drawLine(MARGIN, y - 1, MARGIN + sum(widths), y - 1)

    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.state = QStyle.StateFlag.State_Enabled  # nothing selected or focused in an export
    option.textElideMode = view.textElideMode()
    option.decorationSize = view.iconSize()
    # What QTableView's own view options set; a bare option would top-align the text.
    option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
    for row, height in enumerate(heights):
        x = MARGIN
        for column, width in enumerate(widths):
            index: QModelIndex = model.index(row, column)
            option.rect = QRect(x, y, width, height)
            view.itemDelegateForIndex(index).paint(painter, option, index)
            x += width
        y += height

    y += G
    painter.setFont(view.font())
    paint_legend(painter, MARGIN, y, text_width, legend, palette)
    painter.end()
    return image


def table_image_size(view: QTableView, subtitle: str, legend: list[LegendEntry]) -> tuple[int, int]:
    """Logical (width, height) of `render_table`'s image; multiply by its scale for pixels."""
    model = view.model()
    widths = sum(view.columnWidth(c) for c in range(model.columnCount()))
    heights = sum(view.rowHeight(r) for r in range(model.rowCount()))
    layout = _Layout(view, subtitle, legend, widths, heights)
    return layout.width, layout.height


def save_png(image: QImage, path: str | Path) -> Path:
    """Write the image (safe off the GUI thread: QImage is not a widget)."""
    target = Path(path)
    if not image.save(str(target), "PNG"):
        raise OSError(f"Could not write {target}. Check the folder exists and you can write to it.")
    return target


class _Layout:
    """Where everything goes; shared by the renderer and the size calculation."""

    def __init__(
        self,
        view: QTableView,
        subtitle: str,
        legend: list[LegendEntry],
        table_width: int,
        rows_height: int,
    ) -> None:
        self.title_font = QFont(view.font())
        self.title_font.setPointSizeF(self.title_font.pointSizeF() * 1.25)
        self.title_font.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(view.font())
        self.header = max(view.horizontalHeader().sizeHint().height(), 3 * G)
        self.width = 2 * MARGIN + max(table_width, 60 * G)
        measure = QImage(1, 1, QImage.Format.Format_ARGB32)
        painter = QPainter(measure)
        painter.setFont(view.font())
        legend_height = paint_legend(painter, 0, 0, self.width - 2 * MARGIN, legend, view.palette())
        painter.end()
        self.height = (
            MARGIN
            + QFontMetrics(self.title_font).height()
            + (metrics.height() if subtitle else 0)
            + G
            + self.header
            + rows_height
            + G
            + legend_height
            + MARGIN
        )
