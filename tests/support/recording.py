"""Stand-ins for the viewer's clock and its record() call, shared by the core and window tests."""

from __future__ import annotations


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Events(list):
    """A record() stand-in that keeps (kind, fields) pairs."""

    def __call__(self, kind: str, **fields: object) -> str:
        self.append((kind, fields))
        return f"uuid-{len(self)}"

    def of(self, kind: str) -> list[dict]:
        return [fields for k, fields in self if k == kind]
