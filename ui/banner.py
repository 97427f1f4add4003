"""A non-modal strip above the views: one sentence, one action, dismissable."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from ui import theme
from ui.icons import icon

G = theme.GRID


class Banner(QFrame):
    actionClicked = Signal()

    def __init__(self, text: str, action: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        info = QLabel()
        info.setPixmap(icon("info").pixmap(G * 2, G * 2))
        self.button = QPushButton(action)
        self.button.clicked.connect(self.actionClicked)
        close = QToolButton()
        close.setIcon(icon("close"))
        close.setAutoRaise(True)
        close.setToolTip("Hide this message")
        close.clicked.connect(self.hide)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(G * 2, G, G, G)
        layout.setSpacing(G)
        layout.addWidget(info)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.button.setVisible(bool(action))  # a notice with nothing to do shows no button
        layout.addWidget(close)
