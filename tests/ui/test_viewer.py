"""The built-in PDF viewer, its reading-time recorder, and handing files to other apps."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument

from resources.docgen import write_pdf
from tests.support.bad_files import encrypted_pdf, truncated_pdf
from tests.support.library import build_sample_library
from ui import open_external
from ui.viewer import PdfViewer, ViewRecorder

HALVORSEN = "case-studies/halvorsen.pdf"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Events(list):
    """A record() stand-in that keeps (kind, fields) pairs."""

    def __call__(self, kind: str, **fields: object) -> str:
        self.append((kind, fields))
        return f"uuid-{len(self)}"

    def of(self, kind: str) -> list[dict]:
        return [fields for k, fields in self if k == kind]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_library(tmp_path_factory.mktemp("library"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def viewer(qtbot, events: Events, clock: FakeClock) -> PdfViewer:
    widget = PdfViewer(events, clock=clock)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def open_halvorsen(qtbot, viewer: PdfViewer, library: Path, page: int = 3) -> None:
    viewer.open(library / HALVORSEN, page, ["invoice processing cost"], HALVORSEN, "ab" * 32)
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)


# --- ViewRecorder: pure logic, fake clock -----------------------------------


def recorder(events: Events, clock: FakeClock, **kwargs) -> ViewRecorder:
    return ViewRecorder(events, "deck.pdf", "", clock, **kwargs)


def test_page_changes_record_each_visit_with_exact_dwell(events, clock):
    rec = recorder(events, clock)
    rec.opened(1)
    clock.advance(5)
    rec.page_changed(2)
    clock.advance(7.25)
    rec.page_changed(3)
    clock.advance(2)
    rec.closed()

    assert events.of("open") == [{"asset_path": "deck.pdf", "asset_sha256": "", "page": 1}]
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [
        (1, 5000),
        (2, 7250),
        (3, 2000),
    ]
    assert events.of("close")[0]["dwell_ms"] == 14250


def test_pages_skimmed_past_are_not_recorded_but_count_in_the_total(events, clock):
    rec = recorder(events, clock)
    rec.opened(1)
    clock.advance(0.4)
    rec.page_changed(2)
    clock.advance(3)
    rec.closed()
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [(2, 3000)]
    assert events.of("close")[0]["dwell_ms"] == 3400


def test_idle_time_stops_counting_after_the_cap(events, clock):
    rec = recorder(events, clock, idle_cap_s=120)
    rec.opened(1)
    clock.advance(600)  # walked away for ten minutes
    rec.page_changed(2)
    clock.advance(100)
    rec.activity()  # scrolled: the idle timer restarts here
    clock.advance(150)
    rec.closed()
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [
        (1, 120_000),
        (2, 220_000),
    ]
    assert events.of("close")[0]["dwell_ms"] == 340_000


def test_paused_time_is_not_counted_and_hiding_ends_the_visit(events, clock):
    rec = recorder(events, clock)
    rec.opened(4)
    clock.advance(10)
    rec.paused()  # another window got focus: same visit, clock stopped
    clock.advance(50)
    rec.resumed()
    clock.advance(5)
    rec.paused(end_visit=True)  # the viewer was hidden: the visit is over
    clock.advance(30)
    rec.resumed()
    clock.advance(2)
    rec.closed()
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [(4, 15000), (4, 2000)]
    assert events.of("close")[0]["dwell_ms"] == 17000


def test_close_is_recorded_once_and_nothing_before_open(events, clock):
    rec = recorder(events, clock)
    rec.page_changed(2)
    rec.closed()
    assert events == []
    rec.opened(1)
    clock.advance(2)
    rec.closed()
    rec.closed()
    assert [kind for kind, _ in events] == ["open", "page_view", "close"]


# --- PdfViewer --------------------------------------------------------------


def test_opens_at_the_hit_page_with_the_terms_marked(qtbot, viewer, library, events):
    open_halvorsen(qtbot, viewer, library, page=3)

    assert viewer.view.pageNavigator().currentPage() == 2
    assert viewer.current_page() == 3
    search = viewer.search_model
    assert search.searchString() == "invoice processing cost"
    hits = search.resultsOnPage(2)
    assert len(hits) == 1 and "Halvorsen cut" in hits[0].contextBefore()
    # Once the background search is done, the match on the landing page is the current one.
    qtbot.waitUntil(lambda: viewer.view.currentSearchResultIndex() >= 0, timeout=5000)
    current = search.resultAtIndex(viewer.view.currentSearchResultIndex())
    assert current.page() == 2
    assert events.of("open") == [{"asset_path": HALVORSEN, "asset_sha256": "ab" * 32, "page": 3}]


def test_the_phrase_falls_back_to_a_single_term_found_on_the_page(qtbot, viewer, library):
    viewer.open(library / HALVORSEN, 2, ["invoices", "payback"], HALVORSEN, "")
    assert viewer.search_model.searchString() == "invoices"
    assert viewer.search_model.resultsOnPage(1)


def test_page_navigation(qtbot, viewer, library):
    open_halvorsen(qtbot, viewer, library, page=3)
    pages: list[int] = []
    viewer.pageChanged.connect(pages.append)

    viewer._next_page.trigger()
    assert viewer.current_page() == 4
    assert not viewer._next_page.isEnabled()
    viewer._prev_page.trigger()
    viewer._prev_page.trigger()
    assert viewer.current_page() == 2
    viewer.go_to_page(99)
    assert viewer.current_page() == 4
    viewer._page_box.setValue(1)
    assert viewer.current_page() == 1
    assert viewer._page_box.text() == "1 / 4"
    assert pages == [4, 3, 2, 4, 1]


def test_opening_before_the_viewer_is_shown_still_lands_on_the_page(qtbot, library):
    widget = PdfViewer()
    qtbot.addWidget(widget)
    widget.open(library / HALVORSEN, 3, [], HALVORSEN, "")
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)
    assert widget.current_page() == 3


def test_zoom_and_find_shortcuts(qtbot, viewer, library):
    open_halvorsen(qtbot, viewer, library)
    view = viewer.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomMode() == view.ZoomMode.Custom
    zoomed_in = view.zoomFactor()
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomFactor() == pytest.approx(zoomed_in / 1.25)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomMode() == view.ZoomMode.FitToWidth
    assert viewer.current_page() == 3
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert viewer.focusWidget() is viewer._find


def test_find_box_and_match_stepping(qtbot, viewer, library):
    open_halvorsen(qtbot, viewer, library, page=1)
    viewer._find.setText("tidewater")
    qtbot.keyClick(viewer._find, Qt.Key.Key_Return)
    assert viewer.search_model.searchString() == "tidewater"
    first = viewer.view.currentSearchResultIndex()
    # "About Tidewater / Tidewater Systems…": two matches, both on the last page.
    assert (first, viewer.current_page()) == (0, 4)
    viewer.next_match()
    assert viewer.view.currentSearchResultIndex() == 1
    qtbot.waitUntil(lambda: viewer._match_label.text() == "2 of 2")
    viewer.next_match()
    assert viewer.view.currentSearchResultIndex() == 0  # wrapped to the first
    viewer.previous_match()
    assert viewer.view.currentSearchResultIndex() == 1  # and back round to the last


def test_reading_time_is_recorded_per_page_and_on_close(qtbot, viewer, library, events, clock):
    open_halvorsen(qtbot, viewer, library, page=3)
    clock.advance(4)
    viewer.go_to_page(4)
    clock.advance(6)
    viewer.close_document()

    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [(3, 4000), (4, 6000)]
    (close,) = events.of("close")
    assert close["dwell_ms"] == 10000 and close["asset_path"] == HALVORSEN
    assert viewer.current_page() == 0
    assert viewer.error_text() == ""


def test_hiding_the_viewer_ends_the_page_visit(qtbot, viewer, library, events, clock):
    open_halvorsen(qtbot, viewer, library, page=2)
    clock.advance(3)
    viewer.hide()
    assert [(e["page"], e["dwell_ms"]) for e in events.of("page_view")] == [(2, 3000)]
    clock.advance(60)  # hidden time never counts
    viewer.close_document()
    assert events.of("close")[0]["dwell_ms"] == 3000


def test_a_failing_recorder_never_breaks_reading(qtbot, library):
    def broken(kind: str, **fields: object) -> str:
        raise RuntimeError("database is locked")

    widget = PdfViewer(broken)
    qtbot.addWidget(widget)
    widget.open(library / HALVORSEN, 2, [], HALVORSEN, "")
    assert widget.current_page() == 2
    widget.close_document()


def test_password_protected_pdf_shows_a_message(qtbot, viewer, tmp_path, events):
    viewer.open(encrypted_pdf(tmp_path / "locked.pdf"), 1, ["x"], "locked.pdf", "")
    assert "password" in viewer.error_text()
    assert viewer._stack.currentWidget() is viewer._message
    assert "locked.pdf" in viewer._message.text()
    assert viewer._external.isEnabled() and not viewer._rate.isEnabled()
    assert events == []
    viewer.close_document()
    assert events == []


def test_damaged_and_missing_pdfs_show_what_to_do(qtbot, viewer, tmp_path):
    viewer.open(truncated_pdf(tmp_path / "cut.pdf"), 1, [], "cut.pdf", "")
    assert viewer.error_text().startswith("This PDF is damaged")
    viewer.open(tmp_path / "gone.pdf", 1, [], "gone.pdf", "")
    assert "Rescan the library" in viewer.error_text()
    assert not viewer._external.isEnabled()


def test_a_good_pdf_after_an_error_shows_the_document(qtbot, viewer, library, tmp_path):
    viewer.open(truncated_pdf(tmp_path / "cut.pdf"), 1, [], "cut.pdf", "")
    open_halvorsen(qtbot, viewer, library, page=2)
    assert viewer.error_text() == ""
    assert viewer._stack.currentWidget() is viewer.view
    assert viewer.current_page() == 2


# --- open_external ------------------------------------------------------------


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_in_system_app_hands_the_file_to_the_desktop(qtbot, tmp_path):
    pdf = write_pdf(tmp_path / "brief.pdf", ["# Brief"])
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "handle")
    try:
        assert open_external.open_in_system_app(pdf)
        assert not open_external.open_in_system_app(tmp_path / "missing.pdf")
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.urls] == [str(pdf)]
