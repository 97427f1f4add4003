"""A rich-text view for library documents that loads nothing, and marking words in it.

Markdown and (sanitised) HTML from the library are rendered by Qt, which
would fetch any image or style sheet they name through loadResource: here
that returns nothing, so a document can never make the app read a local
file or reach the network. Links are shown, never followed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from ui import theme

MAX_MARKS = 2000  # past this the first pages are marked enough; painting more costs seconds
SHORT_MARK = 3  # characters: a mark this short is marked only as a whole word


class _InertDocument(QTextDocument):
    """A text document that answers every resource request with a blank image.

    Returning nothing is not enough: QTextDocument then reads a local file
    itself. A 1×1 transparent image satisfies it and shows nothing.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocked: list[str] = []  # what the document asked to load (tests, logs)
        self._blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        self._blank.fill(0)

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt override
        self.blocked.append(name.toString())
        return self._blank


class SafeTextBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setDocument(_InertDocument(self))

    @property
    def blocked(self) -> list[str]:
        return self.document().blocked

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt override
        return self.document().loadResource(kind, name)

    def show_markdown(self, text: str) -> None:
        features = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
                    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value)
        self.document().setMarkdown(text, QTextDocument.MarkdownFeature(features))

    def show_html(self, html: str) -> None:
        """`html` must be sanitised already (enablement_desktop.preview.safe_html)."""
        self.document().setHtml(html)

    def mark(self, marks: Sequence[str], after: str = "") -> int:
        """Mark every occurrence of each of `marks`; scroll to the first one after the text `after`.

        Returns how many were marked. Marks are phrases or words, best first
        (preview.highlight); a longer mark wins where two overlap.
        """
        doc = self.document()
        colour = _opaque(theme.term_highlight(self.palette()), self.palette().color(QPalette.ColorRole.Base))
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        taken: list[tuple[int, int]] = []
        selections: list[QTextEdit.ExtraSelection] = []
        for text in sorted({m.strip() for m in marks if m.strip()}, key=len, reverse=True):
            cursor = QTextCursor(doc)
            while len(selections) < MAX_MARKS:
                cursor = doc.find(text, cursor)
                if cursor.isNull():
                    break
                span = (cursor.selectionStart(), cursor.selectionEnd())
                if not _starts_a_word(doc, span, text) or any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                taken.append(span)
                selection = QTextEdit.ExtraSelection()
                selection.cursor = QTextCursor(cursor)
                selection.format = fmt
                selections.append(selection)
        self.setExtraSelections(selections)
        start = 0
        if after:
            found = doc.find(after)
            start = found.selectionStart() if not found.isNull() else 0
        later = sorted(s for s, _ in taken if s >= start) or sorted(s for s, _ in taken)
        self._scroll_to(later[0] if later else start)
        return len(selections)

    def _scroll_to(self, position: int) -> None:
        # To the end first, then back: the target line ends up at the top, not the bottom.
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()


def _starts_a_word(doc: QTextDocument, span: tuple[int, int], text: str) -> bool:
    """A mark starts a word ("invoice" marks "invoices", "a" never the a in "Plausible");
    a mark of up to three characters is a whole word ("to" not in "top")."""
    def is_word(position: int) -> bool:
        return 0 <= position < doc.characterCount() and (doc.characterAt(position).isalnum()
                                                          or doc.characterAt(position) == "_")
    if is_word(span[0] - 1):
        return False
    return len(text) > SHORT_MARK or not is_word(span[1])


def _opaque(colour: QColor, background: QColor) -> QColor:
    # Text formats have no alpha: blend the translucent highlight onto the page colour.
    a = colour.alphaF()
    return QColor.fromRgbF(*(c * a + b * (1 - a) for c, b in zip(colour.getRgbF()[:3], background.getRgbF()[:3],
                                                                 strict=True)))
