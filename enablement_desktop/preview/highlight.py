"""What to mark in a document for a query: phrases as phrases, then words, as the seller typed them.

The viewer's PDF search finds one string at a time, so the order matters: it
marks the first of these strings that is on the hit page. A quoted phrase
comes first and whole ("reverse engineering", never just "engineering");
then the unquoted words together, as people often type a phrase without
quotes; then each word that carries weight (filler such as "how" or "does", and
words search leaves out such as "a" or "to", only when there is nothing
else), longest first. Field filters (product:, rating:>=4),
operators and excluded words (NOT x, -x) are never marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from enablement_desktop.search.filler import FILLER_WORDS

# A token: an optional field prefix, then a quoted phrase or a bare word.
_TOKEN = re.compile(r'(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"()]+))')
_OPERATORS = {"AND", "OR", "NOT"}
# Fields whose values are words of the document (the others are metadata filters).
_TEXT_FIELDS = {"title", "body", "text"}


def query_strings(query: str) -> list[str]:
    """The strings to mark for `query`, best first (see the module docstring)."""
    phrases: list[str] = []
    words: list[str] = []
    negate_next = False
    for match in _TOKEN.finditer(query):
        word, phrase, field = match.group("word"), match.group("phrase"), match.group("field")
        if word in _OPERATORS and not field:
            negate_next = word == "NOT"
            continue
        negated = negate_next or bool(match.group("neg"))
        negate_next = False
        if negated or (field and field.lower() not in _TEXT_FIELDS):
            continue
        if phrase is not None:
            if text := " ".join(phrase.split()):
                phrases.append(text)
        elif word:
            text = word.strip("*?~^")  # wildcards and fuzzy marks are syntax, not text
            if any(ch.isalnum() for ch in text):
                words.append(text)
    candidates = [*phrases]
    if len(words) > 1:
        candidates.append(" ".join(words))
    # Alone, filler ("how", "does") and the words search leaves out ("a", "to", "from")
    # would mark every other line of a page. Imported here: the analyzer brings whoosh,
    # which the window leaves to the search thread (loaded by the time there are results).
    from enablement_desktop.search.analysis import index_form

    weighty = [w for w in words if w.casefold() not in FILLER_WORDS and index_form(w) is not None] or words
    candidates += sorted(weighty, key=len, reverse=True)
    return _unique(candidates)


def marks_for(query: str, surface_words: Iterable[str] = ()) -> list[str]:
    """`query_strings`, then the words as the document spells them (a snippet's marked words).

    Search matches word forms ("invoice" finds "invoices"); the document's own
    spelling is the fallback when the typed form is not on the page.
    """
    return _unique([*query_strings(query), *sorted(surface_words, key=len, reverse=True)])


def _unique(strings: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for text in strings:
        text = text.strip()
        if text:
            seen.setdefault(text.casefold(), text)
    return list(seen.values())
