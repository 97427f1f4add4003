"""The heat colour scale and its legend, shared by every heatmap on screen and in PNG exports.

One blue ramp (ColorBrewer "Blues": sequential, readable with every common
colour-vision deficiency and in greyscale). Values fall into a few bins, so
the legend can state exact ranges; the edges are geometric when usage is
skewed (a linear scale would paint the long tail one pale colour). Light
palettes run pale → dark, dark palettes the reverse, so "more" always means
"more contrast with the background".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme

_BLUES = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
MAX_LEVELS = 6
SWATCH = 2 * theme.GRID


def ramp(dark: bool) -> list[QColor]:
    return [QColor(c) for c in (reversed(_BLUES) if dark else _BLUES)]


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def gap_colour(palette: QPalette) -> QColor:
    """Empty coverage cells: the app's warning colour, far from the blue ramp in every vision type."""
    return QColor("#E0A040") if palette_is_dark(palette) else QColor("#B45309")


def text_on(fill: QColor) -> QColor:
    """Dark or light text, whichever reads better on `fill` (relative luminance)."""
    r, g, b = (_linear(c) for c in (fill.redF(), fill.greenF(), fill.blueF()))
    return QColor("#111111") if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.3 else QColor("#FFFFFF")


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


@dataclass(frozen=True)
class HeatScale:
    """Bins of whole numbers: level 0 is 'none', level i covers (edges[i-2], edges[i-1]]."""

    edges: tuple[int, ...]  # upper bound of each level, ascending; empty = nothing to show
    unit: str = ""  # appended to legend labels, e.g. ' s'

    @classmethod
    def for_values(
        cls, values: Iterable[float], unit: str = "", levels: int = MAX_LEVELS
    ) -> HeatScale:
        """Bins for these values: one per value when few, else geometric when skewed, else even.

        Skewed (most values far below the top, as opens per asset are): geometric
        edges keep the long tail apart. Even spreads (pages of one asset) get
        linear edges, which keep close values apart at the top.
        """
        present = sorted(v for v in values if v > 0)
        if not present:
            return cls((), unit)
        top = math.ceil(present[-1])
        if top <= levels:
            return cls(tuple(range(1, top + 1)), unit)
        if present[len(present) // 2] * 4 <= top:
            edges = {math.ceil(top ** (i / levels)) for i in range(1, levels + 1)}
        else:
            edges = {math.ceil(top * i / levels) for i in range(1, levels + 1)}
        return cls(tuple(sorted(edges | {top})), unit)

    def level(self, value: float | None) -> int:
        if not value or value <= 0:
            return 0
        for i, edge in enumerate(self.edges, start=1):
            if value <= edge:
                return i
        return len(self.edges)

    def colour(self, level: int, palette: QPalette) -> QColor | None:
        """The fill for `level`, spread over the whole ramp so the top bin is always the strongest."""
        if level <= 0 or not self.edges:
            return None
        colours = ramp(palette_is_dark(palette))
        if len(self.edges) == 1:
            return colours[len(colours) // 2]
        step = (len(colours) - 1) / (len(self.edges) - 1)
        return colours[round((level - 1) * step)]

    def labels(self) -> list[str]:
        labels, low = [], 1
        for edge in self.edges:
            span = f"{low:,}" if edge == low else f"{low:,}–{edge:,}"
            labels.append(f"{span}{self.unit}")
            low = edge + 1
        return labels


@dataclass(frozen=True)
class LegendEntry:
    caption: str  # e.g. 'Opens per week'
    scale: HeatScale
    zero: str = ""  # label of an empty swatch ('none'), '' = no such swatch
    gap: str = ""  # label of a hatched gap swatch, '' = no such swatch


def paint_legend(
    painter: QPainter,
    origin_x: int,
    origin_y: int,
    width: int,
    entries: list[LegendEntry],
    palette: QPalette,
) -> int:
    """Paint the legend flowing into `width`; return the height used. Widget and PNG share it."""
    metrics = QFontMetrics(painter.font())
    line = max(SWATCH, metrics.height()) + theme.GRID // 2
    x, y = origin_x, origin_y
    text = palette.color(QPalette.ColorRole.Text)
    muted = theme.muted(palette)

    def place(item_width: int, keep_with: int = 0) -> QRect:
        """The next slot; `keep_with` more pixels must fit beside it (a caption's first swatch)."""
        nonlocal x, y
        if x > origin_x and x + item_width + keep_with > origin_x + width:
            x, y = origin_x, y + line
        rect = QRect(x, y, item_width, line - theme.GRID // 2)
        x += item_width
        return rect

    def swatch_width(label: str) -> int:
        return SWATCH + theme.GRID // 2 + metrics.horizontalAdvance(label) + theme.GRID

    for entry in entries:
        if x > origin_x:
            x += 2 * theme.GRID
        swatches: list[tuple[str, QColor | None, bool]] = []
        if entry.zero:
            swatches.append((entry.zero, None, False))
        for level, label in enumerate(entry.scale.labels(), start=1):
            swatches.append((label, entry.scale.colour(level, palette), False))
        if entry.gap:
            swatches.append((entry.gap, None, True))
        caption = f"{entry.caption}:"
        first = swatch_width(swatches[0][0]) if swatches else 0
        rect = place(metrics.horizontalAdvance(caption) + theme.GRID, keep_with=first)
        painter.setPen(muted)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, caption)
        for label, fill, gap in swatches:
            rect = place(swatch_width(label))
            box = QRectF(
                rect.x() + 0.5, rect.center().y() - SWATCH / 2 + 0.5, SWATCH - 1, SWATCH - 1
            )
            if gap:
                paint_gap(painter, box, palette)
            else:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
                painter.setBrush(
                    fill if fill is not None else palette.color(QPalette.ColorRole.Base)
                )
                painter.drawRoundedRect(box, 2, 2)
            painter.setPen(text)
            label_rect = rect.adjusted(SWATCH + theme.GRID // 2, 0, 0, 0)
            painter.drawText(
                label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label
            )
    return y + line - origin_y


def paint_gap(painter: QPainter, rect: QRectF, palette: QPalette) -> None:
    """A hatched box in the warning colour: a coverage gap, visible without relying on hue."""
    colour = gap_colour(palette)
    painter.save()
    hatch, edge = QColor(colour), QColor(colour)
    hatch.setAlpha(110)  # present but quiet: a matrix can be mostly gaps
    edge.setAlpha(170)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
    painter.drawRoundedRect(rect, 2, 2)
    painter.setPen(QPen(edge, 1, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect, 2, 2)
    painter.restore()


class HeatLegend(QWidget):
    """The legend under a heatmap; wraps to more lines when narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[LegendEntry] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_entries(self, entries: list[LegendEntry]) -> None:
        self._entries = list(entries)
        self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        # Measure by painting onto a 1×1 image: the same flow code decides both.
        image = QImage(1, 1, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        painter.setFont(self.font())
        height = paint_legend(painter, 0, 0, max(width, 1), self._entries, self.palette())
        painter.end()
        return height

    def sizeHint(self) -> QSize:
        return QSize(480, self.heightForWidth(480))

    def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_legend(painter, 0, 0, self.width(), self._entries, self.palette())
