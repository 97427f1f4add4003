"""`enablement scorecard`, `enablement whats-new` and `enablement campaign`: the same core calls
the window makes. Exit codes: 0 ok, 1 failure, 2 usage error (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from enablement_desktop.context import command_context
from enablement_desktop.usage import campaigns, whats_new
from enablement_desktop.usage.filters import parse_date
from enablement_desktop.usage.scorecard import DEFAULT_DAYS, Period, Scorecard, scorecard
from enablement_desktop.usage.scorecard_rows import kpi_rows, long_date, period_text

_ARROWS = {"up": "▲", "down": "▼", "same": "=", "": " "}


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "scorecard", help="both sides' KPIs for a period, with the trend against the period before"
    )
    p.add_argument("--since", metavar="DATE", help=f"first day (default: {DEFAULT_DAYS} days to --until)")
    p.add_argument("--until", metavar="DATE", help="last day (default: today, UTC)")
    p.add_argument("--team", default="", help="only this sellers' team")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--pdf", metavar="OUT", help="also write the one-page PDF for the review meeting")
    p.add_argument("--paper", choices=("letter", "a4"), default="a4", help="PDF paper (default a4)")
    p.set_defaults(func=run_scorecard)

    p = subparsers.add_parser("whats-new", help="what changed for you: assets, answers, campaigns")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--all", action="store_true", help="list read items too")
    p.add_argument("--mark-read", metavar="KEY", action="append", default=[],
                   help="mark this item read (repeatable)")
    p.add_argument("--mark-all-read", action="store_true", help="mark every item read")
    p.set_defaults(func=run_whats_new)

    p = subparsers.add_parser("campaign", help="campaign notes from marketing")
    sub = p.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="write a campaign note (marketers)")
    add.add_argument("--title", required=True)
    add.add_argument("--launch", required=True, metavar="DATE", help="launch day, e.g. 2026-12-01")
    add.add_argument("--product", action="append", default=[], help="repeatable")
    add.add_argument("--persona", action="append", default=[], help="repeatable")
    add.add_argument("--asset", action="append", default=[], metavar="PATH",
                     help="a linked asset's path in the library (repeatable)")
    add.add_argument("--talk-track", default="", help="what sellers should say, briefly")
    add.set_defaults(func=run_campaign_add)
    listing = sub.add_parser("list", help="every campaign note, latest launch first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_campaign_list)


# --- scorecard -------------------------------------------------------------


def run_scorecard(args: argparse.Namespace) -> int:
    try:
        period = parse_period(args.since, args.until)
    except ValueError as exc:
        print(f"scorecard: {exc}", file=sys.stderr)
        return 2
    ctx = command_context(args)
    try:
        card = scorecard(ctx.db, period, args.team.strip())
    finally:
        ctx.close()
    if args.pdf:
        from enablement_desktop.usage.scorecard_pdf import write_scorecard_pdf

        result = write_scorecard_pdf(card, Path(args.pdf), paper=args.paper)
        note = f"; left off: {'; '.join(result.cut)}" if result.cut else ""
        print(f"Wrote {args.pdf} (one page, {result.font_size:g} pt{note})", file=sys.stderr)
    if args.json:
        print(json.dumps(card.as_json(), indent=2, ensure_ascii=False))
    else:
        print(scorecard_text(card))
    return 0


def parse_period(since: str | None, until: str | None, today: date | None = None) -> Period:
    """Whole UTC days; ValueError names a bad date."""
    last = _date("until", until) or today or datetime.now(UTC).date()
    first = _date("since", since)
    return Period(first, last) if first else Period.ending(last)


def _date(name: str, value: str | None) -> date | None:
    return parse_date(value.strip() if value else value, f"--{name}")


def scorecard_text(card: Scorecard) -> str:
    rows = kpi_rows(card)
    width = max(len(r.label) for r in rows) + 2
    value_width = max(len(r.value) for r in rows) + 2
    lines = [
        f"Scorecard · {period_text(card.current)} · {('team ' + card.team) if card.team else 'all teams'}",
        f"Compared with {period_text(card.previous)}",
    ]
    for side, title in (("marketing", "Marketing"), ("sales", "Sales")):
        lines += ["", title]
        for r in (r for r in rows if r.side == side):
            trend = f"{_ARROWS[r.trend]} {r.previous} in the previous period" if r.trend else ""
            lines.append(f"  {r.label.ljust(width)}{r.value.ljust(value_width)}{trend}".rstrip())
    notes = card.current.campaigns.notes
    if notes:
        lines += ["", "Campaigns"]
        active = card.current.sellers.active
        for n in notes:
            lines.append(
                f"  {n.title} (launch {long_date(date.fromisoformat(n.launch))}): "
                f"{n.read_before_launch} of {active} active sellers read it before launch, "
                f"{n.read_after_launch} after"
            )
    waiting = card.current.waiting_send_backs
    if waiting:
        lines += ["", "Send-backs still open"]
        lines += [f"  {w.status:<13}{w.raised[:10]}  {w.title} ({w.reason})" for w in waiting]
    if card.current.unanswered_requests:
        lines += ["", "Searches that still find nothing"]
        lines += [f"  {q}" for q in card.current.unanswered_requests]
    return "\n".join(lines)


# --- what's new ------------------------------------------------------------


def run_whats_new(args: argparse.Namespace) -> int:
    ctx = command_context(args)
    try:
        if args.mark_all_read:
            whats_new.mark_all_read(ctx.db, ctx.settings.user)
        unknown = [k for k in args.mark_read if not whats_new.mark_read(ctx.db, ctx.settings.user, k)]
        inbox = whats_new.refresh(ctx.db, ctx.settings)
    finally:
        ctx.close()
    if unknown:
        print(f"whats-new: no item {', '.join(map(repr, unknown))}; "
              "run `enablement whats-new --all` to see the keys", file=sys.stderr)  # fmt: skip
        return 2
    items = inbox.items if args.all else [i for i in inbox.items if not i.read]
    if args.json:
        print(json.dumps({"unread": inbox.unread, "items": [i.as_json() for i in items]},
                         indent=2, ensure_ascii=False))  # fmt: skip
        return 0
    if not items:
        print("Nothing new." if not args.all else "Nothing here yet.")
        return 0
    print(f"{inbox.unread} unread")
    for item in items:
        mark = " " if item.read else "•"
        print(f"\n{mark} {item.heading}: {item.title}\n  {item.detail}\n  [{item.key}]".rstrip())
    return 0


# --- campaign notes --------------------------------------------------------


def run_campaign_add(args: argparse.Namespace) -> int:
    ctx = command_context(args)
    try:
        note = campaigns.write_note(
            ctx.db, ctx.settings, title=args.title, launch=args.launch, products=args.product,
            personas=args.persona, assets=args.asset, talk_track=args.talk_track,
        )  # fmt: skip
    except ValueError as exc:
        print(f"enablement: {exc}", file=sys.stderr)
        return 2
    finally:
        ctx.close()
    print(f"Campaign note saved ({note}); it reaches sellers at the next sync.")
    return 0


def run_campaign_list(args: argparse.Namespace) -> int:
    ctx = command_context(args)
    try:
        notes = campaigns.campaign_notes(ctx.db)
    finally:
        ctx.close()
    if args.json:
        from dataclasses import asdict

        print(json.dumps([asdict(n) for n in notes], indent=2, ensure_ascii=False))
        return 0
    if not notes:
        print("No campaign notes yet.")
    for n in notes:
        print(f"{n.launch}  {n.title}  ({', '.join(n.products + n.personas) or 'everyone'})")
    return 0
