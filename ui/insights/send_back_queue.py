"""The send-back queue: what sellers returned, and the marketer's answer (status + text).

Saving records a feedback_response event through the core's
`set_feedback_status`; it travels back to the seller with the next sync.
The workflow is new → acknowledged → fixed / won't fix; the form proposes
the next step, and any status may be chosen (reopening included).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.settings import Settings
from enablement_desktop.usage.events import FEEDBACK_STATUSES, PAGE_SIZE, SendBack, SendBackPage
from enablement_desktop.usage.insights import set_feedback_status
from ui import theme
from ui.feedback import STATUS_LABELS
from ui.insights.loading import connection
from ui.insights.tables import Column, ListTable, RowTableModel, export_csv
from ui.insights.text import local_date
from ui.insights.widgets import ElidedLabel, Section, heading, muted, while_alive
from ui.worker import run_task

G = theme.GRID
OPEN_STATUSES = FEEDBACK_STATUSES[:2]  # new, acknowledged: still waiting for marketing
# Okabe–Ito, as in the seller's "My send-backs" (ui/feedback.py): one meaning, one colour.
STATUS_COLOURS = {
    "new": QColor("#999999"),
    "acknowledged": QColor("#0072B2"),
    "fixed": QColor("#009E73"),
    "won't fix": QColor("#D55E00"),
}
_NEXT = {"new": "acknowledged", "acknowledged": "fixed"}


def _sender(item: SendBack) -> str:
    team = item.team or "no team"
    return f"{item.user} ({team})" if item.user else team


COLUMNS: tuple[Column[SendBack], ...] = (
    Column(
        "Status",
        lambda s: STATUS_LABELS.get(s.status, s.status),
        decoration=lambda s: STATUS_COLOURS.get(s.status),
    ),
    Column("Sent", lambda s: local_date(s.ts), sort_value=lambda s: s.ts),
    Column(  # the column a marketer scans: at 1024 px it was cut to "Case stud…" like the rest
        "Asset", lambda s: s.title, tooltip=lambda s: f"{s.title}\n{s.asset_path}", max_chars=36, min_chars=24
    ),
    Column("Reason", lambda s: s.reason.capitalize()),  # six short labels: never elided ("Missing in…")
    Column("Comment", lambda s: s.comment, max_chars=48),  # the seller's; "Seller's comment" was cut at 1024 px
    Column("From", _sender),
    Column(
        "Answer",
        lambda s: s.response or "—",
        max_chars=48,
        tooltip=lambda s: (
            f"Answered {local_date(s.response_ts)}\n\n{s.response}" if s.response_ts else ""
        ),
    ),
)


def answer(db_path: Path, settings: Settings, uuid: str, status: str, text: str) -> str:
    """Worker task: record the answer; '' when saved, else a sentence saying why not."""
    try:
        with connection(db_path) as db:
            if settings.server_dsn:
                from enablement_desktop.server.insights import answer_on_server

                answer_on_server(db, settings, uuid, status, text)
            else:
                set_feedback_status(db, settings, uuid, status, text)
    except ValueError as exc:  # the core's refusals are written for people
        return f"{str(exc)[:1].upper()}{str(exc)[1:]}."
    return ""


class SendBacksSection(Section):
    """The queue (open items first), a page at a time, above an answer form for the selected one."""

    answered = Signal()  # an answer was saved: the view reloads the queue and headline
    pageChanged = Signal()  # Previous/Next: the view loads the page at `offset`

    def __init__(self, db_path: Path, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(
            "Send-backs",
            "Collateral sellers sent back, open items first — whatever the period, while product, "
            "persona and team filters apply. Your answer reaches the seller with the next sync.",
            parent,
        )
        self._db_path, self._settings = db_path, settings
        self.offset = 0  # the first row of the page asked for
        self.model: RowTableModel[SendBack] = RowTableModel(COLUMNS, self)
        self.table = ListTable(self.model)
        # In the splitter the queue takes the room the answer form leaves.
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.form = _AnswerForm()
        self.form.save.clicked.connect(self._save)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Organisation scale holds tens of thousands: the window reads one page of them.
        self.page_label = muted()
        self.previous = QPushButton("Previous")
        self.next = QPushButton("Next")
        self.previous.clicked.connect(lambda: self._turn(-PAGE_SIZE))
        self.next.clicked.connect(lambda: self._turn(PAGE_SIZE))
        pager = QHBoxLayout()
        pager.setSpacing(G)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.previous)
        pager.addWidget(self.next)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(G)
        column.addLayout(pager)
        column.addWidget(splitter, 1)
        self.set_content(content)
        self.csv_button.clicked.connect(
            lambda: export_csv(
                self, self.model.rows(), "send-backs.csv", self.message.emit, row_type=SendBack
            )
        )
        self.show_empty("Loading…")

    def show_page(self, page: SendBackPage) -> None:
        rows = page.rows
        self.offset = page.offset
        first, last = page.offset + 1, page.offset + len(rows)
        self.page_label.setText(
            f"{first:,}–{last:,} of {page.total:,} · {page.open:,} open" if rows
            else f"{page.total:,} in all"
        )
        self.previous.setEnabled(page.offset > 0)
        self.next.setEnabled(last < page.total)
        for button in (self.previous, self.next):  # one page: nothing to turn
            button.setVisible(page.offset > 0 or last < page.total)
        if not rows and page.total:  # past the end (the filters narrowed the queue): start over
            self._turn(-page.offset)
            return
        selected = self.selected()
        self.model.set_rows(rows)
        if not rows:
            self.show_empty(
                "Nothing was sent back. When a seller finds collateral outdated, wrong or hard to "
                "use and sends it back, it lands here for you to answer."
            )
            return
        self.show_content()
        self.table.fit_columns()
        uuids = [r.uuid for r in rows]
        self.table.selectRow(
            uuids.index(selected.uuid) if selected and selected.uuid in uuids else 0
        )

    def _turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step)
        self.previous.setEnabled(False)
        self.next.setEnabled(False)
        self.pageChanged.emit()

    def selected(self) -> SendBack | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _on_selection(self, *_args: QItemSelection) -> None:
        item = self.selected()
        if item is not None:
            self.form.show_item(item, can_answer=self._settings.role == "marketer")

    def _save(self) -> None:
        item = self.selected()
        if item is None:
            return
        status, text = self.form.status(), self.form.response.toPlainText().strip()
        settings = dataclasses.replace(self._settings)  # the task reads a copy, not a live object
        self.form.save.setEnabled(False)
        self.form.set_note("Saving…")
        run_task(
            lambda: answer(self._db_path, settings, item.uuid, status, text),
            on_done=while_alive(self, self._saved),
            on_error=while_alive(self, self._failed),
            what="saving your answer",
        )

    def _saved(self, problem: str) -> None:
        self.form.save.setEnabled(True)
        if problem:
            self.form.set_note(problem, error=True)
            return
        self.form.set_note("Saved. The seller sees your answer after the next sync.")
        self.answered.emit()

    def _failed(self, message: str) -> None:
        self.form.save.setEnabled(True)
        self.form.set_note(message, error=True)


class _AnswerForm(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading("", 1.05)
        self.title.setWordWrap(True)
        self.detail = muted()
        self.comment = QLabel()
        self.comment.setWordWrap(True)
        self.comment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName("Set status to")
        for status in FEEDBACK_STATUSES:
            self.status_box.addItem(STATUS_LABELS.get(status, status), status)
        self.response = QPlainTextEdit()
        self.response.setPlaceholderText(
            "Your answer to the seller, e.g. “Updated with 2026 pricing — thanks!”"
        )
        self.response.setAccessibleName("Answer")
        self.response.setFixedHeight(9 * G)
        self.save = QPushButton("Save answer")
        self.save.setDefault(True)
        self.note = ElidedLabel()
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._uuid = ""  # the send-back shown, so a reload after saving keeps the "Saved" note

        controls = QHBoxLayout()
        controls.setSpacing(G)
        controls.addWidget(QLabel("Set status to"))
        controls.addWidget(self.status_box)
        controls.addWidget(self.note, 1)
        controls.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, G, 0, 0)
        layout.setSpacing(G)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.comment)
        layout.addWidget(self.response)
        layout.addLayout(controls)
        layout.addStretch(1)

    def show_item(self, item: SendBack, *, can_answer: bool) -> None:
        self.title.setText(f"{item.title} — {item.reason}")
        # The status it has now, beside the box that proposes the next one ("Fixed" under an
        # acknowledged send-back read as if it were fixed already).
        now = STATUS_LABELS.get(item.status, item.status)
        answered = f" · {now} since {local_date(item.response_ts)}" if item.response_ts else " · not answered yet"
        self.detail.setText(f"Sent back {local_date(item.ts)} by {_sender(item)}{answered}")
        self.comment.setText(item.comment or "No comment.")
        self.status_box.setCurrentIndex(
            self.status_box.findData(_NEXT.get(item.status, item.status))
        )
        self.response.setPlainText(item.response)
        for widget in (self.status_box, self.response, self.save):
            widget.setEnabled(can_answer)
        if not can_answer:
            self.set_note(
                "Only marketers answer send-backs: switch your role to Marketer in Settings."
            )
        elif item.uuid != self._uuid:
            self.set_note("")
        self._uuid = item.uuid

    def status(self) -> str:
        return self.status_box.currentData()

    def set_note(self, text: str, *, error: bool = False) -> None:
        # A red that stays readable on the window colour, light or dark (as in ui/feedback.py).
        dark = self.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
        self.note.setStyleSheet(f"color: {'#ff8a80' if dark else '#b3261e'};" if error else "")
        self.note.setText(text)
