"""The scorecard: both sides' KPIs for one period, beside the period before it.

Marketing's side: was feedback acted on, and how quickly; were content
requests answered; did sales hear about campaigns before launch. Sales' side:
is the library used, are sellers active, rating, sending back, printing briefs.
Every figure is computed from events (docs/sync-format.md) and the assets
table; `None` where there is nothing to measure (no send-backs, no campaign).

Definitions (the exact tests in tests/test_scorecard.py pin each one):
- Period: whole UTC days, `since` to `until` inclusive; the previous period
  is the same number of days just before it.
- Send-backs are those *raised* in the period, with every response so far:
  answered = has any `feedback_response`; fixed = the latest response says
  `fixed`; hours to first response = to the earliest response; hours to fixed
  = to the earliest response saying `fixed` (over the fixed ones). A response
  stamped before its send-back (clock skew) counts as 0 hours.
- Content requests: distinct zero-hit searches of the period (normalised as in
  insights); answered = an asset added or changed after the last such search
  now holds every word of it (a word of the asset starting with each word).
- Sellers: people with opens, searches, ratings or send-backs in the period,
  minus marketing (anyone who ever answered a send-back or wrote a campaign
  note). The team filter applies to sellers' events, never to marketing's.
- Campaigns announced: notes whose launch day is in the period. Seen before
  launch: per note, the share of the period's active sellers who opened it
  before its launch day began (00:00 UTC); the figure is the mean over notes.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlite_utils

from enablement_desktop.usage.campaigns import campaign_notes
from enablement_desktop.usage.insights import EXPORT_ID, normalise_query
from enablement_desktop.usage.validate import FEEDBACK_STATUSES

__all__ = [
    "DEFAULT_DAYS",
    "Period",
    "Scorecard",
    "ScorecardFigures",
    "scorecard",
]

DEFAULT_DAYS = 30
_LIST_LIMIT = 20  # rows kept in each "still open" list; the PDF may show fewer
_WORD_RE = re.compile(r"\w+")
_OPERATORS = {"and", "or", "not"}


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    def __post_init__(self) -> None:
        if self.since > self.until:
            raise ValueError(f"'since' ({self.since}) is after 'until' ({self.until})")

    @classmethod
    def ending(cls, until: date, days: int = DEFAULT_DAYS) -> Period:
        return cls(until - timedelta(days=days - 1), until)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        return Period.ending(self.since - timedelta(days=1), self.days)

    @property
    def start_ts(self) -> str:
        return f"{self.since.isoformat()}T00:00:00.000Z"

    @property
    def end_ts(self) -> str:
        """The first moment after the period (ts text sorts as time)."""
        return f"{(self.until + timedelta(days=1)).isoformat()}T00:00:00.000Z"

    def as_json(self) -> dict[str, str]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat()}


@dataclass(frozen=True)
class Library:
    assets: int
    opened_share: float | None
    never_opened: int


@dataclass(frozen=True)
class SendBacks:
    raised: int
    answered: int
    fixed: int
    acted_on_share: float | None
    median_hours_to_first_response: float | None
    median_hours_to_fixed: float | None


@dataclass(frozen=True)
class ContentRequests:
    queries: int
    answered: int


@dataclass(frozen=True)
class CampaignReads:
    id: str
    title: str
    launch: str
    read_before_launch: int  # active sellers who opened it before launch day
    read_after_launch: int  # active sellers whose first opening was on or after launch day
    share_before_launch: float | None


@dataclass(frozen=True)
class Campaigns:
    announced: int
    seen_before_launch_share: float | None
    notes: list[CampaignReads] = field(default_factory=list)


@dataclass(frozen=True)
class Sellers:
    active: int
    briefs_exported: int
    ratings: int
    send_backs: int


@dataclass(frozen=True)
class WaitingSendBack:
    asset_path: str
    title: str
    reason: str
    raised: str  # ts
    status: str  # 'new' or 'acknowledged'


@dataclass(frozen=True)
class ScorecardFigures:
    period: Period
    library: Library
    send_backs: SendBacks
    content_requests: ContentRequests
    campaigns: Campaigns
    sellers: Sellers
    # What the review meeting acts on next; not trended.
    waiting_send_backs: list[WaitingSendBack] = field(default_factory=list)
    unanswered_requests: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period.as_json(),
            "library": _rounded(asdict(self.library)),
            "send_backs": _rounded(asdict(self.send_backs)),
            "content_requests": asdict(self.content_requests),
            "campaigns": {
                "announced": self.campaigns.announced,
                "seen_before_launch_share": _round(self.campaigns.seen_before_launch_share),
                "notes": [_rounded(asdict(n)) for n in self.campaigns.notes],
            },
            "sellers": asdict(self.sellers),
        }


@dataclass(frozen=True)
class Scorecard:
    team: str
    current: ScorecardFigures
    previous: ScorecardFigures

    @property
    def period(self) -> Period:
        return self.current.period

    def as_json(self) -> dict[str, Any]:
        """The documented shape: the five groups at the top, the previous period under 'previous'."""
        return {
            **self.current.as_json(),
            "team": self.team or None,
            "waiting_send_backs": [asdict(w) for w in self.current.waiting_send_backs],
            "unanswered_requests": list(self.current.unanswered_requests),
            "previous": self.previous.as_json(),
        }


def scorecard(db: sqlite_utils.Database, period: Period, team: str = "") -> Scorecard:
    """Both sides' KPIs for `period` (optionally one sellers' team) and for the period before."""
    marketing = _marketing_people(db)
    return Scorecard(
        team=team,
        current=_figures(db, period, team, marketing, with_lists=True),
        previous=_figures(db, period.previous(), team, marketing, with_lists=False),
    )


def _figures(
    db: sqlite_utils.Database, period: Period, team: str, marketing: set[str], *, with_lists: bool
) -> ScorecardFigures:
    window = {"since": period.start_ts, "until": period.end_ts, "team": team}
    active = _active_sellers(db, window, marketing)
    send_backs, waiting = _send_backs(db, window)
    requests, unanswered = _content_requests(db, window)
    return ScorecardFigures(
        period=period,
        library=_library(db, window),
        send_backs=send_backs,
        content_requests=requests,
        campaigns=_campaigns(db, period, window, active),
        sellers=Sellers(
            active=len(active),
            briefs_exported=_count(
                db, f"SELECT count(DISTINCT {EXPORT_ID}) FROM events e INDEXED BY events_brief_exports"
                " WHERE e.kind = 'brief_export'",
                window,
            ),
            ratings=_count(db, "SELECT count(*) FROM events e WHERE e.kind = 'rate'", window),
            send_backs=send_backs.raised,
        ),
        waiting_send_backs=waiting[:_LIST_LIMIT] if with_lists else [],
        unanswered_requests=unanswered[:_LIST_LIMIT] if with_lists else [],
    )


# Events of the period, of the chosen team; `e` is the events alias.
_IN_WINDOW = "AND e.ts >= :since AND e.ts < :until AND (:team = '' OR e.team = :team)"


def _count(db: sqlite_utils.Database, sql: str, window: dict[str, str]) -> int:
    return db.conn.execute(f"{sql} {_IN_WINDOW}", window).fetchone()[0]


def _marketing_people(db: sqlite_utils.Database) -> set[str]:
    rows = db.conn.execute(
        "SELECT DISTINCT user FROM events WHERE kind IN ('feedback_response', 'campaign_note')"
    )
    return {user for (user,) in rows}


def _active_sellers(
    db: sqlite_utils.Database, window: dict[str, str], marketing: set[str]
) -> set[str]:
    """People who opened, searched, rated or sent back in the window, marketing left out.

    A skip-scan of events(team, user, kind, ts): one seek per team and per
    person, then one seek per kind for the window. Scanning the events of the
    window instead cost 1.3 s at 1M events (bench/insights.py); this is a few ms.
    """
    seek = "SELECT min({col}) FROM events INDEXED BY events_team_user_kind WHERE {where}"
    teams = [window["team"]] if window["team"] else []
    if not teams:
        team = db.conn.execute(seek.format(col="team", where="team >= ''")).fetchone()[0]
        while team is not None:
            teams.append(team)
            team = db.conn.execute(seek.format(col="team", where="team > ?"), (team,)).fetchone()[0]
    active: set[str] = set()
    did = """
        SELECT 1 FROM events INDEXED BY events_team_user_kind
        WHERE team = ? AND user = ? AND kind = ? AND ts >= ? AND ts < ? LIMIT 1
    """
    for team in teams:
        user = db.conn.execute(seek.format(col="user", where="team = ?"), (team,)).fetchone()[0]
        while user is not None:
            if user not in active and user not in marketing and any(
                db.conn.execute(did, (team, user, kind, window["since"], window["until"])).fetchone()
                for kind in ("open", "search", "rate", "send_back")
            ):
                active.add(user)
            user = db.conn.execute(
                seek.format(col="user", where="team = ? AND user > ?"), (team, user)
            ).fetchone()[0]
    return active


def _library(db: sqlite_utils.Database, window: dict[str, str]) -> Library:
    # One team: seeks in events_opens_by_team (asset, team, ts). Everyone: the
    # (kind, asset, ts) index. "(:team = '' OR o.team = :team)" served both and
    # sent every open of every asset to the table for its team (1.1-1.3 s at 1M
    # events with a team, docs/benchmarks.md).
    if window["team"]:
        opens, team = "events o INDEXED BY events_opens_by_team", "AND o.team = :team"
    else:
        opens, team = "events o", ""
    assets, opened, never = db.conn.execute(
        f"""
        SELECT count(*),
               sum(EXISTS (SELECT 1 FROM {opens}
                           WHERE o.kind = 'open' AND o.asset_path = a.path {team}
                             AND o.ts >= :since AND o.ts < :until)),
               sum(NOT EXISTS (SELECT 1 FROM {opens}
                               WHERE o.kind = 'open' AND o.asset_path = a.path {team}
                                 AND o.ts < :until))
        FROM assets a WHERE a.removed = 0
        """,
        window,
    ).fetchone()
    return Library(
        assets=assets,
        opened_share=(opened / assets) if assets else None,
        never_opened=never or 0,
    )


def _send_backs(
    db: sqlite_utils.Database, window: dict[str, str]
) -> tuple[SendBacks, list[WaitingSendBack]]:
    raised = db.conn.execute(
        f"""
        SELECT e.uuid, e.ts, e.asset_path, coalesce(a.title, e.asset_path), coalesce(e.reason, '')
        FROM events e LEFT JOIN assets a ON a.path = e.asset_path
        WHERE e.kind = 'send_back' {_IN_WINDOW}
        ORDER BY e.ts, e.uuid
        """,
        window,
    ).fetchall()
    responses: dict[str, list[tuple[str, str]]] = {}
    for ref, ts, status in db.conn.execute(
        """
        SELECT r.ref_uuid, r.ts, r.status FROM events r INDEXED BY events_responses
        WHERE r.kind = 'feedback_response' AND r.ref_uuid IN (SELECT value FROM json_each(:ids))
        ORDER BY r.ref_uuid, r.ts, r.uuid
        """,
        {"ids": json.dumps([row[0] for row in raised])},
    ):
        responses.setdefault(ref, []).append((ts, status))
    to_first: list[float] = []
    to_fixed: list[float] = []
    waiting: list[WaitingSendBack] = []
    for ident, ts, path, title, reason in raised:
        answers = responses.get(ident, [])
        if answers:
            to_first.append(_hours(ts, answers[0][0]))
        latest = answers[-1][1] if answers else "new"
        if latest == "fixed":
            first_fixed = next(t for t, status in answers if status == "fixed")
            to_fixed.append(_hours(ts, first_fixed))
        if latest in FEEDBACK_STATUSES[:2]:  # new or acknowledged: still to do
            waiting.append(WaitingSendBack(path, title, reason, ts, latest))
    count = len(raised)
    return (
        SendBacks(
            raised=count,
            answered=len(to_first),
            fixed=len(to_fixed),
            acted_on_share=(len(to_fixed) / count) if count else None,
            median_hours_to_first_response=statistics.median(to_first) if to_first else None,
            median_hours_to_fixed=statistics.median(to_fixed) if to_fixed else None,
        ),
        waiting,
    )


def _content_requests(
    db: sqlite_utils.Database, window: dict[str, str]
) -> tuple[ContentRequests, list[str]]:
    last_searched: dict[str, str] = {}
    for query, ts in db.conn.execute(
        f"""
        SELECT e.query, e.ts FROM events e INDEXED BY events_no_hits
        WHERE e.kind = 'search' AND e.hits = 0 AND e.query IS NOT NULL {_IN_WINDOW}
        """,
        window,
    ):
        key = normalise_query(query)
        if key and ts > last_searched.get(key, ""):
            last_searched[key] = ts
    answered = answered_requests(db, last_searched)
    unanswered = sorted(
        (q for q in last_searched if q not in answered), key=lambda q: last_searched[q], reverse=True
    )
    return ContentRequests(queries=len(last_searched), answered=len(answered)), unanswered


def answered_requests(db: sqlite_utils.Database, searched: dict[str, str]) -> dict[str, str]:
    """Of {query: when it last found nothing}, those an asset added or changed since holds.

    Returns {query: the path of the first such asset}. Each word of the query
    must start a word of the asset's title, metadata, path or text.
    """
    if not searched:
        return {}
    wanted = {q: words for q, when in searched.items() if (words := query_words(q))}
    if not wanted:
        return {}
    oldest = min(searched[q] for q in wanted)
    candidates = db.conn.execute(
        """
        SELECT a.id, a.path, a.updated_at,
               a.title || ' ' || a.product || ' ' || a.persona || ' ' || a.stage || ' ' ||
               a.tags || ' ' || replace(replace(a.path, '/', ' '), '-', ' ')
        FROM assets a WHERE a.removed = 0 AND a.updated_at > ? ORDER BY a.updated_at, a.path
        """,
        (oldest,),
    ).fetchall()
    # Compiled once per query, not once per query and asset (re's cache holds 512).
    patterns = {q: [re.compile(rf"\b{re.escape(w)}") for w in words] for q, words in wanted.items()}
    found: dict[str, str] = {}
    texts: dict[int, str] = {}
    for asset_id, path, updated, head in candidates:
        for query, words in patterns.items():
            if query in found or updated <= searched[query]:
                continue
            if asset_id not in texts:
                body = " ".join(
                    t for (t,) in db.conn.execute(
                        "SELECT text FROM sections WHERE asset_id = ?", (asset_id,)
                    )
                )  # fmt: skip
                texts[asset_id] = f"{head} {body}".casefold()
            if all(word.search(texts[asset_id]) for word in words):
                found[query] = path
    return found


def query_words(query: str) -> list[str]:
    """The words a request asks for: field names, operators and syntax left out."""
    words: list[str] = []
    for token in query.casefold().split():
        token = token.lstrip("-")
        if ":" in token:
            token = token.split(":", 1)[1]
        if token in _OPERATORS:
            continue
        words += _WORD_RE.findall(token)
    return words


def _campaigns(
    db: sqlite_utils.Database, period: Period, window: dict[str, str], active: set[str]
) -> Campaigns:
    notes = [n for n in campaign_notes(db) if period.since <= n.launch_date <= period.until]
    if not notes:
        return Campaigns(0, None, [])
    first_read: dict[tuple[str, str], str] = {}
    for note, user, ts in db.conn.execute(
        """
        SELECT ref_uuid, user, min(ts) FROM events
        WHERE kind = 'campaign_read' AND ref_uuid IN (SELECT value FROM json_each(?))
        GROUP BY ref_uuid, user
        """,
        (json.dumps([n.id for n in notes]),),
    ):
        first_read[(note, user)] = ts
    reads = []
    for note in sorted(notes, key=lambda n: (n.launch, n.title)):
        launch_ts = f"{note.launch}T00:00:00.000Z"
        before = sum(1 for u in active if first_read.get((note.id, u), "~") < launch_ts)
        after = sum(1 for u in active if launch_ts <= first_read.get((note.id, u), "") )
        reads.append(
            CampaignReads(
                note.id, note.title, note.launch, before, after,
                (before / len(active)) if active else None,
            )  # fmt: skip
        )
    shares = [r.share_before_launch for r in reads if r.share_before_launch is not None]
    return Campaigns(len(notes), statistics.fmean(shares) if shares else None, reads)


def _hours(start: str, end: str) -> float:
    return max(0.0, (_moment(end) - _moment(start)).total_seconds() / 3600)


def _moment(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(UTC)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _rounded(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _round(v) if isinstance(v, float) else v for k, v in values.items()}


def iter_kpis(figures: ScorecardFigures) -> Iterable[tuple[str, str, Any]]:
    """(group, key, value) for every headline number, in the JSON's order."""
    for group in ("library", "send_backs", "content_requests", "campaigns", "sellers"):
        for key, value in figures.as_json()[group].items():
            if key != "notes":
                yield group, key, value
