"""An asset's strongest indexed words and their counts, kept in its index document.

Search feedback (search/feedback.py) needs the word counts of the best few
assets of every query. Counting them from the stored text at query time
(20,000 characters through the analyzer's word forms) cost ~9 ms of an
average query's first search at 10,000 assets; counted once while indexing,
in the writer processes, and stored beside the document, reading them is
one small decompression.

Only the `KEPT` most frequent words are stored, with the count of every
word, since feedback weighs a word by its share of the asset: a word
outside an asset's top few hundred never makes its ten strongest.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable

from enablement_desktop.search.analysis import WORD, word_forms

MAX_CHARS = 20_000  # of an asset's text counted (more changed nothing on the dev set)
KEPT = 256  # words stored per asset


def count_words(head: str, sections: Iterable[str]) -> Counter[str]:
    """Indexed term → count over `head` (title, path) and the first MAX_CHARS of the sections."""
    parts, size = [head], 0
    for text in sections:
        parts.append(text[: MAX_CHARS - size])
        size += len(parts[-1])
        if size >= MAX_CHARS:
            break
    counts: Counter[str] = Counter()
    # Each distinct word analysed once (word_forms is cached), counted at C speed:
    # a token stream through the analyzer cost ~15 ms for 20,000 characters.
    for word, n in Counter(WORD.findall("\n".join(parts))).items():
        for form in word_forms(word):
            counts[form] += n
    return counts


def encode(counts: Counter[str]) -> bytes:
    """The KEPT most frequent words and the total of all counts, compressed."""
    lines = [str(sum(counts.values()))]
    lines += [f"{term}\t{n}" for term, n in counts.most_common(KEPT)]
    return zlib.compress("\n".join(lines).encode("utf-8"), 1)


def decode(data: bytes | None) -> tuple[dict[str, int], int]:
    """(term → count, the asset's total count) from `encode`; empty for None."""
    if not data:
        return {}, 0
    total, *lines = zlib.decompress(data).decode("utf-8").split("\n")
    counts = {}
    for line in lines:
        term, _, n = line.rpartition("\t")
        counts[term] = int(n)
    return counts, int(total)
