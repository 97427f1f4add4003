"""The empty search page's examples come from the library itself (issue 13.13)."""

from __future__ import annotations

from pathlib import Path

from enablement_desktop.search.engine import SearchEngine
from resources.docgen import write_text
from tests.support.indexed import empty_library


def test_examples_come_from_the_library_and_each_finds_something(tmp_path: Path) -> None:
    with empty_library(tmp_path) as library:
        for n, topic in enumerate(["Onboarding checklist", "Onboarding timeline", "Refund policy", "Refund process"]):
            write_text(library.root / "Harbor" / "playbooks" / f"doc{n}.md", f"# {topic}\nHow we handle {topic.lower()}.\n")
        write_text(library.root / "Harbor" / "case-studies" / "port.md", "# Port onboarding story\nA port went live.\n")
        library.update()
        engine = SearchEngine(library.ctx.db, library.index)
        examples = engine.examples()
        assert 3 <= len(examples) <= 5
        text = " ".join(examples).lower()
        for demo_only in ("cfo", "battlecard", "2025", "emea", "payback"):
            assert demo_only not in text
        assert any("kind:playbook" in e.lower() for e in examples)
        assert any("product:harbor" in e.lower() for e in examples)
        assert any("onboarding" in e.lower() or "refund" in e.lower() for e in examples)
        for query in examples:
            assert engine.search(query).total > 0, query


def test_an_empty_library_offers_no_examples(tmp_path: Path) -> None:
    with empty_library(tmp_path) as library:
        assert SearchEngine(library.ctx.db, library.index).examples() == []
