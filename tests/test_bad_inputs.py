"""Bad files and files that change under the reader, through the real pipeline.

Each case runs `update_library` on real files next to good ones and checks the
problems people see, the stored rows and the search results: a bad file costs
only itself, and what is stored for a file always describes one version of it.

Files that change *while* being read are made by extractors registered for
test-only suffixes (the pool's extension point), so the same races run in
worker processes (workers=2) and in the calling process (workers=0).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from enablement_desktop import extract
from enablement_desktop.extract import register_extractor
from enablement_desktop.extract.base import Extracted, Limits
from enablement_desktop.extract.markup import extract_markdown
from enablement_desktop.extract.pool import ExtractPool
from enablement_desktop.library import update as update_mod
from enablement_desktop.library.update import RunSummary
from enablement_desktop.search.engine import SearchEngine
from tests.support import bad_files
from tests.support.indexed import Library, empty_library
from tests.support.library import build_sample_library

HERE = __name__  # workers import the extractors below by this module's name
MISBEHAVING = {
    ".hang": "tests.support.bad_files:hang",
    ".crash": "tests.support.bad_files:crash",
    ".before": f"{HERE}:replaced_before_read",
    ".after": f"{HERE}:replaced_after_read",
    ".churn": f"{HERE}:always_changing",
    ".vanish": f"{HERE}:vanishing",
}
# Version 2 is what a test writes before the run; the extractors replace it
# with version 3 once, at the moment their name says.
REPLACED = 2
CHURNS = update_mod._READ_ATTEMPTS  # one run's reads of a changing file
_VERSION = re.compile(rb"ver(\d{3})x")


@pytest.fixture()
def library(tmp_path: Path) -> Iterator[Library]:
    with empty_library(tmp_path) as lib:
        yield lib


@pytest.fixture()
def misbehaving(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test-only suffixes, known to the scanner here and to every pool's workers."""
    monkeypatch.setattr(extract, "_FILE_TYPES", dict(extract._FILE_TYPES))
    monkeypatch.setattr(extract, "_EXTRACTORS", dict(extract._EXTRACTORS))
    for suffix, target in MISBEHAVING.items():
        register_extractor(suffix, target)
    monkeypatch.setattr(update_mod, "ExtractPool", functools.partial(ExtractPool, extra_extractors=MISBEHAVING))


def counts(summary: RunSummary) -> tuple[int, int, int, int, int, int]:
    return summary.scanned, summary.added, summary.changed, summary.unchanged, summary.failed, summary.removed


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version_text(n: int) -> bytes:
    # Every version has the same size: only mtime and content tell them apart.
    return b"# Notes\nThe marker ver%03dx is here.\n" % n


def write_version(path: Path, n: int) -> Path:
    """Write version n with an mtime one second past the previous one, whatever the clock's grain."""
    previous = path.stat().st_mtime_ns if path.exists() else None
    path.write_bytes(version_text(n))
    if previous is not None:
        os.utime(path, ns=(previous, previous + 1_000_000_000))
    return path


def good(library: Library) -> None:
    """A good file next to the bad one: it must be searchable whatever happens to its neighbour."""
    (library.root / "good.md").write_text("# Good\nThe marker goodx is here.\n")


def version_of(path: Path) -> int:
    match = _VERSION.search(path.read_bytes())
    assert match, path
    return int(match.group(1))


# Extractors that change the file around the read (run in workers by name).


def replaced_before_read(path: Path, limits: Limits) -> Extracted:
    """Replaced between the scan's stat and the read: the reader sees the new version."""
    if version_of(path) == REPLACED:
        write_version(path, REPLACED + 1)
    return extract_markdown(path, limits)


def replaced_after_read(path: Path, limits: Limits) -> Extracted:
    """Replaced after the read, before the app hashes it: the text read is the old version."""
    result = extract_markdown(path, limits)
    if version_of(path) == REPLACED:
        write_version(path, REPLACED + 1)
    return result


def always_changing(path: Path, limits: Limits) -> Extracted:
    """A file still being written: from version 2 on, a new version at each of the run's reads."""
    if REPLACED <= version_of(path) < REPLACED + CHURNS:
        write_version(path, version_of(path) + 1)
    return extract_markdown(path, limits)


def vanishing(path: Path, limits: Limits) -> Extracted:
    """Deleted between the scan and the read."""
    if version_of(path) == REPLACED:
        path.unlink()
    return extract_markdown(path, limits)


# Bad files ------------------------------------------------------------------

BAD = {
    # path: (writer, reason)
    "case-studies/empty.pdf": (bad_files.empty_file, "damaged"),
    "case-studies/truncated.pdf": (bad_files.truncated_pdf, "damaged"),
    "case-studies/encrypted.pdf": (bad_files.encrypted_pdf, "encrypted"),
    "case-studies/page-tree-loop.pdf": (bad_files.self_referencing_pdf, "damaged"),
    "case-studies/scanned.pdf": (bad_files.image_only_pdf, "no text"),
    "playbooks/bomb.docx": (bad_files.zip_bomb_docx, "too large"),
    "playbooks/legacy.docx": (bad_files.ole2_docx, "encrypted"),
    "decks/not-a-deck.pptx": (bad_files.not_a_zip_pptx, "damaged"),
    "pricing/incomplete.xlsx": (bad_files.incomplete_xlsx, "damaged"),
    "faq/empty.md": (bad_files.empty_file, "no text"),
}
GOOD = {
    # path: a phrase found only in it
    "case-studies/halvorsen.pdf": '"invoice processing cost"',
    "decks/ledger-pitch.pptx": "auditor findings",
    "playbooks/objections.docx": "salesforce pipeline",
    "pricing/roi.xlsx": "payback type:xlsx",
    "faq/security.md": "soc 2",
    "faq/release-notes.html": "subprocessors",
    # Odd but readable: these must index, not fail.
    "case-studies/owner-password.pdf": "marmalade",
    "faq/cp1252.txt": "crème",
    "faq/nul.txt": '"battlecard for the renewal"',  # NULs dropped, not turned into spaces
    "playbooks/xxe.docx": "terms",
}


def test_each_bad_file_costs_only_itself(library, tmp_path, monkeypatch):
    build_sample_library(library.root)
    for rel, (writer, _) in BAD.items():
        writer(library.root / rel)
    bad_files.owner_password_pdf(library.root / "case-studies/owner-password.pdf")
    bad_files.cp1252_text(library.root / "faq/cp1252.txt")
    bad_files.nul_text(library.root / "faq/nul.txt")
    bad_files.xxe_docx(library.root / "playbooks/xxe.docx", tmp_path / "secret.txt")

    summary = library.update(workers=2)

    assert {rel: reason for rel, (reason, _) in library.problems().items()} == {
        rel: reason for rel, (_, reason) in BAD.items()}
    assert library.assets() == dict.fromkeys(GOOD, 0)  # no failed file reaches search or the viewer
    assert counts(summary) == (20, 10, 0, 0, 10, 0)
    # Worded as the status bar words it: "2 without text", never "2 no text".
    assert "(5 damaged, 2 encrypted, 2 without text, 1 too large)" in summary.describe()
    for rel, query in GOOD.items():
        assert library.paths(query) == [rel], query
    assert library.paths(f'"{bad_files.SECRET}"') == []  # the XXE file did not read the local secret
    run = library.ctx.db.execute(
        "SELECT status, scanned, added, failed FROM index_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert run == ("done", 20, 10, 10)

    # Unchanged bad files are known bad: the next run reads nothing.
    monkeypatch.setattr(update_mod, "ExtractPool", lambda *a, **k: pytest.fail("nothing to read again"))
    assert counts(library.update(workers=2)) == (20, 0, 0, 10, 10, 0)


def test_a_hung_or_crashing_reader_costs_only_its_file(library, misbehaving):
    (library.root / "stuck.hang").write_text("x")
    (library.root / "boom.crash").write_text("x")
    good(library)

    # The limit only has to tell a hang from a crash: generous, so that a crash on a
    # loaded machine (seen at load 16 on 2 cores: over 5 s to start) is still a crash.
    summary = library.update(workers=2, timeout_s=20)

    assert library.problems() == {
        "stuck.hang": ("timed out", "stopped after 20 s"),
        "boom.crash": ("crashed", "the reader crashed (SIGABRT)"),
    }
    assert library.assets() == {"good.md": 0}
    assert counts(summary) == (3, 1, 0, 0, 2, 0)
    assert library.paths("goodx") == ["good.md"]


# Files that change while they are read ------------------------------------------


@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize("suffix", [".before", ".after"])
def test_a_file_replaced_while_read_is_stored_as_one_version(library, misbehaving, workers, suffix):
    rel = f"deck{suffix}"
    deck = write_version(library.root / rel, 1)
    good(library)
    assert counts(library.update(workers=workers)) == (2, 2, 0, 0, 0, 0)
    write_version(deck, REPLACED)

    summary = library.update(workers=workers)

    # The newest version is read again within the run; size, mtime, hash and
    # text all describe it (not the text of one version with the hash of another).
    now = deck.stat()
    assert version_of(deck) == REPLACED + 1
    assert library.stored(rel) == (now.st_size, now.st_mtime_ns, sha256(deck.read_bytes()),
                                   "Notes\nThe marker ver003x is here.")
    assert counts(summary) == (2, 0, 1, 1, 0, 0)
    assert library.problems() == {}
    assert library.paths("ver003x") == [rel]
    assert library.paths("ver002x") == []
    assert counts(library.update(workers=workers)) == (2, 0, 0, 2, 0, 0)


def test_a_file_that_keeps_changing_keeps_its_last_whole_version(library, misbehaving):
    rel = "download.churn"
    churn = write_version(library.root / rel, 1)
    good(library)
    library.update(workers=2)
    first = library.stored(rel)
    write_version(churn, REPLACED)

    summary = library.update(workers=2)

    assert version_of(churn) == REPLACED + CHURNS  # it changed at every read
    assert library.problems() == {
        rel: ("unreadable", "kept changing while it was being read — it is read again on the next scan")}
    # Version 1 stays, whole: its size, mtime, hash and text, still searchable.
    assert library.stored(rel) == first
    assert first[2] == sha256(version_text(1))
    assert counts(summary) == (2, 0, 0, 1, 1, 0)
    assert library.paths("ver001x") == [rel]

    settled = library.update(workers=2)  # it has stopped changing: read now
    assert counts(settled) == (2, 0, 1, 1, 0, 0)
    assert library.problems() == {}
    assert library.stored(rel)[2:] == (sha256(churn.read_bytes()), "Notes\nThe marker ver005x is here.")
    assert library.paths("ver005x") == [rel]
    assert library.paths("ver001x") == []


@pytest.mark.parametrize("workers", [0, 2])
def test_a_file_that_vanishes_before_it_is_read_is_left_to_the_next_scan(library, misbehaving, workers):
    known = write_version(library.root / "known.vanish", 1)
    good(library)
    library.update(workers=workers)
    write_version(known, REPLACED)
    fresh = write_version(library.root / "fresh.vanish", REPLACED)

    summary = library.update(workers=workers)

    assert not known.exists() and not fresh.exists()
    assert library.problems() == {}  # gone is not a problem
    assert counts(summary) == (3, 0, 0, 1, 0, 0)
    # Until a scan sees it gone, the known file keeps its last whole version.
    assert library.assets() == {"good.md": 0, "known.vanish": 0}
    assert library.stored("known.vanish")[2] == sha256(version_text(1))
    assert library.paths("goodx") == ["good.md"]

    after = library.update(workers=workers)
    assert counts(after) == (1, 0, 0, 1, 0, 1)
    assert library.assets() == {"good.md": 0}
    assert library.paths("ver001x") == []


# collateral.csv: the marketers' spreadsheet is input too -------------------------


def test_bad_values_in_collateral_csv_are_reported_and_the_rest_applies(library):
    good(library)
    (library.root / "other.md").write_text("# Other\nThe marker otherx is here.\n")
    (library.root / "collateral.csv").write_bytes(
        b"path,title,expires,approved\n"
        b"good.md,Good \x80 title,2026-13-45,maybe\n"  # 0x80: Excel's cp1252 euro sign
        b"other.md,Other title,2020-01-31,no\n"
        b"missing.pdf,Nothing here,,yes\n")

    summary = library.update()

    assert summary.messages == [
        "collateral.csv line 2: expires '2026-13-45' is not a date (YYYY-MM-DD)",
        "collateral.csv line 2: approved 'maybe' is not yes or no; the asset is not approved until it says yes",
    ]
    assert counts(summary) == (2, 2, 0, 0, 0, 0)
    assert library.problems() == {}
    engine = SearchEngine(library.ctx.db, library.index)
    [hit] = engine.search("goodx").hits
    assert (hit.title, hit.expired, hit.approved) == ("Good € title", False, False)
    [other] = engine.search("otherx").hits
    assert (other.title, other.expired, other.approved) == ("Other title", True, False)


def test_an_unclosed_quote_costs_its_own_row_only_and_that_row_fails_closed(library):
    build_sample_library(library.root)
    library.update()
    manifest = library.root / "collateral.csv"
    rows = manifest.read_text().splitlines()
    # The stray quote sits on the first data row: once it swallowed every row after it,
    # which then lost their `approved: no` and `expires` and came out approved and current.
    (library.root / "faq/new.md").write_text("# New\nThe marker newx is here.\n")
    manifest.write_text("\n".join([rows[0], 'faq/new.md,"Unclosed title', *rows[1:], "x" * 200_000]) + "\n")

    summary = library.update()

    assert summary.messages[0] == ("collateral.csv line 2 (path 'faq/new.md'): cannot be read (an unclosed "
                                   "quote?); its asset stays unapproved until the row is fixed")
    assert "…" in summary.messages[1]  # the 200,000-character line, shortened
    assert summary.messages[2] == ("collateral.csv: some rows could not be read; for assets without a readable "
                                   "row, titles, tags and approvals left as they were")
    engine = SearchEngine(library.ctx.db, library.index)
    [new] = engine.search("newx").hits
    assert new.approved is False
    # The rows after the broken one still apply: still unapproved, still expired.
    notes = engine.search("subprocessors").hits[0]
    assert (notes.title, notes.approved) == ("Release notes", False)
    assert engine.search("payback type:xlsx").hits[0].expired


def test_unknown_approval_values_and_case_mismatches_are_reported(library):
    good(library)
    (library.root / "Other.md").write_text("# Other\nThe marker otherx is here.\n")
    (library.root / "collateral.csv").write_text(
        "path,title,approved\n"
        "good.md,Good,pending\n"
        "other.md,Other,no - legal review\n")

    summary = library.update()

    assert summary.messages == [
        "collateral.csv line 2: approved 'pending' is not yes or no; the asset is not approved until it says yes",
        "collateral.csv line 3: approved 'no - legal review' is not yes or no; the asset is not approved "
        "until it says yes",
        "collateral.csv line 3: path 'other.md' differs only in case from the file 'Other.md'; the row is "
        "not applied until the case matches",
    ]
    engine = SearchEngine(library.ctx.db, library.index)
    assert engine.search("goodx").hits[0].approved is False
