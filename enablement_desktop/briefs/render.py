"""Brief -> one-page PDF bytes plus a fit report. Pure: no database, no files but the fonts.

Fast enough to call on every keystroke from a worker thread (see docs/briefs.md
for the numbers). Everything is drawn on a single canvas page at positions the
layout measured, so the PDF can never run to a second page, and no text is set
below 8 pt.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from enablement_desktop.briefs.blocks import ACCENT, MUTED, RULE, Styles, plain_text, styles
from enablement_desktop.briefs.fonts import FONT, register_fonts
from enablement_desktop.briefs.layout import (
    BAND_PAD,
    GUTTER,
    MARGIN_X,
    MIN_SIZE,
    OWNER_WIDTH,
    Plan,
    Section,
    fit,
    page_size,
)
from enablement_desktop.briefs.model import Brief, shorten_to_limits

# reportlab is not thread-safe: a document's font subset lives on the shared
# TTFont objects. Renders are serialised; the editor has one worker anyway.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    font_size: float  # body text size used
    cut: list[str] = field(default_factory=list)  # items left off the page, human-readable
    fits: bool = True  # everything is on the page (nothing cut)
    pages: int = 1  # always 1; here so callers can show it without parsing the PDF
    shortened: list[str] = field(default_factory=list)  # texts printed cut short with "…", human-readable

    @property
    def report(self) -> str:
        """The editor's fit meter text: 'fits at 9.5 pt' or '2 items will be cut: …'."""
        return describe_fit(self.font_size, self.cut, self.shortened)


def render_brief(
    brief: Brief, *, paper: str | None = None, version: str = "", today: date | None = None
) -> RenderResult:
    """The brief as a one-page PDF (Letter or A4): `paper`, else the brief's, else letter.

    `version` is a label for the footer ("v3"); `today` the footer date.
    """
    page = page_size(paper or brief.paper)
    brief, shortened = shorten_to_limits(brief)
    with _LOCK:
        register_fonts()
        plan = fit(brief, page)
        pdf = _draw(plan, brief, version, today or date.today())
    cut = plan.cut_labels()
    return RenderResult(pdf=pdf, font_size=plan.size, cut=cut, fits=not cut, shortened=shortened)


def fit_report(brief: Brief, *, paper: str | None = None) -> str:
    """'fits at 10 pt', 'fits at 8.5 pt' or '2 items will be cut: …', without building the PDF."""
    page = page_size(paper or brief.paper)
    brief, shortened = shorten_to_limits(brief)
    with _LOCK:
        register_fonts()
        plan = fit(brief, page)
    return describe_fit(plan.size, plan.cut_labels(), shortened)


def describe_fit(size: float, cut: list[str], shortened: Sequence[str] = ()) -> str:
    if not cut:
        text = f"fits at {size:g} pt"
    else:
        shown = "; ".join(cut[:3]) + (f"; and {len(cut) - 3} more" if len(cut) > 3 else "")
        text = f"{len(cut)} item{'s' if len(cut) != 1 else ''} will be cut: {shown}"
    if shortened:
        text += f"; {len(shortened)} text{'s' if len(shortened) != 1 else ''} shortened: " + "; ".join(shortened[:3])
        text += f"; and {len(shortened) - 3} more" if len(shortened) > 3 else ""
    return text


def _draw(plan: Plan, brief: Brief, version: str, today: date) -> bytes:
    page_w, page_h = plan.page
    st = styles(plan.size)
    content_w = page_w - 2 * MARGIN_X
    buf = io.BytesIO()
    # invariant: no timestamps or random ids, so the same brief gives the same bytes
    canvas = Canvas(buf, pagesize=plan.page, invariant=1, pageCompression=1)
    canvas.setTitle(plain_text(brief.offering))
    canvas.setSubject(plain_text(f"Brief for {brief.audience.persona}" if brief.audience.persona else "Brief"))
    canvas.setAuthor(plain_text(brief.owner.name))
    canvas.setCreator("Enablement Desktop")

    band = plan.band
    canvas.setFillColor(ACCENT)
    canvas.rect(0, page_h - band.height, page_w, band.height, stroke=0, fill=1)
    y = page_h - BAND_PAD
    band.title.drawOn(canvas, MARGIN_X, y - band.title.height)
    y -= band.title.height
    if band.audience is not None:
        band.audience.drawOn(canvas, MARGIN_X, y - 4 - band.audience.height)
    if band.owner is not None:
        band.owner.drawOn(canvas, page_w - MARGIN_X - OWNER_WIDTH, page_h - BAND_PAD - band.owner.height)

    y = page_h - band.height - st.region_gap
    if plan.lead is not None:
        heading, head_h, para, para_h = plan.lead
        heading.drawOn(canvas, MARGIN_X, y - head_h)
        para.drawOn(canvas, MARGIN_X, y - head_h - para_h)
        y -= head_h + para_h + st.region_gap

    if plan.why is not None:
        y = _draw_section(canvas, plan.why, MARGIN_X, y, st) - st.region_gap
    if plan.columns:
        left, right, area_h = plan.split()
        column_w = (content_w - GUTTER) / 2
        for start, group in ((MARGIN_X, left), (MARGIN_X + column_w + GUTTER, right)):
            col_y = y
            for section in group:
                col_y = _draw_section(canvas, section, start, col_y, st) - st.section_gap
        y -= area_h + st.region_gap
    if plan.collateral is not None:
        _draw_section(canvas, plan.collateral, MARGIN_X, y, st)

    _draw_footer(canvas, brief, version, today, page_w)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _draw_section(canvas: Canvas, section: Section, x: float, y: float, st: Styles) -> float:
    """Draw from top `y` down; return the bottom of the last item, before its trailing gap."""
    section.heading.drawOn(canvas, x, y - section.head_h)
    y -= section.head_h
    for i in range(section.keep):
        item = section.items[i]
        h = section.prefix[i + 1] - section.prefix[i]
        item.drawOn(canvas, x, y - (h - st.item_gap))
        y -= h
    hidden = section.total - section.keep
    if hidden:
        more = Paragraph(f"+{hidden} more", st.more, bulletText="…")
        _, h = more.wrap(section.width, 100)
        more.drawOn(canvas, x, y - h)
        y -= h + st.item_gap
    return y + st.item_gap


def _draw_footer(canvas: Canvas, brief: Brief, version: str, today: date, page_w: float) -> None:
    baseline = 26.0
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, baseline + 11, page_w - MARGIN_X, baseline + 11)
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, MIN_SIZE)
    right = "  ·  ".join(x for x in (plain_text(version)[:40], today.isoformat()) if x)
    right_w = pdfmetrics.stringWidth(right, FONT, MIN_SIZE)
    canvas.drawRightString(page_w - MARGIN_X, baseline, right)
    left = plain_text(f"Internal use — prepared by {brief.owner.name}" if brief.owner.name else "Internal use")
    room = page_w - 2 * MARGIN_X - right_w - GUTTER
    while len(left) > 1 and pdfmetrics.stringWidth(left, FONT, MIN_SIZE) > room:
        left = left[:-2] + "…"
    canvas.drawString(MARGIN_X, baseline, left)
