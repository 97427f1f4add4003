"""The one background-work helper: results, progress and errors arrive on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from ui import worker
from ui.worker import run_task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    seen = []

    def task(progress):
        for n in range(1, 4):
            progress(n, 3, f"step {n}")
        return threading.current_thread().name

    done = []
    run_task(task, done.append, on_progress=lambda d, t, label: seen.append((d, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done[0] != threading.main_thread().name, "the task ran off the GUI thread"
    assert seen and all(thread is threading.main_thread() for _, thread in seen)
    assert seen[-1][0] == 3, "the last progress report is always delivered"


def test_an_error_becomes_one_sentence_in_one_place(qtbot, caplog):
    messages = []
    worker.set_error_handler(messages.append)
    try:
        run_task(lambda: {}["missing"], lambda _r: None, what="counting assets")
        qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    finally:
        worker.set_error_handler(None)
    assert messages == ["Something went wrong while counting assets (KeyError). Details are in the log."]
    assert "Traceback" in caplog.text, "the developer gets the traceback, in the log"

    own = []
    run_task(lambda: open("/nonexistent/folder/file"), on_error=own.append)
    qtbot.waitUntil(lambda: bool(own), timeout=5000)
    assert "No such file or directory" in own[0]


def test_a_result_for_a_deleted_widget_is_dropped(qtbot):
    label = QLabel()
    release = threading.Event()
    run_task(lambda: release.wait(5) and "late", label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not isValid(label), timeout=2000)
    release.set()
    qtbot.wait(200)  # delivering to the deleted label would raise in the event loop (pytest-qt fails on it)


def test_a_task_still_running_when_the_app_quits_ends_quietly(qtbot, caplog):
    """At quit Qt deletes the task's signal object while its thread still runs:
    the task must end without an error report (there is no window to show it in)."""
    from shiboken6 import delete

    signals = worker._Signals()
    delete(signals)  # what QApplication's teardown does to it
    seen: list[str] = []
    reporting = worker._Task(lambda report: (report(1, 2, "halfway"), seen.append("reported")), signals, True, "testing")
    reporting.run()  # on this thread: an escaping exception fails the test
    finishing = worker._Task(lambda: seen.append("finished"), signals, False, "testing")
    finishing.run()
    assert seen == ["finished"]  # the progress report ended the first task; the second ran to its end
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
