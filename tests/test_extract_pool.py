"""The extraction pool: real worker processes, hung and crashing jobs, cancel."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from enablement_desktop.extract.base import (
    CRASHED,
    ENCRYPTED,
    TIMED_OUT,
    Extracted,
    ExtractError,
    Limits,
)
from enablement_desktop.extract.pool import ExtractPool
from resources.docgen import write_pdf, write_text
from tests.support import bad_files

MEMORY_MB = 1024
MISBEHAVING = {
    ".hang": "tests.support.bad_files:hang",
    ".crash": "tests.support.bad_files:crash",
    ".exit": "tests.support.bad_files:exit_worker",
    ".limits": "tests.support.bad_files:report_memory_limit",
}
Outcomes = dict[str, Extracted | ExtractError]


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractPool]:
    # Shared so the suite pays for spawning workers once; the timeout is
    # generous because only the hang tests should ever reach it.
    with ExtractPool(
        workers=2, timeout_s=30, memory_mb=MEMORY_MB, extra_extractors=MISBEHAVING
    ) as shared:
        yield shared


def run(pool: ExtractPool, paths: list[Path], cancel=lambda: False) -> Outcomes:
    outcomes: Outcomes = {}

    def on_result(path: Path, outcome: Extracted | ExtractError) -> None:
        assert path.name not in outcomes, "one result per file"
        outcomes[path.name] = outcome

    pool.run(paths, Limits(), on_result, cancel)
    return outcomes


def pdfs(folder: Path, count: int) -> list[Path]:
    return [
        write_pdf(folder / f"doc{n}.pdf", [f"Document {n} page one", "Page two"])
        for n in range(count)
    ]


def text_of(outcome: Extracted | ExtractError) -> str:
    assert isinstance(outcome, Extracted), outcome
    return outcome.sections[0].text


def test_normal_run_reports_every_file(pool: ExtractPool, tmp_path: Path) -> None:
    paths = [*pdfs(tmp_path, 4), bad_files.encrypted_pdf(tmp_path / "locked.pdf")]
    outcomes = run(pool, paths)
    assert sorted(outcomes) == sorted(p.name for p in paths)
    assert [text_of(outcomes[f"doc{n}.pdf"]) for n in range(4)] == [
        f"Document {n} page one" for n in range(4)
    ]
    assert outcomes["doc2.pdf"].page_count == 2
    locked = outcomes["locked.pdf"]
    assert isinstance(locked, ExtractError) and locked.reason == ENCRYPTED


def test_crashing_workers_cost_only_their_file(pool: ExtractPool, tmp_path: Path) -> None:
    paths = [
        write_text(tmp_path / "a.crash", "x"),
        *pdfs(tmp_path, 2),
        write_text(tmp_path / "b.exit", "x"),
        write_text(tmp_path / "after.txt", "Still extracted after two crashes."),
    ]
    outcomes = run(pool, paths)
    crash, exited = outcomes["a.crash"], outcomes["b.exit"]
    assert isinstance(crash, ExtractError) and (crash.reason, crash.detail) == (
        CRASHED,
        "the reader crashed (SIGABRT)",
    )
    assert (
        isinstance(exited, ExtractError)
        and exited.detail == "the reader exited unexpectedly (code 3)"
    )
    assert text_of(outcomes["after.txt"]) == "Still extracted after two crashes."
    assert text_of(outcomes["doc1.pdf"]) == "Document 1 page one"


def test_hung_job_is_killed_and_the_next_file_runs(tmp_path: Path) -> None:
    paths = [write_text(tmp_path / "stuck.hang", "x"), *pdfs(tmp_path, 1)]
    with ExtractPool(workers=1, timeout_s=1.0, extra_extractors=MISBEHAVING) as short:
        started = time.monotonic()
        outcomes = run(short, paths)
        elapsed = time.monotonic() - started
    stuck = outcomes["stuck.hang"]
    assert isinstance(stuck, ExtractError) and (stuck.reason, stuck.detail) == (
        TIMED_OUT,
        "stopped after 1 s",
    )
    assert text_of(outcomes["doc0.pdf"]) == "Document 0 page one"
    assert elapsed >= 1.0


def test_workers_run_under_the_memory_cap(pool: ExtractPool, tmp_path: Path) -> None:
    outcomes = run(pool, [write_text(tmp_path / "probe.limits", "x")])
    assert text_of(outcomes["probe.limits"]) == str(MEMORY_MB * 2**20)


def test_cancel_stops_between_files(pool: ExtractPool, tmp_path: Path) -> None:
    paths = pdfs(tmp_path, 8)
    outcomes: Outcomes = {}
    pool.run(
        paths,
        Limits(),
        lambda path, outcome: outcomes.setdefault(path.name, outcome),
        lambda: bool(outcomes),
    )
    assert len(outcomes) == 1


def test_cancel_abandons_a_hung_job_promptly(pool: ExtractPool, tmp_path: Path) -> None:
    started = time.monotonic()
    outcomes = run(
        pool,
        [write_text(tmp_path / "stuck.hang", "x")],
        cancel=lambda: time.monotonic() - started > 0.5,
    )
    assert outcomes == {}
    assert time.monotonic() - started < 3.0  # not the 30 s timeout
    # The abandoned worker was killed and is replaced on the next run.
    assert text_of(run(pool, pdfs(tmp_path, 1))["doc0.pdf"]) == "Document 0 page one"


def test_run_from_a_worker_thread_reports_in_that_thread(pool: ExtractPool, tmp_path: Path) -> None:
    paths = pdfs(tmp_path, 3)
    threads: set[int] = set()
    outcomes: Outcomes = {}

    def on_result(path: Path, outcome: Extracted | ExtractError) -> None:
        threads.add(threading.get_ident())
        outcomes[path.name] = outcome

    thread = threading.Thread(target=pool.run, args=(paths, Limits(), on_result))
    thread.start()
    thread.join(timeout=60)
    assert threads == {thread.ident}
    assert sorted(outcomes) == ["doc0.pdf", "doc1.pdf", "doc2.pdf"]


def test_in_process_mode(tmp_path: Path) -> None:
    with ExtractPool(workers=0) as here:
        outcomes = run(here, pdfs(tmp_path, 2))
    assert text_of(outcomes["doc1.pdf"]) == "Document 1 page one"
