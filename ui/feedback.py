"""Seller feedback: rate a document, send it back to marketing, and see what marketing did.

The dialogs write one event each through the core (`record_event`); a single
indexed insert or read is cheap enough for the GUI thread.
"""

from __future__ import annotations

import logging
import math
import sqlite3
from datetime import datetime

import sqlite_utils
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QStyleOptionFocusRect,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.settings import Settings
from enablement_desktop.usage.events import (
    SEND_BACK_REASONS,
    SendBack,
    my_rating,
    record_event,
    send_backs_for_user,
)

log = logging.getLogger(__name__)

STARS = 5
RATING_WORDS = {1: "Poor", 2: "Fair", 3: "Good", 4: "Very good", 5: "Excellent"}
# What each reason means, in the seller's words; keys are the core's reasons.
REASON_HINTS = {
    "outdated": "Outdated — prices, names or facts have changed",
    "inaccurate": "Inaccurate — something in it is wrong",
    "off-message": "Off-message — doesn't say it the way we position it",
    "hard to use": "Hard to use — hard to find things in, or to present",
    "missing information": "Missing information — buyers ask about something it doesn't cover",
    "other": "Other — say what in the comment",
}
STATUS_LABELS = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "fixed": "Fixed",
    "won't fix": "Won't fix",
}
# Okabe–Ito colours: told apart with every common colour-vision deficiency.
_STATUS_COLOURS = {
    "new": QColor("#999999"),
    "acknowledged": QColor("#0072B2"),
    "fixed": QColor("#009E73"),
    "won't fix": QColor("#D55E00"),
}


# --- stars --------------------------------------------------------------


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


# --- dialogs ------------------------------------------------------------


class _CommentEdit(QPlainTextEdit):
    """A comment box where Enter submits the dialog and Shift+Enter starts a new line."""

    submitted = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        lines = 4
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def text(self) -> str:
        return self.toPlainText().strip()

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 48, self.minimumHeight())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setVisible(False)
    label.setAccessibleName("Problem")
    return label


def _show_error(label: QLabel, text: str) -> None:
    # A red that stays readable on the window colour, light or dark.
    dark = label.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
    label.setStyleSheet(f"color: {'#ff8a80' if dark else '#b3261e'};")
    label.setText(text)
    label.setVisible(bool(text))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _local_date(ts: str) -> str:
    """'26 Nov 2026' for an event timestamp, in the local time zone; '' when absent."""
    if not ts:
        return ""
    try:
        moment = datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return ts
    return f"{moment.day} {moment:%b %Y}"


class RateDialog(QDialog):
    """Rate a document 1–5 with an optional comment; records a 'rate' event on accept.

    Shows the user's current rating, if any, and starts from it: rating again
    replaces the earlier rating everywhere. `recorded_uuid` holds the new
    event's UUID after accept.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        settings: Settings,
        asset_path: str,
        asset_sha256: str = "",
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db, self._settings = db, settings
        self._asset_path, self._asset_sha256 = asset_path, asset_sha256
        self.recorded_uuid: str | None = None
        self.setWindowTitle("Rate document")

        previous = my_rating(db, settings.user, asset_path)
        self.stars = StarRatingInput(self)
        self._word = QLabel()
        self._word.setMinimumWidth(self.fontMetrics().horizontalAdvance("Very good") + 8)
        self.stars.valueChanged.connect(self._on_value)
        self.comment = _CommentEdit("What made it useful, or what was missing? (optional)", self)
        self.comment.submitted.connect(self.accept)
        self._error = _error_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(_heading(f"Rate “{title or asset_path}”"))
        if previous is not None:
            self.previous_label = _muted(
                f"You rated this {previous.rating} of {STARS} on {_local_date(previous.ts)}. "
                "Saving replaces that rating."
            )
        else:
            self.previous_label = _muted("Your rating helps other sellers pick the right document.")
        layout.addWidget(self.previous_label)
        layout.addSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.stars)
        row.addWidget(self._word)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(8)
        comment_label = QLabel("&Comment")
        comment_label.setBuddy(self.comment)
        layout.addWidget(comment_label)
        layout.addWidget(self.comment, 1)
        layout.addWidget(self._error)
        layout.addSpacing(8)
        layout.addWidget(_buttons(self, "Save rating"))

        if previous is not None:
            self.stars.setValue(previous.rating)
            self.comment.setPlainText(previous.comment)
        self._on_value(self.stars.value())
        self.stars.setFocus()

    def _on_value(self, value: int) -> None:
        self._word.setText(RATING_WORDS.get(value, "Choose 1–5 stars"))
        if value:
            _show_error(self._error, "")

    def accept(self) -> None:
        if not self.stars.value():
            _show_error(self._error, "Choose how many stars to give — click a star or press 1–5.")
            self.stars.setFocus()
            return
        if _record(self, "rate", "Your rating couldn't be saved ({exc}). Try again.",
                   rating=self.stars.value(), comment=self.comment.text() or None):
            super().accept()


def _record(dialog: RateDialog | SendBackDialog, kind: str, failure: str, **fields: object) -> bool:
    """Record the dialog's event; on failure say so inside the dialog (which stays open) and log it."""
    try:
        dialog.recorded_uuid = record_event(dialog._db, dialog._settings, kind, asset_path=dialog._asset_path,
                                            asset_sha256=dialog._asset_sha256, **fields)
    except (ValueError, sqlite3.Error) as exc:
        log.exception("could not record %s for %s", kind, dialog._asset_path)
        _show_error(dialog._error, failure.format(exc=exc))
        return False
    return True


class SendBackDialog(QDialog):
    """ "Send back to marketing": a required reason, a comment and the page; records 'send_back'.

    The comment is required when the reason is "other". `page` pre-fills the
    page box (0 or None means the whole document). `recorded_uuid` holds the
    new event's UUID after accept.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        settings: Settings,
        asset_path: str,
        asset_sha256: str = "",
        title: str = "",
        page: int | None = None,
        page_count: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db, self._settings = db, settings
        self._asset_path, self._asset_sha256 = asset_path, asset_sha256
        self.recorded_uuid: str | None = None
        self.setWindowTitle("Send back to marketing")

        self.reasons = QButtonGroup(self)
        reasons_box = QWidget(self)
        reasons_layout = QVBoxLayout(reasons_box)
        reasons_layout.setContentsMargins(0, 0, 0, 0)
        reasons_layout.setSpacing(4)
        for number, reason in enumerate(SEND_BACK_REASONS):
            button = QRadioButton(REASON_HINTS.get(reason, reason.capitalize()), reasons_box)
            button.setProperty("reason", reason)
            self.reasons.addButton(button, number)
            reasons_layout.addWidget(button)
        self.reasons.idToggled.connect(self._on_reason)

        self.page = QSpinBox(self)
        self.page.setRange(0, page_count or 9999)
        self.page.setSpecialValueText("Whole document")
        if page_count:
            self.page.setSuffix(f" of {page_count}")
        self.page.setValue(page or 0)
        self.page.setToolTip("The page with the problem; 0 for the whole document")
        self.comment = _CommentEdit("What should marketing change?", self)
        self.comment.submitted.connect(self.accept)
        self._comment_label = QLabel()
        self._comment_label.setBuddy(self.comment)
        self._error = _error_label()

        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        reasons_label = QLabel("&What's wrong?")
        reasons_label.setBuddy(self.reasons.button(0))
        form.addRow(reasons_label, reasons_box)
        page_label = QLabel("&Page")
        page_label.setBuddy(self.page)
        page_row = QHBoxLayout()
        page_row.addWidget(self.page)
        page_row.addStretch(1)
        form.addRow(page_label, page_row)
        form.addRow(self._comment_label, self.comment)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(_heading("Send back to marketing"))
        layout.addWidget(_muted(f"“{title or asset_path}”"))
        layout.addSpacing(8)
        layout.addLayout(form, 1)
        layout.addWidget(self._error)
        layout.addWidget(
            _muted(
                "Marketing sees this in their send-back queue; their answer shows up under "
                "My send-backs."
            )
        )
        layout.addSpacing(8)
        layout.addWidget(_buttons(self, "Send back"))

        self._on_reason()
        self.reasons.button(0).setFocus()

    def reason(self) -> str:
        """The chosen reason (one of SEND_BACK_REASONS), '' while none is chosen."""
        button = self.reasons.checkedButton()
        return str(button.property("reason")) if button else ""

    def set_reason(self, reason: str) -> None:
        self.reasons.button(SEND_BACK_REASONS.index(reason)).setChecked(True)

    def _on_reason(self, *_args: object) -> None:
        required = self.reason() == "other"
        self._comment_label.setText("&Comment (required)" if required else "&Comment (optional)")
        if self._error.isVisible() and self._problem() is None:
            _show_error(self._error, "")

    def _problem(self) -> tuple[str, QWidget] | None:
        if not self.reason():
            return "Choose what's wrong with it.", self.reasons.button(0)
        if self.reason() == "other" and not self.comment.text():
            return "Say what's wrong in the comment — it's required for “Other”.", self.comment
        return None

    def accept(self) -> None:
        problem = self._problem()
        if problem is not None:
            text, widget = problem
            _show_error(self._error, text)
            widget.setFocus()
            return
        if _record(self, "send_back", "It couldn't be saved ({exc}). Try again.", reason=self.reason(),
                   comment=self.comment.text() or None, page=self.page.value() or None):
            super().accept()


# --- my send-backs ------------------------------------------------------


class SendBacksModel(QAbstractTableModel):
    """The current user's send-backs, newest first, with marketing's latest answer."""

    COLUMNS = ("Sent", "Document", "Reason", "Your comment", "Status", "Marketing's answer")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SendBack] = []

    def set_rows(self, rows: list[SendBack]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> SendBack:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                _local_date(item.ts),
                item.title,
                item.reason.capitalize(),
                item.comment,
                STATUS_LABELS.get(item.status, item.status),
                item.response or ("—" if item.status == "new" else ""),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return item.asset_path
            if column == 3 and item.comment:
                return item.comment
            if column in (4, 5) and item.response_ts:
                answer = f"\n\n{item.response}" if item.response else ""
                return f"Answered {_local_date(item.response_ts)}{answer}"
        if role == Qt.ItemDataRole.DecorationRole and column == 4:
            return _STATUS_COLOURS.get(item.status)
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and not item.response:
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        return None


class MySendBacksView(QWidget):
    """What the current user sent back and what marketing did with it; call refresh() to reload.

    Marketing's answers arrive by sync, so refresh after a sync completes.
    `openRequested(asset_path)` fires when a row is activated (double-click, Enter).
    """

    openRequested = Signal(str)

    def __init__(self, db: sqlite_utils.Database, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._user = db, user
        self.model = SendBacksModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(SendBacksModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(
            lambda index: self.openRequested.emit(self.model.row(index.row()).asset_path)
        )

        self._empty = _muted(
            "You haven't sent anything back yet.\n\nWhen a document is outdated, wrong or hard "
            "to use, choose “Send back” in the viewer — marketing's answer will show up here."
        )
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self.table)

        refresh = QPushButton("Refresh")
        refresh.setToolTip("Reload — marketing's answers arrive when the app syncs")
        refresh.clicked.connect(self.refresh)
        self._summary = _muted("")
        top = QHBoxLayout()
        top.addWidget(_heading("My send-backs"))
        top.addStretch(1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self._summary)
        layout.addWidget(self._stack, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the user's send-backs and marketing's latest answers from the database."""
        try:
            rows = send_backs_for_user(self._db, self._user)
        except sqlite3.Error as exc:
            log.exception("could not load send-backs")
            self._summary.setText(f"Couldn't load your send-backs ({exc}). Try Refresh.")
            return
        self.model.set_rows(rows)
        answered = sum(1 for row in rows if row.status != "new")
        self._summary.setText(
            f"{len(rows)} sent back, {answered} answered by marketing." if rows else ""
        )
        self._summary.setVisible(bool(rows))
        self._stack.setCurrentWidget(self.table if rows else self._empty)
        if rows:
            self.table.resizeColumnsToContents()
            char = self.fontMetrics().averageCharWidth()
            # Breathing room after each column; long titles and comments are
            # capped (elided, full text in the tooltip) so the answer stays in view.
            for column in range(len(SendBacksModel.COLUMNS) - 1):
                width = self.table.columnWidth(column) + 2 * char
                if column in (1, 3):
                    width = min(width, 40 * char)
                self.table.setColumnWidth(column, width)
