"""Pseudo-relevance feedback (search/feedback.py) on a real indexed library."""

from __future__ import annotations

import pytest

from enablement_desktop.search import feedback, neighbours
from tests.support.indexed import hit_paths, office_notes, search_engine

FILES = {
    # The best match for "incident response": it says both words, often, among its own vocabulary.
    "support/incident-response.md": "# Incident response\n\n" + "Incident response: every incident gets a severity "
    "and a priority, an on-call engineer is paged, and escalation follows the severity. " * 4,
    # Says "response" once, among the same vocabulary as the best match.
    "support/escalation.md": "# Escalation\n\nA page goes to the on-call engineer; the severity and priority decide "
    "the escalation path and the response. Escalation reaches a manager after an hour at the top severity.",
    # Says "response" once too, about something else entirely (and is shorter, so plain BM25 puts it higher).
    "marketing/survey.md": "# Survey\n\nThe survey response rate of the newsletter.",
}
FILES |= office_notes()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with search_engine(tmp_path_factory.mktemp("feedback"), FILES) as engine:
        yield engine


def test_the_best_matches_lend_their_words_to_the_order(engine, monkeypatch):
    with_feedback = engine.search("incident response")
    assert hit_paths(with_feedback) == ["support/incident-response.md", "support/escalation.md", "marketing/survey.md"]

    monkeypatch.setattr(feedback, "TERMS", 0)  # words alone: the short page that says "response" wins
    monkeypatch.setattr(neighbours, "WEIGHT", 0.0)  # (which the assets' resemblance would also undo)
    engine._term_counts.clear()
    alone = engine.search("incident response")
    assert hit_paths(alone) == ["support/incident-response.md", "marketing/survey.md", "support/escalation.md"]
    # Feedback orders; it never changes which assets match or how many.
    assert (alone.total, alone.all_words) == (with_feedback.total, with_feedback.all_words) == (3, 1)


def test_the_expansion_leaves_out_the_typed_words_filler_and_one_off_words(engine):
    sets = engine._match_sets(engine.index.searcher(), engine.catalog())
    top = sets.docnum_of[next(a for a, info in engine.catalog().items() if info.path == "support/incident-response.md")]
    terms = dict(feedback.expansion(sets, engine._term_counts, engine.index.frequencies, [(1.0, top)], ["incid", "respons"]))
    assert {"sever", "prioriti", "escal"} <= set(terms)
    assert not {"incid", "respons", "everi"} & set(terms)  # typed words; "every" is in one asset only
    assert abs(sum(terms.values()) - 1) < 1e-9


def test_an_assets_words_are_read_from_its_index_document_not_from_the_database(engine):
    # Counted once while indexing (search/word_counts.py): a query's feedback reads no text.
    sets = engine._match_sets(engine.index.searcher(), engine.catalog())
    top = sets.docnum_of[next(a for a, info in engine.catalog().items() if info.path == "support/incident-response.md")]
    counts, total = feedback.TermCounts().of(sets, top)
    # Title, path and heading once each, then four sentences with "incident" twice and "response" once.
    assert (counts["incid"], counts["respons"]) == (11, 7)
    assert counts["sever"] == 8 and total >= sum(counts.values())
    with engine.db.conn:
        engine.db.execute("UPDATE sections SET text = ''")
    try:
        engine._term_counts.clear()
        assert [h.path for h in engine.search("incident response").hits][:2] == [
            "support/incident-response.md", "support/escalation.md"]
    finally:
        engine.db.conn.rollback()
