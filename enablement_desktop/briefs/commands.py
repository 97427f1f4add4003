"""`enablement brief export|new|list`: thin wrappers over the same core calls the window makes.

Exit codes: 0 ok, 1 failure (collateral refused, file not writable), 2 usage
error (bad arguments, unreadable or invalid brief JSON, unknown asset).
"""

from __future__ import annotations

import argparse
import stat
import sys
from pathlib import Path

from enablement_desktop.briefs import messaging_commands
from enablement_desktop.briefs.block_links import BlocksRefused
from enablement_desktop.briefs.export import CollateralRefused, export_brief
from enablement_desktop.briefs.from_asset import brief_from_asset
from enablement_desktop.briefs.messaging import library_root, load_messaging
from enablement_desktop.briefs.model import BriefError, brief_from_json, brief_to_json
from enablement_desktop.briefs.store import list_briefs
from enablement_desktop.context import command_context
from enablement_desktop.store.db import StoreError


def add_commands(
    subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser | None = None
) -> None:
    """Register `brief` and its actions; each sets `handler(args) -> exit code`.

    `common` (optional) is a parent parser with shared options such as --data-dir.
    """
    parents = [common] if common else []
    brief = subparsers.add_parser("brief", help="one-page messaging briefs (PDF)")
    actions = brief.add_subparsers(dest="brief_action", metavar="ACTION", required=True)

    p = actions.add_parser("export", parents=parents, help="render a brief JSON file to a one-page PDF")
    p.add_argument("brief", metavar="BRIEF.json")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--paper", choices=("letter", "a4"), help="default: the brief's, else letter")
    p.add_argument("--name", help="store it as a version of the brief with this name "
                                  "(default: the file name without .json)")
    p.set_defaults(handler=cmd_export)

    p = actions.add_parser("new", parents=parents, help="draft a brief from a library asset")
    p.add_argument("--from", dest="from_path", required=True, metavar="PATH",
                   help="the asset's path relative to the library")
    p.add_argument("-o", "--output", required=True, metavar="BRIEF.json")
    p.add_argument("--force", action="store_true", help="overwrite BRIEF.json if it exists")
    p.set_defaults(handler=cmd_new)

    p = actions.add_parser("list", parents=parents, help="briefs stored by exports, newest first")
    p.set_defaults(handler=cmd_list)

    messaging_commands.add_commands(subparsers, common)


MAX_BRIEF_BYTES = 1_000_000  # a one-page brief is a few KB; this is far beyond any real one


def read_brief_file(path: Path) -> bytes:
    """The bytes of a brief file; OSError with a plain reason for a device, a folder or a huge file."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path} is not a regular file")
    with path.open("rb") as f:
        data = f.read(MAX_BRIEF_BYTES + 1)
    if len(data) > MAX_BRIEF_BYTES:
        raise OSError(f"{path} is larger than {MAX_BRIEF_BYTES // 1_000_000} MB; a brief is a small JSON file")
    return data


def _fail(message: str, code: int) -> int:
    print(f"enablement brief: {message}", file=sys.stderr)
    return code


def cmd_export(args: argparse.Namespace) -> int:
    source = Path(args.brief)
    try:
        brief = brief_from_json(read_brief_file(source))
    except OSError as exc:
        return _fail(f"cannot read {source}: {exc.strerror or exc}", 2)
    except BriefError as exc:
        return _fail(f"{source} is not a valid brief:\n  " + "\n  ".join(exc.problems), 2)
    out = Path(args.output)
    if not out.parent.is_dir():
        return _fail(f"folder {out.parent} does not exist", 2)
    ctx = command_context(args)
    try:
        exported = export_brief(ctx.db, ctx.settings, brief, out, name=args.name or source.stem,
                                paper=args.paper)
    except (CollateralRefused, BlocksRefused) as exc:
        return _fail(f"cannot export {source}. {exc}", 1)
    except (OSError, StoreError) as exc:
        return _fail(f"cannot write {out}: {exc}", 1)
    finally:
        ctx.close()
    result = exported.result
    print(f"Wrote {out}: {result.report} (brief {exported.brief_id}, v{exported.version})")
    if exported.changes:
        print("Approved wording changed since the brief was saved; the page has the current wording:",
              file=sys.stderr)
        for change in exported.changes:
            print(f"  {change}", file=sys.stderr)
    if result.shortened:
        print("Shortened to fit (the page ends them with …):", file=sys.stderr)
        for item in result.shortened:
            print(f"  {item}", file=sys.stderr)
    if result.cut:
        print("Left off the page (shorten the brief to bring them back):", file=sys.stderr)
        for item in result.cut:
            print(f"  {item}", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.exists() and not args.force:
        return _fail(f"{out} exists: choose another name or pass --force", 2)
    ctx = command_context(args)
    try:
        brief, notes = brief_from_asset(ctx.db, args.from_path, library_root=ctx.library,
                                        messaging=load_messaging(library_root(ctx.settings)))
    except LookupError as exc:
        return _fail(str(exc), 2)
    finally:
        ctx.close()
    if not brief.owner.name:
        brief.owner.name = ctx.settings.user
    try:
        out.write_text(brief_to_json(brief), encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}", 1)
    print(f"Wrote {out} for {brief.offering}" + (f" ({brief.audience.persona})" if brief.audience.persona else ""))
    for note in notes:
        print(f"  {note}")
    print(f"Edit it, then: enablement brief export {out} -o {out.with_suffix('.pdf')}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ctx = command_context(args)
    try:
        briefs = list_briefs(ctx.db)
    finally:
        ctx.close()
    if not briefs:
        print("No stored briefs yet: `enablement brief export BRIEF.json -o OUT.pdf` stores each one it prints.")
        return 0
    for b in briefs:
        print(f"{b.id:>4}  v{b.version:<3} {b.updated_at[:16].replace('T', ' ')}  {b.name}")
    return 0
