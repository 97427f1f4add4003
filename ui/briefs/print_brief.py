"""Printing a brief: the exported PDF's pages, drawn as images at the printer's resolution.

Printing the same bytes that export writes (rather than re-laying the brief
out with QPainter) keeps paper and PDF identical. Each page is rendered as
one image at the printer's resolution, capped at MAX_DPI: a Letter page at
600 dpi is 5100 × 6600 pixels (128 MB, about 0.5 s); at 1200 dpi it would be
four times that, for no difference visible in 8 pt text. Rendering in bands
(QPdfDocumentRenderOptions.setScaledClipRect) would bound memory, but pdfium
places scaled bands a few pixels apart and cuts lines of text at each seam.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSizeF
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

MAX_DPI = 600
_PAGE_SIZES = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}


class PrintError(Exception):
    """The page could not be sent to the printer; the message says why, for people."""


def choose_printer(parent: QWidget, paper: str, title: str) -> QPrinter | None:
    """Ask which printer (and how many copies); None when the seller cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    # The brief's own margins are on the page image: print it edge to edge, unscaled.
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(_PAGE_SIZES.get(paper, QPageSize.PageSizeId.Letter)))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print brief")
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def paint_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of `pdf` on `printer`; returns the number of pages printed."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)  # the QIODevice overload returns nothing: status() says how it went
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PrintError("The brief's PDF could not be read for printing. Export it and print the file instead.")
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("The printer could not be opened. Check that it is connected, then try again.")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        dpi = printer.resolution()
        paper = printer.pageLayout().fullRectPixels(dpi)
        for page in range(pages):
            if page:
                printer.newPage()
            _paint_page(painter, document, page, paper, dpi)
    finally:
        painter.end()
        document.close()
    return pages


def _paint_page(painter: QPainter, document: QPdfDocument, page: int, paper: QRect, dpi: int) -> None:
    points = document.pagePointSize(page)
    natural = QSizeF(points.width() * dpi / 72, points.height() * dpi / 72)
    # Actual size; shrunk (never stretched) only when the page is larger than the paper (Letter on A4).
    fit = min(1.0, paper.width() / natural.width(), paper.height() / natural.height())
    on_paper = natural * fit
    image = document.render(page, (on_paper * (min(dpi, MAX_DPI) / dpi)).toSize())
    left = paper.left() + (paper.width() - on_paper.width()) / 2
    top = paper.top() + (paper.height() - on_paper.height()) / 2
    painter.drawImage(QRectF(left, top, on_paper.width(), on_paper.height()), image)
