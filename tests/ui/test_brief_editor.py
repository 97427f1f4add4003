"""The Briefs view against a real database: live preview, fit meter, save, export, print."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ctypes
import io
import json
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QThreadPool
from PySide6.QtGui import QImage, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from enablement_desktop import paths
from enablement_desktop.briefs.collateral import Recommendation
from enablement_desktop.briefs.model import (
    Audience,
    Brief,
    CarePoint,
    CollateralRef,
    Objection,
)
from enablement_desktop.briefs.render import render_brief
from enablement_desktop.briefs.store import list_briefs, list_versions
from enablement_desktop.briefs.templates import load_template
from enablement_desktop.settings import Settings
from enablement_desktop.store import open_db
from tests.support.messaging import BLOCKS, write_messaging
from ui.briefs import BriefEditor
from ui.briefs.asset_picker import AssetPicker
from ui.briefs.block_dialog import BlockDialog
from ui.briefs.brief_preview import BriefPreview

if sys.version_info < (3, 12):
    # PySide6 6.12.0's abi3 wheels hand back None from void methods without
    # a reference of its own; before 3.12 (immortal None) every such call
    # drains None's count until the interpreter aborts mid-suite.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40

CURRENT = "case-studies/halvorsen.pdf"
EXPIRED = "old/ledger-2023.pdf"
LONG = (
    "This deliberately long sentence covers supplier onboarding, approval routing, three-way "
    "matching and the savings customers report in their first year on the platform"
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    db = open_db(paths.database_path(root))
    for path, title, expires in (
        (CURRENT, "Halvorsen Freight case study", "2099-12-31"),
        (EXPIRED, "Ledger 2023 pricing", "2024-01-01"),
    ):
        db["assets"].insert({
            "path": path, "title": title, "type": "pdf", "size": 1, "mtime_ns": 1, "sha256": "ab" * 32,
            "product": "Tidewater Ledger", "persona": "CFO", "approved": 1, "expires": expires,
            "updated_at": "2026-11-01T00:00:00.000Z",
        })
    db.conn.close()
    return root


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    write_messaging(root)
    return root


@pytest.fixture
def editor(qtbot, data_dir: Path, library: Path):
    widget = BriefEditor(data_dir, Settings(user="dana", team="west", device="laptop-7", library=str(library)))
    qtbot.addWidget(widget)
    widget.resize(1440, 900)
    widget.show()
    wait_for_page(qtbot, widget)
    yield widget
    widget.shutdown()


def wait_for_page(qtbot, editor: BriefEditor, after: int = 0) -> None:
    """Until the page on screen is the form's latest, rendered after sequence number `after`."""
    qtbot.waitUntil(
        lambda: not editor.redraw_pending
        and editor.preview.rendered_seq > after
        and editor.preview.document().pageCount() == 1,
        timeout=15_000,
    )


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def export_events(data_dir: Path) -> list[dict]:
    db = open_db(paths.database_path(data_dir))
    try:
        return list(db.query("SELECT * FROM events WHERE kind = 'brief_export' ORDER BY asset_path"))
    finally:
        db.conn.close()


def far_too_long_brief() -> Brief:
    items = [f"Item {i + 1}: {LONG}." for i in range(40)]
    return Brief(
        offering="Tidewater Flow",
        who_we_are="Tidewater Systems builds finance-operations software.",
        why_care=[CarePoint(f"Pain {i + 1}: {LONG}", f"Outcome {i + 1}: {LONG}") for i in range(30)],
        proof_points=items,
        differentiators=items,
        discovery_questions=items,
        objections=[Objection(f"Objection {i + 1}: {LONG}", f"Response {i + 1}: {LONG}") for i in range(30)],
    )


def test_opens_on_a_template_and_shows_its_page(editor: BriefEditor):
    assert editor.form.offering.text() == "Tidewater Ledger"
    assert editor.form.owner_name.text() == "dana"  # an empty owner is the seller
    assert editor.brief_id is None and editor.version is None
    text = pdf_text(editor.preview.result.pdf)
    assert "Tidewater Ledger" in text and "draft" in text
    assert editor.preview.meter.text().startswith("Fits at ")


def test_editing_the_offering_updates_the_preview(qtbot, editor: BriefEditor):
    before = editor.preview.rendered_seq
    editor.form.offering.selectAll()
    qtbot.keyClicks(editor.form.offering, "Tidewater Harbour")
    wait_for_page(qtbot, editor, after=before)
    assert editor.preview.document().pageCount() == 1
    assert "Tidewater Harbour" in pdf_text(editor.preview.result.pdf)


def test_quick_changes_render_only_the_last_one(qtbot, editor: BriefEditor):
    shown: list[int] = []
    editor.preview.rendered.connect(shown.append)
    before = editor.preview.rendered_seq
    for name in ("Alpha Ledger", "Bravo Ledger", "Charlie Ledger"):
        editor.form.offering.setText(name)  # far quicker than the typing pause
    wait_for_page(qtbot, editor, after=before)
    assert len(shown) == 1
    text = pdf_text(editor.preview.result.pdf)
    assert "Charlie Ledger" in text and "Alpha" not in text and "Bravo" not in text


def test_renders_that_were_overtaken_are_never_shown(qtbot):
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    rendered: list[str] = []

    def slow_render(brief: Brief, version: str):
        rendered.append(brief.offering)
        time.sleep(0.2)  # long enough for every later submit to arrive first
        return render_brief(brief, version=version)

    preview = BriefPreview(slow_render, pool)
    qtbot.addWidget(preview)
    shown: list[int] = []
    preview.rendered.connect(shown.append)
    seqs = [preview.submit(Brief(offering=f"Offer {i}")) for i in range(5)]
    qtbot.waitUntil(lambda: preview.rendered_seq == seqs[-1], timeout=10_000)
    pool.waitForDone()
    assert shown == [seqs[-1]]
    assert rendered[-1] == "Offer 4" and len(rendered) < 5  # queued, then skipped once overtaken
    assert "Offer 4" in pdf_text(preview.result.pdf)


def test_fit_meter_names_what_will_be_cut(qtbot, editor: BriefEditor):
    before = editor.preview.rendered_seq
    editor.open_brief(far_too_long_brief())
    wait_for_page(qtbot, editor, after=before)
    meter = editor.preview.meter
    assert "will be cut" in meter.text() and meter.tone == "warn"
    assert "Left off the page" in meter.toolTip()
    assert editor.preview.document().pageCount() == 1


def test_an_invalid_form_keeps_the_last_page_and_says_why(qtbot, editor: BriefEditor):
    editor.form.offering.clear()
    qtbot.waitUntil(lambda: not editor.redraw_pending)
    assert "Offering: required" in editor.form.problems_label.text()
    assert "fix what is listed" in editor.preview.meter.text()
    assert editor.preview.document().pageCount() == 1


def test_export_refuses_an_expired_asset_with_a_message(qtbot, editor: BriefEditor, data_dir, tmp_path):
    brief = load_template("cfo")
    brief.collateral = [CollateralRef(CURRENT, 3), CollateralRef(EXPIRED, 2)]
    editor.open_brief(brief)
    wait_for_page(qtbot, editor)
    # The form says so before anyone tries: on the row and under the page.
    qtbot.waitUntil(lambda: "1 recommended asset can't go on a brief" in editor.preview.notice())
    assert "expired on 2024-01-01" in editor.form.collateral.table.item(1, 0).toolTip()
    assert editor.form.collateral.table.item(0, 0).text() == "Halvorsen Freight case study"

    out = tmp_path / "brief.pdf"
    editor.export_pdf(out)
    message = editor.banner.text()
    assert message.startswith("Not exported.")
    assert '"Ledger 2023 pricing" (old/ledger-2023.pdf) expired on 2024-01-01' in message
    assert not out.exists()
    assert export_events(data_dir) == []
    db = open_db(paths.database_path(data_dir))
    assert list_briefs(db) == []
    db.conn.close()


def test_export_writes_one_page_stores_the_version_and_records_the_event(qtbot, editor, data_dir, tmp_path):
    brief = load_template("cfo")
    brief.collateral = [CollateralRef(CURRENT, 3)]
    editor.open_brief(brief)
    wait_for_page(qtbot, editor)
    out = tmp_path / "ledger.pdf"
    with qtbot.waitSignal(editor.exported, timeout=15_000) as signal:
        editor.export_pdf(out)
    exported = signal.args[0]
    text = pdf_text(out.read_bytes())
    assert "Halvorsen Freight case study" in text and "v1" in text
    assert (editor.brief_id, editor.version) == (exported.brief_id, 1)
    [event] = export_events(data_dir)
    assert (event["asset_path"], event["page"], event["user"]) == (CURRENT, 3, "dana")
    assert json.loads(event["data"])["version"] == 1
    assert editor.banner.text().startswith("Exported ledger.pdf (v1)")
    assert editor.briefs.count() == 1


def test_saving_twice_gives_version_2(qtbot, editor: BriefEditor, data_dir):
    with qtbot.waitSignal(editor.saved, timeout=15_000) as first:
        editor.save()
    brief_id, version = first.args
    assert version == 1 and editor.banner.text() == "Saved as v1."
    editor.form.offering.setText("Tidewater Ledger Plus")
    qtbot.waitUntil(lambda: editor.is_dirty())
    with qtbot.waitSignal(editor.saved, timeout=15_000) as second:
        editor.save()
    assert second.args == [brief_id, 2]
    assert editor.version == 2 and not editor.is_dirty()
    assert editor.state_label.text() == "v2 · saved"
    with qtbot.waitSignal(editor.saved, timeout=15_000) as third:
        editor.save()  # nothing changed: no new version
    assert third.args == [brief_id, 2]
    assert editor.banner.text().startswith("No changes since v2")
    db = open_db(paths.database_path(data_dir))
    assert [v.version for v in list_versions(db, brief_id)] == [2, 1]
    db.conn.close()
    wait_for_page(qtbot, editor)
    assert "v2" in pdf_text(editor.preview.result.pdf)  # the footer names the saved version


def test_no_saved_briefs_leaves_no_blank_above_the_approved_messaging(qtbot, editor: BriefEditor):
    editor.resize(1024, 700)
    sidebar = editor.no_briefs.parentWidget()
    qtbot.waitUntil(lambda: editor.no_briefs.isVisible() and not editor.briefs.isVisible())
    qtbot.waitUntil(lambda: sidebar.layout().geometry().height() > 0)
    # The empty list held ~120 px of blank between its sentence and the messaging list.
    gap = editor.block_panel.geometry().top() - editor.no_briefs.geometry().bottom()
    assert gap <= 4 * 8, gap
    with qtbot.waitSignal(editor.saved, timeout=15_000):
        editor.save()
    assert editor.briefs.isVisible() and not editor.no_briefs.isVisible()


def page_thumbnail(pdf: bytes) -> QImage:
    """The page at 72 dpi, smoothed down to 1/6: glyph anti-aliasing evens out, lost or shifted lines don't."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.pageCount() == 1
    page = document.render(0, QSize(612, 792)).convertToFormat(QImage.Format.Format_Grayscale8)
    return page.scaled(QSize(102, 132), Qt.AspectRatioMode.IgnoreAspectRatio,
                       Qt.TransformationMode.SmoothTransformation)


def test_print_sends_the_exported_page_and_records_it(qtbot, editor: BriefEditor, data_dir, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    with qtbot.waitSignal(editor.printed, timeout=15_000) as signal:
        editor.print_brief(printer)
    assert len(export_events(data_dir)) == 1 and editor.version == 1
    # On paper exactly what export writes. Matching pages differ by ~36 grey levels at most
    # here; a line of text lost or moved by 3 px differs by over 130.
    printed = page_thumbnail((tmp_path / "printed.pdf").read_bytes())
    exported = page_thumbnail(signal.args[0].result.pdf)
    worst = max(
        abs(printed.pixelColor(x, y).value() - exported.pixelColor(x, y).value())
        for y in range(printed.height()) for x in range(printed.width())
    )
    assert worst < 64


def test_print_to_pdf_is_the_exported_vector_page(qtbot, editor: BriefEditor, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(editor.printed, timeout=15_000) as signal:
        editor.print_brief(printer)
    printed = (tmp_path / "printed.pdf").read_bytes()
    # The very bytes export writes: text, not a page-sized picture (a 600-dpi raster was 4.6 MB).
    assert printed == signal.args[0].result.pdf and len(printed) < 100_000
    assert b"/Subtype /Image" not in printed and "WHO WE ARE" in pdf_text(printed)


def test_a_real_printer_gets_the_pdf_through_lp(qtbot, editor: BriefEditor, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_lp = bin_dir / "lp"
    fake_lp.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/args\ncat > {tmp_path}/job.pdf\n'
                       'echo "request id is Office-7 (1 file(s))"\n', encoding="utf-8")
    fake_lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # native format: a real printer
    printer.setCopyCount(2)
    printer.setDocName("Tidewater Ledger - CFO")
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    with qtbot.waitSignal(editor.printed, timeout=15_000) as signal:
        editor.print_brief(printer)
    args = (tmp_path / "args").read_text(encoding="utf-8").split("\n")
    assert args[args.index("-n") + 1] == "2" and "media=A4" in args and args[-3:] == ["--", "-", ""]
    assert args[args.index("-t") + 1] == "Tidewater Ledger - CFO"
    assert (tmp_path / "job.pdf").read_bytes() == signal.args[0].result.pdf
    assert editor.banner.text().startswith("Sent v1 to")


def test_inserting_a_block_from_the_list_links_it_and_editing_marks_it(qtbot, editor, data_dir, tmp_path):
    editor.open_brief(Brief(offering="Tidewater Ledger", audience=Audience(persona="CFO")))
    wait_for_page(qtbot, editor)
    panel = editor.block_panel
    ids = [b.id for b in panel.blocks()]
    # fitting blocks only: Ledger or any product, CFO or any persona, not expired
    assert {"who", "why-close", "proof-halvorsen", "diff-languages", "ask-close", "obj-erp"} == set(ids)
    panel.list.setCurrentRow(ids.index("proof-halvorsen"))
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    cell = editor.form.proof_points.table.item(0, 0)
    assert cell.text() == "Halvorsen Freight cut invoice cost 62%."
    assert cell.toolTip().startswith("Approved wording: block proof-halvorsen")
    panel.list.setCurrentRow(ids.index("who"))
    panel.list.itemActivated.emit(panel.list.currentItem())  # double-click / Enter
    assert editor.form.who_we_are.toPlainText().startswith("Tidewater builds finance software")
    qtbot.waitUntil(lambda: editor.form.links_label.text().startswith("✓ 2 parts in approved wording"))
    wait_for_page(qtbot, editor)

    out = tmp_path / "blocks.pdf"
    with qtbot.waitSignal(editor.exported, timeout=15_000):
        editor.export_pdf(out)
    assert "Halvorsen Freight cut invoice cost 62%." in pdf_text(out.read_bytes())
    [event] = export_events(data_dir)
    assert [(b["id"], b["edited"]) for b in json.loads(event["data"])["blocks"]] == [
        ("who", False), ("proof-halvorsen", False)]

    # typing over approved wording makes it the seller's own text, and the form says so
    cell.setText("Halvorsen Freight cut its invoice cost by almost two thirds.")
    assert "no longer the approved wording" in cell.toolTip()
    qtbot.waitUntil(lambda: "1 edited, no longer the approved wording" in editor.form.links_label.text())
    assert editor.form.brief().links["proof_points[0]"].edited


def test_approved_wording_changed_since_saving_is_shown_before_export(qtbot, editor, library, tmp_path):
    editor.open_brief(Brief(offering="Tidewater Ledger", audience=Audience(persona="CFO")))
    wait_for_page(qtbot, editor)
    editor.insert_block(editor.messaging.get("proof-halvorsen"))
    with qtbot.waitSignal(editor.saved, timeout=15_000):
        editor.save()
    blocks = [dict(b) for b in BLOCKS]
    blocks[2]["text"] = "Halvorsen Freight cut invoice cost 64%."
    write_messaging(library, blocks=blocks)

    out = tmp_path / "brief.pdf"
    editor.export_pdf(out)
    assert not out.exists()  # first the seller sees what changed
    assert "“Halvorsen Freight cut invoice cost 62%.” → “Halvorsen Freight cut invoice cost 64%.”" in editor.banner.text()
    assert editor.form.proof_points.table.item(0, 0).text() == "Halvorsen Freight cut invoice cost 64%."
    wait_for_page(qtbot, editor)
    with qtbot.waitSignal(editor.exported, timeout=15_000):
        editor.export_pdf(out)
    assert "64%" in pdf_text(out.read_bytes())

    # an expired block is refused by its id
    editor.insert_block(editor.messaging.get("proof-halvorsen"))
    blocks[2]["expires"] = "2020-01-31"
    blocks[2]["approved"] = "2019-01-01"
    write_messaging(library, blocks=blocks)
    editor.export_pdf(tmp_path / "expired.pdf")
    assert 'block "proof-halvorsen" expired on 2020-01-31' in editor.banner.text()
    assert not (tmp_path / "expired.pdf").exists()


def test_json_round_trip_and_a_bad_file_named_by_key(editor: BriefEditor, tmp_path):
    good = tmp_path / "ledger.json"
    editor.export_json(good)
    assert json.loads(good.read_text(encoding="utf-8"))["offering"] == "Tidewater Ledger"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"offering": "X", "why_care": [{"pain": 3}]}), encoding="utf-8")
    editor.import_json(bad)
    assert "Why you should care, row 1, pain: expected text, got number" in editor.banner.text()
    assert editor.form.offering.text() == "Tidewater Ledger"  # nothing was replaced
    editor.import_json(good)
    assert editor.banner.text().startswith("Imported ledger.json")


def test_asset_picker_filters_and_returns_the_choice(qtbot):
    picker = AssetPicker()
    qtbot.addWidget(picker)
    picker.prepare("Pick one")
    picker.set_assets([
        Recommendation(CURRENT, "Halvorsen Freight case study", 3, 4.5, 2, 9),
        Recommendation("decks/pulse.pptx", "Pulse pitch deck", None, None, 0, 0),
    ])
    picker.filter.setText("pulse")
    assert picker.chosen().path == "decks/pulse.pptx"


def test_a_marketer_edits_a_block_in_the_window(qtbot, data_dir, library):
    editor = BriefEditor(data_dir, Settings(user="priya", team="Marketing", device="studio", role="marketer",
                                            library=str(library)))
    qtbot.addWidget(editor)
    try:
        block = editor.messaging.get("diff-languages")
        dialog = BlockDialog(block, "priya", editor)
        dialog.texts["text"].setPlainText("Reads invoices in 40 languages, line items included.")
        with qtbot.waitSignal(editor.block_saved, timeout=15_000):
            editor.edit_block(block, dialog)
        saved = json.loads((library / "messaging" / "ledger.json").read_text(encoding="utf-8"))["blocks"]
        assert saved[4]["text"] == "Reads invoices in 40 languages, line items included."
        assert [b["id"] for b in saved] == [b["id"] for b in BLOCKS]  # in place, nothing else touched
        assert editor.messaging.get("diff-languages").text.startswith("Reads invoices in 40")

        bad = BlockDialog(None, "priya", editor)
        bad.id.setText("who")  # taken
        bad.texts["text"].setPlainText("Another who-we-are.")
        assert bad.block()[0] is not None  # valid on its own: the clash is the library's to find
        editor.edit_block(None, bad)
        qtbot.waitUntil(lambda: 'Block not saved: The id "who" is already used' in editor.banner.text())
        empty = BlockDialog(None, "priya", editor)
        assert "id: required" in empty.block()[1]
    finally:
        editor.shutdown()


def test_text_over_the_limit_is_a_warning_not_a_refusal(qtbot, editor: BriefEditor, tmp_path):
    editor.form.who_we_are.setPlainText("We build software " * 25)
    qtbot.waitUntil(lambda: "Who we are: 449 characters — the page prints the first 299"
                    in editor.form.problems_label.text())
    wait_for_page(qtbot, editor)
    assert "1 text shortened: who we are shortened to 300 characters (was 449)" in editor.preview.meter.text()
    out = tmp_path / "long.pdf"
    with qtbot.waitSignal(editor.exported, timeout=15_000):
        editor.export_pdf(out)
    assert "We build software We build" in pdf_text(out.read_bytes())


def test_a_broken_messaging_file_is_named_beside_the_list(qtbot, editor: BriefEditor, library):
    (library / "messaging" / "broken.json").write_text('{"blocks": [{"id": "x"}]}', encoding="utf-8")
    editor.reload_messaging()
    assert editor.block_panel.problems.text().startswith("⚠ 1 messaging file with problems (messaging/broken.json)")
    assert editor.block_panel.blocks()  # the good file's blocks are still offered
