"""Generic English question words, pronouns and auxiliaries: they say how a
seller asks, not what about. (Never names of companies, products or documents.)

Plain words, so the preview can use them without loading the search engine;
search/ranking.py keeps their index forms.
"""

from __future__ import annotations

FILLER_WORDS: frozenset[str] = frozenset("""
how what why who whom whose which where when whether do does did done doing i me my mine myself
our ours ourselves they them their theirs he she his her hers its there here about any some get gets
got getting need needs want wants should would could might must shall much many also just really very
please thing things way ways so than then too into onto out over off s t am was were been being has had
having anyone anything someone something
""".split())
