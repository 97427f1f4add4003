"""Relevant assets resemble each other: the best candidates lend each other their scores.

A query about cost control has several answers in a library (the usage-limits
page, the billing FAQ, the guide to idle costs), and they share words a
seller did not type. The one that says the typed words less often ranks
below pages that mention them in passing; its resemblance to the other good
answers is evidence BM25 does not see. So each of the best `DEPTH`
candidates scores (1 − `WEIGHT`) × its own score + `WEIGHT` × the mean of
the others' scores, each weighted by how alike the two assets' words are
(the cosine of their tf-idf profiles), when that is more than its own
score. This is score regularisation (Diaz, 2005) on the cluster hypothesis,
one way only: an asset among good company rises past a stray one that
shares only a word, and nothing sinks for keeping poor company (both ways,
an asset with every word fell below pages with one of them).

The profiles are the words each asset's index document already stores
(search/word_counts.py, its 256 strongest), weighted (1 + log tf) × idf,
with the library's frequencies read from per-segment tables
(search/frequencies.py). Which assets match, the counts and the pages a hit
lands on are unchanged. Parameters chosen on the collateral dev set's fold A
(docs/benchmarks.md, "Relevant assets resemble each other").
"""

from __future__ import annotations

import numpy as np

from enablement_desktop.search.feedback import TermCounts, telling
from enablement_desktop.search.frequencies import Frequencies, word_hashes
from enablement_desktop.search.matchsets import MatchSets
from enablement_desktop.search.ranking import COMMON_SHARE
from enablement_desktop.search.recent import Recent

DEPTH = 12  # the best candidates that score by each other
WEIGHT = 0.5  # the others' share of a candidate's score
_CACHED_ASSETS = 2048

Ranked = list[tuple[float, int, bool]]  # (score, docnum, has every weighty word), best first


class Profiles:
    """asset → its stored words as (hashes, 1 + log tf), cached; clear it when assets change
    (the engine does, with its catalog)."""

    def __init__(self) -> None:
        self._cache: Recent[tuple[np.ndarray, np.ndarray]] = Recent(_CACHED_ASSETS)

    def clear(self) -> None:
        self._cache.clear()

    def of(self, sets: MatchSets, counts: TermCounts, docnum: int) -> tuple[np.ndarray, np.ndarray]:
        def make() -> tuple[np.ndarray, np.ndarray]:
            words, _length = counts.of(sets, docnum)
            kept = [w for w in words if telling(w)]
            tfs = np.fromiter((words[w] for w in kept), dtype=np.float64, count=len(kept))
            return word_hashes(kept), 1 + np.log(tfs)

        return self._cache.get(sets.asset_of[docnum], make)


def regularise(ranked: Ranked, sets: MatchSets, profiles: Profiles, counts: TermCounts,
               frequencies: Frequencies) -> Ranked:
    """`ranked` with its best `DEPTH` re-scored by their neighbours' scores (the rest stay below)."""
    head = ranked[:DEPTH]
    if len(head) < 2 or not WEIGHT:
        return ranked
    rows = [profiles.of(sets, counts, d) for _, d, _ in head]
    similar = _similarities(rows, sets, frequencies)
    weights = similar.sum(axis=1)
    scores = np.array([s for s, _, _ in head])
    lent = np.divide(similar @ scores, weights, out=scores.copy(), where=weights > 0)
    # Good company lifts; poor company never sinks: the asset with every word, first on
    # its own words, is not pulled below the pages around it.
    mixed = np.maximum((1 - WEIGHT) * scores + WEIGHT * lent, scores)
    rescored = [(float(m), d, first) for m, (_, d, first) in zip(mixed, head, strict=True)]
    rescored.sort(key=lambda r: (r[0], -r[1]), reverse=True)
    return rescored + ranked[DEPTH:]


def _similarities(rows: list[tuple[np.ndarray, np.ndarray]], sets: MatchSets, frequencies: Frequencies) -> np.ndarray:
    """The cosine of each pair of candidates' tf-idf profiles (0 on the diagonal)."""
    hashes = np.concatenate([h for h, _ in rows])
    words, column = np.unique(hashes, return_inverse=True)
    size = max(len(sets.docnum_of), 1)
    df = frequencies.lookup(sets.searcher, words).astype(np.float64)
    # Words the index no longer holds, or more than half the library holds, say nothing.
    idf = np.where((df >= 1) & (df <= COMMON_SHARE * size), np.log(size / np.maximum(df, 1)), 0.0)
    matrix = np.zeros((len(rows), len(words)))
    row = np.repeat(np.arange(len(rows)), [len(h) for h, _ in rows])
    matrix[row, column] = np.concatenate([tf for _, tf in rows])
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    similar = matrix @ matrix.T
    np.fill_diagonal(similar, 0.0)
    return similar
