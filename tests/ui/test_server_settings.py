"""Settings → organisation server: no password stored, a test connection off the GUI thread,
background sync that keeps events queued while the server is unreachable."""

from __future__ import annotations

from enablement_desktop.settings import Settings, from_dict
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.sync import queued_count
from tests.support.org_server import new_org
from ui.background_sync import BackgroundSync
from ui.settings_dialog import SettingsDialog


def test_a_password_in_the_server_dsn_is_refused_with_a_message(qtbot):
    settings = Settings(user="ann")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.server_dsn.setText("host=db.example.com user=ann password=hunter2")
    assert "never stores" in dialog.problem() and ".pgpass" in dialog.problem()
    dialog.server_dsn.setText("postgresql://ann:hunter2@db.example.com/enablement")
    assert "never stores" in dialog.problem()
    dialog.server_dsn.setText("host=db.example.com dbname=enablement user=ann")
    assert dialog.problem() == ""
    assert dialog.apply_to(settings) == {"server_dsn"}
    # A hand-edited settings file with a password: reported, and the DSN not used.
    loaded = from_dict({"server_dsn": "host=x password=secret"})
    assert loaded.server_dsn == "" and "never stores" in loaded.problems[0]


def test_the_server_status_row_takes_no_room_until_test_connection_says_something(qtbot):
    dialog = SettingsDialog(Settings(user="ann"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.server_status.isVisible()  # no blank gap under the server field
    dialog.test_button.click()  # no server given: it says so at once
    assert dialog.server_status.isVisible()
    assert dialog.server_status.text() == "No server: usage syncs through the shared folder."


def test_test_connection_names_the_login_and_team(pg_server, qtbot):
    org = new_org(pg_server)
    dialog = SettingsDialog(Settings(user="ann"))
    qtbot.addWidget(dialog)
    dialog.server_dsn.setText(org.dsn("ann"))
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.server_status.text().startswith("Connected"), timeout=15_000)
    assert dialog.server_status.text() == f"Connected to {org.dbname} as ann (seller, team East)."
    dialog.server_dsn.setText(org.dsn("postgres"))  # a login IT never granted
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "not set up" in dialog.server_status.text(), timeout=15_000)


def test_background_sync_uses_the_server_and_says_when_it_is_unreachable(pg_server, ui_session, qtbot, tmp_path):
    org = new_org(pg_server)
    settings = ui_session.settings
    settings.user, settings.team = "ann", "East"
    record_event(ui_session.ctx.db, settings, "open", asset_path="a.pdf")
    settings.server_dsn = f"host={tmp_path / 'nowhere'} user=ann dbname={org.dbname}"
    sync = BackgroundSync(ui_session)
    with qtbot.waitSignal(sync.synced, timeout=15_000) as blocker:
        sync.sync_now()
    assert "organisation server not reachable; 1 event queued" in blocker.args[0]
    assert queued_count(ui_session.ctx.db) == 1
    settings.server_dsn = org.dsn("ann")
    with qtbot.waitSignal(sync.synced, timeout=15_000) as blocker:
        sync.sync_now()
    assert blocker.args[0].startswith("Sync: sent 1 event")
    assert queued_count(ui_session.ctx.db) == 0 and org.count("\"user\" = 'ann'") == 1
