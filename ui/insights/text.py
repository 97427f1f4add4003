"""How the Insights view words numbers, dates and durations (one place, so every section agrees)."""

from __future__ import annotations

from datetime import date

from enablement_desktop.text import plural
from ui.dates import local_date, local_time, long_date  # noqa: F401 - one formatter for the window

__all__ = ["plural"]  # re-exported: the Insights modules take their wording from here


def week_monday(label: str) -> date:
    """The Monday of an ISO week label such as '2026-W48'."""
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def short_date(day: date) -> str:
    return f"{day.day} {day:%b}"


def duration(ms: float | None) -> str:
    """'12 s', '4 min 10 s', '1 h 5 min'; '–' when unknown."""
    if ms is None:
        return "–"
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
