"""The seller's view: a search field on top, filters left, results middle, a preview right.

Search runs as you type (debounced), off the GUI thread, and only the latest
query's results are shown (see search_runner). A query counts as a search
in usage data once its results stayed on screen for a moment or a hit was
opened — not on every keystroke.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.search.fields import with_filters
from ui import theme
from ui.facets import FacetPanel
from ui.icons import icon
from ui.preview import PreviewPane
from ui.result_delegate import ResultDelegate
from ui.results_model import ResultsModel, hit_terms
from ui.search_messages import empty_html, error_html, no_result_html, reading_text, summary_html
from ui.search_runner import ResultRow, SearchPage, SearchRunner
from ui.session import Session
from ui.usage_log import FEEDBACK_READ_ONLY, record

G = theme.GRID
DEBOUNCE_MS = 150
SETTLE_MS = 8_000  # results on screen this long, untouched, count as a search in usage data
PLACEHOLDER = "Search your collateral: words, \"a phrase\", persona: product: kind: …"


@dataclass(frozen=True)
class AssetRequest:
    """What an action on a result needs: the row (path, page, sha256) and the terms to highlight."""
    row: ResultRow
    terms: list[str]


class SearchField(QLineEdit):
    """The big field: Down moves into the results, Enter opens the selected one, Esc clears."""
    downPressed = Signal()
    enterPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.downPressed.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class ResultsList(QListView):
    """Arrows move (QListView's own); Enter opens; Esc, or Up on the first row, goes back to the field."""
    enterPressed = Signal()
    backToField = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
        elif key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and self.currentIndex().row() <= 0):
            self.backToField.emit()
        else:
            super().keyPressEvent(event)


class SearchView(QWidget):
    openRequested = Signal(object)  # AssetRequest
    rateRequested = Signal(object)  # AssetRequest
    sendBackRequested = Signal(object)  # AssetRequest
    showInFolderRequested = Signal(object)  # AssetRequest
    reindexRequested = Signal()
    chooseLibraryRequested = Signal()
    resultsShown = Signal(object)  # SearchPage, after the view shows it (tests wait on this)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._page: SearchPage | None = None
        self._indexing = False
        self._progress: tuple[int, int] | None = None
        self._pending_search: tuple[str, tuple, int] | None = None
        self._last_recorded: tuple[str, tuple] | None = None

        self.runner = SearchRunner(session, self)
        self.runner.resultsReady.connect(self._show_page)
        self.runner.moreReady.connect(self._show_more)
        self.runner.failed.connect(self._show_error)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._record_search)
        self._preview_timer = QTimer(self, singleShot=True, interval=60)
        self._preview_timer.timeout.connect(self._update_preview)

        self._build_actions()
        self._build()

    # -- building ------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, icon_name: str, handler, tip: str) -> QAction:
            act = QAction(icon(icon_name), text, self)
            act.setToolTip(tip)
            act.triggered.connect(handler)
            act.setEnabled(False)
            return act

        self.open_action = action("Open", "open", self.open_current, "Open at the page it was found on (Enter)")
        self.rate_action = action("Rate…", "star", lambda: self._emit_for_current(self.rateRequested),
                                  "Rate this asset from 1 to 5 stars")
        self.send_back_action = action("Send back…", "send-back",
                                       lambda: self._emit_for_current(self.sendBackRequested),
                                       "Tell marketing what is wrong with this asset")
        self.folder_action = action("Show in folder", "folder",
                                    lambda: self._emit_for_current(self.showInFolderRequested),
                                    "Open the folder that holds this file")
        self.asset_actions = [self.open_action, self.rate_action, self.send_back_action, self.folder_action]
        # A read-only data folder keeps no rating or send-back: off, and saying why, before a
        # seller writes a comment the dialog could only throw away.
        self._feedback_actions = (self.rate_action, self.send_back_action)
        if self._session.read_only:
            for act in self._feedback_actions:
                act.setToolTip(FEEDBACK_READ_ONLY)

    def _build(self) -> None:
        self.field = SearchField()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(PLACEHOLDER)
        self.field.setClearButtonEnabled(True)
        self.field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        font = QFont(self.field.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.field.setFont(font)
        self.field.textChanged.connect(lambda _text: self._debounce.start())
        self.field.downPressed.connect(self._focus_results)
        self.field.enterPressed.connect(self.open_current)

        self.facets = FacetPanel()
        self.facets.filtersChanged.connect(self.search_now)

        self.model = ResultsModel(self)
        self.model.moreWanted.connect(self._load_more)
        self.list = ResultsList()
        self.list.setObjectName("results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        # Not uniform: a row without metadata has no chip line (result_delegate).
        self.list.setMouseTracking(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(lambda pos: self.row_menu(pos).popup(
            self.list.viewport().mapToGlobal(pos)))
        self.list.doubleClicked.connect(lambda _index: self.open_current())
        self.list.enterPressed.connect(self.open_current)
        self.list.backToField.connect(self.focus_search)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._preview_timer.start())

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.linkActivated.connect(self._link)
        self.summary.setContentsMargins(G * 2, G, G * 2, G)

        self.state = QLabel()
        self.state.setObjectName("searchState")
        self.state.setTextFormat(Qt.TextFormat.RichText)
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.state.setContentsMargins(G * 4, G * 6, G * 4, G * 4)
        self.state.linkActivated.connect(self._link)
        self.state.setAutoFillBackground(True)
        self.state.setBackgroundRole(QPalette.ColorRole.Base)

        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.list)
        self.results_stack.addWidget(self.state)

        middle = QWidget()
        middle.setAutoFillBackground(True)
        middle.setBackgroundRole(QPalette.ColorRole.Base)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(0)
        middle_layout.addWidget(self.summary)
        middle_layout.addWidget(self.results_stack, 1)

        self.preview = PreviewPane(self._session, self.asset_actions)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.facets)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.facets.setMinimumWidth(G * 22)
        middle.setMinimumWidth(G * 45)
        self.preview.setMinimumWidth(G * 30)
        self.splitter.setSizes([G * 30, G * 80, G * 60])

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(G * 2, G * 2, G * 2, G * 2)
        top_layout.addWidget(self.field)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Plain)
        line.setForegroundRole(QPalette.ColorRole.Mid)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)
        self._show_state(empty_html(None))

    # -- searching -----------------------------------------------------------

    def set_query(self, text: str) -> None:
        """Put `text` in the field and search at once (examples, did-you-mean)."""
        self.field.setText(text)
        self.search_now()

    def search_now(self) -> None:
        self._debounce.stop()
        self.runner.submit(self.field.text(), self.facets.filters())

    def refresh(self) -> None:
        """Search again for what is on screen (after the library changed)."""
        self.search_now()

    def set_indexing(self, indexing: bool) -> None:
        self._indexing = indexing
        self._progress = None
        if self._page is not None and (not self._page.library_assets or not self._page.rows):
            self._show_page(self._page)

    def set_indexing_progress(self, done: int, total: int, _label: str = "") -> None:
        """How far the index run is, for "still reading your library (977 of 1,122)"."""
        self._progress = (done, total) if total else None
        if self._page is not None and self._page.rows:
            self.summary.setText(self._summary(self._page))

    def _summary(self, page: SearchPage) -> str:
        text = summary_html(page, shown=self.model.rowCount())  # rows loaded so far, scrolling included
        if self._indexing:
            text += f" <span>· {html.escape(reading_text(self._progress))}</span>"
        return text

    def _show_page(self, page: SearchPage) -> None:
        self._page = page
        self.facets.set_counts(page.facets)
        current = self.current_row()
        # A blank query lists nothing: it shows what to type (the facets still count the library).
        rows = [] if page.request.is_blank else page.rows
        self.model.set_rows(rows, page.result.total if rows else 0)
        self.summary.setText(self._summary(page))
        self.summary.setVisible(bool(rows))
        if rows:
            self.results_stack.setCurrentWidget(self.list)
            keep = self.model.row_of_path(current.hit.path) if current else -1
            self.list.selectionModel().setCurrentIndex(
                self.model.index(max(keep, 0)), QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if keep < 0:
                self.list.scrollToTop()
        else:
            self._show_state(no_result_html(page, self._indexing, self._session.library, self._progress))
            self._update_preview()
        self._note_search(page)
        self.resultsShown.emit(page)

    def _load_more(self, offset: int) -> None:
        if self._page is not None:
            self.runner.fetch_more(self._page.request, offset)

    def _show_more(self, request, offset: int, rows: list[ResultRow]) -> None:
        """The next rows of the shown search, as the list scrolled to its end."""
        if self._page is None or request.seq != self._page.request.seq or offset != self.model.rowCount():
            return
        self.model.append_rows(rows)
        self.summary.setText(self._summary(self._page))
        self.resultsShown.emit(self._page)

    def _show_error(self, message: str) -> None:
        self.model.set_rows([])
        self.summary.setVisible(False)
        self._show_state(error_html(message))
        self._update_preview()

    def _show_state(self, text: str) -> None:
        self.state.setText(text)
        self.results_stack.setCurrentWidget(self.state)

    def _link(self, href: str) -> None:
        if href.startswith("q:"):
            self.set_query(href[2:])
        elif href == "clear":
            self.facets.clear()
        elif href == "reindex":
            self.reindexRequested.emit()
        elif href == "choose":
            self.chooseLibraryRequested.emit()

    # -- selection and actions --------------------------------------------------

    def current_row(self) -> ResultRow | None:
        return self.model.row_at(self.list.currentIndex())

    def current_request(self) -> AssetRequest | None:
        row = self.current_row()
        return AssetRequest(row, self._marks(row)) if row else None

    def _marks(self, row: ResultRow) -> list[str]:
        return hit_terms(row, self._page.request.text if self._page else "")

    def _update_preview(self) -> None:
        row = self.current_row()
        for act in self.asset_actions:
            act.setEnabled(row is not None and not (self._session.read_only and act in self._feedback_actions))
        self.preview.show_row(row, self._marks(row) if row else [])

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.list.setFocus()
            if not self.list.currentIndex().isValid():
                self.list.setCurrentIndex(self.model.index(0))

    def row_menu(self, pos: QPoint) -> QMenu:
        """The row's menu (right-click, or the menu key): the row under the pointer becomes current."""
        index = self.list.indexAt(pos)
        if index.isValid():
            self.list.setCurrentIndex(index)
        menu = QMenu(self.list)
        menu.addActions(self.asset_actions)
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    def focus_search(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def open_current(self) -> None:
        request = self.current_request()
        if request is None:
            return
        self._record_search()  # opening a hit settles the query at once
        self.openRequested.emit(request)

    def _emit_for_current(self, signal) -> None:
        request = self.current_request()
        if request is not None:
            signal.emit(request)

    # -- usage ------------------------------------------------------------------

    def _note_search(self, page: SearchPage) -> None:
        """Keep the query on screen as the pending search; it counts once the seller settles on it.

        A query the next one extends ("sec" → "security") was a pause mid-word,
        not a search: it is replaced, never recorded. One the next query does
        not extend was settled on, and is recorded before it is replaced.
        While the library is still being read, a query with no hit is recorded
        without a hit count: it may find something once reading is done, and
        the Requests view must not list it as a search that found nothing.
        """
        text = page.request.text.strip()
        pending = self._pending_search
        if pending is not None and not text.casefold().startswith(pending[0].casefold()):
            self._record_search()
        if not text:
            self._pending_search = None
            self._settle.stop()
            return
        total = page.result.total
        hits = None if self._indexing and total == 0 else total
        self._pending_search = (text, tuple(sorted(page.request.filters.items())), hits)
        self._settle.start()

    def _record_search(self) -> None:
        self._settle.stop()
        pending, self._pending_search = self._pending_search, None
        if pending is None:
            return
        text, filters, total = pending
        if (text, filters) == self._last_recorded:
            return
        self._last_recorded = (text, filters)
        data = {"filters": {k: list(v) for k, v in filters}} if filters else None
        record(self._session, "search", query=with_filters(text, filters), hits=total, data=data)

    # -- state across runs --------------------------------------------------------

    def save_state(self) -> dict[str, str]:
        return {"search_splitter": bytes(self.splitter.saveState().toBase64()).decode("ascii")}

    def restore_state(self, state: dict[str, str]) -> None:
        if saved := state.get("search_splitter"):
            self.splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))

    def shutdown(self) -> None:
        self._record_search()
        self.runner.shutdown()

