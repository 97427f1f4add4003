"""One definition of a well-formed event, shared by local recording and sync import.

Recording and importing must agree byte for byte on what an event looks like:
import compares an incoming event with the stored copy of the same UUID to
spot edited segments, so both paths normalise through `clean_event`.
"""

from __future__ import annotations

import json
import re
import uuid as uuid_mod
from datetime import UTC, datetime
from typing import Any

EVENT_KINDS = (
    "open",
    "close",
    "page_view",
    "search",
    "rate",
    "send_back",
    "feedback_response",
    "brief_export",
    "campaign_note",
    "campaign_read",
)
SEND_BACK_REASONS = (
    "outdated",
    "inaccurate",
    "off-message",
    "hard to use",
    "missing information",
    "other",
)
FEEDBACK_STATUSES = ("new", "acknowledged", "fixed", "won't fix")

# The shared, engine-neutral event columns, in table order. `origin` and
# `flushed_at` are local bookkeeping and never travel.
EVENT_FIELDS = (
    "uuid",
    "kind",
    "ts",
    "user",
    "team",
    "device",
    "asset_path",
    "asset_sha256",
    "page",
    "dwell_ms",
    "query",
    "hits",
    "rating",
    "reason",
    "comment",
    "status",
    "ref_uuid",
    "data",
)
_INT_FIELDS = ("page", "dwell_ms", "hits", "rating")
_TEXT_FIELDS = ("query", "reason", "comment", "status", "ref_uuid")
_MAX_TEXT = 10_000
_MAX_NAME = 200
_MAX_PATH = 1_000
_MAX_INT = 2**53  # safe in JSON readers and PostgreSQL bigint alike
# A future app may add kinds; an older app imports them untouched (insights
# only query the kinds they know) instead of dropping a colleague's data.
_KIND_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}\Z")
_TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|\+00:00)\Z", re.ASCII)
_SHA_RE = re.compile(r"^[0-9a-f]{64}\Z")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")

# The fields each known kind cannot do without.
_REQUIRED = {
    "open": ("asset_path",),
    "close": ("asset_path",),
    "page_view": ("asset_path", "page"),
    "search": ("query",),
    "rate": ("asset_path", "rating"),
    "send_back": ("asset_path", "reason"),
    "feedback_response": ("ref_uuid", "status"),
    "brief_export": (),
    "campaign_note": ("data",),
    "campaign_read": ("ref_uuid",),
}
# A campaign note's `data`: what each field must be. Other keys are kept, so a
# newer app's notes survive in an older one.
CAMPAIGN_TITLE_MAX = 200
CAMPAIGN_TALK_TRACK_MAX = 1_500
CAMPAIGN_LIST_MAX = 50
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z", re.ASCII)


def normalise_ts(value: str) -> str:
    """ISO-8601 UTC text with milliseconds and 'Z', so text order is time order."""
    match = _TS_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f"timestamp must be ISO-8601 UTC like 2026-11-26T20:15:03.120Z, got {value!r}"
        )
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"timestamp {value!r} is not a real date and time") from None
    if match.group(1) is not None and len(match.group(1)) == 4 and match.group(2) == "Z":
        return value  # already canonical (every app writes this form): skip re-formatting
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clean_event(raw: dict[str, Any], *, strict_kind: bool) -> dict[str, Any]:
    """Return the event with every field in EVENT_FIELDS, normalised; ValueError says what is wrong.

    `strict_kind` refuses kinds this app does not know (local recording);
    import passes False so newer apps' kinds survive.
    """
    ev = {name: raw.get(name) for name in EVENT_FIELDS}
    unknown = set(raw) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")

    ident = ev["uuid"]
    if not isinstance(ident, str) or not _is_canonical_uuid(ident):
        raise ValueError(f"uuid must be a lowercase UUID like {uuid_mod.uuid4()}, got {ident!r}")
    kind = ev["kind"]
    if kind not in EVENT_KINDS:
        if strict_kind or not isinstance(kind, str) or not _KIND_RE.match(kind):
            raise ValueError(
                f"unknown event kind {kind!r}; expected one of {', '.join(EVENT_KINDS)}"
            )
    ev["ts"] = normalise_ts(ev["ts"])

    for name in ("user", "device"):
        if not isinstance(ev[name], str) or not ev[name].strip() or len(ev[name]) > _MAX_NAME:
            raise ValueError(f"{name} must be a non-empty name of at most {_MAX_NAME} characters")
    for name, limit in (("team", _MAX_NAME), ("asset_path", _MAX_PATH), ("asset_sha256", 64)):
        ev[name] = "" if ev[name] is None else ev[name]
        if not isinstance(ev[name], str) or len(ev[name]) > limit:
            raise ValueError(f"{name} must be text of at most {limit} characters")
    if ev["asset_sha256"] and not _SHA_RE.match(ev["asset_sha256"]):
        raise ValueError("asset_sha256 must be 64 lowercase hex digits or empty")

    for name in _INT_FIELDS:
        value = ev[name]
        # bool is an int in Python but never a count or a page.
        if value is not None and (type(value) is not int or not 0 <= value < _MAX_INT):
            raise ValueError(f"{name} must be a whole number of 0 or more, got {value!r}")
    for name in _TEXT_FIELDS:
        value = ev[name]
        if value is not None and (not isinstance(value, str) or len(value) > _MAX_TEXT):
            raise ValueError(f"{name} must be text of at most {_MAX_TEXT} characters")

    if ev["rating"] is not None and not 1 <= ev["rating"] <= 5:
        raise ValueError(f"rating must be a whole number from 1 to 5, got {ev['rating']}")
    if ev["page"] is not None and ev["page"] < 1:
        raise ValueError("page numbers start at 1")
    if ev["reason"] is not None and kind == "send_back" and ev["reason"] not in SEND_BACK_REASONS:
        raise ValueError(
            f"send-back reason must be one of: {', '.join(SEND_BACK_REASONS)}; got {ev['reason']!r}"
        )
    if (
        ev["status"] is not None
        and kind == "feedback_response"
        and ev["status"] not in FEEDBACK_STATUSES
    ):
        raise ValueError(
            f"feedback status must be one of: {', '.join(FEEDBACK_STATUSES)}; got {ev['status']!r}"
        )
    if ev["ref_uuid"] is not None and not _is_canonical_uuid(ev["ref_uuid"]):
        raise ValueError(f"ref_uuid must be the UUID of another event, got {ev['ref_uuid']!r}")
    for name in _REQUIRED.get(kind, ()):
        if ev[name] in (None, ""):
            raise ValueError(f"{kind} events need {name.replace('_', ' ')}")

    if kind == "campaign_note":
        check_campaign_data(ev["data"])
    ev["data"] = _canonical_data(ev["data"])
    return ev


def check_campaign_data(data: Any) -> None:
    """ValueError unless `data` is a campaign note: title, launch date, lists, talk track."""
    if not isinstance(data, dict):
        raise ValueError("a campaign note's data must be a JSON object")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > CAMPAIGN_TITLE_MAX:
        raise ValueError(f"a campaign note needs a title of 1 to {CAMPAIGN_TITLE_MAX} characters")
    launch = data.get("launch")
    if not isinstance(launch, str) or not _DATE_RE.match(launch):
        raise ValueError(f"a campaign note's launch must be a date like 2026-12-01, got {launch!r}")
    try:
        datetime.strptime(launch, "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"launch {launch!r} is not a real date") from None
    for name, limit in (("products", _MAX_NAME), ("personas", _MAX_NAME), ("assets", _MAX_PATH)):
        items = data.get(name, [])
        if (
            not isinstance(items, list)
            or len(items) > CAMPAIGN_LIST_MAX
            or not all(isinstance(i, str) and i.strip() and len(i) <= limit for i in items)
        ):
            raise ValueError(
                f"a campaign note's {name} must be a list of at most {CAMPAIGN_LIST_MAX} "
                f"non-empty texts of at most {limit} characters"
            )
    talk = data.get("talk_track", "")
    if not isinstance(talk, str) or len(talk) > CAMPAIGN_TALK_TRACK_MAX:
        raise ValueError(
            f"a campaign note's talk track must be text of at most {CAMPAIGN_TALK_TRACK_MAX} characters"
        )


def data_to_wire(text: str | None) -> Any:
    """The stored JSON text of `data` as the object a segment line carries."""
    return None if text is None else json.loads(text)


def _canonical_data(value: Any) -> str | None:
    """Store `data` as compact, key-sorted JSON text so equal content compares equal."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("data must be a JSON object (a dict) or empty")
    try:
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"data must hold only JSON values: {exc}") from None
    if len(text) > _MAX_TEXT:
        raise ValueError(f"data is larger than {_MAX_TEXT} characters")
    return text


def _is_canonical_uuid(text: str) -> bool:
    # The form str(uuid.UUID(...)) produces; a regex is 5x cheaper per imported line.
    return _UUID_RE.match(text) is not None
