"""Briefs: make, preview, save, export and print one-page messaging briefs."""

from ui.briefs.brief_editor import BriefEditor

__all__ = ["BriefEditor"]
