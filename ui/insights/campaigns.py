"""Insights → Campaigns: marketers write campaign notes, and see who read them before launch.

A saved note is a `campaign_note` event: it reaches sellers' What's new at the
next sync. Picking a note in the list loads it into the form; saving then
records a new version of that note (sellers see the newest).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.settings import Settings
from enablement_desktop.usage import campaigns
from enablement_desktop.usage.campaigns import CampaignStatus
from enablement_desktop.usage.validate import CAMPAIGN_TALK_TRACK_MAX, CAMPAIGN_TITLE_MAX
from ui import theme
from ui.insights.loading import connection
from ui.insights.tables import RIGHT, Column, ListTable, RowTableModel, export_csv
from ui.insights.text import long_date
from ui.insights.widgets import Section, content_box, heading, muted, while_alive
from ui.worker import run_task

G = theme.GRID


def save_note(
    db_path: Path, settings: Settings, fields: dict, revises: str | None
) -> tuple[str, str]:
    """Worker task: record the note (or its new version); (note id, '') or ('', what to fix)."""
    with connection(db_path) as db:
        try:
            return campaigns.write_note(db, settings, revises=revises, **fields), ""
        except ValueError as exc:  # a field to fix is an outcome, not a failure
            return "", f"{str(exc)[:1].upper()}{str(exc)[1:]}."


class CampaignsSection(Section):
    saved = Signal(str)  # the note's id, once recorded

    def __init__(self, db_path: Path, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(
            "Campaigns",
            "Tell sales what launches when, before it launches. Sellers see each note in What's "
            "new; the Scorecard counts who read it before launch day.",
            parent,
        )
        self._db_path, self._settings = db_path, settings
        self._editing: str | None = None
        self.model: RowTableModel[CampaignStatus] = RowTableModel(
            (
                Column("Campaign", lambda c: c.title, max_chars=40, min_chars=16,
                       tooltip=lambda c: f"{c.title}\nFor: {', '.join(x for x in (c.products, c.personas) if x) or 'everyone'}"),  # fmt: skip
                Column("Launch", lambda c: long_date(datetime.fromisoformat(c.launch).date()),
                       sort_value=lambda c: c.launch),  # fmt: skip
                Column("Readers", lambda c: c.readers, align=RIGHT),
                Column("Before launch", lambda c: c.read_before_launch, align=RIGHT),
            ),
            self,
        )
        self.table = ListTable(self.model, lines=2)  # titles run long ("Ledger 5: month-end close in 3 days")
        self.table.clicked.connect(lambda index: self._edit(self.model.row(index.row())))
        self.table.activated.connect(lambda index: self._edit(self.model.row(index.row())))
        self.empty_list = muted("No campaign notes yet. Write the first one on the right.")

        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(CAMPAIGN_TITLE_MAX)
        self.title_edit.setPlaceholderText("e.g. Ledger 5 launch")
        self.launch = QDateEdit(QDate.currentDate().addDays(14))
        self.launch.setCalendarPopup(True)
        self.launch.setDisplayFormat("d MMM yyyy")
        self.products = QLineEdit()
        self.products.setPlaceholderText("Ledger, Shield")  # the comma says the rest: the form is 300 px at 1024
        self.personas = QLineEdit()
        self.personas.setPlaceholderText("CFO, Controller")
        self.assets = QPlainTextEdit()
        self.assets.setPlaceholderText("One library path per line, e.g. decks/ledger-5.pptx")
        self.assets.setFixedHeight(7 * G)  # three lines
        self.talk_track = QPlainTextEdit()
        self.talk_track.setPlaceholderText("What sellers should say, in two or three sentences.")
        self.talk_track.textChanged.connect(self._count)
        self.counter = muted("", wrap=False)  # one line beside the buttons
        for widget, name in (
            (self.title_edit, "Title"), (self.launch, "Launch date"), (self.products, "Products"),
            (self.personas, "Personas"), (self.assets, "Linked assets"), (self.talk_track, "Talk track"),
        ):  # fmt: skip
            widget.setAccessibleName(name)
        form = QFormLayout()
        form.setSpacing(G)
        form.addRow("Title", self.title_edit)
        form.addRow("Launch", self.launch)
        form.addRow("Products", self.products)
        form.addRow("Personas", self.personas)
        form.addRow("Linked assets", self.assets)
        form.addRow("Talk track", self.talk_track)
        self.form_heading = heading("New campaign note", 1.0)
        self.save_button = QPushButton("Save note")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton("New note")
        self.new_button.clicked.connect(self.clear_form)
        # The counter beside the buttons, not on a row of its own: the form must fit a
        # 700 px screen with the Insights filters and cards above it.
        buttons = QHBoxLayout()
        buttons.addWidget(self.counter)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(2 * G, 0, 0, 0)
        editor_layout.addWidget(self.form_heading)
        editor_layout.addLayout(form)
        editor_layout.addLayout(buttons)
        editor_layout.addStretch(1)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(content_box(self.table, self.empty_list))
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # 3 : 2 from the start, not only of the spare width: at 1024 px the form's size hint
        # left the list 380 px, and every title was cut after 15 characters.
        splitter.setSizes([3 * 100 * G, 2 * 100 * G])
        self.set_content(splitter)
        self.csv_button.clicked.connect(
            lambda: export_csv(self, self.model.rows(), "campaigns.csv", self.message.emit,
                               row_type=CampaignStatus)  # fmt: skip
        )
        self._count()
        self.show_empty("Loading…")

    def show_campaigns(self, statuses: list[CampaignStatus]) -> None:
        self.model.set_rows(statuses)
        self.table.setVisible(bool(statuses))
        self.empty_list.setVisible(not statuses)
        self.show_content()
        if statuses:
            self.table.fit_columns()

    def clear_form(self) -> None:
        self._editing = None
        self.form_heading.setText("New campaign note")
        for edit in (self.title_edit, self.products, self.personas):
            edit.clear()
        self.assets.clear()
        self.talk_track.clear()
        self.launch.setDate(QDate.currentDate().addDays(14))
        self.title_edit.setFocus()

    def save(self) -> None:
        fields = {
            "title": self.title_edit.text(),
            "launch": self.launch.date().toPython(),
            "products": _split(self.products.text(), ","),
            "personas": _split(self.personas.text(), ","),
            "assets": _split(self.assets.toPlainText(), "\n"),
            "talk_track": self.talk_track.toPlainText(),
        }
        settings = dataclasses.replace(self._settings)
        revises = self._editing
        self.save_button.setEnabled(False)
        run_task(
            lambda: save_note(self._db_path, settings, fields, revises),
            on_done=while_alive(self, self._saved),
            on_error=while_alive(self, self._failed),
            what="saving the campaign note",
        )

    def _saved(self, result: tuple[str, str]) -> None:
        self.save_button.setEnabled(True)
        note_id, problem = result
        if problem:
            self.message.emit(problem)
            return
        self.message.emit("Campaign note saved: sellers see it in What's new after the next sync.")
        self.clear_form()
        self.saved.emit(note_id)

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.message.emit(message)

    def _edit(self, status: CampaignStatus) -> None:
        run_task(
            lambda: _find(self._db_path, status.id),
            on_done=while_alive(self, self._fill),
            what="opening the campaign note",
        )

    def _fill(self, note: campaigns.CampaignNote | None) -> None:
        if note is None:
            return
        self._editing = note.id
        self.form_heading.setText(f"Editing “{note.title}” (saving makes a new version)")
        self.title_edit.setText(note.title)
        self.launch.setDate(QDate.fromString(note.launch, "yyyy-MM-dd"))
        self.products.setText(", ".join(note.products))
        self.personas.setText(", ".join(note.personas))
        self.assets.setPlainText("\n".join(note.assets))
        self.talk_track.setPlainText(note.talk_track)

    def _count(self) -> None:
        used = len(self.talk_track.toPlainText())
        self.counter.setText(f"{used:,} of {CAMPAIGN_TALK_TRACK_MAX:,} characters")


def _find(db_path: Path, note_id: str) -> campaigns.CampaignNote | None:
    with connection(db_path) as db:
        return campaigns.find_note(db, note_id)


def _split(text: str, sep: str) -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]

