"""The scorecard as rows people read: one label, this period, the previous one, and the trend.

The CLI, the one-page PDF and the Insights → Scorecard section all show these
rows, so the three never disagree on a label, a rounding or an arrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from enablement_desktop.usage.insights import percent_text
from enablement_desktop.usage.scorecard import Scorecard, ScorecardFigures

Side = Literal["marketing", "sales"]
Trend = Literal["up", "down", "same", ""]  # "" = nothing to compare


@dataclass(frozen=True)
class KpiRow:
    side: Side
    label: str
    value: str  # this period, e.g. "50% (2 of 4)"
    previous: str  # the previous period, e.g. "100%"; "–" when nothing was measured
    trend: Trend
    good: bool | None  # is the trend good news? None when there is no trend or no direction
    help: str  # one sentence: what is counted


def kpi_rows(card: Scorecard) -> list[KpiRow]:
    now, before = card.current, card.previous
    rows: list[KpiRow] = []

    def add(side: Side, label: str, help_: str, better: str, cur, prev, fmt) -> None:  # noqa: ANN001
        trend = _trend(cur, prev)
        good = None if trend in ("", "same") or not better else (trend == better)
        rows.append(KpiRow(side, label, fmt(now, cur), fmt(before, prev) if prev is not None else "–",
                           trend, good, help_))  # fmt: skip

    sb, psb = now.send_backs, before.send_backs
    add("marketing", "Send-backs fixed", "Send-backs raised in the period whose latest answer is "
        "“fixed”.", "up", sb.acted_on_share, psb.acted_on_share,
        lambda f, v: _share(f.send_backs.fixed, f.send_backs.raised))  # fmt: skip
    add("marketing", "Send-backs answered", "Send-backs raised in the period that have any answer.",
        "up", _ratio(sb.answered, sb.raised), _ratio(psb.answered, psb.raised),
        lambda f, v: _share(f.send_backs.answered, f.send_backs.raised))  # fmt: skip
    add("marketing", "Time to first answer", "Median hours from a send-back to its first answer.",
        "down", sb.median_hours_to_first_response, psb.median_hours_to_first_response,
        lambda f, v: hours_text(v))  # fmt: skip
    add("marketing", "Time to fixed", "Median hours from a send-back to the answer “fixed”.",
        "down", sb.median_hours_to_fixed, psb.median_hours_to_fixed, lambda f, v: hours_text(v))
    cr, pcr = now.content_requests, before.content_requests
    add("marketing", "Content requests answered", "Searches that found nothing, answered by an "
        "asset added or changed since.", "up", _ratio(cr.answered, cr.queries),
        _ratio(pcr.answered, pcr.queries),
        lambda f, v: _of(f.content_requests.answered, f.content_requests.queries))  # fmt: skip
    add("marketing", "Campaigns announced", "Campaign notes launching in the period.", "up",
        now.campaigns.announced, before.campaigns.announced, lambda f, v: f"{v:,}")
    add("marketing", "Sellers who read before launch", "Per campaign, the share of active "
        "sellers who opened its note before launch day; the mean over campaigns.", "up",
        now.campaigns.seen_before_launch_share, before.campaigns.seen_before_launch_share,
        lambda f, v: "–" if v is None else f"{round(v * 100)}%")  # fmt: skip

    lib, plib = now.library, before.library
    add("sales", "Active sellers", "People who opened, searched, rated or sent back in the period "
        "(marketing not counted).", "up", now.sellers.active, before.sellers.active,
        lambda f, v: f"{v:,}")  # fmt: skip
    add("sales", "Library opened", "Assets opened at least once in the period.", "up",
        lib.opened_share, plib.opened_share,
        lambda f, v: _share(round((f.library.opened_share or 0) * f.library.assets),
                            f.library.assets))  # fmt: skip
    add("sales", "Never opened", "Assets nobody has ever opened, up to the period's end.", "down",
        lib.never_opened, plib.never_opened, lambda f, v: f"{v:,}")
    add("sales", "Briefs exported", "One-page briefs printed or exported (an export counts once).",
        "up", now.sellers.briefs_exported, before.sellers.briefs_exported, lambda f, v: f"{v:,}")
    add("sales", "Ratings", "Ratings given in the period.", "up", now.sellers.ratings,
        before.sellers.ratings, lambda f, v: f"{v:,}")
    add("sales", "Send-backs raised", "Collateral sellers sent back to marketing.", "",
        now.sellers.send_backs, before.sellers.send_backs, lambda f, v: f"{v:,}")
    return rows


def hours_text(hours: float | None) -> str:
    if hours is None:
        return "–"
    if hours < 48:
        return f"{hours:.0f} h" if float(hours).is_integer() else f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


def period_text(figures: ScorecardFigures) -> str:
    p = figures.period
    return f"{long_date(p.since)} – {long_date(p.until)}"


def long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _share(part: int, whole: int) -> str:
    return "–" if not whole else f"{percent_text(part, whole)} ({part:,} of {whole:,})"


def _of(part: int, whole: int) -> str:
    return "–" if not whole else f"{part:,} of {whole:,}"


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _trend(current: float | int | None, previous: float | int | None) -> Trend:
    if current is None or previous is None:
        return ""
    if abs(current - previous) < 1e-9:
        return "same"
    return "up" if current > previous else "down"
