"""The scorecard on one page for the sales–marketing review, with the briefs' fitting rules.

It reuses the brief renderer's parts (docs/briefs.md): its fonts, colours,
headings, list sections with "+N more", and measure-and-fit: the body steps
from 10 pt down to 8 pt, then the longest list loses its last item first
until the page fits. The KPIs themselves are never cut; only the lists of
campaigns, open send-backs and unanswered searches are. Never a second page,
never below 8 pt.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from enablement_desktop.briefs.blocks import (
    ACCENT,
    AUDIENCE_STYLE,
    MUTED,
    RULE,
    Heading,
    Styles,
    markup,
    plain_text,
    styles,
    title_style,
)
from enablement_desktop.briefs.fonts import FONT, FONT_BOLD, register_fonts
from enablement_desktop.briefs.layout import (
    BAND_PAD,
    BODY_SIZES,
    FOOTER_ZONE,
    GUTTER,
    MARGIN_X,
    MIN_SIZE,
    Section,
    _Measurer,
    page_size,
)
from enablement_desktop.briefs.render import _LOCK, _draw_section
from enablement_desktop.usage.scorecard import Scorecard
from enablement_desktop.usage.scorecard_rows import KpiRow, kpi_rows, long_date, period_text

GOOD = HexColor("#1B6E3A")
BAD = HexColor("#B3261E")
# Cut order between lists of equal length: the first named loses an item first.
CUT_PRIORITY = ("requests", "send_backs", "campaigns")
_ARROW = {"up": "▲", "down": "▼", "same": "="}


@dataclass(frozen=True)
class ScorecardPdf:
    pdf: bytes
    font_size: float
    cut: list[str] = field(default_factory=list)  # list items left off, human-readable


def render_scorecard(card: Scorecard, *, paper: str = "a4", today: date | None = None) -> ScorecardPdf:
    page = page_size(paper)
    with _LOCK:  # reportlab's font subsets are shared state: one render at a time, briefs included
        register_fonts()
        plan = _fit(card, page)
        pdf = _draw(plan, card, today or date.today())
    return ScorecardPdf(pdf, plan.size, plan.cut_labels())


def write_scorecard_pdf(card: Scorecard, path: Path, *, paper: str = "a4") -> ScorecardPdf:
    """Render and write atomically: a half-written PDF never sits where one is expected."""
    result = render_scorecard(card, paper=paper)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(result.pdf)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return result


@dataclass
class _Plan:
    size: float
    page: tuple[float, float]
    band_h: float
    band: list[Paragraph]
    kpis: list[tuple[Heading, float, Table, float]]  # marketing, sales: heading and table
    lists: list[Section]
    avail: float

    @property
    def kpi_height(self) -> float:
        return max(head_h + table_h for _, head_h, _, table_h in self.kpis)

    def body_height(self) -> float:
        gap = styles(self.size).region_gap
        return self.kpi_height + sum(s.height() + gap for s in self.lists)

    def fits(self) -> bool:
        return all(s.measured_all for s in self.lists) and self.body_height() <= self.avail

    def cut_to_fit(self) -> None:
        for s in self.lists:
            s.keep = len(s.items)
        while self.body_height() > self.avail:
            candidates = [s for s in self.lists if s.keep > s.floor]
            if not candidates:
                return
            min(candidates, key=lambda s: (-s.keep, CUT_PRIORITY.index(s.key))).keep -= 1

    def cut_labels(self) -> list[str]:
        return [label for s in self.lists for label in s.labels[s.keep :]]


def _fit(card: Scorecard, page: tuple[float, float]) -> _Plan:
    band_h, band = _band(card, page[0])
    for size in BODY_SIZES:
        plan = _plan(card, page, band_h, band, size)
        if plan.fits():
            return plan
    plan = _plan(card, page, band_h, band, MIN_SIZE)
    plan.cut_to_fit()
    return plan


def _band(card: Scorecard, page_w: float) -> tuple[float, list[Paragraph]]:
    width = page_w - 2 * MARGIN_X
    title = Paragraph("Sales &amp; marketing scorecard", title_style(20.0))
    scope = f"team {card.team}" if card.team else "all teams"
    line = Paragraph(
        markup(f"{period_text(card.current)}  ·  {scope}  ·  compared with {period_text(card.previous)}"),
        AUDIENCE_STYLE,
    )
    height = title.wrap(width, 1000)[1] + 4 + line.wrap(width, 1000)[1]
    return height + 2 * BAND_PAD, [title, line]


def _plan(
    card: Scorecard, page: tuple[float, float], band_h: float, band: list[Paragraph], size: float
) -> _Plan:
    st = styles(size)
    page_w, page_h = page
    content_w = page_w - 2 * MARGIN_X
    column_w = (content_w - GUTTER) / 2
    rows = kpi_rows(card)
    kpis = []
    for side, title in (("marketing", "Marketing: feedback acted on"), ("sales", "Sales: library used")):
        heading = Heading(title, st.heading)
        table = _kpi_table([r for r in rows if r.side == side], st, column_w)
        kpis.append((heading, heading.wrap(column_w, page_h)[1], table, table.wrap(column_w, page_h)[1]))
    avail = page_h - band_h - st.region_gap - FOOTER_ZONE
    kpi_h = max(h + t for _, h, _, t in kpis) + st.region_gap
    m = _Measurer(st, avail - kpi_h, page_h, float("inf"))
    now = card.current
    active = now.sellers.active
    lists = [
        m.section(
            "campaigns", "Campaigns: read before launch", content_w,
            content=[
                (f"campaign {n.title}", _item(
                    f"<b>{markup(n.title)}</b> — launch {long_date(date.fromisoformat(n.launch))}: "
                    f"{n.read_before_launch} of {active} active sellers read it before launch, "
                    f"{n.read_after_launch} after", st))
                for n in now.campaigns.notes
            ],
        ),  # fmt: skip
        m.section(
            "send_backs", "Send-backs still open (oldest first)", content_w,
            content=[
                (f"send-back {w.title}", _item(
                    f"<b>{markup(w.title)}</b> — {markup(w.reason)}, raised "
                    f"{long_date(date.fromisoformat(w.raised[:10]))}, {markup(w.status)}", st))
                for w in now.waiting_send_backs
            ],
        ),  # fmt: skip
        m.section(
            "requests", "Searches that still find nothing", content_w,
            content=[(f"search “{q}”", _item(markup(q), st)) for q in now.unanswered_requests],
        ),
    ]
    return _Plan(size, page, band_h, band, kpis, [s for s in lists if s], avail)


def _item(text: str, st: Styles):  # noqa: ANN202 - a factory, as the brief layout takes
    return lambda: Paragraph(text, st.bullet, bulletText="•")


def _kpi_table(rows: list[KpiRow], st: Styles, width: float) -> Table:
    muted = st.body.clone(f"kpihead{st.size}", textColor=MUTED, fontSize=st.size - 1)
    data = [[Paragraph("", muted), Paragraph("This period", muted), Paragraph("Before", muted)]]
    for r in rows:
        colour = MUTED if r.good is None else GOOD if r.good else BAD
        # The previous value without its "(2 of 4)": the trend column stays one line.
        trend = f"{_ARROW[r.trend]} {markup(r.previous.split(' (')[0])}" if r.trend else ""
        data.append([
            Paragraph(markup(r.label), st.body),
            Paragraph(markup(r.value), st.bold),
            Paragraph(trend, st.body.clone(f"trend{st.size}{r.good}", textColor=colour)),
        ])  # fmt: skip
    table = Table(data, colWidths=[width * 0.42, width * 0.34, width * 0.24])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), st.size * 0.4),
        ("TOPPADDING", (0, 0), (-1, -1), st.item_gap),
        ("BOTTOMPADDING", (0, 0), (-1, -1), st.item_gap),
        ("LINEBELOW", (0, 1), (-1, -2), 0.4, RULE),
    ]))  # fmt: skip
    return table


def _draw(plan: _Plan, card: Scorecard, today: date) -> bytes:
    page_w, page_h = plan.page
    st = styles(plan.size)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=plan.page, invariant=1, pageCompression=1)
    canvas.setTitle(plain_text(f"Scorecard {period_text(card.current)}"))
    canvas.setCreator("Enablement Desktop")
    canvas.setFillColor(ACCENT)
    canvas.rect(0, page_h - plan.band_h, page_w, plan.band_h, stroke=0, fill=1)
    y = page_h - BAND_PAD
    title, line = plan.band
    title.drawOn(canvas, MARGIN_X, y - title.height)
    line.drawOn(canvas, MARGIN_X, y - title.height - 4 - line.height)

    y = page_h - plan.band_h - st.region_gap
    column_w = (page_w - 2 * MARGIN_X - GUTTER) / 2
    for i, (heading, head_h, table, table_h) in enumerate(plan.kpis):
        x = MARGIN_X + i * (column_w + GUTTER)
        heading.drawOn(canvas, x, y - head_h)
        table.drawOn(canvas, x, y - head_h - table_h)
    y -= plan.kpi_height + st.region_gap
    for section in plan.lists:
        y = _draw_section(canvas, section, MARGIN_X, y, st) - st.region_gap

    baseline = 26.0
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, baseline + 11, page_w - MARGIN_X, baseline + 11)
    canvas.setFillColor(MUTED)
    right = today.isoformat()
    canvas.setFont(FONT_BOLD, MIN_SIZE)
    canvas.drawRightString(page_w - MARGIN_X, baseline, right)
    left = (
        "Internal use · ▲▼ this period against Before: green better, red worse · "
        "definitions: docs/scorecard.md"
    )
    room = page_w - 2 * MARGIN_X - stringWidth(right, FONT_BOLD, MIN_SIZE) - GUTTER
    while len(left) > 1 and stringWidth(left, FONT, MIN_SIZE) > room:
        left = left[:-2] + "…"
    canvas.setFont(FONT, MIN_SIZE)
    canvas.drawString(MARGIN_X, baseline, left)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
