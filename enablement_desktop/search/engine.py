"""Search: query → one row per asset, best page, snippet, facet counts, did-you-mean."""

from __future__ import annotations

import dataclasses
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import sqlite_utils
from whoosh import query as wq

from enablement_desktop.search import (
    compounds,
    feedback,
    named_facets,
    neighbours,
    passages,
    ranking,
    spelling,
    word_forms,
)
from enablement_desktop.search import query as query_mod
from enablement_desktop.search import synonyms as synonyms_mod
from enablement_desktop.search.catalog import AssetInfo, facet_values, load_catalog
from enablement_desktop.search.examples import example_queries
from enablement_desktop.search.fields import FACET_FIELDS
from enablement_desktop.search.index import SearchIndex
from enablement_desktop.search.matchsets import MatchSets, bits_of, docnums_of
from enablement_desktop.search.schema import text_analyzer
from enablement_desktop.search.semantic import CANDIDATES, NEIGHBOURS, Meaning, blend
from enablement_desktop.search.snippets import make_snippet

# (avg rating, rating count, open count) per asset path — from usage data.
UsageStats = Callable[[Sequence[str]], Mapping[str, tuple[float | None, int, int]]]


@dataclass
class Hit:
    asset_id: int
    path: str
    title: str
    type: str
    page: int
    label: str  # 'p. 7', 'slide 3', 'sheet Pricing', a heading
    snippet: str
    spans: list[tuple[int, int]]
    score: float
    facets: dict[str, tuple[str, ...]]
    approved: bool
    expired: bool
    facet_sources: dict[str, str] = field(default_factory=dict)  # field → where its values came from


@dataclass
class SearchResult:
    query: str
    total: int  # matching assets, not pages
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # field → [(value, asset count)], most first
    suggestion: str | None = None  # did-you-mean, a whole corrected query
    any_words: bool = False  # no asset had all the words; these have some of them
    notes: list[str] = field(default_factory=list)
    all_words: int = 0  # of `total`, the assets with every weighty word (they score more)
    offset: int = 0  # hits start at this rank (0: the best)


_ANALYZER = text_analyzer()
_PARSED_QUERIES = 256


class SearchEngine:
    """Thread-safe facade over one index and one database connection.

    Give it its own connection when it runs on a worker thread.
    """

    def __init__(self, db: sqlite_utils.Database, index: SearchIndex, usage_stats: UsageStats | None = None,
                 meaning: Meaning | None = None, synonyms: synonyms_mod.Synonyms | None = None,
                 facet_words: named_facets.FacetWords | None = None) -> None:
        self.db = db
        self.index = index
        self.usage_stats = usage_stats
        self.meaning = meaning  # None: rank by words alone
        self.synonyms = synonyms  # the library's synonyms.txt, if any (search/synonyms.py)
        # The facet words query words may name (search/named_facets.py); the built-in ones by default.
        self.facet_words = facet_words if facet_words is not None else named_facets.FacetWords()
        self._lock = threading.Lock()
        self._catalog_key: tuple | None = None
        self._catalog: dict[int, AssetInfo] = {}
        self._facet_values: dict[str, list[str]] | None = None
        self._written: tuple[int, int] | None = None
        self._parsed: OrderedDict[str, query_mod.ParsedQuery] = OrderedDict()
        self._sets: MatchSets | None = None
        self._examples: tuple[dict[int, AssetInfo], list[str]] | None = None
        self._term_counts = feedback.TermCounts()
        self._profiles = neighbours.Profiles()
        self._section_lengths = passages.SectionLengths(db)

    def catalog(self) -> dict[int, AssetInfo]:
        # Nothing committed since the last look (by another connection, or by
        # this one): the catalog stands, without scanning the assets table.
        written = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes)
        if written == self._written:
            return self._catalog
        self._written = written
        # Every change to an asset row bumps updated_at (removal included), and
        # count(*) catches rows deleted once the index forgot them.
        key = self.db.execute("SELECT count(*), max(updated_at) FROM assets").fetchone()
        if key != self._catalog_key:
            self._catalog = load_catalog(self.db)
            self._facet_values = None
            self._catalog_key = key
            self._parsed.clear()
            self._term_counts.clear()
            self._profiles.clear()
            self._section_lengths.clear()
        return self._catalog

    def _parse(self, text: str) -> query_mod.ParsedQuery:
        """Parsed once per text: the window searches the same text again for each
        sidebar filter, and whoosh's parser costs a few ms."""
        parsed = self._parsed.get(text)
        if parsed is None:
            # Only a field:value needs the known values (product:ledger → "Tidewater Ledger").
            if ":" in text and self._facet_values is None:
                self._facet_values = facet_values(self._catalog)
            parsed = self._parsed[text] = query_mod.parse(text, self._facet_values if ":" in text else {})
            if len(self._parsed) > _PARSED_QUERIES:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(text)
        return dataclasses.replace(parsed, notes=list(parsed.notes))

    def examples(self, limit: int = 5) -> list[str]:
        """Queries to offer on the empty search page, from this library's own words
        and facets, each one found to match something (cached until the catalog changes)."""
        with self._lock:
            catalog = self.catalog()
            if self._examples is not None and self._examples[0] is catalog:
                return list(self._examples[1])
        found = example_queries(catalog, lambda query: self.search(query, limit=1).total > 0, limit)
        with self._lock:
            self._examples = (catalog, found)
        return list(found)

    def prepare(self) -> None:
        """Load what the first search needs (catalog, asset sets), so that it can start at once."""
        with self._lock:
            self._match_sets(self.index.searcher(), self.catalog())

    def search(
        self,
        text: str,
        filters: Mapping[str, Sequence[str]] | None = None,
        limit: int = 20,
        usage_boost: bool = False,
        match: str = "auto",
        typing: bool = False,
        offset: int = 0,
    ) -> SearchResult:
        """Hits `offset` to `offset + limit` of the ranked assets.

        `match`: "auto" = how sellers type (search/ranking.py: assets with all the
        weighty words first, then those with most of them); "any" = rank every
        asset with any word (BM25 over OR, as IR benchmarks do).
        `typing`: the text is still being typed, so a last word the library doesn't
        know is taken as the start of a word ("pric" finds pricing)."""
        with self._lock:
            return self._search(text, dict(filters or {}), limit, usage_boost, match, typing, max(0, offset))

    def _search(self, text: str, filters: dict[str, Sequence[str]], limit: int, usage_boost: bool,
                match: str, typing: bool = False, offset: int = 0) -> SearchResult:
        catalog = self.catalog()
        # One searcher for the whole request, even if a commit lands meanwhile.
        searcher = self.index.searcher()
        typed = _complete_last_word(text, searcher.reader()) if typing else text
        parsed = self._parse(typed)
        sets = self._match_sets(searcher, catalog)
        allowed = sets.filtered(filters)
        fixes = [] if match == "any" else spelling.corrections(sets.reader, typed, self._farther(sets))
        suggestion = spelling.corrected_text(text if not typing else typed.rstrip("*"), fixes)
        if parsed.query is None:
            result = self._browse(text, sets, allowed, limit, parsed, catalog, offset)
            result.suggestion = suggestion
            return result

        used_q = _bounded(parsed.any_words if match == "any" else parsed.query, sets, parsed.notes)
        # A word no asset has is searched as the library's word too (and said so).
        unknown = {f.typed_form: f for _, _, f in fixes if f.searched}
        extra = {k: [wq.Term("body", f.form)] for k, f in unknown.items()}
        also = [f.spelled for f in unknown.values()]
        if match != "any":
            joined = compounds.joined_alternatives(typed, sets.reader)
            for word, alternatives in joined.items():
                extra.setdefault(word, []).extend(alternatives)
            also += sorted({str(t.text) for alternatives in joined.values() for t in alternatives})
            for form, (word, deeper) in word_forms.deeper_forms(typed, sets.reader).items():
                extra.setdefault(form, []).append(wq.Term("body", deeper))
                also.append(_surface_form(sets, self.db, deeper, word.lower()) or deeper)
        used_q = _also_search(used_q, extra)
        if match != "any" and self.synonyms is not None:
            used_q, members = synonyms_mod.expand(used_q, self.synonyms.groups())
            also += members
        if also:
            parsed.notes.append("also searched: " + ", ".join(also))
        plan = ranking.plan(used_q, sets, coordinate=match != "any")
        found = ranking.match(plan, sets, allowed)
        if parsed.rating is not None:
            rated = self._rated(sets, found.bits, catalog, parsed.rating)
            found = ranking.Matched(rated, found.all_words & rated)

        hits: list[Hit] = []
        by_meaning = 0  # assets found by meaning alone, as a set
        store = self.meaning.store() if self.meaning is not None else None
        if found.bits or store is not None:
            wanted = offset + limit + (10 if usage_boost else 0)
            depth = max(wanted, CANDIDATES if store is not None else 0, feedback.DEPTH)
            ranked = ranking.rank(plan, sets, found, depth) if found.bits else []
            typed_terms = _typed_terms(used_q)
            if ranked:
                ranked = feedback.rerank(ranked, sets, self._term_counts, self.index.frequencies, typed_terms,
                                         len(plan.weighty) if plan.words else len(typed_terms))
                ranked = passages.rescore(ranked, sets, self._section_lengths, typed_terms)
                ranked = neighbours.regularise(ranked, sets, self._profiles, self._term_counts,
                                               self.index.frequencies)
                if match != "any":
                    ranked, lifted = named_facets.lift(ranked, self.facet_words.named(typed), sets.value_set,
                                                       len(catalog))
                    parsed.notes += [item.note() for item in lifted]
            candidates = [ranking.Candidate(sets.asset_of[d], score, first) for score, d, first in ranked]
            sections: dict[int, int] = {}
            if store is not None:
                candidates, sections, by_meaning = self._blended(store, text, used_q, sets, found.bits, allowed,
                                                                 candidates)
            if usage_boost:
                candidates = self._boost(candidates[:wanted], catalog)
            page = candidates[offset:offset + limit]
            terms = _highlight_terms(searcher, used_q, typed_terms)
            worded = [sets.docnum_of[c.asset_id] for c in page if c.asset_id not in sections]
            parts = sets.best_parts(worded, sorted(terms), query_mod.phrases(used_q))
            chosen = [(c.asset_id, sections[c.asset_id] if c.asset_id in sections
                       else parts.get(sets.docnum_of[c.asset_id], 1) - 1, c.score) for c in page]
            hits = self._decorate(chosen, catalog, terms)

        listed = found.bits | by_meaning
        total = listed.bit_count()
        all_count = found.all_words.bit_count()
        if typing and total < 3 and suggestion is None and typed != text:
            # The last word, taken as the start of a word, found (almost) nothing: it may be a typo.
            suggestion = spelling.corrected_text(text, spelling.corrections(sets.reader, text, self._farther(sets)))
        if by_meaning:
            parsed.notes.append(f"{by_meaning.bit_count()} more found by meaning, without the words")
        return SearchResult(
            query=text,
            total=total,
            hits=hits,
            facets=sets.facet_counts(listed),
            suggestion=suggestion,
            any_words=bool(found.bits) and not all_count,
            notes=parsed.notes,
            all_words=all_count,
            offset=offset,
        )

    # -- pieces ------------------------------------------------------------

    def _farther(self, sets: MatchSets):
        return _farther_spelling(sets, self.db)

    def _match_sets(self, searcher, catalog: dict[int, AssetInfo]) -> MatchSets:
        if self._sets is None or self._sets.searcher is not searcher or self._sets.catalog is not catalog:
            self._sets = MatchSets(searcher, self.index.asset_column(searcher), catalog)
        return self._sets

    def _blended(self, store, text: str, q: wq.Query, sets: MatchSets, matched: int, allowed: int,
                 candidates: list[ranking.Candidate]) -> tuple[list[ranking.Candidate], dict[int, int], int]:
        """The hook where meaning meets words: the best candidates by words (as
        ranking.rank, feedback.rerank and passages.rescore score them), plus the
        nearest assets by meaning for a query of plain words, re-ranked by a blend
        of both (search/semantic.py). Returns the candidates in blended order,
        the section to land on for those without the words, and the set of those that
        have none (counted in the total and the facets)."""
        words = " ".join(query_mod.plain_words(_strip_fields(text)))
        lexical = {c.asset_id: c.score for c in candidates}
        vector = self.meaning.query_vector(words) if words else None
        near: dict[int, float] = {}
        if vector is not None and _plain(q):
            def allowed_asset(asset: int) -> bool:
                docnum = sets.docnum_of.get(asset)
                return docnum is not None and bool(allowed >> docnum & 1)
            near = store.nearest(vector, NEIGHBOURS, allowed_asset)
        similar = store.similarity(vector, set(lexical) | set(near)) if vector is not None else {}
        order = blend(lexical, {a: s for a, (s, _) in similar.items()}, self.meaning.weight)
        first = {c.asset_id for c in candidates if c.all_words}
        blended = [ranking.Candidate(asset, score, asset in first) for score, asset in order]
        sections = {asset: similar[asset][1] for _, asset in order if asset not in lexical}
        extra = bits_of([sets.docnum_of[a] for a in near if a not in lexical], sets.size) & ~matched
        return blended, sections, extra

    def _browse(self, text, sets: MatchSets, allowed: int, limit, parsed, catalog, offset: int = 0) -> SearchResult:
        if parsed.words_missing:
            # "C++" once, "NOT", "-": something was typed, but nothing the index could hold.
            notes = [*parsed.notes, f"“{text.strip()}” holds no word that can be searched for."]
            return SearchResult(text, 0, [], sets.facet_counts(0), notes=notes, offset=offset)
        matched = allowed
        if parsed.rating is not None:
            matched = self._rated(sets, matched, catalog, parsed.rating)
        ordered = [sets.asset_of[d] for d in sets.by_title(matched, offset + limit)][offset:]
        hits = self._decorate([(aid, 0, 0.0) for aid in ordered], catalog, frozenset())
        return SearchResult(text, matched.bit_count(), hits, sets.facet_counts(matched), notes=parsed.notes,
                            all_words=matched.bit_count(), offset=offset)

    def _decorate(self, chosen: list[tuple[int, int, float]], catalog, terms: frozenset[str]) -> list[Hit]:
        if not chosen:
            return []
        # One indexed lookup per hit: a row-value IN (VALUES …) list scans the table.
        sections = {}
        for aid, ordinal, _ in chosen:
            row = self.db.execute(
                "SELECT page, label, text FROM sections WHERE asset_id = ? AND ordinal = ?", [aid, ordinal]
            ).fetchone()
            if row is not None:
                sections[(aid, ordinal)] = row
        hits = []
        for aid, ordinal, score in chosen:
            info = catalog[aid]
            page, label, body = sections.get((aid, ordinal), (1, "", ""))
            snippet, spans = make_snippet(body, terms)
            hits.append(Hit(aid, info.path, info.title, info.type, page, label, snippet, spans, float(score),
                            info.facets, info.approved, info.expired, info.facet_sources))
        return hits

    def _rated(self, sets: MatchSets, matched: int, catalog, rating: tuple[str, float]) -> int:
        if self.usage_stats is None or not matched:
            return 0
        op, value = rating
        assets = sets.assets(matched)
        stats = self.usage_stats([catalog[a].path for a in assets])
        compare = {">=": float.__ge__, ">": float.__gt__, "<=": float.__le__, "<": float.__lt__, "=": float.__eq__}[op]
        keep = []
        for aid in assets:
            avg = stats.get(catalog[aid].path, (None, 0, 0))[0]
            if avg is not None and compare(float(avg), value):
                keep.append(sets.docnum_of[aid])
        return bits_of(keep, sets.size)

    def _boost(self, candidates: list[ranking.Candidate], catalog) -> list[ranking.Candidate]:
        """Usage as a gentle tie-break: at most +25% for a well-used, well-rated asset."""
        if self.usage_stats is None:
            return candidates
        stats = self.usage_stats([catalog[c.asset_id].path for c in candidates])
        boosted = []
        for c in candidates:
            avg, count, opens = stats.get(catalog[c.asset_id].path, (None, 0, 0))
            factor = 1 + 0.03 * min(math.log1p(opens), 5)
            if avg is not None and count:
                factor *= 1 + 0.05 * (float(avg) - 3) / 2
            boosted.append(dataclasses.replace(c, score=c.score * factor))
        return sorted(boosted, key=lambda c: -c.score)


_MAX_EXPANSIONS = 50  # prefix* terms to highlight; more would slow snippets, not help them


def _highlight_terms(searcher, q: wq.Query, typed: Sequence[str]) -> frozenset[str]:
    """Analysed words to mark in snippets: the `typed` words (`_typed_terms(q)`), prefixes expanded.

    Filler ("how", "does") is marked only inside a quoted phrase or when the
    query has nothing else: it never decides a match, so marking it on every
    snippet hides the words that did.
    """
    in_phrases = {w for phrase in query_mod.phrases(q) for w in phrase}
    words = {w for w in typed if w not in ranking.FILLER or w in in_phrases} or set(typed)
    reader = searcher.reader()
    for leaf in query_mod.walk(q):
        if isinstance(leaf, wq.Prefix) and leaf.fieldname == "body":
            for n, term in enumerate(reader.expand_prefix("body", leaf.text)):
                if n >= _MAX_EXPANSIONS:
                    break
                words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return frozenset(words)


def _typed_terms(q: wq.Query) -> list[str]:
    """The query's body words (phrases' words too), never NOT-ed ones, in order."""
    negated = query_mod.negated_terms(q)
    return list(dict.fromkeys(text.decode("utf-8") if isinstance(text, bytes) else str(text)
                              for fieldname, text in q.iter_all_terms(phrases=True)
                              if fieldname == "body" and (fieldname, text) not in negated))


def _also_search(q: wq.Query, extra: Mapping[str, list[wq.Query]]) -> wq.Query:
    """`q` with each of its words (body terms, at the top) that `extra` names searched
    as those alternatives too: one word of the query, whichever spelling an asset has."""
    if not extra:
        return q

    def widen(child: wq.Query) -> wq.Query:
        if isinstance(child, wq.Term) and child.fieldname == "body" and str(child.text) in extra:
            return query_mod.WordVariants([child, *extra[str(child.text)]])
        return child

    if isinstance(q, wq.And):
        return wq.And([widen(c) for c in q.subqueries])
    return widen(q)


def _farther_spelling(sets: MatchSets, db: sqlite_utils.Database):
    """For spelling.correct_word: a word two edits away, from whoosh's corrector over the
    index's stems, the most frequent first, spelled as the library spells it."""

    def farther(typed: str, form: str, needed: int) -> tuple[str, str] | None:
        options = sets.searcher.corrector("body").suggest(form, limit=8, maxdist=2, prefix=2)
        frequent = sorted(((sets.reader.doc_frequency("body", o), o) for o in options), reverse=True)
        for df, option in frequent:
            if df < needed:
                break
            spelled = _surface_form(sets, db, option, typed)
            if spelled:
                return spelled, option
        return None

    return farther


def _surface_form(sets: MatchSets, db: sqlite_utils.Database, stem: str, typed: str) -> str | None:
    """The library's spelling of `stem` closest to what was typed ("invoise" → "invoice", not "invoices")."""
    docnums = docnums_of(sets.term("body", stem))[:5]
    parts = sets.best_parts(docnums, [stem])
    spellings: set[str] = set()
    for docnum in docnums:
        asset = sets.asset_of[docnum]
        row = db.execute("SELECT a.title, s.text FROM assets a LEFT JOIN sections s "
                         "ON s.asset_id = a.id AND s.ordinal = ? WHERE a.id = ?",
                         [parts.get(docnum, 1) - 1, asset]).fetchone()
        if row is None:
            continue
        text = f"{row[0]}\n{row[1] or ''}"
        spellings |= {text[t.startchar:t.endchar].lower()
                      for t in _ANALYZER(text, chars=True, removestops=False) if t.text == stem}
    return min(spellings, key=lambda w: (_edit_distance(typed, w), w)) if spellings else None


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# Each word a prefix stands for is a posting list to read, ~5 ms for a common one
# at 10,000 assets; "[a TO z]" read all 95,000 of the benchmark library's in 14 s.
_MAX_EXPANSIONS_MATCHED = 2000


def _bounded(q: wq.Query, sets: MatchSets, notes: list[str]) -> wq.Query:
    """`q` without prefixes and wildcards that stand for too many words, with a note
    for each: counting every asset that has any of 20,000 words takes seconds."""

    def visit(leaf: wq.Query) -> wq.Query:
        # Facet leaves (persona:cf*) expand over the catalog's values, not the index's words.
        if (isinstance(leaf, wq.MultiTerm) and leaf.fieldname not in FACET_FIELDS
                and sets.expansions_exceed(leaf, _MAX_EXPANSIONS_MATCHED)):
            notes.append(f"“{leaf.text}…” stands for more than {_MAX_EXPANSIONS_MATCHED:,} different words, "
                         f"so it was left out: type more letters before the *.")
            return wq.NullQuery
        return leaf

    return q.accept(visit).normalize()


_LAST_WORD = re.compile(r"(?:^|(?<=\s))([^\W_]{3,})$")


def _complete_last_word(text: str, reader) -> str:
    """'pricing obje' → 'pricing obje*' while the last word is unknown to the index
    (and no quote is open); a known word stays exact."""
    match = _LAST_WORD.search(text)
    if match is None or text.count('"') % 2 or match.group(1).upper() in {"AND", "OR", "NOT"}:
        return text
    stems = [t.text for t in _ANALYZER(match.group(1))]
    if len(stems) != 1 or reader.doc_frequency("body", stems[0]):
        return text
    return text + "*"


def _strip_fields(text: str) -> str:
    # Field values (persona:CFO) and rating filters are not part of a query's meaning.
    return " ".join(tok for tok in text.split() if ":" not in tok)


def _plain(q: wq.Query) -> bool:
    """Only words (AND/OR of terms on title and body, a split word's variants): no
    phrase, NOT, prefix or field, whose meaning a neighbour without the words would break."""
    if isinstance(q, query_mod.WordVariants):
        return True
    if isinstance(q, (wq.And, wq.Or)):
        return all(_plain(sub) for sub in q.subqueries)
    return isinstance(q, wq.Term) and q.fieldname in ("title", "body")
