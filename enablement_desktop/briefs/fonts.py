"""The bundled font (DejaVu Sans, resources/fonts/, licence beside it): full Latin, €, “”, —.

Bundled rather than taken from the system so a bare machine prints the same brief.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from enablement_desktop.paths import REPO_ROOT

FONTS_DIR = REPO_ROOT / "resources" / "fonts"
FONT = "BriefSans"
FONT_BOLD = "BriefSans-Bold"


@cache
def register_fonts() -> None:
    """Register the fonts with reportlab once per process (parsing both TTFs takes ~40 ms)."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
