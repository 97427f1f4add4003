"""One writer per data dir: an OS file lock, released by the OS even after kill -9."""

from __future__ import annotations

import os
from pathlib import Path

LOCK_NAME = "app.lock"


class AlreadyRunning(Exception):
    """Another Enablement Desktop (window or `enablement index`) uses this data dir."""


class InstanceLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self._fh = None

    def acquire(self) -> InstanceLock:
        fh = open(self.path, "a+")  # noqa: SIM115 - held open for the life of the app
        try:
            _lock(fh)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip()
            fh.close()
            raise AlreadyRunning(
                "Enablement Desktop is already running with this data folder"
                + (f" (process {holder})" if holder else "")
                + ". Switch to that window, or close it first."
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


class HeldLock:
    """A lock file held open; the OS releases it when the process ends, however it ends."""

    def __init__(self, fh) -> None:
        self._fh = fh

    def release(self) -> None:
        self._fh.close()

    def __enter__(self) -> HeldLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def try_lock(path: Path) -> HeldLock | None:
    """Take the lock file at `path` without waiting; None when another process holds it."""
    fh = open(path, "a+")  # noqa: SIM115 - held open while the lock is held
    try:
        _lock(fh)
    except OSError:
        fh.close()
        return None
    return HeldLock(fh)


def _lock(fh) -> None:
    if os.name == "nt":
        import msvcrt

        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
