"""Bundled SVG icons (resources/icons): line icons tinted by the palette, type icons as drawn."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from enablement_desktop.paths import REPO_ROOT

ICON_DIR = REPO_ROOT / "resources" / "icons"


class _TintedSvgEngine(QIconEngine):
    """Paints the SVG in the palette's current text colour, so icons follow light/dark switches."""

    def __init__(self, svg: str, name: str = "") -> None:
        super().__init__()
        self._svg = svg
        self._name = name
        self._renderers: dict[str, QSvgRenderer] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette = QGuiApplication.palette()
        if mode == QIcon.Mode.Disabled:
            colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        elif mode == QIcon.Mode.Selected:
            colour = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            colour = palette.color(QPalette.ColorRole.Text)
        name = colour.name()
        renderer = self._renderers.get(name)
        if renderer is None:
            renderer = QSvgRenderer(QByteArray(self._svg.replace("currentColor", name).encode()))
            self._renderers[name] = renderer
        renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._svg, self._name)

    def iconName(self) -> str:  # noqa: N802 - Qt override
        return self._name  # QIcon.name(): which bundled icon this is


def icon(name: str) -> QIcon:
    """A line icon such as 'search', 'reindex', 'settings', 'warning', 'folder'."""
    return QIcon(_TintedSvgEngine(_svg_text(name), name))


# Types drawn with their family's icon (macro-enabled, older and OpenDocument files).
_ICON_FAMILY = {"pptm": "pptx", "odp": "pptx", "docm": "docx", "odt": "docx", "rtf": "docx",
                "xlsm": "xlsx", "xls": "xlsx", "ods": "xlsx"}


@cache
def _svg_text(name: str) -> str:
    return (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")


def coloured_icon(name: str, colour: QColor, size: int = 16) -> QIcon:
    """A line icon in one fixed colour (a status mark that must read on any row background)."""
    # check.svg is drawn white (for ticks on accent fills); the others use currentColor.
    svg = _svg_text(name).replace("currentColor", colour.name()).replace("#FFFFFF", colour.name())
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x: crisp on high-dpi screens too
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return QIcon(pixmap)


def type_icon(asset_type: str) -> QIcon:
    """The coloured file-type icon for a result row ('pdf', 'pptx', …); txt for unknown types."""
    path = ICON_DIR / f"file-{_ICON_FAMILY.get(asset_type, asset_type)}.svg"
    return _file_icon(str(path if path.exists() else ICON_DIR / "file-txt.svg"))


@cache
def _file_icon(path: str) -> QIcon:
    return QIcon(path)
