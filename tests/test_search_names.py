"""File and folder names are searchable and rank (issue 12.3)."""

from __future__ import annotations

from pathlib import Path

from enablement_desktop.library.names import file_name_words, folder_words, name_words
from resources.docgen import write_text
from tests.support.indexed import empty_library


def test_name_words_split_where_a_person_reads_words() -> None:
    assert name_words("decks/Q3_PricingFAQ-v2.pptx") == ["decks", "Q3", "Pricing", "FAQ", "v2"]
    assert name_words("Case Studies/retail/yc-onboarding.md") == ["Case", "Studies", "retail", "yc", "onboarding"]
    assert folder_words("Case Studies/retail/x.md") == [["Case", "Studies"], ["retail"]]
    assert file_name_words("posts/2020-02-05-how-acme-scaled/index.md") == ["2020", "02", "05", "how", "acme", "scaled"]
    assert file_name_words("README") == ["README"]


def test_a_file_name_word_finds_the_file(tmp_path: Path) -> None:
    with empty_library(tmp_path) as library:
        write_text(library.root / "programs" / "yc-onboarding.md", "# Startup program\nCredits for new companies.\n")
        write_text(library.root / "other.md", "# Other\nNothing about it.\n")
        library.update()
        assert library.paths("yc") == ["programs/yc-onboarding.md"]
        assert library.paths("programs startup") == ["programs/yc-onboarding.md"]  # folder and text words together
        # While typing, a name word is a known word, not the start of another.
        from enablement_desktop.search.engine import SearchEngine
        hits = SearchEngine(library.ctx.db, library.index).search("yc", typing=True).hits
        assert [h.path for h in hits] == ["programs/yc-onboarding.md"]


def test_a_name_match_outranks_a_passing_mention(tmp_path: Path) -> None:
    filler = " ".join(f"word{n}" for n in range(60))
    with empty_library(tmp_path) as library:
        # The notes say it more often; the other file is named for it.
        write_text(library.root / "security-questionnaire.md", f"# Answers\n{filler} security questionnaire.\n")
        write_text(library.root / "notes.md", f"# Answers\n{filler} " + "security questionnaire, " * 3 + "\n")
        library.update()
        assert library.paths("security questionnaire")[0] == "security-questionnaire.md"


def test_a_title_match_outranks_a_passing_mention(tmp_path: Path) -> None:
    filler = " ".join(f"word{n}" for n in range(60))
    with empty_library(tmp_path) as library:
        write_text(library.root / "a.md", f"---\ntitle: Refund policy\n---\n{filler} refund.\n")
        write_text(library.root / "b.md", f"---\ntitle: Notes\n---\n{filler} refund policy, refund policy.\n")
        library.update()
        assert library.paths("refund policy")[0] == "a.md"
