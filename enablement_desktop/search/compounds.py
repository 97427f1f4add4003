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

from enablement_desktop.search.analysis import WORD, index_form
from enablement_desktop.search.filler import FILLER_WORDS

# Each of the two words scores the joined word at this weight: together, an asset
# that says "setup" scores it once, not twice.
JOINED_WEIGHT = 0.5
MIN_LENGTH = 5
# Assets that must spell it joined: a hyphenated "response-time" is indexed as its
# parts and as "responsetime" too, so a joined word in one or two assets is
# usually an accident of hyphenation, not the library's way of writing it.
MIN_ASSETS = 3  # of a joined word: "a" + "pi" = "api" is a different word, not a compound


def joined_alternatives(text: str, reader) -> dict[str, list[wq.Query]]:
    """Index form of a typed word → the joined words it takes part in that the index holds."""
    words = [w for w in WORD.findall(text) if not w.startswith("-")]
    out: dict[str, list[wq.Query]] = {}
    for first, second in zip(words, words[1:], strict=False):
        a, b = _joinable(first), _joinable(second)
        if a is None or b is None:
            continue
        joined = index_form(first + second)
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
