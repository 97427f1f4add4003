"""Passage evidence (search/passages.py): an asset also scores by its best section, on a real indexed library."""

from __future__ import annotations

import pytest

from enablement_desktop.search import passages
from tests.support.indexed import hit_paths, office_notes, search_engine

_OTHER_TOPICS = ["invoices", "seats", "taxes", "currencies", "receipts", "discounts", "upgrades", "payment methods"]
FILES = {
    # One section of a long FAQ answers the question; the rest is about other things.
    "billing/faq.md": "# Billing questions\n\n" + "".join(
        f"## About {topic}\n\n" + f"How {topic} work on the invoice, what {topic} mean for the account, "
        "and who to ask about the billing of a workspace, with examples from a typical month. " * 3 + "\n\n"
        for topic in _OTHER_TOPICS)
    + "## Refunds\n\nA refund is paid when you cancel within 30 days; the refund covers unused months.\n",
    # A shorter page that names both words once, in passing.
    "product/changelog.md": "# Changelog\n\nThe export now works on large sites. A cancel button stops an import. "
    "The refund form moved to the settings page. Charts load faster, and the dashboard remembers its filters. "
    + "Small fixes to the layout of tables and to the colours of the charts in dark mode. " * 2,
}
FILES |= office_notes()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with search_engine(tmp_path_factory.mktemp("passages"), FILES) as engine:
        yield engine


def test_the_section_that_answers_lifts_its_asset(engine, monkeypatch):
    with_passages = engine.search("cancel refund")
    assert hit_paths(with_passages) == ["billing/faq.md", "product/changelog.md"]
    assert with_passages.hits[0].label == "Refunds"  # and lands on that section

    monkeypatch.setattr(passages, "WEIGHT", 0.0)  # the whole asset alone: its length buries the answer
    alone = engine.search("cancel refund")
    assert hit_paths(alone) == ["product/changelog.md", "billing/faq.md"]
    assert (alone.total, alone.all_words) == (with_passages.total, with_passages.all_words) == (2, 2)


def test_best_sections_scores_a_section_by_its_own_length(engine):
    sets = engine._match_sets(engine.index.searcher(), engine.catalog())
    docnum = {info.path: sets.docnum_of[a] for a, info in engine.catalog().items()}
    faq, changelog = docnum["billing/faq.md"], docnum["product/changelog.md"]
    parts = sets.part_counts([faq, changelog], ["refund", "cancel"])
    # Part 1 is the first section; the FAQ's answer is its last (the title header is part 0, left out).
    assert parts[faq] == {len(_OTHER_TOPICS) + 2: {"refund": 3, "cancel": 1}}
    best = passages.best_sections(sets, engine._section_lengths, [faq, changelog], ["refund", "cancel"])
    assert best[faq] > best[changelog] > 0
    assert passages.best_sections(sets, engine._section_lengths, [faq], ["kitchen"]) == {}
