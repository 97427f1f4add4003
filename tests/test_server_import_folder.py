"""`server import-folder`: a team's shared-folder history moves to the server under the folder's rules."""

from __future__ import annotations

import pytest

from enablement_desktop.cli import main
from enablement_desktop.context import open_context
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.sync import flush, writer_name
from tests.support.org_server import new_org


@pytest.fixture(scope="module")
def org(pg_server):
    return new_org(pg_server)


def test_import_folder_applies_the_folder_rules_and_twice_changes_nothing(org, tmp_path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    for name, team in (("cat", "East"), ("dan", "West")):
        ctx = open_context(tmp_path / name)
        ctx.settings.user, ctx.settings.device, ctx.settings.team = name, f"{name}-pc", team
        for i in range(40):
            record_event(ctx.db, ctx.settings, "open", asset_path=f"decks/{i}.pptx")
        record_event(ctx.db, ctx.settings, "rate", asset_path="decks/1.pptx", rating=3)
        flush(ctx.db, ctx.settings, shared)
        writer = writer_name(ctx.settings)
        ctx.close()
    # A segment with a forged writer line and a half-written one: the folder import refuses both.
    folder = shared / "events" / writer
    [good] = sorted(folder.glob("*.jsonl"))
    (folder / "20260101T000000000Z-000009-deadbeef.jsonl").write_bytes(good.read_bytes()[:-30])
    forged = shared / "events" / "eve@pc"
    forged.mkdir()
    (forged / good.name).write_bytes(good.read_bytes())

    assert main(["server", "import-folder", str(shared), "--dsn", org.dsn("ivy")]) == 0
    out = capsys.readouterr().out
    assert "82 valid events" in out and "82 new on the server" in out
    assert "footer" in out or "cut short" in out
    assert "writer" in out
    assert org.count() == 82
    with org.connect() as conn:
        teams = dict(conn.execute('SELECT "user", min(team) FROM enablement.events GROUP BY 1'))
        stats = conn.execute("SELECT ratings FROM enablement.asset_stats WHERE asset_path = 'decks/1.pptx'").fetchone()
    assert teams == {"cat": "East", "dan": "West"} and stats == (2,)

    assert main(["server", "import-folder", str(shared), "--dsn", org.dsn("ivy")]) == 0
    assert "0 new on the server" in capsys.readouterr().out
    assert org.count() == 82


def test_a_seller_cannot_import_a_folder_of_other_peoples_events(org, tmp_path, capsys):
    shared = tmp_path / "shared"
    ctx = open_context(tmp_path / "x")
    ctx.settings.user, ctx.settings.device = "zed", "pc"
    record_event(ctx.db, ctx.settings, "open", asset_path="a.pdf")
    shared.mkdir()
    flush(ctx.db, ctx.settings, shared)
    ctx.close()
    before = org.count()
    assert main(["server", "import-folder", str(shared), "--dsn", org.dsn("ann")]) == 1
    assert "row-level security" in capsys.readouterr().err
    assert org.count() == before


def test_import_folder_needs_a_shared_folder(org, tmp_path, capsys):
    assert main(["server", "import-folder", str(tmp_path), "--dsn", org.dsn("ivy")]) == 2
    assert "no events/ folder" in capsys.readouterr().err
