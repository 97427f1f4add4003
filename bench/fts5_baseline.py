"""The SQLite FTS5 baseline on the same extracted sections as whoosh: build time and query latency.

Builds an FTS5 table (stdlib sqlite3, `porter unicode61 remove_diacritics 2`)
from the `sections` table of an indexed data dir — each row's text is what
the whoosh indexer feeds (asset title + tags + heading + section text) — into
a separate database file, so the product's database is only read. Then it
times, query by query and interleaved so both see the same machine load:

- whoosh: `SearchEngine.search(words, limit=20)` — the product's path (AND,
  collapse by asset, snippets, facet counts), on the query's words only;
- FTS5: the same words AND-ed (phrases and prefix* kept), the best section of
  each of the top 20 assets by bm25(), snippet() for those 20, and a COUNT of
  the matching assets.

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

# Each section's text as the whoosh indexer feeds it (search/index.py: title, then the
# asset's tags, then the section; search/indexer.py: its heading unless the text repeats
# it). Tags repeat on every section, so a tag word matches every page of a tagged asset
# in both engines. Separators differ (';' vs ', ') but tokenize the same.
_BUILD_SQL = """
INSERT INTO fts (body, asset_id, ordinal)
SELECT a.title || char(10) || a.tags || char(10) ||
       CASE WHEN s.heading != '' AND substr(s.text, 1, length(s.heading)) != s.heading
            THEN s.heading || char(10) ELSE '' END || s.text,
       s.asset_id, s.ordinal
FROM src.sections s JOIN src.assets a ON a.id = s.asset_id
WHERE a.removed = 0
"""


def build(data_dir: Path, fts_path: Path) -> dict:
    """(Re)create the FTS5 database from the data dir's sections; returns timings and sizes."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{fts_path}{suffix}").unlink(missing_ok=True)
    # uri=True on the main connection makes ATTACH read the source as a URI: read-only.
    conn = sqlite3.connect(f"file:{fts_path}?mode=rwc", uri=True)
    conn.execute("ATTACH DATABASE ? AS src", [f"file:{paths.database_path(data_dir)}?mode=ro"])
    started = time.perf_counter()
    with conn:
        conn.execute(f"CREATE VIRTUAL TABLE fts USING fts5(body, asset_id UNINDEXED, ordinal UNINDEXED, "
                     f"tokenize='{TOKENIZER}')")
        conn.execute(_BUILD_SQL)
    build_s = time.perf_counter() - started
    rows = conn.execute("SELECT count(*) FROM fts").fetchone()[0]
    conn.execute("DETACH DATABASE src")
    conn.close()
    return {"build_s": build_s, "rows": rows, "size_mb": fts_path.stat().st_size / 2**20}


def words_only(text: str) -> str:
    """The query without field:value parts — what both engines are asked in the comparison."""
    return " ".join(tok for tok in _TOKEN.findall(text) if not re.match(r'\w+:', tok))


def fts_expression(text: str) -> str | None:
    """AND of the query's words as FTS5 syntax: phrases stay phrases, prefix* stays a prefix,
    -word / NOT word become NOT, and loose stop words (which whoosh drops) are left out."""
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
            part = '"' + " ".join(inner) + '"' if inner else ""
        else:
            found = _WORD.findall(tok.lstrip("+-"))
            part = " ".join(_fts_word(w) for w in found if _kept(w))
        if part:
            (negative if negate else positive).append(part)
    if not positive:
        return None
    expression = " ".join(positive)
    if negative:
        expression = f"({expression}) NOT ({' OR '.join(negative)})"
    return expression


def _kept(word: str) -> bool:
    return word.endswith("*") or bool(list(_ANALYZER(word)))


def _fts_word(word: str) -> str:
    return f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"'


def fts_search(conn: sqlite3.Connection, expression: str, limit: int = LIMIT) -> tuple[int, list[tuple]]:
    """(matching assets, [(asset_id, ordinal, snippet)]) for the top `limit` assets."""
    # The best section per asset: SQLite takes the bare columns from the row with min(score).
    # bm25() is not allowed inside an aggregate, hence the materialized match list.
    best = conn.execute(
        "WITH m AS MATERIALIZED (SELECT asset_id, rowid AS id, bm25(fts) AS score FROM fts WHERE fts MATCH ?) "
        "SELECT asset_id, id, min(score) AS best FROM m GROUP BY asset_id ORDER BY best LIMIT ?",
        [expression, limit]).fetchall()
    hits: list[tuple] = []
    if best:
        rowids = [r[1] for r in best]
        marks = ",".join("?" * len(rowids))
        snippets = {r[0]: r[1:] for r in conn.execute(
            f"SELECT rowid, asset_id, ordinal, snippet(fts, 0, '[', ']', '…', 24) FROM fts "
            f"WHERE fts MATCH ? AND rowid IN ({marks})", [expression, *rowids])}
        hits = [snippets[rowid] for rowid in rowids if rowid in snippets]
    count = conn.execute("SELECT count(DISTINCT asset_id) FROM fts WHERE fts MATCH ?", [expression]).fetchone()[0]
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
    print(f"FTS5 built from {built['rows']:,} sections in {built['build_s']:.1f} s ({built['size_mb']:.0f} MB)")
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
