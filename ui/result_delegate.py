"""Paints one result row: type icon, bold title, where it was found, chips, badges, stars, snippet.

    [icon]  Title of the asset (bold, elided)                       p. 7
            [Product] [Persona] [Stage]  EXPIRED        ★★★★☆ 4.2 · 12 opens
            two lines of snippet with the query's words on an
            accent background, the second line elided…

Everything that may be long is elided to the width it has; nothing is clipped.
A row with no chip, badge, rating or open has no second line at all (an empty
line there read as something missing).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPolygonF,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import theme
from ui.icons import type_icon
from ui.results_model import ROW_ROLE
from ui.search_runner import ResultRow

G = theme.GRID
PAD_X, PAD_Y = 2 * G, G + G // 2
ICON = 4 * G
TEXT_X = PAD_X + ICON + G + G // 2  # where the text column starts
CHIP_PAD_X, CHIP_GAP = G, G - 2
STAR, STAR_GAP = 12, 2
SNIPPET_LINES = 2


class ResultDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        fonts = _Fonts(option.font)
        row: ResultRow | None = index.data(ROW_ROLE)
        chip_line = fonts.chip_height() + G - 2 if row is not None and _has_chip_line(row) else 0
        height = (PAD_Y + fonts.title_metrics.height() + G // 2 + chip_line
                  + SNIPPET_LINES * fonts.body_metrics.lineSpacing() + PAD_Y)
        return QSize(max(option.rect.width(), 320), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: ResultRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        palette = option.palette
        rect = option.rect
        fonts = _Fonts(option.font)
        _paint_background(painter, option, rect)

        hit = row.hit
        type_icon(hit.type).paint(painter, QRect(rect.left() + PAD_X, rect.top() + PAD_Y, ICON, ICON))

        left = rect.left() + TEXT_X
        right = rect.right() - PAD_X
        y = rect.top() + PAD_Y

        # Line 1: title, and where the hit is on the right.
        where = hit.label or f"p. {hit.page}"
        # +2: advances are rounded, and an exact fit would elide a short label like "slide 6".
        where_w = min(fonts.small_metrics.horizontalAdvance(where) + 2, (right - left) // 3)
        where_text = fonts.small_metrics.elidedText(where, Qt.TextElideMode.ElideRight, where_w)
        title_h = fonts.title_metrics.height()
        painter.setFont(fonts.small)
        painter.setPen(theme.accent(palette))
        painter.drawText(QRect(right - where_w, y, where_w, title_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, where_text)
        painter.setFont(fonts.title)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title_w = right - left - where_w - G
        painter.drawText(QRect(left, y, title_w, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fonts.title_metrics.elidedText(hit.title, Qt.TextElideMode.ElideRight, title_w))
        y += title_h + G // 2

        # Line 2: chips and badges on the left, rating and opens on the right; none without any.
        if _has_chip_line(row):
            chip_h = fonts.chip_height()
            usage_w = _paint_usage(painter, palette, fonts, row, right, y, chip_h)
            _paint_chips(painter, palette, fonts, _chips(row), _badges(row), left, right - usage_w - G, y, chip_h)
            y += chip_h + G - 2

        # Lines 3-4: the snippet, terms on the accent.
        painter.setFont(fonts.body)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        _paint_snippet(painter, palette, fonts, hit.snippet, hit.spans, QRect(left, y, right - left, 0))

        # A hairline between rows.
        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.left() + TEXT_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        painter.restore()


class _Fonts:
    def __init__(self, base: QFont) -> None:
        self.body = QFont(base)
        self.title = QFont(base)
        self.title.setBold(True)
        self.title.setPointSizeF(base.pointSizeF() * 1.12)
        self.small = QFont(base)
        self.small.setPointSizeF(base.pointSizeF() * 0.9)
        self.badge = QFont(self.small)
        self.badge.setBold(True)
        self.title_metrics = QFontMetrics(self.title)
        self.body_metrics = QFontMetrics(self.body)
        self.small_metrics = QFontMetrics(self.small)
        self.badge_metrics = QFontMetrics(self.badge)

    def chip_height(self) -> int:
        return self.small_metrics.height() + G // 2


def _paint_background(painter: QPainter, option: QStyleOptionViewItem, rect: QRect) -> None:
    palette = option.palette
    if option.state & QStyle.StateFlag.State_Selected:
        # A tint plus an accent bar instead of a solid fill: the highlighted terms stay visible.
        tint = QColor(theme.accent(palette))
        tint.setAlpha(40)
        painter.fillRect(rect, tint)
        painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), theme.accent(palette))
    elif option.state & QStyle.StateFlag.State_MouseOver:
        painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))


def _has_chip_line(row: ResultRow) -> bool:
    return bool(_chips(row) or _badges(row) or row.stats.rating_count or row.stats.open_count)


def _chips(row: ResultRow) -> list[str]:
    facets = row.hit.facets
    return [*facets.get("kind", ()), *facets.get("product", ()), *facets.get("persona", ()),
            *facets.get("stage", ())]


def _badges(row: ResultRow) -> list[str]:
    badges = []
    if row.hit.expired:
        badges.append("Expired")
    if not row.hit.approved:
        badges.append("Not approved")
    return badges


def _paint_chips(painter: QPainter, palette: QPalette, fonts: _Fonts, chips: list[str], badges: list[str],
                 left: int, right: int, y: int, height: int) -> None:
    # Badges first: a seller must see "Expired" even when the chips don't fit.
    x = left
    warn = theme.warning(palette)
    for text in badges:
        width = fonts.badge_metrics.horizontalAdvance(text) + 2 * CHIP_PAD_X
        if x + width > right:
            return
        painter.setPen(warn)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(x + 0.5, y + 0.5, width - 1, height - 1), 4, 4)
        painter.setFont(fonts.badge)
        painter.drawText(QRect(x, y, width, height), Qt.AlignmentFlag.AlignCenter, text)
        x += width + CHIP_GAP
    painter.setFont(fonts.small)
    for n, text in enumerate(chips):
        width = fonts.small_metrics.horizontalAdvance(text) + 2 * CHIP_PAD_X
        more = f"+{len(chips) - n}"
        more_w = fonts.small_metrics.horizontalAdvance(more) + CHIP_PAD_X
        last = n == len(chips) - 1
        if x + width > right - (0 if last else more_w + CHIP_GAP):
            if x + more_w <= right:
                painter.setPen(theme.muted(palette))
                painter.drawText(QRect(x, y, more_w, height), Qt.AlignmentFlag.AlignVCenter, more)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.chip_background(palette))
        painter.drawRoundedRect(QRectF(x, y, width, height), 4, 4)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRect(x, y, width, height), Qt.AlignmentFlag.AlignCenter, text)
        x += width + CHIP_GAP


def _paint_usage(painter: QPainter, palette: QPalette, fonts: _Fonts, row: ResultRow,
                 right: int, y: int, height: int) -> int:
    """Stars (if rated) and open count, right-aligned; returns the width used."""
    stats = row.stats
    parts = []
    if stats.rating_count:
        parts.append(f"{stats.avg_rating:.1f} ({stats.rating_count})")
    if stats.open_count:
        parts.append(f"{stats.open_count:,} open" + ("s" if stats.open_count != 1 else ""))
    text = " · ".join(parts)
    text_w = fonts.small_metrics.horizontalAdvance(text) if text else 0
    stars_w = 5 * STAR + 4 * STAR_GAP + G // 2 if stats.rating_count else 0
    x = right - text_w
    if text:
        painter.setFont(fonts.small)
        painter.setPen(theme.muted(palette))
        painter.drawText(QRect(x, y, text_w, height), Qt.AlignmentFlag.AlignVCenter, text)
    if stats.rating_count:
        _paint_stars(painter, palette, float(stats.avg_rating or 0), x - stars_w, y + (height - STAR) // 2)
    return text_w + stars_w


def _paint_stars(painter: QPainter, palette: QPalette, rating: float, x: int, y: int) -> None:
    filled, empty = theme.accent(palette), palette.color(QPalette.ColorRole.Mid)
    for n in range(5):
        star = _star_path(QRectF(x + n * (STAR + STAR_GAP), y, STAR, STAR))
        painter.fillPath(star, empty)
        share = min(max(rating - n, 0.0), 1.0)
        if share > 0:
            painter.save()
            bounds = star.boundingRect()
            painter.setClipRect(QRectF(bounds.left(), bounds.top(), bounds.width() * share, bounds.height()))
            painter.fillPath(star, filled)
            painter.restore()


def _star_path(box: QRectF) -> QPainterPath:
    points = [(0.5, 0.0), (0.62, 0.36), (1.0, 0.38), (0.7, 0.61), (0.81, 1.0),
              (0.5, 0.77), (0.19, 1.0), (0.3, 0.61), (0.0, 0.38), (0.38, 0.36)]
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(box.left() + px * box.width(), box.top() + py * box.height())
                               for px, py in points]))
    path.closeSubpath()
    return path


def _paint_snippet(painter: QPainter, palette: QPalette, fonts: _Fonts, text: str,
                   spans: list[tuple[int, int]], box: QRect) -> None:
    line_h = fonts.body_metrics.lineSpacing()
    if not text:
        painter.setPen(theme.muted(palette))
        painter.drawText(QRect(box.left(), box.top(), box.width(), line_h),
                         Qt.AlignmentFlag.AlignVCenter, "No text preview for this section.")
        return
    highlight = theme.term_highlight(palette)
    width = box.width()
    breaks = _line_breaks(text, fonts.body, width)
    for n, (start, end) in enumerate(breaks[:SNIPPET_LINES]):
        piece = text[start:end]
        if n == SNIPPET_LINES - 1 and len(breaks) > SNIPPET_LINES:
            piece = fonts.body_metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width)
        shifted = [(s - start, e - start) for s, e in spans if e > start and s < start + len(piece)]
        _draw_line(painter, piece.rstrip(), shifted, fonts.body, highlight,
                   QPointF(box.left(), box.top() + n * line_h))


def _line_breaks(text: str, font: QFont, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line when `text` wraps at `width`."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    breaks = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        breaks.append((line.textStart(), line.textStart() + line.textLength()))
    layout.endLayout()
    return breaks


def _draw_line(painter: QPainter, text: str, spans: list[tuple[int, int]], font: QFont,
               highlight: QColor, top_left: QPointF) -> None:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    fmt = QTextCharFormat()
    fmt.setBackground(highlight)
    ranges = []
    for start, end in spans:
        start, end = max(start, 0), min(end, len(text))
        if end > start:
            selection = QTextLayout.FormatRange()
            selection.start, selection.length, selection.format = start, end - start, fmt
            ranges.append(selection)
    layout.draw(painter, top_left, ranges)
