"""Ranking for how sellers type, did-you-mean, synonyms and paging, on a real indexed library."""

from __future__ import annotations

from pathlib import Path

import pytest

from enablement_desktop.context import open_context, open_search_index
from enablement_desktop.library.update import update_library
from enablement_desktop.search import spelling
from enablement_desktop.search.analysis import MAX_WORD
from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.index import FORMAT_VERSION, SearchIndex
from tests.support.indexed import indexed_files

FILES = {
    "events/webinar-checklist.md": "# Webinar checklist\n\nBook the webinar room and send the checklist.",
    "events/webinar-process.md": "# Running a webinar\n\nThe webinar process from invite to follow-up.",
    "ops/launch-checklist.md": "# Launch checklist\n\nA checklist for a product launch.",
    "onboarding/timeline.md": "# Implementation timeline\n\nImplementation takes six weeks from kickoff.",
    "faq/general.md": "# General questions\n\nHow do we answer? What does a long day look like? Who does it?",
    "security/iso.md": "# ISO 42001\n\nOur AI management system is certified to ISO 42001.",
    "security/typo.md": "# Securtiy notes\n\nThe securtiy review was written in a hurry.",
    "ops/minutes.md": "# Minutes\n\nNoting the actions agreed at the review.",
    "brand/white-label.md": "# White label\n\nLabels and labelling for partners.",
    "contact/form.md": "# Contact\n\n8.TELEPHONE NUMBER and 9.E-MAIL ADDRESS are required. SOC2 audited.",
    "contact/email.md": "# Email us\n\nWrite an email to the team.",
    "schools/k12.md": "# K-12 districts\n\nPricing for K-12 school districts.",
    "compliance/soc.md": "# SOC 2\n\nOur SOC 2 Type II report is available.",
    "compliance/soc-dash.md": "# SOC-2 summary\n\nA SOC-2 bridge letter.",
}
FILES |= {f"security/policy-{n}.md": f"# Security policy {n}\n\nSecurity controls and security reviews, part {n}."
          for n in range(12)}
FILES |= {f"misc/note-{n}.md": f"# Note {n}\n\nA note about item {n} and the ISO 400 film speed."
          for n in range(3)}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    with indexed_files(tmp_path_factory.mktemp("ranking"), FILES) as indexed:
        yield indexed.ctx, indexed.index, SearchEngine(indexed.ctx.db, indexed.index)


def paths(result) -> list[str]:
    return [h.path for h in result.hits]


def test_all_the_words_first_then_most_of_them(library):
    _, _, engine = library
    result = engine.search("webinar checklist")
    assert paths(result)[0] == "events/webinar-checklist.md"
    assert (result.all_words, result.total) == (1, 3)
    assert set(paths(result)[1:]) == {"events/webinar-process.md", "ops/launch-checklist.md"}
    assert not result.any_words


def test_a_query_never_hinges_on_every_word(library):
    _, _, engine = library
    result = engine.search("implementation timeline zebra")  # nothing says zebra
    assert paths(result)[0] == "onboarding/timeline.md"
    assert result.any_words and result.all_words == 0


def test_question_words_and_filler_do_not_sink_or_decide_a_query(library):
    _, _, engine = library
    result = engine.search("how long does implementation take")
    # The asset about implementation comes first, though the filler-rich FAQ has more of the words.
    assert paths(result)[0] == "onboarding/timeline.md"
    # Filler alone never makes an asset match: the FAQ has "how", "does", "long" but not implementation.
    assert "faq/general.md" not in paths(engine.search("how does implementation work"))


def test_operators_keep_their_meaning(library):
    _, _, engine = library
    assert paths(engine.search('"webinar checklist"')) == ["events/webinar-checklist.md"]
    assert "events/webinar-checklist.md" not in paths(engine.search("webinar -checklist"))
    assert paths(engine.search("webinar NOT checklist")) == ["events/webinar-process.md"]
    assert set(paths(engine.search("webin*"))) == {"events/webinar-checklist.md", "events/webinar-process.md"}
    assert paths(engine.search("title:launch checklist")) == ["ops/launch-checklist.md"]


@pytest.mark.parametrize("typed", ["C++", "NOT", "-", "the"])
def test_a_query_without_a_searchable_word_matches_nothing(library, typed):
    _, _, engine = library
    result = engine.search(typed)
    assert (result.total, result.hits) == (0, [])


def test_type_filter_accepts_its_label(search_engine):
    by_label = search_engine.search("type:powerpoint")
    assert by_label.total == search_engine.search("type:pptx").total == 1
    assert [h.type for h in by_label.hits] == ["pptx"]
    assert search_engine.search('type:"web page"').total == search_engine.search("type:html").total >= 1


@pytest.mark.parametrize(("typed", "expected"), [
    ("telephone", "contact/form.md"),
    ("e-mail address", "contact/form.md"),
    ("K12", "schools/k12.md"),
])
def test_words_split_where_a_person_would(library, typed, expected):
    _, _, engine = library
    assert expected in paths(engine.search(typed))


def test_soc2_spellings_find_the_same_assets(library):
    _, _, engine = library
    found = [set(paths(engine.search(q))) for q in ("SOC 2", "SOC2", "SOC-2")]
    assert found[0] == found[1] == found[2] == {"compliance/soc.md", "compliance/soc-dash.md", "contact/form.md"}
    assert {"contact/email.md", "contact/form.md"} <= set(paths(engine.search("email")))


def test_did_you_mean_prefers_the_frequent_word_never_a_rarer_one(library):
    _, _, engine = library
    result = engine.search("secruity")
    assert result.suggestion == "security"  # in 12 assets; not "securtiy", a one-off typo
    assert "also searched: security" in result.notes
    assert result.total == engine.search("security").total >= 12
    # A typo that is itself in the library is offered the frequent word, and still finds its asset.
    rare = engine.search("securtiy")
    assert rare.suggestion == "security" and paths(rare) == ["security/typo.md"]
    assert engine.search("security").suggestion is None


def test_did_you_mean_leaves_a_correctly_spelled_word_the_library_lacks(library):
    _, _, engine = library
    # "nothing" is in no asset and one letter from the library's "noting": still a word, not a typo.
    result = engine.search("nothing")
    assert (result.suggestion, result.total) == (None, 0)
    assert not any("also searched" in note for note in result.notes)
    assert engine.search("nothing about security").suggestion is None
    # A typo of the same word is still corrected.
    assert engine.search("notng").suggestion == "noting"


def test_did_you_mean_spells_the_correction_as_an_english_word(library):
    _, _, engine = library
    # "label" and "labele" are both one edit from "lable" and both stem to the library's "label".
    result = engine.search("white lable")
    assert result.suggestion == "white label" and "also searched: label" in result.notes


def test_did_you_mean_leaves_numbers_and_keeps_the_other_words(library):
    _, _, engine = library
    assert engine.search("ISO 42001").suggestion is None
    assert engine.search("Secruity policy for ISO 42001").suggestion == "Security policy for ISO 42001"
    assert engine.search("the secruity of an webinar").suggestion == "the security of an webinar"


def test_results_page_by_offset(library):
    _, _, engine = library
    everything = paths(engine.search("security", limit=50))
    pages = [paths(engine.search("security", limit=5, offset=o)) for o in (0, 5, 10)]
    assert [p for page in pages for p in page] == everything[:15]
    assert engine.search("security", limit=5, offset=10).offset == 10


def test_a_35000_character_word_is_capped_by_the_engine(tmp_path):
    """18.7: the analyzer cuts a word to MAX_WORD characters, so neither the index nor
    did-you-mean ever handles the whole 35,000 characters."""
    word = "q" * 35_000
    lib = tmp_path / "library"
    lib.mkdir()
    (lib / "blob.md").write_text(f"# Blob\n\n{word} and more", encoding="utf-8")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    update_library(ctx.db, index, lib, workers=0)
    terms = [t for _, t in index.searcher().reader().all_terms()]
    assert terms and max(len(t) for t in terms) <= MAX_WORD
    assert spelling.correct_word(index.searcher().reader(), word) is None  # too long to be a typo
    result = SearchEngine(ctx.db, index).search(word)
    assert paths(result) == ["blob.md"]  # found through its capped term
    index.close()
    ctx.close()


def test_an_index_of_another_format_is_rebuilt_on_open_with_progress(tmp_path):
    lib = tmp_path / "library"
    lib.mkdir()
    (lib / "a.md").write_text("# Alpha\n\nSOC2 report", encoding="utf-8")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    update_library(ctx.db, index, lib, workers=0)
    index.close()
    version_file = Path(index.directory) / "enablement-format"
    assert version_file.read_text().strip() == str(FORMAT_VERSION)
    version_file.unlink()  # as an index written before format versions were recorded

    assert SearchIndex.open(index.directory)[1] is True  # recreated, empty
    seen = []
    reopened = open_search_index(ctx, lambda done, total, label: seen.append((done, total, label)))
    assert seen and seen[-1][0] == seen[-1][1] == 1
    assert [h.path for h in SearchEngine(ctx.db, reopened).search("SOC 2").hits] == ["a.md"]
    reopened.close()
    ctx.close()


@pytest.fixture()
def small(tmp_path):
    lib = tmp_path / "library"
    lib.mkdir()
    (lib / "calculator.md").write_text("# Calculator\n\nA return on investment calculator.", encoding="utf-8")
    (lib / "summary.md").write_text("# Summary\n\nThe ROI summary for the board.", encoding="utf-8")
    (lib / "payback.md").write_text("# Payback\n\nPayback period in months.", encoding="utf-8")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    update_library(ctx.db, index, lib, workers=0)
    yield ctx, index, lib
    index.close()
    ctx.close()


def test_synonyms_are_one_word_of_the_query_and_reloaded_when_the_file_changes(small):
    from enablement_desktop.search.synonyms import Synonyms

    ctx, index, lib = small
    engine = SearchEngine(ctx.db, index, synonyms=Synonyms(lib))
    assert paths(engine.search("ROI")) == ["summary.md"]
    (lib / "synonyms.txt").write_text("# finance words\nROI, return on investment\n", encoding="utf-8")
    result = engine.search("ROI")
    assert set(paths(result)) == {"summary.md", "calculator.md"}
    assert "also searched: return on investment" in result.notes
    both = engine.search("return on investment calculator")  # the group is one word: "calculator" still counts
    assert paths(both)[0] == "calculator.md" and both.all_words == 1
    (lib / "synonyms.txt").write_text("ROI, payback period, payback\n", encoding="utf-8")
    assert set(paths(engine.search("ROI"))) == {"summary.md", "payback.md"}
    (lib / "synonyms.txt").unlink()
    assert paths(engine.search("ROI")) == ["summary.md"]


def test_bad_synonym_lines_are_reported_in_problems_and_the_rest_work(small):
    from enablement_desktop.search.synonyms import Synonyms

    ctx, index, lib = small
    (lib / "synonyms.txt").write_text("SOC 2\n, ,\nROI, return on investment\nthe, of\n", encoding="utf-8")
    update_library(ctx.db, index, lib, workers=0)
    rows = ctx.db.execute("SELECT reason, detail FROM problems WHERE path = 'synonyms.txt'").fetchall()
    assert len(rows) == 1 and rows[0][0] == "bad synonyms"
    assert "line 1" in rows[0][1] and "line 2" in rows[0][1] and "line 4" in rows[0][1] and "line 3" not in rows[0][1]
    assert "synonyms.txt" not in [r[0] for r in ctx.db.execute("SELECT path FROM assets")]  # not an asset
    engine = SearchEngine(ctx.db, index, synonyms=Synonyms(lib))
    assert set(paths(engine.search("ROI"))) == {"summary.md", "calculator.md"}

    (lib / "synonyms.txt").write_bytes(b"ROI, r\xffturn\n")  # not UTF-8: no synonyms, a problem, no crash
    update_library(ctx.db, index, lib, workers=0)
    detail = ctx.db.execute("SELECT detail FROM problems WHERE path = 'synonyms.txt'").fetchone()[0]
    assert "UTF-8" in detail
    assert paths(engine.search("ROI")) == ["summary.md"]
    (lib / "synonyms.txt").write_text("ROI, return on investment\n", encoding="utf-8")
    update_library(ctx.db, index, lib, workers=0)
    assert ctx.db.execute("SELECT count(*) FROM problems WHERE path = 'synonyms.txt'").fetchone()[0] == 0


def test_all_the_words_score_more_but_do_not_outrank_an_asset_about_the_rarest_word(tmp_path, monkeypatch):
    from enablement_desktop.search import feedback, ranking

    monkeypatch.setattr(feedback, "TERMS", 0)  # the words' own order, without feedback
    lib = tmp_path / "library"
    files = {
        "security/pentest.md": "# Pentest\n\n" + "The pentest scope, the pentest findings and the pentest report. " * 5,
        "vendors/onboarding.md": "# Supplier onboarding\n\n" + "Contracts, invoices, tax forms and bank details. " * 8
        + "A vendor may be asked for a pentest.",
        "vendors/list.md": "# Suppliers\n\nEvery vendor we buy from, and the vendor contact.",
    }
    files |= {f"misc/note-{n}.md": f"# Note {n}\n\nThe office plants and the kitchen, part {n}." for n in range(5)}
    for rel, text in files.items():
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        (lib / rel).write_text(text, encoding="utf-8")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    update_library(ctx.db, index, lib, workers=0)
    engine = SearchEngine(ctx.db, index)
    try:
        result = engine.search("pentest vendor")
        # The page about pentests beats the one that says each word once; all three match.
        assert paths(result)[0] == "security/pentest.md"
        assert set(paths(result)) == {"security/pentest.md", "vendors/onboarding.md", "vendors/list.md"}
        assert (result.all_words, result.total) == (1, 3)
        monkeypatch.setattr(ranking, "ALL_WORDS_BONUS", 10.0)  # as a hard tier would: all the words first
        engine._parsed.clear()
        assert paths(engine.search("pentest vendor"))[0] == "vendors/onboarding.md"
    finally:
        index.close()
        ctx.close()



def test_filler_is_marked_only_in_a_phrase_or_when_it_is_all_there_is(tmp_path):
    files = {"faq.md": "# FAQ\n\nHow long does the implementation take? Six to eight weeks.\n",
             "notes.md": "# Notes\n\nWhat does it cost, and how do we pay?\n"}
    with indexed_files(tmp_path, files) as library:
        engine = SearchEngine(library.ctx.db, library.index)

        def marked(query: str) -> set[str]:
            hit = engine.search(query).hits[0]
            return {hit.snippet[a:b].lower() for a, b in hit.spans}

        assert marked("how long does implementation take") == {"long", "implementation", "take"}
        assert marked('"how long does"') == {"how", "long", "does"}
        assert marked("how does") == {"how", "does"}
