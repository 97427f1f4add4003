"""Start a brief from a library asset; recommend and check collateral; pick proof points."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from enablement_desktop.briefs.collateral import check_collateral, fill_titles, recommend_collateral
from enablement_desktop.briefs.from_asset import brief_from_asset
from enablement_desktop.briefs.messaging import load_messaging
from enablement_desktop.briefs.model import Brief, CollateralRef, brief_from_json, brief_to_json
from enablement_desktop.briefs.proof import (
    Passage,
    pick_proof_points,
    score_sentence,
    split_sentences,
)
from enablement_desktop.store import open_db
from tests.support.messaging import BLOCKS, write_messaging

TODAY = date(2026, 11, 26)


def add_asset(db, path, title, product, persona, *, approved=1, expires="", sections=()):
    db["assets"].insert({
        "path": path, "title": title, "type": path.rsplit(".", 1)[-1], "size": 1000, "mtime_ns": 1,
        "sha256": f"{abs(hash(path)):064x}"[:64], "page_count": len(sections), "product": product,
        "persona": persona, "owner": "Marketing Ops", "expires": expires, "approved": approved,
        "updated_at": "2026-11-01T00:00:00.000Z",
    })
    asset_id = db.conn.execute("SELECT id FROM assets WHERE path = ?", (path,)).fetchone()[0]
    db["sections"].insert_all(
        {"asset_id": asset_id, "ordinal": i, "page": page, "label": f"p. {page}", "text": text}
        for i, (page, text) in enumerate(sections)
    )


def add_event(db, kind, path, user="ana", **fields):
    db["events"].insert({"uuid": str(uuid.uuid4()), "kind": kind, "ts": fields.pop("ts", "2026-11-20T10:00:00.000Z"),
                         "user": user, "device": "laptop", "asset_path": path, **fields})


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "db.sqlite3")
    add_asset(database, "case-studies/halvorsen-freight.pdf", "Halvorsen Freight case study",
              "Tidewater Ledger", "CFO; Finance", sections=[
                  (1, "Halvorsen Freight moves 40,000 loads a year across the Nordics.\n"
                      "Founded in 1987, the company runs its own fleet."),
                  (2, "Results\n\nHalvorsen Freight cut invoice processing cost 62% in the first year.\n"
                      "The finance team now closes the books in 4 days instead of 11,\n"
                      "and captured €310k in early-payment discounts.\n"
                      "Call +47 22 33 44 55\n"
                      "Halvorsen Freight cut invoice processing cost 62% in the first year."),
              ])
    add_asset(database, "decks/ledger-cfo.pptx", "Tidewater Ledger for CFOs",
              "Tidewater Ledger, Tidewater Flow", "CFO")
    add_asset(database, "one-pagers/ledger-roi.pdf", "Ledger ROI one-pager", "Tidewater Ledger", "finance")
    add_asset(database, "old/ledger-2023.pdf", "Ledger 2023 pricing", "Tidewater Ledger", "CFO",
              expires="2024-01-01")
    add_asset(database, "drafts/ledger-draft.pdf", "Ledger draft deck", "Tidewater Ledger", "CFO", approved=0)
    add_asset(database, "decks/pulse-vp-sales.pptx", "Pulse for sales leaders", "Tidewater Pulse", "VP Sales")
    add_asset(database, "decks/ledger-procurement.pptx", "Ledger for procurement", "Tidewater Ledger",
              "Procurement")
    for user, rating in (("ana", 5), ("ben", 5), ("cy", 4)):
        add_event(database, "rate", "decks/ledger-cfo.pptx", user=user, rating=rating)
    add_event(database, "rate", "decks/ledger-cfo.pptx", user="cy", rating=1, ts="2026-01-01T00:00:00.000Z")
    add_event(database, "rate", "one-pagers/ledger-roi.pdf", rating=3)
    add_event(database, "rate", "old/ledger-2023.pdf", rating=5)
    add_event(database, "rate", "drafts/ledger-draft.pdf", rating=5)
    for _ in range(30):
        add_event(database, "open", "one-pagers/ledger-roi.pdf")
    for _ in range(3):
        add_event(database, "open", "case-studies/halvorsen-freight.pdf")
    add_event(database, "page_view", "decks/ledger-cfo.pptx", page=7, dwell_ms=50_000)
    add_event(database, "page_view", "decks/ledger-cfo.pptx", page=2, dwell_ms=9_000)
    add_event(database, "page_view", "decks/ledger-cfo.pptx", page=2, dwell_ms=9_000)
    yield database
    database.conn.close()


def test_brief_from_asset_uses_template_usage_and_the_assets_numbers(db):
    brief, notes = brief_from_asset(db, "case-studies/halvorsen-freight.pdf", today=TODAY)
    assert brief.offering == "Tidewater Ledger"
    assert brief.audience.persona == "CFO"
    assert brief.who_we_are.startswith("Example")  # no messaging library: the CFO example's line
    assert len(brief.why_care) == 3
    # strongest first (money + time beats a percentage); deduplicated; no year, no phone number
    assert brief.proof_points == [
        "The finance team now closes the books in 4 days instead of 11, and captured €310k in "
        "early-payment discounts (Halvorsen Freight case study, p. 2)",
        "Halvorsen Freight cut invoice processing cost 62% in the first year "
        "(Halvorsen Freight case study, p. 2)",
        "Halvorsen Freight moves 40,000 loads a year across the Nordics (Halvorsen Freight case study, p. 1)",
    ]
    # best rated (damped mean, latest rating per person) first, then most opened; only
    # approved, unexpired assets for Ledger and a CFO/finance persona
    assert [(c.path, c.page) for c in brief.collateral] == [
        ("decks/ledger-cfo.pptx", 7),
        ("one-pagers/ledger-roi.pdf", None),
        ("case-studies/halvorsen-freight.pdf", None),
    ]
    assert brief.collateral[0].title == "Tidewater Ledger for CFOs"
    assert notes[0] == 'Started from the "cfo" template.'
    assert any("3 proof points" in note for note in notes)
    assert check_collateral(db, brief, TODAY) == []
    assert brief_from_json(brief_to_json(brief)) == brief  # the draft is a valid brief


def test_recommendations_fall_back_to_product_and_note_a_template_mismatch(db):
    brief, notes = brief_from_asset(db, "decks/pulse-vp-sales.pptx", today=TODAY)
    assert brief.offering == "Tidewater Pulse"
    assert [c.path for c in brief.collateral] == ["decks/pulse-vp-sales.pptx"]
    assert any("No sentence with a number" in n for n in notes)

    brief, notes = brief_from_asset(db, "decks/ledger-procurement.pptx", today=TODAY)
    assert brief.offering == "Tidewater Ledger"
    assert any("No approved messaging fits" in n and "rewrite it" in n for n in notes)


def test_unknown_asset_and_paths_outside_the_library(db, tmp_path):
    with pytest.raises(LookupError, match='"nope.pdf" is not in the library database'):
        brief_from_asset(db, "nope.pdf")
    root = tmp_path / "library"
    brief, _ = brief_from_asset(db, root / "decks" / "ledger-cfo.pptx", library_root=root, today=TODAY)
    assert brief.offering == "Tidewater Ledger"
    with pytest.raises(LookupError, match="not inside the library"):
        brief_from_asset(db, tmp_path / "elsewhere.pdf", library_root=root)


def test_source_asset_that_cannot_go_on_a_brief_is_noted(db):
    _, notes = brief_from_asset(db, "old/ledger-2023.pdf", today=TODAY)
    assert notes[-1].startswith('Not recommended as collateral: "Ledger 2023 pricing"')


def test_expired_unapproved_and_missing_assets_are_refused_by_name(db):
    brief = Brief(offering="Tidewater Ledger", collateral=[
        CollateralRef("decks/ledger-cfo.pptx", 7),
        CollateralRef("old/ledger-2023.pdf"),
        CollateralRef("drafts/ledger-draft.pdf"),
        CollateralRef("gone/deleted.pdf"),
    ])
    assert check_collateral(db, brief, TODAY) == [
        '"Ledger 2023 pricing" (old/ledger-2023.pdf) expired on 2024-01-01: remove it from the brief '
        "or ask marketing for a current version.",
        '"Ledger draft deck" (drafts/ledger-draft.pdf) is not approved for use — ask Marketing Ops: '
        "remove it from the brief.",
        '"gone/deleted.pdf" is not in the library (moved or deleted?): remove it from the brief or rescan.',
    ]
    # valid through its expiry day
    assert check_collateral(db, Brief("X", collateral=[CollateralRef("old/ledger-2023.pdf")]),
                            date(2024, 1, 1)) == []


def test_fill_titles_only_fills_missing_ones(db):
    brief = Brief("X", collateral=[CollateralRef("decks/ledger-cfo.pptx"),
                                   CollateralRef("one-pagers/ledger-roi.pdf", title="My title"),
                                   CollateralRef("gone.pdf")])
    assert [c.title for c in fill_titles(db, brief).collateral] == ["Tidewater Ledger for CFOs", "My title", ""]


def test_recommend_without_filters_ranks_everything_valid(db):
    recs = recommend_collateral(db, [], [], TODAY, limit=10)
    paths = [r.path for r in recs]
    assert "old/ledger-2023.pdf" not in paths and "drafts/ledger-draft.pdf" not in paths
    top = recs[0]
    assert (top.path, top.rating, top.ratings, top.page) == ("decks/ledger-cfo.pptx", pytest.approx(14 / 3), 3, 7)


def test_sentence_picker():
    assert split_sentences("Our platform is fast.\nIt closes books\nin 4 days. Great!\n• 3x faster approvals") == [
        "Our platform is fast.", "It closes books in 4 days.", "Great!", "3x faster approvals",
    ]
    assert score_sentence("Founded in 2009 in Bergen, Norway by two engineers.") == 0
    assert score_sentence("Call our team on +47 22 33 44 55 55 today") == 0
    assert score_sentence("Connects to Salesforce, HubSpot and Dynamics 365 Sales.") == 0
    assert score_sentence("Forecast accuracy (week 2) | 78% | 96%") == 0  # a table row
    assert score_sentence("We have 3 offices in the Nordics and more coming.") == 1
    assert score_sentence("Customers save 40% and €1.2m within 6 months.") > score_sentence(
        "Approvals are 3x faster than before for most teams.")
    long = "Customers save 40% " + "and more " * 40
    assert score_sentence(long) == 0  # too long to be a proof point
    picked = pick_proof_points(
        [Passage("slide 4", "Approvals are 3x faster than before for most teams.\n"
                            "Customers save 40% within 6 months of going live.")],
        "A very long deck title that goes on and on about Tidewater Flow", limit=1,
    )
    assert pick_proof_points([Passage("p. 3", "Halvorsen Freight cut invoice processing cost 62%.")],
                             "Case study: Halvorsen Freight cuts invoice cost 62%") == [
        "Halvorsen Freight cut invoice processing cost 62% (Case study, p. 3)"]
    restated = pick_proof_points([Passage("p. 1", "Invoice processing cost down 62%, from $11.40 to $4.33 per invoice."),
                                  Passage("p. 3", "Cost per invoice: $4.33, down 62% from $11.40.")], "Case study")
    assert len(restated) == 1  # same figures, same claim
    assert picked == ["Customers save 40% within 6 months of going live (A very long deck title that goes on and…, slide 4)"]


def test_approved_messaging_comes_first_and_blocks_quoting_the_asset_lead(db, tmp_path):
    blocks = [dict(b) for b in BLOCKS]
    blocks.append({**blocks[2], "id": "proof-from-this-case", "text": "Halvorsen closes in 4 days.",
                   "source": {"path": "case-studies/halvorsen-freight.pdf", "page": 2}})
    write_messaging(tmp_path / "library", blocks=blocks)
    messaging = load_messaging(tmp_path / "library")
    brief, notes = brief_from_asset(db, "case-studies/halvorsen-freight.pdf", today=TODAY, messaging=messaging)
    assert brief.offering == "Tidewater Ledger" and brief.who_we_are.startswith("Tidewater builds")
    # approved proof points only (the asset's own sentences are not approved wording), its own first
    assert brief.proof_points == ["Halvorsen closes in 4 days.", "Halvorsen Freight cut invoice cost 62%."]
    assert brief.links["proof_points[0]"].id == "proof-from-this-case"
    assert brief.links["proof_points[1]"].id == "proof-halvorsen"
    assert any(n.startswith("Approved messaging for Tidewater Ledger and CFO") for n in notes)
    assert brief_from_json(brief_to_json(brief)) == brief
