"""One sentence for people from any failure: the CLI and the window say the same thing."""

from __future__ import annotations

import errno
import sqlite3

from enablement_desktop.store.db import StoreError, describe_sqlite_error


def explain(exc: BaseException, what: str = "working") -> str:
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return (f"The disk is full{where}, so {what} stopped. Free some space and try again; "
                    "what was saved before is intact.")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"Permission denied{where} while {what}. Check that you may write there."
        return f"{exc.strerror or exc}{where} while {what}."
    if isinstance(exc, sqlite3.Error):
        return describe_sqlite_error(exc)
    return f"Something went wrong while {what} ({type(exc).__name__}). Details are in the log."
