"""Facets without a manifest (issue 12.8): derived from folder and file names,
titles and tags through a mapping marketing can edit (facets.toml)."""

from __future__ import annotations

from pathlib import Path

from enablement_desktop.library.facets import FACETS_NAME, derive, load_rules
from enablement_desktop.usage.insights import coverage
from resources.docgen import write_pptx, write_text
from tests.support.indexed import empty_library


def test_common_folder_names_give_kind_persona_industry_and_product() -> None:
    rules = load_rules(None)
    story = derive(rules, "Acme Suite/Customer Stories/retail-bank-rollout.md", "How a bank cut costs", {})
    assert story.values["kind"] == ["Case study"]
    assert story.values["industry"] == ["Financial services", "Retail"]
    assert story.values["product"] == ["Acme Suite"]
    assert story.sources["kind"] == "derived from the folder “Customer Stories”"
    assert story.sources["product"] == "derived from the top-level folder “Acme Suite”"
    card = derive(rules, "competitive/BattleCards/vs-OtherCo.pdf", "For the CFO", {})
    assert card.values["kind"] == ["Battlecard"]  # one kind, from the nearest folder
    assert card.values["persona"] == ["CFO"]
    assert "product" not in card.values  # a top folder that names a kind is not a product


def test_front_matter_tags_and_categories_count_first() -> None:
    rules = load_rules(None)
    derived = derive(rules, "blog/2024-05-01-launch.md", "Launch", {"category": "Case Studies", "keywords": "EMEA"})
    assert derived.values["kind"] == ["Case study"]
    assert derived.values["region"] == ["EMEA"]
    assert derived.sources["kind"] == "derived from its categories"


def test_no_rule_fires_on_a_word_inside_another() -> None:
    rules = load_rules(None)
    derived = derive(rules, "misc/wordpress-setup.md", "Contact us about our pricelessness", {})
    assert "kind" not in derived.values and "region" not in derived.values


def test_the_library_mapping_adds_and_replaces_values(tmp_path: Path) -> None:
    write_text(tmp_path / FACETS_NAME, '[kind]\n"Battlecard" = ["head to head"]\n"ROI calculator" = ["roi tool"]\n'
                                       '[persona]\n"Store manager" = ["store ops"]\n[options]\nproduct_from_top_folder = false\n')
    rules = load_rules(tmp_path)
    assert rules.problems == []
    assert derive(rules, "a/head-to-head.md", "", {}).values["kind"] == ["Battlecard"]
    assert "kind" not in derive(rules, "a/competitive.md", "", {}).values  # its words were replaced
    assert derive(rules, "x/ROI tool.xlsx", "", {}).values["kind"] == ["ROI calculator"]
    assert derive(rules, "Store Ops/x.md", "", {}).values["persona"] == ["Store manager"]
    assert "product" not in derive(rules, "Store Ops/x.md", "", {}).values
    assert derive(rules, "Customer Stories/x.md", "", {}).values["kind"] == ["Case study"]  # defaults stay


def test_a_bad_mapping_is_reported_and_the_defaults_used(tmp_path: Path) -> None:
    write_text(tmp_path / FACETS_NAME, "[kind\nnot toml")
    rules = load_rules(tmp_path)
    assert rules.problems and "facets.toml: cannot be read" in rules.problems[0]
    assert derive(rules, "battlecards/x.md", "", {}).values["kind"] == ["Battlecard"]
    write_text(tmp_path / FACETS_NAME, '[kind]\n"Deck" = 3\n[colour]\nred = ["r"]\n')
    problems = load_rules(tmp_path).problems
    assert any("[kind] Deck" in p for p in problems) and any("[colour]" in p for p in problems)


def test_an_indexed_library_without_a_manifest_has_facets_coverage_and_sources(tmp_path: Path) -> None:
    with empty_library(tmp_path) as library:
        write_text(library.root / "Ledger" / "case-studies" / "bank.md", "# Bank rollout\nA bank went live.\n")
        write_text(library.root / "Ledger" / "battlecards" / "vs-rival.md", "# Versus Rival\nWhy we win.\n")
        write_pptx(library.root / "Vault" / "pitch.pptx", [{"title": "Vault for the CFO", "bullets": ["Numbers."]}])
        write_text(library.root / "Vault" / "security" / "faq.md", "# Security FAQ\nSOC 2 answers.\n")
        library.update()
        from enablement_desktop.search.engine import SearchEngine

        engine = SearchEngine(library.ctx.db, library.index)
        result = engine.search("", {"kind": ["Case study"]})
        assert [h.path for h in result.hits] == ["Ledger/case-studies/bank.md"]
        hit = result.hits[0]
        assert hit.facets["industry"] == ("Financial services",)
        assert hit.facet_sources["kind"] == "derived from the folder “case-studies”"
        assert [h.path for h in engine.search("kind:battlecard").hits] == ["Ledger/battlecards/vs-rival.md"]
        kinds = dict(engine.search("").facets["kind"])
        assert kinds == {"Case study": 1, "Battlecard": 1, "Deck": 1, "Security": 1}
        grid = coverage(library.ctx.db, by="kind")
        assert grid.rows == ["Ledger", "Vault"]
        assert {"Battlecard", "Case study", "Deck", "Security"} <= set(grid.columns)


def test_the_manifest_wins_and_says_so(tmp_path: Path) -> None:
    with empty_library(tmp_path) as library:
        write_text(library.root / "battlecards" / "x.md", "# X\nText.\n")
        write_text(library.root / "collateral.csv", "path,kind,product\nbattlecards/x.md,Pricing,Ledger\n")
        library.update()
        from enablement_desktop.search.engine import SearchEngine

        hit = SearchEngine(library.ctx.db, library.index).search("text").hits[0]
        assert hit.facets["kind"] == ("Pricing",) and hit.facets["product"] == ("Ledger",)
        assert hit.facet_sources["kind"] == "collateral.csv"
        # The mapping changes: the derived values follow on the next run, without reading the file again.
        write_text(library.root / "collateral.csv", "path,title\nbattlecards/x.md,X\n")
        library.update()
        hit = SearchEngine(library.ctx.db, library.index).search("text").hits[0]
        assert hit.facets["kind"] == ("Battlecard",) and hit.facet_sources["kind"].startswith("derived from")
