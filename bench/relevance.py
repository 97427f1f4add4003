"""Search quality on real collateral: the product's own search vs the plain-BM25 floor.

Indexes `collateral-dev/files` into a temporary data dir with the product's
own indexing run (`update_library`: scan, extract, store, whoosh), then runs
the 60 judged seller queries of `queries.tsv` through `SearchEngine.search`
exactly as the window does (default matching, top 10), and prints
success@5, recall@5 and nDCG@10 beside the plain-BM25 floor of the set's own
`floor.py` (imported and run on the same queries), overall and for the
query groups the set's README names (misspellings, vocabulary mismatches),
and for two folds (odd and even lines of queries.tsv): choose a setting on
one, report it on the other.

    .venv/bin/python bench/relevance.py [--data ../shared/data/collateral-dev]
        [--per-query] [--keep DIR] [--json]

`--keep DIR` keeps the data dir and reuses it on the next run (no re-index:
only for trying query-side changes; an index-side change needs a fresh one).
The set is for development: nothing in the product may name its companies,
products or documents (issue 12).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from enablement_desktop import paths  # noqa: E402
from enablement_desktop.library.update import update_library  # noqa: E402
from enablement_desktop.search.engine import SearchEngine  # noqa: E402
from enablement_desktop.search.index import SearchIndex  # noqa: E402
from enablement_desktop.search.indexer import rebuild  # noqa: E402
from enablement_desktop.store import open_db  # noqa: E402

# ../shared/data/collateral-dev beside the checkout (a worktree sits one level deeper).
DEFAULT_DATA = next((p / "shared" / "data" / "collateral-dev" for p in ROOT.parents
                     if (p / "shared" / "data" / "collateral-dev").is_dir()),
                    ROOT.parent / "shared" / "data" / "collateral-dev")
GROUP_HEADINGS = {"misspellings": "misspellings", "vocabulary mismatches": "vocabulary mismatch"}


@dataclass
class Scores:
    success5: float
    recall5: float
    ndcg10: float


def score(ranked: Sequence[str], relevant: set[str]) -> Scores:
    """The floor's definitions: binary gains, recall over min(#relevant, 5)."""
    top5 = ranked[:5]
    hit = sum(1 for d in top5 if d in relevant)
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return Scores(float(hit > 0), hit / min(len(relevant), 5), dcg / idcg if idcg else 0.0)


def mean(scores: Sequence[Scores]) -> Scores:
    n = max(len(scores), 1)
    return Scores(sum(s.success5 for s in scores) / n, sum(s.recall5 for s in scores) / n,
                  sum(s.ndcg10 for s in scores) / n)


def load_floor(data: Path):
    spec = importlib.util.spec_from_file_location("collateral_floor", data / "floor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def query_groups(data: Path, queries: Sequence[str]) -> dict[str, str]:
    """query → group name, from the README's bullets ("- 5 misspellings: "a", "b" …")."""
    text = (data / "README.md").read_text(encoding="utf-8")
    groups: dict[str, str] = {}
    for heading, name in GROUP_HEADINGS.items():
        match = re.search(rf"^- (\d+) {heading}(.*?)(?=^- |^\s*$)", text, re.M | re.S)
        if match is None:
            print(f"note: the README names no {heading!r} group", file=sys.stderr)
            continue
        quoted = (" ".join(q.split()) for q in re.findall(r'"([^"]+)"', match.group(2)))  # may wrap lines
        found = [q for q in quoted if q in queries]
        if len(found) != int(match.group(1)):
            print(f"note: the README announces {match.group(1)} {heading}, {len(found)} found in queries.tsv",
                  file=sys.stderr)
        groups.update({q: name for q in found})
    return groups


def index_library(files: Path, data_dir: Path) -> tuple[SearchEngine, dict[str, float]]:
    db = open_db(paths.database_path(data_dir))
    index, recreated = SearchIndex.open(paths.index_dir(data_dir))
    started = time.perf_counter()
    if recreated:  # a kept data dir of an older index format: as the app does, rebuild from the sections
        rebuild(db, index)
    summary = update_library(db, index, files, workers=2)
    stats = {"seconds": time.perf_counter() - started, "assets": summary.added + summary.changed + summary.unchanged,
             "failed": summary.failed, "scanned": summary.scanned}
    return SearchEngine(db, index), stats


def run_product(engine: SearchEngine, queries: Sequence[tuple[str, set[str]]]) -> tuple[list[list[str]], list[float]]:
    ranked, times = [], []
    for text, _ in queries:
        started = time.perf_counter()
        result = engine.search(text, limit=10)
        times.append(time.perf_counter() - started)
        ranked.append([hit.path for hit in result.hits])
    return ranked, times


def run_floor(floor) -> tuple[list[tuple[str, set[str]]], list[list[str]], int]:
    docs, _skipped = floor.load_corpus()
    bm25 = floor.BM25(docs)
    queries = floor.load_queries(set(docs))
    return queries, [bm25.rank(q) for q, _ in queries], len(docs)


def table(rows: list[tuple[str, int, Scores, Scores]]) -> str:
    lines = [f"{'queries':<28} {'n':>3}   {'success@5':>16}   {'recall@5':>16}   {'nDCG@10':>16}",
             f"{'':<28} {'':>3}   {'product (floor)':>16}   {'product (floor)':>16}   {'product (floor)':>16}"]
    for name, n, ours, floor in rows:
        cells = [f"{getattr(ours, k):.3f} ({getattr(floor, k):.3f})" for k in ("success5", "recall5", "ndcg10")]
        lines.append(f"{name:<28} {n:>3}   " + "   ".join(f"{c:>16}" for c in cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-query", action="store_true", help="one line per query: product vs floor")
    parser.add_argument("--keep", type=Path, help="data dir to keep (and reuse when it holds an index)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--meaning", type=float, metavar="WEIGHT",
                        help="search by meaning too, blended at WEIGHT (needs the meaning extra)")
    args = parser.parse_args(argv)

    floor = load_floor(args.data)
    queries, floor_ranked, floor_docs = run_floor(floor)
    groups = query_groups(args.data, [q for q, _ in queries])

    def measure(data_dir: Path) -> tuple[list[list[str]], list[float], dict[str, float]]:
        engine, stats = index_library(args.data / "files", data_dir)
        if args.meaning is not None:
            from enablement_desktop.search.semantic import open_meaning, update_meaning

            started = time.perf_counter()
            update_meaning(engine.db, data_dir, enabled=True)
            stats["meaning_s"] = time.perf_counter() - started
            engine.meaning = open_meaning(data_dir, enabled=True)
            engine.meaning.weight = args.meaning
        try:
            ranked, times = run_product(engine, queries)
        finally:
            engine.index.close()
            engine.db.conn.close()
        return ranked, times, stats

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        ranked, times, stats = measure(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
            ranked, times, stats = measure(Path(tmp))

    ours = [score(r, rel) for r, (_, rel) in zip(ranked, queries, strict=True)]
    base = [score(r, rel) for r, (_, rel) in zip(floor_ranked, queries, strict=True)]
    rows = [("all", len(queries), mean(ours), mean(base))]
    selections: list[tuple[str, Callable[[str], bool]]] = [
        ("plain (the rest)", lambda q: q not in groups),
        *((name, (lambda q, name=name: groups.get(q) == name)) for name in GROUP_HEADINGS.values()),
    ]
    # Two folds for choosing a setting on one half and reporting it on the other (queries.tsv's order).
    folds = [("fold A (queries 1, 3, 5, …)", 0), ("fold B (queries 2, 4, 6, …)", 1)]
    for name, keep in selections:
        picked = [i for i, (q, _) in enumerate(queries) if keep(q)]
        rows.append((name, len(picked), mean([ours[i] for i in picked]), mean([base[i] for i in picked])))
    for name, parity in folds:
        picked = [i for i in range(len(queries)) if i % 2 == parity]
        rows.append((name, len(picked), mean([ours[i] for i in picked]), mean([base[i] for i in picked])))

    times.sort()
    if args.json:
        print(json.dumps({name: {"n": n, "product": vars(o), "floor": vars(f)} for name, n, o, f in rows}))
        return 0
    if args.per_query:
        print("success@5 recall@5 nDCG@10: product | floor   query [group]")
        for (q, rel), o, f, r in zip(queries, ours, base, ranked, strict=True):
            mark = " " if o.ndcg10 >= f.ndcg10 - 1e-9 else "<"
            print(f"{mark} {o.success5:.0f} {o.recall5:.2f} {o.ndcg10:.3f} | {f.success5:.0f} {f.recall5:.2f} "
                  f"{f.ndcg10:.3f}   {q}" + (f"  [{groups[q]}]" if q in groups else ""))
            missed = sorted(rel - set(r[:5]))
            if missed and o.recall5 < 1:
                print("      missed in top 5: " + ", ".join(missed))
        print()
    print(f"collateral-dev: {stats['scanned']:,} files scanned, {stats['assets']:,} assets indexed "
          f"({stats['failed']:,} unreadable) in {stats['seconds']:.1f} s; the floor indexed {floor_docs:,}")
    if args.meaning is not None:
        print(f"search by meaning blended at {args.meaning:g} (vectors brought up to date in {stats['meaning_s']:.1f} s)")
    print(f"query p50 {times[len(times) // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms (top 10, snippets)")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
