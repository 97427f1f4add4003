"""Time the marketer's insights on a realistic 1,000,000-event database.

    .venv/bin/python bench/insights.py [--events 1000000] [--keep DB]

Generates ~2,000 assets and a year of events from 200 sellers in 10 teams with
a heavy skew (60% of the library is never opened, the rest Zipf-like), then
times each insight: best of 3 and median, printed as a markdown table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from enablement_desktop.settings import Settings  # noqa: E402
from enablement_desktop.store import open_db  # noqa: E402
from enablement_desktop.usage import insights  # noqa: E402
from enablement_desktop.usage.events import asset_stats, send_back_queue  # noqa: E402

PRODUCTS = ["Atlas", "Beacon", "Cobalt", "Delta", "Ember", "Fjord", "Garnet", "Helix"]
PERSONAS = ["CFO", "CIO", "CISO", "VP Sales", "Procurement", "Ops Lead"]
STAGES = ["discovery", "qualification", "proposal", "negotiation", "renewal"]
KINDS = [  # (kind, share of events)
    ("open", 0.30),
    ("close", 0.25),
    ("page_view", 0.30),
    ("search", 0.10),
    ("rate", 0.03),
    ("send_back", 0.005),
    ("feedback_response", 0.003),
    ("brief_export", 0.012),
]
TARGET_S = 0.5


def generate(db_path: Path, n_events: int, *, n_assets: int = 2000, seed: int = 7) -> date:
    """Fill a fresh database; returns the 'today' the year of events ends on."""
    rng = random.Random(seed)
    db = open_db(db_path)
    conn = db.conn
    conn.execute("PRAGMA synchronous=OFF")  # a throwaway bench DB: speed over durability
    today = datetime.now(UTC).date()
    now = utc_text(datetime.now(UTC))
    assets = []
    for i in range(n_assets):
        product = PRODUCTS[i % len(PRODUCTS)]
        personas = ", ".join(rng.sample(PERSONAS, rng.choice([1, 1, 2])))
        path = f"{product.lower()}/asset-{i:04d}.pdf"
        assets.append(
            (
                path,
                f"{product} asset {i}",
                "pdf",
                1000,
                0,
                "0" * 64,
                rng.randint(1, 40),
                product,
                personas,
                rng.choice(STAGES),
                now,
            )
        )
    with conn:
        conn.executemany(
            "INSERT INTO assets (path, title, type, size, mtime_ns, sha256, page_count, product,"
            " persona, stage, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            assets,
        )
    # 60% of the library is never opened (the field's own figure); the rest is Zipf-skewed.
    used = rng.sample(range(n_assets), int(n_assets * 0.4))
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(used))]
    users = [(f"seller{u:03d}", f"team{u % 10}", f"laptop{u:03d}") for u in range(200)]
    days = [(today - timedelta(days=d)).isoformat() for d in range(365)]
    kinds = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS], k=n_events)
    picks = rng.choices(used, weights, k=n_events)
    queries = [
        "pricing",
        "roi calculator",
        "security whitepaper",
        "gdpr",
        "case study bank",
        "competitor x",
        "migration guide",
        "soc 2",
        "Pricing ",
        "onboarding",
    ]
    batch = []
    for kind, pick in zip(kinds, picks, strict=True):
        user, team, device = rng.choice(users)
        secs = rng.randrange(86_400_000)
        ts = (
            f"{rng.choice(days)}T{secs // 3_600_000:02d}:{secs // 60_000 % 60:02d}:"
            f"{secs // 1000 % 60:02d}.{secs % 1000:03d}Z"
        )
        path, page, dwell, query, hits, rating, reason, status = (
            assets[pick][0],
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        )
        if kind == "page_view":
            page, dwell = rng.randint(1, assets[pick][6]), int(rng.expovariate(1 / 20000))
        elif kind == "search":
            path, query = "", rng.choice(queries)
            hits = 0 if rng.random() < 0.15 else rng.randint(1, 50)
        elif kind == "rate":
            rating = rng.randint(1, 5)
        elif kind == "send_back":
            reason = "outdated"
        elif kind == "feedback_response":
            status = "acknowledged"
        batch.append(
            (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                kind,
                ts,
                user,
                team,
                device,
                path,
                page,
                dwell,
                query,
                hits,
                rating,
                reason,
                status,
            )
        )
        if len(batch) == 50_000:
            _insert(conn, batch)
            batch = []
    _insert(conn, batch)
    conn.execute("PRAGMA synchronous=NORMAL")
    db.conn.close()
    return today


def _insert(conn, rows: list[tuple]) -> None:
    with conn:
        conn.executemany(
            "INSERT INTO events (uuid, kind, ts, user, team, device, asset_path, page, dwell_ms,"
            " query, hits, rating, reason, status, origin) VALUES"
            " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'bench')",
            rows,
        )


def utc_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def time_it(fn: Callable[[], object], repeats: int = 3) -> tuple[float, float]:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs), statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the bench DB at this path")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.keep or Path(tmp) / "bench.sqlite3"
        if not db_path.exists():
            start = time.perf_counter()
            generate(db_path, args.events)
            print(f"generated {args.events:,} events in {time.perf_counter() - start:.1f} s\n")
        db = open_db(db_path)
        hot = [
            p
            for (p,) in db.conn.execute(
                "SELECT asset_path FROM events WHERE kind='open' GROUP BY asset_path"
                " ORDER BY count(*) DESC LIMIT 50"
            )
        ]
        settings = Settings(user="marketer", team="marketing", device="bench")
        figures: list[tuple[str, Callable[[], object]]] = [
            ("opens heatmap, 12 weeks, sort total", lambda: insights.opens_heatmap(db)),
            (
                "opens heatmap, 12 weeks, product filter",
                lambda: insights.opens_heatmap(db, filters=insights.Filters(product="Atlas")),
            ),
            (
                "opens heatmap, 52 weeks, sort recent",
                lambda: insights.opens_heatmap(db, weeks=52, sort="recent"),
            ),
            ("unused, 90 days", lambda: insights.unused(db)),
            (
                "unused, 90 days, team filter",
                lambda: insights.unused(db, filters=insights.Filters(team="team3")),
            ),
            ("page heatmap, most opened asset", lambda: insights.page_heatmap(db, hot[0])),
            ("coverage product x persona", lambda: insights.coverage(db, by="persona")),
            ("coverage product x stage", lambda: insights.coverage(db, by="stage")),
            ("ratings", lambda: insights.ratings(db)),
            ("send-back queue", lambda: send_back_queue(db)),
            ("content requests", lambda: insights.content_requests(db)),
            ("by team (privacy default)", lambda: insights.by_person(db, settings)),
            ("asset_stats, 50 result rows", lambda: asset_stats(db, hot)),
        ]
        print(f"| figure | best of 3 (s) | median (s) | target {TARGET_S} s |")
        print("|---|---:|---:|---|")
        for name, fn in figures:
            best, median = time_it(fn)
            verdict = "ok" if best < TARGET_S else "SLOW"
            print(f"| {name} | {best:.3f} | {median:.3f} | {verdict} |")
        db.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
