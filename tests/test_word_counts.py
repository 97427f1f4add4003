"""An asset's strongest words, counted while indexing (search/word_counts.py)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from enablement_desktop.search import word_counts
from enablement_desktop.search.analysis import index_form


def test_words_are_counted_as_the_index_holds_them():
    counts = word_counts.count_words("Pricing FAQ\npricing/faq.md", ["Our prices and pricing for e-mail support."])
    assert counts[index_form("pricing")] == 4  # title, path, "prices" and "pricing": one stem
    assert counts["email"] == counts["mail"] == 1  # a split word counts under each form it is indexed under
    assert "and" not in counts and "for" not in counts  # stop words are not indexed


def test_only_the_first_part_of_a_long_text_is_counted():
    long = "alpha " * (word_counts.MAX_CHARS // 6 + 100)
    counts = word_counts.count_words("", [long, "omega " * 50])
    assert counts["alpha"] <= word_counts.MAX_CHARS // 6 + 1 and "omega" not in counts


def test_the_strongest_words_are_kept_with_the_total_of_all():
    counts = Counter({f"w{n}": n + 1 for n in range(word_counts.KEPT + 50)})
    kept, total = word_counts.decode(word_counts.encode(counts))
    assert total == sum(counts.values())
    assert len(kept) == word_counts.KEPT and min(kept.values()) == 51  # the 50 weakest left out
    assert word_counts.decode(None) == ({}, 0)


@given(st.dictionaries(st.text(min_size=1, max_size=20).filter(lambda t: "\n" not in t and "\t" not in t),
                       st.integers(min_value=1, max_value=10**6), max_size=40))
def test_encoding_round_trips_any_words(counts):
    assert word_counts.decode(word_counts.encode(Counter(counts))) == (counts, sum(counts.values()))
