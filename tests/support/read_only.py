"""Make a folder read-only for this process, the way a non-root user meets one.

Tests run as root in CI, and root writes through any file mode, so `chmod`
proves nothing there. Instead every way Python asks to write under `folder`
(os.access, os.open, open, mkdir, replace, unlink) gets the EACCES a
non-root user gets. SQLite writes from C, unseen by these patches: the app
opens the database with `mode=ro` when `os.access` says so, and SQLite then
refuses writes itself.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path

import pytest

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def make_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    root = str(Path(folder).resolve())

    def inside(path: object) -> bool:
        try:
            return str(Path(os.fspath(path)).resolve()).startswith(root)
        except TypeError:
            return False  # a file descriptor

    def refuse(path: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    real_access, real_os_open, real_open = os.access, os.open, builtins.open
    real_replace = os.replace

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and inside(path):
            return False
        return real_access(path, mode, *args, **kwargs)

    def os_open(path, flags, *args, **kwargs):
        if flags & _WRITE_FLAGS and inside(path):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def open_(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+") and inside(file):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def refusing(real):
        """`real` (a call that writes its first argument, a path), refused inside the folder."""
        def call(path, *args, **kwargs):
            if inside(path):
                refuse(path)
            return real(path, *args, **kwargs)
        return call

    def replace(src, dst, *args, **kwargs):
        if inside(src) or inside(dst):
            refuse(dst)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    unlink = refusing(os.unlink)
    monkeypatch.setattr(os, "mkdir", refusing(os.mkdir))
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "remove", unlink)
