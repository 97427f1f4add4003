"""Who an asset is for, named in the query (search/named_facets.py), on a real indexed library."""

from __future__ import annotations

import os

import pytest

from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.named_facets import FacetWords
from resources.docgen import write_text
from tests.support.indexed import hit_paths, indexed_files, office_notes

FILES = {
    # Says "pricing" often, for no one in particular.
    "pricing/price-list.md": "# Price list\n\nPricing per seat. Pricing per workspace. Volume pricing and pricing tiers.",
    # Its file name gives it Industry: Nonprofit (facet_defaults.py); it never says "charity".
    "pricing/nonprofit-pricing.md": "# Discounts\n\nOur pricing for registered organisations, on request.",
    "stories/bank-rollout.md": "# Rollout at a bank\n\nHow the rollout went, pricing included.",
}
FILES |= office_notes()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    with indexed_files(tmp_path_factory.mktemp("named-facets"), FILES) as library:
        yield library


def test_a_query_word_naming_an_industry_lifts_its_assets(library, tmp_path):
    engine = SearchEngine(library.ctx.db, library.index)
    result = engine.search("charity pricing")
    assert hit_paths(result)[0] == "pricing/nonprofit-pricing.md"
    assert "Industry: Nonprofit ranked higher (“charity”)" in result.notes
    assert set(hit_paths(result)) == set(hit_paths(engine.search("pricing")))  # nothing matched by it
    # A library whose facets.toml drops the built-in words: "charity" names nothing, BM25 alone decides.
    write_text(tmp_path / "facets.toml", "[options]\nreplace_defaults = true\n")
    engine = SearchEngine(library.ctx.db, library.index, facet_words=FacetWords(tmp_path))
    result = engine.search("charity pricing")
    assert hit_paths(result)[0] == "pricing/price-list.md"
    assert not any("ranked higher" in note for note in result.notes)


def test_a_value_no_candidate_holds_is_not_mentioned(library):
    engine = SearchEngine(library.ctx.db, library.index)
    result = engine.search("pricing for a hospital")  # Healthcare: nothing in the library holds it
    assert not any("ranked higher" in note for note in result.notes)
    assert engine.search("charity pricing", match="any").notes == []  # benchmarks' plain BM25 is untouched


def test_only_the_words_the_seller_wants_name_a_value():
    words = FacetWords()
    assert [(n.field, n.value, n.words) for n in words.named("Charity pricing for the CFO")] == [
        ("industry", "Nonprofit", "charity"), ("persona", "CFO", "cfo")]
    assert [n.value for n in words.named('"public sector" deals in europe')] == ["Public sector", "EMEA"]
    for text in ("pricing NOT charity", "pricing -charity", "industry:Nonprofit pricing", "char* pricing"):
        assert words.named(text) == [], text


def test_the_library_facets_toml_adds_words_and_is_read_again(tmp_path):
    words = FacetWords(tmp_path)
    assert words.named("credit union onboarding") == []
    toml = write_text(tmp_path / "facets.toml", '[industry]\n"Financial services" = ["credit union"]\n')
    assert [n.value for n in words.named("credit union onboarding")] == ["Financial services"]
    toml.write_text("[industry\n", encoding="utf-8")  # broken: the built-in words are used, no error
    os.utime(toml, ns=(1, 1))
    assert words.named("credit union onboarding") == []
    assert [n.value for n in words.named("charity")] == ["Nonprofit"]
