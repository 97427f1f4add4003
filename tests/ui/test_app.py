"""Starting the app: no display, one instance per data dir, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from enablement_desktop.settings import Settings
from enablement_desktop.store.lock import InstanceLock
from ui import app
from ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_display_it_says_what_to_do_and_exits_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["ENABLEMENT_DATA_DIR"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert "QT_QPA_PLATFORM=offscreen" in proc.stderr
    assert "enablement search" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_display_check_only_where_displays_can_be_missing():
    assert app.display_problem({}, "linux") is not None
    assert app.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert app.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert app.display_problem({}, "darwin") is None
    assert app.display_problem({}, "win32") is None


def test_a_second_instance_on_the_same_data_dir_explains_and_exits_1(tmp_path, qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    with InstanceLock(tmp_path):
        assert app.run(["main.py", "--data-dir", str(tmp_path)]) == 1
    assert shown and "already running" in shown[0]


def test_a_missing_library_folder_is_a_usage_error(tmp_path, capsys):
    assert app.run(["main.py", "--library", str(tmp_path / "nope"), "--data-dir", str(tmp_path)]) == 2
    assert "library folder not found" in capsys.readouterr().err


def test_settings_dialog_reports_what_changed_and_refuses_a_missing_folder(tmp_path, qtbot):
    settings = Settings(user="ana", team="emea", library="")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.library.setText(str(tmp_path / "missing"))
    assert "does not exist" in dialog.problem()
    dialog.library.setText(str(tmp_path))
    dialog.team.setText("EMEA Enterprise")
    dialog.role.setCurrentIndex(dialog.role.findData("marketer"))
    assert dialog.problem() == ""
    assert dialog.apply_to(settings) == {"library", "team", "role"}
    assert (settings.library, settings.team, settings.role) == (str(tmp_path.resolve()), "EMEA Enterprise", "marketer")


def test_settings_dialog_switches_ocr_and_its_languages(qtbot):
    settings = Settings(user="ana")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.ocr_languages.setText("eng, deu")
    assert dialog.apply_to(settings) == {"ocr_languages"}
    assert settings.ocr_languages == "eng+deu"
    dialog.ocr.setChecked(False)
    assert not dialog.ocr_languages.isEnabled()
    assert dialog.apply_to(settings) == {"ocr"}
    assert settings.ocr is False


def test_the_window_module_leaves_background_only_modules_for_later():
    """Rescan, sync, the search engine and the PDF viewer load where first used, not before the window shows."""
    later = ["enablement_desktop.library.update", "enablement_desktop.extract.pool",
             "enablement_desktop.usage.sync", "enablement_desktop.search.engine", "ui.viewer",
             "PySide6.QtPdfWidgets", "whoosh", "psycopg"]  # whoosh and psycopg load on the search thread
    code = ("import sys\nimport ui.main_window, ui.session\n"
            f"print(','.join(m for m in {later!r} if m in sys.modules))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == ""


def test_per_person_figures_are_a_marketer_only_setting(qtbot):
    settings = Settings(user="ana", role="seller")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.per_person.isEnabled()
    dialog.role.setCurrentIndex(dialog.role.findData("marketer"))
    assert dialog.per_person.isEnabled()
    dialog.per_person.setChecked(True)
    assert dialog.apply_to(settings) == {"role", "per_person_insights"}
    assert settings.per_person_insights is True
    dialog.role.setCurrentIndex(dialog.role.findData("seller"))  # a seller never keeps it on
    assert not dialog.per_person.isChecked()
    dialog.apply_to(settings)
    assert (settings.role, settings.per_person_insights) == ("seller", False)


def test_search_by_meaning_is_a_switch_that_needs_its_extra(qtbot, monkeypatch):
    from enablement_desktop.search import semantic

    settings = Settings(user="ana")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.meaning.isChecked()  # off by default
    dialog.meaning.setChecked(True)
    assert dialog.apply_to(settings) == {"meaning_search"}
    assert settings.meaning_search is True

    monkeypatch.setattr(semantic, "installed", lambda: False)
    without = SettingsDialog(Settings(user="ana"))
    qtbot.addWidget(without)
    assert not without.meaning.isEnabled()
    assert "optional meaning package" in without.meaning.toolTip()


def test_settings_say_who_may_answer_send_backs(tmp_path, qtbot):
    dialog = SettingsDialog(Settings(user="ana", library=str(tmp_path)))
    qtbot.addWidget(dialog)
    assert "Anyone may answer" in dialog.answerers.text()
    (tmp_path / "enablement-roles.toml").write_text('marketers = ["Mia", "lee"]\n')
    dialog = SettingsDialog(Settings(user="ana", library=str(tmp_path)))
    qtbot.addWidget(dialog)
    assert dialog.answerers.text().endswith("lee, mia.")


def test_cycles_are_collected_on_the_gui_thread_only(qapp, qtbot):
    import gc
    import threading

    from ui.garbage import GuiThreadCollector

    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()  # worker threads never start a collection
        collected_on = []
        gc.callbacks.append(lambda phase, info: phase == "start" and collected_on.append(threading.current_thread()))
        try:
            garbage = []
            for _ in range(5_000):  # cycles: well past generation 0's threshold
                node: list = []
                node.append(node)
                garbage.append(node)
            del garbage
            qtbot.waitUntil(lambda: bool(collected_on), timeout=5000)
        finally:
            gc.callbacks.pop()
        assert all(thread is threading.main_thread() for thread in collected_on)
    finally:
        collector.stop()
    assert gc.isenabled()
