"""Stars: painting a rating (shared by the result rows and the Insights tables) and picking one."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOptionFocusRect, QWidget

STARS = 5
RATING_WORDS = {1: "Poor", 2: "Fair", 3: "Good", 4: "Very good", 5: "Excellent"}


def star_polygon(center: QPointF, radius: float) -> QPolygonF:
    """A five-pointed star, point up, with its outer points on a circle of `radius`."""
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(center.x() + r * math.cos(angle), center.y() + r * math.sin(angle)))
    return QPolygonF(points)


def star_rects(rect: QRect | QRectF, count: int = STARS) -> list[QRectF]:
    """The square cell of each star: as large as `rect` allows, left-aligned, centred vertically."""
    area = QRectF(rect)
    side = min(area.height(), area.width() / count)
    top = area.top() + (area.height() - side) / 2
    return [QRectF(area.left() + i * side, top, side, side) for i in range(count)]


def paint_stars(
    painter: QPainter, rect: QRect | QRectF, value: float | None, palette: QPalette
) -> None:
    """Paint five stars in `rect`, filled up to `value` (fractions fill part of a star).

    `value` None means "not rated": outlines only. Filled stars use the
    palette's accent (Highlight), empty ones its placeholder text colour, so
    they read in light and dark mode. Shared by the rating input and the
    results delegate; the painter's state is restored afterwards.
    """
    accent = palette.color(QPalette.ColorRole.Highlight)
    empty = palette.color(QPalette.ColorRole.PlaceholderText)
    filled_to = 0.0 if value is None else min(max(value, 0.0), float(STARS))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i, cell in enumerate(star_rects(rect)):
        star = star_polygon(cell.center(), cell.width() * 0.46)
        fill = min(max(filled_to - i, 0.0), 1.0)
        outline = accent if fill > 0 else empty
        painter.setPen(QPen(outline, max(1.0, cell.width() / 14)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolygon(star)
        if fill > 0:
            painter.save()
            painter.setClipRect(QRectF(cell.left(), cell.top(), cell.width() * fill, cell.height()))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawPolygon(star)
            painter.restore()
    painter.restore()


class StarRatingInput(QWidget):
    """Pick 1–5 stars with the mouse, the 1–5 keys or the arrow keys (0 clears)."""

    valueChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0
        self._hover = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Rating")
        self._describe()

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:
        value = min(max(int(value), 0), STARS)
        if value == self._value:
            return
        self._value = value
        self._describe()
        self.update()
        self.valueChanged.emit(value)

    def sizeHint(self) -> QSize:
        # Sized from the font, so it grows with the user's scale factor.
        side = round(self.fontMetrics().height() * 1.8)
        return QSize(side * STARS + 4, side + 4)

    def _describe(self) -> None:
        text = f"{self._value} of {STARS} stars" if self._value else "Not rated"
        self.setAccessibleDescription(text)
        self.setToolTip("Click a star, or press 1–5")

    def _star_at(self, x: float) -> int:
        for i, cell in enumerate(star_rects(self.rect().adjusted(2, 2, -2, -2))):
            if x < cell.right():
                return i + 1
        return STARS

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self._hover or self._value
        paint_stars(painter, self.rect().adjusted(2, 2, -2, -2), shown or None, self.palette())
        if self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self
            )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self._star_at(event.position().x())
        if hover != self._hover:
            self._hover = hover
            self.update()

    def leaveEvent(self, event: object) -> None:
        self._hover = 0
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.setValue(self._star_at(event.position().x()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_5:
            self.setValue(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.setValue(self._value + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.setValue(max(self._value - 1, 1) if self._value else 0)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
