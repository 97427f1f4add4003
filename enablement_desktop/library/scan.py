"""Walk a library folder: every candidate file with its size and mtime, nothing else.

A no-change rescan must be stat-only, so this module never reads file content.
Hidden files, Office lock/temp files and symlink loops are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileInfo:
    rel_path: str  # '/'-separated, relative to the library root: the asset's identity
    abs_path: Path
    size: int
    mtime_ns: int


def is_temporary(name: str) -> bool:
    """Office owner files (~$deck.pptx), LibreOffice locks (.~lock.x#), editor backups."""
    return (
        name.startswith(("~$", ".~lock", "~"))
        or name.endswith(("~", ".tmp", ".part", ".crdownload"))
        or name in {"Thumbs.db", "desktop.ini"}
    )


def scan(
    root: Path,
    accept: Callable[[str], bool] = lambda name: True,
    on_error: Callable[[str, str], None] = lambda rel, why: None,
) -> Iterator[FileInfo]:
    """Yield the accepted files under `root`, depth first, in name order.

    Directory symlinks are followed once: a directory already visited (by
    device and inode) is not entered again, so symlink loops cannot recurse.
    """
    root = Path(root)
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            on_error(prefix or ".", _why(exc))
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            on_error(prefix or ".", _why(exc))
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or is_temporary(name):
                continue
            rel = f"{prefix}{name}"
            try:
                if entry.is_dir(follow_symlinks=True):
                    subdirs.append((Path(entry.path), rel + "/"))
                    continue
                if not entry.is_file(follow_symlinks=True) or not accept(name):
                    continue
                est = entry.stat(follow_symlinks=True)
            except OSError as exc:
                if accept(name):
                    on_error(rel, _why(exc))
                continue
            yield FileInfo(rel, Path(entry.path), est.st_size, est.st_mtime_ns)
        stack.extend(reversed(subdirs))


def _why(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "vanished during the scan"
    return exc.strerror or str(exc)
