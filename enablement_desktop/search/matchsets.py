"""Which assets match, as bitsets, and the top few by BM25 without scoring the rest.

A set of assets is a Python int with bit d set for index docnum d (one
document per asset). AND, OR and NOT of whole sets, counts and facet counts
are then single C-level operations on 1.25 KB integers at 10,000 assets,
instead of a Python step per matching document. A term's set is read from
its postings once per searcher and cached: as-you-type search asks for the
same words again and again.

Ranking sums BM25 from the same cached postings, only for allowed
documents, the way whoosh's matchers would score them.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, compress, islice
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from enablement_desktop.search.analysis import part_of
from enablement_desktop.search.catalog import AssetInfo
from enablement_desktop.search.fields import FACET_FIELDS
from enablement_desktop.search.index import length_codes
from enablement_desktop.search.scoring import LuceneBM25
from enablement_desktop.search.whoosh_internals import (
    byte_to_length,
    expansions,
    flat_positions,
    position_deltas,
    posting_blocks,
    raw_leaf,
    stores_positions,
)

_CACHED_TERMS = 4096  # bitsets of 1.25 KB at 10,000 assets: ~5 MB at most
# Postings arrays kept, counted in postings (8 bytes each: ≤ 32 MB). Bounded by
# size, not by words: with search feedback (search/feedback.py) a query scores
# ten more words in three fields, and 512 lists were evicted before a query
# came back, so warm searches re-read them.
_CACHED_POSTINGS = 4_000_000
# Encoded positions kept from a term's postings read, for phrase checks and
# best pages: ~60 bytes a posting, ≤ 0.6 MB a common word at 10,000 assets.
_CACHED_POSITIONS = 64
# Position deltas read for pages of results (≤ _PAGE documents a read), per term.
_PAGE = 64
_CACHED_PAGE_POSITIONS = 1024
_DOC_SHIFT = 40  # a phrase start's docnum above its position (MatchSets.phrase)
_CACHED_PHRASES = 1024  # (checked, found) bitsets: 2.5 KB each at 10,000 assets
_RANKED_EXPANSIONS = 8
_K1, _B = LuceneBM25().K1, LuceneBM25().B
# How much a query word found in a file's folder/name words, or its title,
# adds beside the body's BM25 (chosen on the collateral dev set, see
# docs/benchmarks.md). The body also holds those words, so 0 still finds them.
FIELD_WEIGHTS: dict[str, float] = {"path": 0.5, "title": 0.25}


def bits_of(docnums: Iterable[int], size: int) -> int:
    """The set of `docnums` (each < size) as an int: bit d set for docnum d."""
    flags = np.zeros(((size >> 3) + 1) << 3, np.uint8)
    flags[np.asarray(docnums) if isinstance(docnums, (array, np.ndarray)) else np.fromiter(docnums, np.int64)] = 1
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def docnums_of(bits: int) -> list[int]:
    """The docnums in a set, ascending."""
    data = np.frombuffer(bits.to_bytes((bits.bit_length() >> 3) + 1, "little"), np.uint8)
    return np.flatnonzero(np.unpackbits(data, bitorder="little")).tolist()


class MatchSets:
    """Bitsets for one searcher and one catalog; build a new one when either changes."""

    def __init__(self, searcher: Searcher, asset_of: Sequence[int], catalog: Mapping[int, AssetInfo]) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = searcher.doc_count_all()
        self.asset_of = asset_of
        self._segments = [(r, offset) for r, offset in self.reader.leaf_readers() if r.doc_count_all()]
        live = []
        for reader, offset in self._segments:
            # Per segment: whoosh's all_doc_ids() asks each document whether it is deleted.
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            live += [offset + d for d in range(reader.doc_count_all())
                     if d not in deleted and asset_of[offset + d] in catalog]
        self.docnum_of = {asset_of[d]: d for d in live}
        self.universe = bits_of(live, self.size)
        self._terms: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._postings: OrderedDict[tuple[str, str], tuple[array, array]] = OrderedDict()
        self._postings_held = 0  # postings in self._postings (+1 a list)
        self._encoded: OrderedDict[tuple[str, str], tuple[array, list[bytes]]] = OrderedDict()
        self._page_positions: OrderedDict[tuple[str, str], tuple[int, dict[int, list[int]]]] = OrderedDict()
        self._phrases: OrderedDict[tuple[str, str], tuple[int, int]] = OrderedDict()
        self._norm_cache: dict[str, list[float]] = {}
        self._norm_arrays: dict[str, np.ndarray] = {}
        self._breadth: dict[tuple[str, str], bool] = {}
        self.catalog = catalog
        self._facets = self._facet_bits(catalog)
        self._by_title: list[int] | None = None

    def _facet_bits(self, catalog: Mapping[int, AssetInfo]) -> dict[str, dict[str, tuple[str, int]]]:
        """field → lower-cased value → (value as written, its set)."""
        docs: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FACET_FIELDS}
        for asset, d in self.docnum_of.items():
            for name, values in catalog[asset].facets.items():
                bucket = docs[name]
                for value in values:
                    bucket[value].append(d)
        out: dict[str, dict[str, tuple[str, int]]] = {}
        for name, by_value in docs.items():
            merged: dict[str, tuple[str, list[int]]] = {}
            for value, ds in by_value.items():  # "CFO" and "cfo" are one value, spelled as first seen
                key = value.lower()
                if key in merged:
                    merged[key][1].extend(ds)
                else:
                    merged[key] = (value, ds)
            out[name] = {key: (spelled, bits_of(ds, self.size)) for key, (spelled, ds) in merged.items()}
        return out

    # -- sets ----------------------------------------------------------------

    def filtered(self, filters: Mapping[str, Sequence[str]]) -> int:
        """Sidebar filters: OR within a facet, AND across facets."""
        bits = self.universe
        for name, values in filters.items():
            if name in self._facets and values:
                bits &= self._any_value(name, (v.lower() for v in values))
        return bits

    def matching(self, q: wq.Query, within: int | None = None) -> int:
        """The assets `q` matches (of `within`, by default all), facet leaves included."""
        within = self.universe if within is None else within & self.universe
        return self._eval(q, within) & within

    def _eval(self, q: wq.Query, within: int) -> int:
        """A set that agrees with `q`'s on `within` (outside it, anything): phrases
        are checked only there, on the assets the rest of an AND leaves."""
        fieldname = getattr(q, "fieldname", None)
        if fieldname in FACET_FIELDS:
            return self._facet_leaf(q)
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.And):
            bits = within
            # Phrases last: their position check is the costly part.
            for child in sorted(q.subqueries, key=_is_phrase):
                bits &= self._eval(child, bits)
                if not bits:
                    break
            return bits
        if isinstance(q, wq.Or):
            return self._any_of(q.subqueries, within)
        if isinstance(q, wq.Not):
            return within & ~self._eval(q.query, within)
        if isinstance(q, wq.AndNot):
            bits = self._eval(q.a, within) & within
            return bits & ~self._eval(q.b, bits)
        if isinstance(q, wq.AndMaybe):
            return self._eval(q.a, within)
        if isinstance(q, wq.Require):
            return self._eval(q.a, within) & self._eval(q.b, within)
        if isinstance(q, wq.NullQuery.__class__):
            return 0
        if isinstance(q, wq.Every):
            return self.universe
        if isinstance(q, wq.MultiTerm):  # prefix*, wildcards: the union of its words' sets
            return self._cached((f"{type(q).__name__}:{q.fieldname}", str(q)), lambda: self._expanded(q))
        if _is_phrase(q):
            return self._phrase_in(q.fieldname, [str(w) for w in q.words], within)
        return self._walk(q)  # anything else: whoosh decides

    def any_of(self, alternatives: Sequence[wq.Query]) -> int:
        """The assets any of `alternatives` matches: one word's variants ("e-mail"
        as the phrase "e mail" or the word "email"), cached as one set."""
        if len(alternatives) == 1:
            return self.matching(alternatives[0])
        key = ("any", " | ".join(map(str, alternatives)))
        return self._cached(key, lambda: self._any_of(alternatives, self.universe)) & self.universe

    def _any_of(self, alternatives: Sequence[wq.Query], within: int) -> int:
        """OR of the alternatives on `within`, each phrase checked only on the
        assets the others leave out: a split word's joined form ("monthend") is
        in most assets with its parts in a row, and the position check of the
        parts was most of such a query's first search."""
        bits = 0
        for child in sorted(alternatives, key=_is_phrase):
            bits |= self._eval(child, within & ~bits)
        return bits

    def _phrase_in(self, fieldname: str, words: list[str], within: int) -> int:
        """The documents of `within` with `words` in a row. Remembers which
        documents were checked, so that a later search checks only new ones."""
        key = (fieldname, " ".join(words))
        checked, found = self._phrases.get(key, (0, 0))
        todo = within & ~checked
        if todo:
            found |= self.phrase(fieldname, words, todo)
            self._phrases[key] = (checked | todo, found)
            if len(self._phrases) > _CACHED_PHRASES:
                self._phrases.popitem(last=False)
        elif key in self._phrases:
            self._phrases.move_to_end(key)
        return found & within

    def phrase(self, fieldname: str, words: Sequence[str], within: int | None = None) -> int:
        """Documents (of `within`, by default all) with `words` at consecutive positions.

        Checked here on the candidates all the words share: whoosh's span
        matcher builds objects per position and took ~0.2 s for a common
        two-word phrase at 1,000 assets. Decoding the positions is most of the
        cost, so the words with the fewest positions go first, and a word is
        decoded only for the documents the ones before it left.
        """
        candidates = self.universe if within is None else within
        for word in set(words):
            if len(words) > 1 and (fieldname, word) not in self._postings:
                self._with_positions(fieldname, word)  # the check needs most of its positions: one read for both
            candidates &= self.term(fieldname, word)
        if not candidates or len(words) < 2:
            return candidates
        count = candidates.bit_count()
        for word in set(words):
            if count * 16 >= len(self.postings(fieldname, word)[0]):
                self._with_positions(fieldname, word)
        # (place in the phrase, word), the word with the fewest positions first.
        places = sorted(enumerate(words), key=lambda iw: (sum(self.postings(fieldname, iw[1])[1]), iw[0]))
        # Where the phrase would start, as docnum << 40 | position + len(words) − place (positions
        # stay under 2**40: 2**20 sections of 2**20 words), one array a word, intersected in numpy.
        starts: np.ndarray | None = None
        alive = candidates
        for place, word in places:
            found, values = self._values(fieldname, word, alive)
            counts, positions = flat_positions(values)
            keys = (np.repeat(np.asarray(found, np.int64), counts) << _DOC_SHIFT) + (positions + len(words) - place)
            # Ascending (docnums, then positions), so sorting is never needed: only repeats go.
            keys = _distinct(keys)
            starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
            if not len(starts):
                return 0
            alive = bits_of(_distinct(starts >> _DOC_SHIFT), self.size)
        return alive

    def term(self, fieldname: str, text: str) -> int:
        return self._cached((fieldname, text), lambda: bits_of(self.postings(fieldname, text)[0], self.size))

    def _cached(self, key: tuple[str, str], compute) -> int:
        bits = self._terms.get(key)
        if bits is None:
            bits = self._terms[key] = compute()
            if len(self._terms) > _CACHED_TERMS:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(key)
        return bits

    def expansions_exceed(self, q: wq.MultiTerm, limit: int) -> bool:
        """Whether `q` (a prefix, wildcard, fuzzy word) stands for more than `limit` words."""
        key = (f"count:{type(q).__name__}:{q.fieldname}", str(q))
        found = self._breadth.get(key)
        if found is None:
            found = self._breadth[key] = sum(1 for _ in islice(expansions(q, self.reader), limit + 1)) > limit
        return found

    def _expanded(self, q: wq.MultiTerm) -> int:
        # Read past the caches: "comp*" has hundreds of words that would evict the ones people type.
        docnums: list[int] = []
        for text in expansions(q, self.reader):
            docnums += self._read_postings(q.fieldname, text, positions=False)[0]
        return bits_of(docnums, self.size)

    def _walk(self, q: wq.Query) -> int:
        docnums: list[int] = []
        context = self.searcher.context(needs_current=False)
        for sub, offset in self.searcher.leaf_searchers():
            matcher = q.matcher(sub, context)
            docnums.extend(d + offset for d in matcher.all_ids())
        return bits_of(docnums, self.size)

    def _facet_leaf(self, q: wq.Query) -> int:
        values = self._facets[q.fieldname]
        if isinstance(q, wq.Term):
            return self._any_value(q.fieldname, [str(q.text).lower()])
        if isinstance(q, wq.Prefix):
            prefix = str(q.text).lower()
            return self._any_value(q.fieldname, [k for k in values if k.startswith(prefix)])
        if isinstance(q, wq.Phrase):
            return self._any_value(q.fieldname, [" ".join(str(w) for w in q.words).lower()])
        return 0

    def value_set(self, name: str, value: str) -> int:
        """The assets whose facet `name` holds `value` (any case)."""
        return self._any_value(name, [value.lower()]) if name in self._facets else 0

    def _any_value(self, name: str, keys: Iterable[str]) -> int:
        values = self._facets[name]
        bits = 0
        for key in keys:
            found = values.get(key)
            if found is not None:
                bits |= found[1]
        return bits

    # -- counts and order ------------------------------------------------------

    def facet_counts(self, matched: int) -> dict[str, list[tuple[str, int]]]:
        """field → [(value, matching assets)], most first; values with no match left out."""
        counts = {}
        for name, values in self._facets.items():
            pairs = [(spelled, (matched & bits).bit_count()) for spelled, bits in values.values()]
            counts[name] = sorted(((v, n) for v, n in pairs if n), key=lambda vn: (-vn[1], vn[0].lower()))
        return counts

    def assets(self, bits: int) -> list[int]:
        return [self.asset_of[d] for d in docnums_of(bits)]

    def by_title(self, bits: int, limit: int, skip: Iterable[int] = ()) -> list[int]:
        """Up to `limit` docnums of `bits` in title order, leaving out `skip`."""
        if limit <= 0:
            return []
        mask = bits.to_bytes((self.size >> 3) + 1, "little")
        if self._by_title is None:
            self._by_title = sorted(self.docnum_of.values(), key=lambda d: self.catalog[self.asset_of[d]].title.lower())
        skipped = set(skip)
        out = []
        for d in self._by_title:
            if mask[d >> 3] >> (d & 7) & 1 and d not in skipped:
                out.append(d)
                if len(out) == limit:
                    break
        return out

    def top(self, q: wq.Query, allowed: int, limit: int) -> list[tuple[float, int]]:
        """The `limit` best (score, docnum) among `allowed` by BM25 of `q`'s words, best first."""
        scores = self.scores(q, allowed)
        return [(float(scores[d]), int(d)) for d in best_first(scores, limit)]

    def scores(self, q: wq.Query, allowed: int) -> np.ndarray:
        """BM25 of `q`'s words per docnum (0 where none of them is, or not `allowed`).

        `q` is an AND/OR of words (query.scoring_part); membership was decided
        by the bitsets, so a document scores the sum of its words' BM25, as
        whoosh's matchers sum them. Summed here from cached postings arrays in
        numpy: whoosh's matcher tree costs ~25 µs per matching document, a
        Python loop ~0.5 µs per posting.
        """
        mask = self.mask(allowed)
        scores = np.zeros(self.size)
        for fieldname, text, boost in self._scoring_terms(q):
            ids, freqs = self.postings(fieldname, text)
            if not ids:
                continue
            ids = np.frombuffer(ids, np.uint32)
            kept = mask[ids]
            ids, tf = ids[kept], np.frombuffer(freqs, np.float32)[kept].astype(np.float64)
            idf = self.searcher.idf(fieldname, text) * boost
            scores[ids] += idf * (tf * (_K1 + 1)) / (tf + self.norm_array(fieldname)[ids])
        return scores

    def mask(self, bits: int) -> np.ndarray:
        """A set as one bool per docnum."""
        data = np.frombuffer(bits.to_bytes((self.size >> 3) + 1, "little"), np.uint8)
        return np.unpackbits(data, bitorder="little")[: self.size].astype(bool)

    def norm_array(self, fieldname: str) -> np.ndarray:
        found = self._norm_arrays.get(fieldname)
        if found is None:
            found = self._norm_arrays[fieldname] = np.array(self.norms(fieldname))
        return found

    def weighted_scores(self, terms: Sequence[tuple[str, float]], docnums: Sequence[int]) -> dict[int, float]:
        """docnum → Σ weight · BM25 of each body term (and its path/title, as `scores`), for a
        few docnums only: found by bisection in the cached postings, not by walking them."""
        out: dict[int, float] = {}
        k1p1 = _K1 + 1
        for text, weight in terms:
            for fieldname, boost in (("body", 1.0), *FIELD_WEIGHTS.items()):
                if not boost:
                    continue
                ids, freqs = self.postings(fieldname, text)
                if not ids:
                    continue
                idf = self.searcher.idf(fieldname, text) * boost * weight
                norms = self.norms(fieldname)
                for d in docnums:
                    i = bisect_left(ids, d)
                    if i < len(ids) and ids[i] == d:
                        tf = freqs[i]
                        out[d] = out.get(d, 0.0) + idf * (tf * k1p1) / (tf + norms[d])
        return out

    def _scoring_terms(self, q: wq.Query) -> list[tuple[str, str, float]]:
        """(field, term, boost) for every word leaf; a prefix or wildcard counts its
        most frequent expansions (as Lucene, it doesn't rank by rare spellings)."""
        out = []
        for leaf in q.leaves():
            if isinstance(leaf, wq.Term):
                out.append((leaf.fieldname, str(leaf.text), leaf.boost))
            elif isinstance(leaf, wq.MultiTerm):
                words = list(expansions(leaf, self.reader))
                words.sort(key=lambda t: -self.reader.doc_frequency(leaf.fieldname, t))
                out += [(leaf.fieldname, t, leaf.boost) for t in words[:_RANKED_EXPANSIONS]]
        # A body word also scores in the short fields, BM25F-like: each is
        # normalised by its own length, so a word of a file's name or title
        # counts for more than one among thousands in its text.
        out += [(name, text, boost * weight) for fieldname, text, boost in out if fieldname == "body"
                for name, weight in FIELD_WEIGHTS.items() if weight]
        return out

    def postings(self, fieldname: str, text: str) -> tuple[array, array]:
        """(docnums, term frequencies) of a term, cached like the sets (read without its positions)."""
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is None:
            docnums, freqs, _ = self._read_postings(fieldname, text, positions=False)
            found = self._keep_postings(key, docnums, freqs)
        else:
            self._postings.move_to_end(key)
        return found

    def _keep_postings(self, key: tuple[str, str], docnums: array, freqs: array) -> tuple[array, array]:
        found = self._postings[key] = (docnums, freqs)
        self._postings_held += len(docnums) + 1
        while self._postings_held > _CACHED_POSTINGS and len(self._postings) > 1:
            self._postings_held -= len(self._postings.popitem(last=False)[1][0]) + 1
        return found

    def _with_positions(self, fieldname: str, text: str) -> None:
        """Read a phrase word's postings with their encoded positions, once, so that
        its check (on most of the word's documents) needs no second read."""
        key = (fieldname, text)
        if key in self._encoded:
            self._encoded.move_to_end(key)
            return
        docnums, freqs, encoded = self._read_postings(fieldname, text)
        if key not in self._postings:
            self._keep_postings(key, docnums, freqs)
        if encoded is not None:
            self._encoded[key] = (docnums, encoded)
            if len(self._encoded) > _CACHED_POSITIONS:
                self._encoded.popitem(last=False)

    def _segment_matchers(self, fieldname: str, text: str) -> Iterator[tuple[int, Any, W3LeafMatcher | None]]:
        """Per segment that holds the term: (its docnum offset, its matcher, the raw
        block reader under it, or None for inlined and other postings).

        The raw reader skips whoosh's deletion filter, which costs a Python step
        per posting: the universe mask leaves deleted documents out anyway."""
        for reader, offset in self._segments:
            try:
                matcher = reader.postings(fieldname, text)
            except TermNotFound:
                continue
            yield offset, matcher, raw_leaf(matcher)

    def _read_postings(self, fieldname: str, text: str,
                       positions: bool = True) -> tuple[array, array, list[bytes] | None]:
        """(docnums, frequencies, each posting's encoded positions or None when a
        segment holds none or `positions` is False)."""
        docnums, freqs = array("I"), array("f")
        encoded: list[bytes] | None = [] if positions else None
        for offset, matcher, raw in self._segment_matchers(fieldname, text):
            if raw is not None:
                if encoded is not None and not stores_positions(raw):
                    encoded = None
                for block in posting_blocks(raw):
                    if encoded is None:
                        ids, weights = block.ids_and_weights()
                    else:
                        ids, weights, values = block.data()
                        encoded.extend(values)
                    docnums.extend([d + offset for d in ids] if offset else ids)
                    freqs.extend(weights)
            else:
                encoded = None
                while matcher.is_active():
                    docnums.append(matcher.id() + offset)
                    freqs.append(matcher.weight())
                    matcher.next()
        return docnums, freqs, encoded

    def norms(self, fieldname: str) -> list[float]:
        """BM25's length normalisation K1·(1 − B + B·len/avglen) per docnum, as whoosh computes it."""
        norms = self._norm_cache.get(fieldname)
        if norms is None:
            avg = self.searcher.avg_field_length(fieldname) or 1
            by_code = [_K1 * ((1 - _B) + _B * (byte_to_length(code) or 1) / avg) for code in range(256)]
            norms = []
            for reader, _ in self._segments:
                codes = length_codes(reader, fieldname)
                norms += [by_code[code] for code in codes[: reader.doc_count_all()]]
                norms += [by_code[0]] * (reader.doc_count_all() - len(codes))
            self._norm_cache[fieldname] = norms
        return norms

    # -- where in the asset ------------------------------------------------------

    def best_parts(self, docnums: Sequence[int], terms: Sequence[str],
                   phrases: Sequence[Sequence[str]] = ()) -> dict[int, int]:
        """docnum → the part of its body (1 = first section) where the query's words meet.

        A part scores the idf of each query word on it, plus log-damped
        repeats; a part holding a whole phrase scores that phrase again.
        Docnums with no word in any section are left out.
        """
        positions = self._positions(docnums, set(terms) | {w for p in phrases for w in p})
        total = max(self.reader.doc_count(), 1)
        idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5))
               for t in set(terms) | {w for p in phrases for w in p}
               for n in [self.reader.doc_frequency("body", t)]}
        best = {}
        for d in docnums:
            found = positions.get(d, {})
            scores: dict[int, float] = {}
            for term, poses in found.items():
                per_part: dict[int, int] = {}
                for pos in poses:
                    part = part_of(pos)
                    if part:
                        per_part[part] = per_part.get(part, 0) + 1
                for part, tf in per_part.items():
                    scores[part] = scores.get(part, 0.0) + idf[term] * (1 + math.log(tf))
            for phrase in phrases:
                lists = [found.get(w) for w in phrase]
                if all(lists):
                    starts = set(lists[0])
                    for i, poses in enumerate(lists[1:], 1):
                        starts &= {p - i for p in poses}
                    for part in {part_of(p) for p in starts} - {0}:
                        scores[part] = scores.get(part, 0.0) + sum(idf[w] for w in phrase)
            if scores:
                best[d] = min(scores, key=lambda part: (-scores[part], part))
        return best

    def part_counts(self, docnums: Sequence[int], terms: Iterable[str]) -> dict[int, dict[int, dict[str, int]]]:
        """docnum → part of its body (1 = first section; the title header left out) → term →
        its occurrences there, for the given docnums (read as best_parts reads them)."""
        out: dict[int, dict[int, dict[str, int]]] = {}
        for d, found in self._positions(docnums, terms).items():
            parts: dict[int, dict[str, int]] = {}
            for term, poses in found.items():
                for pos in poses:
                    part = part_of(pos)
                    if part:
                        counts = parts.setdefault(part, {})
                        counts[term] = counts.get(term, 0) + 1
            out[d] = parts
        return out

    def _positions(self, docnums: Sequence[int], terms: Iterable[str],
                   fieldname: str = "body") -> dict[int, dict[str, list[int]]]:
        """docnum → term → its positions in that document, for the given docnums only."""
        wanted = bits_of(docnums, self.size)
        out: dict[int, dict[str, list[int]]] = {}
        for term in terms:
            for d, deltas in self._deltas(fieldname, term, wanted).items():
                out.setdefault(d, {})[term] = list(accumulate(deltas))
        return out

    def _deltas(self, fieldname: str, term: str, wanted: int) -> dict[int, list[int]]:
        """docnum → the position deltas of `term` there, for the documents of `wanted` that have it."""
        if (fieldname, term) not in self._encoded:
            return self._page_deltas(fieldname, term, wanted)
        found, values = self._values(fieldname, term, wanted)
        return dict(zip(found, position_deltas(values), strict=True))

    def _values(self, fieldname: str, term: str, wanted: int) -> tuple[list[int], list[bytes]]:
        """(docnums, encoded positions) of `term` in the documents of `wanted` that have it.

        From the encoded positions its postings read kept, when they are still
        cached; otherwise from the blocks that hold the documents.
        """
        key = (fieldname, term)
        cached = self._encoded.get(key)
        if cached is None:
            return self._read_values(fieldname, term, wanted)
        self._encoded.move_to_end(key)
        docnums, encoded = cached
        if wanted.bit_count() * 16 < len(docnums):  # a page of results: look each one up
            found, values, end = [], [], len(docnums)
            for d in docnums_of(wanted):
                i = bisect_left(docnums, d)
                if i < end and docnums[i] == d:
                    found.append(d)
                    values.append(encoded[i])
            return found, values
        ids = np.frombuffer(docnums, np.uint32)
        chosen = self.mask(wanted)[ids]
        return ids[chosen].tolist(), list(compress(encoded, chosen.tolist()))

    def _page_deltas(self, fieldname: str, term: str, wanted: int) -> dict[int, list[int]]:
        """Positions read from the blocks, remembered per term for a page of documents at a
        time: the best page of each hit (best_parts) asks for the same few again and again."""
        if wanted.bit_count() > _PAGE:
            found, values = self._read_values(fieldname, term, wanted)
            return dict(zip(found, position_deltas(values), strict=True))
        key = (fieldname, term)
        read, per_doc = self._page_positions.get(key, (0, {}))
        missing = wanted & ~read
        if missing:
            found, values = self._read_values(fieldname, term, missing)
            per_doc = {**per_doc, **dict(zip(found, position_deltas(values), strict=True))}
            self._page_positions[key] = (read | missing, per_doc)
            if len(self._page_positions) > _CACHED_PAGE_POSITIONS:
                self._page_positions.popitem(last=False)
        elif key in self._page_positions:
            self._page_positions.move_to_end(key)
        return {d: per_doc[d] for d in docnums_of(wanted) if d in per_doc}

    def _read_values(self, fieldname: str, term: str, wanted: int) -> tuple[list[int], list[bytes]]:
        """Reads whole posting blocks and skips those holding none of the wanted
        docnums by their header alone; whoosh's skip_to and value_as cost ~30 µs
        a document, which made a phrase's first search take a second at 10,000."""
        ordered = docnums_of(wanted)
        found: list[int] = []
        values: list[bytes] = []
        for offset, matcher, raw in self._segment_matchers(fieldname, term):
            if raw is None or not stores_positions(raw):
                for d in ordered:
                    if d - offset >= 0 and matcher.is_active():
                        matcher.skip_to(d - offset)
                        if matcher.is_active() and matcher.id() == d - offset:
                            found.append(d)
                            values.append(matcher.value())
                continue
            at = bisect_left(ordered, offset)
            for block in posting_blocks(raw):
                if at == len(ordered):
                    break
                if block.max_id + offset >= ordered[at]:
                    ids, _, encoded = block.data()
                    for i, local in enumerate(ids):
                        if wanted >> (local + offset) & 1:
                            found.append(local + offset)
                            values.append(encoded[i])
                    at = bisect_right(ordered, block.max_id + offset, at)
        return found, values


def best_first(scores: np.ndarray, limit: int) -> np.ndarray:
    """Docnums of the `limit` highest positive scores, best first, ties by docnum."""
    found = np.flatnonzero(scores > 0)
    if len(found) > limit:  # only the best few need sorting
        cut = -np.partition(-scores[found], limit - 1)[limit - 1]
        found = found[scores[found] >= cut]
    return found[np.lexsort((found, -scores[found]))][:limit]


def _distinct(ascending: np.ndarray) -> np.ndarray:
    """An ascending array without its repeats (np.unique hashes or sorts: ~4 ms a common word)."""
    if len(ascending) < 2:
        return ascending
    return ascending[np.concatenate(([True], ascending[1:] != ascending[:-1]))]


def _is_phrase(q: wq.Query) -> bool:
    return isinstance(q, wq.Phrase) and q.slop == 1 and q.fieldname not in FACET_FIELDS

