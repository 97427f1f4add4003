"""`enablement sync --server DSN` and `enablement insights --server DSN`: the server side of the usage commands."""

from __future__ import annotations

import argparse

from enablement_desktop.context import open_context
from enablement_desktop.server.sync import sync_server


def run_server_sync(args: argparse.Namespace) -> int:
    """Exit 0 when everything reached the server, 1 when events stay queued."""
    ctx = open_context(args.data_dir)
    try:
        result = sync_server(ctx.db, args.server, allow_password=True)
    finally:
        ctx.close()
    print(result.message)
    for message in result.messages:
        print(f"  {message}")
    return 0 if result.reachable else 1
