"""The status bar: library state ("1,234 assets · indexed 2 min ago · 3 problems"),
indexing progress with Cancel, and the one place background errors are shown."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QStatusBar,
    QToolButton,
    QWidget,
)

from enablement_desktop.library.problems import counted
from enablement_desktop.library.status import library_status
from ui import theme
from ui.dates import relative_time
from ui.elided_label import ElidedLabel
from ui.icons import icon
from ui.session import Session
from ui.worker import run_task

G = theme.GRID
NOTICE_MS = 15_000


class StatusBar(QStatusBar):
    problemsClicked = Signal()
    cancelClicked = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._status: dict | None = None
        self._problem = ""  # the problem on show, so a later success can clear it
        self.setSizeGripEnabled(False)

        self.summary = QLabel()
        self.summary.setContentsMargins(0, 0, G, 0)
        self.problems = QToolButton()
        self.problems.setIcon(icon("warning"))
        self.problems.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.problems.setAutoRaise(True)
        self.problems.setCursor(Qt.CursorShape.PointingHandCursor)
        self.problems.setToolTip("Files that could not be read, and why")
        self.problems.clicked.connect(self.problemsClicked)
        self.problems.setVisible(False)

        # Indexing progress: one box, so the status bar lays it out once, as a whole.
        self.current = ElidedLabel(mode=Qt.TextElideMode.ElideMiddle)
        self.current.setFixedWidth(G * 32)
        self.current.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar()
        self.bar.setFixedWidth(G * 20)
        self.bar.setTextVisible(False)
        self.count = QLabel()
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("88,888 of 88,888"))
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.cancel = QToolButton()
        self.cancel.setText("Cancel")
        self.cancel.setToolTip("Stop indexing; what was read so far is kept")
        self.cancel.clicked.connect(self.cancelClicked)
        self.progress = QWidget()
        row = QHBoxLayout(self.progress)
        row.setContentsMargins(0, 0, G * 2, 0)
        row.setSpacing(G)
        for widget in (self.current, self.bar, self.count, self.cancel):
            row.addWidget(widget)
        self.progress.setVisible(False)
        # Notices in a label of their own, elided to the room left of the library state
        # (whole on hover): QStatusBar's own message runs under the permanent widgets, and
        # at 1024 px "…1 scanned page read in 7.7 s" ran into "33 assets · indexed just now".
        self.notice = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.notice.setContentsMargins(G // 2, 0, 0, 0)  # where QStatusBar put its message
        self.addWidget(self.notice, 1)
        self._notice_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._notice_timer.timeout.connect(lambda: self.notice.setText(""))
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.summary)
        self.addPermanentWidget(self.problems)

        # "indexed 2 min ago" must keep telling the truth while the window stays open.
        self._clock = QTimer(self, interval=30_000)
        self._clock.timeout.connect(self._show_summary)
        self._clock.start()

    # -- library state -----------------------------------------------------------

    def refresh(self) -> None:
        """Re-read counts and the last index run (in the background)."""
        def load() -> dict:
            with self._session.task_context() as ctx:
                return library_status(ctx)

        run_task(load, self.set_status, what="reading the library status")

    def set_status(self, status: dict) -> None:
        self._status = status
        self._show_summary()

    def _show_summary(self) -> None:
        status = self._status
        if status is None:
            return
        assets = status["assets"]
        indexed = status["last_indexed"]
        parts = [f"{assets:,} asset{'s' if assets != 1 else ''}",
                 f"indexed {relative_time(indexed)}" if indexed else "not indexed yet"]
        if status.get("pending_index"):
            parts.append(f"{status['pending_index']:,} waiting for the index")
        if status.get("waiting_for_ocr"):
            parts.append(f"{status['waiting_for_ocr']:,} waiting for OCR")
        self.summary.setText(" · ".join(parts))
        problems = status["problems"]
        # Files by outcome: "2 scanned · 1 damaged" says more than "3 problems".
        reasons = status.get("problem_reasons") or {}
        if reasons and len(reasons) <= 2:
            self.problems.setText(" · ".join(counted(n, reason) for reason, n in reasons.items()))
        else:
            self.problems.setText(f"{problems:,} problem{'s' if problems != 1 else ''}")
        self.problems.setToolTip("Files that could not be read, and why"
                                 + "".join(f"\n{counted(n, reason)}" for reason, n in reasons.items()))
        self.problems.setVisible(problems > 0)

    # -- indexing ----------------------------------------------------------------

    def indexing_started(self) -> None:
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.count.setText("")
        self.current.setText("Looking for changes…")
        self.progress.setVisible(True)

    def indexing_progress(self, done: int, total: int, label: str) -> None:
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.count.setText(f"{done:,} of {total:,}")
        else:
            self.bar.setRange(0, 0)
            self.count.setText("")
        self.current.setText(label)

    def indexing_finished(self) -> None:
        self.progress.setVisible(False)
        self.refresh()

    # -- notices -----------------------------------------------------------------

    def notify(self, message: str) -> None:
        """A non-modal notice on the left for a while (the result of an action)."""
        self._problem = ""
        self._show_notice(message)

    def problem(self, message: str) -> None:
        """A problem on the left (background errors): it goes when it expires or the next thing works."""
        self._show_notice(message)
        self._problem = message

    def clear_problem(self) -> None:
        """Something worked (a file opened, results came): a problem still shown is out of date."""
        if self._problem and self.notice.text() == self._problem:
            self.notice.setText("")
        self._problem = ""

    def _show_notice(self, message: str) -> None:
        self.notice.setText(message)
        self._notice_timer.start()
