"""Small building blocks of the Insights view: headings, eliding labels, headline cards, sections."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.labels import heading, muted  # noqa: F401 - the Insights sections import them from here

G = theme.GRID


def while_alive(owner: QObject, fn: Callable[..., None]) -> Callable[..., None]:
    """`fn`, but a no-op once `owner` is deleted: a worker task may finish after its view closed."""

    def call(*args: object) -> None:
        if shiboken6.isValid(owner):
            fn(*args)

    return call


class ElidedLabel(QLabel):
    """One line that elides to the width it gets (full text in the tooltip): never clipped."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = text
        self.setToolTip(text)
        super().setText(text)

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(4 * G, super().minimumSizeHint().height())

    def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()) | Qt.AlignmentFlag.AlignVCenter, shown)


class ElidingComboBox(QComboBox):
    """A combo box whose current text elides (full text on hover) instead of being cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class HeadlineCard(QFrame):
    """A big number with a caption, e.g. '61%' over 'not opened in 90 days'."""

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headlineCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value = heading("–", 1.7)
        self.caption = ElidedLabel(caption)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2 * G, G + G // 2, 2 * G, G + G // 2)
        layout.setSpacing(G // 2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set(self, value: str, caption: str | None = None, tooltip: str = "") -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        self.setToolTip(tooltip)

    def mouseReleaseEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.clicked.emit()


class Section(QWidget):
    """A titled dashboard section: explainer, tools and exports on top, content or an empty state.

    Subclasses fill `tools` and call `set_content()`; `show_empty(text)` says
    what to do next when there is nothing to show.
    """

    message = Signal(str)  # a sentence for the view's message line (exports, errors)

    def __init__(self, title: str, explainer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.explainer = muted(explainer)
        self.tools = QHBoxLayout()
        self.tools.setSpacing(G)
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setToolTip("Save this table as a CSV file (opens in Excel)")
        self.png_button = QPushButton("Export PNG…")
        self.png_button.setToolTip("Save this heatmap as an image, legend included")
        self.png_button.setVisible(False)
        top = QHBoxLayout()
        top.setSpacing(G)
        top.addWidget(heading(title, 1.15))
        top.addStretch(1)
        top.addLayout(self.tools)
        top.addWidget(self.csv_button)
        top.addWidget(self.png_button)

        self._empty = muted()
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * G, 2 * G, 3 * G, 2 * G)
        layout.setSpacing(G)
        layout.addLayout(top)
        layout.addWidget(self.explainer)
        layout.addWidget(self._stack, 1)

    def set_content(self, widget: QWidget) -> None:
        """The section's one content widget; shown by `show_content()`."""
        self._stack.addWidget(widget)

    def show_empty(self, text: str) -> None:
        self._empty.setText(text)
        self._stack.setCurrentWidget(self._empty)
        self.csv_button.setEnabled(False)
        self.png_button.setEnabled(False)

    def show_content(self) -> None:
        self._stack.setCurrentIndex(1)
        self.csv_button.setEnabled(True)
        self.png_button.setEnabled(True)

    @property
    def showing_empty(self) -> bool:
        return self._stack.currentWidget() is self._empty

    def empty_text(self) -> str:
        return self._empty.text()


def content_box(*widgets: QWidget) -> QWidget:
    """Stack widgets on the 8 px grid, spare height below: a short table keeps its legend under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(G)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return box
