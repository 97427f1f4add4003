"""Pick proof points from an asset's text: short sentences with a number a buyer cares about."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_CHARS = 25
MAX_CHARS = 220  # longer sentences don't read as a proof point; we skip rather than truncate a claim
MAX_SOURCE = 40

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(]?[A-Z0-9€$£])")
_BULLET = re.compile(r"^[\s•▪◦●■\-–—*·>]+")
_PERCENT = re.compile(r"\d\s?%|\bper ?cent\b", re.I)
_MONEY = re.compile(r"[€$£¥]\s?\d|\d\s?[€$£¥]|\b(?:USD|EUR|GBP)\b|\b\d+(?:[.,]\d+)?\s?(?:k|m|bn|million|billion)\b", re.I)
_TIMES = re.compile(r"\b\d+(?:\.\d+)?\s?[x×](?![a-z])", re.I)
_DURATION = re.compile(r"\b\d+(?:[.,]\d+)?(?:\s?[-–]\s?\d+)?\s?(?:minute|hour|day|week|month|quarter|year)s?\b", re.I)
_NUMBER = re.compile(r"\d")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_PHONE = re.compile(r"\+?\(?\d{1,4}\)?(?:[\s.\-]\(?\d{2,4}\)?){3,}")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Numbers that name things rather than measure them: standards, products, places in a deck.
_NAMING = re.compile(
    r"\b(?:SOC|ISO|PCI|Type|Dynamics|Office|Windows|slide|page|step|phase|tier|level|version)"
    r"\s?\d+\w*",
    re.I,
)
_NOISE = re.compile(r"^(?:page \d|p\. ?\d|slide \d|©|copyright\b|tel\b|phone\b|fax\b)", re.I)


@dataclass(frozen=True)
class Passage:
    label: str  # how to cite the place: 'p. 3', 'slide 4'
    text: str


def pick_proof_points(passages: list[Passage], source: str, limit: int = 5) -> list[str]:
    """Up to `limit` cited sentences, strongest first: 'Halvorsen cut cost 62% (Case study, p. 3)'."""
    scored: list[tuple[int, int, str]] = []
    seen: list[str] = []
    seen_figures: set[frozenset[str]] = set()
    position = 0
    for passage in passages:
        for sentence in split_sentences(passage.text):
            position += 1
            points = score_sentence(sentence)
            key = re.sub(r"\W+", "", sentence.lower())
            # The same claim is often repeated in other words ("cost down 62%, from $11.40 to
            # $4.33" and later "Cost per invoice: $4.33, down 62%"): same figures, same claim.
            figures = frozenset(_FIGURE.findall(sentence))
            if points <= 0 or any(key in other or other in key for other in seen) or (
                len(figures) >= 2 and figures in seen_figures
            ):
                continue
            seen.append(key)
            seen_figures.add(figures)
            claim = sentence.rstrip(" .;:")
            scored.append((-points, position, f"{claim} ({short_source(source)}, {passage.label})"))
    return [text for _, _, text in sorted(scored)[:limit]]


def split_sentences(text: str) -> list[str]:
    """Sentences from extracted text, where a line break inside a sentence is only a wrap.

    A line joins the previous one when that one didn't end a sentence and this
    one starts in lower case (PDF wrapping); otherwise it starts a new unit
    (slide bullets and headings have no full stop).
    """
    units: list[str] = []
    for raw_line in text.splitlines():
        line = _BULLET.sub("", raw_line).strip()
        if not line:
            units.append("")
            continue
        if units and units[-1] and not units[-1].endswith((".", "!", "?", ":")) and line[0].islower():
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    sentences = []
    for unit in units:
        sentences.extend(s.strip() for s in _SENTENCE_END.split(" ".join(unit.split())) if s.strip())
    return sentences


def score_sentence(sentence: str) -> int:
    """0 = not a proof point; higher = a stronger metric (%, money, ×, time saved)."""
    if not MIN_CHARS <= len(sentence) <= MAX_CHARS or _NOISE.match(sentence) or _PHONE.search(sentence):
        return 0
    digits = sum(ch.isdigit() for ch in sentence)
    if digits == 0 or digits > len(sentence) * 0.3 or "|" in sentence or "\t" in sentence:
        return 0  # no number, or a table row (extracted cells are joined by | or tabs)
    if not _NUMBER.search(_NAMING.sub("", _YEAR.sub("", sentence))):
        return 0  # only a year ("founded in 2009") or a name ("SOC 2", "Dynamics 365") proves nothing
    points = 1
    points += 3 if _PERCENT.search(sentence) else 0
    points += 3 if _MONEY.search(sentence) else 0
    points += 2 if _TIMES.search(sentence) else 0
    points += 2 if _DURATION.search(sentence) else 0
    return points


def short_source(title: str) -> str:
    """How a proof point cites its asset: 'Case study: Halvorsen cuts cost 62%' -> 'Case study'
    (the kind of document; the sentence names the customer), else the title, shortened."""
    kind, colon, _ = title.partition(":")
    if colon and 3 <= len(kind.strip()) <= 25:
        return kind.strip()
    if len(title) <= MAX_SOURCE:
        return title
    return title[:MAX_SOURCE].rsplit(" ", 1)[0].rstrip(" ,;:—-") + "…"
