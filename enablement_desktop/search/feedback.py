"""Pseudo-relevance feedback (RM3): the best few assets lend the query their words.

A seller types "SLA initial response times"; the assets that answer it best
also say "priority", "severity", "support plan". Taking the strongest words
of the top `DOCS` assets (each word's share of an asset's text, weighted by
that asset's share of their summed scores, as RM3 does) and scoring them
beside the typed words re-orders the best `DEPTH` candidates: assets about
the same thing rise, assets that only share a word fall. Nothing is added
to or taken from which assets match, so counts and facets stay those of the
typed words.

The weights are the usual RM3 ones (10 terms from 5 documents, the typed
query keeping half the weight), checked on the collateral dev set and on
SciFact (docs/benchmarks.md). Nothing here knows any library's words: the
words come from the library's own best matches.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence

from enablement_desktop.search import word_counts
from enablement_desktop.search.frequencies import Frequencies, word_hashes
from enablement_desktop.search.matchsets import MatchSets
from enablement_desktop.search.ranking import COMMON_SHARE, FILLER
from enablement_desktop.search.recent import Recent

DOCS = 5  # the top assets that lend their words
TERMS = 10  # words taken from them
ORIGINAL_WEIGHT = 0.5  # the typed words' share of the expanded query
MAX_WORDS = 2  # the expansion weighs as at most this many typed words (see rerank)
DEPTH = 100  # candidates re-ordered (the rest keep their order below them)
_CACHED_ASSETS = 2048


class TermCounts:
    """asset → (indexed term → count, total terms) of its title, path and text, as
    stored in its index document (search/word_counts.py), cached.

    Clear it when assets change (the engine does, with its catalog)."""

    def __init__(self) -> None:
        self._cache: Recent[tuple[dict[str, int], int]] = Recent(_CACHED_ASSETS)

    def clear(self) -> None:
        self._cache.clear()

    def of(self, sets: MatchSets, docnum: int) -> tuple[dict[str, int], int]:
        # A docnum may name another asset after a merge; an asset id never.
        return self._cache.get(sets.asset_of[docnum],
                               lambda: word_counts.decode(sets.searcher.stored_fields(docnum).get("words")))


def telling(term: str) -> bool:
    """A word that can say what an asset is about: not filler, a lone letter or a number."""
    return term not in FILLER and len(term) >= 2 and not term.isdigit()


def expansion(sets: MatchSets, counts: TermCounts, frequencies: Frequencies, top: Sequence[tuple[float, int]],
              typed: Iterable[str]) -> list[tuple[str, float]]:
    """The `TERMS` strongest words of the `top` (score, docnum) assets, weights summing to 1.

    Left out: the typed words themselves, filler, lone letters and numbers,
    words in more than half the library, and words only one asset has."""
    total = sum(score for score, _ in top)
    if total <= 0:
        return []
    weights: Counter[str] = Counter()
    for score, docnum in top:
        terms, length = counts.of(sets, docnum)
        if length:
            share = score / total / length
            for term, tf in terms.items():
                weights[term] += tf * share
    skip = set(typed)
    size = max(len(sets.docnum_of), 1)
    strongest = [(term, weight) for weight, term in heapq.nlargest(20 * TERMS, ((w, t) for t, w in weights.items()))
                 if term not in skip and telling(term)]
    # One numpy lookup in the index's word tables for all of them (whoosh: ~0.1 ms a word).
    df = frequencies.lookup(sets.searcher, word_hashes(term for term, _ in strongest))
    picked = [(term, weight) for (term, weight), n in zip(strongest, df.tolist(), strict=True)
              if 2 <= n <= COMMON_SHARE * size][:TERMS]
    summed = sum(w for _, w in picked)
    return [(t, w / summed) for t, w in picked]


def rerank(ranked: list[tuple[float, int, bool]], sets: MatchSets, counts: TermCounts, frequencies: Frequencies,
           typed: Sequence[str], words: int) -> list[tuple[float, int, bool]]:
    """`ranked` (score, docnum, has every weighty word), best first, with the best `DEPTH`
    re-scored as the typed words plus the expansion; `words`: how many words were typed."""
    head = ranked[:DEPTH]
    terms = expansion(sets, counts, frequencies, [(s, d) for s, d, _ in head[:DOCS]], typed)
    if not terms:
        return ranked
    # RM3's mix: each typed word weighs ORIGINAL_WEIGHT / words, the expansion 1 − ORIGINAL_WEIGHT
    # in all; scaled so that the typed words keep their BM25.
    factor = (1 - ORIGINAL_WEIGHT) / ORIGINAL_WEIGHT * min(max(words, 1), MAX_WORDS)
    extra = sets.weighted_scores(terms, [d for _, d, _ in head])
    rescored = [(s + factor * extra.get(d, 0.0), d, first) for s, d, first in head]
    rescored.sort(key=lambda r: (r[0], -r[1]), reverse=True)
    return rescored + ranked[DEPTH:]
