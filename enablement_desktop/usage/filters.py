"""The filters every insight accepts, turned into one SQL condition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# Usage data starts with the app; far-off dates are typos (9999-12-31) that
# would overflow date arithmetic downstream.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Filters:
    """Narrow a figure: dates are inclusive UTC days; product/persona match the asset's metadata.

    Product and persona come from the `assets` table (joined on asset path), so
    events about assets no longer in the library drop out when either is set.
    Persona matches one of an asset's comma-separated personas.
    """

    since: date | str | None = None
    until: date | str | None = None
    product: str = ""
    persona: str = ""
    team: str = ""

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            object.__setattr__(self, name, _as_date(name, getattr(self, name)))
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"'since' ({self.since}) is after 'until' ({self.until})")

    @property
    def joins_assets(self) -> bool:
        return bool(self.product or self.persona)

    def clause(self, e: str = "e", a: str = "a") -> tuple[str, dict[str, Any]]:
        """' AND …' conditions on events alias `e` and assets alias `a`, with named params."""
        events_sql, params = self.event_clause(e)
        assets_sql, asset_params = self.asset_clause(a)
        return events_sql + assets_sql, {**params, **asset_params}

    def event_clause(self, e: str = "e") -> tuple[str, dict[str, Any]]:
        """Only the date and team conditions, for figures with no asset (searches)."""
        parts: list[str] = []
        params: dict[str, Any] = {}
        if self.since:
            parts.append(f"{e}.ts >= :f_since")
            params["f_since"] = self.since.isoformat()
        if self.until:
            # ts text sorts as time, so "before the next day" includes all of `until`.
            parts.append(f"{e}.ts < :f_until")
            params["f_until"] = (self.until + timedelta(days=1)).isoformat()
        if self.team:
            parts.append(f"{e}.team = :f_team")
            params["f_team"] = self.team
        return "".join(f" AND {p}" for p in parts), params

    def asset_clause(self, a: str = "a") -> tuple[str, dict[str, Any]]:
        """Only the product/persona conditions, for queries over assets rather than events."""
        parts: list[str] = []
        params: dict[str, Any] = {}
        if self.product:
            parts.append(f"{a}.product = :f_product COLLATE NOCASE")
            params["f_product"] = self.product
        if self.persona:
            parts.append(f"(', ' || {a}.persona || ', ') LIKE :f_persona ESCAPE '\\'")
            params["f_persona"] = f"%, {_escape_like(self.persona)}, %"
        return "".join(f" AND {p}" for p in parts), params


def _as_date(name: str, value: date | str | None) -> date | None:
    return parse_date(value, f"'{name}'")


def parse_date(value: date | str | None, label: str) -> date | None:
    """A day between EARLIEST and LATEST, or None when empty; ValueError names `label` ("'since'", "--until")."""
    if value is None or value == "":
        return None
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{label} must be a date like 2026-01-31, got {value!r}") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{label} must be between {EARLIEST} and {LATEST}, got {day}")
    return day


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


NO_FILTERS = Filters()
