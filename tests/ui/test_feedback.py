"""Rating, sending back, and seeing marketing's answers — against a real database."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import functools
import threading

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from enablement_desktop import paths
from enablement_desktop.context import open_context
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.events import my_rating, record_event
from ui import usage_log
from ui.feedback import MySendBacksView, RateDialog, SendBackDialog, paint_stars
from ui.session import Session

PATH = "case-studies/halvorsen.pdf"
SHA = "ab" * 32


@pytest.fixture
def session(tmp_path, qapp):
    ctx = open_context(tmp_path / "data")
    ctx.settings.user, ctx.settings.team, ctx.settings.device = "ana", "emea", "laptop"
    session = Session(ctx)
    yield session
    session.close()


@pytest.fixture
def db(session):
    """The test's own connection to the session's database, for setting up and checking."""
    database = open_db(paths.database_path(session.data_dir))
    yield database
    database.conn.close()


@pytest.fixture
def settings(session) -> Settings:
    return session.settings


@pytest.fixture
def record(session):
    return functools.partial(usage_log.record, session)


def accepted(qtbot, dialog: QDialog) -> None:
    """Saving runs off the GUI thread: the dialog closes once the event is stored."""
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)


def events(db, kind: str) -> list[dict]:
    return list(db.query("SELECT * FROM events WHERE kind = ? ORDER BY ts, uuid", [kind]))


def ok_button(dialog: QDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# --- stars ------------------------------------------------------------------


def test_paint_stars_fills_up_to_the_value(qapp):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2563eb"))
    image = QImage(100, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_stars(painter, QRect(0, 0, 100, 20), 2.5, palette)
    painter.end()

    def is_accent(x: int) -> bool:
        return image.pixelColor(x, 11).blue() > 200 and image.pixelColor(x, 11).red() < 100

    # Each star is a 20 px cell; sample its middle, and either side of star 3's middle.
    assert [is_accent(10), is_accent(30), is_accent(48), is_accent(53), is_accent(70)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_star_input_takes_keys_arrows_and_clicks(qtbot, record):
    dialog = shown(qtbot, RateDialog(record, PATH, SHA, "Halvorsen"))
    stars = dialog.stars
    qtbot.keyClick(stars, Qt.Key.Key_3)
    assert stars.value() == 3
    qtbot.keyClick(stars, Qt.Key.Key_Right)
    assert stars.value() == 4
    qtbot.keyClick(stars, Qt.Key.Key_Left)
    qtbot.keyClick(stars, Qt.Key.Key_Left)
    assert stars.value() == 2
    cell = stars.width() // 5
    qtbot.mouseClick(
        stars, Qt.MouseButton.LeftButton, pos=QPoint(cell * 4 + cell // 2, stars.height() // 2)
    )
    assert stars.value() == 5
    assert stars.accessibleDescription() == "5 of 5 stars"


# --- RateDialog ---------------------------------------------------------------


def test_rate_four_stars_with_a_comment(qtbot, db, record):
    dialog = shown(qtbot, RateDialog(record, PATH, SHA, "Halvorsen Freight case study"))
    qtbot.keyClick(dialog.stars, Qt.Key.Key_4)
    qtbot.keyClicks(dialog.comment, "Great proof point for CFOs.")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)

    accepted(qtbot, dialog)
    (row,) = events(db, "rate")
    assert (row["rating"], row["comment"], row["asset_path"], row["asset_sha256"]) == (
        4,
        "Great proof point for CFOs.",
        PATH,
        SHA,
    )
    assert (row["user"], row["team"], row["device"]) == ("ana", "emea", "laptop")
    assert row["uuid"] == dialog.recorded_uuid


def test_rating_needs_stars(qtbot, db, record):
    dialog = shown(qtbot, RateDialog(record, PATH))
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)  # Enter submits, and is refused
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "stars" in dialog._error.text() and dialog._error.isVisible()
    assert dialog.focusWidget() is dialog.stars
    assert events(db, "rate") == []


def test_rate_dialog_starts_from_the_previous_rating(qtbot, db, settings, record):
    record_event(db, settings, "rate", asset_path=PATH, rating=3, comment="A bit long")
    dialog = shown(qtbot, RateDialog(record, PATH, previous=my_rating(db, "ana", PATH)))
    assert dialog.stars.value() == 3
    assert dialog.comment.toPlainText() == "A bit long"
    assert "You rated this 3 of 5" in dialog.previous_label.text()
    qtbot.keyClick(dialog.stars, Qt.Key.Key_5)
    qtbot.keyClick(dialog.stars, Qt.Key.Key_Return)  # Enter accepts
    accepted(qtbot, dialog)
    mine = my_rating(db, "ana", PATH)
    assert (mine.rating, mine.comment) == (5, "A bit long")


def test_escape_cancels_without_recording(qtbot, db, record):
    dialog = shown(qtbot, RateDialog(record, PATH))
    qtbot.keyClick(dialog.stars, Qt.Key.Key_5)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert events(db, "rate") == []


# --- SendBackDialog -----------------------------------------------------------


def test_other_needs_a_comment(qtbot, db, record):
    dialog = shown(qtbot, SendBackDialog(record, PATH, SHA, "Halvorsen", page=3, page_count=4))
    dialog.set_reason("other")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "required" in dialog._error.text()
    assert dialog.focusWidget() is dialog.comment
    assert events(db, "send_back") == []

    qtbot.keyClicks(dialog.comment, "The customer's logo changed.")
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)  # Enter sends
    accepted(qtbot, dialog)
    (row,) = events(db, "send_back")
    assert (row["reason"], row["comment"], row["page"], row["asset_sha256"]) == (
        "other",
        "The customer's logo changed.",
        3,
        SHA,
    )
    assert row["uuid"] == dialog.recorded_uuid


def test_a_reason_is_required_and_the_comment_is_optional(qtbot, db, record):
    dialog = shown(qtbot, SendBackDialog(record, PATH, page=2, page_count=4))
    assert dialog.page.value() == 2
    dialog.accept()
    assert dialog.isVisible() and "Choose what's wrong" in dialog._error.text()

    dialog.set_reason("outdated")
    assert not dialog._error.isVisible()
    dialog.page.setValue(0)  # the whole document
    dialog.accept()
    accepted(qtbot, dialog)
    (row,) = events(db, "send_back")
    assert (row["reason"], row["comment"], row["page"]) == ("outdated", None, None)


def test_shift_enter_starts_a_new_line_in_the_comment(qtbot, db, record):
    dialog = shown(qtbot, SendBackDialog(record, PATH))
    dialog.set_reason("inaccurate")
    qtbot.keyClicks(dialog.comment, "Slide 4")
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(dialog.comment, "wrong price")
    assert dialog.isVisible()
    dialog.accept()
    accepted(qtbot, dialog)
    assert events(db, "send_back")[0]["comment"] == "Slide 4\nwrong price"


# --- MySendBacksView ------------------------------------------------------------


def test_my_send_backs_show_marketings_answer_after_refresh(qtbot, db, settings, session):
    sent = record_event(
        db, settings, "send_back", asset_path=PATH, reason="outdated", comment="Old numbers"
    )
    record_event(
        db,
        Settings(user="bo", team="emea", device="pc"),
        "send_back",
        asset_path=PATH,
        reason="other",
        comment="not mine",
    )
    view = MySendBacksView(session)
    qtbot.addWidget(view)
    model = view.model

    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    assert model.index(0, 4).data() == "New"
    assert model.index(0, 3).data() == "Old numbers"

    marketer = Settings(user="mia", team="marketing", device="mac")
    record_event(
        db,
        marketer,
        "feedback_response",
        ref_uuid=sent,
        status="fixed",
        comment="Updated the numbers for Q3",
    )
    assert model.index(0, 4).data() == "New"  # refreshed on demand, not by itself
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.refresh()

    assert model.index(0, 4).data() == "Fixed"
    assert model.index(0, 5).data() == "Updated the numbers for Q3"
    assert model.index(0, 2).data() == "Outdated"
    assert "1 answered" in view._summary.text()
    opened: list[str] = []
    view.openRequested.connect(opened.append)
    view.table.activated.emit(model.index(0, 1))
    assert opened == [PATH]


def test_my_send_backs_empty_state(qtbot, session):
    session.settings.user = "nobody"
    view = MySendBacksView(session)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=5000)
    assert view.model.rowCount() == 0 and view._stack.currentWidget() is view._empty


def test_my_send_backs_follow_a_change_of_name(qtbot, db, settings, session):
    record_event(db, Settings(user="ana.r", team="emea", device="laptop"), "send_back", asset_path=PATH,
                 reason="outdated")
    view = MySendBacksView(session)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=5000)
    assert view.model.rowCount() == 0
    session.settings.user = "ana.r"  # renamed in Settings
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.refresh()
    assert view.model.rowCount() == 1


# --- no database writes on the GUI thread --------------------------------------


def test_saving_waits_for_a_locked_database_off_the_gui_thread(qtbot, db, session, record, monkeypatch):
    """The indexer may hold the write lock for seconds: the window keeps running meanwhile."""
    writers: list[threading.Thread] = []
    real = usage_log.record_event

    def spy(*args, **kwargs):
        writers.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(usage_log, "record_event", spy)
    dialog = shown(qtbot, RateDialog(record, PATH, SHA, "Halvorsen"))
    qtbot.keyClick(dialog.stars, Qt.Key.Key_4)
    db.conn.execute("BEGIN IMMEDIATE")  # what an index run holds while it writes
    try:
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        assert ok_button(dialog).text() == "Saving…" and not ok_button(dialog).isEnabled()
        ticks: list[int] = []
        timer = QTimer(interval=10)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=5000)  # the GUI thread runs its events
        timer.stop()
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    finally:
        db.conn.execute("COMMIT")
    accepted(qtbot, dialog)
    assert len(events(db, "rate")) == 1
    assert writers and all(t is not threading.main_thread() for t in writers)


def test_a_failed_save_keeps_the_dialog_open_with_the_reason(qtbot, db):
    def failing(kind, *, on_done, on_error, context, **fields):
        on_error("The disk is full, so saving stopped.")

    dialog = shown(qtbot, RateDialog(failing, PATH))
    qtbot.keyClick(dialog.stars, Qt.Key.Key_2)
    qtbot.keyClicks(dialog.comment, "Too long")
    dialog.accept()
    assert dialog.isVisible() and "The disk is full" in dialog._error.text()
    assert ok_button(dialog).isEnabled() and ok_button(dialog).text() == "Save rating"
    assert dialog.comment.text() == "Too long"


def test_a_title_holding_html_is_shown_as_typed(qtbot, record):
    title = '<h1 style="color:red">URGENT: call me</h1><img src="file:///etc/hostname">'
    dialog = shown(qtbot, RateDialog(record, PATH, title=title))
    assert dialog.heading.textFormat() == Qt.TextFormat.PlainText
    assert title in dialog.heading.text()
    back = shown(qtbot, SendBackDialog(record, PATH, title=title))
    assert back.document_label.textFormat() == Qt.TextFormat.PlainText
    assert not [label for label in dialog.findChildren(QLabel) + back.findChildren(QLabel)
                if label.textFormat() != Qt.TextFormat.PlainText and "URGENT" in label.text()]


def test_my_send_backs_show_the_whole_answer_and_comment_in_a_1024_px_window(qtbot, db, settings, session):
    from tests.support.tables import shows_whole

    comment = "Too many slides for a first meeting; we need a ten-slide version for CFOs who have twenty minutes."
    answer = ("Present slides 1–9 and keep the rest as backup; a short version is not planned this quarter, "
              "the full story is what wins the second meeting.")
    sent = record_event(db, settings, "send_back", asset_path=PATH, reason="hard to use", comment=comment)
    record_event(db, Settings(user="mia", team="marketing", device="mac"), "feedback_response",
                 ref_uuid=sent, status="won't fix", comment=answer)
    view = MySendBacksView(session)
    qtbot.addWidget(view)
    view.resize(1000, 600)  # the tab in a 1024×700 window
    view.show()
    # Rows follow the columns' final widths after a delayed layout pass: wait for it, then check.
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.table.isVisible()
                    and all(shows_whole(view.table, 0, column) for column in (1, 3, 5)),  # document, comment, answer
                    timeout=5000)
    char = view.fontMetrics().averageCharWidth()
    assert view.table.columnWidth(5) >= 30 * char  # the answer keeps room of its own
