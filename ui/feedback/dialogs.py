"""Rate a document, or send it back to marketing: two small dialogs that save through the worker.

The dialogs never touch the database: `record(kind, on_done=…, on_error=…,
context=…, **fields)` saves off the GUI thread (in the app,
functools.partial(ui.usage_log.record, session)), because a write may wait
up to 30 s for the indexer's lock. While it saves, the dialog says so and
stays open; a failure is said inside the dialog, which keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.usage.events import SEND_BACK_REASONS, MyRating
from ui.dates import local_date
from ui.feedback.stars import RATING_WORDS, STARS, StarRatingInput
from ui.labels import heading, muted, plain

Record = Callable[..., None]

# What each reason means, in the seller's words; keys are the core's reasons.
REASON_HINTS = {
    "outdated": "Outdated — prices, names or facts have changed",
    "inaccurate": "Inaccurate — something in it is wrong",
    "off-message": "Off-message — doesn't say it the way we position it",
    "hard to use": "Hard to use — hard to find things in, or to present",
    "missing information": "Missing information — buyers ask about something it doesn't cover",
    "other": "Other — say what in the comment",
}


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


class _FeedbackDialog(QDialog):
    """What both dialogs share: the error line, OK/Cancel, and saving through `record`."""

    def __init__(self, record: Record, asset_path: str, asset_sha256: str, ok_text: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self._record = record
        self._asset_path, self._asset_sha256 = asset_path, asset_sha256
        self._ok_text = ok_text
        self.recorded_uuid: str | None = None
        self.saving = False
        self._error = plain(wrap=True)
        self._error.setVisible(False)
        self._error.setAccessibleName("Problem")
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(ok_text)
        self._ok.setDefault(True)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    def _show_error(self, text: str) -> None:
        # A red that stays readable on the window colour, light or dark.
        dark = self._error.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
        self._error.setStyleSheet(f"color: {'#ff8a80' if dark else '#b3261e'};")
        self._error.setText(text)
        self._error.setVisible(bool(text))

    def _save(self, kind: str, failure: str, **fields: object) -> None:
        """Save the event off the GUI thread; the dialog closes when it is stored."""
        if self.saving:
            return
        self.saving = True
        self._ok.setEnabled(False)
        self._ok.setText("Saving…")
        self._show_error("")

        def failed(message: str) -> None:
            self.saving = False
            self._ok.setEnabled(True)
            self._ok.setText(self._ok_text)
            self._show_error(failure.format(problem=message))

        self._record(kind, on_done=self._saved, on_error=failed, context=self,
                     asset_path=self._asset_path, asset_sha256=self._asset_sha256, **fields)

    def _saved(self, uuid: str) -> None:
        self.saving = False
        self.recorded_uuid = uuid
        QDialog.accept(self)

    def reject(self) -> None:
        # Closing while saving would lose the confirmation, not the event: let it land first.
        if not self.saving:
            super().reject()


class RateDialog(_FeedbackDialog):
    """Rate a document 1–5 with an optional comment; saves a 'rate' event.

    `previous` is the user's current rating, if any (read before the dialog
    opens): the dialog starts from it, and saving replaces it everywhere.
    `recorded_uuid` holds the new event's UUID once saved.
    """

    def __init__(self, record: Record, asset_path: str, asset_sha256: str = "", title: str = "",
                 previous: MyRating | None = None, parent: QWidget | None = None) -> None:
        super().__init__(record, asset_path, asset_sha256, "Save rating", parent)
        self.setWindowTitle("Rate document")
        self.stars = StarRatingInput(self)
        self._word = QLabel()
        self._word.setMinimumWidth(self.fontMetrics().horizontalAdvance("Very good") + 8)
        self.stars.valueChanged.connect(self._on_value)
        self.comment = _CommentEdit("What made it useful, or what was missing? (optional)", self)
        self.comment.submitted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(8)
        self.heading = heading(f"Rate “{title or asset_path}”", 1.15, wrap=True)
        layout.addWidget(self.heading)
        if previous is not None:
            self.previous_label = muted(
                f"You rated this {previous.rating} of {STARS} on {local_date(previous.ts)}. "
                "Saving replaces that rating."
            )
        else:
            self.previous_label = muted("Your rating helps other sellers pick the right document.")
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
        layout.addWidget(self._buttons)

        if previous is not None:
            self.stars.setValue(previous.rating)
            self.comment.setPlainText(previous.comment)
        self._on_value(self.stars.value())
        self.stars.setFocus()

    def _on_value(self, value: int) -> None:
        self._word.setText(RATING_WORDS.get(value, "Choose 1–5 stars"))
        if value and not self.saving:
            self._show_error("")

    def accept(self) -> None:
        if not self.stars.value():
            self._show_error("Choose how many stars to give — click a star or press 1–5.")
            self.stars.setFocus()
            return
        self._save("rate", "Your rating couldn't be saved: {problem} Try again.",
                   rating=self.stars.value(), comment=self.comment.text() or None)


class SendBackDialog(_FeedbackDialog):
    """ "Send back to marketing": a required reason, a comment and the page; saves 'send_back'.

    The comment is required when the reason is "other". `page` pre-fills the
    page box (0 or None means the whole document). `recorded_uuid` holds the
    new event's UUID once saved.
    """

    def __init__(self, record: Record, asset_path: str, asset_sha256: str = "", title: str = "",
                 page: int | None = None, page_count: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(record, asset_path, asset_sha256, "Send back", parent)
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
        layout.addWidget(heading("Send back to marketing", 1.15, wrap=True))
        self.document_label = muted(f"“{title or asset_path}”")
        layout.addWidget(self.document_label)
        layout.addSpacing(8)
        layout.addLayout(form, 1)
        layout.addWidget(self._error)
        layout.addWidget(muted(
            "Marketing sees this in their send-back queue; their answer shows up under My send-backs."
        ))
        layout.addSpacing(8)
        layout.addWidget(self._buttons)

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
        if self._error.isVisible() and self._problem() is None and not self.saving:
            self._show_error("")

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
            self._show_error(text)
            widget.setFocus()
            return
        self._save("send_back", "It couldn't be saved: {problem} Try again.", reason=self.reason(),
                   comment=self.comment.text() or None, page=self.page.value() or None)
