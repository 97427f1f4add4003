"""The brief as a form: one field or small table per part of the brief, nothing else.

The form knows no database and no renderer. It turns its widgets into the
brief's JSON shape (`raw`) and lets the core's own reader (`brief_from_json`)
decide what is valid, so the editor, an imported file and the CLI all accept
exactly the same briefs and name problems the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QIntValidator, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.briefs.messaging import Block
from enablement_desktop.briefs.model import (
    MAX_SENTENCE,
    BlockLink,
    Brief,
    CollateralRef,
    brief_from_json,
)
from ui import theme
from ui.icons import coloured_icon, icon
from ui.labels import heading

# Collateral cells keep the brief's own title here; the cell shows the file name when it has none.
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
# A row's first cell keeps the messaging block it came from (a BlockLink), if any.
LINK_ROLE = Qt.ItemDataRole.UserRole + 2

# How problems from brief_from_json read in the form ("why_care[1].pain" -> "Why you should care, row 2, pain").
_SECTION_NAMES = {
    "offering": "Offering",
    "audience": "Audience",
    "who_we_are": "Who we are",
    "why_care": "Why you should care",
    "proof_points": "Proof points",
    "differentiators": "Differentiators",
    "discovery_questions": "Discovery questions",
    "objections": "Objections",
    "collateral": "Recommended collateral",
    "owner": "Owner",
    "paper": "Paper",
}
_PROBLEM = re.compile(r"^(?P<key>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<field>\w+))?: (?P<text>.*)$", re.S)


def describe_problem(problem: str) -> str:
    """A BriefError line in the form's words: sections by their label, rows counted from 1."""
    match = _PROBLEM.match(problem)
    if match is None or match["key"] not in _SECTION_NAMES:
        return problem
    parts = [_SECTION_NAMES[match["key"]]]
    if match["index"] is not None:
        parts.append(f"row {int(match['index']) + 1}")
    if match["field"]:
        parts.append(match["field"].replace("_", " "))
    return f"{', '.join(parts)}: {match['text']}"


def page_value(text: str) -> int | str | None:
    """The collateral page cell as JSON: blank is no page; anything else is for the core to judge."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


class _LimitDelegate(QStyledItemDelegate):
    """Cells with room around their text, and editors that stop at the brief's limits.

    The inset is applied to both measuring and painting: a style-sheet padding
    is only painted, so wrapped text came out a line taller than its row.
    """

    PAD_X, PAD_Y = 4, 2

    def __init__(self, max_length: int = 0, digits_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_length = max_length
        self._digits_only = digits_only

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        if self._max_length:
            editor.setMaxLength(self._max_length)
        editor.setFrame(False)
        if self._digits_only:
            editor.setValidator(QIntValidator(1, 99_999, editor))
        return editor

    def _inset(self, option: QStyleOptionViewItem) -> QStyleOptionViewItem:
        inset = QStyleOptionViewItem(option)
        inset.rect = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        return inset

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return super().sizeHint(self._inset(option), index) + QSize(2 * self.PAD_X, 2 * self.PAD_Y)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, self._inset(option), index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text().strip(), Qt.ItemDataRole.EditRole)


class _FitTable(QTableWidget):
    """A table exactly as tall as its rows: the form scrolls as a whole, never table by table."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.setHorizontalHeaderLabels(list(columns))
        self.horizontalHeader().setVisible(len(columns) > 1)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setHighlightSections(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.setWordWrap(True)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.itemChanged.connect(self._fit_row)
        # Stretched sections settle after the table's own resize event: refit once they have.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_rows)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._refit.start())

    def fit_rows(self) -> None:
        self.resizeRowsToContents()
        self.updateGeometry()

    def _fit_row(self, item: QTableWidgetItem) -> None:
        self.resizeRowToContents(item.row())
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        header = self.horizontalHeader().sizeHint().height() if self.horizontalHeader().isVisible() else 0
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        return QSize(super().sizeHint().width(), header + rows + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()



class _GrowingText(QPlainTextEdit):
    """A text box as tall as its wrapped text (within limits): no scroll bar inside the form."""

    MIN_LINES, MAX_LINES = 2, 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.textChanged.connect(self._fit)

    def _fit(self) -> None:
        # With QPlainTextEdit's layout the document's height is counted in (wrapped) lines.
        lines = min(max(int(self.document().size().height()), self.MIN_LINES), self.MAX_LINES)
        margins = self.contentsMargins()
        chrome = (2 * self.frameWidth() + round(self.document().documentMargin() * 2)
                  + margins.top() + margins.bottom())
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + chrome)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


def _tool_button(text: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button


class RowsEditor(QWidget):
    """One list of the brief (a column of text, or pairs): heading, add / remove / reorder, rows."""

    changed = Signal()

    def __init__(
        self,
        title: str,
        columns: Sequence[str],
        empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = _FitTable(columns, self)
        # No length cap while typing: text over the page's limit is shortened on the page, and the
        # form warns (a cap would silently cut an imported brief's longer text).
        self.table.setItemDelegate(_LimitDelegate(parent=self.table))
        self._empty = QLabel(empty_text, self)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._empty.setWordWrap(True)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(heading(title, scale=1.0))
        header.addStretch(1)
        self._add = _tool_button("+", f"Add to {title.lower()}", self)
        self._remove = _tool_button("−", "Remove the selected row", self)
        self._up = _tool_button("↑", "Move the selected row up", self)
        self._down = _tool_button("↓", "Move the selected row down", self)
        for button in (self._add, self._remove, self._up, self._down):
            header.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.table)
        layout.addWidget(self._empty)

        self._add.clicked.connect(self._add_clicked)
        self._remove.clicked.connect(self._remove_row)
        self._up.clicked.connect(lambda: self._move(-1))
        self._down.clicked.connect(lambda: self._move(1))
        self.table.itemChanged.connect(self._item_edited)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def rows(self) -> list[list[str]]:
        """Every row's cell texts; rows left completely blank (just added) are not part of the brief."""
        return [cells for cells, _link in self.entries()]

    def entries(self) -> list[tuple[list[str], BlockLink | None]]:
        """Every non-blank row's cells and the messaging block it came from (None: the seller's own)."""
        out = []
        for r in range(self.table.rowCount()):
            cells = [self._text(r, c) for c in range(self.table.columnCount())]
            if any(cells):
                out.append((cells, self.link(r)))
        return out

    def link(self, row: int) -> BlockLink | None:
        item = self.table.item(row, 0)
        return item.data(LINK_ROLE) if item is not None else None

    def set_rows(self, rows: Sequence[Sequence[str]], links: Sequence[BlockLink | None] = ()) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for i, cells in enumerate(rows):
            self._append(cells)
            self._set_link(i, links[i] if i < len(links) else None)
        self.table.blockSignals(False)
        self._refresh()

    def add_linked(self, cells: Sequence[str], link: BlockLink) -> None:
        """Append an approved block's wording as a row that stays linked to it."""
        self.table.blockSignals(True)
        self._append(cells)
        row = self.table.rowCount() - 1
        self._set_link(row, link)
        self.table.blockSignals(False)
        self._refresh()
        self.table.setCurrentCell(row, 0)
        self.changed.emit()

    def _item_edited(self, item: QTableWidgetItem) -> None:
        """A typed change to an approved block makes the row the seller's own words."""
        link = self.link(item.row())
        if link is not None and not link.edited:
            self.table.blockSignals(True)
            self._set_link(item.row(), BlockLink(link.id, link.version, edited=True))
            self.table.blockSignals(False)
        self.changed.emit()

    def _set_link(self, row: int, link: BlockLink | None) -> None:
        item = self.table.item(row, 0)
        if item is None:
            return
        item.setData(LINK_ROLE, link)
        if link is None:
            item.setIcon(QIcon())
        else:
            palette = self.palette()
            item.setIcon(coloured_icon("warning", theme.warning(palette)) if link.edited
                         else coloured_icon("check", theme.accent(palette)))
        item.setToolTip("" if link is None else link_description(link))

    def add_row(self) -> None:
        self._append([""] * self.table.columnCount())
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self._refresh()

    def _add_clicked(self) -> None:
        self.add_row()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _append(self, cells: Sequence[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.table.setItem(row, column, item)

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self._refresh()
        self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        self.table.blockSignals(True)
        for column in range(self.table.columnCount()):
            a, b = self.table.takeItem(row, column), self.table.takeItem(target, column)
            self.table.setItem(row, column, b)
            self.table.setItem(target, column, a)
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, self.table.currentColumn())
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.table.setIconSize(QSize(12, 12))
        has_rows = self.table.rowCount() > 0
        self.table.setVisible(has_rows)
        self._empty.setVisible(not has_rows)
        self.table.fit_rows()
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.table.currentRow() if self.table.selectedItems() else -1
        self._remove.setEnabled(row >= 0)
        self._up.setEnabled(row > 0)
        self._down.setEnabled(0 <= row < self.table.rowCount() - 1)


class CollateralEditor(RowsEditor):
    """Recommended collateral: assets picked from the library, each with its title and page.

    Rows come from the library picker (`add_requested`), never typed, so a path
    always names a real asset; the editor reports per path whether it may
    still go on a brief (`set_problems`).
    """

    add_requested = Signal()
    ASSET, PAGE, PATH = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Recommended collateral",
            ("Asset", "Page", "Path"),
            "No collateral yet: add approved assets from the library with +.",
            parent=parent,
        )
        self._add.setToolTip("Add an asset from the library")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.PAGE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setItemDelegateForColumn(self.PAGE, _LimitDelegate(5, digits_only=True, parent=self.table))
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.hide()
        self.layout().addWidget(self.problems_label)

    def _add_clicked(self) -> None:
        self.add_requested.emit()  # the editor opens the library picker and calls add_ref

    def refs(self) -> list[dict[str, Any]]:
        """The collateral in the JSON shape (page as typed: the core names a bad one)."""
        out = []
        for r in range(self.table.rowCount()):
            path = self._text(r, self.PATH)
            if path:
                title = self.table.item(r, self.ASSET).data(TITLE_ROLE) or ""
                out.append({"path": path, "page": page_value(self._text(r, self.PAGE)), "title": title})
        return out

    def set_refs(self, refs: Sequence[CollateralRef]) -> None:
        self.set_rows([["", str(ref.page or ""), ref.path] for ref in refs])
        self.table.blockSignals(True)
        for r, ref in enumerate(refs):
            self._setup_row(r, ref.title)
        self.table.blockSignals(False)
        self.table.fit_rows()

    def add_ref(self, ref: CollateralRef) -> None:
        self.table.blockSignals(True)
        self._append(["", str(ref.page or ""), ref.path])
        self._setup_row(self.table.rowCount() - 1, ref.title)
        self.table.blockSignals(False)
        self._refresh()
        self.changed.emit()

    def set_problems(self, problems: dict[str, str]) -> None:
        """Why an asset may not be printed (expired, unapproved, gone), by path: shown on its row and below."""
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            item = self.table.item(r, self.ASSET)
            problem = problems.get(self._text(r, self.PATH))
            item.setIcon(icon("warning") if problem else QIcon())
            item.setToolTip(problem or self._text(r, self.PATH))
            item.setForeground(theme.warning(self.palette()) if problem else self.palette().text())
        self.table.blockSignals(False)
        self.table.fit_rows()
        shown = [problems[p] for p in dict.fromkeys(ref["path"] for ref in self.refs()) if p in problems]
        self.problems_label.setText("\n".join(f"⚠ {p}" for p in shown))
        self.problems_label.setStyleSheet(f"color: {theme.warning(self.palette()).name()};")
        self.problems_label.setVisible(bool(shown))

    def _setup_row(self, row: int, title: str) -> None:
        path = self._text(row, self.PATH)
        asset = self.table.item(row, self.ASSET)
        asset.setData(TITLE_ROLE, title)
        asset.setText(title or PurePosixPath(path).name)
        asset.setFlags(asset.flags() & ~Qt.ItemFlag.ItemIsEditable)
        path_item = self.table.item(row, self.PATH)
        path_item.setFlags(path_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        path_item.setForeground(theme.muted(self.palette()))


def link_description(link: BlockLink) -> str:
    """What a linked part is, in the seller's words (tooltips and the form's summary)."""
    if link.edited:
        return f"Your own words: edited from approved block {link.id}, no longer the approved wording."
    return f"Approved wording: block {link.id}. Editing it makes it your own text."


def _line_edit(placeholder: str) -> QLineEdit:
    # No length cap: see RowsEditor; the form warns instead.
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


class BriefForm(QWidget):
    """Every field of a brief. `changed` fires on each edit; `brief()` validates through the core."""

    changed = Signal()
    add_collateral_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("briefProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.hide()

        self.offering = _line_edit("What you sell, e.g. Tidewater Ledger")
        self.persona = _line_edit("Persona, e.g. CFO")
        self.industry = _line_edit("Industry")
        self.account = _line_edit("The customer's name (optional)")
        self.who_we_are = _GrowingText()
        self.who_we_are.setPlaceholderText(
            f"One sentence a buyer remembers: who you are and for whom (at most {MAX_SENTENCE} characters)."
        )
        self._who_link: BlockLink | None = None
        self.who_link_label = QLabel()  # approved wording, or "your own words" once edited
        self.who_link_label.setWordWrap(True)
        self.who_link_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.who_link_label.hide()
        self.links_label = QLabel()  # how much of the brief is approved wording
        self.links_label.setObjectName("briefLinks")
        self.links_label.setWordWrap(True)
        self.links_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.why_care = RowsEditor(
            "Why you should care", ("Pain", "Outcome"),
            "No points yet: add the buyer's pain and what changes with you, with +.",
        )
        self.proof_points = RowsEditor(
            "Proof points", ("Proof point",), "No proof points yet: a metric and its source, with +."
        )
        self.differentiators = RowsEditor(
            "Differentiators", ("Differentiator",), "No differentiators yet: add what only you do, with +."
        )
        self.discovery_questions = RowsEditor(
            "Discovery questions", ("Question",), "No questions yet: add what to ask in the meeting, with +."
        )
        self.objections = RowsEditor(
            "Objections", ("Objection", "Response"),
            "No objections yet: add what buyers push back with, and your answer, with +.",
        )
        self.collateral = CollateralEditor()
        self.owner_name = _line_edit("Name")
        self.owner_email = _line_edit("Email")
        self.owner_phone = _line_edit("Phone")
        self.paper = QComboBox()
        self.paper.addItem("Letter", "letter")
        self.paper.addItem("A4", "a4")
        # None until someone picks one: a brief without a paper keeps none (the renderer's default).
        self._paper: str | None = None

        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        top.addRow("Offering", self.offering)
        # The account on a line of its own: three fields on one line left the persona
        # 50 px wide in a 1024 px window, every placeholder cut.
        top.addRow("Audience", _row(self.persona, self.industry))
        top.addRow("Account", self.account)
        who = QWidget()
        who_layout = QVBoxLayout(who)
        who_layout.setContentsMargins(0, 0, 0, 0)
        who_layout.setSpacing(2)
        who_layout.addWidget(self.who_we_are)
        who_layout.addWidget(self.who_link_label)
        top.addRow("Who we are", who)
        bottom = QFormLayout()
        bottom.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        bottom.addRow("Owner", _row(self.owner_name, self.owner_email, self.owner_phone))
        bottom.addRow("Paper", _row(self.paper, stretches=(0,)))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.GRID * 2, theme.GRID * 2, theme.GRID * 2, theme.GRID * 2)
        layout.setSpacing(theme.GRID * 2)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.links_label)
        layout.addLayout(top)
        for editor in self._lists():
            layout.addWidget(editor)
        layout.addLayout(bottom)
        layout.addStretch(1)

        for edit in (self.offering, self.persona, self.industry, self.account,
                     self.owner_name, self.owner_email, self.owner_phone):
            edit.textChanged.connect(self.changed)
        self.who_we_are.textChanged.connect(self._who_edited)
        for editor in self._lists():
            editor.changed.connect(self.changed)
        self.collateral.add_requested.connect(self.add_collateral_requested)
        self.paper.activated.connect(self._paper_chosen)

    def _lists(self) -> list[RowsEditor]:
        return [self.why_care, self.proof_points, self.differentiators,
                self.discovery_questions, self.objections, self.collateral]

    def set_brief(self, brief: Brief) -> None:
        """Show `brief`; emits `changed` once, not once per field."""
        widgets = [self, self.offering, self.persona, self.industry, self.account, self.who_we_are,
                   self.owner_name, self.owner_email, self.owner_phone, *self._lists()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.offering.setText(brief.offering)
            self.persona.setText(brief.audience.persona)
            self.industry.setText(brief.audience.industry)
            self.account.setText(brief.audience.account)
            self.who_we_are.setPlainText(brief.who_we_are)
            self._set_who_link(brief.links.get("who_we_are"))

            def links(key: str, count: int) -> list[BlockLink | None]:
                return [brief.links.get(f"{key}[{i}]") for i in range(count)]

            self.why_care.set_rows([[p.pain, p.outcome] for p in brief.why_care],
                                   links("why_care", len(brief.why_care)))
            for key in ("proof_points", "differentiators", "discovery_questions"):
                items = getattr(brief, key)
                getattr(self, key).set_rows([[t] for t in items], links(key, len(items)))
            self.objections.set_rows([[o.objection, o.response] for o in brief.objections],
                                     links("objections", len(brief.objections)))
            self.collateral.set_refs(brief.collateral)
            self.owner_name.setText(brief.owner.name)
            self.owner_email.setText(brief.owner.email)
            self.owner_phone.setText(brief.owner.phone)
            self._paper = brief.paper
            self.paper.setCurrentIndex(max(0, self.paper.findData(brief.paper or "letter")))
            for edit in (self.offering, self.persona, self.industry, self.account,
                         self.owner_name, self.owner_email, self.owner_phone):
                edit.setCursorPosition(0)  # show the start of long values, not their end
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.changed.emit()

    def raw(self) -> dict[str, Any]:
        """The form as brief JSON (a dict), unvalidated; approved blocks as {"block": …, "text": …}."""
        def texts(editor: RowsEditor) -> list[Any]:
            return [_linked(link, {"text": t}) for (t,), link in editor.entries()]

        return {
            "offering": self.offering.text(),
            "audience": {"persona": self.persona.text(), "industry": self.industry.text(),
                         "account": self.account.text()},
            "who_we_are": _linked(self._who_link, {"text": self.who_we_are.toPlainText()}),
            "why_care": [_linked(link, {"pain": p, "outcome": o}, pair=True)
                         for (p, o), link in self.why_care.entries()],
            "proof_points": texts(self.proof_points),
            "differentiators": texts(self.differentiators),
            "discovery_questions": texts(self.discovery_questions),
            "objections": [_linked(link, {"objection": o, "response": r}, pair=True)
                           for (o, r), link in self.objections.entries()],
            "collateral": self.collateral.refs(),
            "owner": {"name": self.owner_name.text(), "email": self.owner_email.text(),
                      "phone": self.owner_phone.text()},
            "paper": self._paper,
        }

    def brief(self) -> Brief:
        """The form as a Brief; raises BriefError (one problem per bad key) when it isn't one."""
        return brief_from_json(self.raw())

    def show_problems(self, problems: Sequence[str], warnings: Sequence[str] = ()) -> None:
        """What stops the form from being a brief (bold), else what the page will shorten
        (`warnings`), in the form's words; nothing hides the label."""
        shown = problems or warnings
        self.problems_label.setText("\n".join(describe_problem(p) for p in shown))
        self.problems_label.setStyleSheet(
            f"color: {theme.warning(self.palette()).name()};" + (" font-weight: bold;" if problems else "")
        )
        self.problems_label.setVisible(bool(shown))

    def insert_block(self, block: Block) -> None:
        """Put an approved block in its part of the brief, linked to it (who we are: replaced)."""
        link = BlockLink(block.id, block.version)
        if block.kind == "who_we_are":
            self.who_we_are.blockSignals(True)
            self.who_we_are.setPlainText(block.text)
            self.who_we_are.blockSignals(False)
            self._set_who_link(link)
            self.who_we_are._fit()
            self.changed.emit()
            return
        editor = {"why_care": self.why_care, "proof_point": self.proof_points,
                  "differentiator": self.differentiators, "discovery_question": self.discovery_questions,
                  "objection": self.objections}[block.kind]
        editor.add_linked(list(block.wording.values()), link)

    def update_links_summary(self) -> None:
        """'9 parts are approved wording; 1 edited: differentiator 1 …' above the form."""
        parts = [self._who_link, *(link for editor in self._lists()[:-1] for _cells, link in editor.entries())]
        links = [link for link in parts if link is not None]
        edited = sum(link.edited for link in links)
        if not links:
            self.links_label.setText("No approved messaging on this brief: insert blocks from the list on the left.")
        else:
            text = f"✓ {len(links) - edited} part{'s' if len(links) - edited != 1 else ''} in approved wording"
            if edited:
                text += (f"; ⚠ {edited} edited, no longer the approved wording "
                         "(marked ⚠; marketing sees which approved lines get rewritten)")
            self.links_label.setText(text + ".")

    def _set_who_link(self, link: BlockLink | None) -> None:
        self._who_link = link
        self.who_link_label.setText("" if link is None else ("⚠ " if link.edited else "✓ ") + link_description(link))
        self.who_link_label.setVisible(link is not None)

    def _who_edited(self) -> None:
        if self._who_link is not None and not self._who_link.edited:
            self._set_who_link(BlockLink(self._who_link.id, self._who_link.version, edited=True))
        self.changed.emit()

    def add_collateral(self, ref: CollateralRef) -> None:
        self.collateral.add_ref(ref)

    def _paper_chosen(self, index: int) -> None:
        self._paper = self.paper.itemData(index)
        self.changed.emit()


def _linked(link: BlockLink | None, wording: dict[str, str], pair: bool = False) -> Any:
    """A part as brief JSON: plain text, or the block it came from with its (maybe edited) text."""
    if link is None:
        return wording if pair else wording["text"]
    return {"block": link.id, "version": link.version, "edited": link.edited, **wording}


def _row(*widgets: QWidget, stretches: Sequence[int] = ()) -> QWidget:
    """Several fields on one form line, sharing its width by `stretches` (equal shares by default)."""
    box = QFrame()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(theme.GRID)
    for widget, stretch in zip(widgets, stretches or [1] * len(widgets), strict=True):
        layout.addWidget(widget, stretch)
    if not any(stretches or [1]):
        layout.addStretch(1)  # fixed-size fields stay left instead of spreading out
    return box
