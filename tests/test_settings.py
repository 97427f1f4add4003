"""Settings are typed: a hand-edited file with a wrong value is reported and its default used."""

import json

from enablement_desktop import settings as settings_mod
from enablement_desktop.cli import main
from enablement_desktop.settings import Settings


def write(tmp_path, data) -> None:
    (tmp_path / settings_mod.SETTINGS_FILE).write_text(json.dumps(data), encoding="utf-8")


def test_a_string_never_turns_the_privacy_switch_on(tmp_path):
    write(tmp_path, {"per_person_insights": "no", "user": "ana"})
    loaded = settings_mod.load(tmp_path)
    assert loaded.per_person_insights is False
    assert loaded.user == "ana"  # the good values are kept
    assert any("per_person_insights" in p and "true or false" in p for p in loaded.problems)


def test_each_wrong_value_is_named_and_replaced_by_its_default(tmp_path):
    write(tmp_path, {"max_file_mb": "200", "role": "admin", "team": 7, "ui_state": {"a": 1},
                     "user": "  ", "colour": "blue", "sync_folder": "/mnt/share"})
    loaded = settings_mod.load(tmp_path)
    default = Settings()
    assert (loaded.max_file_mb, loaded.role, loaded.team, loaded.ui_state) == (
        default.max_file_mb, default.role, default.team, default.ui_state)
    assert loaded.user == default.user
    assert loaded.sync_folder == "/mnt/share"
    text = "\n".join(loaded.problems)
    for name in ("max_file_mb", "role", "team", "ui_state", "user", "colour"):
        assert name in text


def test_true_is_not_a_size_and_sizes_have_a_range(tmp_path):
    write(tmp_path, {"max_file_mb": True})
    assert settings_mod.load(tmp_path).max_file_mb == 200
    write(tmp_path, {"max_file_mb": 0})
    assert settings_mod.load(tmp_path).max_file_mb == 200
    write(tmp_path, {"max_file_mb": 50})
    loaded = settings_mod.load(tmp_path)
    assert (loaded.max_file_mb, loaded.problems) == (50, [])


def test_a_file_that_is_not_an_object_or_not_json_gives_defaults_and_says_so(tmp_path):
    (tmp_path / settings_mod.SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    assert "not valid JSON" in settings_mod.load(tmp_path).problems[0]
    write(tmp_path, [1, 2])
    assert "JSON object" in settings_mod.load(tmp_path).problems[0]


def test_problems_are_not_saved(tmp_path):
    write(tmp_path, {"per_person_insights": "yes"})
    loaded = settings_mod.load(tmp_path)
    settings_mod.save(tmp_path, loaded)
    saved = json.loads((tmp_path / settings_mod.SETTINGS_FILE).read_text(encoding="utf-8"))
    assert "problems" not in saved and saved["per_person_insights"] is False


def test_insights_on_a_hand_edited_file_warns_and_stays_by_team(tmp_path, capsys):
    write(tmp_path, {"per_person_insights": "no"})
    assert main(["insights", "--json", "--data-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "warning" in err and "per_person_insights" in err
    assert json.loads(out)["activity_by"] == "team"
