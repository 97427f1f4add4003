"""Where the app keeps its data: `--data-dir`, then ENABLEMENT_DATA_DIR, then the per-user dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "EnablementDesktop"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_LIBRARY = REPO_ROOT / "resources" / "demo_library"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve and create the data directory."""
    chosen = explicit or os.environ.get("ENABLEMENT_DATA_DIR") or platformdirs.user_data_dir(APP_NAME)
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(root: Path) -> Path:
    return root / "enablement.sqlite3"


def index_dir(root: Path) -> Path:
    return root / "index"


def preview_cache_dir(root: Path) -> Path:
    """PDFs LibreOffice made of Office files, named by the file's SHA-256."""
    return root / "previews"
