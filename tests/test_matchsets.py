"""Bitset matching and block-max ranking agree with whoosh's own answers, exactly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from enablement_desktop.search.catalog import AssetInfo
from enablement_desktop.search.index import SearchIndex, SectionDoc, add_documents, delete_asset
from enablement_desktop.search.matchsets import MatchSets, bits_of, docnums_of

WORDS = ["ledger", "invoic", "price", "object", "cfo", "payback", "forecast", "secur", "review", "cost"]
TYPES = ["pdf", "pptx", "docx"]


def _doc(asset: int, ordinal: int, rng: random.Random) -> SectionDoc:
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 30))]
    return SectionDoc(asset, ordinal, f"Asset {asset}", " ".join(words), (rng.choice(WORDS),))


def _catalog(assets) -> dict[int, AssetInfo]:
    return {a: AssetInfo(a, f"a{a}.pdf", f"Asset {a:03d}", TYPES[a % 3], 3,
                         {"type": (TYPES[a % 3],), "product": ("Ledger",) if a % 2 else ("Pulse",), "persona": (),
                          "stage": (), "region": (), "tags": (), "owner": (), "kind": (), "industry": ()},
                         "", True, {})
            for a in assets}


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> MatchSets:
    """120 assets of 1–4 sections in three segments, one asset deleted after the fact."""
    rng = random.Random(7)
    index = SearchIndex(Path(tmp_path_factory.mktemp("ix")))
    for first in (1, 41, 81):
        writer = index.writer()
        add_documents(writer, [_doc(a, o, rng) for a in range(first, first + 40) for o in range(rng.randint(1, 4))])
        index.commit(writer, merge=False)
    writer = index.writer()
    delete_asset(writer, 50)
    index.commit(writer, merge=False)
    searcher = index.searcher()
    catalog = _catalog(a for a in range(1, 121) if a != 50)
    return MatchSets(searcher, index.asset_column(searcher), catalog)


def _reference(sets: MatchSets, q: wq.Query) -> set[int]:
    """Leaves as whoosh finds them, combined with Python sets (whoosh 2.7's own
    AndNot matcher lets through a document that has both sides)."""
    if isinstance(q, wq.And):
        return set.intersection(*(_reference(sets, c) for c in q.subqueries))
    if isinstance(q, wq.Or):
        return set.union(*(_reference(sets, c) for c in q.subqueries))
    if isinstance(q, wq.AndNot):
        return _reference(sets, q.a) - _reference(sets, q.b)
    return set(sets.searcher.docs_for_query(q))


terms = st.sampled_from(WORDS).map(lambda w: wq.Term("body", w))
phrases = st.lists(st.sampled_from(WORDS), min_size=2, max_size=2).map(lambda ws: wq.Phrase("body", ws))
queries = st.recursive(
    st.one_of(terms, phrases),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(wq.And),
        st.lists(inner, min_size=2, max_size=3).map(wq.Or),
        st.tuples(inner, inner).map(lambda ab: wq.AndNot(*ab)),
    ),
    max_leaves=5,
)
ranked_queries = st.recursive(  # what the engine ranks by (query.scoring_part): words under AND/OR
    terms,
    lambda inner: st.one_of(st.lists(inner, min_size=2, max_size=3).map(wq.And),
                            st.lists(inner, min_size=2, max_size=3).map(wq.Or)),
    max_leaves=5,
)


@settings(max_examples=60, deadline=None)
@given(queries)
def test_matching_is_the_set_of_documents_that_satisfy_the_query(sets, q):
    assert set(docnums_of(sets.matching(q))) == _reference(sets, q)


def _ranking(pairs) -> list[tuple[float, int]]:
    # Sums in another order may differ in the last bit: equal scores are ties.
    return sorted(((round(score, 9), d) for score, d in pairs), key=lambda sd: (-sd[0], sd[1]))


@settings(max_examples=60, deadline=None)
@given(ranked_queries, st.integers(min_value=1, max_value=15))
def test_top_is_whoosh_full_ranking_cut_at_the_limit(sets, q, limit):
    everything = [(hit.score, hit.docnum) for hit in sets.searcher.search(q, limit=None)]
    got = sets.top(q, sets.matching(q), limit)
    assert _ranking(got) == _ranking(everything)[:limit]


def test_deleted_assets_never_match(sets):
    assert 50 not in sets.docnum_of
    assert 50 not in sets.assets(sets.matching(wq.Term("title", "asset")))
    assert sets.matching(wq.Term("title", "asset")).bit_count() == 119


def test_facet_leaves_filters_and_counts_come_from_the_catalog(sets):
    ledger = sets.matching(wq.Term("product", "ledger"))
    assert sorted(sets.assets(ledger)) == [a for a in range(1, 121, 2)]
    pdf_or_pptx = sets.filtered({"type": ["PDF", "pptx"]})
    assert sorted(sets.assets(pdf_or_pptx)) == [a for a in range(1, 121) if a % 3 != 2 and a != 50]
    counts = dict(sets.facet_counts(ledger & pdf_or_pptx)["type"])
    assert counts == {"pdf": len([a for a in range(1, 121, 2) if a % 3 == 0]),
                      "pptx": len([a for a in range(1, 121, 2) if a % 3 == 1])}
    assert sets.facet_counts(0)["product"] == []


def test_ranking_skips_what_is_not_allowed(sets):
    q = wq.Term("body", "price")
    allowed = sets.matching(wq.Term("product", "pulse"))
    got = sets.top(q, allowed, 5)
    assert got and all(sets.asset_of[d] % 2 == 0 for _, d in got)
    everything = [(h.score, h.docnum) for h in sets.searcher.search(q, limit=None) if sets.asset_of[h.docnum] % 2 == 0]
    assert _ranking(got) == _ranking(everything)[:5]


def test_a_prefix_ranks_by_its_most_frequent_expansions(sets):
    got = sets.top(wq.Prefix("body", "pr"), sets.universe, 3)
    assert _ranking(got) == _ranking((h.score, h.docnum) for h in sets.searcher.search(wq.Term("body", "price"),
                                                                                      limit=None))[:3]


def test_title_order_lists_the_rest(sets):
    ordered = sets.by_title(sets.universe, 3, skip=[sets.docnum_of[1]])
    assert [sets.asset_of[d] for d in ordered] == [2, 3, 4]


def test_bits_round_trip():
    docnums = [0, 1, 7, 8, 9, 63, 64, 1000]
    assert docnums_of(bits_of(docnums, 1001)) == docnums
    assert docnums_of(0) == []


def test_best_part_is_the_section_where_the_words_meet(tmp_path):
    index = SearchIndex(tmp_path / "ix")
    writer = index.writer()
    sections = ["ledger overview", "price list for the cfo", "object handling: price object cfo", "cost"]
    add_documents(writer, [SectionDoc(1, o, "Price guide", text, ("cfo",)) for o, text in enumerate(sections)])
    index.commit(writer)
    searcher = index.searcher()
    sets = MatchSets(searcher, index.asset_column(searcher), _catalog([1]))
    assert sets.best_parts([0], ["price", "object", "cfo"]) == {0: 3}  # part 3 = the third section
    assert sets.best_parts([0], ["ledger"]) == {0: 1}
    assert sets.best_parts([0], ["cfo", "price"], phrases=[["price", "list"]]) == {0: 2}
    assert sets.best_parts([0], ["guid"]) == {}  # only in the title: no section to point at
    # Words on different pages match the asset; a phrase never spans two pages.
    assert sets.matching(wq.And([wq.Term("body", "ledger"), wq.Term("body", "cost")])) == sets.universe
    assert sets.matching(wq.Phrase("body", ["overview", "price"])) == 0


def test_an_empty_index_answers_every_kind_of_query(tmp_path):
    from enablement_desktop.context import open_context, open_search_index
    from enablement_desktop.search.engine import SearchEngine

    ctx = open_context(tmp_path / "data")
    engine = SearchEngine(ctx.db, open_search_index(ctx))
    for text in ["pricing", '"pricing objection"', "pric*", "persona:CFO", "", "NOT pricing"]:
        result = engine.search(text, {"type": ["pdf"]} if text == "persona:CFO" else None)
        assert (result.total, result.hits) == (0, []), text
    ctx.close()
