"""Indexing in the background: the window stays responsive, changes on disk are picked up,
and files that cannot be read are listed with the reason."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

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


def test_the_event_loop_keeps_running_while_sixty_files_index(tmp_path, fresh_session, qtbot):
    session = fresh_session(generated_library(tmp_path / "library"))
    indexer = LibraryIndexer(session)
    ticks = []
    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    progress = []
    indexer.progress.connect(lambda done, total, label: progress.append((done, total, label)))
    timer.start()
    started = time.monotonic()
    with qtbot.waitSignal(indexer.finished, timeout=60_000) as finished:
        indexer.start()
    elapsed = time.monotonic() - started
    timer.stop()

    summary = finished.args[0]
    assert (summary.added, summary.failed) == (60, 0)
    assert elapsed > 0.5, "too quick to tell anything about the event loop"
    # A blocked GUI thread would get ~0 ticks; a free one gets one per interval.
    assert len(ticks) >= 0.3 * elapsed * 1000 / TICK_MS
    longest_gap = max(b - a for a, b in zip([started, *ticks], [*ticks, time.monotonic()], strict=True))
    assert longest_gap < 0.5, f"the GUI thread froze for {longest_gap:.2f} s"
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
    assert "re-export it" in row[2]
    assert "1 file in" in view.intro.text()

    with qtbot.waitSignal(view.retryRequested, timeout=5000):
        view.retry.click()
    with qtbot.waitSignal(view.loaded, timeout=5000) as cleared:
        view.refresh()
    assert cleared.args == [0]
    # Retrying reads the file again, which fails again: it is listed again.
    with qtbot.waitSignal(indexer.finished, timeout=30_000) as again:
        indexer.start()
    assert again.args[0].failed == 1
