"""What's new in the window: the unread badge, marking read by key and button, opening a note."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from enablement_desktop.paths import database_path
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.campaigns import write_note
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.insights import set_feedback_status
from ui.whats_new import WhatsNewView

ANN = Settings(user="ann", team="East", device="laptop")
MIA = Settings(user="mia", team="Marketing", device="imac", role="marketer")
SOON = (datetime.now(UTC).date() + timedelta(days=10)).isoformat()
LAUNCH = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()


@pytest.fixture
def data_dir(tmp_path):
    db = open_db(database_path(tmp_path))
    with db.conn:
        db.conn.execute(
            "INSERT INTO assets (path, title, type, size, mtime_ns, sha256, expires, updated_at)"
            " VALUES ('old.pdf', 'Old price list', 'pdf', 1, 0, 'aa', ?, '2026-11-01T00:00:00Z')",
            (SOON,),
        )
    sent = record_event(db, ANN, "send_back", asset_path="old.pdf", reason="outdated")
    set_feedback_status(db, MIA, sent, "fixed", "new prices are in")
    write_note(db, MIA, title="Ledger 5 launch", launch=LAUNCH, products=["Ledger"],
               assets=["decks/ledger.pptx"], talk_track="Lead with the close in 3 days.")  # fmt: skip
    db.conn.close()
    return tmp_path


@pytest.fixture
def view(data_dir, qtbot):
    widget = WhatsNewView(data_dir, ANN)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    badge: list[int] = []
    widget.unreadChanged.connect(badge.append)
    widget.badge = badge
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.refresh()
    return widget


def read_keys(data_dir) -> set[str]:
    db = open_db(database_path(data_dir))
    try:
        return {k for (k,) in db.conn.execute("SELECT key FROM whats_new WHERE read_at IS NOT NULL")}
    finally:
        db.conn.close()


def test_the_badge_counts_unread_and_space_marks_one_read(view, data_dir, qtbot):
    assert view.badge[-1] == 3  # the answer, the campaign, the expiring asset
    assert sorted(view.model.item(r).kind for r in range(3)) == ["answer", "campaign", "expiring"]
    assert view.summary.text() == "3 unread of 3"
    row = next(r for r in range(3) if view.model.item(r).kind == "answer")
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(row))
    answer = view.model.item(row)
    assert "“fixed” — “new prices are in”" in answer.detail
    qtbot.keyClick(view.list, Qt.Key.Key_Space)
    assert view.badge[-1] == 2
    assert view.model.item(row).read and view.read_button.text() == "Mark unread"
    qtbot.waitUntil(lambda: read_keys(data_dir) == {answer.key}, timeout=5000)
    qtbot.keyClick(view.list, Qt.Key.Key_Space)  # again: unread again
    assert view.badge[-1] == 3
    qtbot.waitUntil(lambda: read_keys(data_dir) == set(), timeout=5000)
    # Read marks outlive the view: a refresh keeps them.
    view.read_button.click()
    qtbot.waitUntil(lambda: read_keys(data_dir) == {answer.key}, timeout=5000)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    assert view.badge[-1] == 2
    assert view.model.item(2).key == answer.key  # read items sink to the end


def test_mark_all_read_by_keyboard(view, data_dir, qtbot):
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.badge[-1] == 0
    assert not view.all_read_button.isEnabled()
    qtbot.waitUntil(lambda: len(read_keys(data_dir)) == 3, timeout=5000)


def test_enter_on_a_campaign_shows_it_and_records_the_read(view, data_dir, qtbot):
    row = next(r for r in range(view.model.rowCount()) if view.model.item(r).kind == "campaign")
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(row))
    with qtbot.waitSignal(view.campaignShown, timeout=5000):
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert "Lead with the close in 3 days." in view.detail.text()
    assert "decks/ledger.pptx" in view.detail.text()
    assert view.badge[-1] == 2
    db = open_db(database_path(data_dir))
    reads = db.conn.execute("SELECT user FROM events WHERE kind = 'campaign_read'").fetchall()
    db.conn.close()
    assert reads == [("ann",)]


def test_the_window_tab_shows_the_badge_when_an_answer_arrives(window, ui_session, qtbot):
    tab = window.tabs.indexOf(window.whats_new)
    with qtbot.waitSignal(window.whats_new.loaded, timeout=10_000):
        window.whats_new.refresh()
    assert window.tabs.tabText(tab) == "What's new"
    user = ui_session.settings
    with ui_session.connect() as db:
        sent = record_event(db, user, "send_back", asset_path="case-studies/halvorsen.pdf",
                            reason="outdated")  # fmt: skip
        record_event(db, MIA, "feedback_response", ref_uuid=sent, status="acknowledged",
                     comment="looking into it")  # fmt: skip
    with qtbot.waitSignal(window.whats_new.answerArrived, timeout=10_000) as announced:
        window._synced("received 1 new event")  # what a sync that brings an answer does
    assert window.tabs.tabText(tab) == "What's new (1)"
    assert announced.args == ["Marketing answered about “Halvorsen Freight case study”: see What's new."]
