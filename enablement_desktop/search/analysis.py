"""The text analyzer: words → lower-case, accent-folded, stop-filtered Porter stems.

Functionally the whoosh chain RegexTokenizer | Lowercase | CharsetFilter |
StopFilter | StemFilter (`reference_chain`), fused into one tokenizer that
analyses each distinct surface word once per process. Collateral vocabulary
is Zipfian, so the cache answers almost every token: indexing spends its
time in whoosh's posting writer instead of five generator layers per word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh import analysis
from whoosh.analysis.acore import Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

WORD = re.compile(r"[\w*]+(?:\.?[\w*]+)*", re.UNICODE)  # whoosh RegexTokenizer's default pattern

# An asset is one document whose body is its sections joined by SECTION_BREAK.
# Each part's positions start at part_no * SECTION_STRIDE, so a position names
# its section (`part_of`) and no phrase can span two pages.
SECTION_BREAK = "\x1e"
SECTION_STRIDE = 1 << 20


def part_of(position: int) -> int:
    """The part of a joined body a token position falls in (0: the title and tags header)."""
    return position // SECTION_STRIDE


def reference_chain() -> analysis.Analyzer:
    # Accent folding before stemming so "résumé" and "resume" meet in one stem.
    return (
        analysis.RegexTokenizer()
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
        | analysis.StopFilter()
        | analysis.StemFilter()
    )


@lru_cache(maxsize=200_000)
def index_form(word: str) -> str | None:
    """The term the index holds for one surface word (one token of WORD); None for
    stop words and 1-letter words. The chain's filters, called directly: through
    its generators a new word cost ~28 µs, which a fresh process's first
    snippets paid ~1,400 times."""
    text = word.lower().translate(accent_map)
    if len(text) < 2 or text in STOP_WORDS:
        return None
    return stem(text)


class StemmingTokenizer(analysis.Tokenizer):
    """`reference_chain()` in one pass, with a per-word cache."""

    is_morph = True  # stems: whoosh must not treat indexed terms as spellings

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def has_morph(self) -> bool:
        return True

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield from self._tokens(token, [(0, len(value), value)], start_pos, start_char, keeporiginal)
            return
        char = start_char
        for part_no, part in enumerate(value.split(SECTION_BREAK)):
            yield from self._tokens(token, ((m.start(), m.end(), m.group()) for m in WORD.finditer(part)),
                                    start_pos + part_no * SECTION_STRIDE, char, keeporiginal)
            char += len(part) + 1

    @staticmethod
    def _tokens(token, matches, start_pos, start_char, keeporiginal):
        raw = start_pos - 1  # the word's position before stop words are taken out
        pos = None  # whoosh's StopFilter renumbers kept words from the first one's raw position
        removestops = token.removestops
        for start, end, word in matches:
            raw += 1
            form = index_form(word)
            if form is None:
                if removestops:
                    continue
                token.stopped = True
                token.text = word.lower().translate(accent_map)
                token.pos = raw
            else:
                token.stopped = False
                token.text = form
                pos = raw if pos is None else pos + 1
                token.pos = pos
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if token.chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
