"""A typed word that no asset has, searched by its stem's stem: "environmental" finds "environment".

Porter's stemmer strips at most one suffix of a kind, so a word built with two
derivational suffixes stops one short of its family: "environmental" →
"environment", while "environment" and "environments" → "environ". When no
asset holds the typed word's stem, stemming that stem again names the family
the library does write, and it is searched as an alternative of the typed word
(and said so, as a spelling correction is).

Only for a word the library does not hold: stemming every word to a fixed point
(at index time) would merge "meaningful" with "means", "overall" with "over"
and "containerization" with "contains" — docs/benchmarks.md, "word forms".
"""

from __future__ import annotations

from whoosh.lang.porter import stem

from enablement_desktop.search.analysis import index_form
from enablement_desktop.search.filler import FILLER_WORDS
from enablement_desktop.search.spelling import typed_words


def deeper_forms(text: str, reader) -> dict[str, tuple[str, str]]:
    """Index form of each typed word in no asset → (the word as typed, its stem's stem),
    for the ones whose stem's stem some asset holds. Plain words only (spelling.typed_words)."""
    out: dict[str, tuple[str, str]] = {}
    for match in typed_words(text):
        word = match.group()
        if not word.isalpha() or word.lower() in FILLER_WORDS:
            continue
        form = index_form(word)
        if form is None or form in out or reader.doc_frequency("body", form):
            continue
        deeper = stem(form)
        if deeper != form and reader.doc_frequency("body", deeper):
            out[form] = (word, deeper)
    return out
