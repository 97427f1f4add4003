"""A read-only data folder: reading commands work, a write gets a clear message.

Root reads and writes through any file mode, so the test makes the folder
read-only in-process (tests/support/read_only.py: every write Python asks for
there is refused as for a non-root user), and SQLite then really opens the
database read-only: the refusals below are SQLite's own. The search index's
lock file cannot be made there either, so a search must not try.
"""

from __future__ import annotations

import json
import os

import pytest

from enablement_desktop.cli import main
from tests.support.library import build_sample_library
from tests.support.read_only import make_read_only


@pytest.fixture()
def read_only_data(tmp_path, monkeypatch, capsys):
    library = build_sample_library(tmp_path / "library")
    data = tmp_path / "data"
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    make_read_only(monkeypatch, data)
    return data


def test_status_and_search_work_and_say_the_search_was_not_recorded(read_only_data, capsys):
    assert main(["status", "--json", "--data-dir", str(read_only_data)]) == 0
    assert json.loads(capsys.readouterr().out)["assets"] > 0
    assert main(["search", "pricing", "--json", "--data-dir", str(read_only_data)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["total"] > 0
    assert "not recorded" in captured.err and "read-only" in captured.err


def test_a_write_is_refused_with_a_sentence(read_only_data, capsys):
    assert main(["rate", "faq/security.md", "4", "--data-dir", str(read_only_data)]) == 1
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err


def test_a_read_only_folder_without_a_database_says_what_to_do(tmp_path, monkeypatch, capsys):
    data = tmp_path / "empty"
    data.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **k: False if m & os.W_OK else real_access(p, m, **k))
    assert main(["status", "--data-dir", str(data)]) == 1
    assert "read-only and holds no database yet" in capsys.readouterr().err
