"""The Insights view against a real database: heatmap counts, sorting, filters, exports, answers."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ctypes
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem

from enablement_desktop.briefs.export import export_brief
from enablement_desktop.briefs.model import brief_from_json
from enablement_desktop.paths import database_path
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.insights import Coverage, CoverageCell
from tests.support.messaging import BLOCKS, write_messaging
from ui.insights import InsightsView
from ui.insights.coverage import CoverageModel
from ui.insights.heatmap import GAP_ROLE, HEAT_ROLE
from ui.insights.png_export import SCALE, render_table, save_png, table_image_size

if sys.version_info < (3, 12):
    # PySide6 6.12.0's abi3 wheels hand back None from void methods without
    # a reference of its own; before 3.12 (immortal None) every such call
    # drains None's count until the interpreter aborts mid-suite.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40

TODAY = datetime.now(UTC).date()
THIS_MONDAY = TODAY - timedelta(days=TODAY.weekday())
WEEKS = 12
LEDGER_DECK = ("decks/ledger.pptx", "Ledger pitch deck", "Ledger", "CFO, Controller")
SHIELD_DECK = ("decks/shield.pptx", "Shield pitch deck", "Shield", "CIO")
PRICE_LIST = ("pricing/prices.xlsx", "Price list", "Ledger", "CFO")
NEVER_OPENED = ("faq/shield.md", "Shield FAQ", "Shield", "CIO")


def ts(day: date, hour: int = 10) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00.000Z"


def week_ago(weeks: int) -> date:
    """The Monday `weeks` weeks before this week's (0 = this week)."""
    return THIS_MONDAY - timedelta(weeks=weeks)


@pytest.fixture
def marketer() -> Settings:
    return Settings(user="priya", team="Marketing", device="studio", role="marketer")


@pytest.fixture
def data_dir(tmp_path):
    db = open_db(database_path(tmp_path))
    db["assets"].insert_all(
        {
            "path": path,
            "title": title,
            "type": path.rsplit(".", 1)[1],
            "size": 1,
            "mtime_ns": 1,
            "sha256": "ab" * 32,
            "page_count": 3,
            "product": product,
            "persona": persona,
            "stage": "evaluation",
            "updated_at": ts(TODAY),
        }
        for path, title, product, persona in (LEDGER_DECK, SHIELD_DECK, PRICE_LIST, NEVER_OPENED)
    )
    emea = Settings(user="lena", team="EMEA", device="laptop")
    apac = Settings(user="kenji", team="APAC", device="laptop")
    opens = [  # (who, asset, weeks ago, times)
        (emea, LEDGER_DECK, 0, 3),
        (emea, LEDGER_DECK, 1, 1),
        (apac, SHIELD_DECK, 3, 2),
        (apac, PRICE_LIST, 1, 5),
    ]
    for who, asset, weeks, times in opens:
        for i in range(times):
            record_event(db, who, "open", asset_path=asset[0], ts=ts(week_ago(weeks), 9 + i))
    db.conn.close()
    return tmp_path


def loaded_view(qtbot, data_dir, settings) -> InsightsView:
    view = InsightsView(data_dir, settings)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    return view


def reload(qtbot, view: InsightsView, change) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        change()


def titles(view: InsightsView) -> list[str]:
    model = view.opens.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


# --- opens heatmap ----------------------------------------------------------


def test_heatmap_model_holds_the_exact_count_of_each_asset_and_week(qtbot, data_dir, marketer):
    view = loaded_view(qtbot, data_dir, marketer)
    model = view.opens.model
    assert model.columnCount() == WEEKS + 2  # title, twelve weeks, total

    def counts(path: str) -> list[int]:
        row = model.row_of(path)
        return [model.index(row, model.week_column(w)).data() for w in range(WEEKS)]

    last, previous, three_back = WEEKS - 1, WEEKS - 2, WEEKS - 4
    expected = {
        LEDGER_DECK[0]: {last: 3, previous: 1},
        SHIELD_DECK[0]: {three_back: 2},
        PRICE_LIST[0]: {previous: 5},
    }
    for path, weeks in expected.items():
        assert counts(path) == [weeks.get(w, 0) for w in range(WEEKS)]
    ledger = model.row_of(LEDGER_DECK[0])
    assert model.index(ledger, model.total_column).data() == 4
    assert model.row_of(NEVER_OPENED[0]) is None  # only assets opened in the window get a row
    assert model.index(ledger, model.week_column(last)).data(HEAT_ROLE).value == 3


def test_heatmap_tooltip_names_asset_week_and_count(qtbot, data_dir, marketer):
    view = loaded_view(qtbot, data_dir, marketer)
    model = view.opens.model
    row = model.row_of(LEDGER_DECK[0])
    tip = model.index(row, model.week_column(WEEKS - 1)).data(Qt.ItemDataRole.ToolTipRole)
    iso_year, iso_week, _ = THIS_MONDAY.isocalendar()
    assert tip == (
        f"Ledger pitch deck\nWeek of {THIS_MONDAY.day} {THIS_MONDAY:%b %Y} "
        f"({iso_year}-W{iso_week:02d})\n3 opens"
    )
    one = model.index(row, model.week_column(WEEKS - 2)).data(Qt.ItemDataRole.ToolTipRole)
    assert one.endswith("\n1 open")


def test_sorting_changes_the_row_order(qtbot, data_dir, marketer):
    view = loaded_view(qtbot, data_dir, marketer)
    assert titles(view) == ["Price list", "Ledger pitch deck", "Shield pitch deck"]  # by total

    reload(qtbot, view, lambda: view.opens.sort.setCurrentIndex(view.opens.sort.findData("recent")))
    assert titles(view) == ["Ledger pitch deck", "Price list", "Shield pitch deck"]

    reload(qtbot, view, lambda: view.opens.sort.setCurrentIndex(view.opens.sort.findData("name")))
    assert titles(view) == ["Ledger pitch deck", "Price list", "Shield pitch deck"]

    reload(qtbot, view, lambda: view.opens.sort.setCurrentIndex(view.opens.sort.findData("total")))
    assert titles(view) == ["Price list", "Ledger pitch deck", "Shield pitch deck"]


def test_filters_narrow_the_rows(qtbot, data_dir, marketer):
    view = loaded_view(qtbot, data_dir, marketer)
    assert [view.product.itemText(i) for i in range(view.product.count())] == [
        "All products",
        "Ledger",
        "Shield",
    ]
    assert [view.team.itemData(i) for i in range(view.team.count())] == ["", "APAC", "EMEA"]

    reload(qtbot, view, lambda: view.product.setCurrentIndex(view.product.findData("Shield")))
    assert titles(view) == ["Shield pitch deck"]

    reload(qtbot, view, lambda: view.product.setCurrentIndex(0))
    reload(qtbot, view, lambda: view.team.setCurrentIndex(view.team.findData("EMEA")))
    assert titles(view) == ["Ledger pitch deck"]

    reload(qtbot, view, lambda: view.persona.setCurrentIndex(view.persona.findData("CIO")))
    assert titles(view) == []
    assert "No opens in this period for these filters" in view.opens.empty_text()


def test_headline_numbers(qtbot, data_dir, marketer):
    view = loaded_view(qtbot, data_dir, marketer)
    assert view.cards["assets"].value.text() == "4"
    assert view.cards["opens"].value.text() == "11"
    assert view.cards["unused"].value.text() == "25%"  # the FAQ, of four assets
    assert view.cards["send_backs"].value.text() == "0"
    assert view.unused.sentence.text() == "25% of assets not opened in 90 days (1 of 4)."


# --- pages ------------------------------------------------------------------


def test_pages_show_views_and_dwell_beside_pdf_thumbnails(qtbot, tmp_path, marketer):
    from enablement_desktop.library.update import update_library
    from enablement_desktop.paths import index_dir
    from enablement_desktop.search.index import SearchIndex
    from tests.support.library import build_sample_library

    library = build_sample_library(tmp_path / "library")
    data = tmp_path / "data"
    data.mkdir()
    db = open_db(database_path(data))
    index, _ = SearchIndex.open(index_dir(data))
    update_library(db, index, library, workers=0)
    index.close()
    pdf = "case-studies/halvorsen.pdf"
    seller = Settings(user="lena", team="EMEA", device="laptop")
    record_event(db, seller, "open", asset_path=pdf, ts=ts(THIS_MONDAY))
    for page, dwell in ((1, 4_000), (1, 6_000), (3, 30_000)):
        record_event(
            db, seller, "page_view", asset_path=pdf, page=page, dwell_ms=dwell, ts=ts(THIS_MONDAY)
        )
    db.conn.close()
    marketer.library = str(library)

    view = loaded_view(qtbot, data, marketer)
    model = view.pages.model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=10_000)
    assert view.pages.current_path() == pdf
    shown = [[model.index(r, c).data() for c in range(4)] for r in range(4)]
    assert shown == [
        ["Page 1", 2, "5 s", "10 s"],
        ["Page 2", 0, "–", "0 s"],
        ["Page 3", 1, "30 s", "30 s"],
        ["Page 4", 0, "–", "0 s"],
    ]
    thumbnail = model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(thumbnail, QImage) and not thumbnail.isNull()
    assert "longest read: Page 3 (median 30 s)" in view.pages.summary.full_text()
    # Sorted by views, most read first; pages in order again by the Page column.
    page_3 = model.index(2, 0).data(Qt.ItemDataRole.DecorationRole)
    view.pages.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(4)] == ["Page 1", "Page 3", "Page 2", "Page 4"]
    assert model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) == page_3  # rows move whole
    assert model.index(1, 1).data() == 1
    view.pages.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(4)] == ["Page 1", "Page 2", "Page 3", "Page 4"]


# --- PNG export ---------------------------------------------------------------


def test_png_export_paints_the_whole_table_with_its_legend(qtbot, data_dir, marketer, tmp_path):
    view = loaded_view(qtbot, data_dir, marketer)
    table, legend = view.opens.table, view.opens.legend_entries()
    image = render_table(table, "Opens per week", "All products", legend)
    width, height = table_image_size(table, "All products", legend)
    assert (image.width(), image.height()) == (width * SCALE, height * SCALE)
    assert width >= sum(table.columnWidth(c) for c in range(view.opens.model.columnCount()))

    written = save_png(image, tmp_path / "opens.png")
    again = QImage(str(written))
    assert (again.width(), again.height()) == (image.width(), image.height())
    background = table.palette().color(QPalette.ColorRole.Base).rgb()
    painted = {
        again.pixel(x, y)
        for x in range(0, again.width(), 3)
        for y in range(0, again.height(), 3)
        if again.pixel(x, y) != background
    }
    assert len(painted) > 20  # text, header rule, heat cells and legend swatches
    # The busiest cell (Price list, five opens last week) is painted in the scale's top colour.
    model = view.opens.model
    top = model.scale.colour(model.scale.level(5), table.palette())
    assert QColor(top).rgb() in painted


# --- coverage -----------------------------------------------------------------


def test_coverage_model_marks_gaps():
    model = CoverageModel()
    model.set_coverage(
        Coverage(
            by="persona",
            rows=["Ledger", "Shield"],
            columns=["CFO", "CIO"],
            cells=[
                [CoverageCell(2, 9), CoverageCell(0, 0)],
                [CoverageCell(0, 0), CoverageCell(1, 0)],
            ],
        )
    )
    ledger_cfo, ledger_cio = model.index(0, 1), model.index(0, 2)
    assert ledger_cio.data(GAP_ROLE) is True
    assert ledger_cio.data(HEAT_ROLE) is None
    assert (
        ledger_cio.data(Qt.ItemDataRole.ToolTipRole)
        == "Ledger × CIO: no assets — a gap in coverage"
    )
    assert ledger_cfo.data(GAP_ROLE) is False
    assert ledger_cfo.data() == "2 assets\n9 opens"
    assert ledger_cfo.data(HEAT_ROLE).value == 9
    assert model.index(1, 0).data() == "Shield"


def test_coverage_section_shows_the_gaps_of_the_library(qtbot, data_dir, marketer):
    view = loaded_view(qtbot, data_dir, marketer)
    model = view.coverage.model
    gaps = [
        (model.index(r, 0).data(), model.headerData(c, Qt.Orientation.Horizontal))
        for r in range(model.rowCount())
        for c in range(1, model.columnCount())
        if model.index(r, c).data(GAP_ROLE)
    ]
    assert gaps == [("Ledger", "CIO"), ("Shield", "CFO"), ("Shield", "Controller")]
    assert view.coverage.summary.full_text().startswith("3 gaps in 6 persona cells")


# --- send-backs ---------------------------------------------------------------


def sent_back(data_dir) -> str:
    db = open_db(database_path(data_dir))
    try:
        seller = Settings(user="lena", team="EMEA", device="laptop")
        return record_event(
            db,
            seller,
            "send_back",
            asset_path=LEDGER_DECK[0],
            asset_sha256="ab" * 32,
            reason="outdated",
            comment="Old prices on slide 7",
            ts=ts(TODAY),
        )
    finally:
        db.conn.close()


def test_answering_a_send_back_records_a_feedback_response(qtbot, data_dir, marketer):
    uuid = sent_back(data_dir)
    view = loaded_view(qtbot, data_dir, marketer)
    section = view.send_backs
    assert section.selected().uuid == uuid
    assert section.selected().user == ""  # per-person insights are off: the team only
    assert view.cards["send_backs"].value.text() == "1"
    form = section.form
    assert form.status() == "acknowledged"  # the next step of the workflow is proposed...
    assert form.detail.text().endswith("by EMEA · not answered yet")  # ...beside where it stands
    form.status_box.setCurrentIndex(form.status_box.findData("fixed"))
    form.response.setPlainText("New prices are in version 3.")

    with qtbot.waitSignal(view.loaded, timeout=10_000):
        form.save.click()

    db = open_db(database_path(data_dir))
    try:
        answers = list(db.query("SELECT * FROM events WHERE kind = 'feedback_response'"))
    finally:
        db.conn.close()
    assert [(a["ref_uuid"], a["status"], a["comment"], a["user"]) for a in answers] == [
        (uuid, "fixed", "New prices are in version 3.", "priya")
    ]
    assert section.model.row(0).status == "fixed"
    assert "by EMEA · Fixed since " in form.detail.text()
    assert view.cards["send_backs"].value.text() == "0"
    assert form.note.full_text().startswith("Saved.")


def test_the_send_back_queue_shows_a_page_at_a_time(qtbot, data_dir, marketer):
    db = open_db(database_path(data_dir))
    try:
        seller = Settings(user="lena", team="EMEA", device="laptop")
        for i in range(130):  # the newest is the first of the queue
            record_event(db, seller, "send_back", asset_path=LEDGER_DECK[0], reason="outdated",
                         comment=f"number {i}", ts=ts(TODAY - timedelta(days=i // 24), hour=23 - i % 24))
    finally:
        db.conn.close()
    view = loaded_view(qtbot, data_dir, marketer)
    section = view.send_backs
    assert section.page_label.text() == "1–100 of 130 · 130 open"
    assert section.model.rowCount() == 100 and section.model.row(0).comment == "number 0"
    assert view.cards["send_backs"].value.text() == "130"  # the whole queue, not the page
    assert section.next.isEnabled() and not section.previous.isEnabled()
    reload(qtbot, view, section.next.click)
    assert section.page_label.text() == "101–130 of 130 · 130 open"
    assert [r.comment for r in section.model.rows()] == [f"number {i}" for i in range(100, 130)]
    assert section.previous.isEnabled() and not section.next.isEnabled()
    reload(qtbot, view, lambda: view.team.setCurrentIndex(view.team.findData("EMEA")))
    assert section.page_label.text() == "1–100 of 130 · 130 open"  # new filters: the first page


def test_a_seller_cannot_answer_send_backs(qtbot, data_dir):
    sent_back(data_dir)
    view = loaded_view(qtbot, data_dir, Settings(user="lena", team="EMEA", role="seller"))
    assert not view.send_backs.form.save.isEnabled()
    assert "Only marketers" in view.send_backs.form.note.full_text()


# --- empty states -------------------------------------------------------------


def test_an_empty_data_dir_says_what_to_do(qtbot, tmp_path, marketer):
    view = loaded_view(qtbot, tmp_path, marketer)
    assert view.opens.showing_empty
    assert view.cards["unused"].value.text() == "–"
    assert not view.sync_button.isEnabled()  # no shared folder chosen...
    assert "Sync now" not in view.opens.empty_text()  # ...so not "press" a button that is off
    assert "choose the shared sync folder or the organisation server in Settings" in view.opens.empty_text()
    assert view.pages.showing_empty and not view.pages.asset.isEnabled()
    # No searches at all is not "every search found something".
    assert view.requests.empty_text() == "No search in this period came back empty, so there are no content requests."


def test_an_empty_period_with_a_shared_folder_says_press_sync_now(qtbot, tmp_path, marketer):
    shared, data = tmp_path / "shared", tmp_path / "data"
    shared.mkdir()
    data.mkdir()
    view = loaded_view(qtbot, data, Settings(**{**marketer.__dict__, "sync_folder": str(shared)}))
    assert view.sync_button.isEnabled()
    assert "press Sync now" in view.opens.empty_text()


# --- marketer views: sorting, widths, where exports go --------------------------


def test_the_unused_table_sorts_and_keeps_asset_names_readable(qtbot, tmp_path, marketer):
    data = tmp_path / "data"
    data.mkdir()
    db = open_db(database_path(data))
    db["assets"].insert_all(
        {
            "path": f"collateral/regional/emea/archive/2024/{name.lower().replace(' ', '-')}.pdf",
            "title": name, "type": "pdf", "size": 1, "mtime_ns": 1, "sha256": "ab" * 32,
            "product": "Ledger", "updated_at": ts(TODAY),
        }  # fmt: skip
        for name in ("Zeta customer reference story", "Alpha onboarding checklist for controllers",
                     "Mid-market pricing sheet 2024")  # fmt: skip
    )
    opened = "collateral/regional/emea/archive/2024/mid-market-pricing-sheet-2024.pdf"
    record_event(db, Settings(user="lena", device="x"), "open", asset_path=opened,
                 ts=ts(TODAY - timedelta(days=200)))  # fmt: skip
    db.conn.close()
    view = loaded_view(qtbot, data, marketer)
    view.resize(1024, 700)
    view.show()
    view.show_section("Unused")
    table, model = view.unused.table, view.unused.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=5000)

    def assets() -> list[str]:
        return [model.index(r, 0).data() for r in range(3)]

    assert assets()[2] == "Mid-market pricing sheet 2024"  # the core's order: never opened first
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert assets() == [
        "Alpha onboarding checklist for controllers", "Mid-market pricing sheet 2024",
        "Zeta customer reference story",
    ]  # fmt: skip
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # last opened, as time: opened first
    assert assets()[0] == "Mid-market pricing sheet 2024"
    # At 1024 px the long path gives way before the asset's name does (it was cut to ~9 characters).
    qtbot.waitUntil(lambda: table.columnWidth(0) > 0, timeout=2000)
    char = table.fontMetrics().averageCharWidth()
    assert table.columnWidth(0) >= 28 * char
    assert table.columnWidth(3) < table.fontMetrics().horizontalAdvance(opened)
    # …and keeps its file name: cut in the middle, as the preview cuts a path.
    option = QStyleOptionViewItem()
    option.textElideMode = table.textElideMode()  # what the view hands every delegate
    table.itemDelegateForColumn(3).initStyleOption(option, model.index(0, 3))
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle


def test_export_dialogs_open_in_the_documents_folder(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from ui.insights import tables

    documents = tmp_path / "Documents"
    monkeypatch.setattr(tables, "_last_folder", None)
    monkeypatch.setattr(
        tables.QStandardPaths, "writableLocation", lambda _where: str(documents)
    )
    asked: list[str] = []
    monkeypatch.setattr(
        tables.QFileDialog, "getSaveFileName", lambda _p, _t, where, _f: (asked.append(where), "")[1:] + ("",)
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(tables.Path, "home", classmethod(lambda cls: tmp_path))
    tables.ask_save_path(parent, "unused.csv", "CSV")
    assert asked[-1] == str(tmp_path / "unused.csv")  # no Documents folder: home, not the cwd
    documents.mkdir()
    tables.ask_save_path(parent, "unused.csv", "CSV")
    assert asked[-1] == str(documents / "unused.csv")


# --- approved messaging ---------------------------------------------------------


def test_messaging_section_shows_blocks_never_used_and_most_rewritten(qtbot, data_dir, marketer, tmp_path):
    library = tmp_path / "library"
    write_messaging(library)
    seller = Settings(user="lena", team="EMEA", device="laptop", library=str(library))
    db = open_db(database_path(data_dir))
    for text in (None, "We are Tidewater.", "Tidewater, but in my words."):
        who = {"block": "who"} if text is None else {"block": "who", "edited": True, "text": text}
        brief = brief_from_json({"offering": "Tidewater Ledger", "who_we_are": who,
                                 "proof_points": [{"block": "proof-halvorsen"}]})
        export_brief(db, seller, brief, tmp_path / "b.pdf", name="b")
    db.conn.close()

    view = loaded_view(qtbot, data_dir, Settings(**{**marketer.__dict__, "library": str(library)}))
    section = view.messaging
    qtbot.waitUntil(lambda: section.unused_model.rowCount() > 0)
    never = {section.unused_model.row(r).id for r in range(section.unused_model.rowCount())}
    assert never == {b["id"] for b in BLOCKS} - {"who", "proof-halvorsen"}
    top = section.rewritten_model.row(0)
    assert (top.id, top.edited, top.used_on_briefs) == ("who", 2, 3)
    assert section.rewritten_model.rowCount() == 1
    assert section.rewritten_heading.text() == "Most often rewritten"
    assert section.rewritten_table.isVisibleTo(section)
    assert section.unused_heading.text().startswith(f"Never used ({len(BLOCKS) - 2} of {len(BLOCKS)} blocks")


def test_messaging_with_no_brief_at_all_does_not_claim_every_use_was_as_approved(qtbot, data_dir, marketer,
                                                                                 tmp_path):
    library = tmp_path / "library"
    write_messaging(library)
    view = loaded_view(qtbot, data_dir, Settings(**{**marketer.__dict__, "library": str(library)}))
    section = view.messaging
    qtbot.waitUntil(lambda: section.unused_model.rowCount() == len(BLOCKS))
    assert section.rewritten_heading.text() == (
        "Most often rewritten (none: no exported brief carried approved messaging)")
    assert not section.rewritten_table.isVisibleTo(section)  # no empty table under the "none"
    assert section.unused_heading.text() == f"Never used ({len(BLOCKS)} of {len(BLOCKS)} blocks; 0 used)"
    # Sub-headings, no louder than the section's title ("Messaging").
    for label in (section.rewritten_heading, section.unused_heading):
        assert label.font().pointSizeF() == section.font().pointSizeF() and label.font().bold()


def test_the_unused_card_and_sentence_never_round_490_of_492_to_100_percent(qtbot, marketer, tmp_path):
    from enablement_desktop.usage.insights import Unused, UnusedAsset
    from ui.insights.loading import Query

    view = InsightsView(tmp_path, marketer)
    qtbot.addWidget(view)
    unused = Unused([UnusedAsset(f"a{i}.pdf", f"A {i}", "", "") for i in range(490)], 492, 90)
    view._figures.unused = unused
    view._update_headline(Query(view._query().filters))
    view.unused.show_unused(unused)
    assert view.cards["unused"].value.text() == "over 99%"
    assert view.unused.sentence.text() == "Over 99% of assets not opened in 90 days (490 of 492)."


def test_a_heatmap_at_1024_px_needs_no_sideways_scroll_bar(qtbot):
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from ui.insights.heatmap import TOTAL_WIDTH, HeatmapTable

    class Opens(QStandardItemModel):  # title, twelve weeks, a wider total: as Opens has
        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.SizeHintRole and section == 13:
                return QSize(TOTAL_WIDTH, 24)
            return super().headerData(section, orientation, role)

    model = Opens(30, 14)
    for row in range(30):
        model.setItem(row, 0, QStandardItem(f"Tidewater Ledger pitch deck, version {row}"))
    table = HeatmapTable()
    table.setModel(model)
    qtbot.addWidget(table)
    table.resize(750, 300)  # the Opens table in a 1024×700 window
    table.show()
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible())
    table.fit_columns()
    assert table.horizontalHeader().length() <= table.viewport().width()


def test_every_teams_column_shows_in_the_insights_body_of_a_1024_px_window(qtbot):
    from enablement_desktop.usage.insights import GroupActivity
    from ui.insights.lists import ActivitySection

    section = ActivitySection()
    qtbot.addWidget(section)
    section.resize(790, 420)
    section.show()
    section.show_activity([GroupActivity("North America Enterprise", 4, 280, 63, 36, 12, 2, 9),
                           GroupActivity("EMEA", 3, 225, 73, 42, 8, 5, 3)], per_person=False)
    qtbot.waitUntil(lambda: section.table.isVisible())
    section.table.fit_columns()
    # The number columns keep what they need, not 88 px each: "Briefs" was pushed out of sight.
    assert section.table.horizontalHeader().length() <= section.table.viewport().width()
    team = section.table.columnWidth(0)
    assert team >= section.table.fontMetrics().horizontalAdvance("North America Enterprise")


def test_week_headers_read_whole_in_a_1024_px_window_with_the_date_on_hover(qtbot):
    from PySide6.QtWidgets import QStyle

    from enablement_desktop.usage.insights import Heatmap
    from ui.insights.opens import OpensSection

    weeks = [f"2026-W{w}" for w in range(38, 50)]  # Monday 14 Sep … Monday 30 Nov
    section = OpensSection()
    qtbot.addWidget(section)
    section.resize(790, 420)  # the Opens section in a 1024×700 window
    section.show()
    section.show_heatmap(
        Heatmap(paths=["a.pdf"], titles=["Tidewater Ledger pitch deck"], columns=weeks,
                counts=[[1] * len(weeks)], max=1),
        "", filtered=False,
    )
    table, model = section.table, section.model
    qtbot.waitUntil(lambda: table.isVisible())
    table.fit_columns()
    header = table.horizontalHeader()
    columns = [model.week_column(w) for w in range(len(weeks))]
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    assert labels[:5] == ["Sep\n14", "\n21", "\n28", "Oct\n5", "\n12"]
    assert labels[7] == "Nov\n2"
    # What QHeaderView draws: the text minus its margins, elided as one string unless told not to.
    margins = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    metrics = header.fontMetrics()
    for column, label in zip(columns, labels, strict=True):
        room = table.columnWidth(column) - margins
        assert all(metrics.horizontalAdvance(line) <= room for line in label.split("\n")), label
        if header.textElideMode() != Qt.TextElideMode.ElideNone:
            assert metrics.elidedText(label, header.textElideMode(), room) == label
    tip = model.headerData(columns[0], Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Week of 14 Sep 2026 (2026-W38)"


def test_the_send_back_queue_keeps_asset_names_readable_in_a_1024_px_window(qtbot, data_dir, marketer):
    db = open_db(database_path(data_dir))
    try:
        seller = Settings(user="lena", team="North America Enterprise", device="laptop")
        record_event(db, seller, "send_back", asset_path=LEDGER_DECK[0], reason="missing information",
                     comment="APAC buyers ask how the NetSuite integration handles multi-currency ledgers.")
    finally:
        db.conn.close()
    view = loaded_view(qtbot, data_dir, marketer)
    view.resize(1000, 680)  # the Insights tab in a 1024×700 window
    view.show()
    view.show_section("Send-backs")
    table = view.send_backs.table
    qtbot.waitUntil(table.isVisible)
    table.fit_columns()
    assert table.horizontalHeader().length() <= table.viewport().width()  # no sideways scrolling
    # The whole title (it is short) or at least 24 characters of a long one: not "Ledger p…".
    char, title = table.fontMetrics().averageCharWidth(), table.fontMetrics().horizontalAdvance(LEDGER_DECK[1])
    assert table.columnWidth(2) >= min(title + char, 24 * char)
    # A reason is one of six short labels: read whole, not "Missing in…"; and every header reads whole.
    assert table.columnWidth(3) >= table.fontMetrics().horizontalAdvance("Missing information") + char
    header = table.horizontalHeader()
    for column in range(header.count()):
        title = table.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.fontMetrics().horizontalAdvance(title) + char <= table.columnWidth(column), title
