"""Two typed words a library writes as one: "set up" also finds "setup".

Sellers split compounds that documents join ("set up" / setup, "sign up" /
signup, "up front" / upfront, "check list" / checklist). For each pair of
adjacent typed words whose joined spelling the library's own index holds,
the joined word becomes an alternative of both words: an asset that says
"setup" has both of them, as one that says "set up" does. No list of
compounds: the library's index decides, so nothing here knows any
library's words. Filler ("gets", "how") never joins: "app gets" is not
a question about "AppGet".
"""

from __future__ import annotations

from whoosh import query as wq

from enablement_desktop.search.analysis import index_form
from enablement_desktop.search.filler import FILLER_WORDS
from enablement_desktop.search.spelling import typed_words

# Each of the two words scores the joined word at this weight: together, an asset
# that says "setup" scores it once, not twice.
JOINED_WEIGHT = 0.5
MIN_LENGTH = 5  # of a joined word: "a" + "pi" = "api" is a different word, not a compound
# Assets that must spell it joined: a hyphenated "response-time" is indexed as its
# parts and as "responsetime" too, so a joined word in one or two assets is
# usually an accident of hyphenation, not the library's way of writing it.
MIN_ASSETS = 3


def joined_alternatives(text: str, reader) -> dict[str, list[wq.Query]]:
    """Index form of a typed word → the joined words it takes part in that the index holds.

    Only plain words typed side by side pair up (spelling.typed_words: not a quoted
    phrase, a field value, an operator or a NOT-ed word)."""
    words = list(typed_words(text))
    out: dict[str, list[wq.Query]] = {}
    for first, second in zip(words, words[1:], strict=False):
        if text[first.end():second.start()].strip():
            continue  # something stands between them ("set-up" is already one word; "set -up" is not a pair)
        a, b = _joinable(first.group()), _joinable(second.group())
        if a is None or b is None:
            continue
        joined = index_form(first.group() + second.group())
        if (joined and len(joined) >= MIN_LENGTH and joined not in (a, b)
                and reader.doc_frequency("body", joined) >= MIN_ASSETS):
            for form in (a, b):
                out.setdefault(form, []).append(wq.Term("body", joined, boost=JOINED_WEIGHT))
    return out


def _joinable(word: str) -> str | None:
    """The word's index form, if it is a plain word that can be half of a compound."""
    if not word.isalpha() or word.lower() in FILLER_WORDS:
        return None
    return index_form(word)
