"""PDF: one section per page, read with pypdfium2 (repaired as people read it: pdf_text.py).

pypdfium2 was chosen because it is fast and fails page by page: a broken page
costs that page, not the document.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .base import DAMAGED, ENCRYPTED, NO_TEXT, UNREADABLE, Extracted, ExtractError, Limits, Section
from .pdf_text import page_text

log = logging.getLogger(__name__)

_OPEN_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: (ENCRYPTED, "the PDF is protected with a password"),
    pdfium_c.FPDF_ERR_SECURITY: (ENCRYPTED, "the PDF uses an unsupported security handler"),
    pdfium_c.FPDF_ERR_FILE: (UNREADABLE, "the file could not be opened"),
    pdfium_c.FPDF_ERR_FORMAT: (DAMAGED, "not a valid PDF, or damaged beyond repair"),
    # PDFium reports success when the file parses but no page is reachable,
    # e.g. an empty or self-referencing page tree.
    pdfium_c.FPDF_ERR_SUCCESS: (DAMAGED, "the PDF has no readable pages (broken page tree?)"),
}
_PROPERTIES = {"title": "Title", "subject": "Subject", "keywords": "Keywords", "author": "Author"}


def extract(path: Path, limits: Limits) -> Extracted:
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        reason, detail = _OPEN_ERRORS.get(exc.err_code, (DAMAGED, str(exc)))
        raise ExtractError(reason, detail) from None
    try:
        page_count = len(doc)
        properties = {key: doc.get_metadata_value(name) for key, name in _PROPERTIES.items()}
        wanted = min(page_count, limits.max_pages)
        sections, scanned, failed = _read_pages(doc, wanted, path)
    finally:
        # Close now rather than at garbage collection: a worker reads many files.
        doc.close()
    if not sections and not scanned:
        if failed == wanted:
            raise ExtractError(DAMAGED, f"none of the {wanted} pages could be read")
        raise ExtractError(NO_TEXT, "no text on any page, and no scanned page either")
    return Extracted(
        sections=sections, properties=properties, page_count=page_count, scanned_pages=scanned
    )


def _read_pages(
    doc: pdfium.PdfDocument, count: int, path: Path
) -> tuple[list[Section], list[int], int]:
    """Sections of the pages with text, the numbers of scanned pages, and how many failed."""
    sections: list[Section] = []
    scanned: list[int] = []
    failed = 0
    for index in range(count):
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            log.info("%s: page %d could not be loaded", path, index + 1)
            failed += 1
            continue
        try:
            textpage = page.get_textpage()
            try:
                text = page_text(textpage)
            finally:
                textpage.close()
            # A page with no text but a picture on it is a scan (or a photo of one).
            is_scan = not text.strip() and _has_image(page)
        except pdfium.PdfiumError:
            log.info("%s: no text layer on page %d", path, index + 1)
            failed += 1
            continue
        finally:
            page.close()
        if text.strip():
            sections.append(Section(page=index + 1, label=f"p. {index + 1}", text=text))
        elif is_scan:
            scanned.append(index + 1)
    return sections, scanned, failed


def _has_image(page: pdfium.PdfPage) -> bool:
    # Depth 2: scanners put the page image at the top, some inside one form XObject.
    objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
    return next(objects, None) is not None
