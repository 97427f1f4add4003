"""`enablement sync --server DSN` and `enablement insights --server DSN`: the server side of the usage commands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import psycopg

from enablement_desktop.context import Context, command_context
from enablement_desktop.server.connect import ServerError, connect, describe
from enablement_desktop.server.sync import sync_server
from enablement_desktop.usage.filters import Filters


def run_server_sync(args: argparse.Namespace) -> int:
    """Exit 0 when everything reached the server, 1 when events stay queued."""
    ctx = command_context(args)
    try:
        result = sync_server(ctx.db, args.server, allow_password=True)
    finally:
        ctx.close()
    print(result.message)
    for message in result.messages:
        print(f"  {message}")
    return 0 if result.reachable else 1


def server_figures_or_message(
    ctx: Context, dsn: str, filters: Filters, weeks: int, days: int, queue: tuple[int | None, int]
) -> dict[str, Any] | None:
    """The insights figures computed on the server; None (after a message on stderr) if it refused."""
    from enablement_desktop.server.insights import server_figures

    try:
        with connect(dsn) as conn:
            return server_figures(conn, ctx.db, filters, weeks, days, queue)
    except ServerError as exc:
        print(f"insights: {exc}", file=sys.stderr)
    except psycopg.Error as exc:
        print(f"insights: {describe(exc)}", file=sys.stderr)
    return None
