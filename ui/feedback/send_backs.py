"""My send-backs: what the current user sent back, and what marketing did with it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.usage.events import SendBack, send_backs_for_user
from ui.dates import local_date
from ui.labels import heading, muted
from ui.session import Session
from ui.table_model import Column, RowTableModel
from ui.worker import run_task

STATUS_LABELS = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "fixed": "Fixed",
    "won't fix": "Won't fix",
}
# Okabe–Ito colours: told apart with every common colour-vision deficiency.
STATUS_COLOURS = {
    "new": QColor("#999999"),
    "acknowledged": QColor("#0072B2"),
    "fixed": QColor("#009E73"),
    "won't fix": QColor("#D55E00"),
}


WRAPPED_CHARS = 28  # the document and comment columns' widest, in average characters


def _answer_tooltip(item: SendBack) -> str:
    if not item.response_ts:
        return ""
    answer = f"\n\n{item.response}" if item.response else ""
    return f"Answered {local_date(item.response_ts)}{answer}"


COLUMNS: tuple[Column[SendBack], ...] = (
    Column("Sent", lambda s: local_date(s.ts)),
    Column("Document", lambda s: s.title, tooltip=lambda s: s.asset_path),
    Column("Reason", lambda s: s.reason.capitalize()),
    Column("Your comment", lambda s: s.comment, tooltip=lambda s: s.comment),
    Column("Status", lambda s: STATUS_LABELS.get(s.status, s.status), tooltip=_answer_tooltip,
           decoration=lambda s: STATUS_COLOURS.get(s.status)),
    Column("Marketing's answer", lambda s: s.response or ("—" if s.status == "new" else ""),
           tooltip=_answer_tooltip),
)


class MySendBacksView(QWidget):
    """The current user's send-backs, newest first, with marketing's latest answer.

    Loads off the GUI thread; call refresh() after a sync (answers arrive by
    sync) or when the user's name changes (the name is read at each refresh).
    `openRequested(asset_path)` fires when a row is activated (double-click, Enter).
    """

    openRequested = Signal(str)
    loaded = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._loading = 0  # refreshes not yet answered
        self.model: RowTableModel[SendBack] = RowTableModel(COLUMNS, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Rows grow to show whole comments and answers: marketing's answer is what a seller
        # comes here to read, and at 1024 px one line cut it to "Present slides 1–9 and keep th…".
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(
            lambda index: self.openRequested.emit(self.model.row(index.row()).asset_path)
        )

        self._empty = muted(
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
        self._summary = muted("")
        top = QHBoxLayout()
        top.addWidget(heading("My send-backs", 1.15))
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
        """Reload the user's send-backs and marketing's latest answers (in the background)."""
        user = self._session.settings.user

        def load() -> list[SendBack]:
            with self._session.connect() as db:
                return send_backs_for_user(db, user)

        self._loading += 1
        run_task(load, self._show, on_error=self._failed, what="loading your send-backs", context=self)

    def is_loading(self) -> bool:
        return self._loading > 0

    def _failed(self, message: str) -> None:
        self._loading -= 1
        self._summary.setText(f"Couldn't load your send-backs: {message} Try Refresh.")
        self._summary.setVisible(True)

    def _show(self, rows: list[SendBack]) -> None:
        self._loading -= 1
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
            # Breathing room after each column; long titles and comments are capped
            # (they wrap) so the answer keeps a third of a 1024 px window.
            for column in range(len(COLUMNS) - 1):
                width = self.table.columnWidth(column) + 2 * char
                if column in (1, 3):
                    width = min(width, WRAPPED_CHARS * char)
                self.table.setColumnWidth(column, width)
        self.loaded.emit()
