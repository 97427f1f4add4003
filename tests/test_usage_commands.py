"""`enablement sync` and `enablement insights` as the CLI wires them."""

from __future__ import annotations

import argparse
import json

import pytest

from enablement_desktop.context import open_context
from enablement_desktop.usage.commands import add_commands
from enablement_desktop.usage.events import record_event


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="enablement")
    parser.add_argument("--data-dir")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def data_dir(tmp_path):
    ctx = open_context(tmp_path / "data")
    ctx.settings.user, ctx.settings.team, ctx.settings.device = "ann", "East", "laptop"
    ctx.save_settings()
    record_event(ctx.db, ctx.settings, "open", asset_path="a.pdf")
    record_event(ctx.db, ctx.settings, "search", query="Battle Card", hits=0)
    ctx.close()
    return str(tmp_path / "data")


def test_sync_needs_a_folder(data_dir, capsys):
    assert run("--data-dir", data_dir, "sync") == 2
    assert "No shared folder set. Pass --folder DIR" in capsys.readouterr().err


def test_sync_to_a_folder_then_to_the_settings_folder(data_dir, tmp_path, capsys):
    shared = tmp_path / "shared"
    assert run("--data-dir", data_dir, "sync", "--folder", str(shared)) == 1
    assert capsys.readouterr().out == "shared folder not reachable; 2 events queued\n"
    shared.mkdir()
    assert run("--data-dir", data_dir, "sync", "--folder", str(shared)) == 0
    assert capsys.readouterr().out == "sent 2 events; nothing new received\n"
    ctx = open_context(data_dir)
    ctx.settings.sync_folder = str(shared)
    ctx.save_settings()
    ctx.close()
    (shared / "events" / "stray.txt").write_text("?")
    assert run("--data-dir", data_dir, "sync") == 0
    assert capsys.readouterr().out == (
        "nothing to send; nothing new received; 1 problem (see details)\n"
        "  events/stray.txt: ignored, not a writer folder\n"
    )


def test_insights_json_is_one_object(data_dir, capsys):
    assert run("--data-dir", data_dir, "insights", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "filters", "data_as_of", "opens_heatmap", "unused", "coverage_persona", "coverage_stage",
        "ratings", "send_back_queue", "send_back_page", "content_requests", "activity_by", "activity",
        "messaging",
    }  # fmt: skip
    # no library chosen: the bundled demo stands in, as in the window; nothing used it yet
    assert out["messaging"] and all(m["used_on_briefs"] == 0 for m in out["messaging"])
    assert out["opens_heatmap"]["paths"] == ["a.pdf"]
    assert out["opens_heatmap"]["counts"][0][-1] == 1
    assert out["unused"]["sentence"] == "No assets in the library yet."
    assert out["content_requests"][0]["query"] == "Battle Card"  # as typed
    assert out["activity_by"] == "team"
    assert out["activity"][0]["group"] == "East"


def test_insights_text_and_csv(data_dir, tmp_path, capsys):
    assert (
        run(
            "--data-dir",
            data_dir,
            "insights",
            "--since",
            "2020-01-01",
            "--csv",
            str(tmp_path / "csv"),
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "Opens per week (max 1)" in text
    assert "Searches that found nothing" in text and "Battle Card" in text
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "activity.csv", "content_requests.csv", "coverage_persona.csv", "coverage_stage.csv",
        "messaging.csv", "opens_heatmap.csv", "rating_comments.csv", "ratings.csv", "send_back_queue.csv",
        "unused.csv",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--since", "last week"), "insights: 'since' must be a date like 2026-01-31"),
        (("--weeks", "0"), "insights: --weeks must be from 1 to 520"),
    ],
)
def test_insights_usage_errors(data_dir, capsys, argv, message):
    assert run("--data-dir", data_dir, "insights", *argv) == 2
    assert message in capsys.readouterr().err
