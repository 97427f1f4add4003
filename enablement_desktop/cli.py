"""`enablement …` — every core capability, scriptable. Exit 0 ok, 1 failure, 2 usage error."""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from enablement_desktop import __version__, paths
from enablement_desktop.context import Context, command_context, open_context, open_search_index
from enablement_desktop.errors import explain
from enablement_desktop.library.problems import counted, reason_label
from enablement_desktop.library.status import library_status
from enablement_desktop.search.engine import SearchEngine
from enablement_desktop.search.fields import FACET_FIELDS, QUERY_FIELDS, with_filters
from enablement_desktop.search.named_facets import FacetWords
from enablement_desktop.search.semantic import open_meaning
from enablement_desktop.search.snippets import mark
from enablement_desktop.search.synonyms import Synonyms
from enablement_desktop.store.db import StoreError
from enablement_desktop.store.lock import AlreadyRunning, InstanceLock
from enablement_desktop.text import plural
from enablement_desktop.usage.events import AssetStats

# More extraction processes than this only wait on each other and the disk.
MAX_WORKERS = max(4, 2 * (os.cpu_count() or 2))
MAX_QUERY_CHARS = 1_000
DATA_DIR_HELP = "where the database and index live (env ENABLEMENT_DATA_DIR; default: per-user data dir)"


class UsageError(Exception):
    """Bad arguments: exit code 2 with this message."""


def build_parser() -> argparse.ArgumentParser:
    # --data-dir works before or after the command; SUPPRESS keeps a sub-command
    # from resetting a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    parser = argparse.ArgumentParser(
        prog="enablement", description="Enablement Desktop: search collateral, track usage, print briefs.",
    )
    parser.add_argument("--data-dir", default=None, help=DATA_DIR_HELP)
    parser.add_argument("--version", action="version", version=f"enablement {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", parents=[common], help="scan the library and update the search index")
    p.add_argument("--library", help="library folder (saved as the default)")
    p.add_argument("--demo", action="store_true", help="use the bundled demo library")
    p.add_argument("--workers", type=int, default=2, help="extraction processes (default 2; 0 = none)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the search index from stored text")
    p.set_defaults(handler=cmd_index)

    p = sub.add_parser("search", parents=[common], help="search the library")
    p.add_argument("query", nargs="+", help='e.g. pricing objection persona:CFO "payback period"')
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                   help=f"narrow by a facet ({', '.join(FACET_FIELDS)}); repeatable")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--offset", type=int, default=0, help="skip this many of the best results (the next page)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("status", parents=[common], help="library, index and problem counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("problems", parents=[common], help="files that could not be read, with the reason")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_problems)

    for module in _command_modules():
        module.add_commands(sub)
    _give_data_dir_to_every_command(sub)
    return parser


def _give_data_dir_to_every_command(sub: argparse._SubParsersAction) -> None:
    for command in sub.choices.values():
        if "--data-dir" not in command._option_string_actions:
            command.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _give_data_dir_to_every_command(action)


def _command_modules():
    from enablement_desktop.briefs import commands as brief_commands
    from enablement_desktop.server import commands as server_commands
    from enablement_desktop.usage import accountability_commands, feedback_commands
    from enablement_desktop.usage import commands as usage_commands

    return (brief_commands, usage_commands, feedback_commands, accountability_commands,
            server_commands)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if bad := _not_text(argv):
        print(f"enablement: the argument {bad!r} is not valid UTF-8 text", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None) or getattr(args, "func", None)
    if handler is None:
        parser.print_help()
        return 2
    args.opened_context = _early_notices(args)
    try:
        return handler(args) or 0
    except UsageError as exc:
        print(f"enablement: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"enablement: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # before OSError, which it is
        # The reader (`| head`) has all it wanted: stop quietly, and keep
        # Python from complaining while it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (StoreError, OSError, sqlite3.DatabaseError) as exc:
        print(f"enablement: {explain(exc, args.command or 'working')}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("enablement: interrupted", file=sys.stderr)
        return 130
    finally:
        if args.opened_context is not None:  # a command that never needed the data dir
            args.opened_context.close()


def _not_text(argv: list[str]) -> str | None:
    """The first argument holding bytes that are not UTF-8, unless it names an existing file.

    Python carries such bytes as lone surrogates; a path can legitimately
    hold them (the OS takes them back), but a query or comment cannot be
    stored, printed or synced.
    """
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            if not os.path.lexists(arg.split("=", 1)[-1]):
                return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def _early_notices(args: argparse.Namespace) -> Context | None:
    """Before the command: a settings file with bad values (every time, until fixed) and a
    damaged database that opening just set aside are named on stderr.

    Returns the opened data dir for the command to use (command_context), so a
    command opens it once; None when it cannot be opened: the command itself
    then reports an unusable data dir or database.
    """
    try:
        ctx = open_context(getattr(args, "data_dir", None))
    except (OSError, StoreError, sqlite3.DatabaseError):
        return None
    for problem in ctx.settings.problems:
        print(f"enablement: warning: {problem}", file=sys.stderr)
    for notice in ctx.notices:
        print(f"enablement: {notice}", file=sys.stderr)
    ctx.notices = []
    return ctx


# -- commands ------------------------------------------------------------------


def _library(ctx: Context, args: argparse.Namespace) -> tuple[Path, bool]:
    """The library to work on, and whether it is a new choice to remember (not saved here)."""
    chosen = getattr(args, "library", None)
    if getattr(args, "demo", False):
        chosen = str(paths.DEMO_LIBRARY)
    if chosen:
        library = Path(chosen).expanduser().resolve()
        if not library.is_dir():
            raise UsageError(f"library folder not found: {library}")
        return library, ctx.settings.library != str(library)
    if ctx.library is None:
        raise UsageError("no library chosen yet: pass --library DIR (it is remembered) or --demo")
    return ctx.library, False


def cmd_index(args: argparse.Namespace) -> int:
    if not 0 <= args.workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be from 0 to {MAX_WORKERS} (0 reads files in this process)")
    ctx = command_context(args)
    library, new_choice = _library(ctx, args)
    try:
        lock = InstanceLock(ctx.data_dir).acquire()
    except AlreadyRunning as exc:
        # Refused: nothing changes, not even the remembered library.
        print(f"enablement: {exc}", file=sys.stderr)
        return 1
    try:
        if new_choice:
            ctx.settings.library = str(library)
            ctx.save_settings()
        return _index(ctx, library, args)
    finally:
        lock.release()


def _index(ctx: Context, library: Path, args: argparse.Namespace) -> int:
    from enablement_desktop.library.update import update_library
    from enablement_desktop.search.indexer import rebuild

    progress = TerminalProgress()
    index = open_search_index(ctx, progress, wait=True)
    if args.rebuild:
        result = rebuild(ctx.db, index, progress)
        progress.finish()
        print(f"Rebuilt the index: {result.indexed:,} assets, {result.documents:,} sections.")
        _update_meaning(ctx, rebuild=True)
        return 0
    summary = update_library(ctx.db, index, library, workers=args.workers, progress=progress,
                             limits=_limits(ctx))
    progress.finish()
    print(f"{library}: {summary.describe()}")
    if not summary.cancelled:
        _update_meaning(ctx)
    for message in summary.messages:
        print(f"  note: {message}")
    if summary.failed:
        print("  run `enablement problems` to see which files could not be read and why")
    return 0


def _update_meaning(ctx: Context, rebuild: bool = False) -> None:
    """The meaning vectors follow the index, when that signal is switched on."""
    from enablement_desktop.search.semantic import MeaningUnavailable, update_meaning

    progress = TerminalProgress()
    try:
        result = update_meaning(ctx.db, ctx.data_dir, ctx.settings.meaning_search, progress, rebuild=rebuild)
    except MeaningUnavailable as exc:
        progress.finish()
        print(f"  note: meaning_search is on, but {exc} Search ranks by words alone.")
        return
    progress.finish()
    if result is not None and (result.embedded or result.dropped):
        print(f"Meaning: {result.embedded:,} assets read ({result.sections:,} sections), {result.dropped:,} dropped.")


def _limits(ctx: Context):
    from enablement_desktop.library.limits import extraction_limits

    return extraction_limits(ctx.settings)


def parse_filters(items: Sequence[str]) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = {"tag": "tags"}.get(key.strip().lower(), key.strip().lower())
        if not sep or not value.strip():
            raise UsageError(f"--filter wants KEY=VALUE, got {item!r}")
        if key not in FACET_FIELDS:
            raise UsageError(f"unknown filter {key!r}; use one of: {', '.join(FACET_FIELDS)}")
        filters.setdefault(key, []).append(value.strip())
    return filters


def _next_steps(engine: SearchEngine, text: str, filters: dict[str, list[str]]) -> list[str]:
    """What to try after a search that found nothing: a field no asset has is named, not left to guess."""
    named = {m.lower() for m in re.findall(r"(?<![\w\"])(\w+):", text)} | set(filters)
    fields = {QUERY_FIELDS[n] for n in named if n in QUERY_FIELDS} & set(FACET_FIELDS)
    steps = []
    if fields:
        library = engine.search("", {}, limit=1).facets
        if missing := sorted(f for f in fields if not library.get(f)):
            steps.append(f"No asset in this library has a {' or '.join(missing)}: marketing sets these "
                         "in collateral.csv at the library root (README, \"Metadata for filters\").")
    steps.append("Try fewer or other words — a product name, a competitor, the buyer's role.")
    return steps


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.offset < 0:
        raise UsageError("--offset must be 0 or more")
    filters = parse_filters(args.filter)
    text = " ".join(args.query).strip()
    if not text and not filters:
        raise UsageError("the query is empty: give words to search for, or a --filter")
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,} are searched")
    ctx = command_context(args)
    progress = TerminalProgress()
    index = open_search_index(ctx, progress)  # an index of an older version is rebuilt first
    progress.finish()
    usage = _usage(ctx)
    engine = SearchEngine(ctx.db, index, usage_stats=usage.stats,
                          meaning=open_meaning(ctx.data_dir, ctx.settings.meaning_search),
                          synonyms=Synonyms(ctx.library), facet_words=FacetWords(ctx.library))
    started = time.perf_counter()
    result = engine.search(text, filters, limit=args.limit, offset=args.offset)
    elapsed_ms = (time.perf_counter() - started) * 1000
    _record_search(ctx, with_filters(text, filters), result.total)
    figures = usage.stats([h.path for h in result.hits]) if result.hits else {}
    unused = AssetStats(None, 0, 0)
    if args.json:
        print(json.dumps({
            "total": result.total,
            "all_words": result.all_words,
            "offset": result.offset,
            "hits": [{"path": h.path, "title": h.title, "type": h.type, "page": h.page, "label": h.label,
                      "snippet": mark(h.snippet, h.spans), "score": round(h.score, 4),
                      **_usage_fields(figures.get(h.path, unused))} for h in result.hits],
            "facets": {name: dict(values) for name, values in result.facets.items()},
            "suggestion": result.suggestion,
            "usage": {"source": usage.source, "server": usage.server, "note": usage.note},
        }, ensure_ascii=False))
        return 0
    for note in result.notes:
        print(f"note: {note}")
    if usage.note:
        print(f"note: {usage.note}")
    if index.busy:
        print("note: the library is being indexed right now; this searched what is saved so far.")
    if result.any_words:
        print("No asset has all the words; showing assets with some of them.")
    print(f"{plural(result.total, 'asset')} ({elapsed_ms:.0f} ms)" + _word_split(result))
    if usage.source == "server" and result.hits:
        print(f"Stars and opens: the organisation's, from the server ({usage.server}).")
    if result.offset:
        print(f"from result {result.offset + 1:,}")
    for hit in result.hits:
        where = hit.label or f"p. {hit.page}"
        flags = "" if hit.approved and not hit.expired else "  [expired]" if hit.expired else "  [not approved]"
        used = _usage_text(figures.get(hit.path, unused))
        print(f"\n{hit.title}  ·  {hit.type.upper()}  ·  {where}{used}{flags}\n  {hit.path}\n"
              f"  {mark(hit.snippet, hit.spans)}")
    if result.suggestion:
        print(f"\nDid you mean: {result.suggestion}")
    elif not result.total:
        print("\n".join(_next_steps(engine, text, filters)))
    return 0


def _word_split(result) -> str:
    """ ": 3 with all the words, 9 with some of them" when both kinds are there."""
    rest = result.total - result.all_words
    if not rest or not result.all_words:
        return ""
    return f": {result.all_words:,} with all the words, {rest:,} with some of them"


@dataclass(frozen=True)
class _Usage:
    """The stars and opens a search ranks by and prints, and where they come from."""

    stats: Callable[[Iterable[str]], dict[str, AssetStats]]
    source: str  # "server": everyone's, from the organisation server; "laptop": this one's events
    server: str = ""  # which server, when one is set ("enablement on db.corp")
    note: str = ""  # why the laptop's figures stand in for the server's


def _usage(ctx: Context) -> _Usage:
    """As the window does: with a server in Settings, the organisation's figures from its
    asset_stats view (fetched once: a command has no later refresh to wait for); the laptop's
    own, with a note, when the server cannot be reached or refuses."""
    from enablement_desktop.usage.events import asset_stats

    def local(paths_: Iterable[str]) -> dict[str, AssetStats]:
        return asset_stats(ctx.db, paths_)

    dsn = ctx.settings.server_dsn.strip()
    if not dsn:
        return _Usage(local, "laptop")
    from enablement_desktop.server.asset_stats import for_command
    from enablement_desktop.server.connect import server_name

    stats, problem = for_command(dsn, local)
    if not problem:
        return _Usage(stats, "server", server_name(dsn))
    return _Usage(local, "laptop", server_name(dsn),
                  f"the organisation server gave no figures ({problem}); stars and opens are this laptop's own.")


def _usage_text(stats: AssetStats) -> str:
    """'  ·  ★ 3.5 (2) · 3 opens', as a result row shows them; '' for an asset nobody used."""
    parts = []
    if stats.rating_count:
        parts.append(f"★ {stats.avg_rating:.1f} ({stats.rating_count})")
    if stats.open_count:
        parts.append(plural(stats.open_count, "open"))
    return "".join(f"  ·  {part}" for part in parts)


def _usage_fields(stats: AssetStats) -> dict[str, object]:
    rating = round(float(stats.avg_rating), 2) if stats.avg_rating is not None else None
    return {"rating": rating, "ratings": stats.rating_count, "opens": stats.open_count}


def _record_search(ctx: Context, text: str, hits: int) -> None:
    from enablement_desktop.usage.events import record_event

    try:
        record_event(ctx.db, ctx.settings, "search", query=text, hits=hits)
    except sqlite3.OperationalError as exc:
        # The results are what was asked for; a search that can't be counted is only a note.
        print(f"enablement: note: this search was not recorded: {explain(exc, 'recording it')}", file=sys.stderr)


def cmd_status(args: argparse.Namespace) -> int:
    ctx = command_context(args)
    status = library_status(ctx)
    if args.json:
        print(json.dumps(status))
        return 0
    print(f"Library:      {status['library'] or '(none chosen)'}")
    print(f"Data dir:     {status['data_dir']}")
    print(f"Assets:       {status['assets']:,} "
          f"({plural(status['pages'], 'page/slide/section', 'pages/slides/sections')})")
    reasons = ", ".join(counted(n, reason) for reason, n in status["problem_reasons"].items())
    print(f"Problems:     {status['problems']:,}" + (f" ({reasons})" if reasons else ""))
    print(f"Last indexed: {status['last_indexed'] or 'never'}"
          + (f" ({status['last_status']})" if status["last_status"] else ""))
    if status["pending_index"]:
        print(f"Waiting for the index: {status['pending_index']:,} assets")
    if status["waiting_for_ocr"]:
        print(f"Waiting for OCR: {status['waiting_for_ocr']:,} assets with scanned pages")
    return 0


def cmd_problems(args: argparse.Namespace) -> int:
    from enablement_desktop.library.problems import list_problems

    problems = list_problems(command_context(args).db)
    if args.json:
        print(json.dumps([{"path": p.path, "reason": p.reason, "detail": p.detail, "technical": p.technical,
                           "seen_at": p.seen_at} for p in problems]))
        return 0
    if not problems:
        print("No problems: every file in the library could be read.")
        return 0
    for p in problems:
        print(f"{p.path}\n  {reason_label(p.reason)}: {p.detail}\n  {p.help}")
    return 0


class TerminalProgress:
    """Progress on stderr: a live line on a terminal, nothing when piped."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if not self.live or (now - self._last < 0.1 and done < total):
            return
        self._last = now
        count = f"{done:,}/{total:,} " if total else ""
        line = f"{count}{label}"[:100]
        sys.stderr.write("\r\x1b[2K" + line)
        sys.stderr.flush()

    def finish(self) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
