"""`enablement sync` and `enablement insights`: the same core calls the window makes.

Exit codes: 0 ok, 1 the shared folder was not reachable (events stay queued),
2 usage error (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

from enablement_desktop.briefs.messaging import library_root, load_messaging
from enablement_desktop.briefs.messaging_usage import MessageUse, messaging_usage
from enablement_desktop.context import Context, command_context
from enablement_desktop.usage import insights
from enablement_desktop.usage.csv_export import to_csv
from enablement_desktop.usage.sync import data_as_of, sync

MAX_WEEKS = 520  # ten years of weekly columns
MAX_DAYS = 3_660
_SHOWN = 15  # rows per table on screen; --json and --csv carry everything


class Queue(NamedTuple):
    """Which page of the send-back queue: `limit` rows (None = all) after `offset`."""

    limit: int | None
    offset: int


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `sync` and `insights`; each sets `func(args) -> exit code`."""
    sync_parser = subparsers.add_parser(
        "sync", help="send local events to the shared folder and import everyone's"
    )
    sync_parser.add_argument(
        "--folder", metavar="DIR", help="shared folder (default: the one in settings)"
    )
    sync_parser.add_argument(
        "--server", metavar="DSN", help="organisation PostgreSQL server instead of a folder"
    )
    sync_parser.set_defaults(func=run_sync)

    parser = subparsers.add_parser("insights", help="usage figures for marketers")
    parser.add_argument("--since", metavar="DATE", help="first day counted, e.g. 2026-01-31")
    parser.add_argument("--until", metavar="DATE", help="last day counted")
    parser.add_argument("--product", default="", help="only assets of this product")
    parser.add_argument("--persona", default="", help="only assets for this persona")
    parser.add_argument("--team", default="", help="only events from this team")
    parser.add_argument("--weeks", type=int, default=12, help="heatmap weeks (default 12)")
    parser.add_argument("--days", type=int, default=90, help="'not opened in N days' (default 90)")
    parser.add_argument(
        "--queue-page", type=int, default=1, metavar="N",
        help="which page of the send-back queue (default 1: the first, open items first)",
    )
    parser.add_argument(
        "--queue-size", type=int, default=insights.PAGE_SIZE, metavar="N",
        help=f"send-backs per page (default {insights.PAGE_SIZE}; 0 = all)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--csv", metavar="DIR", help="also write every table as CSV into DIR")
    parser.add_argument(
        "--server", metavar="DSN", help="compute on the organisation PostgreSQL server"
    )
    parser.set_defaults(func=run_insights)


def run_sync(args: argparse.Namespace) -> int:
    if args.server:
        from enablement_desktop.server.cli_sync import run_server_sync

        return run_server_sync(args)
    ctx = command_context(args)
    try:
        folder = args.folder or ctx.settings.sync_folder
        if not folder:
            print(
                "No shared folder set. Pass --folder DIR, or choose one in Settings.",
                file=sys.stderr,
            )
            return 2
        result = sync(ctx.db, ctx.settings, folder)
    finally:
        ctx.close()
    print(result.message)
    for message in result.imported.messages:
        print(f"  {message}")
    return 0 if result.flush.reachable and not result.busy else 1


def run_insights(args: argparse.Namespace) -> int:
    try:
        filters = insights.Filters(
            since=args.since,
            until=args.until,
            product=args.product,
            persona=args.persona,
            team=args.team,
        )
    except ValueError as exc:
        print(f"insights: {exc}", file=sys.stderr)
        return 2
    if not 1 <= args.weeks <= MAX_WEEKS or not 1 <= args.days <= MAX_DAYS:
        print(f"insights: --weeks must be from 1 to {MAX_WEEKS} and --days from 1 to {MAX_DAYS:,}",
              file=sys.stderr)
        return 2
    if args.queue_page < 1 or args.queue_size < 0:
        print("insights: --queue-page must be 1 or more and --queue-size 0 (all) or more",
              file=sys.stderr)
        return 2
    queue = Queue(args.queue_size or None, (args.queue_page - 1) * args.queue_size)
    ctx = command_context(args)
    try:
        if args.server:
            from enablement_desktop.server.cli_sync import server_figures_or_message

            figures = server_figures_or_message(ctx, args.server, filters, args.weeks, args.days,
                                                queue)
            if figures is None:
                return 1
            # Not on the server yet: messaging usage reads this laptop's own events.
            figures["messaging"] = _figures_messaging(ctx, filters)
        else:
            figures = _figures(ctx, filters, args.weeks, args.days, queue)
    finally:
        ctx.close()
    if args.csv:
        _write_csvs(figures, Path(args.csv))
    if args.json:
        print(json.dumps(_as_json(figures), indent=2, ensure_ascii=False))
    else:
        print(_as_text(figures))
    return 0


def _figures(
    ctx: Context, filters: insights.Filters, weeks: int, days: int, queue: Queue
) -> dict[str, Any]:
    db, per_person = ctx.db, ctx.settings.per_person_insights
    return {
        "filters": filters,
        "data_as_of": data_as_of(db),
        "opens_heatmap": insights.opens_heatmap(db, weeks, "total", filters),
        "unused": insights.unused(db, days, filters=filters),
        "coverage_persona": insights.coverage(db, "persona", filters),
        "coverage_stage": insights.coverage(db, "stage", filters),
        "ratings": insights.ratings(db, filters, per_person=per_person),
        "send_back_queue": insights.send_back_page(
            db, per_person=per_person, filters=filters, limit=queue.limit, offset=queue.offset
        ),
        "content_requests": insights.content_requests(db, filters),
        "activity_by": "person" if per_person else "team",
        "activity": insights.by_person(db, ctx.settings, filters),
        "messaging": _figures_messaging(ctx, filters),
    }


def _figures_messaging(ctx: Context, filters: insights.Filters) -> Any:
    return messaging_usage(ctx.db, load_messaging(library_root(ctx.settings)), filters)


def _write_csvs(figures: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("opens_heatmap", "unused", "coverage_persona", "coverage_stage", "ratings"):
        to_csv(figures[name], folder / f"{name}.csv")
    to_csv(
        figures["ratings"].comments, folder / "rating_comments.csv", row_type=insights.RatingComment
    )
    to_csv(
        figures["send_back_queue"].rows, folder / "send_back_queue.csv", row_type=insights.SendBack
    )
    to_csv(
        figures["content_requests"],
        folder / "content_requests.csv",
        row_type=insights.ContentRequest,
    )
    to_csv(figures["activity"], folder / "activity.csv", row_type=insights.GroupActivity)
    to_csv(figures["messaging"], folder / "messaging.csv", row_type=MessageUse)


def _as_json(figures: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in figures.items():
        if isinstance(value, insights.Filters):
            out[name] = {k: (str(v) if v else None) for k, v in asdict(value).items()}
        elif isinstance(value, insights.Unused):
            out[name] = {
                **asdict(value),
                "share": round(value.share, 4),
                "sentence": value.sentence,
            }
        elif isinstance(value, insights.SendBackPage):
            # The page's rows where the whole queue used to be, and where they sit in it.
            out[name] = [asdict(item) for item in value.rows]
            out["send_back_page"] = {
                "total": value.total, "open": value.open, "offset": value.offset,
                "shown": len(value.rows),
            }
        elif isinstance(value, insights.Coverage):
            out[name] = {**asdict(value), "gaps": [list(gap) for gap in value.gaps()]}
        elif isinstance(value, list):
            out[name] = [asdict(item) for item in value]
        elif hasattr(value, "__dataclass_fields__"):
            out[name] = asdict(value)
        else:
            out[name] = value
    return out


def _as_text(figures: dict[str, Any]) -> str:
    heat: insights.Heatmap = figures["opens_heatmap"]
    unused: insights.Unused = figures["unused"]
    ratings: insights.Ratings = figures["ratings"]
    parts = [
        "Data as of: "
        + (", ".join(f"{w} {ts[:16]}" for w, ts in figures["data_as_of"].items()) or "no sync yet"),
        _section(
            f"Opens per week (max {heat.max})",
            ["title", *(c[-3:] for c in heat.columns)],
            [[t, *c] for t, c in zip(heat.titles, heat.counts, strict=True)],
        ),
        _section(
            unused.sentence,
            ["title", "last opened"],
            [[u.title, u.last_opened[:10] or "never"] for u in unused.assets],
        ),
    ]
    for key in ("coverage_persona", "coverage_stage"):
        cov: insights.Coverage = figures[key]
        if cov.rows == cov.columns == [insights.NONE_LABEL]:
            # One "(none)" cell says nothing: say why, and where the metadata goes.
            parts.append(f"Coverage: product × {cov.by}\n  no asset has a product or {cov.by} yet: marketing "
                         "sets them in collateral.csv at the library root (README, \"Metadata for filters\")")
            continue
        parts.append(
            _section(
                f"Coverage: product × {cov.by} (assets/opens; {len(cov.gaps())} gaps)",
                ["product", *cov.columns],
                [
                    [r, *(f"{c.assets}/{c.opens}" for c in cells)]
                    for r, cells in zip(cov.rows, cov.cells, strict=True)
                ],
            )
        )
    parts += [
        _section(
            "Lowest rated",
            ["title", "avg", "ratings"],
            [[r.title, f"{r.avg_rating:.1f}", r.ratings] for r in ratings.assets],
        ),
        _section(
            "Rating comments",
            ["title", "rating", "team", "comment"],
            [[c.title, c.rating, c.user or c.team, c.comment] for c in ratings.comments],
        ),
        _section(
            _queue_title(figures["send_back_queue"]),
            ["status", "title", "reason", "team", "comment"],
            [
                [s.status, s.title, s.reason, s.user or s.team, s.comment]
                for s in figures["send_back_queue"].rows
            ],
        ),
        _section(
            "Searches that found nothing",
            ["query", "searches", "people"],
            [[c.query, c.searches, c.people] for c in figures["content_requests"]],
        ),
        _section(
            f"Activity by {figures['activity_by']}",
            ["group", "people", "opens", "searches", "ratings", "send-backs", "briefs"],
            [
                [a.group, a.people, a.opens, a.searches, a.ratings, a.send_backs, a.brief_exports]
                for a in figures["activity"]
            ],
        ),
        _section(
            "Approved messaging on briefs",
            ["block", "kind", "briefs", "edited", "last used"],
            [[m.id, m.kind, m.used_on_briefs, m.edited, m.last_used[:10] or "never"]
             for m in figures["messaging"]],
        ),
    ]
    return "\n\n".join(parts)


def _queue_title(page: insights.SendBackPage) -> str:
    if not page.rows:
        return f"Send-back queue ({page.total:,} in all, {page.open:,} open)"
    first, last = page.offset + 1, page.offset + len(page.rows)
    more = "; --queue-page for the others" if len(page.rows) < page.total else ""
    return f"Send-back queue ({first:,}–{last:,} of {page.total:,}, {page.open:,} open{more})"


def _section(title: str, header: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return f"{title}\n  (nothing yet)"
    shown = [[_clip(str(cell)) for cell in row] for row in rows[:_SHOWN]]
    widths = [max(len(h), *(len(r[i]) for r in shown)) for i, h in enumerate(header)]
    lines = [title, "  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in shown]
    if len(rows) > _SHOWN:
        lines.append(f"  … {len(rows) - _SHOWN} more (use --json or --csv)")
    return "\n".join(lines)


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
