"""A seeded random event set for the organisation-server tests.

Teams that change, ratings sharing a timestamp, send-backs answered twice,
zero-hit searches differing in case and spaces, brief exports of several
rows, assets no longer in the library.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from enablement_desktop.usage.validate import clean_event

TODAY = date.today()
FIRST_DAY = TODAY - timedelta(days=200)
TEAMS = ["East", "West", ""]
PRODUCTS = ["Atlas", "Beacon", ""]
PERSONAS = ["CFO", "CIO", "CFO, CIO", ""]
LIBRARY = [f"decks/deck-{i}.pdf" for i in range(12)]
GONE = ["gone/old.pdf"]
QUERIES = ["Pricing  Sheet", "pricing sheet", " PRICING sheet ", "ROI", "SOC 2", "gdpr"]


def _ts(rng: random.Random) -> str:
    day = FIRST_DAY + timedelta(days=rng.randrange(200))
    ms = rng.choice([0, rng.randrange(86_400_000)])  # some share a timestamp
    return (f"{day.isoformat()}T{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:"
            f"{ms // 1000 % 60:02d}.{ms % 1000:03d}Z")


def server_events(rng: random.Random) -> list[dict]:
    events: list[dict] = []
    send_backs: list[str] = []

    def add(kind: str, **fields) -> dict:
        user = f"u{rng.randrange(8)}"
        event = clean_event({
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "kind": kind,
            "ts": _ts(rng), "user": user, "team": rng.choice(TEAMS), "device": "pc", **fields,
        }, strict_kind=False)
        events.append(event)
        return event

    for _ in range(1500):
        path = rng.choice(LIBRARY * 3 + GONE)
        kind = rng.choice(["open", "open", "close", "page_view", "page_view", "rate", "search",
                           "send_back", "feedback_response", "brief_export"])
        if kind in ("open", "close"):
            add(kind, asset_path=path)
        elif kind == "page_view":
            add(kind, asset_path=path, page=rng.randint(1, 6),
                dwell_ms=rng.choice([None, 5000, rng.randrange(100, 60_000)]))
        elif kind == "rate":
            add(kind, asset_path=path, rating=rng.randint(1, 5),
                comment=rng.choice([None, "", "  ", "too long", "ok"]))
        elif kind == "search":
            add(kind, query=rng.choice(QUERIES), hits=rng.choice([0, 0, 3]))
        elif kind == "send_back":
            send_backs.append(add(kind, asset_path=path, reason="outdated", comment="old")["uuid"])
        elif kind == "feedback_response" and send_backs:
            add(kind, ref_uuid=rng.choice(send_backs), status=rng.choice(["acknowledged", "fixed"]),
                comment="on it")
        elif kind == "brief_export":
            export = str(rng.randrange(10_000))
            for asset in rng.sample(LIBRARY, 2):
                add(kind, asset_path=asset, data={"export": export})
    return events
