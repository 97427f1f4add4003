"""The window's text labels: headings, muted notes, and plain text for what documents supply.

Every label here is plain text: a QLabel left on Qt's AutoText renders a
string that looks like HTML as rich text, so a PDF title such as
'<h1 style="color:red">URGENT</h1><img src="file:///…">' would shout in red
and load a local file. Titles, paths, comments and anything else that comes
from the library or the shared folder go through these (or `set_plain`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def plain(text: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    """A label that shows `text` as typed, never as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def heading(text: str = "", scale: float = 1.25, parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    label = plain(text, parent, wrap=wrap)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def muted(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    label = plain(text, parent, wrap=wrap)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
