"""`enablement rate`, `send-back` and `answer`: what the window's dialogs do, scriptable."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from enablement_desktop.context import command_context
from enablement_desktop.usage import feedback
from enablement_desktop.usage.validate import FEEDBACK_STATUSES, SEND_BACK_REASONS


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("rate", help="rate an asset 1-5 stars")
    p.add_argument("path", help="the asset, relative to the library folder (or a path inside it)")
    p.add_argument("stars", type=int, choices=range(1, 6), metavar="1-5")
    p.add_argument("--comment", default="", help="what makes it good or weak")
    p.set_defaults(func=run_rate)

    p = subparsers.add_parser("send-back", help="send an asset back to marketing, with the reason")
    p.add_argument("path", help="the asset, relative to the library folder (or a path inside it)")
    p.add_argument("--reason", required=True, help=f"one of: {', '.join(SEND_BACK_REASONS)}")
    p.add_argument("--comment", default="", help="what is wrong (required for 'other')")
    p.add_argument("--page", type=int, help="the page or slide it is about")
    p.set_defaults(func=run_send_back)

    p = subparsers.add_parser("answer", help="marketing's answer to a send-back")
    p.add_argument("send_back_id", metavar="SEND_BACK_ID", help="its id (8+ characters are enough)")
    p.add_argument("--status", required=True, help=f"one of: {', '.join(FEEDBACK_STATUSES)}")
    p.add_argument("--comment", default="", help="what was done, for the seller")
    p.set_defaults(func=run_answer)


def run_rate(args: argparse.Namespace) -> int:
    return _run(args, lambda ctx: feedback.rate(ctx.db, ctx.settings, _relative(ctx, args.path), args.stars,
                                                args.comment), "Rated {path}: {stars} of 5.")


def run_send_back(args: argparse.Namespace) -> int:
    return _run(args, lambda ctx: feedback.send_back(ctx.db, ctx.settings, _relative(ctx, args.path),
                                                     args.reason, args.comment, args.page),
                "Sent {path} back to marketing ({reason}); its id is {id}.")


def run_answer(args: argparse.Namespace) -> int:
    return _run(args, lambda ctx: feedback.answer(ctx.db, ctx.settings, args.send_back_id, args.status,
                                                  args.comment),
                "Answered send-back {send_back_id}: {status}. It reaches the seller at the next sync.")


def _run(args: argparse.Namespace, record, done: str) -> int:
    ctx = command_context(args)
    try:
        uuid = record(ctx)
    except feedback.FeedbackError as exc:
        print(f"enablement: {exc}", file=sys.stderr)
        return 2
    finally:
        ctx.close()
    print(done.format(id=uuid, **vars(args)))
    return 0


def _relative(ctx, path: str) -> str:
    """A path typed from anywhere inside the library becomes the library-relative asset path."""
    library = ctx.library
    candidate = Path(path).expanduser()
    if library is None or not (candidate.is_absolute() or candidate.exists()):
        return path
    try:
        return candidate.resolve().relative_to(library.resolve()).as_posix()
    except ValueError:
        return path
