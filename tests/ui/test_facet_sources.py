"""The window shows where a facet value came from (issue 12.8) and examples from the library (13.13)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.search_view import SearchView


def test_a_result_row_says_where_its_facets_came_from(ui_session, qtbot) -> None:
    view = SearchView(ui_session)
    qtbot.addWidget(view)
    view.show()
    qtbot.keyClicks(view.field, "payback")
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1, timeout=5000)
    rows = {view.model.rows()[n].hit.path: view.model.index(n) for n in range(view.model.rowCount())}
    tip = view.model.data(rows["case-studies/halvorsen.pdf"], Qt.ItemDataRole.ToolTipRole)
    assert "Kind: Case study — derived from its tags" in tip  # the PDF's own keywords
    assert "— collateral.csv" in tip  # its product comes from the manifest
    view.shutdown()


def test_the_empty_page_offers_queries_from_this_library(ui_session, qtbot) -> None:
    view = SearchView(ui_session)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.resultsShown, timeout=5000):
        view.search_now()
    shown = view.state.text()
    assert "Try one of these" in shown and "battlecard -2025" not in shown
    examples = ui_session.engine().examples()
    assert examples and all(e.replace('"', "&quot;") in shown or e in shown for e in examples)
    view.shutdown()
