"""Indexing in the background: the window stays responsive, changes on disk are picked up,
and files that cannot be read are listed with the reason."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from enablement_desktop.context import open_context
from resources.docgen import write_docx, write_pdf, write_text
from tests.support.bad_files import truncated_pdf
from tests.support.library import build_sample_library
from ui.indexing import LibraryIndexer
from ui.problems_view import ProblemsView
from ui.session import Session

TICK_MS = 10


def generated_library(root: Path, count: int = 60) -> Path:
    """`count` real files in three formats and a few folders."""
    for n in range(count):
        folder = root / f"region-{n % 4}"
        body = f"Account plan {n}: pricing, payback and onboarding notes for customer number {n}."
        if n % 3 == 0:
            write_pdf(folder / f"plan-{n}.pdf", [f"# Plan {n}\n{body}", f"# Next steps\nCall back in week {n}."])
        elif n % 3 == 1:
            write_docx(folder / f"plan-{n}.docx", [{"heading": f"Plan {n}", "paragraphs": [body]}])
        else:
            write_text(folder / f"plan-{n}.md", f"# Plan {n}\n{body}\n")
    return root


@pytest.fixture
def fresh_session(tmp_path, qapp):
    def make(library: Path) -> Session:
        ctx = open_context(tmp_path / "data")
        ctx.settings.library = str(library)
        ctx.save_settings()
        return Session(ctx)

    sessions = []
    yield lambda library: sessions.append(make(library)) or sessions[-1]
    for session in sessions:
        session.close()


def test_the_event_loop_keeps_running_while_sixty_files_index(tmp_path, fresh_session, qtbot, monkeypatch):
    """Deterministic, whatever the machine's speed: halfway through, the indexing
    thread waits until the GUI thread's timer answers. A blocked event loop never
    answers, and the run fails instead of finishing."""
    from enablement_desktop.library import update

    session = fresh_session(generated_library(tmp_path / "library"))
    halfway = threading.Event()
    gui_answered = threading.Event()
    real_update = update.update_library

    def update_that_waits_for_the_gui(*args, progress, **kwargs):
        def progress_with_a_pause(done: int, total: int, label: str) -> None:
            if total == 60 and done >= 30 and not halfway.is_set():
                halfway.set()
                if not gui_answered.wait(30):
                    raise RuntimeError("the GUI thread did not run for 30 s while indexing")
            progress(done, total, label)
        return real_update(*args, progress=progress_with_a_pause, **kwargs)

    monkeypatch.setattr(update, "update_library", update_that_waits_for_the_gui)
    indexer = LibraryIndexer(session)
    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(lambda: halfway.is_set() and gui_answered.set())
    progress = []
    indexer.progress.connect(lambda done, total, label: progress.append((done, total, label)))
    timer.start()
    with qtbot.waitSignal(indexer.finished, timeout=60_000) as finished:
        indexer.start()
    timer.stop()

    summary = finished.args[0]
    assert halfway.is_set() and gui_answered.is_set()
    assert (summary.added, summary.failed) == (60, 0)
    assert any(total == 60 and label.endswith((".pdf", ".docx", ".md")) for _, total, label in progress)


def test_a_new_file_in_a_watched_folder_is_indexed_without_a_restart(tmp_path, fresh_session, qtbot):
    library = generated_library(tmp_path / "library", count=3)
    indexer = LibraryIndexer(fresh_session(library))
    indexer._debounce.setInterval(100)
    with qtbot.waitSignal(indexer.finished, timeout=30_000):
        indexer.start()
    assert str(library / "region-1") in indexer.watcher.directories()
    with qtbot.waitSignal(indexer.finished, timeout=30_000) as second:
        write_text(library / "region-1" / "late-addition.md", "# Late\nA brand new battlecard.\n")
    assert second.args[0].added == 1


def test_the_problems_view_lists_a_corrupt_pdf_and_retries(tmp_path, fresh_session, qtbot):
    library = build_sample_library(tmp_path / "library")
    truncated_pdf(library / "offers" / "broken-offer.pdf")
    session = fresh_session(library)
    indexer = LibraryIndexer(session)
    with qtbot.waitSignal(indexer.finished, timeout=30_000) as finished:
        indexer.start()
    assert finished.args[0].failed == 1

    view = ProblemsView(session)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.refresh()
    assert view.model.rowCount() == 1
    row = [view.model.index(0, column).data() for column in range(4)]
    assert row[0] == "offers/broken-offer.pdf"
    assert row[1] == "damaged"
    assert row[2] == "Not a valid PDF, or damaged beyond repair"  # each reads as a sentence
    assert row[3].startswith("The file is damaged") and "re-export it" in row[3]
    assert view.model.index(0, 1).data(Qt.ItemDataRole.FontRole).bold()  # the reason reads first
    assert "1 file in" in view.intro.text()
    # What the reader said waits behind Details, for the selected file.
    assert not view.details.isVisibleTo(view)
    view.table.selectRow(0)
    view.details_button.click()
    assert view.details.isVisibleTo(view)
    assert "offers/broken-offer.pdf" in view.details.toPlainText()

    with qtbot.waitSignal(view.retryRequested, timeout=5000):
        view.retry.click()
    with qtbot.waitSignal(view.loaded, timeout=5000) as cleared:
        view.refresh()
    assert cleared.args == [0]
    # Retrying reads the file again, which fails again: it is listed again.
    with qtbot.waitSignal(indexer.finished, timeout=30_000) as again:
        indexer.start()
    assert again.args[0].failed == 1


def test_the_problems_view_words_a_file_without_text_as_the_status_bar_does():
    from enablement_desktop.library.problems import Problem
    from ui.problems_view import COLUMNS

    empty = Problem("faq/empty.md", "no text", "no text found", "", "2026-12-01T00:00:00Z")
    assert COLUMNS[1].value(empty) == "without text"


def test_the_problems_view_shows_what_to_do_whole_in_a_1024_px_window(ui_session, qtbot):
    from enablement_desktop.library.problems import Problem
    from tests.support.tables import shows_whole

    view = ProblemsView(ui_session)
    qtbot.addWidget(view)
    view.resize(1000, 600)  # the tab in a 1024×700 window
    view.show()
    problems = [Problem("case-studies/halvorsen-freight-reference-letter-signed-scan.pdf", "no text",
                        "OCR found no words on its scanned pages", "", "2026-12-01T00:00:00Z"),
                Problem("decks/old-deck.ppt", "reader failed", "the reader stopped on an embedded chart", "",
                        "2026-12-01T00:00:00Z")]
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view._show(problems)
    cells = [(row, column) for row in range(2) for column in (2, 3)]  # why, and what to do
    # Rows follow the columns' final widths after a delayed layout pass: wait for it, then check.
    qtbot.waitUntil(lambda: view.table.isVisible() and all(shows_whole(view.table, *cell) for cell in cells))
