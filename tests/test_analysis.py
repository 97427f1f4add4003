"""The analyzer: words split where a person would, stems as before, positions that name the page."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import analysis
from whoosh.support.charset import accent_map

from enablement_desktop.search.analysis import (
    MAX_WORD,
    SECTION_BREAK,
    SECTION_STRIDE,
    StemmingTokenizer,
    part_of,
)


def _tokens(text: str, removestops: bool = True) -> list[tuple]:
    return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
            for t in StemmingTokenizer()(text, positions=True, chars=True, removestops=removestops)]


def _terms(text: str) -> set[str]:
    return {t[0] for t in _tokens(text)}


def _whoosh_chain() -> analysis.Analyzer:
    """whoosh's own chain: what the analyzer did before words were split."""
    return (analysis.RegexTokenizer() | analysis.LowercaseFilter() | analysis.CharsetFilter(accent_map)
            | analysis.StopFilter() | analysis.StemFilter())


@pytest.mark.parametrize(("typed", "written"), [
    ("telephone", "8.TELEPHONE NUMBER"),
    ("mail", "9.E-MAIL"),
    ("email", "9.E-MAIL"),
    ("email", "Send an e-mail"),
    ("e-mail", "email us"),
    ("K-12", "K12 districts"),
    ("k12", "K-12 districts"),
    ("SOC2", "SOC 2 Type II"),
    ("SOC-2", "our SOC2 report"),
    ("SOC 2", "a SOC-2 audit"),
    ("thirdparty", "third-party risk"),
    ("nodejs", "Node.js apps"),
])
def test_spellings_a_person_treats_as_one_find_each_other(typed, written):
    assert _finds(typed, written)


@pytest.mark.parametrize(("text", "term"), [("version 2.7.5", "2.7.5"), ("$49.99 a month", "49.99"),
                                           ("v2.7 notes", "v2.7"), ("ISO 42001", "42001"),
                                           ("SKU 3f2a9c1b77", "3f2a9c1b77")])
def test_versions_prices_and_codes_stay_one_term(text, term):
    assert term in _terms(text)
    assert _finds(term, text)


def test_split_parts_take_consecutive_positions_so_phrases_match():
    tokens = _tokens("our SOC-2 report")
    positions = {text: pos for text, pos, *_ in tokens}
    assert positions["soc"] + 1 == positions["2"] and positions["2"] + 1 == positions["report"]
    assert positions["soc2"] == positions["soc"]  # the joined form sits where the word starts


def test_cplusplus_and_csharp_are_words():
    assert {"c++", "c#"} <= _terms("C++ and C# developers")


def test_a_long_word_is_capped_inside_the_engine():
    """A 35,000-character word (a pasted blob) is cut to MAX_WORD characters before
    anything else looks at it: the analyzer, the index, did-you-mean."""
    word = "x" * 35_000
    tokens = _tokens(f"before {word} after")
    assert max(len(t[0]) for t in tokens) <= MAX_WORD
    assert [t[0] for t in tokens] == ["befor", "x" * MAX_WORD, "after"]
    hyphenated = "-".join(["ab"] * 17_000)
    assert max(len(t[0]) for t in _tokens(hyphenated)) <= MAX_WORD
    assert len(_tokens(hyphenated)) <= MAX_WORD


WORDS = st.text(alphabet=st.characters(categories=("L", "Nd")), min_size=1, max_size=12)
JOINERS = st.sampled_from(["-", ".", " ", "", "\u2011"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, JOINERS), min_size=1, max_size=6).map(lambda ws: "".join(w + j for w, j in ws)))
def test_tokens_are_lower_case_capped_in_order_and_point_into_the_text(text):
    tokens = _tokens(text)
    last = -1
    for term, pos, start, end, _ in tokens:
        assert term and len(term) <= MAX_WORD and term == term.lower()
        assert pos >= last  # never backwards: whoosh writes positions as deltas
        last = pos
        assert 0 <= start < end <= len(text)
        assert not re.search(r"\s", text[start:end])


def _finds(typed: str, written: str) -> bool:
    """Whether every word of `typed`, as the parser makes it, matches the analysed `written`:
    a term it holds, or a phrase at consecutive positions."""
    from enablement_desktop.search.query import word_query

    positions: dict[str, set[int]] = {}
    for term, pos, *_ in _tokens(written):
        positions.setdefault(term, set()).add(pos)

    def holds(q) -> bool:
        if hasattr(q, "words"):
            starts = set(positions.get(str(q.words[0]), ()))
            for i, w in enumerate(q.words[1:], 1):
                starts &= {p - i for p in positions.get(str(w), ())}
            return bool(starts)
        if hasattr(q, "subqueries"):
            return any(holds(sub) for sub in q.subqueries)
        return str(q.text) in positions

    queries = [word_query("body", word) for word in typed.split()]
    return all(q is None or holds(q) for q in queries)


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS)
def test_words_joined_by_a_hyphen_or_dot_are_found_by_the_words_apart(a, b):
    """"a-b" is found by "a b", whichever the joiner: a hyphen, or a dot unless it
    sits between two digits (a version, a price)."""
    for joiner in ("-", "."):
        if joiner == "." and a[-1].isdigit() and b[0].isdigit():
            continue
        assert _finds(f"{a} {b}", f"{a}{joiner}{b}"), (a, b, joiner)
        assert _finds(f"{a}{joiner}{b}", f"{a}{joiner}{b}"), (a, b, joiner)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z]{2,8}", fullmatch=True), st.from_regex(r"[A-Za-z]{2,8}", fullmatch=True))
def test_a_hyphenated_word_and_the_same_word_written_as_one_find_each_other(a, b):
    if _terms(f"{a}{b}"):  # not a stop word
        assert _finds(f"{a}{b}", f"{a}-{b}") and _finds(f"{a}-{b}", f"{a}{b}")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=("Ll", "Lu")), min_size=1, max_size=20))
def test_plain_words_are_analysed_as_whoosh_always_did(text):
    """A plain word (letters only) gets exactly whoosh's stem chain: old habits still find it."""
    ours = [t[0] for t in _tokens(text)]
    theirs = [t.text for t in _whoosh_chain()(text)]
    if len(text) > 1:
        assert ours == theirs


def test_joined_parts_number_positions_by_part_and_keep_offsets():
    parts = ["Ledger Pricing\npricing", "", "The payback period is short", "Pricing objection handling"]
    body = SECTION_BREAK.join(parts)
    tokens = _tokens(body)
    by_part = {}
    for text, pos, start, end, _ in tokens:
        by_part.setdefault(part_of(pos), []).append((text, pos % SECTION_STRIDE))
        assert body[start:end].lower().startswith(text[:3])  # offsets point into the joined body
    assert by_part == {
        0: [("ledger", 0), ("price", 1), ("price", 2)],
        2: [("payback", 1), ("period", 2), ("short", 3)],
        3: [("price", 0), ("object", 1), ("handl", 2)],
    }
