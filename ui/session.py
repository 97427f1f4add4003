"""What every view shares: the opened data dir, its settings, the library, the search index.

The GUI thread runs no queries: background tasks open their own short-lived
connection (`connect`), searches use one long-lived connection owned by the
search thread (`engine`), and the one search index is opened once, on
whichever thread needs it first.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from enablement_desktop import paths
from enablement_desktop.context import Context, Progress, open_search_index
from enablement_desktop.extract.base import Limits
from enablement_desktop.library import assets
from enablement_desktop.library.limits import extraction_limits
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.store.db import data_dir_read_only
from enablement_desktop.usage.events import asset_stats

if TYPE_CHECKING:
    from enablement_desktop.search.engine import SearchEngine
    from enablement_desktop.search.index import SearchIndex


class Session:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None
        self._engine: SearchEngine | None = None
        self._meaning_applied: bool | None = None
        # Checked once: the window reads such a folder and saves nothing there.
        self.read_only = data_dir_read_only(ctx.data_dir)
        self._scratch: Path | None = None
        self._scratch_lock = threading.Lock()  # not _lock: that one is held through an index repair

    # -- library -----------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def data_dir(self) -> Path:
        return self.ctx.data_dir

    @property
    def using_demo(self) -> bool:
        """No library chosen yet: the bundled demo library stands in (and the window says so)."""
        return not self.settings.library

    @property
    def library(self) -> Path:
        return Path(self.settings.library) if self.settings.library else paths.DEMO_LIBRARY

    @property
    def preview_cache(self) -> Path:
        """Where LibreOffice's PDFs are kept: the data dir's cache, or a scratch folder
        for this run when the data dir is read-only (previews still work, unsaved)."""
        if not self.read_only:
            return paths.preview_cache_dir(self.data_dir)
        with self._scratch_lock:
            if self._scratch is None:
                self._scratch = Path(tempfile.mkdtemp(prefix="enablement-previews-"))
            return self._scratch

    def limits(self) -> Limits:
        return extraction_limits(self.settings)

    def settings_snapshot(self) -> Settings:
        """A copy for a background task: the settings dialog may change the live one meanwhile."""
        return dataclasses.replace(self.settings, ui_state=dict(self.settings.ui_state))

    # -- connections -------------------------------------------------------

    @contextmanager
    def connect(self) -> Iterator[sqlite_utils.Database]:
        """A connection for one background task (SQLite connections must not be shared across threads)."""
        db = open_db(paths.database_path(self.data_dir))
        try:
            yield db
        finally:
            db.conn.close()

    @contextmanager
    def task_context(self) -> Iterator[Context]:
        """A Context on its own connection, for core functions that take one (e.g. library_status)."""
        with self.connect() as db:
            yield Context(self.data_dir, self.settings_snapshot(), db)

    def unchanged_since_indexed(self, asset_id: int) -> bool:
        """True when the file on disk is the one extraction read; call from a background task."""
        with self.connect() as db:
            return assets.unchanged_since_indexed(db, self.library, asset_id)

    def index(self, progress: Progress | None = None) -> SearchIndex:
        """The search index, opened (and repaired if damaged, outdated or behind) on first use,
        a rebuild reported to `progress`. Thread-safe."""
        with self._lock:
            if self._index is None:
                with self.task_context() as ctx:
                    # The window indexes too: it waits out a command-line search's repair.
                    self._index = open_search_index(ctx, progress, wait=True)
            return self._index

    def engine(self) -> SearchEngine:
        """The search engine; call only from the search thread, which owns its connection."""
        if self._engine is None:
            # Imported on the search thread, which needs it first: not before the window shows.
            from enablement_desktop.search.engine import SearchEngine
            from enablement_desktop.search.named_facets import FacetWords
            from enablement_desktop.search.synonyms import Synonyms
            from enablement_desktop.server.asset_stats import OrganisationStats

            db = open_db(paths.database_path(self.data_dir))
            # The library's synonyms.txt and facets.toml: re-read when they change, and after a library switch.
            # Stars and open counts: the organisation's, from the server when one is set
            # (cached, refreshed in the background), else this laptop's own events.
            usage = OrganisationStats(lambda p: asset_stats(db, p), lambda: self.settings.server_dsn)
            self._engine = SearchEngine(db, self.index(), usage_stats=usage,
                                        synonyms=Synonyms(lambda: self.library),
                                        facet_words=FacetWords(lambda: self.library))
        wanted = self.settings.meaning_search
        if wanted != self._meaning_applied:  # at the first search, or switched in Settings since the last
            from enablement_desktop.search.semantic import open_meaning

            # None if off or not installed; loads beside the first searches, which rank by words.
            self._engine.meaning = open_meaning(self.data_dir, wanted, background=True)
            self._meaning_applied = wanted
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.db.conn.close()
            self._engine = None
            self._meaning_applied = None
        if self._index is not None:
            self._index.close()
            self._index = None
        self.ctx.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
