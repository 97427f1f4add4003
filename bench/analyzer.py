"""The analyzer's speed on a library's real text: words per second through the index's
tokenizer, and what the stemmer costs per distinct word.

Reads the `sections` table of a data dir's database (read-only; the index is never
opened), then, in this fresh process (the analyzer's per-word caches empty):

- the stemmer alone over the text's distinct folded words (µs per word);
- the whole tokenizer over every section, as the indexer runs it (positions and
  characters on), once cold (every distinct word analysed the first time) and
  once warm (every word answered from the caches).

The analyzer caches each distinct surface word, so a stemmer's cost is paid once
per word of the vocabulary, not once per word of the text.

    .venv/bin/python bench/analyzer.py --db DATA_DIR/enablement.sqlite3 [--limit-chars N]
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from enablement_desktop.search import analysis  # noqa: E402

_FOLDED = re.compile(r"[^\W\d_]+", re.UNICODE)


def read_sections(db_path: Path, limit_chars: int) -> list[str]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    texts, total = [], 0
    for (text,) in db.execute("SELECT text FROM sections ORDER BY asset_id, ordinal"):
        texts.append(text)
        total += len(text)
        if limit_chars and total >= limit_chars:
            break
    db.close()
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a data dir's enablement.sqlite3 (opened read-only)")
    parser.add_argument("--limit-chars", type=int, default=0, help="stop reading sections after this many characters")
    args = parser.parse_args()

    texts = read_sections(args.db, args.limit_chars)
    chars = sum(map(len, texts))
    words = sorted({w.lower() for t in texts for w in _FOLDED.findall(t)
                    if len(w) <= analysis.MAX_WORD})
    stem = analysis.stem
    started = time.perf_counter()
    for word in words:
        stem(word)
    stem_s = time.perf_counter() - started

    tokenizer = analysis.StemmingTokenizer()
    runs = []
    for _ in ("cold", "warm"):
        tokens = 0
        started = time.process_time()
        for text in texts:
            for _token in tokenizer(text, positions=True, chars=True):
                tokens += 1
        runs.append((tokens, time.process_time() - started))

    print(f"{len(texts):,} sections, {chars:,} characters, {len(words):,} distinct words")
    print(f"stemmer: {stem_s * 1e6 / max(1, len(words)):.1f} µs a distinct word, "
          f"{stem_s:.2f} s for the vocabulary")
    for label, (tokens, seconds) in zip(("cold", "warm"), runs, strict=True):
        print(f"tokenizer, {label} caches: {tokens:,} tokens in {seconds:.2f} CPU-s = "
              f"{tokens / seconds / 1000:,.0f}k tokens/s, {chars / seconds / 1e6:.2f} M chars/s")


if __name__ == "__main__":
    main()
