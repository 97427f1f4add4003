"""The scorecard: known events in, exact KPIs out (every number below is worked out by hand).

Period: November 2026 (30 days); previous period: 2 to 31 October.
Sellers ann, bob (East) and cat (West) are active in November; dan (East) only
in October; mia is marketing (she answers send-backs and writes notes).
"""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date

import pytest

from enablement_desktop import paths
from enablement_desktop.cli import main
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from enablement_desktop.usage.campaigns import write_note
from enablement_desktop.usage.events import record_event
from enablement_desktop.usage.scorecard import Period, query_words, scorecard

ANN = Settings(user="ann", team="East", device="d1")
BOB = Settings(user="bob", team="East", device="d2")
CAT = Settings(user="cat", team="West", device="d3")
DAN = Settings(user="dan", team="East", device="d4")
MIA = Settings(user="mia", team="Marketing", device="d5", role="marketer")
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))

ASSETS = [  # path, title, updated_at, section text
    ("a.pdf", "Atlas pricing deck", "2026-10-01T00:00:00.000Z", "list prices and discounts"),
    ("b.pdf", "ROI guide", "2026-10-01T00:00:00.000Z", "return on investment"),
    ("c.pdf", "Security report", "2026-11-15T09:00:00.000Z", "SOC 2 Type II attestation"),
    ("d.pdf", "Old deck", "2026-10-01T00:00:00.000Z", "nothing new"),
]


def t(day: str, hour: int = 0) -> str:
    return f"2026-{day}T{hour:02d}:00:00.000Z"


def answer(db, send_back: str, status: str, when: str) -> None:
    record_event(db, MIA, "feedback_response", ref_uuid=send_back, status=status, ts=when)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("scorecard")
    db = open_db(paths.database_path(root))
    with db.conn:
        for i, (path, title, updated, text) in enumerate(ASSETS, start=1):
            db.conn.execute(
                "INSERT INTO assets (id, path, title, type, size, mtime_ns, sha256, updated_at)"
                " VALUES (?, ?, ?, 'pdf', 1, 0, '', ?)",
                (i, path, title, updated),
            )
            db.conn.execute(
                "INSERT INTO sections (asset_id, ordinal, page, label, text) VALUES (?, 0, 1, 'p. 1', ?)",
                (i, text),
            )
    # Send-backs. S1: answered twice (acknowledged after 4 h, fixed after 30 h).
    s1 = record_event(db, ANN, "send_back", asset_path="a.pdf", reason="outdated", ts=t("11-02", 10))
    answer(db, s1, "acknowledged", t("11-02", 14))
    answer(db, s1, "fixed", t("11-03", 16))
    # S2: fixed at the first answer, after 10 h.
    s2 = record_event(db, BOB, "send_back", asset_path="b.pdf", reason="inaccurate", ts=t("11-05", 9))
    answer(db, s2, "fixed", t("11-05", 19))
    # S3: never answered.
    record_event(db, CAT, "send_back", asset_path="d.pdf", reason="other", ts=t("11-10", 8))
    # S4: answered "won't fix" after 2 h: answered, not fixed.
    s4 = record_event(db, ANN, "send_back", asset_path="d.pdf", reason="off-message", ts=t("11-12"))
    answer(db, s4, "won't fix", t("11-12", 2))
    # October: one send-back, fixed after 48 h.
    s0 = record_event(db, DAN, "send_back", asset_path="a.pdf", reason="outdated", ts=t("10-20"))
    answer(db, s0, "fixed", t("10-22"))

    # Zero-hit searches: "soc 2 report" twice in other spellings (one request), answered by
    # c.pdf, changed on 15 Nov after them; "roi" is in b.pdf, but b.pdf is older than the
    # search, so it is not an answer; "pricing sheet" has no asset with "sheet".
    for who, query, when in (
        (ANN, "SOC 2 report", t("11-10", 12)),
        (CAT, " soc 2  REPORT", t("11-11", 12)),
        (BOB, "pricing sheet", t("11-20", 12)),
        (ANN, "roi", t("11-16", 12)),
        (DAN, "battlecard", t("10-15", 12)),
    ):
        record_event(db, who, "search", query=query, hits=0, ts=when)
    record_event(db, MIA, "search", query="anything", hits=3, ts=t("11-09"))  # marketing: not a seller

    # Opens: a, b (sellers) and c (marketing) in November; a in October; d never.
    for who, path, when in (
        (ANN, "a.pdf", t("11-03")), (BOB, "b.pdf", t("11-04")), (BOB, "a.pdf", t("11-05")),
        (MIA, "c.pdf", t("11-16")), (DAN, "a.pdf", t("10-15")),
    ):  # fmt: skip
        record_event(db, who, "open", asset_path=path, ts=when)

    # Briefs: ann exports twice, each export carrying three assets (three rows each).
    for n in range(2):
        data = {"export": f"export-{n}", "brief_id": 1, "version": n + 1, "paper": "a4", "cut": 0}
        for path in ("a.pdf", "b.pdf", "c.pdf"):
            record_event(db, ANN, "brief_export", asset_path=path, data=data, ts=t("11-06"))
    # Ratings: three rating events in November (ann rates a.pdf twice).
    for who, rating, when in ((ANN, 2, t("11-03")), (ANN, 4, t("11-04")), (BOB, 5, t("11-05"))):
        record_event(db, who, "rate", asset_path="a.pdf", rating=rating, ts=when)

    # Campaigns launching in November. Ledger: ann read it before launch, bob only on
    # launch day (after 00:00 UTC) and again later, cat never.
    ledger = write_note(db, MIA, title="Ledger 5", launch="2026-11-20", ts=t("11-01"))
    record_event(db, ANN, "campaign_read", ref_uuid=ledger, ts=t("11-19", 23))
    record_event(db, BOB, "campaign_read", ref_uuid=ledger, ts=t("11-20", 8))
    record_event(db, BOB, "campaign_read", ref_uuid=ledger, ts=t("11-25"))
    # Shield: revised once (still one note); ann and cat read it before launch.
    shield = write_note(db, MIA, title="Shield webinar", launch="2026-11-28", ts=t("11-02"))
    write_note(db, MIA, title="Shield webinar (new time)", launch="2026-11-28", revises=shield,
               ts=t("11-03"))  # fmt: skip
    record_event(db, ANN, "campaign_read", ref_uuid=shield, ts=t("11-10"))
    record_event(db, CAT, "campaign_read", ref_uuid=shield, ts=t("11-27", 23))
    # A December launch is not November's.
    write_note(db, MIA, title="Atlas EU", launch="2026-12-05", ts=t("11-20"))
    db.conn.close()
    return root


@pytest.fixture
def db(data_dir):
    database = open_db(paths.database_path(data_dir))
    yield database
    database.conn.close()


def test_send_back_hours_count_an_answer_given_twice_and_one_never_given(db):
    card = scorecard(db, NOVEMBER).as_json()
    assert card["send_backs"] == {
        "raised": 4,
        "answered": 3,  # S1, S2, S4; S3 never
        "fixed": 2,  # S1, S2 (S4's latest answer is won't fix)
        "acted_on_share": 0.5,
        "median_hours_to_first_response": 4.0,  # of 4 (S1's first), 10, 2
        "median_hours_to_fixed": 20.0,  # of 30 (S1's fix, not its first answer) and 10
    }


def test_a_content_request_is_answered_only_by_a_later_asset(db):
    card = scorecard(db, NOVEMBER)
    assert card.as_json()["content_requests"] == {"queries": 3, "answered": 1}
    assert card.current.unanswered_requests == ["pricing sheet", "roi"]  # newest first


def test_a_campaign_read_before_launch_counts_and_one_read_after_does_not(db):
    campaigns = scorecard(db, NOVEMBER).as_json()["campaigns"]
    assert campaigns["announced"] == 2
    notes = {n["title"]: n for n in campaigns["notes"]}
    assert list(notes) == ["Ledger 5", "Shield webinar (new time)"]
    assert (notes["Ledger 5"]["read_before_launch"], notes["Ledger 5"]["read_after_launch"]) == (1, 1)
    assert notes["Ledger 5"]["share_before_launch"] == round(1 / 3, 4)
    assert notes["Shield webinar (new time)"]["read_before_launch"] == 2
    assert notes["Shield webinar (new time)"]["share_before_launch"] == round(2 / 3, 4)
    assert campaigns["seen_before_launch_share"] == 0.5  # mean of 1/3 and 2/3


def test_library_and_sellers(db):
    card = scorecard(db, NOVEMBER).as_json()
    assert card["library"] == {"assets": 4, "opened_share": 0.75, "never_opened": 1}
    assert card["sellers"] == {"active": 3, "briefs_exported": 2, "ratings": 3, "send_backs": 4}


def test_the_previous_period_is_the_same_length_just_before(db):
    previous = scorecard(db, NOVEMBER).as_json()["previous"]
    assert previous["period"] == {"since": "2026-10-02", "until": "2026-10-31"}
    assert previous["library"] == {"assets": 4, "opened_share": 0.25, "never_opened": 3}
    assert previous["send_backs"] == {
        "raised": 1, "answered": 1, "fixed": 1, "acted_on_share": 1.0,
        "median_hours_to_first_response": 48.0, "median_hours_to_fixed": 48.0,
    }  # fmt: skip
    assert previous["content_requests"] == {"queries": 1, "answered": 0}
    assert previous["campaigns"] == {"announced": 0, "seen_before_launch_share": None, "notes": []}
    assert previous["sellers"] == {"active": 1, "briefs_exported": 0, "ratings": 0, "send_backs": 1}


def test_a_team_narrows_the_sellers_not_marketing(db):
    card = scorecard(db, NOVEMBER, team="East").as_json()
    assert card["team"] == "East"
    assert card["sellers"] == {"active": 2, "briefs_exported": 2, "ratings": 3, "send_backs": 3}
    assert card["send_backs"]["median_hours_to_first_response"] == 4.0  # of 4, 10, 2 (S3 is West)
    # Ledger: ann before, bob after -> 1 of 2; Shield: ann before -> 1 of 2.
    assert card["campaigns"]["seen_before_launch_share"] == 0.5
    # East opened a and b; c only marketing did, d nobody. West opened nothing.
    assert card["library"] == {"assets": 4, "opened_share": 0.5, "never_opened": 2}
    assert scorecard(db, NOVEMBER, team="West").as_json()["library"] == {
        "assets": 4, "opened_share": 0.0, "never_opened": 4}


def test_a_team_scorecard_seeks_its_opens_per_asset_instead_of_reading_every_open(db):
    # With a team, "was it opened" read each asset's opens from the table for their
    # team: 1.1-1.3 s at 1M events (docs/benchmarks.md). The plan, not a timing.
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        scorecard(db, NOVEMBER, team="East")
    finally:
        db.conn.set_trace_callback(None)
    per_asset = [sql for sql in statements if "o.asset_path = a.path" in sql]
    assert per_asset
    for sql in per_asset:
        plan = [row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert all("events_opens_by_team (asset_path=? AND team=? AND ts" in step
                   for step in plan if step.startswith("SEARCH o")), plan


def test_nothing_to_measure_is_null(tmp_path):
    db = open_db(tmp_path / "empty.sqlite3")
    card = scorecard(db, NOVEMBER).as_json()
    db.conn.close()
    assert card["library"] == {"assets": 0, "opened_share": None, "never_opened": 0}
    assert card["send_backs"]["acted_on_share"] is None
    assert card["send_backs"]["median_hours_to_fixed"] is None
    assert card["campaigns"]["seen_before_launch_share"] is None


def test_cli_json_has_the_documented_keys(data_dir, capsys):
    assert main(["scorecard", "--since", "2026-11-01", "--until", "2026-11-30", "--json",
                 "--data-dir", str(data_dir)]) == 0  # fmt: skip
    card = json.loads(capsys.readouterr().out)
    assert {"library", "send_backs", "content_requests", "campaigns", "sellers"} <= set(card)
    assert set(card["library"]) == {"assets", "opened_share", "never_opened"}
    assert set(card["send_backs"]) == {
        "raised", "answered", "fixed", "acted_on_share", "median_hours_to_first_response",
        "median_hours_to_fixed",
    }  # fmt: skip
    assert set(card["content_requests"]) == {"queries", "answered"}
    assert {"announced", "seen_before_launch_share"} <= set(card["campaigns"])
    assert set(card["sellers"]) == {"active", "briefs_exported", "ratings", "send_backs"}
    assert card["send_backs"]["median_hours_to_fixed"] == 20.0


def test_cli_text_shows_the_trend(data_dir, capsys):
    assert main(["scorecard", "--since", "2026-11-01", "--until", "2026-11-30",
                 "--data-dir", str(data_dir)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "1 Nov 2026 – 30 Nov 2026" in out
    assert "Send-backs fixed" in out and "50% (2 of 4)" in out
    assert "▼ 100% (1 of 1) in the previous period" in out
    assert "Time to fixed" in out and "20 h" in out and "2.0 days in the previous period" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-11-31"], "must be a date"),
        (["--since", "2026-12-01", "--until", "2026-11-01"], "is after"),
        (["--until", "9999-12-31"], "must be between"),
    ],
)
def test_cli_explains_bad_dates(data_dir, capsys, args, message):
    assert main(["scorecard", *args, "--data-dir", str(data_dir)]) == 2
    assert message in capsys.readouterr().err


def test_query_words_leave_syntax_out():
    assert query_words('persona:CFO "pricing sheet" -old NOT draft OR x*') == [
        "cfo", "pricing", "sheet", "old", "draft", "x",
    ]  # fmt: skip


def test_the_pdf_is_one_page_for_the_review(data_dir, tmp_path, capsys):
    from pypdf import PdfReader

    out = tmp_path / "scorecard.pdf"
    assert main(["scorecard", "--since", "2026-11-01", "--until", "2026-11-30", "--pdf", str(out),
                 "--data-dir", str(data_dir)]) == 0  # fmt: skip
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in ("Sales & marketing scorecard", "Send-backs fixed", "50% (2 of 4)",
                     "Ledger 5", "pricing sheet", "Active sellers"):  # fmt: skip
        assert expected in text, expected
    assert "one page, 10 pt" in capsys.readouterr().err


def test_a_pdf_with_hundreds_of_open_items_stays_one_page_at_8_pt(tmp_path):
    from pypdf import PdfReader

    from enablement_desktop.usage.scorecard import Scorecard, WaitingSendBack
    from enablement_desktop.usage.scorecard_pdf import render_scorecard

    db = open_db(tmp_path / "db.sqlite3")
    base = scorecard(db, NOVEMBER)
    db.conn.close()
    crowded = dataclasses.replace(
        base.current,
        unanswered_requests=[f"request number {i} about pricing" for i in range(300)],
        waiting_send_backs=[
            WaitingSendBack(f"x{i}.pdf", f"Deck {i}", "outdated", "2026-11-02T00:00:00.000Z", "new")
            for i in range(40)
        ],
    )
    result = render_scorecard(Scorecard("", crowded, base.previous), paper="letter")
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == 1
    assert result.font_size == 8.0
    text = reader.pages[0].extract_text()
    # The longest list lost items first, and says how many with "+N more".
    cut_requests = sum(1 for c in result.cut if c.startswith("search"))
    cut_send_backs = sum(1 for c in result.cut if c.startswith("send-back"))
    assert cut_requests > 250 and cut_requests > cut_send_backs
    assert f"+{cut_requests} more" in text
    assert "request number 0 about pricing" in text
