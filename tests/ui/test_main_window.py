"""The assembled window: opening a hit in the viewer, usage events, views by role."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QTabBar

from enablement_desktop.settings import load
from tests.support.libreoffice import require_soffice
from tests.support.windows import shown_window
from ui.dates import relative_time
from ui.main_window import MainWindow

HALVORSEN = "case-studies/halvorsen.pdf"


def events(session, kind: str) -> list[tuple]:
    with session.connect() as db:
        return db.execute("SELECT asset_path, page, query, hits FROM events WHERE kind = ? ORDER BY ts",
                          [kind]).fetchall()


def test_enter_opens_the_pdf_in_the_viewer_at_the_hit_page(window, qtbot):
    search = window.search
    with qtbot.waitSignal(search.resultsShown, timeout=5000,
                          check_params_cb=lambda page: page.request.text == "payback period"):
        qtbot.keyClicks(search.field, "payback period")
    assert search.current_row().hit.path == HALVORSEN
    with qtbot.waitSignal(window.assets.opened, timeout=5000) as opened:
        qtbot.keyClick(search.field, Qt.Key.Key_Return)  # Enter in the field opens the top hit
    assert opened.args == [HALVORSEN, 3]
    viewer = window.assets.viewer
    assert window.tabs.currentWidget() is viewer
    assert viewer.document.status() == QPdfDocument.Status.Ready
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=5000)
    # Opening a hit settles its query: one 'search' event, and the viewer's 'open'.
    qtbot.waitUntil(lambda: bool(events(window.session, "search")), timeout=5000)
    # 2 assets: the case study with both words, then the ROI sheet with "payback" (most of them).
    assert events(window.session, "search") == [("", None, "payback period", 2)]
    qtbot.waitUntil(lambda: bool(events(window.session, "open")), timeout=5000)
    assert events(window.session, "open")[0][:2] == (HALVORSEN, 3)


def test_the_viewer_tab_closes_and_esc_goes_back_to_the_results(window, qtbot):
    search = window.search
    with qtbot.waitSignal(search.resultsShown, timeout=5000,
                          check_params_cb=lambda page: page.request.text == "payback period"):
        qtbot.keyClicks(search.field, "payback period")
    with qtbot.waitSignal(window.assets.opened, timeout=5000):
        qtbot.keyClick(search.field, Qt.Key.Key_Return)
    viewer = window.assets.viewer
    assert window.tabs.currentWidget() is viewer
    viewer.view.setFocus()
    qtbot.waitUntil(viewer.view.hasFocus)
    qtbot.keyClick(viewer.view, Qt.Key.Key_Escape)
    assert window.tabs.currentWidget() is search and search.list.hasFocus()

    window.tabs.setCurrentWidget(viewer)
    index = window.tabs.indexOf(viewer)
    close = window.tabs.tabBar().tabButton(index, QTabBar.ButtonPosition.RightSide)
    assert close is not None and close.accessibleName() == "Close Viewer"
    assert window.tabs.tabBar().tabButton(window.tabs.indexOf(search), QTabBar.ButtonPosition.RightSide) is None
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert window.tabs.indexOf(viewer) < 0 and window.tabs.currentWidget() is search
    assert viewer.current_page() == 0  # the document was put away: its reading time is recorded
    qtbot.waitUntil(lambda: bool(events(window.session, "close")), timeout=5000)


def test_viewer_events_are_written_off_the_gui_thread(window, qtbot, monkeypatch):
    import threading

    from ui import usage_log

    writers: list[threading.Thread] = []
    real = usage_log.record_event

    def spy(*args, **kwargs):
        writers.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(usage_log, "record_event", spy)
    window.search.set_query("payback period")
    qtbot.waitUntil(lambda: window.search.current_row() is not None, timeout=5000)
    window.assets.open(window.search.current_request())
    qtbot.waitUntil(lambda: bool(events(window.session, "open")), timeout=5000)
    window.assets.viewer.close_document()
    qtbot.waitUntil(lambda: bool(events(window.session, "close")), timeout=5000)
    assert len(writers) >= 2 and all(t is not threading.main_thread() for t in writers)


def test_a_problem_message_goes_when_the_next_open_works(window, qtbot):
    from ui.worker import report_error

    report_error("No app on this computer opens security-audits.md — or it was moved.")
    assert "security-audits.md" in window.status.notice.text()
    window.search.set_query("payback period")
    qtbot.waitUntil(lambda: window.search.current_row() is not None, timeout=5000)
    report_error("No app on this computer opens security-audits.md — or it was moved.")
    with qtbot.waitSignal(window.assets.opened, timeout=5000):
        window.assets.open(window.search.current_request())
    assert window.status.notice.text() == ""
    window.status.notify("Settings saved.")
    window.status.clear_problem()
    assert window.status.notice.text() == "Settings saved."  # notices of success stay their time


def test_a_long_notice_elides_before_the_library_state_in_a_1024_px_window(window, qtbot):
    window.resize(1024, 700)
    long = ("Library updated: 34 files, 33 new, 0 changed, 0 removed, 1 could not be read "
            "(1 without text), 1 scanned page read in 7.7 s; 2 files waiting for OCR in the background.")
    window.status.notify(long)
    status = window.status
    qtbot.waitUntil(lambda: status.notice.isVisible() and status.summary.isVisible() and status.summary.width() > 0)
    # It ran on under "33 assets · indexed just now"; now it stops short of it, whole on hover.
    assert status.notice.geometry().right() < status.summary.geometry().left()
    assert status.notice.text() == status.notice.toolTip() == long
    shown = status.notice.fontMetrics().elidedText(long, Qt.TextElideMode.ElideRight, status.notice.width())
    assert shown.endswith("…")


def test_a_query_counts_as_a_search_once_it_settles(window, qtbot):
    search = window.search
    search._settle.setInterval(200)
    for text in ("sec", "security"):  # typed quickly: only the last one is a search
        with qtbot.waitSignal(search.resultsShown, timeout=5000):
            search.set_query(text)
    qtbot.waitUntil(lambda: bool(events(window.session, "search")), timeout=5000)
    qtbot.wait(300)
    assert events(window.session, "search") == [("", None, "security", 1)]


def test_pauses_mid_word_are_not_searches_but_a_settled_query_is(window, qtbot):
    search = window.search
    search._settle.setInterval(60_000)  # no query settles by time here: only by what follows it
    for text in ("s", "se", "sec", "security", "pricing"):  # each shown, as after a pause
        with qtbot.waitSignal(search.resultsShown, timeout=5000):
            search.set_query(text)
    # "security" was settled on (the next query does not extend it); "s", "se", "sec" were pauses.
    qtbot.waitUntil(lambda: bool(events(window.session, "search")), timeout=5000)
    assert [e[2] for e in events(window.session, "search")] == ["security"]
    search._record_search()  # what leaving the window or opening a hit does
    qtbot.waitUntil(lambda: len(events(window.session, "search")) == 2, timeout=5000)
    assert sorted(e[2] for e in events(window.session, "search")) == ["pricing", "security"]


def test_while_the_library_is_read_a_miss_says_so_and_is_not_a_zero_hit_search(window, qtbot):
    search = window.search
    search.set_indexing(True)
    search.set_indexing_progress(977, 1122, "deck.pdf")
    with qtbot.waitSignal(search.resultsShown, timeout=5000):
        search.set_query("zzyzx")
    assert "still reading your library (977 of 1,122)" in search.state.text()
    with qtbot.waitSignal(search.resultsShown, timeout=5000):
        search.set_query("security")
    assert "still reading your library (977 of 1,122)" in search.summary.text()
    search._record_search()
    qtbot.waitUntil(lambda: len(events(window.session, "search")) == 2, timeout=5000)
    recorded = {query: hits for _, _, query, hits in events(window.session, "search")}
    assert recorded["zzyzx"] is None  # not a zero-hit search: the library was not all read
    assert recorded["security"] >= 1


def test_views_limited_to_a_role_follow_the_role(window):
    extra = QLabel("extra")
    window.add_view("Extra", extra, roles=("marketer",))
    views = [window.tabs.indexOf(w) for w in (extra, window.insights)]
    assert window.tabs.isTabVisible(window.tabs.indexOf(window.briefs))
    assert not any(window.tabs.isTabVisible(i) for i in views)
    window.session.settings.role = "marketer"
    window._apply_role()
    assert all(window.tabs.isTabVisible(i) for i in views)


def test_background_sync_sends_queued_events_to_the_shared_folder(window, qtbot, tmp_path):
    from enablement_desktop.usage.events import record_event

    shared = tmp_path / "shared"
    shared.mkdir()
    window.session.settings.sync_folder = str(shared)
    with window.session.connect() as db:
        record_event(db, window.session.settings, "open", asset_path=HALVORSEN)
    with qtbot.waitSignal(window.background_sync.synced, timeout=15_000) as blocker:
        window.background_sync.sync_now()
    assert blocker.args[0].startswith("Sync: sent 1 event")
    segments = list(shared.glob("events/*/*.jsonl"))
    assert len(segments) == 1 and HALVORSEN in segments[0].read_text(encoding="utf-8")


def test_status_bar_shows_library_state_progress_and_opens_problems(window, qtbot):
    status = window.status
    status.set_status({"assets": 1234, "problems": 2, "pending_index": 0, "last_indexed": None})
    assert status.summary.text() == "1,234 assets · not indexed yet"
    assert status.problems.text() == "2 problems"
    status.set_status({"assets": 1234, "problems": 3, "pending_index": 0, "last_indexed": None,
                       "problem_reasons": {"scanned": 2, "old format": 1}, "waiting_for_ocr": 4})
    assert status.problems.text() == "2 scanned · 1 old format"
    assert "4 waiting for OCR" in status.summary.text()
    status.set_status({"assets": 33, "problems": 1, "pending_index": 0, "last_indexed": None,
                       "problem_reasons": {"no text": 1}})
    assert status.problems.text() == "1 without text"
    status.indexing_started()
    status.indexing_progress(3, 10, "decks/ledger-pitch.pptx")
    assert status.progress.isVisible()
    assert (status.current.text(), status.count.text(), status.bar.value()) == ("decks/ledger-pitch.pptx", "3 of 10", 3)
    status.problems.click()
    assert window.tabs.currentWidget() is window.problems


def test_closing_saves_the_layout(ui_session, qtbot):
    win = MainWindow(ui_session)
    qtbot.addWidget(win)
    win.show()
    win.close()
    saved = load(ui_session.data_dir).ui_state
    assert saved["window_geometry"] and saved["search_splitter"]


def test_keyboard_first_ctrl_k_arrows_and_escape(window, qtbot):
    search = window.search
    window.show_problems()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is search
    qtbot.waitUntil(search.field.hasFocus, timeout=2000)
    with qtbot.waitSignal(search.resultsShown, timeout=5000,
                          check_params_cb=lambda page: page.request.text == "tidewater"):
        qtbot.keyClicks(search.field, "tidewater")
    qtbot.keyClick(search.field, Qt.Key.Key_Down)
    assert search.list.hasFocus()
    qtbot.keyClick(search.list, Qt.Key.Key_Down)
    assert search.list.currentIndex().row() == 1
    qtbot.keyClick(search.list, Qt.Key.Key_Escape)
    assert search.field.hasFocus() and search.field.text() == "tidewater"


def test_relative_time_reads_like_people_talk():
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert relative_time("2026-11-26T11:59:30.000Z", now) == "just now"
    assert relative_time("2026-11-26T11:58:00.000Z", now) == "2 min ago"
    assert relative_time("2026-11-26T09:00:00.000Z", now) == "3 h ago"
    assert relative_time("2026-11-25T09:00:00.000Z", now) == "yesterday"


def test_a_deck_opens_in_the_viewer_at_its_slide_when_libreoffice_converts_it(window, qtbot):
    require_soffice()  # real LibreOffice: CI installs it
    search = window.search
    with qtbot.waitSignal(search.resultsShown, timeout=5000,
                          check_params_cb=lambda page: page.request.text == "auditor findings"):
        qtbot.keyClicks(search.field, "auditor findings")
    assert search.current_row().hit.path == "decks/ledger-pitch.pptx"
    with qtbot.waitSignal(window.assets.opened, timeout=120_000) as opened:
        qtbot.keyClick(search.field, Qt.Key.Key_Return)
    assert opened.args == ["decks/ledger-pitch.pptx", 2]
    viewer = window.assets.viewer
    assert window.tabs.currentWidget() is viewer
    qtbot.waitUntil(lambda: viewer.current_page() == 2, timeout=5000)


def test_briefs_and_insights_are_built_when_first_opened(window, qtbot):
    from ui.briefs import BriefEditor
    from ui.insights import InsightsView

    assert window.briefs.view is None and window.insights.view is None
    window.tabs.setCurrentWidget(window.briefs)
    qtbot.waitUntil(lambda: isinstance(window.briefs.view, BriefEditor), timeout=5000)
    window.session.settings.role = "marketer"
    window._apply_role()
    window.tabs.setCurrentWidget(window.insights)
    qtbot.waitUntil(lambda: isinstance(window.insights.view, InsightsView), timeout=5000)


def test_a_sync_with_nothing_to_send_or_receive_stays_quiet(window, qtbot, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    window.session.settings.sync_folder = str(shared)
    heard: list[str] = []
    window.background_sync.synced.connect(heard.append)
    window.background_sync.sync_now()
    qtbot.waitUntil(lambda: not window.background_sync._running, timeout=15_000)
    assert heard == []


def test_a_rating_survives_a_restart(ui_session, qtbot):
    import functools

    from enablement_desktop.context import open_context
    from ui.feedback import RateDialog
    from ui.session import Session
    from ui.usage_log import record

    dialog = RateDialog(functools.partial(record, ui_session), HALVORSEN, "", "Halvorsen")
    qtbot.addWidget(dialog)
    dialog.stars.setValue(4)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(dialog.recorded_uuid), timeout=10_000)

    # A new session on the same data dir is what the next launch of the app opens.
    with closing(Session(open_context(ui_session.data_dir))) as later, shown_window(later, qtbot) as win:
        with qtbot.waitSignal(win.search.resultsShown, timeout=5000,
                              check_params_cb=lambda page: page.request.text == "invoice processing cost"):
            win.search.set_query("invoice processing cost")
        row = win.search.current_row()
        assert row.hit.path == HALVORSEN
        assert (row.stats.avg_rating, row.stats.rating_count) == (4.0, 1)


def test_my_send_backs_follow_a_change_of_name_without_a_restart(window, qtbot):
    from enablement_desktop.settings import Settings
    from enablement_desktop.usage.events import record_event

    with window.session.connect() as db:  # sent back under the name the seller is about to take
        record_event(db, Settings(user="renamed", device="laptop"), "send_back",
                     asset_path=HALVORSEN, reason="outdated", comment="2025 figures")
    view = window.send_backs
    assert view.model.rowCount() == 0
    window.session.settings.user = "renamed"
    window.settings_changed({"user"})
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)


def _every_view(window, qtbot):
    """Each tab and each Insights section in turn, built and loaded; yields its name."""
    window.session.settings.role = "marketer"
    window._apply_role()
    for n in range(window.tabs.count()):
        if not window.tabs.isTabVisible(n):
            continue
        window.tabs.setCurrentIndex(n)
        tab = window.tabs.widget(n)
        if tab is window.insights:
            view = window.insights.ensure_built()
            with qtbot.waitSignal(view.loaded, timeout=10_000):
                view.refresh()
            for section in view.sections:
                view.show_section(section.title)
                yield f"Insights → {section.title}"
        else:
            if hasattr(tab, "ensure_built"):
                tab.ensure_built()
            yield window.tabs.tabText(n)


def test_every_view_fits_a_1024_by_700_screen(window, qtbot):
    window.resize(1024, 700)
    for name in _every_view(window, qtbot):
        needs = window.minimumSizeHint()
        assert needs.width() <= 1024 and needs.height() <= 700, f"{name} needs {needs.width()}x{needs.height()}"
        assert (window.width(), window.height()) == (1024, 700), name


def test_no_placeholder_or_wrapped_label_is_cut_at_1024_by_700(window, qtbot):
    from PySide6.QtWidgets import QLabel, QLineEdit

    window.resize(1024, 700)
    for name in _every_view(window, qtbot):
        qtbot.wait(10)  # layouts settle on the next turn of the event loop
        for label in window.tabs.currentWidget().findChildren(QLabel):
            if label.isVisible() and label.wordWrap() and label.text():
                # A wrapped label given fewer lines than it needs shows their tops and bottoms cut.
                assert label.heightForWidth(label.width()) <= label.height() + 1, f"{name}: {label.text()!r}"
        for edit in window.tabs.currentWidget().findChildren(QLineEdit):
            text = edit.placeholderText()
            if edit.isVisible() and text:
                # QLineEdit's own text margins: about 4 px a side plus the frame.
                room = edit.contentsRect().width() - 2 * edit.style().pixelMetric(edit.style().PixelMetric.PM_DefaultFrameWidth) - 8
                assert edit.fontMetrics().horizontalAdvance(text) <= room, f"{name}: {text!r}"
