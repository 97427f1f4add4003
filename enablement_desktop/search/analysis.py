"""The text analyzer: words → lower-case, accent-folded, stop-filtered Porter stems,
split where a person would split them.

A word is a run of letters and digits, possibly joined by hyphens or dots
("e-mail", "SOC-2", "8.TELEPHONE", "Node.js", "v2.7.5"). It is indexed as
its parts, at consecutive positions, so "8.TELEPHONE" is found by
"telephone" and "SOC-2" by "SOC 2":

- a dot splits unless it sits between two digits (versions and prices stay
  one word: "2.7.5", "49.99");
- a hyphen always splits;
- letters and digits split from each other ("SOC2" → soc, 2), unless that
  gives more than `_MAX_RUNS` runs (a hash or a serial number stays whole).

Each hyphen/letter-digit group of parts is also indexed joined, at the
position of its first part ("e-mail" → e, mail and email; "SOC-2" and
"SOC2" → soc, 2 and soc2), so the joined spelling finds the split one and
the other way round. Parts keep single letters ("K-12" → k, 12, k12); a word
of one letter on its own is dropped, as before, but a lone digit is kept
("SOC 2"). "C++" and "C#" are words.

Each distinct surface word is analysed once per process (cached):
collateral vocabulary is Zipfian, so indexing spends its time in whoosh's
posting writer. Words are cut to `MAX_WORD` characters first: a
35,000-character "word" (a pasted blob) costs what a 64-character one costs,
in the analyzer and in everything that compares terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import analysis
from whoosh.analysis.acore import Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

_HYPHENS = "\\-\u2010\u2011"
# "C++"/"C#" first; then runs of word characters (and * for wildcards) joined by single hyphens or dots.
WORD = re.compile(rf"(?<![\w+#])[^\W\d_](?:\+\+|#)(?![\w+#])|[\w*]+(?:[.{_HYPHENS}][\w*]+)*", re.UNICODE)
MAX_WORD = 64  # characters of a surface word that are analysed; the rest is dropped
_MAX_RUNS = 3  # letter/digit runs a piece may split into ("b2b", "k8s"); more is a code, kept whole
_DOT_SPLIT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_HYPHEN_SPLIT = re.compile(f"[{_HYPHENS}]")
_RUNS = re.compile(r"\d+(?:\.\d+)*|[^\W\d]+|[\w*]+", re.UNICODE)
_PLAIN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)  # the common case: nothing to split

# An asset is one document whose body is its sections joined by SECTION_BREAK.
# Each part's positions start at part_no * SECTION_STRIDE, so a position names
# its section (`part_of`) and no phrase can span two pages.
SECTION_BREAK = "\x1e"
SECTION_STRIDE = 1 << 20


def part_of(position: int) -> int:
    """The part of a joined body a token position falls in (0: the title and tags header)."""
    return position // SECTION_STRIDE


def _fold(text: str) -> str:
    return text.lower().translate(accent_map)


def index_form(word: str) -> str | None:
    """The term the index holds for one plain word (a letter or digit run, or a
    word the splitter keeps whole); None for stop words and single letters."""
    return _index_form(word[:MAX_WORD])


@lru_cache(maxsize=200_000)
def _index_form(word: str) -> str | None:
    # Capped again after folding: lower-casing can lengthen a word ("İ" → "i̇").
    text = _fold(word)[:MAX_WORD]
    if not text or text in STOP_WORDS or (len(text) < 2 and not text.isdigit()):
        return None
    return stem(text)


def _part_form(piece: str) -> str | None:
    """A part of a split word: as `index_form`, but a single letter stays ("K-12", "e-mail")."""
    text = _fold(piece)
    if len(text) == 1 and text.isalnum():
        return text
    return index_form(piece)


@dataclass(frozen=True)
class Analysed:
    """One surface word: its parts (form or None for a stop word, start, end) and
    its joined groups (form, index of the group's first part)."""

    parts: tuple[tuple[str | None, int, int], ...]
    joined: tuple[tuple[str, int], ...] = ()
    whole: str | None = None  # the joined form that stands for the whole word, if one does

    def forms(self) -> set[str]:
        return {f for f, _, _ in self.parts if f} | {f for f, _ in self.joined}


def analyse_word(word: str) -> Analysed:
    """How one surface word (a WORD match) is indexed; see the module docstring."""
    return _analyse(word[:MAX_WORD])


@lru_cache(maxsize=200_000)
def _analyse(word: str) -> Analysed:
    if _PLAIN.fullmatch(word) or "*" in word:
        return Analysed(((index_form(word), 0, len(word)),))
    if word[-1] in "+#" and len(word) <= 3:  # C++, C#
        return Analysed(((_fold(word), 0, len(word)),))
    parts: list[tuple[str | None, int, int]] = []
    joined: list[tuple[str, int]] = []
    segments = _spans(word, _DOT_SPLIT, 0, len(word))
    letters_only = len(segments) > 1
    for seg_start, seg_end in segments:
        first = len(parts)
        pieces = []
        for start, end in _spans(word, _HYPHEN_SPLIT, seg_start, seg_end):
            runs = [(m.start(), m.end()) for m in _RUNS.finditer(word, start, end)]
            pieces += runs if len(runs) <= _MAX_RUNS else [(start, end)]
        for start, end in pieces:
            parts.append((_part_form(word[start:end]), start, end))
        if any(c.isdigit() for c in word[seg_start:seg_end]):
            letters_only = False
        if len(pieces) > 1:
            form = index_form("".join(word[s:e] for s, e in pieces))
            if form:
                joined.append((form, first))
    whole = joined[0][0] if len(segments) == 1 and joined else None
    if letters_only and len(segments) <= 3:  # "Node.js" → nodejs too; not "8.TELEPHONE"
        whole = index_form("".join(word[s:e] for s, e in segments))
        if whole:
            joined.append((whole, 0))
    if len(parts) == 1:
        return Analysed(((index_form(word[parts[0][1]:parts[0][2]]), parts[0][1], parts[0][2]),))
    return Analysed(tuple(parts), tuple(joined), whole)


def _spans(word: str, separator: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for m in separator.finditer(word, start, end):
        if m.start() > at:
            spans.append((at, m.start()))
        at = m.end()
    if end > at:
        spans.append((at, end))
    return spans


def query_forms(word: str) -> tuple[list[str], str | None]:
    """(the parts' forms in order, the joined form of the whole word or None) of one typed word."""
    analysed = analyse_word(word)
    return [f for f, _, _ in analysed.parts if f], analysed.whole


def word_forms(word: str) -> frozenset[str]:
    """Every term one surface word is indexed under (snippets mark a word holding any query term)."""
    return _forms(word[:MAX_WORD])


@lru_cache(maxsize=200_000)
def _forms(word: str) -> frozenset[str]:
    return frozenset(_analyse(word).forms())


class StemmingTokenizer(analysis.Tokenizer):
    """Tokenizer + lower-case + accent folding + stop words + Porter stems + word splitting, in one pass."""

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
        pos = None  # as whoosh's StopFilter: kept words are renumbered from the first one's raw position
        removestops = token.removestops
        for start, end, word in matches:
            analysed = analyse_word(word)
            # Each joined form goes out with its group's first kept part; a query
            # (a phrase's words) wants the parts alone: query.py adds the joined forms.
            joined = list(analysed.joined) if token.mode != "query" else []
            for index, (form, p_start, p_end) in enumerate(analysed.parts):
                raw += 1
                if form is None:
                    if removestops:
                        continue
                    token.stopped = True
                    token.text = _fold(word[p_start:p_end])
                    token.pos = raw
                else:
                    token.stopped = False
                    token.text = form
                    pos = raw if pos is None else pos + 1
                    token.pos = pos
                token.boost = 1.0
                if keeporiginal:
                    token.original = word[p_start:p_end]
                if token.chars:
                    token.startchar = start_char + start + p_start
                    token.endchar = start_char + start + p_end
                yield token
                if form is not None and joined and joined[0][1] <= index:
                    # Same position as this part, so positions never go backwards in the stream.
                    while joined and joined[0][1] <= index:
                        token.text = joined.pop(0)[0]
                        if keeporiginal:
                            token.original = word
                        if token.chars:
                            token.startchar = start_char + start
                            token.endchar = start_char + end
                        yield token
            if joined:  # every part of its group was a stop word ("as-is"): the joined word stands alone
                pos = raw if pos is None else pos + 1
                token.stopped = False
                token.pos = pos
                token.boost = 1.0
                if keeporiginal:
                    token.original = word
                if token.chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                for form, _ in joined:
                    token.text = form
                    yield token
