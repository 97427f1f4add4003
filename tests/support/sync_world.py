"""Three people sharing one sync folder, for the sync tests (the `world` fixture is in tests/conftest.py)."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

from enablement_desktop.context import Context, open_context
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.sync import writer_name


def make_ctx(root: Path, name: str, role: str = "seller", team: str = "East") -> Context:
    ctx = open_context(root / name)
    ctx.settings.user, ctx.settings.device = name, f"{name}-laptop"
    ctx.settings.team, ctx.settings.role = team, role
    ctx.save_settings()
    return ctx


def count(ctx: Context, where: str = "1") -> int:
    return ctx.db.conn.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0]


def opens(ctx: Context, n: int, path: str = "a.pdf") -> list[str]:
    return [record_event(ctx.db, ctx.settings, "open", asset_path=path) for _ in range(n)]


def segment_files(shared: Path, ctx: Context) -> list[Path]:
    return sorted((shared / "events" / writer_name(ctx.settings)).glob("*.jsonl"))


def raw_segment(writer: str, lines: list[bytes]) -> bytes:
    """A segment with arbitrary event lines and a correct footer (what a buggy writer makes)."""
    body = b"".join(line + b"\n" for line in lines)
    header = {"format": "enablement-events", "version": 1, "writer": writer, "created": "x"}
    footer = {"end": "enablement-events", "lines": len(lines),
              "sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
    return json.dumps(header).encode() + b"\n" + body + json.dumps(footer).encode() + b"\n"


def event_line(**fields) -> bytes:
    event = {
        "uuid": str(uuid.uuid4()), "kind": "open", "ts": "2026-11-20T10:00:00.000Z",
        "user": "zed", "team": "North", "device": "pc", "asset_path": "z.pdf",
    } | fields  # fmt: skip
    return json.dumps(event).encode()
