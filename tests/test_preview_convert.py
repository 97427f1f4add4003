"""LibreOffice conversion for the preview: real soffice on generated Office files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from enablement_desktop.preview.convert import (
    ConversionError,
    cached_pdf,
    convert,
    prune_cache,
)
from resources.docgen import write_docx, write_pptx, write_xlsx
from tests.support.libreoffice import require_soffice


def page_texts(pdf: Path) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


@pytest.fixture
def soffice() -> str:
    return require_soffice()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("office")
    return {
        "pptx": write_pptx(root / "-pitch deck.pptx", [
            {"title": "Tidewater Ledger", "bullets": ["Accounts payable automation"]},
            {"title": "Why now", "bullets": ["Manual AP costs $12 per invoice"]},
            {"title": "Pricing tiers", "bullets": ["Growth and Scale"]},
        ]),
        "docx": write_docx(root / "playbook.docx", [
            {"heading": "Discovery questions", "paragraphs": ["How do you forecast revenue today?"]},
            {"heading": "Competitors", "paragraphs": ["Versus Forecastly: multi-currency pipelines."]},
        ]),
        "xlsx": write_xlsx(root / "roi.xlsx", {"Inputs": [["Invoices per month", 12000]],
                                               "Payback": [["Month", "Savings"], [6, 54000]]}),
    }


def test_a_deck_becomes_one_pdf_page_per_slide(soffice, files, tmp_path):
    pdf = convert(files["pptx"], "pdf", tmp_path / "out")
    assert pdf == tmp_path / "out" / "-pitch deck.pdf"  # a leading "-" is not read as an option
    texts = page_texts(pdf)
    assert len(texts) == 3
    assert "Why now" in texts[1] and "Pricing tiers" in texts[2]
    assert [p.name for p in (tmp_path / "out").iterdir()] == [pdf.name]  # the work folder is gone


def test_word_and_excel_convert_with_their_text(soffice, files, tmp_path):
    words = " ".join(page_texts(convert(files["docx"], "pdf", tmp_path)))
    assert "Forecastly" in words and "Discovery questions" in words
    cells = " ".join(page_texts(convert(files["xlsx"], "pdf", tmp_path)))
    assert "Savings" in cells and "54000" in cells.replace(",", "")  # a narrow column clips long labels


def test_a_conversion_is_cached_by_content(soffice, files, tmp_path):
    cache = tmp_path / "previews"
    first = cached_pdf(files["docx"], cache)
    inode = first.stat().st_ino
    copy = tmp_path / "elsewhere" / "same-playbook.docx"
    copy.parent.mkdir()
    shutil.copyfile(files["docx"], copy)
    again = cached_pdf(copy, cache)
    assert again == first and again.stat().st_ino == inode  # not converted a second time
    assert sorted(p.name for p in cache.glob("*.pdf")) == [first.name]


def test_a_slow_conversion_is_stopped_and_leaves_no_process(soffice, files, tmp_path):
    out = tmp_path / "slow"
    with pytest.raises(ConversionError, match="longer than"):
        convert(files["pptx"], "pdf", out, timeout_s=0.05)
    assert list(out.iterdir()) == []
    # Every process of the conversion (soffice and soffice.bin) was killed with its group.
    left = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if str(out).encode() in cmdline:
            left.append(proc.name)
    assert left == []


def test_quitting_stops_a_running_conversion(soffice, files, tmp_path):
    import threading
    import time

    from enablement_desktop.preview import convert as convert_mod

    outcome: list[Exception] = []

    def run() -> None:
        try:
            convert(files["pptx"], "pdf", tmp_path / "quit", timeout_s=600)
        except Exception as exc:  # the test inspects it
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 60
    while not convert_mod._running and worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not worker.is_alive():
        pytest.fail("the conversion ended before it could be stopped")
    convert_mod.stop_conversions()
    worker.join(30)
    assert not worker.is_alive(), "stopping did not end the conversion"
    assert len(outcome) == 1 and isinstance(outcome[0], ConversionError)
    assert not convert_mod._running


def test_without_libreoffice_conversion_says_so(files, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(ConversionError, match="not installed"):
        convert(files["docx"], "pdf", tmp_path)


def test_the_cache_drops_the_least_recently_used_previews(tmp_path):
    paths = []
    for n in range(4):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(b"x" * 100)
        os.utime(path, (1000 + n, 1000 + n))
        paths.append(path)
    prune_cache(tmp_path, keep=paths[0], max_bytes=250)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["0.pdf", "3.pdf"]
