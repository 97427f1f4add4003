"""The seller's search view over a real, indexed sample library."""

from __future__ import annotations

import html
import re
import threading

import pytest
from PySide6.QtCore import Qt

from enablement_desktop import paths
from ui.facets import FacetPanel
from ui.search_messages import EXAMPLES, example_queries
from ui.search_runner import run_search
from ui.search_view import PLACEHOLDER, SearchView

HALVORSEN = "case-studies/halvorsen.pdf"


@pytest.fixture
def view(ui_session, qtbot) -> SearchView:
    widget = SearchView(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


def shown_paths(view: SearchView) -> list[str]:
    return [row.hit.path for row in view.model.rows()]


def type_query(qtbot, view: SearchView, text: str) -> None:
    view.field.clear()
    with qtbot.waitSignal(view.resultsShown, timeout=5000,
                          check_params_cb=lambda page: page.request.text == text):
        qtbot.keyClicks(view.field, text)


def facet_item(panel: FacetPanel, field: str, value: str):
    for n in range(panel.tree.topLevelItemCount()):
        top = panel.tree.topLevelItem(n)
        for k in range(top.childCount()):
            child = top.child(k)
            if (child.data(0, Qt.ItemDataRole.UserRole + 1), child.data(0, Qt.ItemDataRole.UserRole + 2)) == (field, value):
                return child
    raise AssertionError(f"no facet item {field}={value}")


def test_typing_shows_ranked_results_with_highlighted_snippets(view, qtbot):
    assert view.field.placeholderText() == PLACEHOLDER and "CFO" not in PLACEHOLDER  # no demo-only hint
    qtbot.keyClicks(view.field, "payback")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    assert set(shown_paths(view)) == {HALVORSEN, "pricing/roi.xlsx"}
    assert all(len(row.sha256) == 64 for row in view.model.rows())
    halvorsen = next(r for r in view.model.rows() if r.hit.path == HALVORSEN)
    assert (halvorsen.hit.page, halvorsen.hit.label) == (3, "p. 3")
    marked = [halvorsen.hit.snippet[s:e] for s, e in halvorsen.hit.spans]
    assert marked and all(word.lower() == "payback" for word in marked)
    assert view.list.currentIndex().row() == 0, "the top hit is selected, so Enter opens it"
    assert "2 assets" in view.summary.text()


def test_facet_filter_narrows_and_clears_in_one_click(view, qtbot):
    type_query(qtbot, view, "tidewater")
    assert len(shown_paths(view)) == 3
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        facet_item(view.facets, "type", "pdf").setCheckState(0, Qt.CheckState.Checked)
    assert shown_paths(view) == [HALVORSEN]
    # The other types keep their counts, so a second type can be added (OR within a facet).
    assert facet_item(view.facets, "type", "pptx").text(1) == "1"
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        facet_item(view.facets, "type", "pptx").setCheckState(0, Qt.CheckState.Checked)
    assert set(shown_paths(view)) == {HALVORSEN, "decks/ledger-pitch.pptx"}
    assert view.facets.clear_button.isVisible()
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        qtbot.mouseClick(view.facets.clear_button, Qt.MouseButton.LeftButton)
    assert len(shown_paths(view)) == 3
    assert view.facets.filters() == {}


def test_stale_results_are_never_shown(view, qtbot):
    """Two queries in quick succession: the first one's results arrive late and are dropped."""
    second_submitted = threading.Event()

    def slow_first(session, request, is_current):
        if request.text == "payback":
            second_submitted.wait(5)  # finish only after the newer query exists
        return run_search(session, request, lambda: True)  # computes it anyway, like a slow search would

    view.runner.search_fn = slow_first
    shown = []
    view.resultsShown.connect(lambda page: shown.append(page.request.text))
    view.runner.submit("payback", {})
    view.runner.submit("security", {})
    second_submitted.set()
    qtbot.waitUntil(lambda: "security" in shown, timeout=5000)
    qtbot.wait(300)  # room for a late delivery to sneak in
    assert shown == ["security"]
    assert shown_paths(view) == ["faq/security.md"]


def test_no_result_offers_the_did_you_mean_link(view, qtbot):
    type_query(qtbot, view, "pricng")
    assert view.model.rowCount() == 0
    assert view.results_stack.currentWidget() is view.state
    assert "q:pricing" in view.state.text()
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        view.state.linkActivated.emit("q:pricing")
    assert view.field.text() == "pricing"
    assert view.model.rowCount() >= 1


def test_empty_field_shows_what_to_type_and_escape_clears(view, qtbot):
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        view.search_now()
    assert view.results_stack.currentWidget() is view.state
    assert "Search 6 assets" in view.state.text() and "persona:" in view.state.text()
    assert "Every word must appear" not in view.state.text()  # assets with most of the words are shown too
    type_query(qtbot, view, "security")
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        qtbot.keyClick(view.field, Qt.Key.Key_Escape)
    assert view.field.text() == ""
    assert view.results_stack.currentWidget() is view.state


def test_examples_offered_on_an_empty_field_each_find_something_in_this_library(view, qtbot):
    # The demo's examples ("battlecard -2025", "case study region:EMEA") found nothing in a real library.
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        view.search_now()
    examples = [html.unescape(q) for q in re.findall(r"href='q:([^']*)'", view.state.text())]
    assert examples
    engine = view._session.engine()
    assert all(engine.search(q, {}, limit=1).total for q in examples), examples


def test_examples_for_a_library_without_metadata_come_from_its_tags_and_types(tmp_path):
    facets = {"type": [("md", 408), ("pdf", 2)], "persona": [], "tags": [("cilium", 32), ("cloud native", 1)]}
    assert example_queries(facets, tmp_path) == ["cilium", '"cloud native"', "type:pdf"]
    assert example_queries(facets, paths.DEMO_LIBRARY) == list(EXAMPLES)


def test_enter_emits_open_request_with_path_page_and_terms(view, qtbot):
    type_query(qtbot, view, "payback period")
    view.list.setFocus()
    with qtbot.waitSignal(view.openRequested, timeout=2000) as opened:
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
    request = opened.args[0]
    assert (request.row.hit.path, request.row.hit.page) == (HALVORSEN, 3)
    assert request.terms == ["payback period", "payback", "period"]  # the query as searched, then its words


def test_a_right_click_on_a_row_offers_its_actions_for_that_row(view, qtbot):
    type_query(qtbot, view, "pricing")
    assert view.model.rowCount() >= 2
    second = view.list.visualRect(view.model.index(1)).center()
    menu = view.row_menu(second)
    assert [a.text() for a in menu.actions()] == ["Open", "Rate…", "Send back…", "Show in folder"]
    assert view.list.currentIndex().row() == 1  # the actions act on the row under the pointer
    qtbot.waitUntil(lambda: all(a.isEnabled() for a in menu.actions()), timeout=2000)
    second_path = view.current_row().hit.path
    with qtbot.waitSignal(view.rateRequested, timeout=2000) as rated:
        menu.actions()[1].trigger()
    assert rated.args[0].row.hit.path == second_path


def test_scrolling_to_the_end_loads_the_next_results(view, qtbot, monkeypatch):
    from ui import search_runner

    monkeypatch.setattr(search_runner, "RESULT_LIMIT", 2)  # a page of 2: "tidewater" finds 3
    type_query(qtbot, view, "tidewater")
    first = shown_paths(view)[:2]
    assert len(first) == 2  # the first page; the view asks for more once its end is in sight
    view.list.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=15000)
    shown = shown_paths(view)
    assert shown[:2] == first and len(set(shown)) == 3  # the next row appended, none twice
    assert not view.model.canFetchMore()
    assert "scroll for more" not in view.summary.text()


def test_a_row_without_metadata_has_no_empty_chip_line(qtbot):
    from PySide6.QtWidgets import QListView, QStyleOptionViewItem

    from enablement_desktop.search.engine import Hit
    from enablement_desktop.usage.events import AssetStats
    from ui.result_delegate import ResultDelegate
    from ui.results_model import ResultsModel
    from ui.search_runner import ResultRow

    def row(facets=None, approved=True, stats=AssetStats(None, 0, 0)) -> ResultRow:
        hit = Hit(1, "a.md", "A", "md", 1, "Intro", "a snippet", [], 1.0, facets or {}, approved, False)
        return ResultRow(hit, "0" * 64, stats)

    model = ResultsModel()
    model.set_rows([row(), row({"product": ("Ledger",)}), row(approved=False), row(stats=AssetStats(4.0, 1, 3))])
    view = QListView()
    qtbot.addWidget(view)
    delegate = ResultDelegate(view)
    option = QStyleOptionViewItem()
    option.font = view.font()
    bare, *with_line = (delegate.sizeHint(option, model.index(n)).height() for n in range(4))
    assert with_line == [with_line[0]] * 3 and bare < with_line[0]
