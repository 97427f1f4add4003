"""The `enablement` CLI: exit codes, JSON shape, saved library, problems."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from enablement_desktop import context as context_mod
from enablement_desktop.cli import main
from enablement_desktop.context import open_context
from enablement_desktop.search.fields import with_filters
from tests.support.library import build_sample_library


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("ENABLEMENT_DATA_DIR", raising=False)
    return tmp_path / "data"


@pytest.fixture()
def indexed(tmp_path: Path, data_dir: Path, capsys) -> Path:
    library = build_sample_library(tmp_path / "library")
    (library / "broken.pptx").write_bytes(b"not a zip at all")
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    return library


def test_search_json_has_the_documented_shape(indexed, data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "search", '"invoice processing cost"', "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) == {"total", "all_words", "offset", "hits", "facets", "suggestion", "usage"}
    assert (out["total"], out["all_words"], out["offset"]) == (1, 1, 0)
    hit = out["hits"][0]
    assert {k: hit[k] for k in ("path", "type", "page")} == {"path": "case-studies/halvorsen.pdf", "type": "pdf", "page": 3}
    assert "**invoice**" in hit["snippet"].lower()
    assert out["facets"]["persona"] == {"CFO": 1, "Controller": 1}


def test_library_is_remembered_and_filters_apply(indexed, data_dir, capsys):
    assert main(["index", "--data-dir", str(data_dir), "--workers", "0"]) == 0  # no --library: saved one
    capsys.readouterr()
    main(["search", "tidewater", "--filter", "product=Tidewater Shield", "--json", "--data-dir", str(data_dir)])
    out = json.loads(capsys.readouterr().out)
    assert {h["path"] for h in out["hits"]} == {"faq/security.md"}


def test_usage_errors_exit_2_with_a_message(data_dir, capsys):
    assert main(["search", "x", "--filter", "colour=red", "--data-dir", str(data_dir)]) == 2
    assert "unknown filter 'colour'" in capsys.readouterr().err
    assert main(["index", "--data-dir", str(data_dir)]) == 2
    assert "no library chosen" in capsys.readouterr().err
    assert main(["index", "--library", "/nonexistent/folder", "--data-dir", str(data_dir)]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["search"])
    assert exc.value.code == 2


def test_problems_and_status(indexed, data_dir, capsys):
    assert main(["problems", "--json", "--data-dir", str(data_dir)]) == 0
    problems = json.loads(capsys.readouterr().out)
    assert [(p["path"], p["reason"]) for p in problems] == [("broken.pptx", "damaged")]
    assert main(["status", "--json", "--data-dir", str(data_dir)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["assets"], status["problems"], status["pending_index"]) == (6, 1, 0)


def test_module_entry_point_and_env_data_dir(indexed, data_dir):
    env = {"ENABLEMENT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "enablement_desktop", "search", "auditor", "--json"],
                         capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent, check=True)
    assert json.loads(out.stdout)["hits"][0]["path"] == "decks/ledger-pitch.pptx"


def test_a_search_that_finds_nothing_says_what_to_try_and_names_a_field_no_asset_has(tmp_path, data_dir, capsys):
    library = tmp_path / "plain"
    library.mkdir()
    (library / "intro.md").write_text("# Intro\nWe help finance teams close the books.\n", encoding="utf-8")
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["search", "finance", "persona:CFO", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 assets")
    assert "No asset in this library has a persona" in out and "collateral.csv" in out
    assert main(["search", "zzzqqq", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Try fewer or other words" in out and "collateral.csv" not in out


def test_the_index_summary_counts_one_file_in_the_singular(tmp_path, data_dir, capsys):
    library = tmp_path / "one"
    library.mkdir()
    (library / "intro.md").write_text("# Intro\nWe help finance teams.\n", encoding="utf-8")
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data_dir)]) == 0
    assert ": 1 file, 1 new," in capsys.readouterr().out


def test_a_search_that_a_filter_emptied_is_recorded_with_the_filter(indexed, data_dir, capsys):
    # Recorded as plain "tidewater", it read as a word nobody could find (Requests) and was
    # later "answered" in What's new by any asset saying tidewater.
    assert main(["search", "tidewater", "--filter", "product=No Such Product", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    db = open_context(data_dir).db
    assert db.conn.execute("SELECT query, hits FROM events WHERE kind = 'search'").fetchall() == [
        ('tidewater product:"No Such Product"', 0)]


def test_filters_join_the_query_as_fields():
    assert with_filters("cilium", {"tags": ["ebpf"], "product": ["Tidewater Ledger"]}) == \
        'cilium product:"Tidewater Ledger" tag:ebpf'
    assert with_filters("", (("type", ("pdf",)),)) == "type:pdf"
    assert with_filters("payback", None) == "payback"


def test_status_counts_one_page_in_the_singular(tmp_path, data_dir, capsys):
    library = tmp_path / "one"
    library.mkdir()
    (library / "intro.md").write_text("We help finance teams.\n", encoding="utf-8")
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    assert "Assets:       1 (1 page/slide/section)" in capsys.readouterr().out


def test_status_and_the_index_summary_say_without_text(tmp_path, data_dir, capsys):
    library = tmp_path / "one"
    library.mkdir()
    (library / "intro.md").write_text("We help finance teams.\n", encoding="utf-8")
    (library / "empty.md").write_text("", encoding="utf-8")
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data_dir)]) == 0
    assert "(1 without text)" in capsys.readouterr().out
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    assert "Problems:     1 (1 without text)" in capsys.readouterr().out
    assert main(["problems", "--data-dir", str(data_dir)]) == 0
    assert "empty.md\n  without text: " in capsys.readouterr().out


@pytest.mark.parametrize("command", [["status"], ["problems"], ["insights", "--json"], ["whats-new"]])
def test_a_command_opens_the_data_folder_once(command, indexed, data_dir, monkeypatch, capsys):
    opened = []
    real_open_db = context_mod.open_db
    monkeypatch.setattr(context_mod, "open_db", lambda *a: opened.append(a) or real_open_db(*a))
    assert main([*command, "--data-dir", str(data_dir)]) == 0
    assert len(opened) == 1
