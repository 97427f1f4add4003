"""Build enablement_desktop/search/english_words.txt: common English words, for did-you-mean.

A word in this list is spelled correctly, so a query word found in it is not
offered a correction merely because the library lacks it ("nothing" is not a
typo of the library's "noting"). The list is SCOWL's (Kevin Atkinson's Spell
Checker Oriented Word Lists, as Debian's `scowl` package ships them): the
English, American and British word lists of sizes 10 to 35, the "small"
dictionary a spell checker uses — common words with their inflections, no
proper names, no misspellings. Larger sizes add rare and archaic words,
which a seller's typo lands on more often than a seller means them. Kept: lower-case a–z words of four
letters or more, since shorter words are never corrected (search/spelling.py).

    apt-get install scowl
    .venv/bin/python tools/build_english_words.py
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "enablement_desktop" / "search" / "english_words.txt"
SIZES = (10, 20, 35)
SPELLINGS = ("english", "american", "british")
WORD = re.compile(r"[a-z]{4,}")

NOTICE = """\
# Common English words (four letters or more) for did-you-mean: search/spelling.py.
# Made by tools/build_english_words.py from SCOWL (sizes {sizes}; english, american, british),
# Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell
# these word lists, the associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that the above
# copyright notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is provided
# "as is" without express or implied warranty.
"""


def build(scowl: Path) -> list[str]:
    words: set[str] = set()
    for spelling in SPELLINGS:
        for size in SIZES:
            path = scowl / f"{spelling}-words.{size}"
            # SCOWL's lists are ISO-8859-1 in its own releases, UTF-8 in Debian's.
            text = path.read_bytes().decode("utf-8", errors="replace")
            words.update(w for w in text.split() if WORD.fullmatch(w))
    return sorted(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scowl", type=Path, default=Path("/usr/share/dict/scowl"))
    args = parser.parse_args()
    words = build(args.scowl)
    sizes = ", ".join(str(s) for s in SIZES)
    OUT.write_text(NOTICE.format(sizes=sizes) + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
