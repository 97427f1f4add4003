"""Fill a data dir with twelve weeks of realistic usage over the demo library.

    .venv/bin/python tools/seed_demo_usage.py --data-dir /tmp/demo

Screenshots and demos of the Insights view need patterns a marketer would
recognise, not uniform noise: a few assets carry most opens and most of the
library is never opened (the field's 60–70% figure); a new battlecard rises
while last year's fades; regional assets are used by one team only; readers
dwell on the pricing and results pages; one outdated asset is rated low and
sent back; sellers search for things the library lacks (DORA, healthcare).

The data dir is indexed over the demo library first if it has no assets. It
becomes a marketer's data dir (role, user, shared folder under the data dir),
and every seller's events are synced through that folder, so "data as of"
shows each writer. Events go through `record_event` with explicit times, as
the app would record them. Deterministic for a given --seed and --today.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

# Run as a plain script from a checkout: the core is not an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlite_utils  # noqa: E402

from enablement_desktop import cli  # noqa: E402
from enablement_desktop.context import open_context  # noqa: E402
from enablement_desktop.settings import Settings  # noqa: E402
from enablement_desktop.usage.campaigns import write_note  # noqa: E402
from enablement_desktop.usage.events import record_event  # noqa: E402
from enablement_desktop.usage.sync import sync  # noqa: E402

WEEKS = 12
TEAMS = {
    "EMEA": ["lena.fischer", "tom.baker", "sofia.rossi"],
    "North America": ["jake.miller", "maria.gomez", "dev.patel", "chris.lee"],
    "APAC": ["kenji.sato", "mei.lin"],
}
MARKETER = Settings(user="priya.raman", team="Marketing", device="studio", role="marketer")


@dataclass(frozen=True)
class Popularity:
    weight: float
    teams: tuple[str, ...] = ()  # () = every team
    trend: str = "steady"  # steady, rising (new this quarter), fading, launch (spike in week 5)
    hot_pages: tuple[int, ...] = ()  # pages readers jump to and dwell on


# Only these assets are opened at all: the other ~60% of the library stays unused.
POPULAR: dict[str, Popularity] = {
    "decks/ledger-pitch-deck.pptx": Popularity(30),
    "pricing/price-list-2026.xlsx": Popularity(22, trend="launch"),
    "battlecards/ledger-vs-paystream.pptx": Popularity(18, trend="rising"),
    "decks/corporate-overview-2026.pptx": Popularity(14),
    "case-studies/halvorsen-freight-ledger.pdf": Popularity(
        12, ("North America", "EMEA"), hot_pages=(3,)
    ),
    "one-pagers/ledger-overview.pdf": Popularity(9, hot_pages=(2,)),
    "playbooks/objection-handling-guide.docx": Popularity(8),
    "decks/shield-pitch-deck.pptx": Popularity(7, ("North America",)),
    "battlecards/pulse-vs-forecastly-2025.pptx": Popularity(7, trend="fading"),
    "decks/flow-pitch-deck-emea.pptx": Popularity(6, ("EMEA",)),
    "case-studies/kestrel-mining-ledger-apac.pdf": Popularity(6, ("APAC",), hot_pages=(2,)),
    "one-pagers/platform-overview-emea.pdf": Popularity(4, ("EMEA",), hot_pages=(2,)),
    "faq/security-faq.html": Popularity(3),
}

# (asset, stars, comment); several people rate the same asset, the latest counts.
RATINGS = [
    ("decks/ledger-pitch-deck.pptx", 5, "Slide 7 pricing tiers answer the CFO's first question."),
    ("decks/ledger-pitch-deck.pptx", 4, ""),
    ("decks/ledger-pitch-deck.pptx", 5, ""),
    ("decks/ledger-pitch-deck.pptx", 4, "Would love a one-slide customer logo wall."),
    ("battlecards/ledger-vs-paystream.pptx", 5, "Won two deals with the TCO slide."),
    ("battlecards/ledger-vs-paystream.pptx", 5, ""),
    ("battlecards/ledger-vs-paystream.pptx", 4, ""),
    ("pricing/price-list-2026.xlsx", 4, ""),
    ("pricing/price-list-2026.xlsx", 3, "Discount guardrails tab is hard to read on a laptop."),
    ("pricing/price-list-2026.xlsx", 4, ""),
    ("case-studies/halvorsen-freight-ledger.pdf", 5, "Best proof point we have for logistics."),
    ("case-studies/halvorsen-freight-ledger.pdf", 5, ""),
    ("decks/corporate-overview-2026.pptx", 3, "Too long for a first meeting."),
    ("decks/corporate-overview-2026.pptx", 3, ""),
    ("decks/corporate-overview-2026.pptx", 4, ""),
    ("battlecards/pulse-vs-forecastly-2025.pptx", 2, "Forecastly's prices changed in March."),
    ("battlecards/pulse-vs-forecastly-2025.pptx", 1, "Outdated — a prospect corrected me."),
    ("battlecards/pulse-vs-forecastly-2025.pptx", 2, ""),
    ("decks/shield-pitch-deck.pptx", 2, "Nothing on DORA; EU banks ask every time."),
    ("decks/shield-pitch-deck.pptx", 3, ""),
    ("playbooks/objection-handling-guide.docx", 4, ""),
    (
        "playbooks/objection-handling-guide.docx",
        3,
        "Missing the 'we'll build it in-house' objection.",
    ),
    ("one-pagers/ledger-overview.pdf", 4, ""),
    ("case-studies/kestrel-mining-ledger-apac.pdf", 5, "APAC buyers love the remote-sites angle."),
    ("decks/flow-pitch-deck-emea.pptx", 3, "Still says procure-to-pay suite."),
]

# (asset, reason, comment, marketer's status or None, marketer's answer)
SEND_BACKS = [
    (
        "battlecards/pulse-vs-forecastly-2025.pptx",
        "outdated",
        "Forecastly cut list prices 20% in March; our comparison table is wrong now.",
        "acknowledged",
        "Updating with 2026 pricing; new version by the end of the month.",
    ),
    (
        "pricing/price-list-2026.xlsx",
        "inaccurate",
        "EUR price for the Scale tier differs from the quote tool (€4,200 vs €4,350).",
        "fixed",
        "The quote tool was wrong; the price list is right. The tool is fixed.",
    ),
    (
        "decks/corporate-overview-2026.pptx",
        "hard to use",
        "Too many slides for a first meeting; we need a ten-slide cut.",
        "won't fix",
        "Present slides 1–9 and keep the rest as backup; no separate deck planned.",
    ),
    (
        "decks/shield-pitch-deck.pptx",
        "missing information",
        "Nothing on DORA for EU banks — it comes up in every security review.",
        None,
        "",
    ),
    (
        "decks/flow-pitch-deck-emea.pptx",
        "off-message",
        "Still positions Flow as a procure-to-pay suite; we say intake-to-PO now.",
        None,
        "",
    ),
    (
        "case-studies/halvorsen-freight-ledger.pdf",
        "outdated",
        "Halvorsen has 52 depots now, not 40.",
        "acknowledged",
        "Checking with the customer.",
    ),
    (
        "case-studies/kestrel-mining-ledger-apac.pdf",
        "missing information",
        "APAC buyers ask how the NetSuite integration works; the case study doesn't say.",
        None,
        "",
    ),
    (
        "playbooks/objection-handling-guide.docx",
        "other",
        "Please add the 'we'll build it in-house' objection.",
        "fixed",
        "Added as objection 9 in this week's version.",
    ),
]

CAMPAIGNS = [  # title, launch week (0-based, WEEKS-1 = this week), days announced ahead,
    # share read only after launch, products, linked assets, talk track
    ("Ledger 5: month-end close in 3 days", 6, 14, 0.2, ["Ledger"],
     ["decks/ledger-pitch-deck.pptx", "one-pagers/ledger-month-end-close-controllers.pdf"],
     "Lead with the controller's pain: close takes 9 days. Ledger 5 does it in 3; Halvorsen "
     "Freight is the proof."),
    ("Shield SOC 2 Type II report available", 10, 3, 0.7, ["Shield"],
     ["faq/security-faq.html"],
     "Security reviews stall on the SOC 2 question: send the report under NDA on day one."),
    ("Pulse for sales leaders webinar", 13, 12, 0.0, ["Pulse"],
     ["playbooks/pulse-discovery-for-sales-leaders.docx"],
     "Invite VPs of Sales who asked about forecast accuracy; the webinar replays on demand."),
]  # fmt: skip
# Searches that found nothing: (query as typed, times); case and spacing vary on purpose.
ZERO_HIT_SEARCHES = [
    ("DORA", 9),
    ("dora", 5),
    ("healthcare case study", 8),
    ("Healthcare  case study", 3),
    ("hipaa", 9),
    ("coupa comparison", 8),
    ("pricing AUD", 6),
    ("french pitch deck", 5),
    ("soc 2 bridge letter", 4),
    ("netsuite integration", 4),
    ("implementation timeline", 3),
    ("retail reference customer", 2),
    ("sla credits", 1),
]
FOUND_SEARCHES = [
    ("pricing objection", 6),
    ("soc 2", 4),
    ("roi calculator", 3),
    ("paystream", 5),
    ("case study logistics", 3),
    ("gdpr", 2),
    ("month-end close", 2),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--today", type=date.fromisoformat,
        help="last day of usage (default: yesterday, so no event is later than now)"
    )
    args = parser.parse_args(argv)
    # Events fall in working hours up to 18:00 of that day: today's would lie in the future
    # until evening, and the window would show "data as of" a time not yet come.
    today = args.today or datetime.now(UTC).date() - timedelta(days=1)

    ctx = open_context(args.data_dir)
    if not ctx.db.conn.execute("SELECT count(*) FROM assets").fetchone()[0]:
        ctx.close()
        if cli.main(["index", "--demo", "--data-dir", str(args.data_dir)]) != 0:
            return 1
        ctx = open_context(args.data_dir)
    try:
        existing = ctx.db.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        if existing:
            print(
                f"{args.data_dir} already has {existing} events; seed a fresh data dir.",
                file=sys.stderr,
            )
            return 2
        seeder = _Seeder(ctx.db, random.Random(args.seed), today)
        seeder.opens()
        seeder.ratings()
        seeder.send_backs()
        seeder.searches()
        seeder.brief_exports()
        seeder.campaigns()

        # A marketer's data dir with a shared folder, as the Insights view expects.
        folder = ctx.data_dir / "shared-folder"
        folder.mkdir(exist_ok=True)
        for name in ("user", "team", "device", "role"):
            setattr(ctx.settings, name, getattr(MARKETER, name))
        ctx.settings.sync_folder = str(folder)
        ctx.save_settings()
        result = sync(ctx.db, ctx.settings, folder)
        print(
            f"seeded {seeder.count:,} events from {sum(map(len, TEAMS.values()))} sellers "
            f"in {len(TEAMS)} teams; {result.message}"
        )
    finally:
        ctx.close()
    return 0


class _Seeder:
    def __init__(self, db: sqlite_utils.Database, rng: random.Random, today: date) -> None:
        self.db, self.rng, self.today = db, rng, today
        self.count = 0
        self.assets = {
            row["path"]: row
            for row in db.query("SELECT path, sha256, type, page_count FROM assets")
        }
        self.sellers = [
            Settings(user=user, team=team, device=f"{user.split('.')[0]}-laptop")
            for team, users in TEAMS.items()
            for user in users
        ]
        # Monday of the first of the twelve weeks that end with this week.
        self.first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)

    def record(self, who: Settings, kind: str, moment: datetime, path: str = "", **fields) -> str:
        self.count += 1
        sha = self.assets[path]["sha256"] if path else ""
        return record_event(
            self.db, who, kind, asset_path=path, asset_sha256=sha, ts=_ts(moment), **fields
        )

    def moment(self, week: int | None = None) -> datetime:
        """A working-hours moment in `week` (random week if None), never after today."""
        week = self.rng.randrange(WEEKS) if week is None else week
        days = self.rng.choices(range(7), weights=(5, 6, 6, 6, 4, 1, 0.5))[0]
        day = min(self.first_monday + timedelta(weeks=week, days=days), self.today)
        clock = time(self.rng.randint(7, 17), self.rng.randrange(60), self.rng.randrange(60))
        return datetime.combine(day, clock, UTC)

    def opens(self) -> None:
        for week in range(WEEKS):
            # Quieter in the holiday week, busier towards quarter end.
            volume = 0.45 if week == 7 else 0.8 + 0.04 * week
            for seller in self.sellers:
                paths, weights = self._weights(seller.team, week)
                for _ in range(_poisson(self.rng, 6 * volume)):
                    path = self.rng.choices(paths, weights)[0]
                    self._visit(seller, path, self.moment(week))

    def _weights(self, team: str, week: int) -> tuple[list[str], list[float]]:
        paths, weights = [], []
        for path, pop in POPULAR.items():
            if path not in self.assets or (pop.teams and team not in pop.teams):
                continue
            paths.append(path)
            weights.append(pop.weight * _trend(pop.trend, week))
        return paths, weights

    def _visit(self, seller: Settings, path: str, start: datetime) -> None:
        self.record(seller, "open", start, path)
        asset = self.assets[path]
        clock = start
        # Only the built-in PDF viewer reports pages; other formats open in their own app.
        if asset["type"] == "pdf" and asset["page_count"]:
            for page, dwell in self._reading(path, asset["page_count"]):
                self.record(seller, "page_view", clock, path, page=page, dwell_ms=dwell)
                clock += timedelta(milliseconds=dwell)
        self.record(seller, "close", clock + timedelta(seconds=self.rng.randint(5, 240)), path)

    def _reading(self, path: str, pages: int) -> list[tuple[int, int]]:
        """Pages read in order, with drop-off; hot pages are jumped to and read longer."""
        hot = POPULAR[path].hot_pages
        read: list[tuple[int, int]] = []
        page = hot[0] if hot and self.rng.random() < 0.35 else 1
        while page <= pages:
            dwell = self.rng.lognormvariate(math.log(9000), 0.55)
            if page in hot:
                dwell *= 3.2
            read.append((page, int(dwell)))
            if self.rng.random() > (0.8 if page + 1 in hot else 0.55):
                break
            page += 1
        return read

    def ratings(self) -> None:
        for path, stars, comment in RATINGS:
            seller = self.rng.choice(self._sellers_of(path))
            self.record(seller, "rate", self.moment(), path, rating=stars, comment=comment or None)

    def send_backs(self) -> None:
        for path, reason, comment, status, answer in SEND_BACKS:
            seller = self.rng.choice(self._sellers_of(path))
            sent = self.moment(self.rng.randrange(4, WEEKS))
            uuid = self.record(seller, "send_back", sent, path, reason=reason, comment=comment)
            if status:
                answered = min(
                    sent + timedelta(days=self.rng.randint(1, 6)),
                    datetime.combine(self.today, time(18), UTC),
                )
                self.record(
                    MARKETER,
                    "feedback_response",
                    answered,
                    path,
                    status=status,
                    comment=answer,
                    ref_uuid=uuid,
                )

    def searches(self) -> None:
        for queries, found in ((ZERO_HIT_SEARCHES, False), (FOUND_SEARCHES, True)):
            for query, times in queries:
                for _ in range(times):
                    hits = self.rng.randint(2, 14) if found else 0
                    self.record(
                        self.rng.choice(self.sellers),
                        "search",
                        self.moment(),
                        query=query,
                        hits=hits,
                    )

    def brief_exports(self) -> None:
        for _ in range(14):
            self.record(self.rng.choice(self.sellers), "brief_export", self.moment())

    def campaigns(self) -> None:
        """Three launches: one well announced, one announced late, one still to come."""
        for title, launch_week, early, late, products, assets, talk in CAMPAIGNS:
            launch = self.today + timedelta(weeks=launch_week - WEEKS + 1)
            written = datetime.combine(launch - timedelta(days=early + 7), time(9), UTC)
            note = write_note(
                self.db, MARKETER, title=title, launch=launch, products=products,
                assets=assets, talk_track=talk, ts=_ts(written),
            )  # fmt: skip
            self.count += 1
            readers = self.rng.sample(self.sellers, k=len(self.sellers) * 2 // 3)
            for i, seller in enumerate(readers):
                before = i < len(readers) * (1 - late)
                day = launch - timedelta(days=self.rng.randint(1, max(early, 1))) if before else (
                    launch + timedelta(days=self.rng.randint(0, 5)))
                moment = datetime.combine(day, time(self.rng.randint(8, 17)), UTC)
                if moment.date() <= self.today:
                    self.record(seller, "campaign_read", moment, ref_uuid=note)

    def _sellers_of(self, path: str) -> list[Settings]:
        teams = POPULAR[path].teams if path in POPULAR else ()
        return [s for s in self.sellers if not teams or s.team in teams]


def _trend(kind: str, week: int) -> float:
    if kind == "rising":  # published in week 3, then picked up team by team
        return 0.0 if week < 3 else min(1.6, 0.25 * (week - 2))
    if kind == "fading":  # last year's battlecard, replaced in practice
        return max(0.0, 1.8 - 0.22 * week)
    if kind == "launch":  # the 2026 price list went out in week 5
        return 2.6 if week in (5, 6) else 1.0
    return 1.0


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small means used here."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _ts(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


if __name__ == "__main__":
    raise SystemExit(main())
