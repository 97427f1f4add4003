"""Two typed words a library writes as one (search/compounds.py), on a real indexed library."""

from __future__ import annotations

import pytest

from enablement_desktop.search import compounds
from tests.support.indexed import hit_paths, office_notes, search_engine

FILES = {
    # The library writes "setup" joined, in three assets: an established spelling.
    "guides/quick-start.md": "# Quick start\n\nThe setup takes ten minutes: install the agent and connect it.",
    "guides/setup-checklist.md": "# Checklist\n\nBefore the setup, collect the admin credentials.",
    "support/faq.md": "# FAQ\n\nWho runs the setup? Your admin, once.",
    # Says the two words apart, about something else.
    "marketing/events.md": "# Events\n\nWe set the booth up at every trade fair.",
    # "response-time" once: indexed as its parts and as "responsetime", an accident of hyphenation.
    "support/sla.md": "# SLA\n\nOur response-time targets for priority tickets.",
    "support/tickets.md": "# Tickets\n\nResponse times depend on the plan.",
}
FILES |= office_notes()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with search_engine(tmp_path_factory.mktemp("compounds"), FILES) as engine:
        yield engine


JOINED = {"guides/quick-start.md", "guides/setup-checklist.md", "support/faq.md"}


def test_two_typed_words_find_the_word_the_library_writes_joined(engine, monkeypatch):
    result = engine.search("set up")
    assert set(hit_paths(result)) == JOINED | {"marketing/events.md"}  # the words apart still match
    assert "also searched: setup" in result.notes
    monkeypatch.setattr(compounds, "MIN_ASSETS", 4)  # "setup" no longer counts as the library's spelling
    assert set(hit_paths(engine.search("set up"))) == {"marketing/events.md"}


def test_a_joined_word_in_one_or_two_assets_or_with_filler_is_not_searched(engine):
    # "responsetime" exists only because one asset hyphenates it: the words are searched as typed.
    result = engine.search("response times")
    assert not any("responsetim" in note for note in result.notes)
    assert set(hit_paths(result)) == {"support/sla.md", "support/tickets.md"}
    assert not any("also searched" in note for note in engine.search("gets up").notes)  # "gets" is filler
    # Only words typed side by side, outside NOT, quotes and fields, pair up.
    for text in ("set -up", 'set "up"', "set title:up", "set, up"):
        assert not any("also searched" in note for note in engine.search(text).notes), text
