"""Snippets skip words that cannot hold a searched term (search/snippets.py): the rule must be exact."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from enablement_desktop.search.analysis import word_forms
from enablement_desktop.search.snippets import make_snippet


@settings(max_examples=2000)
@given(st.text(alphabet=string.ascii_letters, min_size=1, max_size=24))
def test_a_plain_ascii_words_terms_keep_its_first_letters(word):
    # The stemmer only rewrites endings: what snippets._matches relies on to skip a word unanalysed.
    head = word[: 2 if len(word) > 3 else 1].lower()
    assert all(form.startswith(head) for form in word_forms(word))


def test_words_of_every_kind_are_still_marked():
    text = "Our e-mail SLA: 99.9% uptime, SOC2 reports and Ünicode café pricing for ISO-27001."
    for term, marked in [("email", "e-mail"), ("soc2", "SOC2"), ("cafe", "café"), ("price", "pricing"),
                         ("27001", "ISO-27001"), ("uptim", "uptime")]:
        snippet, spans = make_snippet(text, frozenset({term}))
        assert [snippet[s:e] for s, e in spans] == [marked], term
