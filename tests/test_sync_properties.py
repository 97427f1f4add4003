"""Property: importing segments is idempotent and independent of order."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from enablement_desktop.store import open_db
from enablement_desktop.usage import segments
from enablement_desktop.usage.sync import import_all
from enablement_desktop.usage.validate import EVENT_FIELDS, clean_event

WRITERS = ("ann@laptop", "bob@pc", "cy@mac")  # a folder carries only its writer's events
TEXT = st.text(max_size=12)


@st.composite
def events(draw: st.DrawFn) -> dict:
    kind = draw(st.sampled_from(["open", "rate", "search", "page_view"]))
    moment = draw(st.datetimes(datetime(2020, 1, 1), datetime(2026, 1, 1), timezones=st.just(UTC)))
    raw = {
        "uuid": str(draw(st.uuids(version=4))),
        "kind": kind,
        "ts": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "user": "?",  # set by the writer that owns the event
        "team": draw(TEXT),
        "device": "?",
        "asset_path": draw(st.sampled_from(["a.pdf", "b/c.pptx", "ü.md"])),
        "comment": draw(st.none() | TEXT),
        "data": draw(st.none() | st.dictionaries(TEXT, st.integers() | TEXT, max_size=2)),
    }
    if kind == "rate":
        raw["rating"] = draw(st.integers(1, 5))
    elif kind == "search":
        raw |= {
            "asset_path": "",
            "query": draw(TEXT.filter(str.strip)),
            "hits": draw(st.integers(0, 9)),
        }
    elif kind == "page_view":
        raw |= {
            "page": draw(st.integers(1, 50)),
            "dwell_ms": draw(st.none() | st.integers(0, 10**7)),
        }
    return raw


@st.composite
def segment_sets(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    """Each writer's events cut into segments; some segments repeat (a re-flush after a crash)."""
    pool = draw(st.lists(events(), min_size=1, max_size=25, unique_by=lambda e: e["uuid"]))
    owners = draw(st.lists(st.sampled_from(WRITERS), min_size=len(pool), max_size=len(pool)))
    files: list[tuple[str, bytes]] = []
    for writer in WRITERS:
        user, device = writer.split("@")
        mine = [
            segments.event_to_wire(
                clean_event(e | {"user": user, "device": device}, strict_kind=True)
            )
            for e, owner in zip(pool, owners, strict=True)
            if owner == writer
        ]
        start = 0
        while start < len(mine):
            size = draw(st.integers(1, 5))
            chunk = mine[start : start + size]
            repeats = 1 + int(draw(st.booleans()))
            for _ in range(repeats):
                name = f"20260101T000000000Z-{len(files):06d}-{len(files):08x}.jsonl"
                files.append((f"{writer}/{name}", segments.encode(writer, "x", chunk)))
            start += size
    return files


def write(folder: Path, files: list[tuple[str, bytes]]) -> None:
    for rel, blob in files:
        target = folder / "events" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)


def table(db_path: Path) -> list[tuple]:
    db = open_db(db_path)
    try:
        return db.conn.execute(
            f"SELECT {', '.join(EVENT_FIELDS)}, origin FROM events ORDER BY uuid"
        ).fetchall()
    finally:
        db.conn.close()


@settings(max_examples=30, deadline=None)
@given(files=segment_sets(), data=st.data())
def test_import_is_idempotent_and_order_independent(files, data):
    order = data.draw(st.permutations(files))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        all_at_once, one_by_one = root / "shared-a", root / "shared-b"
        all_at_once.mkdir()
        one_by_one.mkdir()

        write(all_at_once, files)
        reference = open_db(root / "reference.sqlite3")
        import_all(reference, all_at_once)
        reference.conn.close()

        db = open_db(root / "other.sqlite3")
        for item in order:  # segments arrive in any order, importing after each
            write(one_by_one, [item])
            import_all(db, one_by_one)
        again = import_all(db, one_by_one)
        db.conn.close()

        assert again.events_added == 0 and again.messages == []
        expected = table(root / "reference.sqlite3")
        assert table(root / "other.sqlite3") == expected
        distinct = {
            e.split(b'"uuid":"')[1][:36] for _, blob in files for e in blob.splitlines()[1:-1]
        }
        assert len(expected) == len(distinct)
