"""Rating, sending back and answering: one core call each, for the CLI, the window and tests.

Each checks what a person can get wrong (a path that is not in the library, a
reason or status that does not exist, an ambiguous send-back id) and raises
FeedbackError with a sentence that says so; nothing is recorded then.
"""

from __future__ import annotations

import difflib

import sqlite_utils

from enablement_desktop.settings import Settings
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.validate import FEEDBACK_STATUSES, SEND_BACK_REASONS

MIN_ID_PREFIX = 8


class FeedbackError(ValueError):
    """A rating, send-back or answer that cannot be recorded, in words."""


def rate(db: sqlite_utils.Database, settings: Settings, path: str, rating: int,
         comment: str = "") -> str:
    """Record `settings.user`'s rating of a library asset; return the event UUID."""
    if not 1 <= rating <= 5:
        raise FeedbackError(f"a rating is 1 to 5 stars, not {rating}")
    asset_path, sha = _asset(db, path)
    return record_event(db, settings, "rate", asset_path=asset_path, asset_sha256=sha, rating=rating,
                        comment=comment or None)


def send_back(db: sqlite_utils.Database, settings: Settings, path: str, reason: str,
              comment: str = "", page: int | None = None) -> str:
    """Send an asset back to marketing; return the send-back's UUID (its id)."""
    reason = reason.strip().lower()
    if reason not in SEND_BACK_REASONS:
        raise FeedbackError(f"unknown reason {reason!r}; use one of: {', '.join(SEND_BACK_REASONS)}")
    if reason == "other" and not comment.strip():
        raise FeedbackError("say what is wrong in --comment when the reason is 'other'")
    if page is not None and page < 1:
        raise FeedbackError("page numbers start at 1")
    asset_path, sha = _asset(db, path)
    return record_event(db, settings, "send_back", asset_path=asset_path, asset_sha256=sha, reason=reason,
                        comment=comment or None, page=page)


def answer(db: sqlite_utils.Database, settings: Settings, send_back_id: str, status: str,
           comment: str = "") -> str:
    """Record marketing's answer to a send-back (a full UUID or a unique prefix of it)."""
    status = status.strip().lower()
    if status not in FEEDBACK_STATUSES:
        raise FeedbackError(f"unknown status {status!r}; use one of: {', '.join(FEEDBACK_STATUSES)}")
    if settings.role != "marketer":
        raise FeedbackError("answers to send-backs come from marketing: set your role to marketer in Settings")
    target = find_send_back(db, send_back_id)
    return record_event(db, settings, "feedback_response", ref_uuid=target, status=status,
                        comment=comment or None)


def find_send_back(db: sqlite_utils.Database, send_back_id: str) -> str:
    """The UUID of the send-back that `send_back_id` names; FeedbackError when none or several."""
    wanted = send_back_id.strip().lower()
    if len(wanted) < MIN_ID_PREFIX:
        raise FeedbackError(f"give at least {MIN_ID_PREFIX} characters of the send-back id "
                            "(see `enablement insights` or the send-back queue)")
    rows = [r[0] for r in db.conn.execute(
        "SELECT uuid FROM events WHERE kind = 'send_back' AND uuid >= ? AND uuid < ? LIMIT 2",
        (wanted, wanted + "\uffff"))]
    if not rows:
        raise FeedbackError(f"no send-back has the id {send_back_id!r}")
    if len(rows) > 1:
        raise FeedbackError(f"several send-backs start with {send_back_id!r}: give more of the id")
    return rows[0]


def _asset(db: sqlite_utils.Database, path: str) -> tuple[str, str]:
    rel = path.strip().replace("\\", "/").removeprefix("./")
    row = db.conn.execute("SELECT path, sha256 FROM assets WHERE path = ? AND removed = 0", (rel,)).fetchone()
    if row:
        return row[0], row[1]
    known = [r[0] for r in db.conn.execute("SELECT path FROM assets WHERE removed = 0")]
    close = difflib.get_close_matches(rel, known, n=1)
    hint = f"; did you mean {close[0]}?" if close else " (give its path relative to the library folder)"
    raise FeedbackError(f"{path} is not an asset of the library{hint}")
