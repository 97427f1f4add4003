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
from tests.support.recording import Events, FakeClock
from ui import open_external
from ui.viewer import PdfViewer

HALVORSEN = "case-studies/halvorsen.pdf"


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
    # The landing is restored after the first resize; poll for it rather than guess a delay.
    qtbot.waitUntil(lambda: widget.current_page() == 3, timeout=5000)
    assert widget.view.verticalScrollBar().value() > 0


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


# --- what is marked, and where the view lands ----------------------------------


@pytest.fixture(scope="module")
def engineering_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("eng") / "security.pdf", [
        "# Engineering\nOur engineering teams ship every week.",
        "# Protocols\nNo reverse engineering of the wire protocol is needed.",
        "# Security review\nThe engineering budget covers audits.\nReverse engineering attempts are logged.\n"
        "Reverse engineering by partners needs approval.",
    ])


def test_a_phrase_is_marked_whole_and_the_view_lands_on_the_hit_pages_first_match(qtbot, viewer, engineering_pdf):
    from enablement_desktop.search.engine import Hit
    from enablement_desktop.usage.events import AssetStats
    from ui.results_model import hit_terms
    from ui.search_runner import ResultRow

    # The snippet marks "engineering" before "Reverse": its words alone would mark only "engineering".
    snippet = "The engineering budget covers audits. Reverse engineering attempts are logged."
    spans = [(4, 15), (38, 45), (46, 57)]
    hit = Hit(asset_id=1, path="security.pdf", title="Security", type="pdf", page=3, label="p. 3",
              snippet=snippet, spans=spans, score=1.0, facets={}, approved=True, expired=False)
    terms = hit_terms(ResultRow(hit, "", AssetStats(None, 0, 0)), '"reverse engineering"')
    assert terms[0] == "reverse engineering"

    viewer.open(engineering_pdf, 3, terms, "security.pdf", "")
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    assert viewer.search_model.searchString() == "reverse engineering"
    assert viewer._find.text() == "reverse engineering"
    # One match on page 2, two on page 3: the view lands on page 3's first, match 2 of 3.
    qtbot.waitUntil(lambda: viewer._match_label.text() == "2 of 3", timeout=5000)
    current = viewer.search_model.resultAtIndex(viewer.view.currentSearchResultIndex())
    assert current.page() == 2 and viewer.current_page() == 3


def test_escape_leaves_the_viewer_but_first_leaves_the_find_box(qtbot, viewer, library):
    open_halvorsen(qtbot, viewer, library)
    left: list[bool] = []
    viewer.leaveRequested.connect(lambda: left.append(True))
    viewer._find.setFocus()
    qtbot.waitUntil(viewer._find.hasFocus)
    qtbot.keyClick(viewer._find, Qt.Key.Key_Escape)
    assert left == [] and viewer.view.hasFocus()
    qtbot.keyClick(viewer.view, Qt.Key.Key_Escape)
    assert left == [True]


def test_the_chevrons_are_the_bundled_svg_icons(qtbot, viewer):
    from ui import icons

    for act, name in ((viewer._prev_page, "chevron-left"), (viewer._next_page, "chevron-right"),
                      (viewer._prev_match, "chevron-up"), (viewer._next_match, "chevron-down"),
                      (viewer._zoom_in, "zoom-in"), (viewer._zoom_out, "zoom-out")):
        assert act.icon().name() == name
        assert (icons.ICON_DIR / f"{name}.svg").is_file()
        image = act.icon().pixmap(24, 24).toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), name


def test_a_file_name_holding_html_is_shown_as_typed(qtbot, viewer, tmp_path):
    name = "<b style='color:red'>URGENT<img src='x.png'>.pdf"
    viewer.open(tmp_path / "missing" / name, 1, [], name, "")
    assert viewer._message.body.textFormat() == Qt.TextFormat.PlainText
    assert name in viewer._message.body.text()
