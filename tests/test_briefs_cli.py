"""`enablement brief export|new|list`, exercised through argparse like the real CLI."""

from __future__ import annotations

import argparse
import io
import json

import pytest
from pypdf import PdfReader

from enablement_desktop import paths
from enablement_desktop import settings as settings_mod
from enablement_desktop.briefs.commands import add_commands
from enablement_desktop.briefs.model import brief_from_json
from enablement_desktop.briefs.templates import TEMPLATES_DIR
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db


def run(*argv: str) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    parser = argparse.ArgumentParser(prog="enablement")
    add_commands(parser.add_subparsers(), common)
    args = parser.parse_args(argv)
    return args.handler(args)


@pytest.fixture
def data_dir(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    settings_mod.save(root, Settings(user="dana", team="west", device="laptop-7"))
    db = open_db(paths.database_path(root))
    for path, title, approved, expires in (
        ("decks/ledger-cfo.pptx", "Tidewater Ledger for CFOs", 1, ""),
        ("case-studies/halvorsen.pdf", "Halvorsen Freight case study", 1, "2099-12-31"),
        ("old/ledger-2023.pdf", "Ledger 2023 pricing", 1, "2024-01-01"),
    ):
        db["assets"].insert({
            "path": path, "title": title, "type": "pdf", "size": 1, "mtime_ns": 1, "sha256": "ab" * 32,
            "product": "Tidewater Ledger", "persona": "CFO", "approved": approved, "expires": expires,
            "updated_at": "2026-11-01T00:00:00.000Z",
        })
    db.conn.close()
    return root


def write_brief(tmp_path, collateral, name="ledger-cfo.json"):
    brief = json.loads((TEMPLATES_DIR / "cfo.json").read_text(encoding="utf-8"))
    brief["collateral"] = collateral
    path = tmp_path / name
    path.write_text(json.dumps(brief), encoding="utf-8")
    return path


def events(data_dir):
    db = open_db(paths.database_path(data_dir))
    try:
        cursor = db.conn.execute("SELECT * FROM events WHERE kind = 'brief_export' ORDER BY asset_path")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]
    finally:
        db.conn.close()


def test_export_writes_one_page_stores_a_version_and_records_each_asset(tmp_path, data_dir, capsys):
    source = write_brief(tmp_path, [
        {"path": "decks/ledger-cfo.pptx", "page": 7},
        {"path": "case-studies/halvorsen.pdf", "page": 3},
        {"path": "decks/ledger-cfo.pptx", "page": 2},  # cited twice: still one event
    ])
    out = tmp_path / "ledger.pdf"
    assert run("brief", "export", str(source), "-o", str(out), "--paper", "a4", "--data-dir", str(data_dir)) == 0
    assert "Wrote" in capsys.readouterr().out
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.height) == pytest.approx(841.89, abs=0.01)
    text = reader.pages[0].extract_text()
    assert "Tidewater Ledger for CFOs" in text and "v1" in text  # title filled from the library

    rows = events(data_dir)
    assert [(r["asset_path"], r["page"]) for r in rows] == [
        ("case-studies/halvorsen.pdf", 3), ("decks/ledger-cfo.pptx", 7)]
    assert {(r["user"], r["team"], r["device"], r["asset_sha256"]) for r in rows} == {
        ("dana", "west", "laptop-7", "ab" * 32)}
    data = [json.loads(r["data"]) for r in rows]
    assert data[0] == data[1] and data[0]["version"] == 1 and data[0]["paper"] == "a4"

    # a changed brief exported again is the next version of the same stored brief
    source.write_text(source.read_text(encoding="utf-8").replace("Your product", "Tidewater Ledger"), encoding="utf-8")
    assert run("brief", "export", str(source), "-o", str(out), "--data-dir", str(data_dir)) == 0
    assert "v2" in PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    capsys.readouterr()
    assert run("brief", "list", "--data-dir", str(data_dir)) == 0
    listing = capsys.readouterr().out
    assert "v2" in listing and "ledger-cfo" in listing

    db = open_db(paths.database_path(data_dir))
    counts = dict(db.conn.execute(
        "SELECT asset_path, COUNT(*) FROM events WHERE kind = 'brief_export' AND asset_path != '' "
        "GROUP BY asset_path").fetchall())
    db.conn.close()
    assert counts == {"case-studies/halvorsen.pdf": 2, "decks/ledger-cfo.pptx": 2}


def test_export_without_collateral_is_still_one_event(tmp_path, data_dir):
    source = write_brief(tmp_path, [])
    assert run("brief", "export", str(source), "-o", str(tmp_path / "x.pdf"), "--data-dir", str(data_dir)) == 0
    assert [r["asset_path"] for r in events(data_dir)] == [""]


def test_expired_asset_is_refused_by_name_and_nothing_is_written(tmp_path, data_dir, capsys):
    source = write_brief(tmp_path, [{"path": "decks/ledger-cfo.pptx"}, {"path": "old/ledger-2023.pdf"}])
    out = tmp_path / "ledger.pdf"
    assert run("brief", "export", str(source), "-o", str(out), "--data-dir", str(data_dir)) == 1
    err = capsys.readouterr().err
    assert '"Ledger 2023 pricing" (old/ledger-2023.pdf) expired on 2024-01-01' in err
    assert not out.exists() and events(data_dir) == []
    capsys.readouterr()
    run("brief", "list", "--data-dir", str(data_dir))
    assert "No stored briefs yet" in capsys.readouterr().out


def test_bad_input_is_a_usage_error(tmp_path, data_dir, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"offering": "X", "why_care": [{"pain": "a"}, {"pain": 2}], "offerng": 1}', encoding="utf-8")
    assert run("brief", "export", str(bad), "-o", str(tmp_path / "x.pdf"), "--data-dir", str(data_dir)) == 2
    err = capsys.readouterr().err
    assert "why_care[1].pain: expected text, got number" in err
    assert 'unknown key "offerng" — did you mean "offering"?' in err
    assert run("brief", "export", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.pdf"),
               "--data-dir", str(data_dir)) == 2
    assert "cannot read" in capsys.readouterr().err
    assert run("brief", "export", str(bad), "-o", str(tmp_path / "no" / "x.pdf"), "--data-dir", str(data_dir)) == 2


def test_new_from_asset_writes_an_editable_brief(tmp_path, data_dir, capsys):
    out = tmp_path / "draft.json"
    assert run("brief", "new", "--from", "decks/ledger-cfo.pptx", "-o", str(out), "--data-dir", str(data_dir)) == 0
    printed = capsys.readouterr().out
    assert 'Started from the "cfo" template.' in printed and "brief export" in printed
    brief = brief_from_json(out.read_text(encoding="utf-8"))
    assert brief.offering == "Tidewater Ledger" and brief.owner.name == "dana"
    assert [c.path for c in brief.collateral] == ["case-studies/halvorsen.pdf", "decks/ledger-cfo.pptx"]

    assert run("brief", "new", "--from", "decks/ledger-cfo.pptx", "-o", str(out), "--data-dir", str(data_dir)) == 2
    assert "--force" in capsys.readouterr().err
    assert run("brief", "new", "--from", "nope.pdf", "-o", str(tmp_path / "n.json"), "--data-dir", str(data_dir)) == 2
    assert '"nope.pdf" is not in the library database' in capsys.readouterr().err
