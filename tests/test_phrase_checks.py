"""Phrase checks on the read path: positions kept from a term's first read, decoded
many at a time, and a split word's phrase checked only where its joined form is
missing. Each must answer exactly as the eager check over every candidate did."""

from __future__ import annotations

import random
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from enablement_desktop.context import open_context, open_search_index
from enablement_desktop.library.update import update_library
from enablement_desktop.search import engine as engine_mod
from enablement_desktop.search import matchsets
from enablement_desktop.search import whoosh_internals as wi
from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.matchsets import MatchSets, docnums_of

# Split words in every spelling a library has them: hyphenated (indexed as the
# parts and the joined form), as two words (parts only), or joined.
PIECES = ["month-end", "month end", "monthend", "month", "end", "close", "e-mail", "e mail", "email", "mail",
          "third-party", "third party", "party", "risk", "three-way matching", "three way", "matching", "the"]
QUERIES = ["month-end close", "month-end", '"month-end close"', "e-mail", "third-party risk", '"three-way matching"',
           "email OR month-end", "e-mail -party", "month* end", '"month end" close', "close"]


class EagerSets(MatchSets):
    """The check as it was before: every alternative's whole set, each phrase
    verified on all its candidates from positions read out of the blocks."""

    def _any_of(self, alternatives, within):
        bits = 0
        for child in alternatives:
            bits |= self._eval(child, self.universe)
        return bits

    def _phrase_in(self, fieldname, words, within):
        return self.phrase(fieldname, words)

    def _values(self, fieldname, term, wanted):
        return self._read_values(fieldname, term, wanted)

    def _deltas(self, fieldname, term, wanted):
        found, values = self._read_values(fieldname, term, wanted)
        return dict(zip(found, wi.position_deltas(values), strict=True))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """80 Markdown files of 1-3 sections mixing the spellings at random, indexed in two runs (two segments)."""
    rng = random.Random(12)
    root = tmp_path_factory.mktemp("phrases")
    lib = root / "library"
    lib.mkdir()
    ctx = open_context(root / "data")
    index = open_search_index(ctx)
    for batch in (range(50), range(50, 80)):
        for n in batch:
            sections = [" ".join(rng.choice(PIECES) for _ in range(rng.randint(2, 14))) for _ in range(rng.randint(1, 3))]
            body = "\n\n".join(f"## Part {i}\n\n{text}" for i, text in enumerate(sections))
            (lib / f"note-{n:02d}.md").write_text(f"# Note {n}\n\n{body}\n", encoding="utf-8")
        update_library(ctx.db, index, lib, workers=0)
    assert index.segment_count() >= 2
    yield ctx, index
    index.close()
    ctx.close()


def _answer(result) -> tuple:
    return (result.total, result.all_words, result.any_words, result.facets, result.notes,
            [(h.asset_id, h.page, round(h.score, 9), h.snippet) for h in result.hits])


@pytest.mark.parametrize("text", QUERIES)
def test_the_engine_answers_as_the_eager_check_did(library, text, monkeypatch):
    ctx, index = library
    lazy = SearchEngine(ctx.db, index).search(text, limit=50)
    monkeypatch.setattr(engine_mod, "MatchSets", EagerSets)
    eager = SearchEngine(ctx.db, index).search(text, limit=50)
    assert _answer(lazy) == _answer(eager)
    if text in ("month-end close", "e-mail", '"three-way matching"'):
        assert lazy.total > 0  # the comparison is about something


def _sets(library, cls=MatchSets) -> MatchSets:
    ctx, index = library
    engine = SearchEngine(ctx.db, index)
    searcher = index.searcher()
    return cls(searcher, index.asset_column(searcher), engine.catalog())


def test_a_split_words_phrase_is_checked_only_where_its_joined_form_is_missing(library, monkeypatch):
    decoded = _counting(monkeypatch)
    sets = _sets(library)
    phrase, joined = wq.Phrase("body", ["month", "end"]), wq.Term("body", "monthend")
    found = sets.any_of([phrase, joined])
    both = sets.term("body", "month") & sets.term("body", "end")
    unchecked = both & ~sets.term("body", "monthend")
    assert found == (sets.matching(phrase) | sets.matching(joined))
    assert set(docnums_of(found)) == (set(sets.searcher.docs_for_query(phrase))
                                      | set(sets.searcher.docs_for_query(joined)))
    # Two words' positions, decoded only for the assets without "monthend".
    assert 0 < unchecked.bit_count() < both.bit_count()
    assert decoded[:2] == [unchecked.bit_count()] * 2


def _counting(monkeypatch) -> list[int]:
    decoded: list[int] = []

    def counting(decode):
        def counted(values):
            decoded.append(len(values))
            return decode(values)
        return counted

    monkeypatch.setattr(matchsets, "position_deltas", counting(wi.position_deltas))
    monkeypatch.setattr(matchsets, "flat_positions", counting(wi.flat_positions))
    return decoded


def test_a_phrase_in_an_and_is_checked_only_where_the_rest_holds(library, monkeypatch):
    decoded = _counting(monkeypatch)
    sets = _sets(library)
    phrase = wq.Phrase("body", ["month", "end"])
    q = wq.And([phrase, wq.Term("body", "risk")])
    found = sets.matching(q)
    assert set(docnums_of(found)) == set(sets.searcher.docs_for_query(q)) != set()
    domain = sets.term("body", "risk") & sets.term("body", "month") & sets.term("body", "end")
    assert domain.bit_count() < (sets.term("body", "month") & sets.term("body", "end")).bit_count()
    assert sum(decoded) <= 2 * domain.bit_count()
    # The part already checked is remembered: the whole phrase checks only the rest.
    decoded.clear()
    assert set(docnums_of(sets.matching(phrase))) == set(sets.searcher.docs_for_query(phrase))
    rest = (sets.term("body", "month") & sets.term("body", "end") & ~domain).bit_count()
    assert 0 < sum(decoded) <= 2 * rest
    decoded.clear()
    assert sets.matching(phrase) == sets.matching(phrase) and decoded == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["month", "end", "close", "mail", "e", "third", "parti", "risk", "three", "wai",
                                 "match"]), min_size=2, max_size=4))
def test_kept_positions_and_positions_read_from_the_blocks_agree_with_whoosh(library, words):
    expected = set(_sets(library).searcher.docs_for_query(wq.Phrase("body", words)))
    kept = _sets(library)
    assert set(docnums_of(kept.phrase("body", words))) == expected
    assert set(kept._encoded) >= {("body", w) for w in words}  # the check used the kept positions
    from_blocks = _sets(library, EagerSets)
    assert set(docnums_of(from_blocks.phrase("body", words))) == expected
    page = sorted(expected)[:20] or sorted(docnums_of(kept.universe))[:20]
    assert kept.best_parts(page, words, [words]) == from_blocks.best_parts(page, words, [words])


def test_many_positions_decode_as_one_at_a_time(library):
    _, index = library
    values = []
    for reader, _ in index.searcher().reader().leaf_readers():
        raw = wi.raw_leaf(reader.postings("body", "month"))
        for block in wi.posting_blocks(raw):
            values += block.data()[2]
    assert len(values) > 10
    assert [list(accumulate(d)) for d in wi.position_deltas(values)] == [wi.decode_positions(v) for v in values]
    counts, positions = wi.flat_positions(values)
    assert counts.tolist() == [len(wi.decode_positions(v)) for v in values]
    assert positions.tolist() == [p for v in values for p in wi.decode_positions(v)]
    # A word first seen past section 4,095 needs 64-bit deltas: such values are read on their own, right.
    wide = [wi.encode_positions(p) for p in ([3, 4, 11], [5, 2**33 + 7], [0])]
    assert len(wide[1]) == 4 + 2 * 8 and len(wide[0]) == 4 + 3 * 4
    assert wi.position_deltas(wide) == [[3, 1, 7], [5, 2**33 + 2], [0]]
    assert wi.flat_positions(wide)[1].tolist() == [3, 4, 11, 5, 2**33 + 7, 0]
    assert wi.position_deltas([]) == []


def test_positions_past_the_kept_terms_are_read_from_the_blocks(library, monkeypatch):
    monkeypatch.setattr(matchsets, "_CACHED_POSITIONS", 1)
    sets = _sets(library)
    words = ["month", "end"]
    assert set(docnums_of(sets.phrase("body", words))) == set(
        sets.searcher.docs_for_query(wq.Phrase("body", words)))
    assert len(sets._encoded) == 1


def test_a_pages_positions_are_read_once_and_answer_as_the_blocks(library, monkeypatch):
    sets = _sets(library)
    page = sorted(docnums_of(sets.term("body", "close")))[:20]
    words = ["close", "month", "end"]
    first = sets.best_parts(page, words, [["month", "end"]])
    assert first == _sets(library, EagerSets).best_parts(page, words, [["month", "end"]]) != {}
    fewer = _sets(library, EagerSets).best_parts(page[:5], words)
    decoded = _counting(monkeypatch)
    assert sets.best_parts(page, words, [["month", "end"]]) == first
    assert sets.best_parts(page[:5], words) == fewer
    assert decoded == []  # the second time, nothing read or decoded
    assert _sets(library).best_parts([], words, [["month", "end"]]) == {}  # hits found by meaning alone

