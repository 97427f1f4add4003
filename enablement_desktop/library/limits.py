"""What one indexing run may spend on a file, from the user's settings (window and CLI alike)."""

from __future__ import annotations

from enablement_desktop.extract.base import Limits
from enablement_desktop.extract.ocr import normalize_languages
from enablement_desktop.settings import Settings


def extraction_limits(settings: Settings) -> Limits:
    languages = normalize_languages(str(settings.ocr_languages)) if settings.ocr is True else ""
    return Limits(max_bytes=max(1, int(settings.max_file_mb)) * 1024 * 1024, ocr_languages=languages)
