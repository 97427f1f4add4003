"""One opened data dir: settings + database. The CLI, the window and tests all start here."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from enablement_desktop import paths
from enablement_desktop import settings as settings_mod
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.store.db import data_dir_read_only

Progress = Callable[[int, int, str], None]

if TYPE_CHECKING:
    from enablement_desktop.search.index import SearchIndex


@dataclass
class Context:
    data_dir: Path
    settings: Settings
    db: sqlite_utils.Database
    # What happened while opening that the person should hear of (a damaged database set aside).
    notices: list[str] = field(default_factory=list)

    @property
    def library(self) -> Path | None:
        return self.settings.library_path

    def save_settings(self) -> None:
        settings_mod.save(self.data_dir, self.settings)

    def close(self) -> None:
        self.db.conn.close()


def open_context(data_dir: str | Path | None = None) -> Context:
    root = paths.data_dir(data_dir)
    notices: list[str] = []
    db = open_db(paths.database_path(root), notices)
    return Context(data_dir=root, settings=settings_mod.load(root), db=db, notices=notices)


def command_context(args: argparse.Namespace) -> Context:
    """The data dir a CLI command works on: the one the CLI opened before the command
    to report its notices (handed over once; the command owns it from then on), else
    opened now (a command called directly, or one whose early open failed)."""
    ctx = getattr(args, "opened_context", None)
    if ctx is not None:
        args.opened_context = None
        return ctx
    return open_context(getattr(args, "data_dir", None))


def open_search_index(ctx: Context, progress: Progress | None = None, wait: bool = False) -> SearchIndex:
    """Open the index, repairing it from the database when it is missing, damaged, of
    another format version (rebuilt from stored sections, reported to `progress`) or behind.

    The repair holds the index's write lock. While another run holds it (an
    `enablement index`, or the window indexing), the index is opened as that
    run has committed it, unrepaired: the run brings it in line itself, and a
    search must neither wait for it nor write beside it. A damaged index
    (a segment file deleted or cut short) is recreated and rebuilt from the
    stored sections, without reading any file again. `wait`: an indexing
    run waits for the lock instead. A read-only data dir (`data_dir_read_only`)
    is searched as it is: no lock or repair can be written there.
    """
    # Imported here: whoosh costs ~0.25 s, and the window opens a context before it shows.
    from enablement_desktop.search.index import IndexBusy, SearchIndex
    from enablement_desktop.search.indexer import is_consistent, rebuild, update_index

    index, recreated = SearchIndex.open(paths.index_dir(ctx.data_dir))
    if not recreated and data_dir_read_only(ctx.data_dir):
        return index  # nothing can be repaired or locked there: search what was committed
    report = progress or (lambda done, total, label: None)
    try:
        with index.exclusive(wait):
            if recreated:
                rebuild(ctx.db, index, report)
                return index
            update_index(ctx.db, index, report)
            if not is_consistent(ctx.db, index):
                rebuild(ctx.db, index, report)
    except IndexBusy:
        index.busy = True
    return index
