"""Every brief renders to exactly one page, with its text, and nothing smaller than 8 pt."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from enablement_desktop.briefs.block_links import start_from_template
from enablement_desktop.briefs.messaging import load_messaging
from enablement_desktop.briefs.model import (
    MAX_ITEM,
    MAX_OFFERING,
    MAX_SENTENCE,
    Audience,
    Brief,
    CarePoint,
    CollateralRef,
    Objection,
    Owner,
)
from enablement_desktop.briefs.render import fit_report, render_brief
from enablement_desktop.paths import REPO_ROOT

LONG = (
    "This deliberately long sentence covers supplier onboarding, approval routing, three-way "
    "matching and the savings customers report in their first year on the platform"
)


DEMO_LIBRARY = REPO_ROOT / "resources" / "demo_library"


def typical_brief() -> Brief:
    """The demo library's CFO brief: the CFO example filled with its approved messaging."""
    brief, _notes = start_from_template("cfo", load_messaging(DEMO_LIBRARY), today=date(2026, 12, 1))
    brief.audience.account = "Halvorsen Freight"
    brief.owner = Owner("Dana Whitfield", "dana.whitfield@tidewater.example", "+1 415 555 0142")
    brief.collateral = [
        CollateralRef("case-studies/halvorsen-freight-ledger.pdf", 3, "Halvorsen Freight: 62% lower AP cost"),
        CollateralRef("decks/ledger-cfo-overview.pptx", 7, "Tidewater Ledger for CFOs"),
        CollateralRef("tools/ledger-roi-calculator.xlsx", None, "Ledger ROI calculator"),
    ]
    return brief


def far_too_long_brief() -> Brief:
    def items(word: str) -> list[str]:
        return [f"{word} {i + 1}: {LONG}." for i in range(50)]

    return Brief(
        offering="Tidewater Flow — procurement workflow for every employee who buys anything",
        audience=Audience("Head of Procurement", "Retail & consumer goods", "Pemberton Retail Group"),
        who_we_are="Tidewater Systems builds finance-operations software that 1,400 mid-market "
                   "companies use to pay suppliers, forecast revenue and manage vendor risk.",
        why_care=[CarePoint(f"Pain {i + 1}: {LONG}", f"Outcome {i + 1}: {LONG}") for i in range(50)],
        proof_points=items("Proof"),
        differentiators=items("Differentiator"),
        discovery_questions=items("Question"),
        objections=[Objection(f"Objection {i + 1}: {LONG}", f"Response {i + 1}: {LONG}") for i in range(50)],
        collateral=[CollateralRef(f"library/asset-{i + 1}.pdf", i + 1, f"Asset {i + 1}") for i in range(50)],
        owner=Owner("Dana Whitfield", "dana@tidewater.example", "+1 415 555 0142"),
    )


def unicode_brief() -> Brief:
    return Brief(
        offering="Tidewater Ledger für Großhändler — „Rechnungen“ ohne Papier",
        audience=Audience("Directrice financière", "Agroalimentaire & négoce", "Société Générale d’Équipements"),
        who_we_are="Tidewater Systems — éditeur de logiciels financiers utilisés par 1 400 entreprises.",
        why_care=[CarePoint("Les factures arrivent en PDF ; la clôture glisse.", "Clôture en 4 jours, 85 % sans saisie.")],
        proof_points=["Halvorsen Freight a économisé 310 000 € — “3× plus rapide”, dit Çelik Öztürk."],
        discovery_questions=["¿Cuántas facturas procesa al mes?"],
        objections=[Objection("«Trop cher»", "Rentabilisé en 2 trimestres ≈ 6 mois.")],
        owner=Owner("Zoë Ångström-Núñez", "zoe@tidewater.example"),
        paper="a4",
    )


def pdf_facts(pdf: bytes) -> tuple[int, list[float], str]:
    """(pages, every font size set, the text with whitespace collapsed) — and no scaled text."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    sizes = []
    for operands, operator in page.get_contents().operations:
        if operator == b"Tf":
            sizes.append(float(operands[1]))
        elif operator in (b"cm", b"Tm"):
            # a scaling matrix would make a "10 pt" font print smaller
            assert [float(x) for x in operands[:4]] == [1.0, 0.0, 0.0, 1.0]
    return len(reader.pages), sizes, " ".join(page.extract_text().split())


def assert_one_readable_page(pdf: bytes) -> str:
    pages, sizes, text = pdf_facts(pdf)
    assert pages == 1
    assert sizes and min(sizes) >= 8.0
    return text


def test_minimal_brief():
    result = render_brief(Brief(offering="Tidewater Pulse"), today=date(2026, 11, 26))
    text = assert_one_readable_page(result.pdf)
    assert "Tidewater Pulse" in text and "Internal use" in text and "2026-11-26" in text
    assert (result.font_size, result.cut, result.fits, result.pages) == (10.0, [], True, 1)
    assert result.report == "fits at 10 pt"


def test_typical_template_fits_without_cuts():
    result = render_brief(typical_brief(), version="v3", today=date(2026, 11, 26))
    text = assert_one_readable_page(result.pdf)
    assert result.fits and not result.cut and result.font_size >= 9.0
    for expected in ("Tidewater Ledger", "For CFO", "WHY YOU SHOULD CARE", "PROOF POINTS",
                     "DISCOVERY QUESTIONS", "OBJECTIONS AND ANSWERS", "RECOMMENDED COLLATERAL",
                     "Halvorsen Freight: 62% lower AP cost — p. 3", "decks/ledger-cfo-overview.pptx",
                     "Internal use — prepared by Dana Whitfield", "v3", "2026-11-26", "YOUR CONTACT"):
        assert expected in text
    assert "more" not in text


def test_far_too_long_brief_is_cut_to_one_page_at_8pt():
    brief = far_too_long_brief()
    result = render_brief(brief)
    text = assert_one_readable_page(result.pdf)
    assert result.font_size == 8.0 and not result.fits
    # never cut: the offering, who we are, the first why-care point
    for kept in ("Tidewater Flow", "Tidewater Systems builds", "Pain 1:", "Outcome 1:"):
        assert kept in text
    hidden = [int(n) for n in re.findall(r"\+(\d+) more", text)]
    assert len(hidden) == 6  # every list lost items, and each says so
    assert sum(hidden) == len(result.cut)
    assert "discovery question 50 “Question 50: This deliberately" in " ".join(result.cut)
    report = fit_report(brief)
    assert report.startswith(f"{len(result.cut)} items will be cut: ")
    assert report == result.report


def test_cuts_take_from_the_longest_list_and_lowest_priority_first():
    brief = typical_brief()
    brief.discovery_questions = [f"Question {i}: {LONG}?" for i in range(1, 31)]
    result = render_brief(brief)
    assert result.cut and all(c.startswith("discovery question") for c in result.cut)
    assert len(brief.proof_points) == 4 and "Customers capture" in assert_one_readable_page(result.pdf)


def test_unicode_text_is_embedded_and_extractable():
    result = render_brief(unicode_brief())
    text = assert_one_readable_page(result.pdf)
    for expected in ("Großhändler", "„Rechnungen“", "financière", "Équipements", "310 000 €",
                     "“3× plus rapide”", "Çelik Öztürk", "¿Cuántas", "«Trop cher»", "≈",
                     "Zoë Ångström-Núñez", "Internal use — prepared by"):
        assert expected in text
    assert b"DejaVuSans" in result.pdf  # the bundled font is embedded, not a base-14 stand-in


def test_empty_optional_sections_are_left_out():
    brief = Brief(offering="Tidewater Shield", why_care=[CarePoint("", ""), CarePoint("Risk", "")],
                  proof_points=["", ""], objections=[Objection("", "")], collateral=[])
    text = assert_one_readable_page(render_brief(brief).pdf)
    assert "WHY YOU SHOULD CARE" in text and "Risk" in text
    for absent in ("PROOF POINTS", "OBJECTIONS", "COLLATERAL", "WHO WE ARE", "YOUR CONTACT"):
        assert absent not in text


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("a4", (595.2756, 841.8898))])
def test_paper_sizes(paper, size):
    for brief in (typical_brief(), far_too_long_brief()):
        reader = PdfReader(io.BytesIO(render_brief(brief, paper=paper).pdf))
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)
    brief = Brief(offering="X", paper=paper)
    assert float(PdfReader(io.BytesIO(render_brief(brief).pdf)).pages[0].mediabox.height) == pytest.approx(
        size[1], abs=0.01)


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match='Unknown paper "A5"'):
        render_brief(Brief(offering="X"), paper="A5")


def test_same_brief_same_bytes():
    today = date(2026, 1, 2)
    assert render_brief(typical_brief(), today=today).pdf == render_brief(typical_brief(), today=today).pdf


def test_limits_of_the_never_cut_parts_still_fit():
    """Every never-cut part at its maximum length, on the smaller page height: still one page."""
    brief = far_too_long_brief()
    brief.offering = "W" * MAX_OFFERING
    brief.who_we_are = ("Tidewater " * 100)[:MAX_SENTENCE]
    brief.why_care[0] = CarePoint("M" * MAX_SENTENCE, ("outcome " * 60)[:MAX_SENTENCE])
    brief.audience = Audience("P" * 100, "I" * 100, "A" * 100)
    brief.owner = Owner("N" * 100, "E" * 100, "9" * 100)
    result = render_brief(brief, paper="letter")
    text = assert_one_readable_page(result.pdf)
    assert "WWWW" in text and "MMMM" in text


text_strategy = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=160
)
briefs = st.builds(
    Brief,
    offering=st.text(min_size=1, max_size=MAX_OFFERING).filter(str.strip),
    audience=st.builds(Audience, text_strategy, text_strategy, text_strategy).map(
        lambda a: Audience(a.persona[:100], a.industry[:100], a.account[:100])
    ),
    who_we_are=st.text(max_size=MAX_SENTENCE),
    why_care=st.lists(st.builds(CarePoint, st.text(max_size=MAX_SENTENCE), st.text(max_size=MAX_SENTENCE)),
                      max_size=40),
    proof_points=st.lists(st.text(max_size=MAX_ITEM), max_size=40),
    differentiators=st.lists(text_strategy, max_size=40),
    discovery_questions=st.lists(text_strategy, max_size=40),
    objections=st.lists(st.builds(Objection, text_strategy, text_strategy), max_size=40),
    collateral=st.lists(
        st.builds(CollateralRef, st.from_regex(r"[a-z]{1,12}/[\w \-]{1,40}\.pdf", fullmatch=True),
                  st.one_of(st.none(), st.integers(1, 999)), text_strategy),
        max_size=40,
    ),
    owner=st.builds(Owner, text_strategy.map(lambda s: s[:100]), text_strategy.map(lambda s: s[:100])),
    paper=st.sampled_from([None, "letter", "a4"]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs)
def test_any_brief_renders_to_exactly_one_page(brief):
    result = render_brief(brief)
    assert_one_readable_page(result.pdf)
    assert 8.0 <= result.font_size <= 10.0
    assert result.fits == (not result.cut)
