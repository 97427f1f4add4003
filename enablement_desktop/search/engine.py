"""Search: query → one row per asset, best page, snippet, facet counts, did-you-mean."""

from __future__ import annotations

import heapq
import math
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import sqlite_utils
from whoosh import query as wq

from enablement_desktop.search import query as query_mod
from enablement_desktop.search.catalog import AssetInfo, facet_values, load_catalog
from enablement_desktop.search.index import SearchIndex
from enablement_desktop.search.schema import FACET_FIELDS, text_analyzer
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


@dataclass
class SearchResult:
    query: str
    total: int  # matching assets, not pages
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # field → [(value, asset count)], most first
    suggestion: str | None = None  # did-you-mean, a whole corrected query
    any_words: bool = False  # no asset had all the words; these have some of them
    notes: list[str] = field(default_factory=list)


_ANALYZER = text_analyzer()


class SearchEngine:
    """Thread-safe facade over one index and one database connection.

    Give it its own connection when it runs on a worker thread.
    """

    def __init__(self, db: sqlite_utils.Database, index: SearchIndex, usage_stats: UsageStats | None = None) -> None:
        self.db = db
        self.index = index
        self.usage_stats = usage_stats
        self._lock = threading.Lock()
        self._catalog_key: tuple | None = None
        self._catalog: dict[int, AssetInfo] = {}
        self._facet_values: dict[str, list[str]] = {}

    def catalog(self) -> dict[int, AssetInfo]:
        # Every change to an asset row bumps updated_at (removal included), and
        # count(*) catches rows deleted once the index forgot them.
        key = self.db.execute("SELECT count(*), max(updated_at) FROM assets").fetchone()
        if key != self._catalog_key:
            self._catalog = load_catalog(self.db)
            self._facet_values = facet_values(self._catalog)
            self._catalog_key = key
        return self._catalog

    def search(
        self,
        text: str,
        filters: Mapping[str, Sequence[str]] | None = None,
        limit: int = 20,
        usage_boost: bool = False,
        match: str = "auto",
    ) -> SearchResult:
        """`match`: "auto" = all words, falling back to any word when nothing has all;
        "any" = rank every asset with any word (BM25 over OR, as IR benchmarks do)."""
        with self._lock:
            return self._search(text, dict(filters or {}), limit, usage_boost, match)

    def _search(self, text: str, filters: dict[str, Sequence[str]], limit: int, usage_boost: bool,
                match: str) -> SearchResult:
        catalog = self.catalog()
        parsed = query_mod.parse(text, self._facet_values)
        if parsed.query is None:
            return self._browse(text, filters, limit, parsed, catalog)

        # One searcher for the whole request, even if a commit lands meanwhile.
        searcher = self.index.searcher()
        filter_q = query_mod.filter_query(filters)
        first = parsed.any_words if match == "any" else parsed.query
        best = self._best_section_per_asset(searcher, first, filter_q, catalog)
        used_q, any_words = first, False
        if not best and parsed.any_words is not None and _positive_terms(parsed.any_words) > 1:
            best = self._best_section_per_asset(searcher, parsed.any_words, filter_q, catalog)
            used_q, any_words = parsed.any_words, bool(best)
        matched = set(best)
        if parsed.rating is not None:
            matched = self._rated(matched, catalog, parsed.rating)

        hits: list[Hit] = []
        if matched:
            wanted = limit + 10 if usage_boost else limit
            top = heapq.nsmallest(wanted, matched, key=lambda a: (-best[a][0], best[a][1]))
            chosen = [(a, searcher.stored_fields(best[a][1])["ordinal"], best[a][0]) for a in top]
            hits = self._decorate(chosen, catalog, _highlight_terms(searcher, used_q))
            if usage_boost:
                hits = self._boost(hits)
            hits = hits[:limit]

        suggestion = _suggest(searcher, self.db, text) if len(matched) < 3 else None
        return SearchResult(
            query=text,
            total=len(matched),
            hits=hits,
            facets=_count_facets(matched, catalog),
            suggestion=suggestion,
            any_words=any_words,
            notes=parsed.notes,
        )

    # -- pieces ------------------------------------------------------------

    def _best_section_per_asset(self, searcher, q: wq.Query, filter_q: wq.Query | None, catalog) -> dict:
        """One scored pass over every matching section: asset id → (best score, its docnum).

        Replaces whoosh's collapse search plus a second unscored pass for the
        asset set (total, facets): the same matches were walked twice.
        """
        full = q if filter_q is None else wq.And([q, filter_q])
        asset_of = self.index.asset_column(searcher)
        context = searcher.context(needs_current=False)
        best: dict[int, tuple[float, int]] = {}
        for sub, offset in searcher.leaf_searchers():
            matcher = full.matcher(sub, context)
            while matcher.is_active():
                docnum = matcher.id() + offset
                asset = asset_of[docnum]
                score = matcher.score()
                known = best.get(asset)
                if known is None or score > known[0]:
                    best[asset] = (score, docnum)
                matcher.next()
        return {a: v for a, v in best.items() if a in catalog}

    def _browse(self, text, filters, limit, parsed, catalog) -> SearchResult:
        wanted = {name: {v.lower() for v in values} for name, values in filters.items() if values}
        matched = {
            aid for aid, info in catalog.items()
            if all(any(v.lower() in vals for v in info.facets.get(name, ())) for name, vals in wanted.items())
        }
        if parsed.rating is not None:
            matched = self._rated(matched, catalog, parsed.rating)
        ordered = sorted(matched, key=lambda a: catalog[a].title.lower())[:limit]
        hits = self._decorate([(aid, 0, 0.0) for aid in ordered], catalog, frozenset())
        return SearchResult(text, len(matched), hits, _count_facets(matched, catalog), notes=parsed.notes)

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
                            info.facets, info.approved, info.expired))
        return hits

    def _rated(self, matched: set[int], catalog, rating: tuple[str, float]) -> set[int]:
        if self.usage_stats is None or not matched:
            return set()
        op, value = rating
        stats = self.usage_stats([catalog[a].path for a in matched])
        compare = {">=": float.__ge__, ">": float.__gt__, "<=": float.__le__, "<": float.__lt__, "=": float.__eq__}[op]
        keep = set()
        for aid in matched:
            avg = stats.get(catalog[aid].path, (None, 0, 0))[0]
            if avg is not None and compare(float(avg), value):
                keep.add(aid)
        return keep

    def _boost(self, hits: list[Hit]) -> list[Hit]:
        """Usage as a gentle tie-break: at most +25% for a well-used, well-rated asset."""
        if self.usage_stats is None:
            return hits
        stats = self.usage_stats([h.path for h in hits])
        for hit in hits:
            avg, count, opens = stats.get(hit.path, (None, 0, 0))
            factor = 1 + 0.03 * min(math.log1p(opens), 5)
            if avg is not None and count:
                factor *= 1 + 0.05 * (float(avg) - 3) / 2
            hit.score *= factor
        return sorted(hits, key=lambda h: -h.score)


_MAX_EXPANSIONS = 50  # prefix* terms to highlight; more would slow snippets, not help them


def _highlight_terms(searcher, q: wq.Query) -> frozenset[str]:
    """Analysed words to mark in snippets: the query's words, prefixes expanded, never NOT-ed ones."""
    negated = query_mod.negated_terms(q)
    words: set[str] = set()
    for fieldname, text in q.iter_all_terms(phrases=True):
        if fieldname == "body" and (fieldname, text) not in negated:
            words.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    reader = searcher.reader()
    for leaf in query_mod.walk(q):
        if isinstance(leaf, wq.Prefix) and leaf.fieldname == "body":
            for n, term in enumerate(reader.expand_prefix("body", leaf.text)):
                if n >= _MAX_EXPANSIONS:
                    break
                words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return frozenset(words)


def _suggest(searcher, db: sqlite_utils.Database, text: str) -> str | None:
    """Did-you-mean: replace words the index doesn't know with its closest real words.

    The index holds stems ("invoic"), so the closest stem is found first and
    then spelled as the library spells it, from a section that contains it.
    """
    reader = searcher.reader()
    corrector = searcher.corrector("body")
    out = text
    for word in query_mod.plain_words(_strip_fields(text)):
        stems = [t.text for t in _ANALYZER(word)]
        if len(stems) != 1 or reader.doc_frequency("body", stems[0]):
            continue
        options = corrector.suggest(stems[0], limit=5, maxdist=2, prefix=1)
        if not options:
            continue
        # whoosh orders by frequency; a person expects the closest spelling first.
        best = min(options, key=lambda o: (_edit_distance(stems[0], o), options.index(o)))
        spelled = _surface_form(searcher, db, best, word.lower())
        if spelled:
            out = out.replace(word, spelled, 1)
    return out if out != text else None


def _surface_form(searcher, db: sqlite_utils.Database, stem: str, typed: str) -> str | None:
    """The library's spelling of `stem` closest to what was typed ("invoise" → "invoice", not "invoices")."""
    spellings: set[str] = set()
    for n, docnum in enumerate(searcher.docs_for_query(wq.Term("body", stem))):
        if n >= 5:
            break
        fields = searcher.stored_fields(docnum)
        row = db.execute("SELECT s.text, a.title FROM sections s JOIN assets a ON a.id = s.asset_id "
                         "WHERE s.asset_id = ? AND s.ordinal = ?", [int(fields["asset"]), fields["ordinal"]]).fetchone()
        if row is None:
            continue
        text = f"{row[1]}\n{row[0]}"
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


def _strip_fields(text: str) -> str:
    # Field values (persona:CFO) and rating filters are not spell-checked.
    return " ".join(tok for tok in text.split() if ":" not in tok)


def _positive_terms(q: wq.Query) -> int:
    return len({text for fieldname, text in q.iter_all_terms() if fieldname in ("title", "body")})


def _count_facets(matched: set[int], catalog: dict[int, AssetInfo]) -> dict[str, list[tuple[str, int]]]:
    counters = {name: Counter() for name in FACET_FIELDS}
    for aid in matched:
        for name, values in catalog[aid].facets.items():
            counters[name].update(set(values))
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0].lower())) for name, c in counters.items()}
