"""Ranking for how sellers type: all the words count for more, but never only all the words.

A parsed query is split into its *words* (plain typed words and prefix*,
and the variants of one word: "e-mail" or "email", a synonym group, a
spelling correction) and its *requirements* (quoted phrases, field:value,
NOT/-word, explicit OR groups), which keep their exact meaning.

Which assets match: every requirement, and at least `min_words(n)` of the n
words that carry weight. Question words and filler ("how", "do", "our")
carry none and score nothing (unless the query holds nothing else); words in
most of the library rank, but never decide whether an asset matches. So
"how long does it take to get set up" is not lost because no asset says
"does", nor won by the one FAQ that says "how" most.

Order: BM25 summed over all the words (a word's variants count once, at
their best), an asset with every weighty word scoring `ALL_WORDS_BONUS` more.
A hard tier (every asset with all the words above every other) cost 0.03
nDCG@10 on the collateral dev set: a page that is about the rarest word
lost to one that mentions each word once. The bonus keeps all the words
first whenever the scores are close.

`Candidate` lists are what a meaning signal (search/semantic.py) re-ranks:
see `SearchEngine._blended`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from enablement_desktop.search import query as query_mod
from enablement_desktop.search.analysis import index_form
from enablement_desktop.search.filler import FILLER_WORDS
from enablement_desktop.search.matchsets import MatchSets, best_first

FILLER: frozenset[str] = frozenset(f for w in FILLER_WORDS if (f := index_form(w)))

# A word in more than this share of the library carries no weight of its own.
COMMON_SHARE = 0.5
# Words an asset must have, of n weighty words: one of 1 to 3, then 30% (rounded up:
# 2 of 4 to 6, 3 of 7). Ranking, not matching, puts the assets with more words
# first; on the dev set (docs/benchmarks.md) half the words lost 0.015 and 0.046
# nDCG@10 on its two folds against 30%, which lists more assets (90 a query, was 52).
MIN_SHARE = 0.3
# How much more an asset with every weighty word scores (a coordination factor).
# Chosen on the dev set's fold A (0, 0.1, 0.2, 0.3, 0.5, 1; a hard tier), see docs/benchmarks.md.
ALL_WORDS_BONUS = 0.1


def min_words(n: int) -> int:
    return max(1, math.ceil(n * MIN_SHARE)) if n > 2 else min(n, 1)


@dataclass
class Word:
    """One word of the query: its alternatives (a Term, a Phrase, …), any of which will do."""

    alternatives: list[wq.Query]
    weighty: bool = True


@dataclass
class Plan:
    words: list[Word]
    required: wq.Query | None  # phrases, field:, NOT, prefixes: all must hold

    @property
    def weighty(self) -> list[Word]:
        return [w for w in self.words if w.weighty] or self.words


@dataclass
class Candidate:
    """An asset in ranked order: BM25 score, and whether it has every weighty word."""

    asset_id: int
    score: float
    all_words: bool


def plan(q: wq.Query, sets: MatchSets, coordinate: bool = True) -> Plan:
    """Split `q` into words and requirements; `coordinate=False` makes everything
    required (the old strict AND, and the any-word mode's single OR)."""
    children = list(q.subqueries) if isinstance(q, wq.And) else [q]
    words: list[Word] = []
    required: list[wq.Query] = []
    for child in children:
        alternatives = _alternatives(child) if coordinate else None
        if alternatives is None:
            required.append(child)
        else:
            words.append(Word(alternatives, _weighty(alternatives, sets)))
    req = None if not required else required[0] if len(required) == 1 else wq.And(required)
    return Plan(words, req)


def _alternatives(q: wq.Query) -> list[wq.Query] | None:
    # A prefix ("pric*", or the word being typed) is a word like any other: it must
    # not be the one a query hinges on.
    if isinstance(q, (wq.Term, wq.Prefix)) and q.fieldname == "body":
        return [q]
    if isinstance(q, query_mod.WordVariants):
        return list(q.subqueries)
    return None


def _weighty(alternatives: Sequence[wq.Query], sets: MatchSets) -> bool:
    size = max(len(sets.docnum_of), 1)
    for alt in alternatives:
        if not isinstance(alt, wq.Term):
            return True
        text = str(alt.text)
        if _slight(text):
            continue
        if text not in FILLER and sets.reader.doc_frequency(alt.fieldname, text) <= COMMON_SHARE * size:
            return True
    return False


def _filler(word: Word) -> bool:
    """Every spelling of the word is a question word or filler."""
    return all(isinstance(a, wq.Term) and str(a.text) in FILLER for a in word.alternatives)


def _slight(text: str) -> bool:
    """A lone letter or a one- or two-digit number ("SOC 2", "Type II"'s parts): it
    narrows a word beside it, but alone says little of what an asset is about."""
    return len(text) == 1 or (len(text) <= 2 and text.isdigit())


@dataclass
class Matched:
    bits: int  # every matching asset
    all_words: int  # those with every weighty word (a subset of bits)


def match(p: Plan, sets: MatchSets, allowed: int) -> Matched:
    base = allowed & (sets.matching(p.required) if p.required is not None else sets.universe)
    if not p.words or not base:
        return Matched(base, base)
    weighty = p.weighty
    levels = _at_least([word_bits(w, sets) & base for w in weighty])
    n = len(weighty)
    # Never hinge on every word: if too few assets have enough of them, take what has most.
    for k in range(min_words(n), 0, -1):
        if levels[k]:
            return Matched(levels[k], levels[n])
    return Matched(0, 0)


def word_bits(word: Word, sets: MatchSets) -> int:
    return sets.any_of(word.alternatives)


def _at_least(sets_: list[int]) -> list[int]:
    """levels[k] = the assets in at least k of the sets (levels[0] = all of them OR-ed)."""
    levels = [0] * (len(sets_) + 1)
    levels[0] = -1
    for bits in sets_:
        for k in range(len(sets_), 0, -1):
            levels[k] |= levels[k - 1] & bits
    levels[0] = levels[1] if sets_ else 0
    return levels


def rank(p: Plan, sets: MatchSets, matched: Matched, wanted: int) -> list[tuple[float, int, bool]]:
    """The best `wanted` (score, docnum, has every weighty word), best first."""
    total = np.zeros(sets.size)
    # Filler ("how", "do", "our") neither decides nor scores: in a small library a
    # question word in one FAQ would outweigh what the query is about.
    for word in [w for w in p.words if not _filler(w)] or p.words:
        best = np.zeros(sets.size)  # a word's variants count once, at their best
        for alt in word.alternatives:
            scoring = query_mod.scoring_part(alt)
            if scoring is not None:
                np.maximum(best, sets.scores(scoring, matched.bits), out=best)
        total += best
    if p.required is not None:
        scoring = query_mod.scoring_part(p.required)
        if scoring is not None:
            total += sets.scores(scoring, matched.bits)
    first = sets.mask(matched.all_words)
    total[first] *= 1 + ALL_WORDS_BONUS
    out = [(float(total[d]), int(d), bool(first[d])) for d in best_first(total, wanted)]
    if len(out) < wanted:  # matched by a facet or a NOT alone: no words to score, title order
        seen = {d for _, d, _ in out}
        out += [(0.0, d, bool(first[d])) for d in sets.by_title(matched.bits, wanted - len(out), seen)]
    return out
