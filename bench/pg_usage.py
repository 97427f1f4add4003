"""Usage events on PostgreSQL at organisation scale: COPY ingest rate, insights, a laptop sync.

    .venv/bin/python bench/pg_usage.py [--milestones 1000000,3000000,10000000] [--dsn DSN]
        [--out /tmp/enablement-bench/pg_usage.json]

Without --dsn it starts its own durable server (fsync on) in a temp dir, the
way the tests do. Events are generated in time order (a year, 2,000 sellers
in 20 teams, 3,000 assets, the kind mix of bench/insights.py) and COPYed into
enablement.events in 250,000-event transactions as a superuser: every
trigger runs (uuid registry, roll-ups), as for a laptop's push. At each
milestone it records the ingest rate so far, then times every figure the
Insights tab asks for (as a marketer, best of 3, as of the last day
generated so far), the seller's aggregate view, and one laptop sync of 5,000
new events through `sync_server`.
Results go to --out as JSON and to stdout as markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from enablement_desktop.context import open_context  # noqa: E402
from enablement_desktop.server import roles, schema  # noqa: E402
from enablement_desktop.server.sync import sync_server  # noqa: E402
from enablement_desktop.usage.events import record_event  # noqa: E402
from enablement_desktop.usage.validate import EVENT_FIELDS  # noqa: E402

KINDS = [
    ("open", 0.30), ("close", 0.25), ("page_view", 0.30), ("search", 0.10), ("rate", 0.03),
    ("send_back", 0.005), ("feedback_response", 0.003), ("brief_export", 0.012),
]
REASONS = ["outdated", "inaccurate", "off-message", "hard to use", "missing information", "other"]
STATUSES = ["acknowledged", "fixed", "won't fix"]
WORDS = ["pricing", "security", "roadmap", "case study", "battlecard", "soc2", "gdpr", "api", "roi"]
# 250,000 events a COPY: the statement-level triggers' fixed cost is spread
# over more rows (the first runs used 100,000).
USERS, TEAMS, ASSETS, CHUNK = 2_000, 20, 3_000, 250_000


# Zipf-like popularity: asset k is picked with weight 1/(k+1) (the top deck
# gets ~12% of asset events), seller k with 1/sqrt(k+1) (busy and quiet people).
_ASSET_CUM = list(accumulate(1 / (k + 1) for k in range(ASSETS)))
_USER_CUM = list(accumulate(1 / (k + 1) ** 0.5 for k in range(USERS)))


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"


def generate_chunk(rng: random.Random, start: int, count: int, total: int, t0: datetime) -> bytes:
    """`count` events as COPY text, numbers start..start+count of `total` spread over a year."""
    span = 365 * 86_400_000 / total
    base = int(t0.timestamp() * 1000)
    kinds = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS], k=count)
    users = rng.choices(range(USERS), cum_weights=_USER_CUM, k=count)
    assets = rng.choices(range(ASSETS), cum_weights=_ASSET_CUM, k=count)
    out = []
    last_second, prefix = -1, ""
    for offset, kind in enumerate(kinds):
        ms = base + int((start + offset) * span) + rng.randrange(1000)
        if ms // 1000 != last_second:
            last_second = ms // 1000
            prefix = time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime(last_second))
        user_no, asset = users[offset], assets[offset]
        path = f"decks/product-{asset % 8}/asset-{asset:04d}.pptx"
        page = dwell = query = hits = rating = reason = comment = status = ref = data = r"\N"
        if kind == "page_view":
            page, dwell = str(1 + rng.randrange(20)), str(rng.randrange(200, 120_000))
        elif kind == "search":
            path = ""
            query = " ".join(rng.sample(WORDS, 2)) + ("" if rng.random() < 0.7 else f" {rng.randrange(400)}")
            hits = "0" if rng.random() < 0.1 else str(rng.randrange(1, 60))
        elif kind == "rate":
            rating = str(rng.randint(1, 5))
            if rng.random() < 0.2:
                comment = "too long for a first call"
        elif kind == "send_back":
            reason, comment = rng.choice(REASONS), "prices changed last quarter"
        elif kind == "feedback_response":
            status, ref, comment = rng.choice(STATUSES), _uuid(rng), "thanks"
        elif kind == "brief_export":
            data = f'{{"export":"{start + offset}"}}'
        out.append("\t".join((
            _uuid(rng), kind, f"{prefix}{ms % 1000:03d}Z", f"seller{user_no:04d}",
            f"team{user_no % TEAMS:02d}", f"pc{user_no:04d}", path, "", page, dwell, query, hits,
            rating, reason, comment, status, ref, data,
        )))
    out.append("")
    return "\n".join(out).encode()


def ingest(conn: psycopg.Connection, data: bytes) -> None:
    columns = ", ".join(f'"{name}"' for name in EVENT_FIELDS)
    with conn.transaction(), conn.cursor() as cur:
        with cur.copy(f"COPY enablement.events ({columns}) FROM STDIN") as copy:
            copy.write(data)


def best_of(fn: Callable[[], object], rounds: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def time_figures(dsn_marketer: str, dsn_seller: str, today: date) -> dict[str, list[float]]:
    week0 = today - timedelta(days=today.weekday(), weeks=11)
    week_end = week0 + timedelta(weeks=12, days=-1)
    since30 = today - timedelta(days=30)
    products = [f"decks/product-0/asset-{a:04d}.pptx" for a in range(0, ASSETS, 8)]
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12)
    # The window asks for "last 12 weeks" unless told otherwise: week0 onwards.
    queries = {
        "opens heatmap (12 weeks)": (
            "SELECT * FROM enablement.figures_opens_weekly(%s, %s, %s, NULL, NULL)", (week0, week0, week_end)),
        "opens per asset (coverage)": ("SELECT * FROM enablement.figures_opens_per_asset(NULL, NULL, NULL, NULL)", ()),
        "coverage, last 12 weeks": (
            "SELECT * FROM enablement.figures_opens_per_asset(%s, NULL, NULL, NULL)", (week0,)),
        "last open per asset (unused)": ("SELECT * FROM enablement.figures_last_open(%s, NULL)", (now,)),
        "ratings per asset": ("SELECT * FROM enablement.figures_ratings(NULL, NULL, NULL)", ()),
        "ratings per asset, last 30 days": ("SELECT * FROM enablement.figures_ratings(%s, NULL, NULL)", (since30,)),
        "ratings per asset, one team": ("SELECT * FROM enablement.figures_ratings(NULL, NULL, 'team03')", ()),
        "rating comments": ("SELECT * FROM enablement.figures_rating_comments(NULL, NULL, NULL)", ()),
        "rating comments, last 12 weeks": (
            "SELECT * FROM enablement.figures_rating_comments(%s, NULL, NULL)", (week0,)),
        "send-back queue, first page of 100 and its counts": (
            "SELECT * FROM enablement.figures_send_back_page(NULL, NULL, NULL, NULL, 100, 0) "
            "FULL JOIN enablement.figures_send_back_counts(NULL, NULL, NULL, NULL) ON false", ()),
        "send-back queue, all (CLI --queue-size 0)": (
            "SELECT * FROM enablement.figures_send_backs(NULL, NULL, NULL)", ()),
        "content requests": ("SELECT * FROM enablement.figures_content_requests(NULL, NULL, NULL)", ()),
        "content requests, last 12 weeks": (
            "SELECT * FROM enablement.figures_content_requests(%s, NULL, NULL)", (week0,)),
        "activity by team": ("SELECT * FROM enablement.figures_activity(NULL, NULL, NULL, NULL, false)", ()),
        "activity by team, last 30 days": (
            "SELECT * FROM enablement.figures_activity(%s, NULL, NULL, NULL, false)", (since30,)),
        "activity by team, one product": (
            "SELECT * FROM enablement.figures_activity(NULL, NULL, NULL, %s, false)", (products,)),
        "activity by team, one product, last 30 days": (
            "SELECT * FROM enablement.figures_activity(%s, NULL, NULL, %s, false)", (since30, products)),
        "activity by team, one product, last 12 weeks": (
            "SELECT * FROM enablement.figures_activity(%s, NULL, NULL, %s, false)", (week0, products)),
        "page heatmap (most viewed asset)": (
            "SELECT * FROM enablement.figures_page_stats(%s, NULL, NULL, NULL)",
            ("decks/product-0/asset-0000.pptx",)),
        "page heatmap, last 12 weeks (raw views)": (
            "SELECT * FROM enablement.figures_page_stats(%s, %s, NULL, NULL)",
            ("decks/product-0/asset-0000.pptx", week0)),
        "page heatmap, one team (raw views)": (
            "SELECT * FROM enablement.figures_page_stats(%s, NULL, NULL, 'team03')",
            ("decks/product-0/asset-0000.pptx",)),
    }
    results: dict[str, list[float]] = {}
    with psycopg.connect(dsn_marketer, autocommit=True) as conn:
        for name, (sql, params) in queries.items():
            results[name] = list(best_of(lambda s=sql, p=params: conn.execute(s, p).fetchall()))
    with psycopg.connect(dsn_seller, autocommit=True) as conn:
        results["seller: asset stats view"] = list(
            best_of(lambda: conn.execute("SELECT * FROM enablement.asset_stats").fetchall()))
    return results


def laptop_sync(dsn: str, events: int = 5_000) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        ctx = open_context(Path(scratch))
        ctx.settings.user, ctx.settings.device, ctx.settings.team = "bench_laptop", "pc", "team00"
        for i in range(events):
            record_event(ctx.db, ctx.settings, "open", asset_path=f"decks/product-1/asset-{i % 3000:04d}.pptx")
        started = time.perf_counter()
        result = sync_server(ctx.db, dsn)
        elapsed = time.perf_counter() - started
        ctx.close()
    if result.sent != events:
        raise RuntimeError(f"laptop sync sent {result.sent}, expected {events}: {result.message}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--milestones", default="1000000,3000000,10000000")
    parser.add_argument("--dsn", help="an empty database to use (default: start a local server)")
    parser.add_argument("--out", default="/tmp/enablement-bench/pg_usage.json")
    args = parser.parse_args()
    milestones = [int(m) for m in args.milestones.split(",")]
    if any(m % CHUNK for m in milestones):
        parser.error(f"milestones must be multiples of {CHUNK:,}")
    total = max(milestones)
    server = None
    if args.dsn:
        dsn = args.dsn
    else:
        from tests.support import postgres

        server = postgres.start(durable=True, extra_conf=("-c shared_buffers=1GB", "-c max_wal_size=8GB",
                                                           "-c work_mem=64MB"))
        dsn = server.dsn()
        print(f"started PostgreSQL at {server.root}", flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {"total": total, "milestones": {}}
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            schema.migrate(conn)
            roles.grant(conn, "bench_marketer", "marketer", "Marketing")
            roles.grant(conn, "bench_seller", "seller", "team00")
            roles.grant(conn, "bench_laptop", "seller", "team00")
            t0 = datetime.now(UTC) - timedelta(days=366)
            conn.execute("SELECT enablement.ensure_months(%s, now())", (t0,))
            rng = random.Random(15)
            done, ingest_s = 0, 0.0
            # The next chunk is generated while the server ingests this one
            # (the COPY waits on the socket without holding the GIL).
            prefetch = ThreadPoolExecutor(1)
            chunks = [min(CHUNK, total - i) for i in range(0, total, CHUNK)]
            starts = [i * CHUNK for i in range(len(chunks))]
            pending = prefetch.submit(generate_chunk, rng, 0, chunks[0], total, t0)
            chunk_no = 0
            for milestone in milestones:
                while done < milestone:
                    data = pending.result()
                    chunk_no += 1
                    if chunk_no < len(chunks):
                        pending = prefetch.submit(generate_chunk, rng, starts[chunk_no],
                                                  chunks[chunk_no], total, t0)
                    started = time.perf_counter()
                    ingest(conn, data)
                    ingest_s += time.perf_counter() - started
                    done += chunks[chunk_no - 1]
                    if done % 1_000_000 == 0:
                        print(f"{done:,} events, {done / ingest_s:,.0f}/s so far", flush=True)
                conn.execute("VACUUM ANALYZE")  # the events and every roll-up
                size = conn.execute(
                    "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                    "WHERE inhparent = 'enablement.events'::regclass").fetchone()[0]
                base = dsn.replace("user=postgres", "")
                load_before = [round(x, 1) for x in os.getloadavg()]
                # "Today" is the last day generated so far, so that the dated
                # figures (12 weeks, last 30 days) cover data at every milestone.
                data_today = (t0 + timedelta(days=365 * done / total)).date()
                figures = time_figures(f"{base} user=bench_marketer", f"{base} user=bench_seller",
                                       data_today)
                sync_s = laptop_sync(f"{base} user=bench_laptop")
                entry = {
                    "events": done, "figures_as_of": data_today.isoformat(),
                    "load_before_figures": list(load_before), "ingest_s": round(ingest_s, 1), "events_per_s": round(done / ingest_s),
                    "table_bytes": int(size), "load_avg_1m": round(os.getloadavg()[0], 1),
                    "figures": figures, "laptop_sync_5000_s": round(sync_s, 3),
                }
                report["milestones"][str(done)] = entry
                out.write_text(json.dumps(report, indent=2))
                print(json.dumps(entry, indent=2), flush=True)
    finally:
        if server:
            server.stop()
    print(markdown(report))
    return 0


def markdown(report: dict) -> str:
    rows = list(report["milestones"].values())
    lines = ["| | " + " | ".join(f"{r['events']:,} events" for r in rows) + " |",
             "|---|" + "---:|" * len(rows),
             "| COPY ingest, events/s (cumulative) | " + " | ".join(f"{r['events_per_s']:,}" for r in rows) + " |",
             "| table + indexes | " + " | ".join(f"{r['table_bytes'] / 2**30:.2f} GB" for r in rows) + " |",
             "| laptop sync, 5,000 new events | " + " | ".join(f"{r['laptop_sync_5000_s']:.2f} s" for r in rows) + " |",
             "| machine load (1-min average) | " + " | ".join(f"{r['load_avg_1m']}" for r in rows) + " |"]
    for name in rows[0]["figures"]:
        lines.append(f"| {name} | " + " | ".join(f"{r['figures'][name][0] * 1000:.0f} ms" for r in rows) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
