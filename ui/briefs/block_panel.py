"""Approved messaging beside the form: the blocks that fit the brief's product and persona.

Double-click (or Enter, or Insert) puts a block in its part of the brief,
linked to it. Marketers also get New / Edit / Delete, which write the
library's messaging/*.json (see block_dialog.py).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.briefs.messaging import KIND_LABELS, KINDS, Block, Messaging
from ui import theme

_BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1


class BlockPanel(QWidget):
    insert_requested = Signal(object)  # Block
    edit_requested = Signal(object)  # Block, or None for a new one
    delete_requested = Signal(object)  # Block

    def __init__(self, marketer: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("Approved messaging")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.kind = QComboBox()
        self.kind.addItem("All kinds", "")
        for kind in KINDS:
            self.kind.addItem(KIND_LABELS[kind].capitalize(), kind)
        self.kind.setToolTip("Show one kind of block")
        self.list = QListWidget()
        self.list.setObjectName("messagingBlocks")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.problems = QLabel()  # broken messaging files: their blocks are missing from the list
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.insert_button = QPushButton("Insert")
        self.insert_button.setToolTip("Put the selected block on the brief, in approved wording")

        buttons = QHBoxLayout()
        buttons.setSpacing(theme.GRID)
        buttons.addWidget(self.insert_button)
        self.new_button = self.edit_button = self.delete_button = None
        if marketer:
            self.new_button = QPushButton("New…")
            self.edit_button = QPushButton("Edit…")
            self.delete_button = QPushButton("Delete")
            self.new_button.setToolTip("Add a block to the library's messaging/ folder")
            for button in (self.new_button, self.edit_button, self.delete_button):
                buttons.addWidget(button)
            self.new_button.clicked.connect(lambda: self.edit_requested.emit(None))
            self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
            self.delete_button.clicked.connect(lambda: self._emit(self.delete_requested))
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.GRID)
        layout.addWidget(heading)
        layout.addWidget(self.kind)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)

        self._messaging = Messaging()
        self._product = self._persona = ""
        self.kind.currentIndexChanged.connect(lambda _i: self._fill())
        self.list.itemActivated.connect(lambda item: self.insert_requested.emit(item.data(_BLOCK_ROLE)))
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.insert_button.clicked.connect(lambda: self._emit(self.insert_requested))
        self._fill()

    def set_messaging(self, messaging: Messaging) -> None:
        self._messaging = messaging
        files = sorted({p.path for p in messaging.problems})
        self.problems.setText(
            f"⚠ {len(files)} messaging file{'s' if len(files) != 1 else ''} with problems "
            f"({', '.join(files[:3])}{'…' if len(files) > 3 else ''}): their broken blocks are not listed. "
            "See Problems, or run `enablement messaging check`."
        )
        self.problems.setStyleSheet(f"color: {theme.warning(self.palette()).name()};")
        self.problems.setVisible(bool(files))
        self._fill()

    def set_scope(self, product: str, persona: str) -> None:
        """Offer the blocks that fit this product and persona (blocks for any also fit)."""
        if (product, persona) != (self._product, self._persona):
            self._product, self._persona = product, persona
            self._fill()

    def blocks(self) -> list[Block]:
        return [self.list.item(i).data(_BLOCK_ROLE) for i in range(self.list.count())]

    def _fill(self) -> None:
        selected = self._selected()
        wanted = self.kind.currentData()
        today = date.today()
        self.list.clear()
        for kind in KINDS:
            if wanted and kind != wanted:
                continue
            for block in self._messaging.fitting(kind, self._product, self._persona, today):
                item = QListWidgetItem(f"{KIND_LABELS[kind].upper()}\n{block.summary}")
                item.setData(_BLOCK_ROLE, block)
                item.setToolTip(_tooltip(block))
                self.list.addItem(item)
                if selected is not None and block.id == selected.id:
                    self.list.setCurrentItem(item)
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        if not self._messaging.blocks:
            self.empty.setText("No approved messaging in this library yet. Marketing keeps it in "
                               "messaging/*.json in the library folder (see docs/briefs.md).")
        else:
            scope = " · ".join(x for x in (self._product, self._persona) if x) or "this brief"
            self.empty.setText(f"No current approved messaging fits {scope}. Write your own words in the form.")
        self._update_buttons()

    def _selected(self) -> Block | None:
        item = self.list.currentItem()
        return item.data(_BLOCK_ROLE) if item is not None and item.isSelected() else None

    def _emit(self, signal: Signal) -> None:
        block = self._selected()
        if block is not None:
            signal.emit(block)

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        for button in (self.insert_button, self.edit_button, self.delete_button):
            if button is not None:
                button.setEnabled(chosen)


def _tooltip(block: Block) -> str:
    lines = [f"Block {block.id} · {block.file}"]
    scope = ", ".join(x for x in (block.product, block.persona, block.industry) if x)
    lines.append(f"For {scope}" if scope else "For every product and buyer")
    if block.source is not None:
        lines.append(f"Source: {block.source.path}" + (f", p. {block.source.page}" if block.source.page else ""))
    lines.append(f"Approved {block.approved} by {block.owner}; valid through {block.expires}")
    return "\n".join(lines)
