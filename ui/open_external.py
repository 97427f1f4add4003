"""Handing a file to the operating system's own app for it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_in_system_app(path: Path) -> bool:
    """Open `path` in the app the system associates with it; False when none would take it."""
    if not path.exists():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
