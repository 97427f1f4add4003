"""SciFact search quality through the product's own search module: nDCG@10 and R@100.

Each abstract becomes an asset with one section (its text; the indexer puts
the asset title into every section's body), indexed by `update_index` and queried
with `SearchEngine.search(match="any")` — BM25 over all query words, the
setting the published baselines use. Usage:

    python bench/scifact.py [--data ../shared/data/scifact] [--split test|train] [--meaning 0.3,0.5]

`--meaning W,…` (needs the meaning extra) also embeds the abstracts and
measures search by meaning blended at each weight W, beside words alone.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from enablement_desktop.search.engine import SearchEngine  # noqa: E402
from enablement_desktop.search.index import SearchIndex  # noqa: E402
from enablement_desktop.search.indexer import update_index  # noqa: E402
from enablement_desktop.search.query import plain_words  # noqa: E402
from enablement_desktop.search.semantic import open_meaning, update_meaning  # noqa: E402
from enablement_desktop.store import open_db  # noqa: E402
from enablement_desktop.store.db import utc_now  # noqa: E402

# ../shared/data/scifact beside the checkout (a worktree sits one level deeper), as bench/relevance.py finds it.
DEFAULT_DATA = next((p / "shared" / "data" / "scifact" for p in ROOT.parents
                     if (p / "shared" / "data" / "scifact").is_dir()),
                    ROOT.parent / "shared" / "data" / "scifact")


def load_corpus(db, corpus: Path) -> int:
    now = utc_now()
    assets, sections = [], []
    with open(corpus, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            doc = json.loads(line)
            assets.append({"id": number, "path": doc["_id"], "title": doc["title"], "type": "txt", "size": 0,
                           "mtime_ns": 0, "sha256": doc["_id"], "page_count": 1, "updated_at": now})
            sections.append({"asset_id": number, "ordinal": 0, "page": 1, "label": "p. 1",
                             "heading": "", "text": doc["text"]})
    db["assets"].insert_all(assets, batch_size=1000)
    db["sections"].insert_all(sections, batch_size=1000)
    return len(assets)


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int) -> float:
    dcg = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], relevant: dict[str, int], k: int) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant) if relevant else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("test", "train"), default="test")
    parser.add_argument("--meaning", default="", help="comma-separated blend weights to measure as well")
    args = parser.parse_args()
    weights = [float(w) for w in args.meaning.split(",") if w.strip()]

    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    qrels_file = args.data / "qrels" / f"{args.split}.tsv"
    for line in qrels_file.read_text(encoding="utf-8").splitlines()[1:]:
        qid, doc, score = line.split("\t")
        qrels[qid][doc] = int(score)
    queries = {}
    for line in (args.data / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if q["_id"] in qrels:
            queries[q["_id"]] = q["text"]

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "scifact.sqlite3")
        started = time.perf_counter()
        count = load_corpus(db, args.data / "corpus.jsonl")
        index = SearchIndex(Path(tmp) / "index")
        update_index(db, index)
        build_s = time.perf_counter() - started
        engine = SearchEngine(db, index)
        runs = [("words alone", *_measure(engine, queries, qrels))]
        if weights:
            started = time.perf_counter()
            update = update_meaning(db, Path(tmp), enabled=True)
            embed_s = time.perf_counter() - started
            print(f"meaning: {update.sections:,} sections of {update.embedded:,} abstracts embedded in {embed_s:.1f} s "
                  f"({update.sections / embed_s:,.0f} sections/s)")
            engine.meaning = open_meaning(Path(tmp), enabled=True)
            for weight in weights:
                engine.meaning.weight = weight
                runs.append((f"meaning {weight:g}", *_measure(engine, queries, qrels)))
        index.close()

    print(f"SciFact {args.split}: {len(queries)} queries over {count:,} abstracts (index built in {build_s:.1f} s)")
    print("(Pyserini BM25 flat: nDCG@10 0.6789, R@100 0.9253; multifield nDCG@10 0.6647)")
    for name, ndcgs, recalls, times in runs:
        times.sort()
        print(f"{name:<14} nDCG@10 = {sum(ndcgs) / len(ndcgs):.4f}   R@100 = {sum(recalls) / len(recalls):.4f}   "
              f"query p50 = {times[len(times) // 2] * 1000:.0f} ms, p95 = {times[int(len(times) * 0.95)] * 1000:.0f} ms "
              "(top 100 with snippets)")
    return 0


def _measure(engine: SearchEngine, queries: dict[str, str], qrels) -> tuple[list[float], list[float], list[float]]:
    ndcgs, recalls, times = [], [], []
    for qid, text in queries.items():
        t0 = time.perf_counter()
        # Claims are prose, not query syntax ("IL-6:", "(HPV)"): search their words.
        result = engine.search(" ".join(plain_words(text)), limit=100, match="any")
        times.append(time.perf_counter() - t0)
        ranked = [hit.path for hit in result.hits]
        ndcgs.append(ndcg_at(ranked, qrels[qid], 10))
        recalls.append(recall_at(ranked, qrels[qid], 100))
    return ndcgs, recalls, times


if __name__ == "__main__":
    raise SystemExit(main())
