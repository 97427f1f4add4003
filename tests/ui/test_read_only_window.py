"""The window over a read-only data folder: it searches what was indexed, says once
why nothing can be saved, never starts an index run it cannot store, writes nothing.

Runs as root too: tests/support/read_only.py refuses every write Python asks
for in the folder, as the OS does for a non-root user (checked by hand as
uid 1000 on a `chmod -R a-w` copy: see docs/reliability.md).
"""

from __future__ import annotations

import functools
import shutil

import pytest

from enablement_desktop.context import open_context
from tests.support.read_only import make_read_only
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def read_only_window(indexed_template, tmp_path, monkeypatch, qapp, qtbot):
    _library, template = indexed_template
    data = tmp_path / "data"
    shutil.copytree(template, data, ignore=shutil.ignore_patterns("app.lock"))
    make_read_only(monkeypatch, data)
    session = Session(open_context(data))
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.close()
    session.close()


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
    assert "is read-only" in win.status.currentMessage()

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


def test_the_app_starts_on_a_read_only_data_dir_without_a_lock_file_or_log(indexed_template, tmp_path, monkeypatch,
                                                                           qapp):
    import logging
    import sys

    from PySide6.QtWidgets import QApplication

    from ui import app

    _library, template = indexed_template
    data = tmp_path / "data"
    shutil.copytree(template, data, ignore=shutil.ignore_patterns("app.lock"))
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
