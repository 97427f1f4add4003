"""Markdown and HTML assets as the preview renders them: Markdown as a docs site shows it, HTML made inert."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from enablement_desktop.extract.base import ExtractError
from enablement_desktop.extract.text import read_text
from enablement_desktop.preview.markdown import preview_markdown
from enablement_desktop.preview.safe_html import sanitize_html

MAX_MARKUP_BYTES = 2 * 1024 * 1024  # larger files preview as the hit section's text
MARKUP_TYPES = frozenset({"md", "html"})


@dataclass(frozen=True)
class Markup:
    format: str  # "markdown" (site markup taken out; render with raw HTML off) or "html" (already sanitised)
    text: str


def read_markup(path: Path, asset_type: str) -> Markup | None:
    """The file ready for a rich-text view; None when it is not markup, too large, or unreadable."""
    if asset_type not in MARKUP_TYPES:
        return None
    try:
        if path.stat().st_size > MAX_MARKUP_BYTES:
            return None
        text = read_text(path)
    except (OSError, ExtractError):
        return None
    if asset_type == "md":
        return Markup("markdown", preview_markdown(text))
    return Markup("html", sanitize_html(text))
