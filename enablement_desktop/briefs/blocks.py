"""The brief's look: colours, type sizes per body size, and the flowables the layout measures."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from enablement_desktop.briefs.fonts import FONT, FONT_BOLD

ACCENT = HexColor("#0B5563")
ACCENT_SOFT_HEX = "#BFDCE0"  # secondary text on the accent band
ACCENT_SOFT = HexColor(ACCENT_SOFT_HEX)
TINT = HexColor("#EEF5F6")  # alternate why-care rows
INK = HexColor("#1E2A30")
MUTED_HEX = "#5B6B73"
MUTED = HexColor(MUTED_HEX)
RULE = HexColor("#C5D3D6")


def plain_text(text: str) -> str:
    """Text safe to set: control, private and unassigned characters dropped; line breaks are spaces.

    Characters beyond the Basic Multilingual Plane (emoji, math letters) become U+FFFD:
    DejaVu Sans draws almost none of them, and reportlab writes a ToUnicode map for them
    that PDF readers reject.
    """
    if not text.isprintable():  # rare: the per-character pass only runs when needed
        text = "".join(
            " " if ch in "\t\n\r" else ch
            for ch in text
            if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
        )
    return _ASTRAL.sub("\ufffd", text)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def markup(text: str) -> str:
    """Paragraph markup for plain text."""
    return escape(plain_text(text))


@dataclass(frozen=True)
class Styles:
    size: float
    body: ParagraphStyle
    bold: ParagraphStyle
    bullet: ParagraphStyle
    numbered: ParagraphStyle
    more: ParagraphStyle
    heading: ParagraphStyle
    lead: ParagraphStyle
    arrow: ParagraphStyle
    item_gap: float
    section_gap: float
    region_gap: float


@cache
def styles(size: float) -> Styles:
    """Every size and gap follows the body size, so the whole page shrinks as one."""
    leading = round(size * 1.25, 2)
    body = ParagraphStyle(
        f"body{size}", fontName=FONT, fontSize=size, leading=leading, textColor=INK,
        splitLongWords=1,
    )
    bullet = ParagraphStyle(
        f"bullet{size}", parent=body, leftIndent=size * 1.2, bulletIndent=0,
        bulletFontName=FONT_BOLD, bulletFontSize=size, bulletColor=ACCENT,
    )
    return Styles(
        size=size,
        body=body,
        bold=ParagraphStyle(f"bold{size}", parent=body, fontName=FONT_BOLD),
        bullet=bullet,
        numbered=ParagraphStyle(f"numbered{size}", parent=bullet, leftIndent=size * 1.7),
        more=ParagraphStyle(f"more{size}", parent=bullet, textColor=MUTED, fontName=FONT_BOLD),
        heading=ParagraphStyle(
            f"heading{size}", fontName=FONT_BOLD, fontSize=size + 1, leading=(size + 1) * 1.2,
            textColor=ACCENT,
        ),
        lead=ParagraphStyle(
            f"lead{size}", fontName=FONT, fontSize=size + 1.5, leading=(size + 1.5) * 1.32,
            textColor=INK,
        ),
        arrow=ParagraphStyle(
            f"arrow{size}", parent=body, fontName=FONT_BOLD, textColor=ACCENT, alignment=1
        ),
        item_gap=size * 0.3,
        section_gap=size * 1.1,
        region_gap=size * 1.15,
    )


def title_style(size: float) -> ParagraphStyle:
    """The offering, white on the accent band; the layout picks the size."""
    return ParagraphStyle(f"title{size}", fontName=FONT_BOLD, fontSize=size, leading=size * 1.15,
                          textColor=white)


# The band's sizes are fixed: the body's 10 → 8 pt stepping doesn't need them to move.
AUDIENCE_STYLE = ParagraphStyle("audience", fontName=FONT, fontSize=11, leading=14, textColor=ACCENT_SOFT)
OWNER_STYLE = ParagraphStyle("owner", fontName=FONT, fontSize=8.5, leading=11.5, textColor=white)


class Heading(Flowable):
    """Section title in the accent colour with a hairline under it."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.para = Paragraph(markup(text.upper()), style)
        self.rule_gap = style.fontSize * 0.3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, h = self.para.wrap(avail_width, avail_height)
        self.width, self.height = avail_width, h + self.rule_gap * 2.2
        return self.width, self.height

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, self.height - self.para.height)
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        y = self.rule_gap * 0.9
        self.canv.line(0, y, self.width, y)


class PainOutcome(Flowable):
    """One why-care point: the pain on the left, an arrow, the outcome on the right."""

    def __init__(self, pain: Paragraph, outcome: Paragraph, arrow: Paragraph, tint: Color | None) -> None:
        super().__init__()
        self.pain, self.outcome, self.arrow, self.tint = pain, outcome, arrow, tint
        self.pad = 3.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        arrow_w = self.arrow.style.fontSize * 2
        self.pain_w = (avail_width - arrow_w) * 0.47
        self.out_w = avail_width - arrow_w - self.pain_w
        _, ph = self.pain.wrap(self.pain_w - self.pad * 2, avail_height)
        _, oh = self.outcome.wrap(self.out_w - self.pad, avail_height)
        self.arrow.wrap(arrow_w, avail_height)
        self.width, self.height = avail_width, max(ph, oh) + self.pad * 2
        return self.width, self.height

    def draw(self) -> None:
        if self.tint is not None:
            self.canv.setFillColor(self.tint)
            self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        top = self.height - self.pad
        self.pain.drawOn(self.canv, self.pad, top - self.pain.height)
        self.arrow.drawOn(self.canv, self.pain_w, top - self.arrow.height)
        self.outcome.drawOn(self.canv, self.width - self.out_w, top - self.outcome.height)
