"""Who an asset is for, named in the query: "charity pricing" lifts the nonprofit pages.

The facet words that derive an asset's industry, persona and region from its
folders, file name and title (library/facets.py: the built-in words of
facet_defaults.py and the library's own `facets.toml`) are read in the query
too. A query word that names a value ("charity" is one of the words of
Industry: Nonprofit) lifts the candidates that hold that value, whether
collateral.csv gave it or it was derived: a page titled "Nonprofit and
education pricing" answers "charity pricing" though it never says "charity".

Each named value adds `WEIGHT` × its BM25 idf over the library's assets (a
rare value tells more than one every other asset holds) to the score of the
assets holding it; nothing is matched or left out by it. The kind of
collateral is not read: its words ("case study", "pricing", "FAQ") are
already searched in titles and file names, and lifting a kind lost recall on
the dev set (docs/benchmarks.md, "Who an asset is for").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from enablement_desktop.library.facets import FacetRules, load_rules, normalised, signature
from enablement_desktop.search.spelling import QUERY_TOKEN

FIELDS = ("industry", "persona", "region")
LABELS = {"industry": "Industry", "persona": "Persona", "region": "Region"}
WEIGHT = 1.0  # chosen on the dev set's fold A: 1–3 tie there, the smallest is kept


@dataclass(frozen=True)
class Named:
    field: str
    value: str  # as the facet mapping spells it
    words: str  # the query's words that named it, as typed

    def note(self) -> str:
        return f"{LABELS[self.field]}: {self.value} ranked higher (“{self.words}”)"


class FacetWords:
    """The facet mapping of one library (built-in words when it has no facets.toml),
    read again when facets.toml changes, as the indexer reads it."""

    def __init__(self, root: Path | None | Callable[[], Path | None] = None) -> None:
        self._root = root if callable(root) else (lambda: root)
        self._loaded: tuple[Path | None, FacetRules] | None = None  # (library root, its rules)

    def rules(self) -> FacetRules:
        root = self._root()
        if self._loaded is None or self._loaded[0] != root or self._loaded[1].signature != signature(root):
            self._loaded = (root, load_rules(root))
        return self._loaded[1]

    def named(self, text: str) -> list[Named]:
        """The industry, persona and region values the query's own words name."""
        wanted = _wanted_text(text)
        if not wanted:
            return []
        rules = self.rules().rules
        out = []
        for field in FIELDS:
            for value, pattern in rules.get(field, []):
                match = pattern.search(wanted)
                if match is not None:
                    out.append(Named(field, value, match.group()))
        return out


def _wanted_text(text: str) -> str:
    """The query's words as facets.derive normalises text (facets.normalised);
    without field:values, NOT-ed or -excluded words, operators and wildcards."""
    wanted: list[str] = []
    skip_next = False
    for token in QUERY_TOKEN.findall(text):
        if skip_next:
            skip_next = False
            continue
        if token == "NOT":
            skip_next = True
            continue
        if token in ("AND", "OR") or token.startswith("-") or ":" in token or token.rstrip('"').endswith("*"):
            continue
        wanted.append(token)
    return normalised(" ".join(wanted))


Ranked = list[tuple[float, int, int]]  # (score, docnum, first page), best first


def lift(ranked: Ranked, named: Sequence[Named], value_set: Callable[[str, str], int], assets: int,
         weight: float = WEIGHT) -> tuple[Ranked, list[Named]]:
    """`ranked` re-ordered with each candidate holding a named value lifted, and the
    named values some candidate holds (the ones worth telling the seller about).

    `value_set(field, value)` is the set (a bitset over docnums) of the assets holding it."""
    lifts, used = [], []
    for item in named:
        bits = value_set(item.field, item.value)
        held = bits.bit_count()
        if held and any(bits >> d & 1 for _, d, _ in ranked):
            lifts.append((bits, weight * math.log(1 + (assets - held + 0.5) / (held + 0.5))))
            used.append(item)
    if not lifts:
        return list(ranked), []
    out = [(score + sum(gain for bits, gain in lifts if bits >> d & 1), d, first) for score, d, first in ranked]
    out.sort(key=lambda t: -t[0])
    return out, used
