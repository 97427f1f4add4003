"""Walk a library folder: every candidate file with its size and mtime, nothing else.

A no-change rescan must be stat-only, so this module never reads file content.
Hidden files, Office lock/temp files, special files (a FIFO named deck.pdf
would block its reader forever) and symlink loops are skipped. What cannot be
walked is reported through `on_error` with a reason a person understands.
"""

from __future__ import annotations

import errno
import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_BAD_NAME = "the name is not valid UTF-8 text — rename it"


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

    `on_error(rel, why)` names a file, or a folder as '<rel>/' ('.' for the
    root), that could not be walked. Directory symlinks are followed once: a
    directory already visited (by device and inode) is not entered again, so
    symlink loops cannot recurse. Linked folders are walked after all real
    ones, so a link to a folder inside the library never takes over the
    identity (path) of the files it points at.
    """
    root = Path(root)
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str]] = [(root, "")]
    linked: deque[tuple[Path, str]] = deque()
    while stack or linked:
        folder, prefix = stack.pop() if stack else linked.popleft()
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
                    if not _is_text(name):
                        on_error(_shown(rel) + "/", _BAD_NAME)
                    elif entry.is_symlink():
                        linked.append((Path(entry.path), rel + "/"))
                    else:
                        subdirs.append((Path(entry.path), rel + "/"))
                    continue
                if not accept(name):
                    continue
                if not _is_text(name):
                    # The path is the asset's identity in the database and in
                    # synced events, both UTF-8: such a name cannot be stored.
                    on_error(_shown(rel), _BAD_NAME)
                    continue
                if not entry.is_file(follow_symlinks=True):
                    if entry.is_symlink():
                        target = _shown(os.readlink(entry.path))
                        exists = os.path.exists(entry.path)
                        on_error(rel, f"a link to {target}, which is not a regular file (a device, folder "
                                      "or pipe); links to such things are not read"
                                 if exists else f"a link to {target}, which does not exist")
                    continue
                est = entry.stat(follow_symlinks=True)
            except OSError as exc:
                if accept(name):
                    on_error(_shown(rel), _why(exc))
                continue
            yield FileInfo(rel, Path(entry.path), est.st_size, est.st_mtime_ns)
        stack.extend(reversed(subdirs))


def _is_text(name: str) -> bool:
    # os.scandir smuggles undecodable bytes through as lone surrogates.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(rel: str) -> str:
    """`rel` with undecodable bytes as '\ufffd', so it can be stored and shown."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _why(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "vanished during the scan"
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long for this system — move it higher up or shorten folder names"
    if exc.errno == errno.ELOOP:
        return "a link that leads back to itself (link loop)"
    return exc.strerror or str(exc)
