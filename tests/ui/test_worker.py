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


class _Receiver(QLabel):
    """A widget whose slot notes what reached it (in a list that outlives the widget)."""

    def __init__(self, seen: list[str]) -> None:
        super().__init__()
        self.seen = seen

    def got(self, value: str) -> None:
        self.seen.append(value)


def test_a_result_for_a_deleted_widget_is_dropped(qtbot):
    alive_seen: list[str] = []
    gone_seen: list[str] = []
    alive, gone = _Receiver(alive_seen), _Receiver(gone_seen)
    qtbot.addWidget(alive)
    release = threading.Event()
    finished: list[str] = []

    def task(name: str) -> str:
        release.wait(5)
        finished.append(name)
        return name

    before = set(worker._live)
    run_task(lambda: task("late"), gone.got)
    run_task(lambda: task("on time"), alive.got)
    ours = worker._live - before  # other tests' tasks may still be in flight
    assert len(ours) == 2
    gone.deleteLater()
    qtbot.waitUntil(lambda: not isValid(gone), timeout=2000)
    release.set()
    # Both tasks ran to their end and were delivered (or dropped) on the GUI thread.
    qtbot.waitUntil(lambda: len(finished) == 2 and not ours & worker._live, timeout=5000)
    assert alive_seen == ["on time"]
    assert gone_seen == []  # delivering to the deleted label would have raised in the event loop


def test_progress_is_thinned_but_the_last_report_always_arrives(qtbot):
    seen: list[int] = []
    done: list[int] = []

    def task(progress) -> int:
        for n in range(1, 5001):
            progress(n, 5000, "counting")
        return 5000

    run_task(task, done.append, on_progress=lambda d, t, label: seen.append(d))
    qtbot.waitUntil(lambda: bool(done) and bool(seen) and seen[-1] == 5000, timeout=10_000)
    assert len(seen) < 500, "thousands of reports a second are thinned to a few a second"
    assert seen == sorted(seen)


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
