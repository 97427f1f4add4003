"""The preview beside the results: how the hit page looks, with the searched words marked.

- PDF: the hit page, rendered. Only files that passed extraction reach QtPdf
  (it hangs forever on some malformed PDFs): a PDF whose size or mtime
  changed since it was read shows its indexed text instead until the next
  index run has looked at it.
- Word, PowerPoint, Excel, OpenDocument: the hit section's text at once; then,
  when LibreOffice is installed, the page LibreOffice renders for the hit
  (converted once per file content, in the background).
- Markdown and HTML: the whole document rendered as formatted text (HTML
  sanitised, nothing loaded), scrolled to the hit section.
- Anything else: the hit section's text.

Everything is read off the GUI thread; the newest selection wins.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QColor, QImage, QPainter, QPalette, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.library.assets import asset_by_id, page_text, unchanged_since_indexed
from enablement_desktop.preview.convert import (
    CONVERTIBLE_TYPES,
    ConversionError,
    cached_pdf,
    libreoffice_available,
)
from enablement_desktop.preview.locate import hit_page
from enablement_desktop.preview.markup import Markup, read_markup
from ui import theme
from ui.elided_label import ElidedLabel
from ui.labels import heading, muted, plain
from ui.rich_text import SafeTextBrowser
from ui.search_runner import ResultRow
from ui.session import Session
from ui.worker import run_task

G = theme.GRID
_CHANGED = "The file changed or moved since it was indexed; this is the text that was indexed."


@dataclass
class _Loaded:
    seq: int
    image: QImage | None  # the rendered page, when there is one
    heading: str
    text: str  # the hit section's indexed text
    page_count: int
    note: str  # why the text shows instead of the page, or ""
    markup: Markup | None = None  # the whole Markdown / HTML document
    convert: bool = False  # an Office file LibreOffice will render next
    page: int = 0  # the rendered page's number, when it differs from the hit's


def load_preview(session: Session, row: ResultRow, width_px: int, seq: int) -> _Loaded:
    """Preview task: the section text always, plus what shows the page best for its type."""
    hit = row.hit
    with session.connect() as db:
        asset = asset_by_id(db, hit.asset_id)
        section = page_text(db, hit.asset_id, hit.page)
        unchanged = unchanged_since_indexed(db, session.library, hit.asset_id)
    loaded = _Loaded(seq, None, section.heading, section.text, asset.page_count if asset else 0, "")
    path = session.library / hit.path
    if hit.type == "pdf":
        if not unchanged:
            loaded.note = _CHANGED
        else:
            loaded.image = render_page(path, hit.page, width_px)
    elif hit.type in CONVERTIBLE_TYPES:
        loaded.convert = unchanged and libreoffice_available()
    elif unchanged:
        loaded.markup = read_markup(path, hit.type)
    return loaded


_conversions: QThreadPool | None = None


def conversion_pool() -> QThreadPool:
    """One thread for LibreOffice work: a conversion takes seconds, and on a 2-core laptop
    two of them in the global pool would leave no thread for saving events or previews."""
    global _conversions
    if _conversions is None:
        _conversions = QThreadPool()
        _conversions.setMaxThreadCount(1)
    return _conversions


def load_converted(session: Session, row: ResultRow, marks: list[str], width_px: int,
                   is_current: Callable[[], bool] = lambda: True) -> _Loaded | None:
    """Second preview task for Office files: LibreOffice's rendering of the page that shows the hit.

    None when the selection moved on before this task's turn came (nothing is converted then).
    """
    if not is_current():
        return None
    hit = row.hit
    with session.connect() as db:
        section = page_text(db, hit.asset_id, hit.page)
    loaded = _Loaded(0, None, section.heading, section.text, 0, "")
    try:
        pdf = cached_pdf(session.library / hit.path, session.preview_cache)
    except (ConversionError, OSError) as exc:
        loaded.note = f"No page preview: {exc}"
        return loaded
    loaded.page = hit_page(pdf, hit.type, hit.page, section.text, marks)
    loaded.image = render_page(pdf, loaded.page, width_px)
    return loaded


def render_page(path: Path, page: int, width_px: int) -> QImage | None:
    document = QPdfDocument(None)
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_ or not 1 <= page <= document.pageCount():
            return None
        points = document.pagePointSize(page - 1)
        if points.width() <= 0:
            return None
        size = QSize(width_px, round(width_px * points.height() / points.width()))
        image = document.render(page - 1, size, fillColor=QColor("white"))
        return None if image.isNull() else image
    finally:
        document.close()


def section_html(heading_text: str, text: str) -> str:
    """The hit section as simple formatted text: its heading, then its paragraphs (all escaped)."""
    title = f"<h3>{html.escape(heading_text)}</h3>" if heading_text else ""
    if not text.strip():
        return title + "<p><i>No text was found on this page.</i></p>"
    paragraphs = (html.escape(p).replace("\n", "<br>") for p in text.split("\n\n"))
    return title + "".join(f"<p>{p}</p>" for p in paragraphs)


class PreviewPane(QWidget):
    def __init__(self, session: Session, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._row: ResultRow | None = None
        self._terms: list[str] = []
        self._seq = 0
        self._rendered_width = 0
        self._rerender = QTimer(self, singleShot=True, interval=200)
        self._rerender.timeout.connect(self._load)

        # Every string here comes from the library: plain text, never HTML.
        self.title = heading(scale=1.12, wrap=True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path = ElidedLabel()
        self.path.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.where = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note = plain(wrap=True)
        self.note.setVisible(False)

        buttons = QHBoxLayout()
        buttons.setSpacing(G // 2)
        for n, action in enumerate(actions):
            button = QToolButton()
            button.setDefaultAction(action)
            # Words for the main actions, an icon (and tooltip) for the last: all fit a narrow pane.
            last = n == len(actions) - 1
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly if last
                                      else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.page = plain()
        self.page.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page.setContentsMargins(G * 2, G, G * 2, G * 2)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(self.page)
        self.text = SafeTextBrowser()
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.document().setDocumentMargin(G * 2)
        self.message = muted("Select a result to preview the page it was found on.")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        for widget in (self.message, self.page_scroll, self.text):
            self.body.addWidget(widget)

        self.header = QWidget()
        header = QVBoxLayout(self.header)
        header.setContentsMargins(G * 2, G * 2, G * 2, G)
        header.setSpacing(G // 2)
        header.addWidget(self.title)
        header.addWidget(self.path)
        header.addWidget(self.where)
        header.addSpacing(G // 2)
        header.addLayout(buttons)
        header.addWidget(self.note)
        self.header.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)

    def show_row(self, row: ResultRow | None, terms: list[str]) -> None:
        """Preview `row`, marking `terms` (best first: see preview.highlight)."""
        self._row, self._terms = row, terms
        self._seq += 1
        if row is None:
            self.header.setVisible(False)
            self.body.setCurrentWidget(self.message)
            return
        hit = row.hit
        self.header.setVisible(True)
        self.title.setText(hit.title)
        self.path.setText(hit.path)
        self.where.setText(self._where(row, 0))
        self.note.setVisible(False)
        self._load()

    def _where(self, row: ResultRow, page_count: int, rendered_page: int = 0) -> str:
        hit = row.hit
        where = hit.label or f"p. {hit.page}"
        if page_count and hit.type == "pdf":
            where += f" of {page_count}"
        if rendered_page:
            where += f" · on page {rendered_page}"  # of the page shown (a seller need not know who laid it out)
        return f"{hit.type.upper()} · {where}"

    def _target_width(self) -> int:
        # From the always-laid-out stack, not the scroll area's viewport: that one is stale
        # while the scroll area is hidden behind a message or the text view. Leave room
        # for a vertical scroll bar and the margins around the page.
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return max(self.body.width() - scrollbar - 4 * G, 200)

    def _load(self) -> None:
        row = self._row
        if row is None:
            return
        self._seq += 1
        seq, width = self._seq, self._target_width()
        self._rendered_width = width
        pixels = round(width * self.devicePixelRatioF())
        run_task(lambda: load_preview(self._session, row, pixels, seq), self._loaded,
                 on_error=self._failed, what="preparing the preview", context=self)

    def _loaded(self, loaded: _Loaded) -> None:
        row = self._row
        if loaded.seq != self._seq or row is None:
            return  # the selection moved on
        self.where.setText(self._where(row, loaded.page_count))
        self._set_note(loaded.note)
        if loaded.image is not None:
            self._show_image(loaded.image)
            return
        if loaded.markup is not None:
            if loaded.markup.format == "markdown":
                self.text.show_markdown(loaded.markup.text)
            else:
                self.text.show_html(loaded.markup.text)
            self.text.mark(self._terms, after=loaded.heading)
        else:
            self.text.show_html(section_html(loaded.heading, loaded.text))
            self.text.mark(self._terms)
        self.body.setCurrentWidget(self.text)
        if loaded.convert:
            terms, seq = list(self._terms), self._seq
            pixels = round(self._target_width() * self.devicePixelRatioF())
            run_task(lambda: load_converted(self._session, row, terms, pixels, lambda: seq == self._seq),
                     lambda converted: self._converted(converted, seq), on_error=self._set_note,
                     what="rendering the page with LibreOffice", pool=conversion_pool(), context=self)

    def _converted(self, loaded: _Loaded | None, seq: int) -> None:
        if loaded is None or seq != self._seq or self._row is None:
            return
        if loaded.image is None:
            self._set_note(loaded.note)  # the section text stays
            return
        self.where.setText(self._where(self._row, 0, loaded.page))
        self._show_image(loaded.image)

    def _set_note(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def _show_image(self, image: QImage) -> None:
        self.page.setPixmap(self._paper(image))
        self.page_scroll.verticalScrollBar().setValue(0)
        self.body.setCurrentWidget(self.page_scroll)

    def _paper(self, image: QImage) -> QPixmap:
        """The page with a hairline edge, so white paper stands out on a light window."""
        pixmap = QPixmap.fromImage(image)
        painter = QPainter(pixmap)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
        painter.end()
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        return pixmap

    def _failed(self, message: str) -> None:
        self.message.setText(f"No preview: {message}")
        self.body.setCurrentWidget(self.message)

    def showing_page(self) -> bool:
        """True when a rendered page is on show (tests, screenshots)."""
        return self.body.currentWidget() is self.page_scroll

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._row is not None and self.showing_page() and \
                abs(self._target_width() - self._rendered_width) > 2 * G:
            self._rerender.start()
