"""The fused analyzer gives exactly the terms, positions and offsets of whoosh's own chain,
and numbers the parts of a joined asset body so a position names its page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enablement_desktop.search.analysis import (
    SECTION_BREAK,
    SECTION_STRIDE,
    StemmingTokenizer,
    part_of,
    reference_chain,
)

SCIFACT = Path(__file__).resolve().parents[2] / "shared" / "data" / "scifact" / "corpus.jsonl"
SAMPLES = [
    "Résumé des certifications — Île-de-France, São Paulo, Müller Logistik: €1,900 per month.",
    "On recognition of the payback period: 5.5 months, HLA-A*02:01, the a I x",
    "", "the of a", "pric* ** 62% ROI",
]


def _tokens(analyzer, text: str, removestops: bool) -> list[tuple]:
    return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
            for t in analyzer(text, positions=True, chars=True, removestops=removestops)]


@pytest.mark.parametrize("removestops", [True, False])
def test_same_as_whoosh_chain_on_samples(removestops):
    fast, ref = StemmingTokenizer(), reference_chain()
    texts = list(SAMPLES)
    if SCIFACT.exists():
        with open(SCIFACT, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(300), fh, strict=False)]
    for text in texts:
        assert _tokens(fast, text, removestops) == _tokens(ref, text, removestops), text[:60]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200).map(lambda t: t.replace(SECTION_BREAK, " ")))
def test_same_as_whoosh_chain_on_any_text(text):
    assert _tokens(StemmingTokenizer(), text, True) == _tokens(reference_chain(), text, True)


def test_joined_parts_number_positions_by_part_and_keep_offsets():
    parts = ["Ledger Pricing\npricing", "", "The payback period is short", "Pricing objection handling"]
    body = SECTION_BREAK.join(parts)
    tokens = _tokens(StemmingTokenizer(), body, True)
    by_part = {}
    for text, pos, start, end, _ in tokens:
        by_part.setdefault(part_of(pos), []).append((text, pos % SECTION_STRIDE))
        assert body[start:end].lower().startswith(text[:3])  # offsets point into the joined body
    assert by_part == {
        0: [("ledger", 0), ("price", 1), ("price", 2)],
        2: [("payback", 1), ("period", 2), ("short", 3)],
        3: [("price", 0), ("object", 1), ("handl", 2)],
    }
    # The same words in one part are numbered exactly as whoosh's chain numbers them.
    assert [(t, p % SECTION_STRIDE) for t, p, *_ in tokens if part_of(p) == 2] == \
        [(t, p) for t, p, *_ in _tokens(reference_chain(), parts[2], True)]
