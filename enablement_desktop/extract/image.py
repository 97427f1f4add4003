"""Pictures (.png, .jpg, .jpeg, .tif, .tiff): no text of their own, every frame to OCR.

The extractor only checks that the picture opens and counts its frames (a
multi-page TIFF is a scanned document, one frame per page); the words are
read by OCR afterwards (see ocr.py), page by page like a scanned PDF.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from .base import TOO_LARGE, Extracted, ExtractError, Limits


def extract(path: Path, limits: Limits) -> Extracted:
    try:
        with Image.open(path) as picture:
            frames = getattr(picture, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise ExtractError(TOO_LARGE, "the picture is far too large to read", str(exc)) from None
    pages = min(frames, limits.max_pages)
    return Extracted(sections=[], page_count=frames, scanned_pages=list(range(1, pages + 1)))
