"""Passage evidence: an asset also scores by its best section, not only as a whole.

A FAQ, a pricing page or a handbook chapter answers many questions, one per
section. Summed over the whole asset, BM25 counts the section that answers
the query against the length of everything around it, so a page that
mentions each word once in passing can outrank it. So each of the best
`DEPTH` candidates (as ranking.rank and feedback.rerank ordered them) also
scores `WEIGHT` × the BM25 of the typed words over its best section, that
section normalised by its own length against the library's average section:
max-passage evidence blended with the whole asset's, the usual passage
retrieval combination. The page a hit lands on (MatchSets.best_parts) is
still chosen as before.

Positions in the index tell which section a word is in (analysis.part_of),
so no text is read; a section's length in words is estimated from its
length in characters (the sections table) at its asset's words per character.
Chosen on the collateral dev set's fold A (docs/benchmarks.md): nothing
here knows any library's words.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from enablement_desktop.search.matchsets import MatchSets
from enablement_desktop.search.ranking import FILLER
from enablement_desktop.search.recent import Recent
from enablement_desktop.search.scoring import LuceneBM25

DEPTH = 30  # candidates re-scored (the best page or two; 10 to 100 gave the same figures)
WEIGHT = 0.4  # of the best section's BM25, beside the whole asset's
_K1, _B = LuceneBM25().K1, LuceneBM25().B
_CACHED_ASSETS = 4096


class SectionLengths:
    """asset → its sections' lengths in characters, by ordinal (cached), and the
    library's number of sections. Clear it when assets change (the engine does)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._cache: Recent[list[int]] = Recent(_CACHED_ASSETS)
        self._count: int | None = None

    def clear(self) -> None:
        self._cache.clear()
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.db.execute("SELECT count(*) FROM sections").fetchone()[0]
        return self._count

    def of(self, asset_id: int) -> list[int]:
        def read() -> list[int]:
            lengths: list[int] = []
            for ordinal, chars in self.db.execute(
                    "SELECT ordinal, length(text) FROM sections WHERE asset_id = ? ORDER BY ordinal", [asset_id]):
                lengths.extend([0] * (ordinal - len(lengths)))
                lengths.append(chars)
            return lengths

        return self._cache.get(asset_id, read)


def best_sections(sets: MatchSets, lengths: SectionLengths, docnums: Sequence[int],
                  terms: Sequence[str]) -> dict[int, float]:
    """docnum → the BM25 of `terms` over its best section (docnums with none of them left out)."""
    counts = sets.part_counts(docnums, terms)
    if not counts:
        return {}
    reader = sets.reader
    average = reader.field_length("body") / max(lengths.count(), 1)  # words a section, over the library
    idf = {t: sets.searcher.idf("body", t) for t in terms}
    out: dict[int, float] = {}
    for d, parts in counts.items():
        chars = lengths.of(sets.asset_of[d])
        per_char = reader.doc_field_length(d, "body", 0) / max(sum(chars), 1)
        best = 0.0
        for part, found in parts.items():
            size = chars[part - 1] * per_char if part <= len(chars) else average
            norm = _K1 * (1 - _B + _B * size / average) if average else _K1
            score = sum(idf[t] * tf * (_K1 + 1) / (tf + norm) for t, tf in found.items())
            best = max(best, score)
        out[d] = best
    return out


def rescore(ranked: list[tuple[float, int, bool]], sets: MatchSets, lengths: SectionLengths,
            typed: Sequence[str]) -> list[tuple[float, int, bool]]:
    """`ranked` (score, docnum, has every weighty word), best first, with the best `DEPTH`
    scoring `WEIGHT` × their best section's BM25 of the `typed` words (filler left out) more."""
    terms = [t for t in typed if t not in FILLER] or list(typed)
    head = ranked[:DEPTH]
    if not terms or not head:
        return ranked
    best = best_sections(sets, lengths, [d for _, d, _ in head], terms)
    rescored = [(s + WEIGHT * best.get(d, 0.0), d, first) for s, d, first in head]
    # Scores only rise, so the head stays above the rest.
    rescored.sort(key=lambda r: (r[0], -r[1]), reverse=True)
    return rescored + ranked[DEPTH:]
