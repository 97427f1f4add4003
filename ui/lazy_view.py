"""A tab whose real widget is built the first time it is shown.

Briefs pull in reportlab and Insights builds a dozen models: together about
0.7 s of a 2.6 s cold start, spent on views a seller may never open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyView(QWidget):
    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._view: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def view(self) -> QWidget | None:
        """The real widget, or None while it has never been shown."""
        return self._view

    def ensure_built(self) -> QWidget:
        if self._view is None:
            self._view = self._build()
            self.layout().addWidget(self._view)
        return self._view

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self.ensure_built()
        super().showEvent(event)
