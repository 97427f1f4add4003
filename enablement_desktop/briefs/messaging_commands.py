"""`enablement messaging check|list`: the messaging library from the command line.

Exit codes: 0 ok; 1 `check` found problems (or no library); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from enablement_desktop.briefs.messaging import (
    Block,
    Messaging,
    block_to_dict,
    load_messaging,
    messaging_dir,
)
from enablement_desktop.context import command_context

EXPIRING_DAYS = 30  # "expires soon" in check's report: a month to get a claim re-approved


def add_commands(
    subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser | None = None
) -> None:
    parents = [common] if common else []
    parser = subparsers.add_parser("messaging", help="the approved messaging blocks briefs are built from")
    actions = parser.add_subparsers(dest="messaging_action", metavar="ACTION", required=True)

    p = actions.add_parser("check", parents=parents, help="validate messaging/*.json in the library")
    p.add_argument("--library", metavar="DIR", help="library folder (default: the indexed one)")
    p.set_defaults(handler=cmd_check)

    p = actions.add_parser("list", parents=parents, help="list the messaging blocks")
    p.add_argument("--library", metavar="DIR", help="library folder (default: the indexed one)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_list)


def _library(args: argparse.Namespace) -> Path | None:
    if args.library:
        return Path(args.library)
    ctx = command_context(args)
    try:
        return ctx.library
    finally:
        ctx.close()


def _fail(message: str, code: int) -> int:
    print(f"enablement messaging: {message}", file=sys.stderr)
    return code


def cmd_check(args: argparse.Namespace) -> int:
    root = _library(args)
    if root is None:
        return _fail("no library yet: pass --library DIR or run `enablement index --library DIR`", 2)
    if not root.is_dir():
        return _fail(f"the library folder {root} does not exist or is not reachable", 1)
    library = load_messaging(root)
    if not library.files:
        print(f"No messaging library: add {messaging_dir(root)}/*.json (see docs/briefs.md).")
        return 0
    today = date.today()
    for problem in library.problems:
        print(problem)
    expired = [b for b in library.blocks.values() if b.expired(today)]
    soon = [b for b in library.blocks.values()
            if not b.expired(today) and b.expires and b.expires <= today + timedelta(days=EXPIRING_DAYS)]
    for block in expired:
        print(f"{block.file}: {block.id}: expired on {block.expires} — briefs can't use it until it is renewed")
    for block in soon:
        print(f"{block.file}: {block.id}: expires on {block.expires}")
    files, blocks = len(library.files), len(library.blocks)
    summary = (f"{blocks} block{'s' if blocks != 1 else ''} in {files} file{'s' if files != 1 else ''}"
               f", {len(library.problems)} problem{'s' if len(library.problems) != 1 else ''}")
    if expired:
        summary += f", {len(expired)} expired"
    if soon:
        summary += f", {len(soon)} expiring within {EXPIRING_DAYS} days"
    print(summary)
    return 1 if library.problems else 0


def _status(block: Block, today: date) -> str:
    return "expired" if block.expired(today) else "current"


def cmd_list(args: argparse.Namespace) -> int:
    root = _library(args)
    if root is None:
        return _fail("no library yet: pass --library DIR or run `enablement index --library DIR`", 2)
    library = load_messaging(root)
    today = date.today()
    if args.json:
        print(json.dumps(as_json(library, today), indent=2, ensure_ascii=False))
        return 0
    if not library.blocks:
        print(f"No messaging blocks in {messaging_dir(root)}." +
              (f" {len(library.problems)} problems: run `enablement messaging check`." if library.problems else ""))
        return 0
    for block in sorted(library.blocks.values(), key=lambda b: (b.kind, b.product, b.persona, b.id)):
        scope = " · ".join(x for x in (block.product, block.persona, block.industry) if x) or "any"
        flag = "  [expired]" if block.expired(today) else ""
        print(f"{block.id}  ({block.kind}; {scope}; until {block.expires}){flag}")
        print(f"    {block.summary}")
    if library.problems:
        print(f"{len(library.problems)} problems: run `enablement messaging check`.", file=sys.stderr)
    return 0


def as_json(library: Messaging, today: date) -> dict[str, Any]:
    return {
        "blocks": [
            {**block_to_dict(b), "version": b.version, "file": b.file, "status": _status(b, today)}
            for b in library.blocks.values()
        ],
        "problems": [{"path": p.path, "message": p.message} for p in library.problems],
    }
