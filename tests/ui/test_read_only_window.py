"""The window over a read-only data folder: it searches what was indexed, says once
why nothing can be saved, never starts an index run it cannot store, writes nothing.

Runs as root too: tests/support/read_only.py refuses every write Python asks
for in the folder, as the OS does for a non-root user (checked by hand as
uid 1000 on a `chmod -R a-w` copy: see docs/reliability.md).
"""

from __future__ import annotations

import functools
from contextlib import closing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from enablement_desktop.context import open_context
from tests.support.read_only import make_read_only
from tests.support.windows import shown_window
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def read_only_window(indexed_copy, monkeypatch, qapp, qtbot):
    make_read_only(monkeypatch, indexed_copy)
    with closing(Session(open_context(indexed_copy))) as session, shown_window(session, qtbot) as win:
        yield win


def snapshot(folder) -> dict[str, bytes]:
    """Every file's bytes, except SQLite's -wal/-shm: SQLite makes those from C, which the
    simulation cannot refuse as root (a non-root user's SQLite reads without them)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def test_it_searches_says_read_only_once_and_never_starts_indexing(read_only_window, qtbot):
    win = read_only_window
    before = snapshot(win.session.data_dir)
    started = []
    win.indexer.started.connect(lambda: started.append(True))
    with qtbot.waitSignal(win.search.resultsShown, timeout=10_000):
        win.start()
    assert win.read_only_banner.isVisibleTo(win)
    assert "is read-only" in win.read_only_banner.label.text()
    assert not win.read_only_banner.button.isVisibleTo(win)  # nothing to click: it only informs

    with qtbot.waitSignal(win.search.resultsShown, timeout=10_000,
                          check_params_cb=lambda page: page.request.text == "pricing"):
        win.search.set_query("pricing")
    assert win.search.model.rowCount() > 0

    win._start_background_work()  # what the start-up timer does 2 s in
    win.reindex()  # the Re-index button
    assert started == []  # no "Looking for changes" that could never end
    assert "is read-only" in win.status.notice.text()

    win.close()  # saving the layout must not fail either
    assert snapshot(win.session.data_dir) == before


def test_a_rating_says_why_it_cannot_be_saved(read_only_window, qtbot):
    from ui.feedback import RateDialog
    from ui.usage_log import record

    dialog = RateDialog(functools.partial(record, read_only_window.session), "case-studies/halvorsen.pdf", "",
                        "Halvorsen")
    qtbot.addWidget(dialog)
    dialog.stars.setValue(4)
    dialog.accept()
    assert "is read-only" in dialog._error.text() and dialog._error.isVisibleTo(dialog)
    assert not dialog.saving


def test_the_app_starts_on_a_read_only_data_dir_without_a_lock_file_or_log(indexed_copy, monkeypatch, qapp):
    import logging
    import sys

    from PySide6.QtWidgets import QApplication

    from ui import app

    data = indexed_copy
    make_read_only(monkeypatch, data)
    before = snapshot(data)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    monkeypatch.setattr(logging.getLogger(), "handlers", list(logging.getLogger().handlers))
    shown = []

    def exec_(self) -> int:  # the window is up: close it, as a person would
        shown.extend(w for w in self.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        for window in shown:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert app.run(["main.py", "--data-dir", str(data)]) == 0
    assert shown and shown[0].read_only_banner.isVisibleTo(shown[0])
    assert snapshot(data) == before


def test_settings_library_and_reindex_are_disabled_up_front_and_say_why(read_only_window):
    win = read_only_window
    for act in (win.settings_action, win.choose_action, win.reindex_action):
        assert not act.isEnabled()
        assert act.toolTip().startswith("The data folder is read-only, so "), act.text()
    corner = [b for b in win.tabs.cornerWidget().findChildren(QToolButton)
              if b.defaultAction() is win.settings_action]
    assert corner and not corner[0].isEnabled()  # the button beside the tabs follows its action
    assert not win.banner.button.isEnabled() and "read-only" in win.banner.button.toolTip()


def test_settings_say_read_only_when_the_folder_turns_read_only_after_start(window, monkeypatch):
    from ui.settings_dialog import SettingsDialog

    win = window
    assert win.settings_action.isEnabled()  # writable at start
    make_read_only(monkeypatch, win.session.data_dir)
    opened = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(self) or 1)
    monkeypatch.setattr(SettingsDialog, "apply_to", lambda self, settings: {"team"})
    win.open_settings()
    assert opened == []  # not a form whose OK could never save
    assert "is read-only" in win.status.notice.text()


@pytest.fixture
def read_only_news(indexed_copy, monkeypatch, qapp, qtbot):
    """A window over a read-only data folder whose What's new holds an answer and a campaign."""
    from datetime import UTC, datetime, timedelta

    from enablement_desktop.settings import Settings
    from enablement_desktop.usage import whats_new
    from enablement_desktop.usage.campaigns import write_note
    from enablement_desktop.usage.events import record_event
    from enablement_desktop.usage.insights import set_feedback_status

    data = indexed_copy
    ctx = open_context(data)
    seller = ctx.settings
    marketer = Settings(user="mia", team="Marketing", device="imac", role="marketer")
    sent = record_event(ctx.db, seller, "send_back", asset_path="case-studies/halvorsen.pdf", reason="outdated")
    set_feedback_status(ctx.db, marketer, sent, "fixed", "new numbers are in")
    launch = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    write_note(ctx.db, marketer, title="Ledger 5 launch", launch=launch, products=["Ledger"],
               talk_track="Lead with the close in 3 days.")
    whats_new.refresh(ctx.db, seller)  # what the window stored while it could
    ctx.close()
    make_read_only(monkeypatch, data)
    with closing(Session(open_context(data))) as session, shown_window(session, qtbot) as win:
        with qtbot.waitSignal(win.whats_new.loaded, timeout=10_000):
            win.whats_new.refresh()
        yield win


def test_whats_new_cannot_be_marked_read_and_says_why_before_a_click(read_only_news, qtbot):
    from ui.whats_new import READ_ONLY_TIP

    win = read_only_news
    view = win.whats_new
    before = snapshot(win.session.data_dir)
    assert view.model.rowCount() == 2 and view.model.unread() == 2
    assert not view.read_button.isEnabled() and view.read_button.toolTip() == READ_ONLY_TIP
    assert not view.all_read_button.isEnabled() and view.all_read_button.toolTip() == READ_ONLY_TIP
    win.tabs.setCurrentWidget(view)
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(0))
    qtbot.keyClick(view.list, Qt.Key.Key_Space)  # the keyboard gets the reason, and nothing changes
    assert view.model.unread() == 2 and view.summary.text() == READ_ONLY_TIP
    # A campaign note still opens: reading it is not a write.
    row = next(r for r in range(2) if view.model.item(r).kind == "campaign")
    view.list.setCurrentIndex(view.model.index(row))
    with qtbot.waitSignal(view.campaignShown, timeout=5000):
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert "Lead with the close in 3 days." in view.detail.text()
    assert view.model.unread() == 2
    assert snapshot(win.session.data_dir) == before


def test_briefs_say_up_front_that_they_cannot_be_stored_and_store_nothing(read_only_window, qtbot):
    from PySide6.QtGui import QKeySequence

    from ui.briefs.brief_editor import READ_ONLY_TIP

    win = read_only_window
    before = snapshot(win.session.data_dir)
    win.tabs.setCurrentWidget(win.briefs)
    editor = win.briefs.ensure_built()
    qtbot.waitUntil(lambda: editor.form.offering.text() != "")  # a template is open, unsaved
    for button in (editor._save_button, editor._print_button, editor._export_button):
        assert not button.isEnabled() and button.toolTip() == READ_ONLY_TIP, button.text()
    assert editor._export_json_button.isEnabled()  # a file of the user's choosing, not the data folder
    save = QKeySequence(QKeySequence.StandardKey.Save)
    next(a for a in editor.actions() if a.shortcut() == save).trigger()  # Ctrl+S: the keyboard gets the reason
    assert editor.banner.label.text() == READ_ONLY_TIP
    editor.shutdown()
    assert snapshot(win.session.data_dir) == before


def test_rate_and_send_back_are_off_up_front_in_results_and_the_viewer(read_only_window, indexed_template, qtbot):
    from PySide6.QtPdf import QPdfDocument

    from ui.usage_log import FEEDBACK_READ_ONLY

    win = read_only_window
    with qtbot.waitSignal(win.search.resultsShown, timeout=10_000):
        win.start()
    with qtbot.waitSignal(win.search.resultsShown, timeout=10_000,
                          check_params_cb=lambda page: page.request.text == "invoice"):
        win.search.set_query("invoice")
    win.search.list.setCurrentIndex(win.search.model.index(0))
    qtbot.waitUntil(win.search.open_action.isEnabled)  # reading is fine...
    for act in (win.search.rate_action, win.search.send_back_action):  # ...feedback is not kept
        assert not act.isEnabled() and act.toolTip() == FEEDBACK_READ_ONLY
    library, _template = indexed_template
    viewer = win.assets.viewer
    viewer.open(library / "case-studies/halvorsen.pdf", 1, [], "case-studies/halvorsen.pdf", "")
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    qtbot.waitUntil(viewer._external.isEnabled)  # the document's actions are on...
    assert not viewer._rate.isEnabled() and not viewer._send_back.isEnabled()  # ...but these
    assert viewer._rate.toolTip() == FEEDBACK_READ_ONLY
