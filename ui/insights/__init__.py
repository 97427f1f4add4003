"""The marketer's Insights view: usage heatmaps, coverage, unused content, ratings, send-backs.

`InsightsView` loads on first use, so views that borrow this package's small
helpers (widgets, text) do not pull the whole Insights tab in at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.insights.insights_view import InsightsView

__all__ = ["InsightsView"]


def __getattr__(name: str) -> Any:
    if name == "InsightsView":
        from ui.insights.insights_view import InsightsView

        return InsightsView
    raise AttributeError(f"module 'ui.insights' has no attribute {name!r}")
