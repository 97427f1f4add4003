"""How the window words moments: '26 Nov 2026', '26 Nov 2026, 14:05', '5 min ago' (local time)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def long_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def parse_ts(ts: str | None) -> datetime | None:
    """An event timestamp ('2026-11-26T20:15:03.120Z') as an aware datetime; None when absent or bad."""
    if not ts:
        return None
    try:
        moment = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_date(ts: str) -> str:
    """'26 Nov 2026' for an event timestamp, in the local time zone; '' when absent."""
    moment = parse_ts(ts)
    return long_date(moment.astimezone().date()) if moment else ts


def local_time(ts: str) -> str:
    """'26 Nov 2026, 14:05' for an event timestamp, in the local time zone."""
    moment = parse_ts(ts)
    if moment is None:
        return ts
    local = moment.astimezone()
    return f"{long_date(local.date())}, {local:%H:%M}"


def relative_time(iso: str | None, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', 'yesterday', '12 Mar 2026' — how people say when."""
    if not iso:
        return "never"
    then = parse_ts(iso)
    if then is None:
        return iso
    seconds = ((now or datetime.now(UTC)) - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 2 * 86400:
        return "yesterday"
    return local_date(iso)
