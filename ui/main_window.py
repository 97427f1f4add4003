"""The window: assembles the views, the menus and the status bar, and wires them. Nothing more.

Views are tabs. `add_view(name, widget, roles=...)` is how more views join
(Insights for marketers, Briefs for everyone); a view limited to some roles
shows or hides when the role changes in Settings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QTabBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.store.db import data_dir_read_only, read_only_notice
from ui import theme, worker
from ui.asset_actions import AssetActions
from ui.background_sync import BackgroundSync
from ui.banner import Banner
from ui.feedback import MySendBacksView
from ui.icons import icon
from ui.indexing import LibraryIndexer
from ui.lazy_view import LazyView
from ui.problems_view import ProblemsView
from ui.search_view import SearchView
from ui.session import Session
from ui.settings_dialog import SettingsDialog, choose_folder
from ui.status import StatusBar
from ui.whats_new import WhatsNewView

if TYPE_CHECKING:
    from enablement_desktop.library.update import RunSummary

log = logging.getLogger(__name__)
G = theme.GRID
SHUTDOWN_WAIT_MS = 10_000
BACKGROUND_START_MS = 2_000
WHATS_NEW = "What's new"


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle("Enablement Desktop")
        self._view_roles: list[tuple[QWidget, frozenset[str] | None]] = []
        self._last_notes: list[str] = []
        self._background_started = False

        self.status = StatusBar(session, self)
        self.setStatusBar(self.status)
        worker.set_error_handler(self.status.problem)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.search = SearchView(session)
        self.search.runner.warm()  # on the search thread, while the rest of the window is built
        self.problems = ProblemsView(session)
        self.send_backs = MySendBacksView(session)
        self.whats_new = WhatsNewView(session.data_dir, session.settings, read_only=session.read_only)
        self.assets = AssetActions(session, self)
        self.indexer = LibraryIndexer(session, self)
        self.background_sync = BackgroundSync(session, self)

        self.briefs = LazyView(self._build_briefs)
        self.insights = LazyView(self._build_insights)

        self.add_view("Search", self.search, icon("search"))
        self.add_view(WHATS_NEW, self.whats_new, icon("info"))
        self.add_view("Briefs", self.briefs, icon("brief"))
        self.add_view("Insights", self.insights, icon("insights"), roles=("marketer",))
        self.add_view("My send-backs", self.send_backs, icon("send-back"))
        self._build_actions()
        self.tabs.setCornerWidget(self._corner_buttons(), Qt.Corner.TopRightCorner)

        self.banner = Banner(
            "You are looking at the bundled demo library. Choose the folder that holds your team's "
            "collateral to search it instead.",
            "Choose your library folder…")
        self.banner.actionClicked.connect(self.choose_library)
        self.banner.setVisible(session.using_demo)
        self.read_only_banner = Banner(read_only_notice(session.data_dir))
        self.read_only_banner.setVisible(session.read_only)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._hold_writes()
        self._wire()
        self._restore_state()

    # -- views ---------------------------------------------------------------------

    def _build_briefs(self) -> QWidget:
        from ui.briefs import BriefEditor  # reportlab loads only when Briefs is first opened

        return BriefEditor(self.session.data_dir, self.session.settings, read_only=self.session.read_only)

    def _build_insights(self) -> QWidget:
        from ui.insights import InsightsView

        return InsightsView(self.session.data_dir, self.session.settings)

    def add_view(self, name: str, widget: QWidget, view_icon: QIcon | None = None,
                 roles: Iterable[str] | None = None) -> None:
        """Add a tab; with `roles` (e.g. ("marketer",)) it shows only for those roles."""
        self._view_roles.append((widget, frozenset(roles) if roles else None))
        self.tabs.addTab(widget, view_icon or QIcon(), name)
        self._apply_role()

    def _apply_role(self) -> None:
        role = self.session.settings.role
        for widget, roles in self._view_roles:
            self.tabs.setTabVisible(self.tabs.indexOf(widget), roles is None or role in roles)

    def _bring_forward(self, widget: QWidget, icon_name: str, name: str, closable: bool = False) -> None:
        """Views that appear when first needed (Problems, the viewer); `closable` ones get a close button."""
        if self.tabs.indexOf(widget) < 0:
            index = self.tabs.addTab(widget, icon(icon_name), name)
            if closable:
                close = QToolButton()
                close.setIcon(icon("close"))
                close.setAutoRaise(True)
                close.setToolTip(f"Close the {name.lower()}")
                close.setAccessibleName(f"Close {name}")
                close.clicked.connect(lambda: self._close_view(widget))
                self.tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, close)
        self.tabs.setCurrentWidget(widget)

    def _close_view(self, widget: QWidget) -> None:
        if widget is self.assets.viewer:
            self.assets.viewer.close_document()
        self.tabs.removeTab(self.tabs.indexOf(widget))
        self.focus_search()

    def _leave_viewer(self) -> None:
        """Esc in the viewer: back to the results, where the reader came from."""
        self.tabs.setCurrentWidget(self.search)
        if self.search.model.rowCount():
            self.search.list.setFocus()
        else:
            self.search.focus_search()

    def show_problems(self) -> None:
        self.problems.refresh()
        self._bring_forward(self.problems, "warning", "Problems")

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search)
        self.search.focus_search()

    # -- building ------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, icon_name: str | None, handler, shortcut: str = "", tip: str = "") -> QAction:
            act = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
            act.triggered.connect(handler)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.setToolTip(tip or text)
            self.addAction(act)  # shortcuts work whatever has focus
            return act

        self.reindex_action = action("Re-index", "reindex", self.reindex, "F5",
                                     "Look for new and changed files in the library now (F5)")
        self.settings_action = action("Settings…", "settings", self.open_settings, "Ctrl+,",
                                      "Library folder, your name and team, role, sync folder")
        self.choose_action = action("Choose library folder…", "folder", self.choose_library)
        self.problems_action = action("Problems", "warning", self.show_problems, "",
                                      "Files that could not be read, and why")
        self.sync_action = action("Sync usage now", "reindex", self.background_sync.sync_now, "",
                                  "Send your usage to the shared folder and fetch your team's")
        self.quit_action = action("Quit", None, self.close, "Ctrl+Q")
        self.search_action = action("Search", "search", self.focus_search, "Ctrl+K")
        self.send_backs_action = action("My send-backs", "send-back",
                                        lambda: self.tabs.setCurrentWidget(self.send_backs))

        library = self.menuBar().addMenu("&Library")
        for act in (self.choose_action, self.reindex_action, self.problems_action, self.sync_action, None,
                    self.settings_action, None, self.quit_action):
            if act is None:
                library.addSeparator()
            else:
                library.addAction(act)
        go = self.menuBar().addMenu("&Go")
        go.addAction(self.search_action)
        go.addAction(self.send_backs_action)

    def _corner_buttons(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, G, 0)
        row.setSpacing(G // 2)
        for act in (self.reindex_action, self.settings_action):
            button = QToolButton()
            button.setDefaultAction(act)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            row.addWidget(button)
        return box

    def _hold_writes(self) -> None:
        """A read-only data folder (checked once, at start): what would save something is
        disabled up front and its tooltip says why, instead of a message after the click."""
        if not self.session.read_only:
            return
        why = "The data folder is read-only, so"
        for act, cannot in ((self.settings_action, "settings cannot be saved."),
                            (self.choose_action, "a library folder cannot be saved."),
                            (self.reindex_action, "a new index run cannot be stored.")):
            act.setEnabled(False)
            act.setToolTip(f"{why} {cannot}")
        self.banner.button.setEnabled(False)
        self.banner.button.setToolTip(f"{why} a library folder cannot be saved.")

    def _can_save(self) -> bool:
        """The fallback when the folder became read-only after start: one sentence, nothing lost."""
        if data_dir_read_only(self.session.data_dir):
            self.status.notify(read_only_notice(self.session.data_dir))
            return False
        return True

    def _wire(self) -> None:
        search, status, indexer, assets = self.search, self.status, self.indexer, self.assets
        search.openRequested.connect(assets.open)
        search.rateRequested.connect(assets.rate_request)
        search.sendBackRequested.connect(assets.send_back_request)
        search.showInFolderRequested.connect(assets.show_in_folder)
        search.reindexRequested.connect(self.reindex)
        search.chooseLibraryRequested.connect(self.choose_library)
        self.send_backs.openRequested.connect(assets.open_path)
        assets.viewerWanted.connect(lambda viewer: self._bring_forward(viewer, "open", "Viewer", closable=True))
        assets.viewerLeft.connect(self._leave_viewer)
        # A problem on show (a file no app opens) is stale once the next open or search works.
        assets.opened.connect(status.clear_problem)
        search.resultsShown.connect(status.clear_problem)
        assets.feedbackSaved.connect(self._feedback_saved)
        assets.staleFileFound.connect(indexer.start)

        indexer.started.connect(status.indexing_started)
        indexer.started.connect(lambda: search.set_indexing(True))
        indexer.progress.connect(status.indexing_progress)
        indexer.progress.connect(search.set_indexing_progress)
        indexer.finished.connect(self._indexed)
        indexer.failed.connect(self._index_failed)
        status.cancelClicked.connect(indexer.cancel)
        status.problemsClicked.connect(self.show_problems)
        self.problems.retryRequested.connect(self.reindex)
        self.background_sync.synced.connect(self._synced)
        self.whats_new.unreadChanged.connect(self._show_unread)
        self.whats_new.openAssetRequested.connect(assets.open_path)
        self.whats_new.answerArrived.connect(status.notify)

    def _show_unread(self, unread: int) -> None:
        """The tab's badge: the one place a seller learns that marketing answered."""
        index = self.tabs.indexOf(self.whats_new)
        self.tabs.setTabText(index, f"{WHATS_NEW} ({unread})" if unread else WHATS_NEW)
        self.tabs.setTabToolTip(
            index, f"{unread} unread: answers, campaigns, new assets" if unread else "Nothing unread"
        )

    # -- actions -------------------------------------------------------------------

    def start(self) -> None:
        """First look: counts and the first results at once, then bring the index up to date."""
        self.status.refresh()
        self._report_settings_problems()
        # The start-up rescan and sync wait for the first results (or 2 s): all
        # three are Python sharing one GIL, and at 10,000 assets the rescan
        # doubled the time to first results (3.5 s).
        self.search.resultsShown.connect(self._start_background_work)
        QTimer.singleShot(BACKGROUND_START_MS, self._start_background_work)
        self.search.search_now()
        self.whats_new.refresh()

    def _report_settings_problems(self) -> None:
        for notice in self.session.ctx.notices:  # a damaged database set aside at start
            log.warning(notice)
            self.status.notify(notice)
        problems = self.session.settings.problems
        for problem in problems:
            log.warning(problem)
        if problems:
            more = f" (and {len(problems) - 1} more, in the log)" if len(problems) > 1 else ""
            self.status.notify(f"A setting was not valid and uses its default: {problems[0]}{more}")

    def _start_background_work(self, *_: object) -> None:
        if self._background_started:
            return
        self._background_started = True
        self.search.resultsShown.disconnect(self._start_background_work)
        self.indexer.start()
        self.background_sync.start()

    def _synced(self, message: str) -> None:
        """Marketers' answers to send-backs and everyone's usage arrive by sync."""
        self.status.notify(message)
        self.send_backs.refresh()
        self.whats_new.refresh()
        if self.insights.view is not None:
            self.insights.view.refresh()

    def reindex(self) -> None:
        if self.session.read_only:
            self.status.notify(read_only_notice(self.session.data_dir))
            return
        self.indexer.start()
        self.status.notify("Looking for new and changed files…")

    def choose_library(self) -> None:
        if not self._can_save():
            return
        if chosen := choose_folder(self, "Choose your library folder", self.session.settings.library):
            self._set_library(chosen)

    def _set_library(self, folder: str) -> None:
        self.session.settings.library = folder
        self.session.ctx.save_settings()
        self.banner.setVisible(self.session.using_demo)
        self.indexer.restart()

    def open_settings(self) -> None:
        if not self._can_save():
            return
        dialog = SettingsDialog(self.session.settings, self)
        if not dialog.exec():
            return
        self.settings_changed(dialog.apply_to(self.session.settings))

    def settings_changed(self, changed: set[str]) -> None:
        """Save the settings and bring every view in line with what changed."""
        if not changed:
            return
        self.session.ctx.save_settings()
        self.banner.setVisible(self.session.using_demo)
        if "user" in changed:  # "My send-backs" and What's new are about the person named now
            self.send_backs.refresh()
            self.whats_new.refresh()
        # meaning, OCR: read the library for them
        if changed & {"library", "max_file_mb", "meaning_search", "ocr", "ocr_languages"}:
            self.indexer.restart()
        if "role" in changed:
            self._apply_role()
        self.status.notify("Settings saved.")

    def _indexed(self, summary: RunSummary) -> None:
        self.status.indexing_finished()
        self.search.set_indexing(False)
        self.search.refresh()
        self.whats_new.refresh()
        if self.tabs.indexOf(self.problems) >= 0:
            self.problems.refresh()
        if summary.cancelled:
            self.status.notify(f"Indexing stopped: what was read of {self.session.library.name} is searchable "
                               f"({summary.describe()}). Re-index to read the rest.")
        elif summary.added or summary.changed or summary.removed:
            self.status.notify(f"Library updated: {summary.describe()}.")
        # Notes (an empty library folder, collateral.csv mistakes) repeat on every
        # rescan: say them when they change, not every ten minutes.
        if summary.messages and summary.messages != self._last_notes:
            more = len(summary.messages) - 1
            self.status.notify(summary.messages[0] + (f" (and {more} more notes)" if more else ""))
        self._last_notes = summary.messages

    def _index_failed(self, message: str) -> None:
        self.status.indexing_finished()
        self.search.set_indexing(False)
        self.status.notify(f"Indexing stopped: {message} Search still works on what was indexed.")

    def _feedback_saved(self, message: str) -> None:
        self.status.notify(message)
        self.search.refresh()  # the row's stars and counts
        self.send_backs.refresh()

    # -- state across runs ---------------------------------------------------------

    def _restore_state(self) -> None:
        state = self.session.settings.ui_state
        if saved := state.get("window_geometry"):
            self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
        else:
            screen = QGuiApplication.primaryScreen().availableGeometry()
            self.resize(min(1360, screen.width() - 4 * G), min(860, screen.height() - 4 * G))
        self.search.restore_state(state)

    def save_state(self) -> None:
        if self.session.read_only:
            return  # the layout is kept only where it can be saved
        state = self.session.settings.ui_state
        state["window_geometry"] = bytes(self.saveGeometry().toBase64()).decode("ascii")
        state.update(self.search.save_state())
        try:
            self.session.ctx.save_settings()
        except OSError as error:  # the folder turned read-only, or the disk is full: still close
            log.warning("the window's layout was not saved: %s", error)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.indexer.stop_for_quit()
        self.search.shutdown()
        self.assets.shutdown()
        if self.briefs.view is not None:
            self.briefs.view.shutdown()
        # Tasks hold their own connections; let them finish before the session closes.
        QThreadPool.globalInstance().waitForDone(SHUTDOWN_WAIT_MS)
        worker.set_error_handler(None)
        super().closeEvent(event)
