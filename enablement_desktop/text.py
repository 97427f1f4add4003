"""How numbers are worded for people, shared by the CLI and the window."""

from __future__ import annotations


def plural(count: int, word: str, many: str = "") -> str:
    """'1 asset', '2 assets', '1,234 assets' (`many` for irregular plurals)."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many or word + 's'}"
