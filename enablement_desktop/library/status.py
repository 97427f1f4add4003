"""The library's state in one dict: what the status bar and `enablement status` show."""

from __future__ import annotations

from enablement_desktop.context import Context
from enablement_desktop.library.problems import problem_counts


def library_status(ctx: Context) -> dict:
    db = ctx.db
    assets, pages = db.execute("SELECT count(*), coalesce(sum(page_count), 0) FROM assets WHERE removed = 0").fetchone()
    reasons = problem_counts(db)
    problems = sum(reasons.values())
    waiting_for_ocr = db.execute("SELECT count(*) FROM assets WHERE removed = 0 AND scanned_pages != ''").fetchone()[0]
    pending = db.execute(
        "SELECT count(*) FROM assets WHERE removed = 0 AND (indexed_sha256 IS NULL OR indexed_sha256 != sha256)"
    ).fetchone()[0]
    last = db.execute(
        "SELECT finished_at, status, seconds FROM index_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return {
        "library": ctx.settings.library, "data_dir": str(ctx.data_dir), "assets": assets, "pages": pages,
        "problems": problems, "problem_reasons": dict(reasons.most_common()), "waiting_for_ocr": waiting_for_ocr,
        "pending_index": pending,
        "last_indexed": last[0] if last else None, "last_status": last[1] if last else None,
    }
