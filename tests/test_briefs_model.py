"""Brief JSON in and out, errors that name the key, and versions in the database."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from enablement_desktop.briefs.model import (
    Audience,
    Brief,
    BriefError,
    CarePoint,
    CollateralRef,
    Objection,
    Owner,
    brief_from_json,
    brief_to_json,
    length_warnings,
    shorten_to_limits,
)
from enablement_desktop.briefs.store import (
    BriefNotFound,
    find_brief,
    list_briefs,
    list_versions,
    load_brief,
    save_brief,
)
from enablement_desktop.briefs.templates import (
    TEMPLATES_DIR,
    list_templates,
    load_template,
    match_template,
)
from enablement_desktop.store import open_db
from tests.test_briefs_render import briefs


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "db.sqlite3")
    yield database
    database.conn.close()


def full_brief() -> Brief:
    return Brief(
        offering="Tidewater Ledger",
        audience=Audience("CFO", "Manufacturing", "Halvorsen Freight"),
        who_we_are="Tidewater Systems builds finance-operations software.",
        why_care=[CarePoint("Invoices keyed by hand", "85% touchless"), CarePoint("Late close", "4-day close")],
        proof_points=["Halvorsen Freight cut invoice cost 62%"],
        differentiators=["Reads 38 languages"],
        discovery_questions=["How many invoices a month?"],
        objections=[Objection("We have scanning", "Scanning is not automation")],
        collateral=[CollateralRef("case-studies/halvorsen.pdf", 3, "Halvorsen case study"),
                    CollateralRef("decks/ledger.pptx")],
        owner=Owner("Dana Whitfield", "dana@tidewater.example", "+1 415 555 0142"),
        paper="a4",
    )


def problems(source) -> list[str]:
    with pytest.raises(BriefError) as info:
        brief_from_json(source)
    return info.value.problems


def test_only_offering_is_required():
    brief = brief_from_json('{"offering": "Tidewater Pulse"}')
    assert brief == Brief(offering="Tidewater Pulse")
    assert json.loads(brief_to_json(brief)) == {"offering": "Tidewater Pulse"}


def test_json_round_trip_keeps_every_field():
    brief = full_brief()
    assert brief_from_json(brief_to_json(brief)) == brief
    assert brief_from_json(json.loads(brief_to_json(brief))) == brief


def test_wrong_type_names_the_key_and_index():
    assert problems({"offering": "X", "why_care": [{"pain": "a"}, {"pain": 3}]}) == [
        "why_care[1].pain: expected text, got number"
    ]


def test_unknown_key_suggests_the_close_one():
    found = problems({"offering": "X", "offerng": "Y"})
    assert found == ['unknown key "offerng" — did you mean "offering"?']
    nested = problems({"offering": "X", "audience": {"persna": "CFO"}})
    assert nested == ['audience: unknown key "persna" — did you mean "persona"?']
    far = problems({"offering": "X", "colour": "blue"})
    assert far[0].startswith('unknown key "colour" (known keys: offering, audience')


def test_every_problem_is_reported_at_once():
    found = problems({"proof_points": "just one", "paper": "A5", "owner": {"email": 7},
                      "collateral": [{"path": "/etc/passwd", "page": 0}, {"page": "3"}]})
    assert found == [
        "offering: required — name what you are selling",
        "proof_points: expected a list, got text",
        "collateral[0].path: expected a path relative to the library, got \"/etc/passwd\"",
        "collateral[0].page: expected a page number (1, 2, …), got 0",
        "collateral[1].path: required — the asset's path inside the library",
        "collateral[1].page: expected a page number (1, 2, …), got text",
        "owner.email: expected text, got number",
        'paper: expected "letter" or "a4", got "A5"',
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{"offering": "X",}', "not valid JSON: line 1 column 18: Expecting property name"),
        ("[1, 2]", "a brief must be a JSON object {…}, got a list"),
        ('{"offering": true}', "offering: expected text, got true/false"),
        ('{"offering": "X", "objections": ["too expensive"]}',
         "objections[0]: expected an object with objection, response, got text"),
    ],
)
def test_malformed_input_gets_a_named_error(source, expected):
    assert problems(source)[0].startswith(expected)


def test_long_text_is_a_valid_brief_with_a_warning_and_is_shortened_for_the_page():
    brief = brief_from_json({"offering": "x" * 121, "proof_points": ["short", "word " * 120]})
    assert len(brief.offering) == 121  # not refused, nothing lost
    assert length_warnings(brief) == [
        "offering: 121 characters — the page prints the first 119 and “…”",
        "proof_points[1]: 599 characters — the page prints the first 499 and “…”",
    ]
    page, notes = shorten_to_limits(brief)
    assert len(page.offering) == 120 and page.offering.endswith("…")
    assert page.proof_points[0] == "short" and page.proof_points[1].endswith("word…")
    assert len(page.proof_points[1]) <= 500
    assert notes == ["the offering shortened to 120 characters (was 121)",
                     "proof point 2 shortened to 500 characters (was 599)"]
    assert length_warnings(page) == []


def test_null_means_not_given_and_text_is_trimmed():
    brief = brief_from_json({"offering": "  Tidewater Flow ", "who_we_are": None, "paper": "A4",
                             "collateral": [{"path": "decks\\flow.pptx", "page": None}]})
    assert brief.offering == "Tidewater Flow"
    assert brief.who_we_are == ""
    assert brief.paper == "a4"
    assert brief.collateral == [CollateralRef("decks/flow.pptx")]


def load_template_text(key: str) -> str:
    return (TEMPLATES_DIR / f"{key}.json").read_text(encoding="utf-8")


def test_templates_are_valid_briefs_and_match_personas():
    keys = {t.key for t in list_templates()}
    assert {"cfo", "cio", "vp_sales"} <= keys
    for key in keys:
        brief = load_template(key)
        # neutral examples to copy: no company's name, every line says it is an example
        assert brief.offering == "Your product" and "Tidewater" not in load_template_text(key)
        assert len(brief.why_care) == 3 and brief.who_we_are.startswith("Example")
        assert all(p.pain.startswith("Example pain:") for p in brief.why_care)
        assert all(t.startswith("Example:") for t in brief.proof_points + brief.differentiators)
    assert match_template(["Finance"], []) == "cfo"
    assert match_template(["Marketing", "VP, Sales"], []) == "vp_sales"
    assert match_template(["CISO"], ["Tidewater Shield"]) == "cio"
    assert match_template(["Marketing"], []) is None
    with pytest.raises(KeyError, match="cfo"):
        load_template("../secrets")


def test_store_round_trip_and_versions(db):
    brief = full_brief()
    brief_id, version = save_brief(db, brief, name="Ledger for Halvorsen")
    assert version == 1
    assert load_brief(db, brief_id) == brief
    assert brief_from_json(brief_to_json(load_brief(db, brief_id))) == brief

    brief.proof_points.append("Close in 4 days, down from 11")
    assert save_brief(db, brief, brief_id=brief_id) == (brief_id, 2)
    # An unchanged save (editor autosave) adds no version.
    assert save_brief(db, brief, brief_id=brief_id) == (brief_id, 2)
    assert [v.version for v in list_versions(db, brief_id)] == [2, 1]
    assert len(load_brief(db, brief_id, version=1).proof_points) == 1
    assert len(load_brief(db, brief_id).proof_points) == 2

    other_id, other_version = save_brief(db, Brief(offering="Tidewater Pulse"))
    assert (other_id, other_version) == (brief_id + 1, 1)
    summaries = {s.id: s for s in list_briefs(db)}
    assert summaries[brief_id].name == "Ledger for Halvorsen"
    assert (summaries[brief_id].version, summaries[brief_id].offering, summaries[brief_id].persona) == (
        2, "Tidewater Ledger", "CFO")
    assert summaries[other_id].name == "Tidewater Pulse"
    assert find_brief(db, "Ledger for Halvorsen") == brief_id
    assert find_brief(db, "nothing") is None


def test_missing_briefs_and_versions_say_so(db):
    with pytest.raises(BriefNotFound, match="No brief with id 9"):
        load_brief(db, 9)
    with pytest.raises(BriefNotFound, match="No brief with id 9"):
        save_brief(db, Brief(offering="X"), brief_id=9)
    brief_id, _ = save_brief(db, Brief(offering="X"))
    with pytest.raises(BriefNotFound, match="has no version 4"):
        load_brief(db, brief_id, version=4)


@settings(max_examples=30, deadline=None)
@given(briefs)
def test_json_is_stable_after_one_import(brief):
    once = brief_to_json(brief_from_json(brief_to_json(brief)))
    assert brief_to_json(brief_from_json(once)) == once
