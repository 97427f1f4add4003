"""The best candidates lend each other their scores (search/neighbours.py), and the per-segment
word tables it reads (search/frequencies.py), on real indexed libraries."""

from __future__ import annotations

import numpy as np
import pytest

from enablement_desktop.search import neighbours
from enablement_desktop.search.frequencies import SUFFIX, Frequencies, word_hashes
from resources.docgen import write_text
from tests.support.indexed import (
    empty_library,
    hit_paths,
    indexed_files,
    office_notes,
    search_engine,
)

_SPEND = ("Spending caps stop a workspace from running over its monthly plan. The invoice shows usage per "
          "service, and admins set thresholds for compute, memory and egress. ")
FILES = {
    # Two pages about budget alerts, in the words of spending control.
    "billing/budget-alerts.md": "# Budget alerts\n\nBudget alerts email the admins. " + _SPEND * 2
    + "Alerts fire at each threshold of the budget.",
    "billing/alert-rules.md": "# Alert rules\n\nAlerts when a budget threshold is crossed. " + _SPEND * 2
    + "Budget owners see every alert.",
    # The page about the same thing that says "budget" once and "alerts" once, at length.
    "billing/spending-caps.md": "# Spending caps\n\n" + _SPEND * 4 + "A cap is a hard budget; warnings are alerts.",
    # A short page about something else that says both words in passing.
    "events/offsite.md": "# Offsite budget alerts\n\nOffsite budget alerts: venue, catering, music, hotel rooms.",
}
FILES |= office_notes()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with search_engine(tmp_path_factory.mktemp("neighbours"), FILES) as engine:
        yield engine


def test_an_asset_among_good_company_rises_above_a_stray_one(engine, monkeypatch):
    together = hit_paths(engine.search("budget alerts"))
    assert together[:2] == ["billing/budget-alerts.md", "billing/alert-rules.md"]
    assert together.index("billing/spending-caps.md") < together.index("events/offsite.md")

    monkeypatch.setattr(neighbours, "WEIGHT", 0.0)  # each asset on its own words: the short page wins
    alone = hit_paths(engine.search("budget alerts"))
    assert alone.index("events/offsite.md") < alone.index("billing/spending-caps.md")
    assert set(alone) == set(together)  # nothing matched or dropped by it


def test_word_tables_agree_with_the_index_and_follow_its_commits(tmp_path):
    with empty_library(tmp_path) as library:
        for rel, text in FILES.items():
            write_text(library.root / rel, text)
        library.update()
        index = library.index
        tables = list(index.directory.glob("*" + SUFFIX))
        assert tables, "the commit wrote the segments' word tables"
        _assert_agrees(index)

        # A new asset and a changed one: a new segment, with its own table.
        write_text(library.root / "billing/new.md", "# Quotas\n\nQuota alerts and budget quotas.")
        write_text(library.root / "events/offsite.md", "# Offsite\n\nMoved to spring.")
        library.update()
        _assert_agrees(index)
        assert len(list(index.directory.glob("*" + SUFFIX))) == index.segment_count()

        # A damaged table is not trusted: the segment is read again, with the same answers.
        for path in index.directory.glob("*" + SUFFIX):
            path.write_bytes(b"\x93NUMPY garbage")
        _assert_agrees(index, Frequencies(index.directory))


def _assert_agrees(index, frequencies: Frequencies | None = None) -> None:
    frequencies = frequencies or index.frequencies
    searcher = index.searcher()
    reader = searcher.reader()
    words = [w.decode() for w in reader.lexicon("body")] + ["notaword", "zzz"]
    expected = np.array([reader.doc_frequency("body", w) for w in words])
    assert np.array_equal(frequencies.lookup(searcher, word_hashes(words)), expected)
    assert expected[:-2].min() >= 1 and expected[-2:].tolist() == [0, 0]


def test_a_library_of_one_asset_is_left_as_it_is(tmp_path):
    with indexed_files(tmp_path, {"only.md": "# Only\n\nBudget alerts."}) as library:
        assert library.paths("budget alerts") == ["only.md"]


def test_an_index_with_no_documents_has_no_frequencies(tmp_path):
    with empty_library(tmp_path) as library:
        searcher = library.index.searcher()
        library.index.frequencies.save_missing(searcher)
        assert library.index.frequencies.lookup(searcher, word_hashes(["budget"])).tolist() == [0]
        assert not list(library.index.directory.glob("*" + SUFFIX))
