"""Files that could not be read: which, why in words, what to do, and a way to try again.

What the reader library said stays behind the Details toggle: the table
speaks in sentences. The list itself comes from the core
(`library/problems.py`), which the CLI reads too; this view runs no SQL.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.library.problems import Problem, clear_problems, list_problems, reason_label
from ui import theme
from ui.icons import icon
from ui.session import Session
from ui.table_model import Column, RowTableModel
from ui.worker import run_task

G = theme.GRID
Index = QModelIndex | QPersistentModelIndex


def load_problems(session: Session) -> list[Problem]:
    with session.connect() as db:
        return list_problems(db)


def forget_problems(session: Session) -> None:
    with session.connect() as db:
        clear_problems(db)


def _sentence(text: str) -> str:
    """A cell that reads as a sentence starts with a capital; the core's wording is lower-case
    because the CLI runs it on after the file name ("… — if you can see words in it …")."""
    return text[:1].upper() + text[1:]


COLUMNS: tuple[Column[Problem], ...] = (
    Column("File", lambda p: p.path, tooltip=lambda p: p.path),
    Column("Problem", lambda p: reason_label(p.reason), tooltip=lambda p: reason_label(p.reason), bold=True),
    Column("Why", lambda p: _sentence(p.detail), tooltip=lambda p: _sentence(p.detail)),
    Column("What to do", lambda p: _sentence(p.help), tooltip=lambda p: _sentence(p.help)),
)


class ProblemsView(QWidget):
    retryRequested = Signal()  # problems were cleared: index again
    loaded = Signal(int)  # number of problems shown

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model: RowTableModel[Problem] = RowTableModel(COLUMNS, self)

        title = QLabel("Files that could not be read")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.open_folder = QPushButton(icon("folder"), "Open folder")
        self.open_folder.setToolTip("Open the folder that holds the selected file")
        self.open_folder.setEnabled(False)
        self.open_folder.clicked.connect(self._open_folder)
        self.retry = QPushButton(icon("reindex"), "Retry all")
        self.retry.setToolTip("Read every file listed here again (after you fixed or replaced them)")
        self.retry.clicked.connect(self._retry_all)

        self.table = QTableView()
        self.table.setObjectName("problems")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        # Rows grow to the text: "What to do" is the point of this list, and at 1024 px one
        # line cut it to "no words found in it …as shapes or pictures".
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, G * 36)
        self.table.setColumnWidth(2, G * 40)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self._open_folder())

        self.none = QLabel("No problems: every file in the library could be read.")
        self.none.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.none.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.none)

        # What the reader library said: for whoever fixes files or reports a bug, not the headline.
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.setToolTip("Show what the reader said about the selected file")
        self.details_button.toggled.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setObjectName("problem-details")
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(G * 14)
        self.details.setVisible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder)
        buttons.addWidget(self.retry)
        buttons.addStretch(1)
        buttons.addWidget(self.details_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(G * 3, G * 3, G * 3, G * 2)
        layout.setSpacing(G)
        layout.addWidget(title)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.details)

    def refresh(self) -> None:
        run_task(lambda: load_problems(self._session), self._show, what="listing unreadable files")

    def _show(self, problems: list[Problem]) -> None:
        self.model.set_rows(problems)
        count = len(problems)
        self.intro.setText(
            f"{count:,} file{'s' if count != 1 else ''} in {self._session.library} could not be read, so "
            f"{'they are' if count != 1 else 'it is'} not in search. Each is tried again when it changes; "
            "fix or replace the file, or use Retry all.")
        self.intro.setVisible(count > 0)
        self.retry.setEnabled(count > 0)
        self.stack.setCurrentWidget(self.table if count else self.none)
        self.details_button.setEnabled(count > 0)
        self._fill_details()
        self.loaded.emit(count)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.open_folder.setEnabled(current.isValid())
        self._fill_details()

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self._fill_details()

    def _current_problem(self) -> Problem | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def _fill_details(self) -> None:
        problem = self._current_problem()
        if problem is None:
            text = "Select a file to see what the reader said about it."
        else:
            said = problem.technical or "The reader gave no more detail than the sentence above."
            text = f"{problem.path}\n{problem.reason}: {problem.detail}\n\n{said}\n\nLast tried {problem.seen_at}."
        self.details.setPlainText(text)

    def _open_folder(self) -> None:
        problem = self._current_problem()
        if problem is not None:
            folder = (self._session.library / problem.path).parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _retry_all(self) -> None:
        self.retry.setEnabled(False)
        run_task(lambda: forget_problems(self._session), lambda _none: self.retryRequested.emit(),
                 what="clearing the problem list", context=self)
