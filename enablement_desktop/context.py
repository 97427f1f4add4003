"""One opened data dir: settings + database. The CLI, the window and tests all start here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from enablement_desktop import paths, settings as settings_mod
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db


@dataclass
class Context:
    data_dir: Path
    settings: Settings
    db: sqlite_utils.Database

    @property
    def library(self) -> Path | None:
        return self.settings.library_path

    def save_settings(self) -> None:
        settings_mod.save(self.data_dir, self.settings)

    def close(self) -> None:
        self.db.conn.close()


def open_context(data_dir: str | Path | None = None) -> Context:
    root = paths.data_dir(data_dir)
    return Context(
        data_dir=root,
        settings=settings_mod.load(root),
        db=open_db(paths.database_path(root)),
    )
