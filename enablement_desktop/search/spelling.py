"""Spelling: typed words the library doesn't know (or barely knows) → the library's frequent words.

A correction must be close (one edit: a letter added, dropped, changed, or two
swapped; two edits for long words) and frequent in the library — never rarer
than what was typed: "secruity" becomes "security" (in hundreds of assets),
not the one-off typo "securtiy". Words with digits are codes, versions,
standards ("ISO 42001"), never corrected, and neither are common English
words (search/english.py): "nothing" is not a typo of "noting" because the
library lacks it.

Edits are made to the word as typed and each candidate is analysed as the
index would: the index holds stems ("secur"), and a typo's stem can be far
from the right word's stem ("secruiti" vs "secur").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from string import ascii_lowercase

from whoosh.lang.porter import stem
from whoosh.reading import IndexReader
from whoosh.support.charset import accent_map

from enablement_desktop.search import query as query_mod
from enablement_desktop.search.analysis import query_forms
from enablement_desktop.search.english import is_english_word

_MIN_LENGTH = 4  # shorter words have too many neighbours to guess from
_MAX_LENGTH = 30  # longer "words" are pasted codes or blobs; each edit pass is linear in the length
_FARTHER_LENGTH = 8  # two edits only for words this long: shorter ones land on other real words
_RARE = 2  # a typed word in this many assets or fewer may itself be a typo in the library
_MORE_FREQUENT = 10  # …and is corrected only to a word this many times more frequent
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Correction:
    typed: str  # as typed
    spelled: str  # the library's word, lower-case
    typed_form: str  # their index terms
    form: str
    unknown: bool  # the typed word is in no asset (so searching it alone finds nothing)
    edits: int = 1  # 1: one letter added, dropped, changed or two swapped; 2: farther

    @property
    def searched(self) -> bool:
        """Also searched without asking: an unknown word one edit from a library word.
        Two edits are only offered ("charity" is two from "chart")."""
        return self.unknown and self.edits == 1


def correct_word(reader: IndexReader, word: str, fieldname: str = "body",
                 farther: Callable[[str, str, int], tuple[str, str] | None] | None = None) -> Correction | None:
    """The correction of one typed word, or None when it is fine or nothing close is frequent enough.

    `farther(word, typed_form, needed)`: a (spelling, form) two edits away, tried when no
    single edit will do (the engine asks whoosh's corrector, on stems)."""
    lower = word.lower()
    if not (_MIN_LENGTH <= len(lower) <= _MAX_LENGTH) or not _LETTERS.fullmatch(lower):
        return None
    if is_english_word(lower):
        return None
    forms, _ = query_forms(word)
    if len(forms) != 1:
        return None
    typed_df = reader.doc_frequency(fieldname, forms[0])
    if typed_df > _RARE:
        return None
    needed = max(1, typed_df * _MORE_FREQUENT) if typed_df else 1
    best = _best(reader, fieldname, _edits(lower), forms[0], needed, _near_words(reader, fieldname, lower))
    edits = 1
    if best is None and farther is not None and typed_df == 0 and len(lower) >= _FARTHER_LENGTH:
        best, edits = farther(lower, forms[0], needed), 2
    if best is None:
        return None
    spelled, form = best
    return Correction(word, spelled, forms[0], form, typed_df == 0, edits)


def _best(reader: IndexReader, fieldname: str, candidates: set[str], typed_form: str,
          needed: int, known: frozenset[str]) -> tuple[str, str] | None:
    """The most frequent candidate (by the assets its stem is in), at least `needed`;
    only stems in `known` are looked up (a lookup costs ~0.1 ms per index segment).
    Of the candidates that share a stem, the English word is shown: "lable" → "label",
    not "labele" (both stem to "label")."""
    found: dict[str, tuple[int, str]] = {}
    for candidate in candidates:
        form = stem(candidate.translate(accent_map))
        if form == typed_form or form not in known:
            continue
        if form in found:
            df, spelled = found[form]
            if _shown_first(candidate) < _shown_first(spelled):
                found[form] = (df, candidate)
            continue
        df = reader.doc_frequency(fieldname, form)
        if df >= needed:
            found[form] = (df, candidate)
    if not found:
        return None
    form, (_, spelled) = max(found.items(), key=lambda item: (item[1][0], -len(item[1][1]), item[1][1]))
    return spelled, form


def _shown_first(spelling: str) -> tuple[bool, int, str]:
    return not is_english_word(spelling), len(spelling), spelling


_NEAR_CACHE: dict[tuple[int, str, str], frozenset[str]] = {}


def _near_words(reader: IndexReader, fieldname: str, word: str) -> frozenset[str]:
    """The index's terms that start with `word`'s first two letters: where its one-edit
    neighbours can be (a typo rarely hits the first two). One range read instead of
    a lookup per candidate; kept for the reader (as-you-type asks again)."""
    key = (id(reader), fieldname, word[:2])
    found = _NEAR_CACHE.get(key)
    if found is None:
        if len(_NEAR_CACHE) > 64 or any(k[0] != id(reader) for k in _NEAR_CACHE):
            _NEAR_CACHE.clear()  # another reader: its terms may differ
        found = _NEAR_CACHE[key] = frozenset(
            t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.expand_prefix(fieldname, word[:2]))
    return found


def _edits(word: str) -> set[str]:
    """Every string one edit from `word` (Damerau: a swap of neighbours is one edit),
    the first two letters kept."""
    splits = [(word[:i], word[i:]) for i in range(2, len(word) + 1)]
    letters = ascii_lowercase if word.isascii() else ascii_lowercase + "".join(sorted(set(word) - set(ascii_lowercase)))
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def corrections(reader: IndexReader, text: str,
                farther: Callable[[str, str, int], tuple[str, str] | None] | None = None
                ) -> list[tuple[int, int, Correction]]:
    """(start, end, correction) for each typed word of `text` worth correcting; field
    values (persona:CFO), quoted phrases and operators are left alone."""
    out = []
    for match in typed_words(text):
        found = correct_word(reader, match.group(), farther=farther)
        if found is not None:
            out.append((match.start(), match.end(), found))
    return out


def corrected_text(text: str, found: list[tuple[int, int, Correction]]) -> str | None:
    """`text` with each corrected word replaced where it was typed, every other word kept."""
    if not found:
        return None
    parts, last = [], 0
    for start, end, correction in found:
        typed = text[start:end]
        spelled = correction.spelled.capitalize() if typed[:1].isupper() and typed[1:2].islower() else correction.spelled
        parts += [text[last:start], spelled]
        last = end
    parts.append(text[last:])
    return "".join(parts)


QUERY_TOKEN = re.compile(r'"[^"]*"?|\S+')  # a quoted phrase (closed or not) or a run of non-space


def typed_words(text: str):
    """Plain word matches of `text`, outside quotes, field:values and operators."""
    for token in QUERY_TOKEN.finditer(text):
        value = token.group()
        if value.startswith('"') or ":" in value or value in ("AND", "OR", "NOT") or value.startswith("-"):
            continue
        if value.endswith("*") or "?" in value:
            continue
        for match in re.finditer(r"[^\W_]+", value):
            if query_mod.plain_words(match.group()):
                yield _Shifted(match, token.start())


class _Shifted:
    """A match inside a token, with offsets into the whole text."""

    def __init__(self, match: re.Match, offset: int) -> None:
        self._match, self._offset = match, offset

    def group(self) -> str:
        return self._match.group()

    def start(self) -> int:
        return self._match.start() + self._offset

    def end(self) -> int:
        return self._match.end() + self._offset

