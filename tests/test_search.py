"""Core search on a real generated library: pages, phrases, facets, filters, changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from enablement_desktop.context import open_context, open_search_index
from enablement_desktop.library import update as update_mod
from enablement_desktop.library.update import update_library
from enablement_desktop.search.engine import SearchEngine
from resources.docgen import write_pdf
from tests.support.library import build_sample_library


@pytest.fixture()
def indexed(tmp_path: Path):
    library = build_sample_library(tmp_path / "library")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    summary = update_library(ctx.db, index, library, workers=0)
    engine = SearchEngine(ctx.db, index)
    yield ctx, index, engine, library, summary
    index.close()
    ctx.close()


def test_first_run_indexes_every_file(indexed):
    _, _, _, _, summary = indexed
    assert (summary.added, summary.failed, summary.removed) == (6, 0, 0)


def test_phrase_lands_on_the_right_pdf_page(indexed):
    _, _, engine, _, _ = indexed
    result = engine.search('"invoice processing cost"')
    assert [h.path for h in result.hits] == ["case-studies/halvorsen.pdf"]
    hit = result.hits[0]
    assert (hit.page, hit.label) == (3, "p. 3")
    marked = [hit.snippet[s:e].lower() for s, e in hit.spans]
    assert {"invoice", "processing", "cost"} <= set(marked)


def test_speaker_notes_and_tables_are_searchable_by_slide(indexed):
    _, _, engine, _, _ = indexed
    notes = engine.search("auditor findings")
    assert [(h.path, h.page, h.label) for h in notes.hits] == [("decks/ledger-pitch.pptx", 2, "slide 2")]
    table = engine.search("€4,200")
    assert [(h.path, h.page) for h in table.hits] == [("decks/ledger-pitch.pptx", 3)]


def test_docx_table_lands_in_its_heading_section(indexed):
    _, _, engine, _, _ = indexed
    hit = engine.search("salesforce pipeline").hits[0]
    assert (hit.path, hit.label) == ("playbooks/objections.docx", "Pricing objections")


def test_one_row_per_asset_and_facets_count_assets(indexed):
    _, _, engine, _, _ = indexed
    result = engine.search("tidewater")  # on several pages of several assets
    paths = [h.path for h in result.hits]
    assert len(paths) == len(set(paths)) == result.total
    product = dict(result.facets["product"])
    assert sum(product.values()) == result.total
    assert product["Tidewater Ledger"] == sum(1 for h in result.hits if "Tidewater Ledger" in h.facets["product"])


def test_filters_and_field_queries_narrow(indexed):
    _, _, engine, _, _ = indexed
    everything = engine.search("tidewater")
    cfo = engine.search("tidewater", {"persona": ["CFO"]})
    assert 0 < cfo.total < everything.total
    assert all("CFO" in h.facets["persona"] for h in cfo.hits)
    typed = engine.search("tidewater persona:cfo")
    assert {h.path for h in typed.hits} == {h.path for h in cfo.hits}
    assert [h.path for h in engine.search("product:shield").hits] != []
    assert {h.path for h in engine.search("product:shield").hits} == {"faq/security.md", "faq/release-notes.html"}
    assert engine.search("type:xlsx").total == 1


def test_browse_without_words_uses_filters(indexed):
    _, _, engine, _, _ = indexed
    result = engine.search("", {"stage": ["decision"]})
    assert {h.path for h in result.hits} == {"case-studies/halvorsen.pdf", "pricing/roi.xlsx"}


def test_stemming_accents_prefix_and_negation(indexed):
    _, _, engine, _, _ = indexed
    assert engine.search("objection").hits[0].path == "playbooks/objections.docx"
    assert engine.search("resume certifications").hits[0].path == "faq/security.md"  # Résumé
    assert engine.search("subproc*").hits[0].path == "faq/release-notes.html"
    with_neg = {h.path for h in engine.search("tidewater -ledger").hits}
    assert "decks/ledger-pitch.pptx" not in with_neg


def test_or_fallback_when_no_asset_has_all_words(indexed):
    _, _, engine, _, _ = indexed
    result = engine.search("auditor zebra")
    assert result.any_words is True
    assert [h.path for h in result.hits] == ["decks/ledger-pitch.pptx"]


def test_did_you_mean_uses_the_index_vocabulary(indexed):
    _, _, engine, _, _ = indexed
    result = engine.search("invoise")  # no asset has it: the library's word is searched too, and offered
    assert result.suggestion == "invoice"
    assert "also searched: invoice" in result.notes
    assert result.total == engine.search("invoice").total > 0


@pytest.mark.parametrize("text", ['"unclosed', "(((", "OR", "AND NOT", "*", "p*", "persona:", ":", "x:[a TO",
                                  "rating:>=9", "-", '""', "title:", "NOT NOT", "\x00", "🙂", "a" * 500])
def test_malformed_queries_never_raise(indexed, text):
    _, _, engine, _, _ = indexed
    result = engine.search(text)
    assert result.total >= 0


def test_metadata_marks_expired_and_unapproved(indexed):
    _, _, engine, _, _ = indexed
    roi = engine.search("payback type:xlsx").hits[0]
    assert roi.expired and roi.approved
    notes = engine.search("subprocessors").hits[0]
    assert not notes.approved


def test_change_and_removal_update_results(indexed):
    ctx, index, engine, library, _ = indexed
    pdf = library / "case-studies/halvorsen.pdf"
    write_pdf(pdf, ["# Halvorsen\nNow about warehouse robotics.", "Second page on pallet tracking."])
    os.utime(pdf, ns=(pdf.stat().st_atime_ns, pdf.stat().st_mtime_ns + 10_000_000))
    (library / "faq/security.md").unlink()
    summary = update_library(ctx.db, index, library, workers=0)
    assert (summary.changed, summary.removed, summary.added) == (1, 1, 0)
    assert engine.search('"invoice processing cost"').total == 0
    assert [(h.path, h.page) for h in engine.search("pallet tracking").hits] == [("case-studies/halvorsen.pdf", 2)]
    assert engine.search("soc 2").total == 0
    assert engine.search("", {"product": ["Tidewater Shield"]}).total == 1


def test_no_change_rescan_reads_no_file(indexed, monkeypatch):
    ctx, index, _, library, _ = indexed

    def forbidden(*args, **kwargs):
        raise AssertionError("a no-change rescan must not read files")

    monkeypatch.setattr(update_mod, "_sha256", forbidden)
    monkeypatch.setattr(update_mod, "ExtractPool", forbidden)
    summary = update_library(ctx.db, index, library, workers=0)
    assert (summary.unchanged, summary.added, summary.changed) == (6, 0, 0)


def test_manifest_edit_reindexes_metadata_only(indexed, monkeypatch):
    ctx, index, engine, library, _ = indexed
    manifest = library / "collateral.csv"
    manifest.write_text(manifest.read_text().replace("Release notes,Tidewater Shield", "Release notes,Tidewater Flow"))
    monkeypatch.setattr(update_mod, "ExtractPool", lambda *a, **k: pytest.fail("no extraction needed"))
    update_library(ctx.db, index, library, workers=0)
    assert [h.path for h in engine.search("product:flow").hits] == ["faq/release-notes.html"]


def test_bad_files_are_reported_and_retried_only_when_changed(indexed):
    ctx, index, engine, library, _ = indexed
    good = (library / "case-studies/halvorsen.pdf").read_bytes()
    (library / "broken.pdf").write_bytes(good[: len(good) // 3])
    (library / "empty.docx").write_bytes(b"")
    summary = update_library(ctx.db, index, library, workers=2)
    reasons = dict(ctx.db.execute("SELECT path, reason FROM problems").fetchall())
    assert reasons == {"broken.pdf": "damaged", "empty.docx": "damaged"}
    assert summary.failed == 2
    again = update_library(ctx.db, index, library, workers=2)
    assert again.failed == 2 and again.added == 0
    (library / "broken.pdf").write_bytes(good)
    fixed = update_library(ctx.db, index, library, workers=2)
    assert fixed.added == 1
    assert "broken.pdf" not in dict(ctx.db.execute("SELECT path, reason FROM problems").fetchall())


def test_damaged_index_is_rebuilt_from_stored_sections(indexed, monkeypatch):
    ctx, index, _, _, _ = indexed
    index.close()
    index_dir = ctx.data_dir / "index"
    for f in index_dir.iterdir():
        if f.suffix == ".toc":
            f.write_bytes(b"garbage")
    monkeypatch.setattr(update_mod, "ExtractPool", lambda *a, **k: pytest.fail("must not re-extract"))
    repaired = open_search_index(ctx)
    engine = SearchEngine(ctx.db, repaired)
    assert engine.search('"invoice processing cost"').hits[0].page == 3
    shutil.rmtree(index_dir)
    again = open_search_index(ctx)
    assert SearchEngine(ctx.db, again).search("auditor").total == 1


def test_index_behind_database_catches_up_without_duplicates(indexed):
    ctx, index, _, _, _ = indexed
    # As after a kill between the index commit and the database mark.
    ctx.db.execute("UPDATE assets SET indexed_sha256 = NULL WHERE path = 'faq/security.md'")
    ctx.db.conn.commit()
    index.close()
    repaired = open_search_index(ctx)
    result = SearchEngine(ctx.db, repaired).search("soc 2 type")
    assert result.total == 1 and len(result.hits) == 1
    from enablement_desktop.search.indexer import is_consistent

    assert is_consistent(ctx.db, repaired)


def test_tags_from_the_manifest_are_searchable_words(indexed):
    _, _, engine, _, _ = indexed
    assert [h.path for h in engine.search("nordics").hits] == ["case-studies/halvorsen.pdf"]


@pytest.mark.parametrize("broken", [b"title,product\nx,y\n", b'path,title\n"unclosed' + b"x" * 200_000])
def test_an_unusable_manifest_keeps_stored_approvals_and_titles(indexed, broken):
    ctx, index, engine, library, _ = indexed
    (library / "collateral.csv").write_bytes(broken)
    summary = update_library(ctx.db, index, library, workers=0)
    assert any("left as they were" in m for m in summary.messages)
    notes = engine.search("subprocessors").hits[0]
    assert (notes.title, notes.approved) == ("Release notes", False)


def test_manifest_paths_cannot_leave_the_library(tmp_path):
    from enablement_desktop.library.manifest import read_manifest

    (tmp_path / "collateral.csv").write_text(
        "path,title\n../secret.pdf,Outside\n./decks\\pitch.pptx,Pitch\n/etc/x.pdf,Abs\n", encoding="utf-8")
    manifest = read_manifest(tmp_path)
    assert manifest.rows == {"decks/pitch.pptx": {"title": "Pitch"}}
    assert len(manifest.problems) == 2 and all("outside the library" in p for p in manifest.problems)


def test_an_empty_library_folder_removes_nothing(indexed):
    """An unmounted network drive looks like an empty folder: keep every asset."""
    ctx, index, engine, library, _ = indexed
    moved = library.parent / "elsewhere"
    library.rename(moved)
    library.mkdir()
    summary = update_library(ctx.db, index, library, workers=0)
    assert summary.removed == 0 and any("is empty" in m for m in summary.messages)
    assert engine.search("auditor").total == 1


def test_words_on_different_pages_find_the_asset_and_land_where_most_of_them_meet(indexed):
    ctx, index, engine, library, _ = indexed
    write_pdf(library / "guides/rollout.pdf", [
        "Kickoff agenda and the steering committee.",
        "Warehouse robotics pilot in week two.",
        "Pallet tracking with the robotics pilot results.",
        "Pallet labels and a glossary.",
    ], title="Rollout guide")
    update_library(ctx.db, index, library, workers=0)
    result = engine.search("steering pallet robotics")  # on pages 1, 3 and 4; 2 and 3
    assert (result.total, result.any_words) == (1, False)
    assert (result.hits[0].path, result.hits[0].page) == ("guides/rollout.pdf", 3)
    assert [h.page for h in engine.search('"pallet tracking"').hits] == [3]
    assert engine.search('"results pallet"').total == 0  # a phrase never runs across a page break
    assert engine.search("steering -robotics").total == 0


def test_rating_filter_and_usage_tie_break(indexed):
    from enablement_desktop.settings import Settings
    from enablement_desktop.usage.events import asset_stats, record_event

    ctx, index, _, _, _ = indexed
    engine = SearchEngine(ctx.db, index, usage_stats=lambda paths: asset_stats(ctx.db, paths))
    every = {h.path for h in engine.search("invoice").hits}
    assert len(every) >= 2
    loved, other = sorted(every)[:2]
    for user, stars in (("ann", 5), ("bob", 4)):
        record_event(ctx.db, Settings(user=user, team="East", device="d"), "rate", asset_path=loved, rating=stars)
    record_event(ctx.db, Settings(user="ann", team="East", device="d"), "rate", asset_path=other, rating=2)
    assert [h.path for h in engine.search("invoice rating:>=4").hits] == [loved]
    assert [h.path for h in engine.search("invoice rating:<3").hits] == [other]
    assert engine.search("rating:>=4").total == 1  # a rating filter alone browses
    boosted = engine.search("invoice", usage_boost=True).hits
    plain = engine.search("invoice").hits
    assert {h.path for h in boosted} == {h.path for h in plain}
    assert next(h.score for h in boosted if h.path == loved) > next(h.score for h in plain if h.path == loved)


def test_while_typing_an_unknown_last_word_is_the_start_of_a_word(indexed):
    _, _, engine, _, _ = indexed
    whole = {h.path for h in engine.search("invoice processing").hits}
    assert whole
    assert {h.path for h in engine.search("invoice proces", typing=True).hits} >= whole
    assert engine.search("invoice proces", typing=True).suggestion is None  # a word being typed is not a typo
    assert engine.search("invoice procxzq").any_words  # not typing: "procxzq" is a word nobody wrote
    assert engine.search("invoice", typing=True).total == engine.search("invoice").total  # known words stay exact
    open_quote = '"invoice proces'  # left alone: the phrase is still being typed
    assert engine.search(open_quote, typing=True).total == engine.search(open_quote).total


def test_queries_that_would_read_every_word_are_refused_with_a_note(indexed, monkeypatch):
    from whoosh import query as wq

    from enablement_desktop.search import engine as engine_mod
    from enablement_desktop.search import query as query_mod

    _, _, engine, _, _ = indexed
    parsed = query_mod.parse("[a TO z] pricing")  # brackets are text, not a range over every word
    assert not [leaf for leaf in query_mod.walk(parsed.query) if isinstance(leaf, wq.TermRange)]
    assert any("two letters before *" in note for note in engine.search("*ing").notes)
    monkeypatch.setattr(engine_mod, "_MAX_EXPANSIONS_MATCHED", 1)
    broad = engine.search("pr* invoice")  # "price" and "process" at least
    assert any("more than 1 different words" in note for note in broad.notes), broad.notes
    assert broad.total == engine.search("invoice").total  # the prefix was left out, the word still counts
    assert engine.search('persona:"0?').total == 0  # a facet wildcard expands over the catalog, never the index


def test_a_table_snippet_is_the_matching_row_labelled_by_short_header_cells(tmp_path):
    from enablement_desktop.search.analysis import word_forms
    from enablement_desktop.search.snippets import make_snippet
    from resources.docgen import write_docx
    from tests.support.indexed import empty_library

    with empty_library(tmp_path) as lib:
        write_docx(lib.root / "objections.docx", [{
            "heading": "Objection handling", "paragraphs": ["Use these answers in the meeting."],
            "table": [["Objection", "Response", "Proof"],
                      ["Too expensive", "Payback in six months", "Halvorsen case study"],
                      ["We already have a vendor", "Runs beside it, no rip and replace", "Kestrel pilot"]],
        }])
        lib.update()
        engine = SearchEngine(lib.ctx.db, lib.index)
        hit = engine.search("vendor replace").hits[0]
        assert hit.snippet == ("Objection: We already have a vendor · Response: Runs beside it, no rip and "
                               "replace · Proof: Kestrel pilot")
        assert [hit.snippet[s:e] for s, e in hit.spans] == ["vendor", "replace"]
        # Only the header holds the word: the first row, under its labels, not the bare header.
        assert engine.search("proof").hits[0].snippet.startswith("Objection: Too expensive · ")
        # Prose that holds more of the words than any row still wins.
        assert engine.search("answers meeting").hits[0].snippet.endswith("Use these answers in the meeting.")

    long_header = ("Question the buyer asks | What we answer\n"
                   "Is it secure | SOC 2 Type II report\nHow long to deploy | Six weeks")
    assert make_snippet(long_header, frozenset(word_forms("deploy")))[0] == "How long to deploy | Six weeks"
