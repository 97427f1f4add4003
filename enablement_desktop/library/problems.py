"""The files that could not be made searchable: one API for the window and the CLI."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlite_utils

from enablement_desktop.extract.base import OLD_FORMAT, REASON_HELP
from enablement_desktop.extract.legacy import save_as_help


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str  # a short word or two: "scanned", "damaged", "old format" (extract/base.py)
    detail: str  # a sentence for people: what is wrong with this file
    technical: str  # what the reader library said, for Details and the log; may be empty
    seen_at: str

    @property
    def help(self) -> str:
        """What to do about it (said once: the detail says only what is wrong)."""
        if self.reason == OLD_FORMAT and (specific := save_as_help(self.path)):
            return specific
        return REASON_HELP.get(self.reason, "")


def list_problems(db: sqlite_utils.Database) -> list[Problem]:
    rows = db.execute(
        "SELECT path, reason, detail, technical, seen_at FROM problems ORDER BY reason, path"
    ).fetchall()
    return [Problem(*row) for row in rows]


def clear_problems(db: sqlite_utils.Database) -> None:
    """Forget every recorded failure so the next index run reads those files again."""
    with db.conn:
        db.conn.execute("DELETE FROM problems")


# A reason that does not read after a count ("1 no text").
_AFTER_A_COUNT = {"no text": "without text"}


def reason_label(reason: str) -> str:
    """A reason as people read it everywhere (Problems, status bar, CLI): "without text"."""
    return _AFTER_A_COUNT.get(reason, reason)


def counted(n: int, reason: str) -> str:
    """'2 scanned', '1 without text': how many files one reason keeps out."""
    return f"{n:,} {reason_label(reason)}"


def problem_counts(db: sqlite_utils.Database) -> Counter[str]:
    """How many files each reason keeps out of search."""
    return Counter(dict(db.execute("SELECT reason, count(*) FROM problems GROUP BY reason").fetchall()))

