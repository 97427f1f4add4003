"""OCR through the real pipeline: scans and pictures are found on the page that shows the word.

These run Tesseract itself: scripts/setup.sh installs it (and CI runs it as
root), so a missing Tesseract fails here rather than skipping in silence.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from enablement_desktop.extract import ocr
from enablement_desktop.extract.base import Limits
from enablement_desktop.library.status import library_status
from enablement_desktop.search.engine import SearchEngine
from resources.docgen import write_picture, write_scanned_pdf
from tests.support.indexed import Library, empty_library


@pytest.fixture
def library(tmp_path: Path):
    with empty_library(tmp_path) as lib:
        yield lib


def hits(lib: Library, query: str) -> list[tuple[str, int, str]]:
    result = SearchEngine(lib.ctx.db, lib.index).search(query)
    return [(hit.path, hit.page, hit.label) for hit in result.hits]


def scan(lib: Library, rel: str = "offers/scan.pdf") -> Path:
    return write_scanned_pdf(
        lib.root / rel,
        ["Cover page with a real text layer about renewals.",
         ["Scanned price sheet", "the quokka discount is twelve percent"]],
    )


def test_a_word_on_a_scanned_page_is_found_on_that_page(library: Library) -> None:
    scan(library)
    labels: list[str] = []
    summary = library.update(workers=1, progress=lambda done, total, label: labels.append(label))
    assert summary.scanned_pages == 1
    assert hits(library, "quokka") == [("offers/scan.pdf", 2, "p. 2")]
    assert hits(library, "renewals") == [("offers/scan.pdf", 1, "p. 1")]
    # OCR is a phase of its own, after every file's own text.
    assert "Reading scanned pages 1 of 1" in labels
    assert labels.index("Reading scanned pages 1 of 1") > labels.index("Saving the search index")
    assert library.problems() == {}


def test_pictures_png_jpeg_and_every_frame_of_a_tiff(library: Library) -> None:
    write_picture(library.root / "logo.png", [["Wombat Logistics one pager"]])
    write_picture(library.root / "photo.jpg", [["Whiteboard says numbat pipeline"]])
    write_picture(library.root / "fax.tiff", [["Fax cover sheet"], ["Signed bandicoot agreement"]])
    library.update()
    assert hits(library, "wombat") == [("logo.png", 1, "picture 1")]
    assert hits(library, "numbat") == [("photo.jpg", 1, "picture 1")]
    assert hits(library, "bandicoot") == [("fax.tiff", 2, "picture 2")]


def test_ocr_text_is_cached_by_file_hash(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    scan(library)
    library.update()
    # A copy elsewhere in the library has the same hash: its pages come from the cache.
    shutil.copy(library.root / "offers/scan.pdf", library.root / "copy.pdf")

    def no_ocr(job, limits):  # noqa: ANN001, ARG001
        raise AssertionError("OCR ran again for a file it had read")

    monkeypatch.setattr(ocr, "read_page", no_ocr)
    summary = library.update()
    assert summary.scanned_pages == 1
    assert sorted(hits(library, "quokka")) == [("copy.pdf", 2, "p. 2"), ("offers/scan.pdf", 2, "p. 2")]


def test_without_tesseract_a_scan_is_listed_as_scanned_then_read_once_installed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_scanned_pdf(library.root / "only-scans.pdf", [["Scanned letter about the dugong offer"]])
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    summary = library.update()
    reason, detail = library.problems()["only-scans.pdf"]
    assert reason == "scanned"
    assert "install Tesseract" in detail
    assert summary.failed_by_reason == {"scanned": 1}
    assert "1 could not be read (1 scanned)" in summary.describe()

    monkeypatch.undo()  # Tesseract is installed now: the same unchanged file is read
    library.update()
    assert library.problems() == {}
    assert hits(library, "dugong") == [("only-scans.pdf", 1, "p. 1")]


def test_ocr_switched_off_lists_scans_and_keeps_text_pages(library: Library) -> None:
    scan(library)
    write_scanned_pdf(library.root / "only-scans.pdf", [["Scanned letter"]])
    library.update(limits=Limits(ocr_languages=""))
    assert library.problems() == {
        "only-scans.pdf": ("scanned", "scanned pages, and OCR is switched off in Settings")
    }
    assert hits(library, "renewals") == [("offers/scan.pdf", 1, "p. 1")]
    assert hits(library, "quokka") == []
    assert library_status(library.ctx)["waiting_for_ocr"] == 1

    # Switched on: the scanned page of the partly scanned file is read, unchanged file and all.
    summary = library.update()
    assert summary.scanned_pages == 2
    assert hits(library, "quokka") == [("offers/scan.pdf", 2, "p. 2")]
    assert library_status(library.ctx)["waiting_for_ocr"] == 0


def test_languages_setting_is_checked_against_what_is_installed() -> None:
    assert ocr.normalize_languages("eng, deu") == "eng+deu"
    assert ocr.normalize_languages("eng+-x --oem 0") == "eng"
    assert ocr.unavailable_reason("eng") == ""
    assert "tesseract-ocr-xyz" in ocr.unavailable_reason("eng+xyz")
