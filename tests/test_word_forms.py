"""A typed word no asset has, searched by its stem's stem (search/word_forms.py), on a real indexed library."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.lang.porter import stem

from enablement_desktop.search import word_forms
from enablement_desktop.search.analysis import index_form
from tests.support.indexed import hit_paths, office_notes, search_engine

FILES = {
    # The library writes "environment(s)" (Porter: "environ"), never "environmental" ("environment").
    "green/carbon.md": "# Carbon footprint\n\nOur data centres are chosen for their impact on the environment.",
    "green/regions.md": "# Regions\n\nEvery hosting region reports on its environments and their energy.",
    # Writes "meaningful" (Porter: "meaning", whose stem is "mean"): a word the library
    # holds is searched as it is, never as the word of "mean time to recovery".
    "reports/insights.md": "# Insights\n\nMeaningful numbers for every account review.",
    "ops/recovery.md": "# Recovery\n\nOur mean time to recovery was four hours.",
}
FILES |= office_notes()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with search_engine(tmp_path_factory.mktemp("word-forms"), FILES) as engine:
        yield engine


def test_a_word_no_asset_has_finds_its_family_through_its_stems_stem(engine):
    assert index_form("environmental") == "environment" != index_form("environments")  # Porter stops short
    result = engine.search("environmental impact")
    assert set(hit_paths(result)) == {"green/carbon.md", "green/regions.md"}
    assert "also searched: environment" in result.notes  # the library's spelling, not the stem "environ"
    assert hit_paths(engine.search("environmental")) == hit_paths(engine.search("environment"))


def test_a_word_the_library_holds_is_searched_as_it_is(engine):
    assert stem(index_form("meaningful")) == index_form("mean")
    result = engine.search("meaningful")
    assert hit_paths(result) == ["reports/insights.md"]
    assert not any("also searched" in note for note in result.notes)


def test_nothing_is_added_when_the_stems_stem_is_in_no_asset_or_the_word_is_not_plain(engine):
    reader = engine.index.searcher().reader()
    assert word_forms.deeper_forms("governmental", reader) == {}  # "government" → "govern": in no asset
    assert word_forms.deeper_forms('"environmental" title:environmental -environmental', reader) == {}
    assert word_forms.deeper_forms("environmental", reader) == {"environment": ("environmental", "environ")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["environmental", "environment", "meaningful", "mean", "impact",
                                 "governmental", "plants", "the", "how"]) | st.from_regex(r"[a-z]{3,12}", fullmatch=True),
                min_size=1, max_size=4))
def test_only_words_in_no_asset_get_a_deeper_form_and_it_is_one_the_library_holds(engine, words):
    reader = engine.index.searcher().reader()
    for form, (typed, deeper) in word_forms.deeper_forms(" ".join(words), reader).items():
        assert typed in words and index_form(typed) == form
        assert reader.doc_frequency("body", form) == 0
        assert deeper == stem(form) != form and reader.doc_frequency("body", deeper) > 0
