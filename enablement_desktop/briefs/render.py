"""Brief -> one-page PDF. Pure (no database, no files but the bundled fonts), fast enough per keystroke.

How it fits (see docs/briefs.md): every block is a platypus flowable whose
height is measured with `wrap()`; the body font steps from 10 pt down to 8 pt
until the page holds everything; if 8 pt is not enough, items are cut one at
a time (longest list first, ties to the lowest-priority list) and each cut
section says "+N more". Everything is then drawn on a single canvas page, so
the PDF can never run to a second page, and no text is ever set below 8 pt.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from enablement_desktop.briefs.model import Brief
from enablement_desktop.paths import REPO_ROOT

FONTS_DIR = REPO_ROOT / "resources" / "fonts"
FONT = "BriefSans"
FONT_BOLD = "BriefSans-Bold"

PAGE_SIZES = {"letter": letter, "a4": A4}
BODY_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)
MIN_SIZE = 8.0

# Cut order: a lower number loses items first when two lists are equally long.
# Never cut: offering, audience, who we are, owner, the first why-care point.
CUT_PRIORITY = (
    "discovery_questions",
    "objections",
    "differentiators",
    "proof_points",
    "collateral",
    "why_care",
)

ACCENT = HexColor("#0B5563")
ACCENT_SOFT_HEX = "#BFDCE0"  # secondary text on the accent band
ACCENT_SOFT = HexColor(ACCENT_SOFT_HEX)
TINT = HexColor("#EEF5F6")  # alternate why-care rows
INK = HexColor("#1E2A30")
MUTED_HEX = "#5B6B73"
MUTED = HexColor(MUTED_HEX)
RULE = HexColor("#C5D3D6")

MARGIN_X = 40.0
BAND_PAD = 20.0
FOOTER_ZONE = 44.0  # page bottom to the body's lowest point: margin + footer line + rule
GUTTER = 20.0
OWNER_WIDTH = 150.0

# reportlab keeps per-document font state on the shared TTFont objects, so two
# threads must not build PDFs at the same time; measuring alone would be safe.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    font_size: float  # body text size used
    cut: list[str] = field(default_factory=list)  # items left off the page, human-readable
    fits: bool = True  # everything is on the page (nothing cut)
    pages: int = 1  # always 1; here so callers can show it without parsing the PDF

    @property
    def report(self) -> str:
        """The editor's fit meter text: 'fits at 9.5 pt' or '2 items will be cut: …'."""
        return describe_fit(self.font_size, self.cut)


def render_brief(
    brief: Brief, *, paper: str | None = None, version: str = "", today: date | None = None
) -> RenderResult:
    """The brief as a one-page PDF (Letter or A4): `paper`, else the brief's, else letter."""
    page = page_size(paper or brief.paper)
    with _LOCK:
        register_fonts()
        plan = fit(brief, page)
        pdf = _draw(plan, brief, version, today or date.today())
    cut = plan.cut_labels()
    return RenderResult(pdf=pdf, font_size=plan.size, cut=cut, fits=not cut)


def fit_report(brief: Brief, *, paper: str | None = None) -> str:
    """'fits at 10 pt', 'fits at 8.5 pt' or '2 items will be cut: …', without building the PDF."""
    page = page_size(paper or brief.paper)
    with _LOCK:
        register_fonts()
        plan = fit(brief, page)
    return describe_fit(plan.size, plan.cut_labels())


def page_size(paper: str | None) -> tuple[float, float]:
    """(width, height) in points for "letter" (the default) or "a4"."""
    try:
        return PAGE_SIZES[(paper or "letter").lower()]
    except KeyError:
        raise ValueError(f'Unknown paper "{paper}": use "letter" or "a4".') from None


def describe_fit(size: float, cut: list[str]) -> str:
    if not cut:
        return f"fits at {size:g} pt"
    shown = "; ".join(cut[:3]) + (f"; and {len(cut) - 3} more" if len(cut) > 3 else "")
    return f"{len(cut)} item{'s' if len(cut) != 1 else ''} will be cut: {shown}"


@cache
def register_fonts() -> None:
    """Register the bundled DejaVu Sans once per process (parsing the TTFs costs ~50 ms)."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


# ---------------------------------------------------------------- text and styles


def _clean(text: str) -> str:
    """Paragraph markup for plain text: escaped, with control and unassigned characters dropped."""
    if not text.isprintable():  # rare: the per-character pass only runs when needed
        text = "".join(
            " " if ch in "\t\n\r" else ch
            for ch in text
            if ch in "\t\n\r" or unicodedata.category(ch) not in _UNPRINTABLE
        )
    return escape(text)


_UNPRINTABLE = ("Cc", "Cs", "Co", "Cn")


@dataclass(frozen=True)
class _Styles:
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
def _styles(size: float) -> _Styles:
    leading = round(size * 1.25, 2)
    body = ParagraphStyle(
        f"body{size}", fontName=FONT, fontSize=size, leading=leading, textColor=INK,
        splitLongWords=1,
    )
    bullet = ParagraphStyle(
        f"bullet{size}", parent=body, leftIndent=size * 1.2, bulletIndent=0,
        bulletFontName=FONT_BOLD, bulletFontSize=size, bulletColor=ACCENT,
    )
    return _Styles(
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


# ---------------------------------------------------------------- flowables


class _Heading(Flowable):
    """Section title in the accent colour with a hairline under it."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.para = Paragraph(_clean(text.upper()), style)
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


class _PainOutcome(Flowable):
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


# ---------------------------------------------------------------- measuring


@dataclass
class _Section:
    """A headed list whose items can be cut from the end. Only a prefix may be measured:
    items past the point where the list alone overflows the page can never be shown."""

    key: str
    heading: Flowable
    head_h: float
    labels: list[str]  # every item, for `cut`
    items: list[Flowable]  # the measured prefix
    prefix: list[float]  # prefix[k] = height of the first k measured items, gaps included
    width: float
    more_h: float
    floor: int  # items that are never cut
    keep: int = 0

    @property
    def total(self) -> int:
        return len(self.labels)

    @property
    def measured_all(self) -> bool:
        return len(self.items) == self.total

    def height(self, keep: int | None = None) -> float:
        k = self.keep if keep is None else keep
        return self.head_h + self.prefix[k] + (self.more_h if k < self.total else 0.0)


@dataclass
class _Band:
    """The title band: offering, audience line, owner contact. Its size doesn't depend on the body."""

    height: float
    title: Paragraph
    audience: Paragraph | None
    owner: Paragraph | None


@dataclass
class _Plan:
    size: float
    page: tuple[float, float]
    band: _Band
    lead: tuple[Flowable, float, Paragraph, float] | None  # who-we-are heading + sentence
    why: _Section | None
    columns: list[_Section]  # proof points, differentiators, questions, objections (non-empty)
    collateral: _Section | None
    avail: float  # height the body may use

    @property
    def sections(self) -> list[_Section]:
        found = [self.why, *self.columns, self.collateral]
        return [s for s in found if s is not None]

    @property
    def two_columns(self) -> bool:
        return len(self.columns) >= 2

    def split(self) -> tuple[list[_Section], list[_Section], float]:
        """(left, right, height): the column sections spread over two columns as evenly as
        possible, each column keeping the lists' order. One section spans the full width."""
        gap = _styles(self.size).section_gap
        heights = [s.height() for s in self.columns]
        if not self.two_columns:
            return self.columns, [], sum(heights)
        best: tuple[list[_Section], list[_Section], float] = ([], [], float("inf"))
        n = len(self.columns)
        for mask in range(1, 2 ** n - 1):
            sides = ([i for i in range(n) if mask >> i & 1], [i for i in range(n) if not mask >> i & 1])
            if 0 not in sides[0]:
                continue  # mirror image of another split; the first list always starts on the left
            tall = max(sum(heights[i] for i in side) + gap * (len(side) - 1) for side in sides)
            if tall < best[2] - 0.01:
                best = ([self.columns[i] for i in sides[0]], [self.columns[i] for i in sides[1]], tall)
        return best

    def body_height(self) -> float:
        parts = [s.height() for s in (self.why, self.collateral) if s is not None]
        if self.columns:
            parts.append(self.split()[2])
        return sum(parts) + _styles(self.size).region_gap * max(len(parts) - 1, 0)

    def fits(self) -> bool:
        return all(s.measured_all for s in self.sections) and self.body_height() <= self.avail

    def cut_to_fit(self) -> None:
        """Drop items until the body fits: the longest list first (ties: CUT_PRIORITY order),
        skipping a list whose cut would not make the page shorter (e.g. the shorter column)."""
        for section in self.sections:
            section.keep = len(section.items)
        while self.body_height() > self.avail:
            candidates = sorted(
                (s for s in self.sections if s.keep > s.floor),
                key=lambda s: (-s.keep, CUT_PRIORITY.index(s.key)),
            )
            if not candidates:
                return  # cannot happen for a valid brief: the never-cut parts are capped in model.py
            now = self.body_height()
            chosen = candidates[0]
            for section in candidates:
                section.keep -= 1
                shorter = self.body_height() < now - 0.01
                section.keep += 1
                if shorter:
                    chosen = section
                    break
            chosen.keep -= 1

    def cut_labels(self) -> list[str]:
        return [label for s in self.sections for label in s.labels[s.keep:]]


def fit(brief: Brief, page: tuple[float, float]) -> _Plan:
    """The largest body size at which everything fits; else 8 pt with items cut."""
    band = _measure_band(brief, page[0])
    far_over = (BODY_SIZES[0] / MIN_SIZE) ** 2
    plan = _plan(brief, page, band, BODY_SIZES[0], stop_over=far_over)
    if plan.fits():
        return plan
    # Text height shrinks about with the square of the size (shorter lines, more words per
    # line), so a body far over the page at 10 pt needs cuts at 8 pt too: measure 8 pt first
    # and skip the sizes between. The outcome is the same either way; only the work differs.
    if plan.body_height() > plan.avail * far_over:
        plan = _plan(brief, page, band, MIN_SIZE)
        if not plan.fits():
            plan.cut_to_fit()
            return plan
    for size in BODY_SIZES[1:-1]:
        plan = _plan(brief, page, band, size, stop_over=1.0)
        if plan.fits():
            return plan
    plan = _plan(brief, page, band, MIN_SIZE)
    plan.cut_to_fit()
    return plan


def _measure_band(brief: Brief, page_w: float) -> _Band:
    content_w = page_w - 2 * MARGIN_X
    owner_lines = [x for x in (brief.owner.name, brief.owner.email, brief.owner.phone) if x]
    left_w = content_w - (OWNER_WIDTH + GUTTER if owner_lines else 0)
    # The offering gets the largest size that keeps it to two lines.
    for title_size in (24.0, 21.0, 18.0, 15.0):
        style = ParagraphStyle(
            f"title{title_size}", fontName=FONT_BOLD, fontSize=title_size,
            leading=title_size * 1.15, textColor=white,
        )
        title = Paragraph(_clean(brief.offering), style)
        _, title_h = title.wrap(left_w, 1000)
        if title_h <= style.leading * 2 + 0.1:
            break
    height = title_h
    audience = None
    parts = [x for x in (brief.audience.persona, brief.audience.industry, brief.audience.account) if x]
    if parts:
        style = ParagraphStyle("audience", fontName=FONT, fontSize=11, leading=14, textColor=ACCENT_SOFT)
        audience = Paragraph("For " + _clean("  ·  ".join(parts)), style)
        height += 4 + audience.wrap(left_w, 1000)[1]
    owner = None
    if owner_lines:
        style = ParagraphStyle("owner", fontName=FONT, fontSize=8.5, leading=11.5, textColor=white)
        text = f'<font name="{FONT_BOLD}" color="{ACCENT_SOFT_HEX}">YOUR CONTACT</font><br/>'
        text += f'<font name="{FONT_BOLD}">{_clean(owner_lines[0])}</font>'
        text += "".join(f"<br/>{_clean(line)}" for line in owner_lines[1:])
        owner = Paragraph(text, style)
        height = max(height, owner.wrap(OWNER_WIDTH, 1000)[1])
    return _Band(height + 2 * BAND_PAD, title, audience, owner)


def _plan(
    brief: Brief, page: tuple[float, float], band: _Band, size: float, stop_over: float | None = None
) -> _Plan:
    """Measure the brief at body `size`. With `stop_over`, measuring stops once the body is
    surely taller than `stop_over` × the room (the plan then only says "doesn't fit")."""
    st = _styles(size)
    page_w, page_h = page
    content_w = page_w - 2 * MARGIN_X
    top = band.height + st.region_gap
    lead = None
    if brief.who_we_are:
        heading = _Heading("Who we are", st.heading)
        head_h = heading.wrap(content_w, page_h)[1]
        para = Paragraph(_clean(brief.who_we_are), st.lead)
        lead = (heading, head_h, para, para.wrap(content_w, page_h)[1])
        top += head_h + lead[3] + st.region_gap
    avail = page_h - top - FOOTER_ZONE
    m = _Measurer(st, avail, page_h, avail * stop_over if stop_over else float("inf"))

    why = m.section(
        "why_care", "Why you should care", content_w, floor=1,
        content=[(_label("why-care point", i, p.pain or p.outcome), _why_item(p.pain, p.outcome, i, st))
                 for i, p in enumerate(brief.why_care) if p.pain or p.outcome],
    )
    lists: list[tuple[str, str, list[tuple[str, _Factory]]]] = [
        ("proof_points", "Proof points",
         [(_label("proof point", i, v), _bullet_item(v, "•", st)) for i, v in enumerate(brief.proof_points) if v]),
        ("differentiators", "What makes us different",
         [(_label("differentiator", i, v), _bullet_item(v, "•", st))
          for i, v in enumerate(brief.differentiators) if v]),
        ("discovery_questions", "Discovery questions",
         [(_label("discovery question", i, v), _bullet_item(v, f"{n}.", st, numbered=True))
          for n, (i, v) in enumerate(((i, v) for i, v in enumerate(brief.discovery_questions) if v), 1)]),
        ("objections", "Objections and answers",
         [(_label("objection", i, o.objection or o.response), _objection_item(o.objection, o.response, st))
          for i, o in enumerate(brief.objections) if o.objection or o.response]),
    ]
    # Two columns when two or more of these lists have items; one list spans the page.
    width = (content_w - GUTTER) / 2 if sum(1 for *_, c in lists if c) >= 2 else content_w
    columns = [
        m.section(key, title, width, content=content, in_column=width < content_w)
        for key, title, content in lists
    ]
    collateral = m.section(
        "collateral", "Recommended collateral", content_w,
        content=[(_label("collateral", i, c.title or c.path), _collateral_item(c.title, c.page, c.path, st))
                 for i, c in enumerate(brief.collateral)],
    )
    return _Plan(size, page, band, lead, why, [c for c in columns if c], collateral, avail)


_Factory = Callable[[], Flowable]  # items are built only if measured: most of a huge list never is


class _Measurer:
    """Measures sections for one plan, keeping a lower bound on the body height so far
    (gaps left out; a column section counts half, as two columns at least halve their sum)."""

    def __init__(self, st: _Styles, avail: float, page_h: float, limit: float) -> None:
        self.st, self.avail, self.page_h, self.limit = st, avail, page_h, limit
        self.spent = 0.0

    def section(
        self,
        key: str,
        title: str,
        width: float,
        content: list[tuple[str, _Factory]],
        floor: int = 0,
        in_column: bool = False,
    ) -> _Section | None:
        """Measure items until the list alone would overflow the page (or the plan can't fit)."""
        if not content:
            return None
        share = 0.5 if in_column else 1.0
        heading = _Heading(title, self.st.heading)
        head_h = heading.wrap(width, self.page_h)[1]
        self.spent += head_h * share
        items: list[Flowable] = []
        prefix = [0.0]
        for _, make in content:
            if head_h + prefix[-1] > self.avail or self.spent > self.limit:
                break
            item = make()
            items.append(item)
            h = item.wrap(width, self.page_h)[1] + self.st.item_gap
            prefix.append(prefix[-1] + h)
            self.spent += h * share
        more_h = self.st.body.leading + self.st.item_gap
        labels = [label for label, _ in content]
        return _Section(key, heading, head_h, labels, items, prefix, width, more_h, floor, len(items))


def _why_item(pain: str, outcome: str, index: int, st: _Styles) -> _Factory:
    return lambda: _PainOutcome(
        Paragraph(_clean(pain), st.bold), Paragraph(_clean(outcome), st.body),
        Paragraph("→", st.arrow), TINT if index % 2 == 0 else None,
    )


def _bullet_item(text: str, bullet: str, st: _Styles, numbered: bool = False) -> _Factory:
    return lambda: Paragraph(_clean(text), st.numbered if numbered else st.bullet, bulletText=bullet)


def _objection_item(objection: str, response: str, st: _Styles) -> _Factory:
    def make() -> Flowable:
        parts = [f"<b>{_clean(objection)}</b>"] if objection else []
        parts += [_clean(response)] if response else []
        return Paragraph("<br/>".join(parts), st.bullet, bulletText="?")

    return make


def _collateral_item(title: str, page: int | None, path: str, st: _Styles) -> _Factory:
    def make() -> Flowable:
        name = title or path.rsplit("/", 1)[-1]
        where = f" — p. {page}" if page else ""
        text = f'<b>{_clean(name)}</b>{where}  <font color="{MUTED_HEX}">{_clean(path)}</font>'
        return Paragraph(text, st.bullet, bulletText="▸")

    return make


def _label(noun: str, index: int, text: str) -> str:
    snippet = " ".join(text.split())
    if len(snippet) > 48:
        snippet = snippet[:47].rstrip() + "…"
    return f"{noun} {index + 1} “{snippet}”"


# ---------------------------------------------------------------- drawing


def _draw(plan: _Plan, brief: Brief, version: str, today: date) -> bytes:
    page_w, page_h = plan.page
    st = _styles(plan.size)
    content_w = page_w - 2 * MARGIN_X
    buf = io.BytesIO()
    # invariant: no timestamps or random ids, so the same brief gives the same bytes
    canvas = Canvas(buf, pagesize=plan.page, invariant=1, pageCompression=1)
    canvas.setTitle(brief.offering)
    canvas.setSubject(f"Brief for {brief.audience.persona}" if brief.audience.persona else "Brief")
    canvas.setAuthor(brief.owner.name)
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


def _draw_section(canvas: Canvas, section: _Section, x: float, y: float, st: _Styles) -> float:
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
    right = "  ·  ".join(x for x in (version, today.isoformat()) if x)
    right_w = pdfmetrics.stringWidth(right, FONT, MIN_SIZE)
    canvas.drawRightString(page_w - MARGIN_X, baseline, right)
    left = _clean_plain(f"Internal use — prepared by {brief.owner.name}" if brief.owner.name else "Internal use")
    room = page_w - 2 * MARGIN_X - right_w - GUTTER
    while pdfmetrics.stringWidth(left, FONT, MIN_SIZE) > room:
        left = left[:-2] + "…"
    canvas.drawString(MARGIN_X, baseline, left)


def _clean_plain(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) not in _UNPRINTABLE)
