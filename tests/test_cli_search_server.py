"""`enablement search` with an organisation server in Settings prints the organisation's stars and
opens, as the window's result rows do, and says so; an unreachable server leaves the laptop's own
figures, with a one-line note. Against a real PostgreSQL server (tests/support/postgres.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enablement_desktop.cli import main
from enablement_desktop.context import open_context
from enablement_desktop.server.sync import copy_events
from enablement_desktop.usage.events import record_event
from tests.support.library import build_sample_library
from tests.support.org_server import event_row, new_org

CASE_STUDY = "case-studies/halvorsen.pdf"
QUERY = "invoice processing cost"


@pytest.fixture
def ann(tmp_path: Path, monkeypatch, capsys) -> Path:
    """Ann's data dir: the sample library indexed, her own rating (5) and one open of the case study."""
    monkeypatch.delenv("ENABLEMENT_DATA_DIR", raising=False)
    data = tmp_path / "ann"
    library = build_sample_library(tmp_path / "library")
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data)]) == 0
    ctx = open_context(data)
    ctx.settings.user, ctx.settings.team = "ann", "East"
    ctx.save_settings()
    record_event(ctx.db, ctx.settings, "rate", asset_path=CASE_STUDY, rating=5)
    record_event(ctx.db, ctx.settings, "open", asset_path=CASE_STUDY)
    ctx.close()
    capsys.readouterr()
    return data


def use_server(data: Path, dsn: str) -> None:
    ctx = open_context(data)
    ctx.settings.server_dsn = dsn
    ctx.save_settings()
    ctx.close()


def search(data: Path, capsys, *more: str, query: str = QUERY) -> str:
    assert main(["search", query, "--data-dir", str(data), *more]) == 0
    return capsys.readouterr().out


def hit_line(out: str) -> str:
    """The case study's first line: title · type · page · stars · opens."""
    lines = out.splitlines()
    return lines[lines.index(f"  {CASE_STUDY}") - 1]


def test_without_a_server_the_laptops_figures_are_printed_without_a_word_about_a_server(ann, capsys):
    out = search(ann, capsys)
    assert hit_line(out).endswith("·  ★ 5.0 (1)  ·  1 open")
    assert "server" not in out
    assert json.loads(search(ann, capsys, "--json"))["usage"] == {"source": "laptop", "server": "", "note": ""}


def test_with_a_server_the_organisations_figures_are_printed_and_named(ann, pg_server, capsys):
    org = new_org(pg_server)
    with org.connect("bob") as bob:  # a colleague's rating and two opens, already on the server
        copy_events(bob, [tuple(event_row("bob", team="West", kind=kind, asset_path=CASE_STUDY, **more).values())
                          for kind, more in (("rate", {"rating": 2}), ("open", {}), ("open", {}))])
    use_server(ann, org.dsn("ann"))
    out = search(ann, capsys)
    assert hit_line(out).endswith("·  ★ 2.0 (1)  ·  2 opens")  # bob's, not ann's unsynced 5 and 1
    assert f"Stars and opens: the organisation's, from the server ({org.dbname} on " in out
    assert "note:" not in out
    data = json.loads(search(ann, capsys, "--json"))
    assert data["usage"]["source"] == "server" and data["usage"]["note"] == ""
    hit = next(h for h in data["hits"] if h["path"] == CASE_STUDY)
    assert (hit["rating"], hit["ratings"], hit["opens"]) == (2.0, 1, 2)
    # rating:>= filters by the same figures: the server's 2 stars, not the laptop's 5.
    assert json.loads(search(ann, capsys, "--json", query=f"{QUERY} rating:>=4"))["total"] == 0


def test_an_unreachable_server_falls_back_to_the_laptop_with_a_one_line_note(ann, tmp_path, capsys):
    use_server(ann, f"host={tmp_path} port=1 dbname=enablement user=ann")  # no server listens there
    out = search(ann, capsys)
    notes = [line for line in out.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert notes[0].startswith("note: the organisation server gave no figures (cannot reach the server: ")
    assert notes[0].endswith("); stars and opens are this laptop's own.")
    assert hit_line(out).endswith("·  ★ 5.0 (1)  ·  1 open")
    assert "Stars and opens: the organisation's" not in out
    usage = json.loads(search(ann, capsys, "--json"))["usage"]
    assert usage["source"] == "laptop" and usage["note"] == notes[0].removeprefix("note: ")
