"""The page heatmap's labels, from the core (the window runs no SQL for them)."""

from __future__ import annotations

from enablement_desktop.store import open_db
from enablement_desktop.usage.pages import page_asset


def test_labels_per_page_from_the_first_section_and_a_missing_asset(tmp_path):
    db = open_db(tmp_path / "db.sqlite3")
    with db.conn:
        for i, (path, kind) in enumerate((("deck.pptx", "pptx"), ("guide.docx", "docx"), ("a.pdf", "pdf")), 1):
            db.conn.execute(
                "INSERT INTO assets (id, path, title, type, size, mtime_ns, sha256, updated_at)"
                " VALUES (?, ?, ?, ?, 1, 0, '', '2026-11-01T00:00:00Z')",
                (i, path, path.title(), kind),
            )
        db.conn.executemany(
            "INSERT INTO sections (asset_id, ordinal, page, label, heading, text) VALUES (?, ?, ?, ?, ?, '')",
            [(1, 0, 1, "slide 1", "Pricing"), (1, 1, 1, "slide 1", "ignored"), (1, 2, 2, "slide 2", "slide 2"),
             (2, 0, 1, "Which ERPs?", ""), (3, 0, 1, "p. 1", "")],
        )  # fmt: skip
    deck = page_asset(db, "deck.pptx")
    assert (deck.title, deck.type) == ("Deck.Pptx", "pptx")
    assert [deck.label(p) for p in (1, 2, 3)] == ["Slide 1 · Pricing", "Slide 2", "Slide 3"]
    assert page_asset(db, "guide.docx").label(1) == "Section 1 · Which ERPs?"
    assert page_asset(db, "a.pdf").label(1) == "Page 1"
    gone = page_asset(db, "gone.pdf")
    assert (gone.title, gone.type, gone.label(4)) == ("gone.pdf", "", "Section 4")
    db.conn.close()
