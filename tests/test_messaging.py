"""The messaging library (messaging/*.json) and briefs built from its blocks."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from enablement_desktop import paths
from enablement_desktop import settings as settings_mod
from enablement_desktop.briefs.block_links import (
    fill_from_messaging,
    resolve_blocks,
    start_from_template,
)
from enablement_desktop.briefs.commands import add_commands
from enablement_desktop.briefs.export import export_brief
from enablement_desktop.briefs.messaging import (
    Block,
    MessagingError,
    delete_block,
    load_messaging,
    save_block,
)
from enablement_desktop.briefs.messaging_usage import messaging_usage, most_rewritten, never_used
from enablement_desktop.briefs.model import Brief, brief_from_json, brief_to_json
from enablement_desktop.paths import REPO_ROOT
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.filters import Filters
from tests.support.indexed import empty_library
from tests.support.messaging import BLOCKS, META, write_messaging

TODAY = date(2026, 12, 1)


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "library"
    write_messaging(root)
    return root


@pytest.fixture
def data_dir(tmp_path, library):
    root = tmp_path / "data"
    root.mkdir()
    settings_mod.save(root, Settings(user="dana", team="west", device="laptop-7", library=str(library)))
    return root


def run(*argv: str) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    parser = argparse.ArgumentParser(prog="enablement")
    add_commands(parser.add_subparsers(), common)
    args = parser.parse_args(argv)
    return args.handler(args)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


# -- the library -----------------------------------------------------------------


def test_blocks_load_and_fit_by_product_and_persona(library):
    messaging = load_messaging(library)
    assert messaging.problems == [] and len(messaging.blocks) == len(BLOCKS)
    proof = messaging.get("proof-halvorsen")
    assert proof.file == "messaging/ledger.json" and proof.source.page == 3 and len(proof.version) == 8
    # a block without a product fits every product; "Ledger" names "Tidewater Ledger"; aliases match
    assert [b.id for b in messaging.fitting("differentiator", "Ledger", "VP Finance", TODAY)] == ["diff-languages"]
    assert [b.id for b in messaging.fitting("discovery_question", "Tidewater Pulse", "finance", TODAY)] == ["ask-close"]
    assert messaging.fitting("discovery_question", "", "VP Sales", TODAY) == []
    # expired blocks are never offered
    assert [b.id for b in messaging.fitting("proof_point", "Ledger", "", TODAY)] == ["proof-halvorsen"]


def test_a_malformed_messaging_file_is_reported_not_fatal(tmp_path):
    root = tmp_path / "library"
    write_messaging(root)
    (root / "messaging" / "broken.json").write_text('{"blocks": [', encoding="utf-8")
    write_messaging(root, "mixed.json", [
        {"id": "good-one", "kind": "proof_point", "text": "Fine.", **META},
        {"id": "bad kind", "kind": "slogan", "text": "x", **META},
        {"id": "who", "kind": "who_we_are", "text": "Duplicate id.", **META},
        {"id": "no-dates", "kind": "objection", "objection": "Too pricey.", "response": "", "owner": "A",
         "approved": "soon"},
    ])
    messaging = load_messaging(root)
    assert "good-one" in messaging.blocks and "who" in messaging.blocks  # the rest still loads
    assert messaging.get("who").text.startswith("Tidewater")  # the first of a duplicate wins
    problems = [str(p) for p in messaging.problems]
    assert problems[0].startswith("messaging/broken.json: not valid JSON: line 1")
    assert 'messaging/mixed.json: blocks[1].id: "bad kind" — use letters' in problems[1]
    assert "messaging/mixed.json: blocks[1].kind: expected one of who_we_are, why_care" in problems[2]
    assert 'messaging/mixed.json: blocks[2].id: "who" is already used by messaging/ledger.json blocks[0]' in problems
    assert "messaging/mixed.json: blocks[3].response: required" in problems
    assert "messaging/mixed.json: blocks[3].approved: expected a date like 2026-06-30, got \"soon\"" in problems
    assert "messaging/mixed.json: blocks[3].expires: required — a date like 2026-06-30" in problems


def test_indexing_skips_messaging_and_lists_broken_files_in_problems(tmp_path):
    with empty_library(tmp_path) as lib:
        lib.md("notes.md", "zebra")
        write_messaging(lib.root)
        (lib.root / "messaging" / "broken.json").write_text('{"blocks": [{"id": 3}]}', encoding="utf-8")
        (lib.root / "messaging" / "readme.md").write_text("# How to edit\n", encoding="utf-8")
        summary = lib.update()
        assert lib.assets() == {"notes.md": 0}  # messaging files are not collateral
        reason, detail = lib.problems()["messaging/broken.json"]
        assert reason == "invalid messaging"
        assert "blocks[0].id: expected text" in detail and "blocks[0].kind: expected one of" in detail
        assert any(m.startswith("messaging/broken.json: blocks[0].id") for m in summary.messages)
        # fixed: the row goes at the next run
        (lib.root / "messaging" / "broken.json").write_text('{"blocks": []}', encoding="utf-8")
        lib.update()
        assert "messaging/broken.json" not in lib.problems()


def test_check_and_list_commands(library, data_dir, capsys):
    assert run("messaging", "check", "--data-dir", str(data_dir)) == 0
    out = capsys.readouterr().out
    assert "proof-old: expired on 2025-12-31" in out and "8 blocks in 1 file, 0 problems, 1 expired" in out
    (library / "messaging" / "bad.json").write_text("[]", encoding="utf-8")
    assert run("messaging", "check", "--library", str(library)) == 1
    assert 'messaging/bad.json: expected {"blocks": [ … ]}' in capsys.readouterr().out

    assert run("messaging", "list", "--json", "--data-dir", str(data_dir)) == 0
    listed = json.loads(capsys.readouterr().out)
    by_id = {b["id"]: b for b in listed["blocks"]}
    assert by_id["proof-old"]["status"] == "expired" and by_id["who"]["status"] == "current"
    assert by_id["why-close"]["pain"] == "Close takes 11 days." and by_id["why-close"]["file"] == "messaging/ledger.json"
    assert listed["problems"] == [{"path": "messaging/bad.json", "message": 'expected {"blocks": [ … ]}'}]
    assert run("messaging", "list", "--data-dir", str(data_dir)) == 0
    assert "obj-erp  (objection; Tidewater Ledger; until 2099-12-31)" in capsys.readouterr().out


def test_saving_a_block_rewrites_only_its_entry_atomically(library):
    path = library / "messaging" / "ledger.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["blocks"].append({"id": "draft", "kind": "proof_point"})  # invalid: kept as it is
    path.write_text(json.dumps(raw), encoding="utf-8")
    messaging = load_messaging(library)
    edited = Block(**{**messaging.get("diff-languages").__dict__, "text": "Reads invoices in 40 languages."})
    save_block(library, edited, replaces="diff-languages")
    after = json.loads(path.read_text(encoding="utf-8"))["blocks"]
    assert after[4]["text"] == "Reads invoices in 40 languages." and after[-1] == {"id": "draft", "kind": "proof_point"}
    assert [b["id"] for b in after] == [b["id"] for b in raw["blocks"]]
    assert not list(path.parent.glob(".*.tmp"))
    # a new block goes to messaging/blocks.json; a taken id is refused
    new = Block(id="new-proof", kind="proof_point", text="New.", owner="A", approved=TODAY, expires=TODAY)
    assert save_block(library, new).file == "messaging/blocks.json"
    with pytest.raises(MessagingError, match='"who" is already used'):
        save_block(library, Block(**{**new.__dict__, "id": "who", "file": ""}))
    with pytest.raises(MessagingError, match="text: required"):
        save_block(library, Block(**{**new.__dict__, "text": ""}))
    delete_block(library, "new-proof")
    assert load_messaging(library).get("new-proof") is None
    # a file that is not valid JSON is never overwritten (its content would be lost)
    path.write_text("{oops", encoding="utf-8")
    with pytest.raises(MessagingError, match="fix the file by hand first"):
        save_block(library, Block(**{**new.__dict__, "id": "x", "file": "messaging/ledger.json"}))
    assert path.read_text(encoding="utf-8") == "{oops"


# -- briefs made of blocks ---------------------------------------------------------


def test_a_brief_made_of_blocks_renders_with_the_blocks_text(tmp_path, library, data_dir):
    brief = brief_from_json({
        "offering": "Tidewater Ledger", "audience": {"persona": "CFO"},
        "who_we_are": {"block": "who"},
        "why_care": [{"block": "why-close"}, {"pain": "My own pain.", "outcome": "My own outcome."}],
        "proof_points": [{"block": "proof-halvorsen"}, "A line of my own."],
        "objections": [{"block": "obj-erp"}],
    })
    ctx_db = open_db(paths.database_path(data_dir))
    settings = settings_mod.load(data_dir)
    out = tmp_path / "brief.pdf"
    exported = export_brief(ctx_db, settings, brief, out, name="blocks", today=TODAY)
    text = pdf_text(out.read_bytes())
    for expected in ("Tidewater builds finance software for 1,400 companies.", "Close takes 11 days.",
                     "Close in 4 days.", "Halvorsen Freight cut invoice cost 62%.", "A line of my own.",
                     "Our ERP does this.", "Scanning digitises paper; Ledger removes the work."):
        assert expected in text
    assert exported.changes == []  # filling an empty block is not a change to show
    data = json.loads(ctx_db.execute("SELECT data FROM events WHERE kind = 'brief_export'").fetchone()[0])
    assert data["blocks"] == [
        {"id": "who", "kind": "who_we_are", "version": load_messaging(library).get("who").version, "edited": False},
        {"id": "why-close", "kind": "why_care", "version": load_messaging(library).get("why-close").version,
         "edited": False},
        {"id": "proof-halvorsen", "kind": "proof_point",
         "version": load_messaging(library).get("proof-halvorsen").version, "edited": False},
        {"id": "obj-erp", "kind": "objection", "version": load_messaging(library).get("obj-erp").version,
         "edited": False},
    ]
    # the stored version holds the text too, so it reads (and prints) on its own
    stored = json.loads(ctx_db.execute("SELECT body FROM brief_versions").fetchone()[0])
    assert stored["who_we_are"]["text"].startswith("Tidewater builds") and stored["who_we_are"]["block"] == "who"
    ctx_db.conn.close()


def test_an_expired_or_unknown_block_is_refused_by_its_id(tmp_path, library, data_dir, capsys):
    source = tmp_path / "brief.json"
    source.write_text(json.dumps({
        "offering": "Tidewater Ledger",
        "proof_points": [{"block": "proof-old"}, {"block": "proof-halvorson"}],
        "differentiators": [{"block": "ask-close"}],
    }), encoding="utf-8")
    out = tmp_path / "brief.pdf"
    assert run("brief", "export", str(source), "-o", str(out), "--data-dir", str(data_dir)) == 1
    err = capsys.readouterr().err
    assert 'proof point 1: block "proof-old" expired on 2025-12-31' in err
    assert 'proof point 2: unknown block "proof-halvorson" — did you mean "proof-halvorsen"?' in err
    assert 'differentiator 1: block "ask-close" is a discovery question, not a differentiator' in err
    assert not out.exists()
    db = open_db(paths.database_path(data_dir))
    assert db.execute("SELECT count(*) FROM brief_versions").fetchone()[0] == 0  # nothing stored either
    db.conn.close()


def test_editing_a_block_makes_it_the_sellers_text_and_marks_it_edited(library):
    messaging = load_messaging(library)
    filled, _ = fill_from_messaging(Brief(offering="Tidewater Ledger"), messaging, "Ledger", "CFO", TODAY)
    raw = json.loads(brief_to_json(filled))
    raw["differentiators"][0]["text"] = "Reads invoices in every language our customers use."  # edited by hand
    brief = brief_from_json(raw)
    resolution = resolve_blocks(brief, messaging, TODAY)
    assert resolution.problems == [] and resolution.changes == []
    assert resolution.brief.differentiators == ["Reads invoices in every language our customers use."]
    assert resolution.brief.links["differentiators[0]"].edited
    assert not resolution.brief.links["proof_points[0]"].edited
    assert json.loads(brief_to_json(resolution.brief))["differentiators"][0]["edited"] is True


def test_a_block_changed_since_the_brief_was_saved_is_updated_and_the_change_shown(library):
    messaging = load_messaging(library)
    saved, _ = fill_from_messaging(Brief(offering="Tidewater Ledger"), messaging, "Ledger", "CFO", TODAY)
    blocks = [dict(b) for b in BLOCKS]
    blocks[2]["text"] = "Halvorsen Freight cut invoice cost 64%."
    write_messaging(library, blocks=blocks)
    resolution = resolve_blocks(brief_from_json(brief_to_json(saved)), load_messaging(library), TODAY)
    assert resolution.brief.proof_points == ["Halvorsen Freight cut invoice cost 64%."]
    assert [str(c) for c in resolution.changes] == [
        'proof point 1 (block "proof-halvorsen"): “Halvorsen Freight cut invoice cost 62%.” → '
        "“Halvorsen Freight cut invoice cost 64%.”"
    ]
    assert resolution.brief.links["proof_points[0]"].version == load_messaging(library).get("proof-halvorsen").version


def test_usage_counts_are_exact_after_exports(tmp_path, library, data_dir):
    db = open_db(paths.database_path(data_dir))
    db["assets"].insert({"path": "a.pdf", "title": "A", "type": "pdf", "size": 1, "mtime_ns": 1, "sha256": "ab" * 32,
                         "approved": 1, "expires": "", "updated_at": "2026-11-01T00:00:00.000Z"})
    db["assets"].insert({"path": "b.pdf", "title": "B", "type": "pdf", "size": 1, "mtime_ns": 1, "sha256": "cd" * 32,
                         "approved": 1, "expires": "", "updated_at": "2026-11-01T00:00:00.000Z"})
    settings = settings_mod.load(data_dir)
    messaging = load_messaging(library)
    base = {"offering": "Tidewater Ledger", "collateral": [{"path": "a.pdf"}, {"path": "b.pdf"}]}
    approved = brief_from_json({**base, "who_we_are": {"block": "who"}, "proof_points": [{"block": "proof-halvorsen"}]})
    rewritten = brief_from_json({**base, "who_we_are": {"block": "who", "edited": True, "text": "We are Tidewater."},
                                 "proof_points": [{"block": "proof-halvorsen"}, {"block": "proof-halvorsen"}]})
    for brief in (approved, approved, rewritten):  # 3 exports, each with 2 asset rows
        export_brief(db, settings, brief, tmp_path / "b.pdf", name="x", today=TODAY, messaging=messaging)
    uses = {u.id: u for u in messaging_usage(db, messaging)}
    assert (uses["who"].used_on_briefs, uses["who"].edited) == (3, 1)
    assert (uses["proof-halvorsen"].used_on_briefs, uses["proof-halvorsen"].edited) == (3, 0)  # twice on one: once
    assert uses["diff-languages"].used_on_briefs == 0 and uses["diff-languages"].last_used == ""
    assert uses["who"].last_used.startswith(date.today().isoformat()[:4])
    assert {u.id for u in never_used(list(uses.values()), messaging)} == set(uses) - {"who", "proof-halvorsen"}
    assert [u.id for u in most_rewritten(list(uses.values()))] == ["who"]
    # product filter keeps blocks for that product or for every product
    pulse = {u.id for u in messaging_usage(db, messaging, filters=Filters(product="Tidewater Pulse"))}
    assert "pulse-diff" in pulse and "who" in pulse and "diff-languages" not in pulse
    db.conn.close()


def test_insights_json_lists_messaging(tmp_path, library, data_dir, capsys):
    from enablement_desktop.cli import main

    db = open_db(paths.database_path(data_dir))
    brief = brief_from_json({"offering": "Tidewater Ledger", "who_we_are": {"block": "who"}})
    export_brief(db, settings_mod.load(data_dir), brief, tmp_path / "b.pdf", name="x", today=TODAY)
    db.conn.close()
    assert main(["insights", "--json", "--data-dir", str(data_dir)]) == 0
    listed = json.loads(capsys.readouterr().out)["messaging"]
    assert listed[0]["id"] == "who" and listed[0]["used_on_briefs"] == 1 and listed[0]["edited"] == 0
    assert set(listed[0]) == {"id", "kind", "used_on_briefs", "edited", "last_used"}
    assert len(listed) == len(BLOCKS)


def test_starting_from_a_template_fills_approved_blocks_first(library):
    brief, notes = start_from_template("cfo", load_messaging(library), today=TODAY)
    assert brief.offering == "Tidewater Ledger"  # the product with the most blocks for a CFO
    assert brief.who_we_are.startswith("Tidewater builds")
    assert brief.proof_points == ["Halvorsen Freight cut invoice cost 62%."]  # not the expired one
    assert brief.differentiators == ["Reads invoices in 38 languages."]
    assert brief.links["who_we_are"].id == "who"
    # nothing approved fits: the template's example stays, and the notes say so
    assert brief.objections[0].objection == "Our ERP does this."
    assert notes[0] == "Started from the CFO example."
    assert not any("No approved messaging fits" in n for n in notes)
    bare, notes = start_from_template("cio", load_messaging(library), today=TODAY)
    assert bare.why_care[0].pain.startswith("Example pain:")  # the why-care block is for CFOs only
    assert any("No approved messaging fits for why care" in n for n in notes)


def test_long_fields_are_shortened_on_the_page_not_refused(tmp_path, data_dir, capsys):
    long = "Tidewater builds software " + "that keeps finance calm " * 20
    source = tmp_path / "long.json"
    source.write_text(json.dumps({"offering": "Tidewater Ledger", "who_we_are": long}), encoding="utf-8")
    out = tmp_path / "long.pdf"
    assert run("brief", "export", str(source), "-o", str(out), "--data-dir", str(data_dir)) == 0
    captured = capsys.readouterr()
    assert f"who we are shortened to 300 characters (was {len(long.strip())})" in captured.err
    assert "1 text shortened" in captured.out
    text = pdf_text(out.read_bytes())
    assert "Tidewater builds software that keeps finance calm" in text and "…" in text
    # the brief as stored keeps every character the seller wrote
    db = open_db(paths.database_path(data_dir))
    stored = json.loads(db.execute("SELECT body FROM brief_versions").fetchone()[0])
    assert stored["who_we_are"] == long.strip()
    db.conn.close()


def test_the_demo_library_has_valid_messaging_built_by_its_script(tmp_path):
    demo = REPO_ROOT / "resources" / "demo_library"
    messaging = load_messaging(demo)
    assert messaging.problems == [] and len(messaging.blocks) > 40
    from resources.build_demo_library import write_messaging as build

    (tmp_path / "out").mkdir()
    build(tmp_path / "out")
    for path in (demo / "messaging").glob("*.json"):
        assert (tmp_path / "out" / "messaging" / path.name).read_bytes() == path.read_bytes(), path.name
    assert {p.name for p in (tmp_path / "out" / "messaging").iterdir()} == {
        p.name for p in (demo / "messaging").iterdir()}
    # every persona's template gets approved wording in the demo
    for key in ("cfo", "cio", "vp_sales", "procurement"):
        brief, notes = start_from_template(key, messaging, today=TODAY)
        assert brief.offering.startswith("Tidewater ") and "who_we_are" in brief.links, key
        assert not any("No approved messaging fits" in n for n in notes), (key, notes)

