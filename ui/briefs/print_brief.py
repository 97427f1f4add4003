"""Printing a brief: the exported PDF itself, as vector text, never a page-sized picture.

Rendering the PDF into a QPrinter can only draw it as an image (QtPdf renders
to pixels): at 600 dpi that sent a 4.6 MB raster to the printer for one page
of 8-10 pt text. Instead the very bytes `export_brief` wrote go to the printer:
- a "print to PDF" printer gets the exported PDF as its file (identical to
  Export, text selectable);
- a real printer gets it through CUPS (`lp`, on Linux and macOS), which takes
  PDF directly, with the dialog's copies, paper and duplex as `lp` options;
- only where there is no `lp` (Windows) are pages drawn as images, at most
  RASTER_DPI (300 dpi: 8 pt text stays sharp, about a quarter of 600 dpi's bytes).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSizeF
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

RASTER_DPI = 300
LP_TIMEOUT_S = 60  # lp hands the job to the local CUPS scheduler; it does not wait for paper
_PAGE_SIZES = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
_MEDIA = {QPageSize.PageSizeId.Letter: "Letter", QPageSize.PageSizeId.A4: "A4"}
_SIDES = {
    QPrinter.DuplexMode.DuplexNone: "one-sided",
    QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
    QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
}


class PrintError(Exception):
    """The page could not be sent to the printer; the message says why, for people."""


def choose_printer(parent: QWidget, paper: str, title: str) -> QPrinter | None:
    """Ask which printer (and how many copies); None when the seller cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    # The brief's own margins are on the page: print it edge to edge, unscaled.
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(_PAGE_SIZES.get(paper, QPageSize.PageSizeId.Letter)))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print brief")
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def print_route(printer: QPrinter) -> str:
    """'file' (print to PDF), 'lp' (CUPS takes the PDF) or 'raster' (draw pages as images)."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return "file"
    return "lp" if shutil.which("lp") else "raster"


def lp_command(printer: QPrinter) -> list[str]:
    """The `lp` call for the dialog's choices; the PDF goes to its standard input."""
    command = ["lp"]
    if printer.printerName():
        command += ["-d", printer.printerName()]
    command += ["-n", str(max(1, printer.copyCount()))]
    if printer.docName():
        command += ["-t", printer.docName()]
    media = _MEDIA.get(printer.pageLayout().pageSize().id())
    if media:
        command += ["-o", f"media={media}"]
    sides = _SIDES.get(printer.duplex())
    if sides:
        command += ["-o", f"sides={sides}"]
    return [*command, "--", "-"]


def print_pdf(pdf: bytes, printer: QPrinter) -> str:
    """Send the exported PDF to `printer` as vector text; returns the route taken (see print_route).

    Blocks for as long as `lp` takes to hand the job over: for that route, read the
    printer here and call `send_to_lp` off the GUI thread instead (see BriefEditor).
    """
    route = print_route(printer)
    if route == "file":
        try:
            Path(printer.outputFileName()).write_bytes(pdf)
        except OSError as exc:
            raise PrintError(f"Couldn't write {printer.outputFileName()}: {exc.strerror or exc}") from None
    elif route == "lp":
        send_to_lp(pdf, lp_command(printer))
    else:
        paint_pdf(pdf, printer)
    return route


def send_to_lp(pdf: bytes, command: list[str]) -> str:
    """Hand `pdf` to `lp` (the `lp_command` of the printer chosen); returns the route, "lp".

    Takes no QPrinter: it runs on a worker thread, and a QPrinter belongs to the GUI
    thread (reading one from a worker crashed the process)."""
    try:
        done = subprocess.run(command, input=pdf, capture_output=True, timeout=LP_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(f"The print system did not take the job ({exc}). Export the PDF and print the file.") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PrintError("The printer refused the job" + (f": {why[-1]}" if why else "") +
                         ". Check the printer, or export the PDF and print the file.")
    return "lp"


def paint_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of `pdf` on `printer` as images (no CUPS); returns the number of pages."""
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
    image = document.render(page, (on_paper * (min(dpi, RASTER_DPI) / dpi)).toSize())
    left = paper.left() + (paper.width() - on_paper.width()) / 2
    top = paper.top() + (paper.height() - on_paper.height()) / 2
    painter.drawImage(QRectF(left, top, on_paper.width(), on_paper.height()), image)
