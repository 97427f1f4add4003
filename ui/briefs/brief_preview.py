"""The live page: renders off the GUI thread and only ever shows the newest render.

Every `submit` takes a sequence number. Renders run one at a time on the
editor's worker thread; a render whose turn comes after a newer submit is
skipped, and a result that arrives after a newer submit is dropped, so fast
typing can never put an older page on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMargins, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from enablement_desktop.briefs.model import Brief
from enablement_desktop.briefs.render import RenderResult
from ui import theme
from ui.worker import run_task

# (brief, footer version label) -> the rendered page; runs on the worker thread.
RenderFn = Callable[[Brief, str], RenderResult]

FULL_SIZE = 10.0  # the body size of a brief with room to spare

# Okabe–Ito bluish green: "fits" reads as good for every common colour-vision deficiency.
_GOOD_LIGHT, _GOOD_DARK = QColor("#00795C"), QColor("#3CC79A")


class FitMeter(QLabel):
    """One line under the page: 'Fits at 10 pt' (green), 'Fits at 8.5 pt', or what will be cut (amber)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fitMeter")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.tone = "neutral"

    def show_result(self, result: RenderResult) -> None:
        if result.cut:
            self.setToolTip("Left off the page — shorten the brief to bring them back:\n" + "\n".join(result.cut))
            self._show(result.report, "warn")
        else:
            self.setToolTip("Everything is on the page.")
            self._show(result.report, "good" if result.font_size >= FULL_SIZE else "neutral")

    def show_message(self, text: str, tone: str = "neutral") -> None:
        self.setToolTip("")
        self._show(text, tone)

    def _show(self, text: str, tone: str) -> None:
        self.tone = tone
        self.setText(text[:1].upper() + text[1:])
        if tone == "neutral":
            # No style sheet at all: the palette's text colour, following light/dark switches.
            self.setStyleSheet("")
            return
        colour = theme.warning(self.palette()) if tone == "warn" else (
            _GOOD_DARK if theme.is_dark() else _GOOD_LIGHT)
        self.setStyleSheet(f"QLabel#fitMeter {{ color: {colour.name()}; font-weight: bold; }}")


class BriefPreview(QWidget):
    """The rendered page, fitted to the view, with the fit meter under it."""

    rendered = Signal(int)  # the sequence number of the page now on screen

    def __init__(self, render: RenderFn, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._render = render
        self._pool = pool
        self._seq = 0
        self._shown_seq = 0
        self._rendering = False
        self._result: RenderResult | None = None
        self._buffer: QBuffer | None = None  # QPdfDocument reads from it lazily: keep it alive

        self._doc = QPdfDocument(self)
        self._view = QPdfView(self)
        self._view.setDocument(self._doc)
        self._view.setPageMode(QPdfView.PageMode.SinglePage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._view.setDocumentMargins(QMargins(theme.GRID * 2, theme.GRID * 2, theme.GRID * 2, theme.GRID * 2))
        self._view.setFrameShape(QPdfView.Shape.NoFrame)
        # The page is fitted to the view: scroll bars would only appear for rounding and eat width.
        self._view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A mid-grey desk under the white page, so the page edge is visible in light mode too.
        self._view.setBackgroundRole(QPalette.ColorRole.Mid)
        self.meter = FitMeter(self)
        self.meter.show_message("Rendering the page…")
        self._notice = QLabel(self)
        self._notice.setWordWrap(True)
        self._notice.setTextFormat(Qt.TextFormat.PlainText)
        self._notice.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.GRID)
        layout.addWidget(self._view, 1)
        layout.addWidget(self.meter)
        layout.addWidget(self._notice)
        for label in (self.meter, self._notice):
            label.setContentsMargins(theme.GRID * 2, 0, theme.GRID * 2, theme.GRID)

    def document(self) -> QPdfDocument:
        return self._doc

    def view(self) -> QPdfView:
        return self._view

    @property
    def result(self) -> RenderResult | None:
        """The render on screen (None before the first one)."""
        return self._result

    @property
    def rendered_seq(self) -> int:
        return self._shown_seq

    @property
    def latest_seq(self) -> int:
        return self._seq

    @property
    def is_rendering(self) -> bool:
        """A render for the newest submit is still on its way."""
        return self._rendering

    def set_notice(self, text: str) -> None:
        """A line under the meter for what stops this page from being exported (empty hides it)."""
        self._notice.setText(text)
        self._notice.setStyleSheet(f"color: {theme.warning(self.palette()).name()};")
        self._notice.setVisible(bool(text))

    def notice(self) -> str:
        return "" if self._notice.isHidden() else self._notice.text()

    def submit(self, brief: Brief, version: str = "") -> int:
        """Render `brief` in the background; returns its sequence number."""
        self._seq += 1
        self._rendering = True
        seq = self._seq

        def task() -> RenderResult | None:
            if seq != self._seq:
                return None  # superseded before its turn: don't spend a render on it
            return self._render(brief, version)

        run_task(task, lambda result: self._deliver(seq, result),
                 on_error=lambda message: self._fail(seq, message), what="drawing the brief", pool=self._pool)
        return seq

    def show_invalid(self, text: str) -> None:
        """The form is not a brief right now: keep the last page, say what to fix, drop renders in flight."""
        self._seq += 1
        self._rendering = False
        self.meter.show_message(text, "warn")

    def stop(self) -> None:
        """Results still in flight are dropped (the editor is closing)."""
        self._seq += 1
        self._rendering = False

    def _deliver(self, seq: int, result: RenderResult | None) -> None:
        if result is None or seq != self._seq:
            return  # a newer page is on its way
        self._rendering = False
        buffer = QBuffer()
        buffer.setData(QByteArray(result.pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._doc.load(buffer)
        self._buffer = buffer
        self._result = result
        self._shown_seq = seq
        self.meter.show_result(result)
        self.rendered.emit(seq)

    def _fail(self, seq: int, message: str) -> None:
        if seq == self._seq:
            self._rendering = False
            self.meter.show_message(f"The page could not be drawn: {message}", "warn")
