"""The preview beside the results: the hit page of a PDF, or the hit section's text for other formats.

Only files that passed extraction reach QtPdf (QtPdf hangs forever on some
malformed PDFs): a hit always comes from the assets table, and a PDF whose
size or mtime changed since it was read is shown as its indexed text instead
until the next index run has looked at it. Rendering happens off the GUI
thread; the newest selection wins.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QImage, QPainter, QPalette, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.elided_label import ElidedLabel
from ui.search_runner import ResultRow
from ui.session import Session
from ui.worker import run_task

G = theme.GRID


@dataclass
class _Loaded:
    seq: int
    image: QImage | None  # the rendered PDF page, when the file could be rendered
    heading: str
    text: str
    page_count: int
    note: str  # why a PDF shows text instead, or ""


def load_preview(session: Session, row: ResultRow, width_px: int, seq: int) -> _Loaded:
    """Preview task: the section text always, the rendered page for an unchanged, indexed PDF."""
    hit = row.hit
    with session.connect() as db:
        asset = db.execute("SELECT page_count FROM assets WHERE id = ?", [hit.asset_id]).fetchone()
        sections = db.execute("SELECT heading, text FROM sections WHERE asset_id = ? AND page = ? ORDER BY ordinal",
                              [hit.asset_id, hit.page]).fetchall()
    heading = next((h for h, _ in sections if h), "")
    text = "\n\n".join(t for _, t in sections if t.strip())
    if heading and text.startswith(heading):
        text = text[len(heading):].lstrip()  # the heading is shown as such, not twice
    page_count = asset[0] if asset else 0
    if hit.type != "pdf":
        return _Loaded(seq, None, heading, text, page_count, "")
    if not session.unchanged_since_indexed(hit.asset_id, hit.path):
        return _Loaded(seq, None, heading, text, page_count,
                       "The file changed or moved since it was indexed; this is the text that was indexed.")
    return _Loaded(seq, _render_page(session.library / hit.path, hit.page, width_px),
                   heading, text, page_count, "")


def _render_page(path: Path, page: int, width_px: int) -> QImage | None:
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


def highlighted_html(text: str, terms: list[str], palette: QPalette) -> str:
    """The text as HTML with each term on the highlight colour; an anchor before the first hit."""
    mark = _opaque(theme.term_highlight(palette), palette.color(QPalette.ColorRole.Base)).name()
    escaped = html.escape(text)
    if terms:
        pattern = re.compile(r"\b(" + "|".join(re.escape(html.escape(t)) for t in terms) + r")", re.IGNORECASE)
        first = True

        def wrap(match: re.Match[str]) -> str:
            nonlocal first
            anchor = '<a name="hit"></a>' if first else ""
            first = False
            return f'{anchor}<span style="background-color:{mark}">{match.group(0)}</span>'

        escaped = pattern.sub(wrap, escaped)
    paragraphs = [p.replace("\n", "<br>") for p in escaped.split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _opaque(colour: QColor, background: QColor) -> QColor:
    # Rich text has no alpha: blend the translucent highlight onto the page colour.
    a = colour.alphaF()
    return QColor.fromRgbF(*(c * a + b * (1 - a) for c, b in zip(colour.getRgbF()[:3], background.getRgbF()[:3],
                                                                 strict=True)))


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

        self.title = QLabel()
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.12)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path = ElidedLabel()
        self.path.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.where = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note = QLabel()
        self.note.setWordWrap(True)
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

        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page.setContentsMargins(G * 2, G, G * 2, G * 2)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(self.page)
        self.text = QTextBrowser()
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setOpenLinks(False)
        self.text.document().setDocumentMargin(G * 2)
        self.message = QLabel("Select a result to preview the page it was found on.")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
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

    def _where(self, row: ResultRow, page_count: int) -> str:
        hit = row.hit
        where = hit.label or f"p. {hit.page}"
        if page_count and hit.type == "pdf":
            where += f" of {page_count}"
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
        ratio = self.devicePixelRatioF()
        run_task(lambda: load_preview(self._session, row, round(width * ratio), seq), self._loaded,
                 on_error=self._failed, what="preparing the preview", context=self)

    def _loaded(self, loaded: _Loaded) -> None:
        if loaded.seq != self._seq or self._row is None:
            return  # the selection moved on
        self.where.setText(self._where(self._row, loaded.page_count))
        self.note.setText(loaded.note)
        self.note.setVisible(bool(loaded.note))
        if loaded.image is not None:
            self.page.setPixmap(self._paper(loaded.image))
            self.page_scroll.verticalScrollBar().setValue(0)
            self.body.setCurrentWidget(self.page_scroll)
            return
        heading = f"<h3>{html.escape(loaded.heading)}</h3>" if loaded.heading else ""
        body = highlighted_html(loaded.text, self._terms, self.palette()) if loaded.text else \
            "<p><i>No text was found on this page.</i></p>"
        self.text.setHtml(heading + body)
        self.text.scrollToAnchor("hit")
        self.body.setCurrentWidget(self.text)

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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._row is not None and self._row.hit.type == "pdf" and \
                abs(self._target_width() - self._rendered_width) > 2 * G:
            self._rerender.start()
