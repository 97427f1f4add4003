"""Example queries for the empty search page, from the library's own words and facets.

Fixed examples named things only the demo library has ("persona:CFO",
"battlecard -2025"): on a real library they found nothing. These come from
what is there: the commonest kind of collateral with a word its titles use,
a persona, product or region value, a phrase its titles repeat, a word with
a file type. Each example is checked to find something before it is offered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping

from enablement_desktop.search.catalog import AssetInfo

_WORD = re.compile(r"[^\W\d_]{3,}")
# Title words too common in any library to say anything about it.
_DULL = frozenset("""
about after also and are because been before being between both but can could did does each for from further
get had has have how into its just more most not now off once only other our out over own same should some such
than that the their them then there these they this those through too under until very was were what when where
which while who why will with you your yours new using use guide page docs doc introduction overview untitled
final draft copy version part section chapter
""".split())


def example_queries(catalog: Mapping[int, AssetInfo], finds: Callable[[str], bool], limit: int = 5) -> list[str]:
    """Up to `limit` queries built from `catalog`, each one that `finds` says finds something."""
    if not catalog:
        return []
    candidates: list[str] = []
    title_words = _title_words(catalog)
    kinds = _values(catalog, "kind")
    if kinds:
        kind = kinds[0]
        word = next((w for w in title_words if w not in kind.lower()), "")
        candidates.append(f"{word} kind:{_quoted(kind)}" if word else f"kind:{_quoted(kind)}")
    for name in ("persona", "product", "region", "industry", "stage"):
        values = _values(catalog, name)
        if values:
            word = title_words[1] if len(title_words) > 1 else ""
            candidates.append(f"{word} {name}:{_quoted(values[0])}".strip())
            break
    phrase = _title_phrase(catalog)
    if phrase:
        candidates.append(f'"{phrase}"')
    types = Counter(info.type for info in catalog.values())
    if len(types) > 1 and title_words:  # a type filter says something only in a mixed library
        candidates.append(f"{title_words[0]} type:{types.most_common(1)[0][0]}")
    if len(title_words) > 3:
        candidates.append(f"{title_words[2]} -{title_words[3]}")
    candidates += title_words[:limit]  # plain words fill what is left
    out: list[str] = []
    for query in dict.fromkeys(candidates):
        if len(out) < limit and finds(query):
            out.append(query)
    return out


def _values(catalog: Mapping[int, AssetInfo], name: str) -> list[str]:
    """The values of one facet, most assets first."""
    counts: Counter[str] = Counter()
    for info in catalog.values():
        counts.update(info.facets.get(name, ()))
    return [value for value, _ in counts.most_common()]


def _title_words(catalog: Mapping[int, AssetInfo]) -> list[str]:
    """Words that several titles share, commonest first: the library's own topics."""
    counts: Counter[str] = Counter()
    for info in catalog.values():
        counts.update({w.lower() for w in _WORD.findall(info.title)} - _DULL)
    return [w for w, n in counts.most_common(20) if n >= 2] or [w for w, _ in counts.most_common(5)]


def _title_phrase(catalog: Mapping[int, AssetInfo]) -> str:
    """Two words that follow each other in at least two titles."""
    counts: Counter[tuple[str, str]] = Counter()
    for info in catalog.values():
        words = [w.lower() for w in _WORD.findall(info.title)]
        counts.update({pair for pair in zip(words, words[1:], strict=False) if not set(pair) & _DULL})
    best = counts.most_common(1)
    return " ".join(best[0][0]) if best and best[0][1] >= 2 else ""


def _quoted(value: str) -> str:
    return f'"{value}"' if " " in value else value
