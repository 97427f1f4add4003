"""Measure and fit: the largest body size (10 → 8 pt) at which the brief fits, else cuts at 8 pt.

Heights come from platypus `wrap()`. Items of a list are measured only until
the list alone would overflow the page (the rest can never be shown), and a
size that surely doesn't fit stops measuring early: this keeps a brief with
hundreds of items as quick to lay out as a typical one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from reportlab.lib.pagesizes import A4, letter
from reportlab.platypus import Flowable, Paragraph

from enablement_desktop.briefs.blocks import (
    ACCENT_SOFT_HEX,
    AUDIENCE_STYLE,
    MUTED_HEX,
    OWNER_STYLE,
    TINT,
    Heading,
    PainOutcome,
    Styles,
    markup,
    styles,
    title_style,
)
from enablement_desktop.briefs.fonts import FONT_BOLD
from enablement_desktop.briefs.model import Brief

PAGE_SIZES = {"letter": letter, "a4": A4}
BODY_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)
MIN_SIZE = 8.0

# Cut order: the longest list loses its last item first; between equally long
# lists, the first named here. Never cut: offering, audience, who we are,
# owner, the first why-care point.
CUT_PRIORITY = (
    "discovery_questions",
    "objections",
    "differentiators",
    "proof_points",
    "collateral",
    "why_care",
)

MARGIN_X = 40.0
BAND_PAD = 20.0
FOOTER_ZONE = 44.0  # page bottom to the body's lowest point: margin, footer line and its rule
GUTTER = 20.0
OWNER_WIDTH = 150.0


def page_size(paper: str | None) -> tuple[float, float]:
    """(width, height) in points for "letter" (the default) or "a4"."""
    try:
        return PAGE_SIZES[(paper or "letter").lower()]
    except KeyError:
        raise ValueError(f'Unknown paper "{paper}": use "letter" or "a4".') from None


@dataclass
class Section:
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
class Band:
    """The title band: offering, audience line, owner contact. Its size doesn't depend on the body."""

    height: float
    title: Paragraph
    audience: Paragraph | None
    owner: Paragraph | None


@dataclass
class Plan:
    size: float
    page: tuple[float, float]
    band: Band
    lead: tuple[Flowable, float, Paragraph, float] | None  # who-we-are heading + sentence
    why: Section | None
    columns: list[Section]  # proof points, differentiators, questions, objections (non-empty)
    collateral: Section | None
    avail: float  # height the body may use

    @property
    def sections(self) -> list[Section]:
        found = [self.why, *self.columns, self.collateral]
        return [s for s in found if s is not None]

    @property
    def two_columns(self) -> bool:
        return len(self.columns) >= 2

    def split(self) -> tuple[list[Section], list[Section], float]:
        """(left, right, height): the column sections spread over two columns as evenly as
        possible, each column keeping the lists' order. One section spans the full width."""
        gap = styles(self.size).section_gap
        heights = [s.height() for s in self.columns]
        if not self.two_columns:
            return self.columns, [], sum(heights)
        best = ((), (), float("inf"))
        for left, right in _two_way_splits(len(heights)):
            tall = max(sum(heights[i] for i in left) + gap * (len(left) - 1),
                       sum(heights[i] for i in right) + gap * (len(right) - 1))
            if tall < best[2] - 0.01:
                best = (left, right, tall)
        return [self.columns[i] for i in best[0]], [self.columns[i] for i in best[1]], best[2]

    def body_height(self) -> float:
        parts = [s.height() for s in (self.why, self.collateral) if s is not None]
        if self.columns:
            parts.append(self.split()[2])
        return sum(parts) + styles(self.size).region_gap * max(len(parts) - 1, 0)

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


@cache
def _two_way_splits(n: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Every way to put sections 0..n-1 into two non-empty columns; section 0 always starts
    on the left (the other half are mirror images)."""
    out = []
    for mask in range(1, 2**n - 1, 2):  # odd masks: bit 0 (section 0) is on the left
        left = tuple(i for i in range(n) if mask >> i & 1)
        out.append((left, tuple(i for i in range(n) if i not in left)))
    return out


def fit(brief: Brief, page: tuple[float, float]) -> Plan:
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


def _measure_band(brief: Brief, page_w: float) -> Band:
    content_w = page_w - 2 * MARGIN_X
    owner_lines = [x for x in (brief.owner.name, brief.owner.email, brief.owner.phone) if x]
    left_w = content_w - (OWNER_WIDTH + GUTTER if owner_lines else 0)
    # The offering gets the largest size that keeps it to two lines.
    for title_size in (24.0, 21.0, 18.0, 15.0):
        style = title_style(title_size)
        title = Paragraph(markup(brief.offering), style)
        _, title_h = title.wrap(left_w, 1000)
        if title_h <= style.leading * 2 + 0.1:
            break
    height = title_h
    audience = None
    parts = [x for x in (brief.audience.persona, brief.audience.industry, brief.audience.account) if x]
    if parts:
        audience = Paragraph("For " + markup("  ·  ".join(parts)), AUDIENCE_STYLE)
        height += 4 + audience.wrap(left_w, 1000)[1]
    owner = None
    if owner_lines:
        text = f'<font name="{FONT_BOLD}" color="{ACCENT_SOFT_HEX}">YOUR CONTACT</font><br/>'
        text += f'<font name="{FONT_BOLD}">{markup(owner_lines[0])}</font>'
        text += "".join(f"<br/>{markup(line)}" for line in owner_lines[1:])
        owner = Paragraph(text, OWNER_STYLE)
        height = max(height, owner.wrap(OWNER_WIDTH, 1000)[1])
    return Band(height + 2 * BAND_PAD, title, audience, owner)


def _plan(
    brief: Brief, page: tuple[float, float], band: Band, size: float, stop_over: float | None = None
) -> Plan:
    """Measure the brief at body `size`. With `stop_over`, measuring stops once the body is
    surely taller than `stop_over` × the room (the plan then only says "doesn't fit")."""
    st = styles(size)
    page_w, page_h = page
    content_w = page_w - 2 * MARGIN_X
    top = band.height + st.region_gap
    lead = None
    if brief.who_we_are:
        heading = Heading("Who we are", st.heading)
        head_h = heading.wrap(content_w, page_h)[1]
        para = Paragraph(markup(brief.who_we_are), st.lead)
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
    return Plan(size, page, band, lead, why, [c for c in columns if c], collateral, avail)


_Factory = Callable[[], Flowable]  # items are built only if measured: most of a huge list never is


class _Measurer:
    """Measures sections for one plan, keeping a lower bound on the body height so far
    (gaps left out; a column section counts half, as two columns at least halve their sum)."""

    def __init__(self, st: Styles, avail: float, page_h: float, limit: float) -> None:
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
    ) -> Section | None:
        """Measure items until the list alone would overflow the page (or the plan can't fit)."""
        if not content:
            return None
        share = 0.5 if in_column else 1.0
        heading = Heading(title, self.st.heading)
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
        return Section(key, heading, head_h, labels, items, prefix, width, more_h, floor, len(items))


def _why_item(pain: str, outcome: str, index: int, st: Styles) -> _Factory:
    return lambda: PainOutcome(
        Paragraph(markup(pain), st.bold), Paragraph(markup(outcome), st.body),
        Paragraph("→", st.arrow), TINT if index % 2 == 0 else None,
    )


def _bullet_item(text: str, bullet: str, st: Styles, numbered: bool = False) -> _Factory:
    return lambda: Paragraph(markup(text), st.numbered if numbered else st.bullet, bulletText=bullet)


def _objection_item(objection: str, response: str, st: Styles) -> _Factory:
    def make() -> Flowable:
        parts = [f"<b>{markup(objection)}</b>"] if objection else []
        parts += [markup(response)] if response else []
        return Paragraph("<br/>".join(parts), st.bullet, bulletText="?")

    return make


def _collateral_item(title: str, page: int | None, path: str, st: Styles) -> _Factory:
    def make() -> Flowable:
        name = title or path.rsplit("/", 1)[-1]
        where = f" — p. {page}" if page else ""
        text = f'<b>{markup(name)}</b>{where}  <font color="{MUTED_HEX}">{markup(path)}</font>'
        return Paragraph(text, st.bullet, bulletText="▸")

    return make


def _label(noun: str, index: int, text: str) -> str:
    snippet = " ".join(text.split())
    if len(snippet) > 48:
        snippet = snippet[:47].rstrip() + "…"
    return f"{noun} {index + 1} “{snippet}”"
