"""Insights → Scorecard and Campaigns: the KPIs with their trend, the PDF, writing a note."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRect, Qt

from enablement_desktop.paths import database_path
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.campaigns import CampaignStatus, campaign_notes, write_note
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.scorecard import Period, scorecard
from ui.insights import campaigns as campaigns_ui
from ui.insights import tables
from ui.insights.campaigns import CampaignsSection
from ui.insights.scorecard import ScorecardSection

ANN = Settings(user="ann", team="East", device="d1")
MIA = Settings(user="mia", team="Marketing", device="d2", role="marketer")
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def db(tmp_path):
    database = open_db(database_path(tmp_path))
    old = record_event(database, ANN, "send_back", asset_path="a.pdf", reason="outdated",
                       ts="2026-10-10T00:00:00Z")  # fmt: skip
    record_event(database, MIA, "feedback_response", ref_uuid=old, status="fixed",
                 ts="2026-10-11T00:00:00Z")  # fmt: skip
    for day, fixed in (("02", True), ("03", False)):
        sent = record_event(database, ANN, "send_back", asset_path="a.pdf", reason="outdated",
                            ts=f"2026-11-{day}T00:00:00Z")  # fmt: skip
        if fixed:
            record_event(database, MIA, "feedback_response", ref_uuid=sent, status="fixed",
                         ts=f"2026-11-{day}T06:00:00Z")  # fmt: skip
    yield database
    database.conn.close()


def test_the_scorecard_shows_each_kpi_with_its_trend(db, qtbot, tmp_path, monkeypatch):
    section = ScorecardSection()
    qtbot.addWidget(section)
    section.show()
    section.show_scorecard(scorecard(db, NOVEMBER))
    assert not section.showing_empty
    assert section.kpi_text("Send-backs fixed") == ("50% (1 of 2)", "▼ was 100%")
    assert section.kpi_text("Time to fixed") == ("6 h", "▼ was 24 h")
    assert "1 Nov 2026 – 30 Nov 2026 · all teams" in section.period.text()
    out = tmp_path / "scorecard.pdf"
    monkeypatch.setattr(tables.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(section.message, timeout=10_000) as said:
        section.pdf_button.click()
    assert said.args == [f"Saved scorecard.pdf in {tmp_path}."]
    reader = PdfReader(out)
    assert len(reader.pages) == 1 and "50% (1 of 2)" in reader.pages[0].extract_text()


@pytest.fixture
def campaigns(tmp_path, qtbot) -> CampaignsSection:
    """Insights → Campaigns over an empty data dir, as a marketer."""
    open_db(database_path(tmp_path)).conn.close()
    section = CampaignsSection(database_path(tmp_path), MIA)
    qtbot.addWidget(section)
    return section


def test_a_marketer_writes_a_note_and_a_bad_one_is_explained(campaigns, tmp_path, qtbot):
    section = campaigns
    section.show_campaigns([])
    messages: list[str] = []
    section.message.connect(messages.append)
    with qtbot.waitSignal(section.message, timeout=5000):
        section.save()  # no title
    assert "title" in messages[-1]
    section.title_edit.setText("Ledger 5 launch")
    section.products.setText("Ledger, Ledger Cloud")
    section.assets.setPlainText("decks/ledger.pptx\n\n")
    section.talk_track.setPlainText("Close in 3 days.")
    with qtbot.waitSignal(section.saved, timeout=5000):
        section.save_button.click()
    db = open_db(database_path(tmp_path))
    (note,) = campaign_notes(db)
    db.conn.close()
    assert (note.title, note.products, note.assets, note.talk_track) == (
        "Ledger 5 launch", ["Ledger", "Ledger Cloud"], ["decks/ledger.pptx"], "Close in 3 days.",
    )  # fmt: skip
    assert section.title_edit.text() == ""  # the form is ready for the next note
    assert campaigns_ui.CAMPAIGN_TALK_TRACK_MAX == 1500


def test_the_scorecard_fits_the_insights_body_of_a_1024_px_window(db, qtbot):
    # The insights body of a 1024 px window is about 790 px wide; "nothing to compare" on
    # both sides made the section 843 px at least, and the window wider than the screen.
    for day in ("10", "20"):  # campaigns launching in the period: their table shares the height
        write_note(db, MIA, title=f"Launch {day}", launch=f"2026-10-{day}", ts=f"2026-09-{day}T00:00:00Z")
    section = ScorecardSection()
    qtbot.addWidget(section)
    section.show()
    section.show_scorecard(scorecard(db, Period(date(2026, 10, 1), date(2026, 10, 31))))
    assert section.kpi_text("Send-backs answered")[1] == "—"  # one short line, never wrapped and clipped
    qtbot.waitUntil(lambda: section.minimumSizeHint().width() > 400)  # the new grid is laid out
    assert section.minimumSizeHint().width() <= 780
    # At the size it gets in a 1024×700 window, every line of the grid shows whole
    # ("nothing to compare" wrapped to two lines, and the grid cut both in half).
    section.resize(750, 420)
    qtbot.wait(10)
    for line in range(1, section.grid.rowCount()):
        for column in range(section.grid.columnCount()):
            item = section.grid.itemAtPosition(line, column)
            if item is None:
                continue
            label = item.widget()
            needs = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
            assert needs <= label.height() + 1, (label.text(), needs, label.height())


def test_campaign_titles_wrap_whole_in_a_1024_px_window_and_a_long_one_elides(campaigns, qtbot):
    section = campaigns
    long_title = "Ledger 5 and Shield together: the month-end close bundle for controllers " * 2
    titles = ["Ledger 5: month-end close in 3 days", "Shield SOC 2 Type II report available",
              "Pulse for sales leaders webinar", long_title]
    section.show_campaigns([CampaignStatus(str(n), title, "2026-12-01", "Ledger", "", 1, 6, 5, "mia")
                            for n, title in enumerate(titles)])
    # The section's width in a 1024 px window: the list had 380 px of it, and cut every
    # title after 15 characters ("Ledger 5: mo…").
    section.resize(750, 420)
    section.show()
    qtbot.waitUntil(lambda: section.table.columnWidth(0) > 0)
    table, model = section.table, section.model
    room = QRect(0, 0, table.columnWidth(0) - 2 * tables.G, 10_000)
    metrics = table.fontMetrics()
    for row, title in enumerate(titles[:3]):
        needs = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, title).height()
        assert needs <= table.rowHeight(row), (title, table.columnWidth(0), needs, table.rowHeight(row))
    # A title longer than two lines is the view's to elide; the whole of it is a hover away.
    cell = model.index(3, 0)
    assert cell.data() == long_title and long_title in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideRight
