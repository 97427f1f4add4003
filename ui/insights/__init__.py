"""The marketer's Insights view: usage heatmaps, coverage, unused content, ratings, send-backs."""

from ui.insights.insights_view import InsightsView

__all__ = ["InsightsView"]
