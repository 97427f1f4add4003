"""What the preview marks, how library HTML is made inert, and where a converted page lands (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from enablement_desktop.library.assets import (
    asset_by_path,
    page_text,
    sha256_by_id,
    unchanged_since_indexed,
)
from enablement_desktop.preview.highlight import marks_for, query_strings
from enablement_desktop.preview.locate import best_page, hit_page
from enablement_desktop.preview.markup import read_markup
from enablement_desktop.preview.safe_html import sanitize_html
from resources.docgen import write_docx
from tests.support.libreoffice import require_soffice

# --- what to mark ---------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ('"reverse engineering"', ["reverse engineering"]),
    ("reverse engineering", ["reverse engineering", "engineering", "reverse"]),
    ('pricing persona:CFO title:"payback period"', ["payback period", "pricing"]),
    ("battlecard -2025 NOT legacy", ["battlecard"]),
    ('-"old deck" rating:>=4 pric*', ["pric"]),
    ("C++", ["C++"]),
    ('"unclosed phrase', ["unclosed phrase"]),
    ("OR AND", []),
    # Filler is marked within the words typed together, never alone, unless it is all there is.
    ("how long does implementation take", ["how long does implementation take", "implementation", "long", "take"]),
    ("how does", ["how does", "does", "how"]),
    # So are the words search leaves out ("a", "to", "from": they would mark every other line).
    ("upgrade from a trial to a paid plan", ["upgrade from a trial to a paid plan", "upgrade", "trial", "paid", "plan"]),
    ("to be", ["to be", "to", "be"]),
])
def test_the_query_is_marked_as_searched(query, expected):
    assert query_strings(query) == expected


def test_the_documents_own_spelling_follows_the_query():
    assert marks_for('"reverse engineering"', ["engineering", "Reverse"]) == [
        "reverse engineering", "engineering", "Reverse"]
    assert marks_for("invoice", ["invoices", "Invoice"]) == ["invoice", "invoices"]


# --- library HTML ---------------------------------------------------------------


def test_library_html_keeps_its_structure_and_loses_everything_active():
    source = """<html><head><title>t</title><style>p { color: red }</style>
      <link rel="stylesheet" href="http://example.com/x.css"></head>
      <body onload="steal()"><h1 style="color:red;font-size:80px">URGENT: call now</h1>
      <img src="file:///etc/hostname" alt="Company logo"><script>alert(1)</script>
      <p class="x" onclick="y">Fees &amp; <b>terms</b> <a href="https://evil.example">here</a></p>
      <table><tr><td colspan="2" rowspan="x">cell</td></tr></table>
      <iframe src="https://evil.example"><p>inside frame</p></iframe>
      <svg><image href="file:///etc/passwd"/></svg><p>after</p></body></html>"""
    safe = sanitize_html(source)
    assert "<h1>URGENT: call now</h1>" in safe
    assert "<p>Fees &amp; <b>terms</b> <a>here</a></p>" in safe
    assert '<td colspan="2">cell</td>' in safe
    assert "[Company logo]" in safe and "<p>after</p>" in safe
    for gone in ("style", "script", "alert", "src", "href", "onclick", "onload", "inside frame",
                 "passwd", "http", "file:", "<img", "<svg", "<link", "class="):
        assert gone not in safe, gone


def test_deep_or_broken_html_stays_bounded():
    safe = sanitize_html("<div>" * 5000 + "deep" + "</b></i>" * 10)
    assert "deep" in safe and safe.count("<div>") <= 60 and safe.count("<div>") == safe.count("</div>")


def test_markdown_and_html_assets_are_read_for_the_preview(tmp_path):
    md = tmp_path / "faq.md"
    md.write_text("# FAQ\n\n**Bold** answer\n", encoding="utf-8")
    page = tmp_path / "notes.html"
    page.write_text("<h2>Notes</h2><script>x()</script>", encoding="utf-8")
    assert read_markup(md, "md").format == "markdown"
    assert read_markup(md, "md").text.startswith("# FAQ")
    assert read_markup(page, "html").text == "<h2>Notes</h2>"
    assert read_markup(md, "pdf") is None and read_markup(tmp_path / "gone.md", "md") is None


# --- the page of a converted document ----------------------------------------------


def test_the_page_with_most_of_the_section_wins():
    pages = ["Discovery questions. How do you forecast revenue today?",
             "Pricing objections. When a buyer says it is too expensive, show the gain.",
             "Competitors. Versus Forecastly: we handle multi-currency pipelines. Pricing again."]
    section = "Competitors\nVersus Forecastly: we handle multi-currency pipelines."
    assert best_page(pages, section, ["pricing"]) == 3
    assert best_page(pages, "", ["too expensive"]) == 2
    assert best_page(pages, "nothing like it", []) == 1


def test_a_word_section_opens_on_the_pdf_page_that_shows_it(tmp_path):
    require_soffice()
    from enablement_desktop.preview.convert import convert

    filler = [f"Background paragraph number {n} about the rollout plan." for n in range(60)]
    doc = write_docx(tmp_path / "plan.docx", [
        {"heading": "Rollout", "paragraphs": filler},
        {"heading": "Quarantine zebra", "paragraphs": ["The zebra clause applies to every renewal."]},
    ])
    pdf = convert(doc, "pdf", tmp_path / "out")
    page = hit_page(pdf, "docx", 2, "Quarantine zebra\nThe zebra clause applies to every renewal.", ["zebra"])
    assert page > 1  # the sixty paragraphs before it fill the first page
    # The page texts were read in a child process (PDFium is not thread-safe) and kept for next time.
    sidecar = pdf.with_suffix(".pages.json")
    assert sidecar.is_file() and "zebra clause" in sidecar.read_text(encoding="utf-8")
    assert hit_page(pdf, "docx", 2, "The zebra clause applies to every renewal.", []) == page
    assert hit_page(pdf, "pptx", 2, "", []) == 2  # slides map one to one


# --- asset look-ups the window and CLI share ---------------------------------------


def test_asset_lookups(tmp_path):
    from enablement_desktop.context import open_context, open_search_index
    from enablement_desktop.library.update import update_library
    from tests.support.library import build_sample_library

    library = build_sample_library(tmp_path / "library")
    ctx = open_context(tmp_path / "data")
    index = open_search_index(ctx)
    try:
        update_library(ctx.db, index, library, workers=0)
        asset = asset_by_path(ctx.db, "playbooks/objections.docx")
        assert asset is not None and asset.type == "docx" and asset.title == "Objection handling playbook"
        assert asset_by_path(ctx.db, "nope.pdf") is None
        assert sha256_by_id(ctx.db, [asset.id]) == {asset.id: asset.sha256}
        section = page_text(ctx.db, asset.id, 3)
        assert section.heading == "Competitors" and section.text.startswith("Versus Forecastly")
        assert unchanged_since_indexed(ctx.db, library, asset.id)
        path = Path(library / asset.path)
        path.write_bytes(path.read_bytes() + b" ")
        assert not unchanged_since_indexed(ctx.db, library, asset.id)
    finally:
        index.close()
        ctx.close()
