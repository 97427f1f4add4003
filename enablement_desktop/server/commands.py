"""`enablement server …`: what an IT admin runs to set up the organisation server.

    enablement server init --dsn DSN
    enablement server grant LOGIN --role seller|marketer|admin [--team TEAM] [--password] --dsn DSN
    enablement server per-person on|off --dsn DSN
    enablement server import-folder DIR --dsn DSN
    enablement server status --dsn DSN

Exit codes: 0 ok, 1 the server refused or could not be reached, 2 usage error.
The DSN follows libpq (PGPASSWORD, ~/.pgpass, PGSERVICE work as usual); a
password typed into --dsn is used once and never saved.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

import psycopg

from enablement_desktop.server import roles, schema
from enablement_desktop.server.connect import ServerError, connect, describe

DSN_HELP = "libpq connection string or URI (default: $ENABLEMENT_SERVER_DSN)"


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    server = subparsers.add_parser("server", help="set up the organisation's PostgreSQL server (IT admins)")
    sub = server.add_subparsers(dest="server_command", metavar="SUBCOMMAND")
    server.set_defaults(func=lambda args: _help(server))

    def with_dsn(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--dsn", default=os.environ.get("ENABLEMENT_SERVER_DSN", ""), help=DSN_HELP)
        return parser

    p = with_dsn(sub.add_parser("init", help="create or upgrade the enablement schema (idempotent)"))
    p.set_defaults(func=run_init)

    p = with_dsn(sub.add_parser("grant", help="create or update a login: its role and team"))
    p.add_argument("login")
    p.add_argument("--role", required=True, choices=tuple(schema.GROUP_ROLES))
    p.add_argument("--team", default="", help="the team its events count under")
    p.add_argument("--password", action="store_true",
                   help="also set a password (asked for; or from $ENABLEMENT_NEW_PASSWORD)")
    p.set_defaults(func=run_grant)

    p = with_dsn(sub.add_parser("per-person", help="organisation-wide switch: per-person figures for marketers"))
    p.add_argument("state", choices=("on", "off"))
    p.set_defaults(func=run_per_person)

    p = with_dsn(sub.add_parser("import-folder", help="load a shared folder's events (twice changes nothing)"))
    p.add_argument("folder", metavar="DIR")
    p.set_defaults(func=run_import_folder)

    p = with_dsn(sub.add_parser("status", help="schema version, logins, events, the per-person switch"))
    p.set_defaults(func=run_status)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _server(args: argparse.Namespace) -> psycopg.Connection:
    return connect(args.dsn)


def _run(args: argparse.Namespace, work) -> int:
    if not args.dsn:
        print("enablement server: no server given: pass --dsn or set ENABLEMENT_SERVER_DSN", file=sys.stderr)
        return 2
    try:
        with _server(args) as conn:
            return work(conn) or 0
    except ServerError as exc:
        print(f"enablement server: {exc}", file=sys.stderr)
        return 1
    except psycopg.Error as exc:
        print(f"enablement server: {describe(exc)}", file=sys.stderr)
        return 1


def run_init(args: argparse.Namespace) -> int:
    def work(conn: psycopg.Connection) -> int:
        try:
            applied = schema.migrate(conn)
        except RuntimeError as exc:
            raise ServerError(str(exc)) from None
        version = schema.current_version(conn)
        if applied:
            print("Applied migrations:\n  " + "\n  ".join(applied))
        print(f"Schema enablement is at version {version} (up to date).")
        return 0

    return _run(args, work)


def run_grant(args: argparse.Namespace) -> int:
    password = None
    if args.password:
        password = os.environ.get("ENABLEMENT_NEW_PASSWORD") or getpass.getpass(
            f"Password for {args.login}: "
        )
        if not password:
            print("enablement server: an empty password is not set", file=sys.stderr)
            return 2

    def work(conn: psycopg.Connection) -> int:
        print(roles.grant(conn, args.login, args.role, args.team, password=password))
        return 0

    return _run(args, work)


def run_per_person(args: argparse.Namespace) -> int:
    def work(conn: psycopg.Connection) -> int:
        roles.set_per_person(conn, args.state == "on")
        print(f"Per-person figures for marketers are now {args.state} for the whole organisation.")
        return 0

    return _run(args, work)


def run_import_folder(args: argparse.Namespace) -> int:
    from enablement_desktop.server.folder_import import import_folder

    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        print(f"enablement server: folder not found: {folder}", file=sys.stderr)
        return 2

    def work(conn: psycopg.Connection) -> int:
        try:
            result = import_folder(conn, folder)
        except FileNotFoundError as exc:
            print(f"enablement server: {exc}", file=sys.stderr)
            return 2
        print(f"{result.read:,} valid events in {folder}; {result.added:,} new on the server.")
        for message in result.messages:
            print(f"  {message}")
        return 0

    return _run(args, work)


def run_status(args: argparse.Namespace) -> int:
    def work(conn: psycopg.Connection) -> int:
        version = schema.current_version(conn)
        if version == 0:
            print("No enablement schema here yet: run `enablement server init`.")
            return 1
        print(f"Schema version {version} of {len(schema.MIGRATIONS)}")
        print(f"Per-person figures: {'on' if roles.per_person(conn) else 'off'}")
        for role, n in conn.execute(
            "SELECT role, count(*) FROM enablement.members GROUP BY role ORDER BY role"
        ):
            print(f"{role + 's:':<11}{n:,}")
        estimate = conn.execute(
            "SELECT coalesce(sum(c.reltuples), 0)::bigint FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'enablement.events'::regclass"
        ).fetchone()[0]
        print(f"Events:    about {max(estimate, 0):,}")
        return 0

    return _run(args, work)
