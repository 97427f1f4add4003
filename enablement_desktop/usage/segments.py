"""The segment file format: header line, one JSON event per line, footer line.

See docs/sync-format.md. The footer's line count and sha256 of the event lines
let a reader tell a complete segment from a half-written, cut-short or edited
one without trusting file sizes or clocks.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
import uuid as uuid_mod
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from enablement_desktop.usage.validate import EVENT_FIELDS, clean_event, data_to_wire

FORMAT = "enablement-events"
VERSION = 1
SUFFIX = ".jsonl"
MAX_SEGMENT_BYTES = 32 * 1024 * 1024
MAX_LINE_BYTES = 64 * 1024
SEGMENT_NAME_RE = re.compile(r"^\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}\.jsonl\Z", re.ASCII)
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")


class SegmentError(ValueError):
    """The whole file is unusable; the message says why in words a person can act on."""


@dataclass
class Segment:
    writer: str
    created: str
    events: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one per skipped line


@functools.lru_cache(maxsize=1024)  # asked once per event on import and flush
def writer_for(user: str, device: str) -> str:
    """The '<user>@<device>' folder an event's author writes to, safe on every filesystem."""
    return f"{_safe_part(user)}@{_safe_part(device)}"


def event_uuid(user: str, device: str) -> str:
    """A new event UUID bound to its writer: the last 12 hex digits name '<user>@<device>'.

    Every copy of an event is checked against its writer on import, so a
    writer cannot take over another writer's event by re-using its UUID: a
    bound UUID belongs to one writer, whatever order copies arrive in. 74
    random bits remain, far beyond any library's event count.
    """
    random_part = uuid_mod.uuid4().hex[:20]
    return str(uuid_mod.UUID(random_part + writer_tag(writer_for(user, device))))


@functools.lru_cache(maxsize=1024)
def writer_tag(writer: str) -> str:
    return hashlib.sha256(writer.encode("utf-8")).hexdigest()[:12]


def bound_to(uuid: str, writer: str) -> bool:
    """True when `uuid` was made by `event_uuid` for `writer` (older, unbound UUIDs: almost never)."""
    return uuid[-12:] == writer_tag(writer)


def segment_name(counter: int, moment: datetime | None = None) -> str:
    """'<utc-timestamp>-<counter>-<random>.jsonl': sortable, and unique without coordination."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.strftime("%Y%m%dT%H%M%S") + f"{moment.microsecond // 1000:03d}Z"
    return f"{stamp}-{counter % 1_000_000:06d}-{secrets.token_hex(4)}{SUFFIX}"


def event_to_wire(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row as it travels: the shared fields only, `data` as an object."""
    wire = {name: row[name] for name in EVENT_FIELDS}
    wire["data"] = data_to_wire(row["data"])
    return wire


def encode(writer: str, created: str, events: list[dict[str, Any]]) -> bytes:
    header = {"format": FORMAT, "version": VERSION, "writer": writer, "created": created}
    # ensure_ascii: any text, even lone surrogates, round-trips through plain ASCII lines.
    body = b"".join(
        json.dumps(ev, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n"
        for ev in events
    )
    footer = {"end": FORMAT, "lines": len(events), "sha256": hashlib.sha256(body).hexdigest()}
    return _line(header) + body + _line(footer)


def decode(data: bytes, writer: str) -> Segment:
    """Parse a segment found in folder `writer`; SegmentError if the file as a whole is unusable.

    Single bad lines inside a complete file are skipped and listed in `problems`.
    """
    if not data.endswith(b"\n"):
        raise SegmentError("incomplete (half-written or cut short)")
    lines = data[:-1].split(b"\n")
    header = _json_object(lines[0])
    if header is None or header.get("format") != FORMAT:
        raise SegmentError("not an Enablement events file")
    version = header.get("version")
    if type(version) is not int or version < 1:
        raise SegmentError("damaged header (no format version)")
    if version > VERSION:
        raise SegmentError(f"written by a newer app (format {version}); update to read it")
    if header.get("writer") != writer:
        raise SegmentError(
            f"its header names writer {header.get('writer')!r} but it sits in folder {writer!r}"
        )
    footer = _json_object(lines[-1]) if len(lines) > 1 else None
    if footer is None or footer.get("end") != FORMAT:
        raise SegmentError("incomplete (half-written or cut short)")
    body = lines[1:-1]
    if footer.get("lines") != len(body):
        raise SegmentError("its line count does not match its footer (edited or cut short)")
    digest = hashlib.sha256(b"".join(line + b"\n" for line in body)).hexdigest()
    if footer.get("sha256") != digest:
        raise SegmentError("its checksum does not match (edited or damaged)")

    segment = Segment(writer=writer, created=str(header.get("created", "")))
    for number, line in enumerate(body, start=2):
        if len(line) > MAX_LINE_BYTES:
            segment.problems.append(f"line {number}: longer than {MAX_LINE_BYTES:,} bytes")
            continue
        raw = _json_object(line)
        if raw is None:
            segment.problems.append(f"line {number}: not a JSON object")
            continue
        try:
            event = clean_event(raw, strict_kind=False)
        except ValueError as exc:
            segment.problems.append(f"line {number}: {exc}")
            continue
        # A folder carries only its writer's events, so nobody can speak for
        # someone else and each event has exactly one origin.
        author = writer_for(event["user"], event["device"])
        if author != writer:
            segment.problems.append(f"line {number}: an event by {author}, not by {writer}")
            continue
        segment.events.append(event)
    return segment


def _safe_part(text: str) -> str:
    """A name part in [A-Za-z0-9._-], starting with a letter or digit, with no '..'.

    If anything had to change, a short hash of the original keeps different
    people apart ('jan k' and 'jan/k' must not share a folder).
    """
    cleaned = _UNSAFE_RUN.sub("_", text)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).lstrip("._-")[:60].rstrip(".")
    if cleaned == text and cleaned:
        return cleaned
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{cleaned or 'x'}-{digest}"


def _line(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode("ascii") + b"\n"


def _json_object(line: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    return value if isinstance(value, dict) else None
