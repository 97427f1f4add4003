"""Common English words: a query word among them is spelled right, whatever the library holds.

The library's own counts cannot tell a typo from a real word it happens to
lack: "nothing", in no asset, is one letter from the library's "noting", as
"secruity" is one swap from "security". A small spell checker's list
(SCOWL's sizes 10–35, ~40,000 words with their inflections, 350 KB;
tools/build_english_words.py) tells them apart without a dependency.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_LIST = Path(__file__).with_name("english_words.txt")


@cache
def _words() -> frozenset[str]:
    # Read once, on the first correction asked for (~10 ms).
    text = _LIST.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_english_word(word: str) -> bool:
    """True for a common English word of four letters or more (shorter ones are not in the list)."""
    return word.lower() in _words()
