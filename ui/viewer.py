"""The built-in PDF viewer: lands on the hit page with the search terms marked, and times reading.

Only hand it files that passed extraction: QtPdf hangs forever on some
malformed PDFs (a self-referencing page tree), and extraction runs those in a
killable worker first. Anything else that fails to load (password, damage,
a file that moved) becomes a message in the view, never a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.usage.reading import IDLE_CAP_S, Clock, Record, ViewRecorder
from ui.icons import icon
from ui.labels import heading, plain
from ui.open_external import open_in_system_app
from ui.usage_log import FEEDBACK_READ_ONLY

log = logging.getLogger(__name__)


ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 6.0
FIND_DELAY_MS = 250

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}

_LOAD_ERRORS: dict[QPdfDocument.Error, tuple[str, str]] = {
    QPdfDocument.Error.IncorrectPassword: (
        "This PDF is password-protected",
        "The built-in viewer can't ask for passwords. Open it in your PDF app and enter the "
        "password there.",
    ),
    QPdfDocument.Error.UnsupportedSecurityScheme: (
        "This PDF uses protection the built-in viewer doesn't support",
        "Open it in your PDF app instead.",
    ),
    QPdfDocument.Error.InvalidFileFormat: (
        "This PDF is damaged",
        "It can't be read as a PDF. Your PDF app may still open it; ask the owner for a "
        "fresh copy.",
    ),
    QPdfDocument.Error.FileNotFound: (
        "The file isn't there any more",
        "It was moved or deleted after the library was last scanned. Rescan the library to "
        "update the results.",
    ),
}
_UNKNOWN_ERROR = ("The PDF couldn't be opened", "Try opening it in your PDF app.")


def _above(location: QPointF) -> QPointF:
    # A point an inch above a match, so the match sits below the top edge.
    return QPointF(0, max(location.y() - 72, 0))


class _Message(QWidget):
    """The empty and error states: a headline, what to do next, and an optional action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Plain text: the body names the file, and a file name is the library's, not ours.
        self.headline = heading(scale=1.3)
        self.headline.setObjectName("headline")
        self.body = plain(wrap=True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton("Open in system app")
        for label in (self.headline, self.body):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # A word-wrapped label only gets its full height when it fills its
        # layout cell, so the column gets the maximum width, not the label.
        column = QWidget(self)
        column.setMaximumWidth(560)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(8)
        inner.addWidget(self.headline)
        inner.addWidget(self.body)
        inner.addSpacing(8)
        inner.addWidget(self.action, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_text(self, headline: str, body: str, *, action: bool) -> None:
        self.headline.setText(headline)
        self.body.setText(body)
        self.action.setVisible(action)

    def text(self) -> str:
        return f"{self.headline.text()}\n{self.body.text()}"


class PdfViewer(QWidget):
    """Shows one PDF, continuous pages fitted to the width, and records how it is read.

    `record` is called as record(kind, asset_path=..., asset_sha256=...,
    page=..., dwell_ms=...) — in the app, functools.partial(ui.usage_log.record,
    session), which writes off the GUI thread. A failure to record is logged,
    never shown: reading matters more than the statistics.
    Esc (outside the find box) emits `leaveRequested`: the window goes back.
    Call close_document() when the viewer is put away (its own close and app
    quit already do).
    """

    pageChanged = Signal(int)  # 1-based page now at the reading line
    documentClosed = Signal()
    rateRequested = Signal(str, str)  # asset_path, asset_sha256
    sendBackRequested = Signal(str, str, int)  # asset_path, asset_sha256, 1-based page
    leaveRequested = Signal()  # Esc: the reader is done here

    def __init__(
        self,
        record: Record | None = None,
        parent: QWidget | None = None,
        *,
        clock: Clock = time.monotonic,
        idle_cap_s: float = IDLE_CAP_S,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self._record = record
        self._read_only = read_only  # a read-only data folder: Rate and Send back stay off
        self._clock = clock
        self._idle_cap_s = idle_cap_s
        self._recorder: ViewRecorder | None = None
        self._path: Path | None = None
        self._asset = ("", "")
        self._pending_match_page: int | None = None
        # Where open() meant to land, kept until the reader takes over: a
        # viewer opened while hidden gets its real size only when shown, and
        # QPdfView keeps the scroll offset, not the page, across a resize.
        self._landing: tuple[int, QPointF | None] | None = None
        self._page_before_resize = 0
        self._error = ""

        self._doc = QPdfDocument(self)
        self._search = QPdfSearchModel(self)
        self._search.setDocument(self._doc)
        self._view = QPdfView(self)
        self._view.setDocument(self._doc)
        self._view.setSearchModel(self._search)
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._view.setPageSpacing(12)
        self._view.setDocumentMargins(self._view.documentMargins() * 2)
        self._view.viewport().setMouseTracking(True)
        self._nav = self._view.pageNavigator()

        self._message = _Message(self)
        self._message.action.clicked.connect(self.open_in_system_app)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._message)
        self._stack.addWidget(self._view)

        self._find_timer = QTimer(self)
        self._find_timer.setSingleShot(True)
        self._find_timer.setInterval(FIND_DELAY_MS)
        self._find_timer.timeout.connect(self._apply_find)
        self._restore_timer = QTimer(self)
        self._restore_timer.setSingleShot(True)
        self._restore_timer.setInterval(0)
        self._restore_timer.timeout.connect(self._restore_position)

        self._toolbar = self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar)
        layout.addWidget(self._stack, 1)

        self._nav.currentPageChanged.connect(self._on_page_changed)
        self._search.countChanged.connect(self._on_search_progress)
        self._search.statusChanged.connect(self._on_search_progress)
        self._view.currentSearchResultIndexChanged.connect(self._update_match_label)
        for watched in (self._view, self._view.viewport(), self._find):
            watched.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close_document)
        self._show_message(
            "Nothing open",
            "Search the library and open a result to read it here.",
            action=False,
        )

    # --- public API -----------------------------------------------------

    @property
    def document(self) -> QPdfDocument:
        return self._doc

    @property
    def view(self) -> QPdfView:
        return self._view

    @property
    def search_model(self) -> QPdfSearchModel:
        return self._search

    def open(
        self,
        abs_path: Path,
        page: int = 1,
        terms: Sequence[str] = (),
        asset_path: str = "",
        asset_sha256: str = "",
    ) -> None:
        """Show `abs_path` at `page` (1-based) with the first of `terms` on that page marked.

        `terms` are the strings to mark, best first (preview.highlight.marks_for);
        the view lands on that page's first match. Records 'open'.

        Only for files that passed extraction (see the module docstring).
        A file that cannot be loaded shows why in the view and records nothing.
        """
        self.close_document()
        self._path = Path(abs_path)
        self._asset = (asset_path or self._path.name, asset_sha256)
        error = self._doc.load(str(self._path))
        if error != QPdfDocument.Error.None_ or self._doc.status() != QPdfDocument.Status.Ready:
            self._show_load_error(error)
            return
        self._error = ""
        count = self._doc.pageCount()
        index = min(max(page, 1), count) - 1
        self._landing = (index, None)
        self._page_box.blockSignals(True)
        self._page_box.setSpecialValueText("")
        self._page_box.setRange(1, count)
        self._page_box.setSuffix(f" / {count}")
        self._page_box.setValue(index + 1)
        self._page_box.blockSignals(False)
        self._set_document_actions(True)
        self._stack.setCurrentWidget(self._view)

        search = self._pick_search_string(terms, index)
        self._find.blockSignals(True)
        self._find.setText(search)
        self._find.setCursorPosition(0)  # show the start of a long query, not its end
        self._find.blockSignals(False)
        self._search.setSearchString(search)
        self._pending_match_page = index if search else None
        self._update_match_label()

        self._recorder = ViewRecorder(
            self._safe_record, *self._asset, self._clock, idle_cap_s=self._idle_cap_s
        )
        self._recorder.opened(index + 1)
        self._sync_reading_state()
        self._landing = (index, self._first_match_location(index))
        self._go_to(*self._landing)
        focus = QApplication.focusWidget()
        if focus is None or self.isAncestorOf(focus):
            # Arrow keys and Page Down should scroll the document straight away.
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_document(self) -> None:
        """Record the last page visit and 'close', and clear the view. Safe to call twice."""
        if self._recorder is not None:
            self._recorder.closed()
            self._recorder = None
        if self._path is None:
            return
        self._path = None
        self._error = ""
        self._pending_match_page = None
        self._landing = None
        self._find_timer.stop()
        self._search.setSearchString("")
        self._doc.close()
        self._nav.clear()
        self._set_document_actions(False)
        self._show_message(
            "Nothing open", "Search the library and open a result to read it here.", action=False
        )
        self.documentClosed.emit()

    def current_page(self) -> int:
        """The 1-based page at the reading line, 0 when no document is shown."""
        if self._doc.status() != QPdfDocument.Status.Ready:
            return 0
        return self._nav.currentPage() + 1

    def go_to_page(self, page: int) -> None:
        """Jump to `page` (1-based), clamped to the document."""
        self._landing = None
        if self._doc.status() == QPdfDocument.Status.Ready:
            self._go_to(min(max(page, 1), self._doc.pageCount()) - 1)

    def error_text(self) -> str:
        """What the view says about a failed load, '' when the document is shown."""
        return self._error

    def open_in_system_app(self) -> None:
        if self._path is None:
            return
        if not open_in_system_app(self._path):
            self._match_label.setText("No app to open it")
            self._match_label.setToolTip(f"The system has no app registered for {self._path.name}")

    def next_match(self) -> None:
        self._step_match(+1)

    def previous_match(self) -> None:
        self._step_match(-1)

    def zoom_in(self) -> None:
        self._set_zoom(self._effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self._landing = None
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._go_to(self._nav.currentPage())

    # --- toolbar --------------------------------------------------------

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setMovable(False)
        bar.setFloatable(False)
        # Icon-only buttons for the compact controls; the rest keep their text.
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

        def action(
            text: str,
            tip: str,
            slot: Callable[[], None],
            *keys: QKeySequence | QKeySequence.StandardKey,
        ) -> QAction:
            keys = tuple(QKeySequence(key) for key in keys)
            act = QAction(text, self)
            act.setToolTip(
                tip
                + (f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})" if keys else "")
            )
            act.setShortcuts(list(keys))
            # The viewer may sit in a main window with its own shortcuts:
            # ours apply only while the focus is inside the viewer.
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self._prev_page = action(
            "Previous page", "Previous page", lambda: self._step_page(-1), QKeySequence("Ctrl+PgUp")
        )
        self._next_page = action(
            "Next page", "Next page", lambda: self._step_page(+1), QKeySequence("Ctrl+PgDown")
        )
        self._page_box = QSpinBox(bar)
        self._page_box.setAccessibleName("Page")
        self._page_box.setToolTip("Page — type a number and press Enter")
        self._page_box.setKeyboardTracking(False)
        self._page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._page_box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self._page_box.setRange(0, 9999)
        self._page_box.setSuffix(" / 9999")
        self._page_box.setMinimumWidth(self._page_box.sizeHint().width() + 8)
        self._page_box.valueChanged.connect(self.go_to_page)
        bar.addAction(self._prev_page)
        bar.addWidget(self._page_box)
        bar.addAction(self._next_page)
        bar.addSeparator()

        self._zoom_out = action("Zoom out", "Zoom out", self.zoom_out, QKeySequence("Ctrl+-"))
        self._zoom_in = action(
            "Zoom in", "Zoom in", self.zoom_in, QKeySequence("Ctrl+="), QKeySequence("Ctrl++")
        )
        self._fit = action(
            "Fit width", "Fit the page to the width", self.fit_width, QKeySequence("Ctrl+0")
        )

        self._find = QLineEdit(bar)
        self._find.setPlaceholderText("Find in document")
        self._find.setAccessibleName("Find in document")
        self._find.setClearButtonEnabled(True)
        self._find.setMinimumWidth(120)
        self._find.setMaximumWidth(280)
        self._find.textChanged.connect(lambda _text: self._find_timer.start())
        self._find.returnPressed.connect(self._find_return)
        # Only shortcuts: actions on the viewer itself are never drawn.
        action("Find", "Find in document", self._focus_find, QKeySequence.StandardKey.Find)
        action("Back", "Leave the viewer", self._escape, QKeySequence(Qt.Key.Key_Escape))
        self._match_label = QLabel(bar)
        self._match_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("88 of 88…") + 8)
        self._match_label.setContentsMargins(8, 0, 4, 0)
        self._prev_match = action(
            "Previous match",
            "Previous match",
            self.previous_match,
            QKeySequence(QKeySequence.StandardKey.FindPrevious),
        )
        self._next_match = action(
            "Next match",
            "Next match",
            self.next_match,
            QKeySequence(QKeySequence.StandardKey.FindNext),
        )
        bar.addWidget(self._find)
        bar.addWidget(self._match_label)
        bar.addAction(self._prev_match)
        bar.addAction(self._next_match)

        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self._rate = action("Rate…", "Rate this document", self._request_rate)
        self._send_back = action(
            "Send back…", "Tell marketing what is wrong with this document", self._request_send_back
        )
        self._external = action(
            "Open in system app",
            "Open in the app your system uses for PDFs",
            self.open_in_system_app,
        )
        for act, name in (
            (self._rate, "star"),
            (self._send_back, "send-back"),
            (self._external, "open"),
        ):
            act.setIcon(icon(name))
            bar.addAction(act)
        # Zoom comes last: when the viewer is narrow, QToolBar moves the
        # trailing buttons into its overflow menu, and zoom has shortcuts.
        bar.addSeparator()
        for act in (self._zoom_out, self._zoom_in, self._fit):
            bar.addAction(act)
        self._labelled = [
            button
            for act in (self._rate, self._send_back, self._external)
            if isinstance(button := bar.widgetForAction(act), QToolButton)
        ]
        self._set_labels_shown(True)
        self._document_actions = [
            self._prev_page, self._next_page, self._zoom_out, self._zoom_in, self._fit,
            self._prev_match, self._next_match, self._rate, self._send_back, self._external,
        ]  # fmt: skip
        if self._read_only:
            for act in (self._rate, self._send_back):
                act.setToolTip(FEEDBACK_READ_ONLY)
        self._set_document_actions(False)
        self._set_icons()
        return bar

    def _set_icons(self) -> None:
        # The bundled line icons, tinted with the palette like every other icon.
        for act, name in (
            (self._prev_page, "chevron-left"),
            (self._next_page, "chevron-right"),
            (self._zoom_out, "zoom-out"),
            (self._zoom_in, "zoom-in"),
            (self._prev_match, "chevron-up"),
            (self._next_match, "chevron-down"),
        ):
            act.setIcon(icon(name))

    def _set_labels_shown(self, shown: bool) -> None:
        style = (
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if shown
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        for button in self._labelled:
            button.setToolButtonStyle(style)

    def _fit_toolbar(self) -> None:
        # Beside a results list the viewer is narrow: drop the labels of Rate,
        # Send back and Open before QToolBar hides those buttons in its overflow.
        if not self._labelled:
            return
        shown = self._labelled[0].toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly
        labels = sum(b.fontMetrics().horizontalAdvance(b.text()) + 8 for b in self._labelled)
        wanted = self._toolbar.sizeHint().width() + (0 if shown else labels)
        self._set_labels_shown(wanted <= self.width())

    def _set_document_actions(self, enabled: bool) -> None:
        for act in self._document_actions:
            act.setEnabled(enabled and not (self._read_only and act in (self._rate, self._send_back)))
        self._page_box.setEnabled(enabled)
        self._find.setEnabled(enabled)
        if not enabled:
            self._page_box.blockSignals(True)
            self._page_box.setRange(0, 0)
            self._page_box.setSuffix("")
            self._page_box.setSpecialValueText("–")
            self._page_box.blockSignals(False)
            self._find.blockSignals(True)
            self._find.clear()
            self._find.blockSignals(False)
            self._match_label.clear()

    # --- navigation -----------------------------------------------------

    def _go_to(self, index: int, location: QPointF | None = None) -> None:
        if self._doc.status() != QPdfDocument.Status.Ready:
            return
        index = min(max(index, 0), self._doc.pageCount() - 1)
        self._nav.jump(index, location or QPointF(), self._nav.currentZoom())

    def _step_page(self, step: int) -> None:
        self._landing = None
        self._go_to(self._nav.currentPage() + step)

    def _on_viewport_resized(self) -> None:
        # Called before QPdfView handles the resize, so currentPage() is
        # still the page the reader was on; a burst of resizes restores once.
        if self._doc.status() == QPdfDocument.Status.Ready and not self._restore_timer.isActive():
            self._page_before_resize = self._nav.currentPage()
            self._restore_timer.start()

    def _restore_position(self) -> None:
        self._go_to(*(self._landing or (self._page_before_resize, None)))

    def _on_page_changed(self, index: int) -> None:
        if self._doc.status() != QPdfDocument.Status.Ready:
            return
        self._page_box.blockSignals(True)
        self._page_box.setValue(index + 1)
        self._page_box.blockSignals(False)
        self._prev_page.setEnabled(index > 0)
        self._next_page.setEnabled(index < self._doc.pageCount() - 1)
        if self._recorder is not None:
            self._recorder.page_changed(index + 1)
        self.pageChanged.emit(index + 1)

    def _effective_zoom(self) -> float:
        if self._view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self._view.zoomFactor()
        # In fit-to-width QPdfView keeps zoomFactor untouched; step from the
        # scale the reader actually sees (its formula: viewport minus margins
        # over the page width at the screen's points-to-pixels ratio).
        page_width = self._doc.pagePointSize(max(self._nav.currentPage(), 0)).width()
        screen = QGuiApplication.primaryScreen()
        pixels_per_point = (screen.logicalDotsPerInch() if screen else 96.0) / 72.0
        margins = self._view.documentMargins()
        usable = self._view.viewport().width() - margins.left() - margins.right()
        if page_width <= 0 or usable <= 0:
            return 1.0
        return usable / (page_width * pixels_per_point)

    def _set_zoom(self, factor: float) -> None:
        if self._doc.status() != QPdfDocument.Status.Ready:
            return
        self._landing = None
        page = self._nav.currentPage()
        self._view.setZoomMode(QPdfView.ZoomMode.Custom)
        self._view.setZoomFactor(min(max(factor, ZOOM_MIN), ZOOM_MAX))
        self._go_to(page)

    # --- find -----------------------------------------------------------

    def _pick_search_string(self, marks: Sequence[str], index: int) -> str:
        # QPdfSearchModel looks for one string: mark the first of `marks`
        # (best first: phrases whole, then words; see preview.highlight) that
        # is on the landing page, so the reader sees why this page hit.
        candidates = [m.strip() for m in marks if m and m.strip()]
        for candidate in candidates:
            self._search.setSearchString(candidate)
            if self._search.resultsOnPage(index):
                return candidate
        return candidates[0] if candidates else ""

    def _first_match_location(self, index: int) -> QPointF | None:
        results = self._search.resultsOnPage(index) if self._search.searchString() else []
        if not results:
            return None
        return _above(results[0].location())

    def _focus_find(self) -> None:
        self._find.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._find.selectAll()

    def _escape(self) -> None:
        # Esc in the find box hands the keys back to the document; anywhere else it leaves.
        if self._find.hasFocus():
            self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.leaveRequested.emit()

    def _apply_find(self) -> None:
        self._find_timer.stop()
        text = self._find.text().strip()
        if text == self._search.searchString():
            return
        self._search.setSearchString(text)
        self._pending_match_page = self._nav.currentPage() if text else None
        self._update_match_label()

    def _find_return(self) -> None:
        if self._find_timer.isActive():
            self._apply_find()
            self._select_first_match_from(self._nav.currentPage(), jump=True)
        else:
            self.next_match()

    def _on_search_progress(self) -> None:
        # QPdfSearchModel searches page by page on a timer. Asking for a row
        # makes it search every earlier page at once on this thread, so the
        # landing-page match becomes "current" only after the background pass
        # ends; the view marks every match on the visible pages meanwhile.
        if (
            self._pending_match_page is not None
            and self._search.status() == QPdfSearchModel.Status.Finished
        ):
            self._select_first_match_from(self._pending_match_page, jump=False)
        self._update_match_label()

    def _select_first_match_from(self, index: int, *, jump: bool) -> None:
        self._pending_match_page = None
        row = self._row_near(index, +1)
        if row is not None:
            self._show_match(row, jump=jump)

    def _step_match(self, step: int) -> None:
        if not self._search.searchString():
            return
        current = self._view.currentSearchResultIndex()
        if current < 0:
            row = self._row_near(self._nav.currentPage(), step)
        elif current + step >= 0 and self._search.resultAtIndex(current + step).isValid():
            row = current + step
        else:  # wrap around, like every find bar
            row = self._row_near(self._doc.pageCount() if step < 0 else 0, step)
        if row is not None:
            self._show_match(row, jump=True)

    def _row_near(self, index: int, step: int) -> int | None:
        """The first match on or after page `index` (step > 0) or the last on or before it.

        resultAtIndex() searches the pages it needs on this thread: fine for a
        reader's explicit Enter or F3, which is why only those come here
        before the background search has finished.
        """
        row = 0
        if step > 0:
            while (link := self._search.resultAtIndex(row)).isValid():
                if link.page() >= index:
                    return row
                row += 1
            return 0 if row else None  # nothing after: wrap to the first
        last_before: int | None = None
        while (link := self._search.resultAtIndex(row)).isValid():
            if link.page() <= index:
                last_before = row
            row += 1
        if last_before is not None:
            return last_before
        return row - 1 if row else None  # nothing before: wrap to the last

    def _show_match(self, row: int, *, jump: bool) -> None:
        self._view.setCurrentSearchResultIndex(row)
        if jump:
            link = self._search.resultAtIndex(row)
            self._landing = None
            self._go_to(link.page(), _above(link.location()))

    def _update_match_label(self) -> None:
        self._match_label.setToolTip("")
        if not self._search.searchString():
            self._match_label.clear()
            return
        count = self._search.count()
        searching = self._search.status() == QPdfSearchModel.Status.Searching
        more = "…" if searching else ""
        current = self._view.currentSearchResultIndex()
        if count == 0:
            self._match_label.setText("Searching…" if searching else "No matches")
        elif 0 <= current < count:
            self._match_label.setText(f"{current + 1} of {count}{more}")
        else:
            self._match_label.setText(f"{count} match{'es' if count != 1 else ''}{more}")

    # --- messages -------------------------------------------------------

    def _show_message(self, headline: str, body: str, *, action: bool) -> None:
        self._message.show_text(headline, body, action=action)
        self._stack.setCurrentWidget(self._message)

    def _show_load_error(self, error: QPdfDocument.Error) -> None:
        headline, body = _LOAD_ERRORS.get(error, _UNKNOWN_ERROR)
        name = self._path.name if self._path else ""
        log.info("viewer could not load %s: %s", self._path, error)
        self._doc.close()
        self._set_document_actions(False)
        self._external.setEnabled(error != QPdfDocument.Error.FileNotFound)
        self._show_message(headline, f"{name}\n\n{body}", action=self._external.isEnabled())
        self._error = f"{headline}. {body}"

    # --- reading time ---------------------------------------------------

    def _safe_record(self, kind: str, **fields: object) -> None:
        if self._record is None:
            return
        try:
            self._record(kind, **fields)
        except Exception:
            log.exception("could not record %s event for %s", kind, fields.get("asset_path"))

    def _is_reading(self) -> bool:
        return self.isVisible() and self.isActiveWindow() and not self.window().isMinimized()

    def _sync_reading_state(self, *, end_visit: bool = False) -> None:
        if self._recorder is None:
            return
        if self._is_reading():
            self._recorder.resumed()
        else:
            self._recorder.paused(end_visit=end_visit)

    def _request_rate(self) -> None:
        self.rateRequested.emit(*self._asset)

    def _request_send_back(self) -> None:
        self.sendBackRequested.emit(*self._asset, self.current_page())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS:
            if self._recorder is not None:
                self._recorder.activity()
            if kind != QEvent.Type.MouseMove and watched is not self._find:
                self._landing = None
        elif kind == QEvent.Type.Resize and watched is self._view.viewport():
            self._on_viewport_resized()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.ActivationChange, QEvent.Type.WindowStateChange):
            self._sync_reading_state()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_toolbar()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_reading_state()

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden means the reader left this page: end the visit, not just pause.
        self._sync_reading_state(end_visit=True)
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_document()
        super().closeEvent(event)
