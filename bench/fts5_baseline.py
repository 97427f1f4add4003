"""The SQLite FTS5 baseline on the same extracted sections as whoosh: build time and query latency.

Builds, from the `sections` table of an indexed data dir, into a separate
database file (the product's database is only read; stdlib sqlite3,
`porter unicode61 remove_diacritics 2`), the same two things the product
answers from: an FTS5 row per asset (title + tags + every section, as the
whoosh indexer joins them) and an FTS5 row per section (for the hit page).
Then it times, query by query and interleaved so both see the same load:

- whoosh: `SearchEngine.search(words, limit=20)` — the product's path (assets
  with all the words, best page, snippets, facet counts), on the query's
  words only;
- FTS5: the same words AND-ed over the asset rows (phrases and prefix* kept):
  the count of matching assets and the top 20 by bm25(); then, among those 20
  assets' sections, the best section by bm25() of any of the words, and its
  snippet().

Field (persona:CFO) and filter parts are dropped on both sides: the baseline
has no facet columns. Skipped: queries without a word left, the typos
category, and every query where no asset has all the words — whoosh then
searches again for any of them (and suggests spellings), which is no longer
the AND both sides are asked for.

    .venv/bin/python bench/fts5_baseline.py --data-dir DIR [--fts-db PATH] [--rounds 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from search_latency import LIMIT, BenchQuery, load_queries, percentile  # noqa: E402

from enablement_desktop import paths  # noqa: E402
from enablement_desktop.context import open_context, open_search_index  # noqa: E402
from enablement_desktop.search.engine import SearchEngine  # noqa: E402
from enablement_desktop.search.schema import text_analyzer  # noqa: E402

TOKENIZER = "porter unicode61 remove_diacritics 2"
SKIPPED_CATEGORIES = {"typos"}
# A phrase, a field:value (quoted or not), or a bare token — in the order they are tried.
_TOKEN = re.compile(r'\w+:"[^"]*"|\w+:\S+|"[^"]*"|\S+')
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*\*?", re.UNICODE)
_ANALYZER = text_analyzer()

# Each section as the whoosh indexer reads it (search/sections.py: its heading unless
# the text repeats it); an asset row is its title, its tags, then its sections in order
# (search/index.py). Separators differ ('; ' vs ', ') but tokenize the same.
_SECTION_TEXT = """CASE WHEN s.heading != '' AND substr(s.text, 1, length(s.heading)) != s.heading
            THEN s.heading || char(10) ELSE '' END || s.text"""
_BUILD_SQL = (f"""
INSERT INTO sections_fts (body, asset_id, ordinal)
SELECT {_SECTION_TEXT}, s.asset_id, s.ordinal
FROM src.sections s JOIN src.assets a ON a.id = s.asset_id
WHERE a.removed = 0
""", f"""
INSERT INTO assets_fts (body, asset_id)
SELECT a.title || char(10) || a.tags || char(10) || group_concat(t.body, char(10)), a.id
FROM (SELECT s.asset_id, {_SECTION_TEXT} AS body FROM src.sections s ORDER BY s.asset_id, s.ordinal) t
JOIN src.assets a ON a.id = t.asset_id
WHERE a.removed = 0
GROUP BY a.id
""")


def build(data_dir: Path, fts_path: Path) -> dict:
    """(Re)create the FTS5 database from the data dir's sections; returns timings and sizes."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{fts_path}{suffix}").unlink(missing_ok=True)
    # uri=True on the main connection makes ATTACH read the source as a URI: read-only.
    conn = sqlite3.connect(f"file:{fts_path}?mode=rwc", uri=True)
    conn.execute("ATTACH DATABASE ? AS src", [f"file:{paths.database_path(data_dir)}?mode=ro"])
    started = time.perf_counter()
    with conn:
        conn.execute(f"CREATE VIRTUAL TABLE sections_fts USING fts5(body, asset_id UNINDEXED, ordinal UNINDEXED, "
                     f"tokenize='{TOKENIZER}')")
        conn.execute(f"CREATE VIRTUAL TABLE assets_fts USING fts5(body, asset_id UNINDEXED, tokenize='{TOKENIZER}')")
        for sql in _BUILD_SQL:
            conn.execute(sql)
    build_s = time.perf_counter() - started
    rows = conn.execute("SELECT count(*) FROM sections_fts").fetchone()[0]
    assets = conn.execute("SELECT count(*) FROM assets_fts").fetchone()[0]
    conn.execute("DETACH DATABASE src")
    conn.close()
    return {"build_s": build_s, "rows": rows, "assets": assets, "size_mb": fts_path.stat().st_size / 2**20}


def words_only(text: str) -> str:
    """The query without field:value parts — what both engines are asked in the comparison."""
    return " ".join(tok for tok in _TOKEN.findall(text) if not re.match(r'\w+:', tok))


def fts_expression(text: str) -> tuple[str, str] | None:
    """(AND of the query's words, OR of its positive words) as FTS5 syntax: phrases stay
    phrases, prefix* stays a prefix, -word / NOT word become NOT, and loose stop words
    (which whoosh drops) are left out."""
    positive: list[str] = []
    negative: list[str] = []
    negate_next = False
    for tok in _TOKEN.findall(words_only(text)):
        if tok.upper() == "NOT":
            negate_next = True
            continue
        negate = negate_next or tok.startswith("-")
        negate_next = False
        if tok.startswith('"'):
            # Every word stays in a phrase: FTS5 keeps stop words' positions, so dropping
            # "2" from "SOC 2 Type II" would make the phrase match nothing.
            inner = _WORD.findall(tok)
            parts = ['"' + " ".join(inner) + '"'] if inner else []
        else:
            found = _WORD.findall(tok.lstrip("+-"))
            parts = [_fts_word(w) for w in found if _kept(w)]
        (negative if negate else positive).extend(parts)
    if not positive:
        return None
    expression = " ".join(positive)
    if negative:
        expression = f"({expression}) NOT ({' OR '.join(negative)})"
    return expression, " OR ".join(positive)


def _kept(word: str) -> bool:
    return word.endswith("*") or bool(list(_ANALYZER(word)))


def _fts_word(word: str) -> str:
    return f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"'


def fts_search(conn: sqlite3.Connection, expressions: tuple[str, str],
               limit: int = LIMIT) -> tuple[int, list[tuple]]:
    """(matching assets, [(asset_id, ordinal, snippet)]) for the top `limit` assets."""
    every, any_word = expressions
    top = [r[0] for r in conn.execute(
        "SELECT asset_id FROM assets_fts WHERE assets_fts MATCH ? ORDER BY rank LIMIT ?", [every, limit])]
    hits: list[tuple] = []
    if top:
        # The best section of each: SQLite takes the bare columns from the row with min(score).
        # bm25() and snippet() are not allowed inside an aggregate, hence the materialized list.
        marks = ",".join("?" * len(top))
        best = conn.execute(
            f"WITH m AS MATERIALIZED (SELECT asset_id, ordinal, bm25(sections_fts) AS score, "
            f"snippet(sections_fts, 0, '[', ']', '…', 24) AS snip FROM sections_fts "
            f"WHERE sections_fts MATCH ? AND asset_id IN ({marks})) "
            f"SELECT asset_id, ordinal, snip, min(score) FROM m GROUP BY asset_id", [any_word, *top]).fetchall()
        page = {r[0]: r[1:3] for r in best}
        hits = [(a, *page.get(a, (0, ""))) for a in top]
    count = conn.execute("SELECT count(*) FROM assets_fts WHERE assets_fts MATCH ?", [every]).fetchone()[0]
    return count, hits


def compare(data_dir: Path, fts_path: Path, queries: list[BenchQuery], rounds: int) -> dict:
    ctx = open_context(data_dir)
    index = open_search_index(ctx)
    engine = SearchEngine(ctx.db, index)
    conn = sqlite3.connect(f"file:{fts_path}?mode=ro", uri=True)
    candidates = [(words_only(q.text), fts_expression(q.text)) for q in queries
                  if q.category not in SKIPPED_CATEGORIES]
    paired = []
    fell_back = 0
    for words, expr in candidates:
        if not expr:
            continue
        # This pass also warms both sides: caches, pages, the catalog.
        fts_search(conn, expr)
        if engine.search(words, limit=LIMIT).any_words:
            # No asset has all the words, so whoosh searched again for any of them:
            # no longer the AND both sides are asked for.
            fell_back += 1
        else:
            paired.append((words, expr))
    load_before = os.getloadavg()[0]
    whoosh_ms: list[float] = []
    fts_ms: list[float] = []
    per_query = []
    for _ in range(rounds):
        for words, expr in paired:
            t0 = time.perf_counter()
            result = engine.search(words, limit=LIMIT)
            t1 = time.perf_counter()
            count, hits = fts_search(conn, expr)
            t2 = time.perf_counter()
            whoosh_ms.append((t1 - t0) * 1000)
            fts_ms.append((t2 - t1) * 1000)
            per_query.append({"query": words, "fts": expr, "whoosh_ms": whoosh_ms[-1], "fts_ms": fts_ms[-1],
                              "whoosh_assets": result.total, "fts_assets": count, "fts_hits": len(hits)})
    conn.close()
    index.close()
    ctx.close()
    # Each query was timed once per round: keep its worst whoosh/FTS5 ratio.
    worst: dict[str, dict] = {}
    for r in per_query:
        ratio = r["whoosh_ms"] / max(r["fts_ms"], 0.01)
        if r["query"] not in worst or ratio > worst[r["query"]]["ratio"]:
            worst[r["query"]] = {**r, "ratio": ratio}
    per_query = sorted(worst.values(), key=lambda r: -r["ratio"])
    return {
        "queries": len(paired),
        "skipped_any_words": fell_back,
        "rounds": rounds,
        "whoosh": {"p50": percentile(whoosh_ms, 50), "p95": percentile(whoosh_ms, 95), "max": max(whoosh_ms)},
        "fts5": {"p50": percentile(fts_ms, 50), "p95": percentile(fts_ms, 95), "max": max(fts_ms)},
        "worst_ratio": per_query[:5],
        "load": [load_before, os.getloadavg()[0]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="an indexed data dir (read only)")
    parser.add_argument("--fts-db", type=Path, help="where to build the FTS5 database (default: a temp file)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not paths.database_path(args.data_dir).exists():
        parser.error(f"{args.data_dir} holds no database: run `enablement index` into it first")

    with tempfile.TemporaryDirectory() as tmp:
        fts_path = args.fts_db or Path(tmp) / "fts5.sqlite3"
        built = build(args.data_dir, fts_path)
        result = {"build": built, **compare(args.data_dir, fts_path, load_queries(), args.rounds)}
    if args.json:
        print(json.dumps(result))
        return 0
    w, f = result["whoosh"], result["fts5"]
    print(f"FTS5 built from {built['rows']:,} sections of {built['assets']:,} assets in {built['build_s']:.1f} s "
          f"({built['size_mb']:.0f} MB)")
    print(f"{result['queries']} queries x {result['rounds']}, AND, top {LIMIT} with snippets + asset count "
          f"({result['skipped_any_words']} skipped: whoosh fell back to any word):")
    print(f"  whoosh p50 {w['p50']:.1f} ms  p95 {w['p95']:.1f} ms  max {w['max']:.1f} ms")
    print(f"  FTS5   p50 {f['p50']:.1f} ms  p95 {f['p95']:.1f} ms  max {f['max']:.1f} ms")
    print(f"  ratio whoosh/FTS5: p50 {w['p50'] / f['p50']:.1f}x, p95 {w['p95'] / f['p95']:.1f}x")
    for r in result["worst_ratio"]:
        print(f"  {r['whoosh_ms']:6.1f} vs {r['fts_ms']:5.1f} ms  {r['whoosh_assets']:,}/{r['fts_assets']:,} assets  "
              f"{r['query']}")
    print(f"load average {result['load'][0]:.2f} -> {result['load'][1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
