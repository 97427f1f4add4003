"""`enablement rate`, `send-back` and `answer`: scriptable feedback, the same events the dialogs record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enablement_desktop import settings as settings_mod
from enablement_desktop.cli import main
from enablement_desktop.context import open_context
from enablement_desktop.usage.events import my_rating, send_backs_for_user
from tests.support.library import build_sample_library


@pytest.fixture()
def world(tmp_path: Path, capsys):
    library = build_sample_library(tmp_path / "library")
    data = tmp_path / "data"
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data)]) == 0
    settings = settings_mod.load(data)
    settings.user, settings.team = "ana", "emea"
    settings_mod.save(data, settings)
    capsys.readouterr()
    return library, data


def test_rate_records_the_latest_rating_with_its_comment(world, capsys):
    library, data = world
    assert main(["rate", "faq/security.md", "2", "--comment", "dated", "--data-dir", str(data)]) == 0
    assert main(["rate", str(library / "faq" / "security.md"), "4", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Rated ")
    ctx = open_context(data)
    assert my_rating(ctx.db, "ana", "faq/security.md").rating == 4


def test_bad_feedback_is_refused_with_a_reason_and_records_nothing(world, capsys):
    _, data = world
    assert main(["rate", "faq/securty.md", "3", "--data-dir", str(data)]) == 2
    assert "did you mean faq/security.md?" in capsys.readouterr().err
    assert main(["send-back", "faq/security.md", "--reason", "boring", "--data-dir", str(data)]) == 2
    assert "unknown reason 'boring'" in capsys.readouterr().err
    assert main(["send-back", "faq/security.md", "--reason", "other", "--data-dir", str(data)]) == 2
    assert "--comment" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["rate", "faq/security.md", "6", "--data-dir", str(data)])
    ctx = open_context(data)
    assert ctx.db.execute("SELECT count(*) FROM events WHERE kind IN ('rate', 'send_back')").fetchone()[0] == 0


def test_a_send_back_is_answered_by_its_id_prefix_and_the_seller_sees_it(world, capsys):
    _, data = world
    assert main(["send-back", "faq/security.md", "--reason", "outdated", "--comment", "old SOC 2 date",
                 "--page", "1", "--data-dir", str(data)]) == 0
    send_back_id = capsys.readouterr().out.strip().rsplit(" ", 1)[-1].rstrip(".")
    assert main(["answer", send_back_id[:8], "--status", "fixed", "--data-dir", str(data)]) == 2
    assert "set your role to marketer" in capsys.readouterr().err
    settings = settings_mod.load(data)
    settings.role = "marketer"
    settings_mod.save(data, settings)
    assert main(["answer", "0000", "--status", "fixed", "--data-dir", str(data)]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert main(["answer", "ffffffff", "--status", "fixed", "--data-dir", str(data)]) == 2
    assert "no send-back has the id" in capsys.readouterr().err
    assert main(["answer", send_back_id[:8], "--status", "fixed", "--comment", "new date on p. 1",
                 "--data-dir", str(data)]) == 0
    assert "Answered send-back" in capsys.readouterr().out
    ctx = open_context(data)
    (mine,) = send_backs_for_user(ctx.db, "ana")
    assert (mine.uuid, mine.reason, mine.status, mine.response) == (send_back_id, "outdated", "fixed",
                                                                     "new date on p. 1")
    assert main(["insights", "--json", "--data-dir", str(data)]) == 0
    queue = json.loads(capsys.readouterr().out)["send_back_queue"]
    assert [item["status"] for item in queue] == ["fixed"]
