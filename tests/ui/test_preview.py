"""The preview beside the results: every format shown as it looks, with the searched words marked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextCharFormat

from enablement_desktop.library.assets import sha256_by_id
from enablement_desktop.usage.events import AssetStats
from resources.docgen import write_pdf, write_text
from tests.support.indexed import indexed_data_dir
from tests.support.libreoffice import require_soffice
from tests.test_preview_markdown import MDX_PAGE
from ui.preview import PreviewPane
from ui.results_model import hit_terms
from ui.search_runner import ResultRow
from ui.session import Session

HOSTILE_TITLE = '<h1 style="color:red">URGENT: call 555-0100</h1><img src="{png}">'


def row_for(session: Session, query: str, path: str) -> ResultRow:
    engine = session.engine()
    hit = next(h for h in engine.search(query, {}, limit=10).hits if h.path == path)
    return ResultRow(hit, sha256_by_id(engine.db, [hit.asset_id])[hit.asset_id], AssetStats(None, 0, 0))


def shown_pane(qtbot, session: Session) -> PreviewPane:
    widget = PreviewPane(session, [])
    qtbot.addWidget(widget)
    widget.resize(520, 700)
    widget.show()
    return widget


@pytest.fixture
def pane(qtbot, ui_session) -> PreviewPane:
    return shown_pane(qtbot, ui_session)


def show(qtbot, pane: PreviewPane, row: ResultRow, query: str) -> None:
    pane.show_row(row, hit_terms(row, query))
    qtbot.waitUntil(lambda: pane.body.currentWidget() is not pane.message, timeout=10_000)


def marked(pane: PreviewPane) -> list[str]:
    return [s.cursor.selectedText() for s in pane.text.extraSelections()]


def test_markdown_renders_as_formatted_text_at_the_hit_section(qtbot, pane, ui_session):
    row = row_for(ui_session, '"ISO 27001"', "faq/security.md")
    show(qtbot, pane, row, '"ISO 27001"')
    assert pane.body.currentWidget() is pane.text
    text = pane.text.toPlainText()
    assert "Security FAQ" in text and "#" not in text  # headings rendered, not shown as "##"
    assert marked(pane) == ["ISO 27001"]
    heading = pane.text.document().findBlockByNumber(0)
    assert heading.blockFormat().headingLevel() == 1


def test_html_renders_formatted_and_marks_the_words(qtbot, pane, ui_session):
    row = row_for(ui_session, "subprocessors", "faq/release-notes.html")
    show(qtbot, pane, row, "subprocessors")
    assert pane.body.currentWidget() is pane.text
    assert "Release 4.2" in pane.text.toPlainText() and "<h1>" not in pane.text.toPlainText()
    assert [m.lower() for m in marked(pane)] == ["subprocessors"]


def test_a_pdf_shows_its_hit_page(qtbot, pane, ui_session):
    row = row_for(ui_session, "payback period", "case-studies/halvorsen.pdf")
    show(qtbot, pane, row, "payback period")
    assert pane.showing_page() and not pane.page.pixmap().isNull()
    assert pane.where.text() == "PDF · p. 3 of 4"


def test_office_files_render_through_libreoffice(qtbot, pane, ui_session):
    require_soffice()
    row = row_for(ui_session, "auditor findings", "decks/ledger-pitch.pptx")
    pane.show_row(row, hit_terms(row, "auditor findings"))
    # The section's text shows at once; the page replaces it when LibreOffice is done.
    qtbot.waitUntil(lambda: pane.body.currentWidget() is pane.text, timeout=10_000)
    assert "Why now" in pane.text.toPlainText()
    qtbot.waitUntil(pane.showing_page, timeout=120_000)
    assert pane.where.text().endswith(" · on page 2")
    cached = list((ui_session.data_dir / "previews").glob("*.pdf"))
    assert len(cached) == 1 and cached[0].stem == row.sha256


def test_without_libreoffice_office_files_show_the_hit_section_formatted(qtbot, pane, ui_session, monkeypatch,
                                                                         tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "no-soffice-here"))
    row = row_for(ui_session, "Forecastly", "playbooks/objections.docx")
    show(qtbot, pane, row, "Forecastly")
    assert pane.body.currentWidget() is pane.text
    first = pane.text.document().findBlockByNumber(0)
    assert first.text() == "Competitors" and first.blockFormat().headingLevel() == 3
    assert marked(pane) == ["Forecastly"]


def test_an_mdx_page_shows_no_imports_tags_or_front_matter(qtbot, tmp_path, qapp):
    library = tmp_path / "library"
    write_text(library / "access.mdx", MDX_PAGE)
    session = Session(indexed_data_dir(library, tmp_path / "data"))
    try:
        pane = shown_pane(qtbot, session)
        row = row_for(session, "tenant tokens", "access.mdx")
        show(qtbot, pane, row, "tenant tokens")
        assert pane.body.currentWidget() is pane.text
        text = pane.text.toPlainText()
        lines = text.split("\n")
        # No MDX import line is left but the one the code sample shows, as written.
        assert [line for line in lines if line.startswith("import ")] == ["import { Tabs } from '@site/components';"]
        assert "<a href" not in text and "<Card" not in text and "title: Role" not in text
        assert "Rates are on the pricing page." in text and "Tenant tokens" in lines
        assert "tenant tokens" in [m.lower() for m in marked(pane)]
    finally:
        session.close()


# --- hostile library files ----------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path, qapp) -> Iterator[tuple[Session, Path]]:
    library = tmp_path / "library"
    png = tmp_path / "secret.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(png))
    write_pdf(library / "urgent.pdf", ["# Renewal\nThe renewal terms are below."],
              title=HOSTILE_TITLE.format(png=png.as_uri()))
    write_text(library / "page.html",
               f'<h1 style="color:red">Renewal</h1><img src="{png.as_uri()}"><img src="secret.png">'
               f'<script>document.write("pwned")</script><p>The renewal desk.</p>')
    write_text(library / "notes.md", f"# Renewal notes\n\n![logo]({png.as_uri()})\n\n<b>raw</b> renewal\n")
    session = Session(indexed_data_dir(library, tmp_path / "data"))
    yield session, png
    session.close()


def test_a_title_holding_html_is_shown_as_typed(qtbot, hostile):
    session, png = hostile
    pane = PreviewPane(session, [])
    qtbot.addWidget(pane)
    row = row_for(session, "renewal", "urgent.pdf")
    assert row.hit.title.startswith("<h1")  # the PDF's own title, as the library gave it
    show(qtbot, pane, row, "renewal")
    assert pane.title.textFormat() == Qt.TextFormat.PlainText
    assert pane.title.text() == HOSTILE_TITLE.format(png=png.as_uri())


@pytest.mark.parametrize("path", ["page.html", "notes.md"])
def test_library_markup_loads_nothing_and_runs_nothing(qtbot, hostile, path):
    session, png = hostile
    pane = PreviewPane(session, [])
    qtbot.addWidget(pane)
    pane.resize(500, 600)
    pane.show()
    show(qtbot, pane, row_for(session, "renewal", path), "renewal")
    assert pane.body.currentWidget() is pane.text
    text = pane.text.toPlainText()
    assert "pwned" not in text and "document.write" not in text
    # Whatever the document asks to load gets a blank: the real image is never read.
    doc = pane.text.document()
    for url in (png.as_uri(), "secret.png"):
        image = doc.resource(doc.ResourceType.ImageResource.value, QUrl(url))
        assert image is not None and image.size().width() == 1
    images = [f.toImageFormat().name() for f in _formats(doc) if f.isImageFormat()]
    assert images == ([png.as_uri()] if path == "notes.md" else [])  # Markdown's image: a blank box
    if path == "notes.md":
        assert "<b>" not in text and "raw renewal" in text  # raw HTML is never rendered: its tag goes, its text stays
    assert os.path.exists(png)


def _formats(doc) -> list[QTextCharFormat]:
    formats = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            formats.append(it.fragment().charFormat())
            it += 1
        block = block.next()
    return formats


def test_marks_start_words_and_short_ones_are_whole_words(qtbot):
    from ui.rich_text import SafeTextBrowser

    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.show_markdown("Plausible plans start at the top. Invoices and a plan to grow.")
    assert browser.mark(["a", "to", "invoice", "plan"]) == 5
    spans = sorted((s.cursor.selectionStart(), s.cursor.selectedText()) for s in browser.extraSelections())
    # Never the "a" of "Plausible", "plans" or "start", nor the "to" of "top".
    assert [text for _, text in spans] == ["plan", "Invoice", "a", "plan", "to"]
