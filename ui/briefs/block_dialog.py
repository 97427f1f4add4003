"""Edit one approved messaging block (marketers): the fields of messaging/*.json, checked by the core.

The dialog only collects values; `block()` builds the Block and the core's
`parse_block` decides what is valid, so the window and `enablement messaging
check` name problems the same way. Saving (an atomic file write) is the
editor's job, off the GUI thread.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.briefs.messaging import (
    KIND_LABELS,
    KINDS,
    Block,
    Source,
    block_to_dict,
    parse_block,
)
from ui import theme

_FIELD_LABELS = {"text": "Text", "pain": "Pain", "outcome": "Outcome", "objection": "Objection",
                 "response": "Response"}


class BlockDialog(QDialog):
    def __init__(self, block: Block | None, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit approved block" if block else "New approved block")
        self.original = block
        self.id = QLineEdit(block.id if block else "")
        self.id.setPlaceholderText("e.g. ledger-cfo-proof-3 (letters, digits, - _ .)")
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(KIND_LABELS[kind].capitalize(), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(block.kind if block else "proof_point")))
        self.texts = {name: QPlainTextEdit(getattr(block, name) if block else "") for name in _FIELD_LABELS}
        for edit in self.texts.values():
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.product = QLineEdit(block.product if block else "")
        self.persona = QLineEdit(block.persona if block else "")
        self.industry = QLineEdit(block.industry if block else "")
        for edit, hint in ((self.product, "every product"), (self.persona, "every buyer"),
                           (self.industry, "every industry")):
            edit.setPlaceholderText(f"empty: {hint}")
        self.source = QLineEdit(block.source.path if block and block.source else "")
        self.source.setPlaceholderText("optional: the asset it comes from, e.g. case-studies/x.pdf")
        self.page = QSpinBox()
        self.page.setRange(0, 99_999)
        self.page.setSpecialValueText("no page")
        self.page.setValue(block.source.page or 0 if block and block.source else 0)
        self.owner = QLineEdit(block.owner if block else owner)
        today = date.today()
        self.approved = _date_edit(block.approved if block and block.approved else today)
        self.expires = _date_edit(block.expires if block and block.expires else today + timedelta(days=365))
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setStyleSheet(f"color: {theme.warning(self.palette()).name()};")
        self.problems.hide()

        self.form = QFormLayout()
        self.form.addRow("Id", self.id)
        self.form.addRow("Kind", self.kind)
        for name, label in _FIELD_LABELS.items():
            self.form.addRow(label, self.texts[name])
        self.form.addRow("Product", self.product)
        self.form.addRow("Persona", self.persona)
        self.form.addRow("Industry", self.industry)
        self.form.addRow("Source", self.source)
        self.form.addRow("Source page", self.page)
        self.form.addRow("Owner", self.owner)
        self.form.addRow("Approved", self.approved)
        self.form.addRow("Expires", self.expires)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_fields())
        self._show_fields()
        self.resize(560, self.sizeHint().height())

    def _show_fields(self) -> None:
        wanted = {name for name, _limit in KINDS[self.kind.currentData()]}
        for name, edit in self.texts.items():
            self.form.setRowVisible(edit, name in wanted)

    def block(self) -> tuple[Block | None, list[str]]:
        """The block as entered, or None and its problems (one line per key)."""
        kind = self.kind.currentData()
        wording = {name: self.texts[name].toPlainText().strip() for name, _limit in KINDS[kind]}
        source = Source(self.source.text().strip(), self.page.value() or None) if self.source.text().strip() else None
        draft = Block(
            id=self.id.text().strip(), kind=kind, **wording, product=self.product.text().strip(),
            persona=self.persona.text().strip(), industry=self.industry.text().strip(), source=source,
            owner=self.owner.text().strip(), approved=self.approved.date().toPython(),
            expires=self.expires.date().toPython(),
            file=self.original.file if self.original else "",
        )
        checked, problems = parse_block(block_to_dict(draft))
        if checked is None:
            return None, [p.removeprefix("block.") for p in problems]
        return draft, []

    def show_problem(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.show()

    def _accept(self) -> None:
        block, problems = self.block()
        if block is None:
            self.show_problem("\n".join(problems))
            return
        self.accept()


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
