"""The look: Fusion, a light or dark palette that follows the system, one accent, an 8 px grid.

Widgets and delegates read colours from the palette at paint time (plus the
few derived colours below), so a switch between light and dark needs no
widget to be rebuilt.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.icons import ICON_DIR

GRID = 8  # every margin and gap is a multiple of this

# The one accent: interaction (selection, focus, links) and search-term highlights.
ACCENT_LIGHT = QColor("#2563EB")
ACCENT_DARK = QColor("#5B8DEF")

_LIGHT = {
    "window": "#F4F5F7", "base": "#FFFFFF", "alt": "#F7F8FA", "text": "#1C1F24",
    "button": "#ECEEF1", "mid": "#C8CDD4", "midlight": "#E2E5EA", "dark": "#9AA1AB",
    "shadow": "#7A828C", "placeholder": "#6B7280", "tooltip": "#FFFFFF", "disabled": "#9AA1AB",
}
_DARK = {
    "window": "#1F2124", "base": "#27292D", "alt": "#2C2F33", "text": "#E7E9EC",
    "button": "#303338", "mid": "#4A4E55", "midlight": "#3A3D43", "dark": "#17181A",
    "shadow": "#0E0F10", "placeholder": "#9096A0", "tooltip": "#303338", "disabled": "#6B7079",
}

_forced: Qt.ColorScheme | None = None


def apply(app: QApplication, scheme: Qt.ColorScheme | None = None) -> None:
    """Style the app; `scheme` forces light or dark (screenshots), None follows the system."""
    global _forced
    _forced = scheme
    app.setStyle("Fusion")
    _apply_palette(app)
    hints = QGuiApplication.styleHints()
    # Follow the system when it switches at run time (unless a scheme was forced).
    hints.colorSchemeChanged.connect(lambda _scheme: _apply_palette(app))


def is_dark() -> bool:
    scheme = _forced if _forced is not None else QGuiApplication.styleHints().colorScheme()
    return scheme == Qt.ColorScheme.Dark


def _apply_palette(app: QApplication) -> None:
    app.setPalette(build_palette(is_dark()))
    app.setStyleSheet(_STYLE_SHEET)


def build_palette(dark: bool) -> QPalette:
    c = {k: QColor(v) for k, v in (_DARK if dark else _LIGHT).items()}
    accent = ACCENT_DARK if dark else ACCENT_LIGHT
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"], QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"], QPalette.ColorRole.AlternateBase: c["alt"],
        QPalette.ColorRole.Text: c["text"], QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"], QPalette.ColorRole.BrightText: QColor("#FFFFFF"),
        QPalette.ColorRole.Light: c["base"], QPalette.ColorRole.Midlight: c["midlight"],
        QPalette.ColorRole.Mid: c["mid"], QPalette.ColorRole.Dark: c["dark"],
        QPalette.ColorRole.Shadow: c["shadow"], QPalette.ColorRole.Highlight: accent,
        QPalette.ColorRole.HighlightedText: QColor("#FFFFFF"), QPalette.ColorRole.Link: accent,
        QPalette.ColorRole.LinkVisited: accent, QPalette.ColorRole.PlaceholderText: c["placeholder"],
        QPalette.ColorRole.ToolTipBase: c["tooltip"], QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.Accent: accent,
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c["disabled"])
    # An unfocused window keeps its selection colour: results stay readable beside the viewer.
    p.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, accent)
    return p


def accent(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Accent)


def muted(palette: QPalette) -> QColor:
    """Secondary text: paths, counts, locations."""
    return palette.color(QPalette.ColorRole.PlaceholderText)


def term_highlight(palette: QPalette) -> QColor:
    """Background behind a matched search term: the accent, light enough to read text on."""
    colour = QColor(accent(palette))
    colour.setAlpha(110 if is_dark() else 60)
    return colour


def chip_background(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Midlight)


def warning(palette: QPalette) -> QColor:
    """Expired / not approved: a state colour, deliberately not a second accent."""
    return QColor("#E0A040") if is_dark() else QColor("#B45309")


# Only what the palette cannot say: roomier inputs and flat tool buttons on the grid;
# check boxes and radio buttons drawn with the palette's own border (Fusion outlines
# them in the window colour darkened, which all but vanishes on the dark palette).
_STYLE_SHEET = f"""
QLineEdit {{ padding: 4px {GRID}px; border: 1px solid palette(mid); border-radius: 6px;
            background: palette(base); }}
QLineEdit:focus {{ border: 1px solid palette(highlight); }}
QLineEdit#searchField {{ padding: {GRID}px {GRID + GRID // 2}px; border-radius: {GRID}px; }}
QToolButton {{ padding: 4px; border-radius: 6px; }}
QToolButton:hover {{ background: palette(midlight); }}
QFrame#banner {{ background: palette(alternate-base); border-bottom: 1px solid palette(mid); }}
QListView#results, QTreeWidget#facets, QTableView#problems {{ border: none; }}
QStatusBar::item {{ border: none; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 13px; height: 13px; border: 1px solid palette(mid);
            border-radius: 3px; background: palette(base); }}
QRadioButton::indicator {{ border-radius: 7px; }}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border: 1px solid palette(highlight); }}
QCheckBox::indicator:checked {{ background: palette(highlight); border: 1px solid palette(highlight);
            image: url({(ICON_DIR / "check.svg").as_posix()}); }}
QRadioButton::indicator:checked {{ width: 7px; height: 7px; border: 4px solid palette(highlight); }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ background: palette(window); }}
QTreeWidget#facets::indicator {{ width: 13px; height: 13px; border: 1px solid palette(mid);
            border-radius: 3px; background: palette(base); }}
QTreeWidget#facets::indicator:hover {{ border: 1px solid palette(highlight); }}
QTreeWidget#facets::indicator:checked {{ background: palette(highlight); border: 1px solid palette(highlight);
            image: url({(ICON_DIR / "check.svg").as_posix()}); }}
"""
