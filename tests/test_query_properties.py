"""Property: whatever a person types, parsing and searching never raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enablement_desktop.search import query as query_mod

SYNTAX = st.sampled_from(['"', "(", ")", "*", "?", ":", "-", "+", "^", "~", "[", "]", "{", "}", " OR ", " AND ",
                          " NOT ", "persona:", "product:", "rating:>=", "title:", "\\", "'", "TO", "é", "€", "\x00"])
QUERY = st.lists(st.one_of(SYNTAX, st.text(max_size=8)), max_size=12).map("".join)
FACETS = {"persona": ["CFO", "VP Sales"], "product": ["Tidewater Ledger"]}


@settings(max_examples=300, deadline=None)
@given(QUERY)
def test_parse_never_raises(text):
    parsed = query_mod.parse(text, FACETS)
    assert parsed.text == text
    if parsed.query is not None:
        parsed.query.normalize()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERY)
def test_search_never_raises(search_engine, text):
    result = search_engine.search(text)
    assert result.total >= 0 and len(result.hits) <= result.total


def test_a_hyphen_inside_a_word_is_not_a_minus():
    for text in ("month-end close", "third-party questionnaires", "mid-market pricing"):
        assert not query_mod.negated_terms(query_mod.parse(text).query), text
    assert query_mod.negated_terms(query_mod.parse("pricing -sap").query) == {("body", "sap")}


def test_a_field_with_no_value_or_a_bad_rating_is_named_not_searched():
    empty = query_mod.parse("pricing product:")
    assert empty.notes == ["product: needs a value right after it, as in product:Ledger; searched without it."]
    assert {f for f, _ in empty.query.iter_all_terms()} <= {"body", "title"}  # the word, no product
    bad = query_mod.parse("rating:>=x pricing")
    assert bad.rating is None and bad.notes[0].startswith("rating: takes a number from 1 to 5")
    assert query_mod.parse("rating:>=9").notes and query_mod.parse("rating:>=4").notes == []
    # "persona: CFO" as people type it is persona:CFO, not the word CFO anywhere.
    spaced = query_mod.parse("persona: CFO", {"persona": ["CFO", "CIO"]})
    assert spaced.notes == [] and [(f, t) for f, t in spaced.query.iter_all_terms()] == [("persona", "cfo")]
