"""Hostile and mistaken command lines: a message and exit 2, never a traceback, and a refusal changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from enablement_desktop import settings as settings_mod
from enablement_desktop.cli import MAX_WORKERS, main
from enablement_desktop.store.lock import InstanceLock
from tests.support.library import build_sample_library

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def indexed(tmp_path: Path, capsys) -> tuple[Path, Path]:
    library = build_sample_library(tmp_path / "library")
    data = tmp_path / "data"
    assert main(["index", "--library", str(library), "--workers", "0", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    return library, data


def test_an_index_refused_by_the_lock_does_not_change_the_remembered_library(indexed, tmp_path, capsys):
    library, data = indexed
    other = tmp_path / "other"
    other.mkdir()
    lock = InstanceLock(data).acquire()
    try:
        assert main(["index", "--library", str(other), "--data-dir", str(data)]) == 1
    finally:
        lock.release()
    assert "enablement:" in capsys.readouterr().err
    assert settings_mod.load(data).library == str(library.resolve())
    # And the next plain index works on the library that was there, removing nothing.
    assert main(["search", "pricing", "--json", "--data-dir", str(data)]) == 0
    before = json.loads(capsys.readouterr().out)["total"]
    assert main(["index", "--workers", "0", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert main(["search", "pricing", "--json", "--data-dir", str(data)]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == before > 0


@pytest.mark.parametrize("workers", ["-1", str(MAX_WORKERS + 1), "40"])
def test_worker_counts_out_of_range_are_refused(indexed, workers, capsys):
    _, data = indexed
    assert main(["index", "--workers", workers, "--data-dir", str(data)]) == 2
    assert "--workers must be from 0 to" in capsys.readouterr().err


@pytest.mark.parametrize("query, message", [
    ([""], "the query is empty"),
    (["   "], "the query is empty"),
    (["x" * 10_001], "at most 1,000 are searched"),
])
def test_empty_and_huge_queries_are_usage_errors(indexed, query, message, capsys):
    _, data = indexed
    assert main(["search", *query, "--data-dir", str(data)]) == 2
    assert message in capsys.readouterr().err


def test_one_result_is_one_asset(indexed, capsys):
    _, data = indexed
    assert main(["search", '"invoice processing cost"', "--data-dir", str(data)]) == 0
    assert "1 asset (" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--until", "9999-12-31"], "between 2000-01-01 and 2100-12-31"),
    (["--since", "0001-01-01"], "between 2000-01-01 and 2100-12-31"),
    (["--weeks", "1000000"], "--weeks must be from 1 to 520"),
    (["--days", "100000000"], "--days from 1 to 3,660"),
])
def test_insights_ranges_out_of_bounds_are_usage_errors(indexed, args, message, capsys):
    _, data = indexed
    assert main(["insights", *args, "--data-dir", str(data)]) == 2
    assert message in capsys.readouterr().err


def test_a_non_utf8_argument_is_a_usage_error_not_a_traceback(indexed):
    _, data = indexed
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"enablement_desktop", b"search", b"pric\xffing"], cwd=ROOT,
        env={**os.environ, "ENABLEMENT_DATA_DIR": str(data)}, capture_output=True, timeout=120)
    assert proc.returncode == 2
    assert b"not valid UTF-8" in proc.stderr and b"Traceback" not in proc.stderr


def test_output_cut_short_by_head_ends_quietly(indexed):
    _, data = indexed
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    env = {**os.environ, "ENABLEMENT_DATA_DIR": str(data)}
    # Many rows, so the writer is still printing when `head` has gone.
    proc = subprocess.run([sys.executable, "-m", "enablement_desktop", "search", "pricing OR tidewater OR the",
                           "--limit", "500"], cwd=ROOT, env=env, stdout=reader.stdin, stderr=subprocess.PIPE,
                          timeout=120)
    reader.stdin.close()
    reader.wait()
    assert b"Broken pipe" not in proc.stderr and b"Traceback" not in proc.stderr
    assert proc.returncode == 0


def test_deeply_nested_surrogate_and_endless_brief_files_are_refused(tmp_path, capsys):
    data = tmp_path / "data"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text('{"offering": "Ledger \\ud83d", "who_we_are": "x"}')
    out = str(tmp_path / "out.pdf")
    assert main(["brief", "export", str(deep), "-o", out, "--data-dir", str(data)]) == 2
    assert "nested far too deeply" in capsys.readouterr().err
    assert main(["brief", "export", str(surrogate), "-o", out, "--data-dir", str(data)]) == 2
    assert "broken character" in capsys.readouterr().err
    assert main(["brief", "export", "/dev/zero", "-o", out, "--data-dir", str(data)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert not Path(out).exists()
