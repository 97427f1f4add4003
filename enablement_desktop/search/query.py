"""Turn what a person typed into a whoosh query — forgiving, never raising.

Supported: words (all must match), "phrases", OR, NOT / -word, prefix*,
field:value for the facet fields (product: persona: stage: region: type:
tag: owner: title:), and rating:>=4 (applied by the engine from usage data).
Facet values match case-insensitively, and a single word matches a value
containing it ("product:ledger" finds "Tidewater Ledger").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh import query as wq

from enablement_desktop.search.analysis import WORD, query_forms
from enablement_desktop.search.fields import FACET_FIELDS, QUERY_FIELDS, type_value
from enablement_desktop.search.schema import build_query_schema

_SCHEMA = build_query_schema()
_RATING = re.compile(r"(?<!\S)rating:\s*(>=|<=|>|<|=)?\s*([1-5](?:\.\d+)?)(?!\S)", re.I)
_FIELD_NAMES = "|".join(sorted(QUERY_FIELDS, key=len, reverse=True))
_FIELD_ALIAS = re.compile(r"(?<![\w:])(" + _FIELD_NAMES + r"):", re.I)
# "persona: CFO" is persona:CFO as people type it; "product:" with nothing after it is noted.
_SPACED_FIELD = re.compile(r"(?<![\w:])(" + _FIELD_NAMES + r"):\s+(?=[^\s:])", re.I)
_EMPTY_FIELD = re.compile(r"(?<![\w:])(" + _FIELD_NAMES + r"):(?=\s*$)", re.I)
_BAD_RATING = re.compile(r"(?<!\S)rating:\S*", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_TEXT_FIELDS = ("body", "title")
_EXAMPLE = {"type": "pdf", "kind": "battlecard", "industry": "retail", "product": "Ledger", "persona": "CFO",
            "stage": "decision", "region": "EMEA", "owner": "dana"}


@dataclass
class ParsedQuery:
    text: str  # what the user typed
    query: wq.Query | None  # None: no text part (browse by filters only)
    any_words: wq.Query | None  # the same words OR-ed, offered when AND finds nothing
    rating: tuple[str, float] | None = None  # (operator, value) from rating:>=4
    notes: list[str] = field(default_factory=list)  # e.g. "ignored: unknown field foo:"
    words_missing: bool = False  # text was typed, but none of it is a word the index can hold


class WordVariants(wq.Or):
    """One typed word that the analyzer splits ("e-mail", "SOC2", "8.TELEPHONE"):
    its parts as a phrase, or its joined form ("email", "soc2"). The engine
    treats it as one word of the query."""


def word_query(fieldname: str, text: str, boost: float = 1.0) -> wq.Query | None:
    """The query for one word the parser found (it may hold several WORD matches: "24/7")."""
    parts: list[str] = []
    whole: str | None = None
    words = [m.group() for m in WORD.finditer(text)]
    for word in words:
        forms, whole = query_forms(word)
        parts += forms
    if not parts:
        return None
    one = wq.Term(fieldname, parts[0], boost=boost) if len(parts) == 1 else wq.Phrase(fieldname, parts, boost=boost)
    if whole is None or len(words) > 1 or parts == [whole]:  # "9.E-MAIL", "24/7": the parts in a row
        return one
    return WordVariants([one, wq.Term(fieldname, whole, boost=boost)])


class _Parser(qparser.QueryParser):
    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in _TEXT_FIELDS and termclass is wq.Term and tokenize:
            return word_query(fieldname, text, boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def _parser(group: type[qparser.syntax.GroupNode]) -> qparser.QueryParser:
    parser = _Parser("body", _SCHEMA, group=group)
    # + and - only as a word's first character: "month-end", "third-party" and
    # "mid-market" are words, not "month NOT end".
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    # Leading wildcards and bare "*" would scan every term in the index, and a
    # range over free text ("[a TO z]", 14 s at 10,000 assets) is never what a
    # seller means: the brackets are read as plain text.
    parser.remove_plugin_class(qparser.EveryPlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    return parser


_AND_PARSER = _parser(qparser.AndGroup)
_OR_PARSER = _parser(qparser.OrGroup)


def parse(text: str, facet_values: Mapping[str, Sequence[str]] | None = None) -> ParsedQuery:
    """Parse `text`; `facet_values` maps facet field → known values (for product:ledger)."""
    rating = None
    notes: list[str] = []
    match = _RATING.search(text)
    if match:
        rating = (match.group(1) or ">=", float(match.group(2)))
        text_wo_rating = _RATING.sub(" ", text)
    else:
        text_wo_rating = text
    if _BAD_RATING.search(text_wo_rating):
        notes.append("rating: takes a number from 1 to 5, as in rating:>=4; searched without it.")
        text_wo_rating = _BAD_RATING.sub(" ", text_wo_rating)
    text_wo_rating = _SPACED_FIELD.sub(lambda m: m.group(1) + ":", text_wo_rating)
    if empty := _EMPTY_FIELD.search(text_wo_rating):
        name = empty.group(1).lower()
        notes.append(f"{name}: needs a value right after it, as in {name}:{_EXAMPLE.get(name, 'pricing')}; "
                     "searched without it.")
        text_wo_rating = _EMPTY_FIELD.sub(" ", text_wo_rating)
    # Field names are case-insensitive for people ("Persona:CFO").
    cleaned = _FIELD_ALIAS.sub(lambda m: QUERY_FIELDS[m.group(1).lower()] + ":", text_wo_rating)
    cleaned = cleaned.strip()
    if not cleaned:
        return ParsedQuery(text, None, None, rating, notes)

    query = _safe_parse(_AND_PARSER, cleaned, notes)
    query = _resolve_facets(query, facet_values or {})
    any_words = _resolve_facets(_safe_parse(_OR_PARSER, cleaned, []), facet_values or {})
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        # Typed, but nothing the index holds ("NOT", "-", "the"): that matches no
        # asset, it does not list them all. A too-broad "*" was noted already.
        return ParsedQuery(text, None, None, rating, notes, words_missing=not notes)
    return ParsedQuery(text, query.normalize(), any_words.normalize(), rating, notes)


def _safe_parse(parser: qparser.QueryParser, text: str, notes: list[str]) -> wq.Query:
    try:
        query = parser.parse(text)
        _check_usable(query)
        return query
    except _TooBroad:
        notes.append("Type at least two letters before * (or ?) to search by the start of a word.")
        words = [w for w in plain_words(text) if len(w) > 1]
        return parser.parse(" ".join(words)) if words else wq.NullQuery
    except Exception:
        # Malformed input (unbalanced quotes, stray operators, odd ranges):
        # fall back to the plain words, which is what the person meant.
        words = plain_words(text)
        notes.append("Searched for the plain words (the query syntax was not understood).")
        if not words:
            return wq.NullQuery
        return parser.parse(" ".join(words))


class _TooBroad(ValueError):
    pass


def _check_usable(query: wq.Query) -> None:
    for leaf in walk(query):
        # The letters before the first wildcard narrow the scan of the index's
        # words: "*ing" would read every word (2 s at 10,000 assets).
        if isinstance(leaf, wq.Every) or (
            isinstance(leaf, (wq.Wildcard, wq.Prefix)) and len(re.split(r"[*?]", leaf.text)[0]) < 2
        ):
            raise _TooBroad("wildcard too broad")


def plain_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.upper() not in {"AND", "OR", "NOT"}]


def _resolve_facets(query: wq.Query, facet_values: Mapping[str, Sequence[str]]) -> wq.Query:
    """Rewrite facet-field leaves into terms on the exact stored values."""

    def rewrite(q: wq.Query) -> wq.Query:
        field_name = getattr(q, "fieldname", None)
        if field_name in FACET_FIELDS:
            if isinstance(q, wq.Term):
                wanted = str(q.text)
            elif isinstance(q, wq.Phrase):
                wanted = " ".join(str(w) for w in q.words)
            elif isinstance(q, (wq.Prefix, wq.Wildcard)):
                return wq.Prefix(field_name, str(q.text).rstrip("*").lower()) if isinstance(q, wq.Prefix) else q
            else:
                return q
            return _facet_terms(field_name, wanted, facet_values.get(field_name, ()))
        if q.is_leaf():
            return q
        return q.apply(rewrite)

    return rewrite(query)


def _facet_terms(field_name: str, wanted: str, known: Sequence[str]) -> wq.Query:
    wanted_l = type_value(wanted) if field_name == "type" else wanted.strip().lower()
    exact = [v for v in known if v.lower() == wanted_l]
    if exact:
        matches = exact
    else:
        wanted_words = set(wanted_l.split())
        matches = [v for v in known if wanted_words <= set(v.lower().replace("-", " ").split())]
    if not matches:
        return wq.Term(field_name, wanted_l)
    terms = [wq.Term(field_name, v.lower()) for v in matches]
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def scoring_part(query: wq.Query) -> wq.Query | None:
    """The part of `query` to rank by: no facet leaves, no NOT parts, phrases as their
    words (None if nothing is left).

    Which assets match is decided on bitsets (matchsets.py) from the whole query.
    """
    if getattr(query, "fieldname", None) in FACET_FIELDS or isinstance(query, wq.Not):
        return None
    if isinstance(query, wq.Phrase):
        # Ranked by its words (the matching set already holds only assets with
        # the phrase): whoosh's phrase scoring walks every position of every
        # candidate and defeats block-max skipping.
        terms = [wq.Term(query.fieldname, w) for w in dict.fromkeys(query.words)]
        return terms[0] if len(terms) == 1 else wq.And(terms)
    if isinstance(query, wq.AndNot):
        return scoring_part(query.a)
    if isinstance(query, (wq.AndMaybe, wq.Require)):
        parts = [p for p in (scoring_part(query.a), scoring_part(query.b)) if p is not None]
        return None if not parts else parts[0] if len(parts) == 1 else wq.And(parts)
    if isinstance(query, (wq.And, wq.Or)):
        parts = [p for p in (scoring_part(c) for c in query.subqueries) if p is not None]
        return None if not parts else parts[0] if len(parts) == 1 else type(query)(parts)
    return query


def phrases(query: wq.Query) -> list[list[str]]:
    """The body phrases of `query` that are not negated, as lists of analysed words."""
    negated = negated_terms(query)
    return [[str(w) for w in leaf.words] for leaf in walk(query)
            if isinstance(leaf, wq.Phrase) and leaf.fieldname == "body"
            and not {("body", w) for w in leaf.words} <= negated]


def negated_terms(query: wq.Query) -> set[tuple[str, object]]:
    """(field, text) pairs under NOT / -word: never highlighted."""
    negated: set[tuple[str, object]] = set()
    for sub in walk(query):
        inner = sub.query if isinstance(sub, wq.Not) else sub.b if isinstance(sub, wq.AndNot) else None
        if inner is not None:
            negated |= set(inner.iter_all_terms(phrases=True))
    return negated


def walk(query: wq.Query):
    yield query
    if not query.is_leaf():
        for child in query.children():
            yield from walk(child)
