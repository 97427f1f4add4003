"""Approved messaging in Insights: blocks no exported brief used, and blocks sellers rewrite most."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from enablement_desktop.briefs.messaging import KIND_LABELS
from enablement_desktop.briefs.messaging_usage import MessageUse, MessagingFigures
from ui.insights.tables import RIGHT, Column, ListTable, RowTableModel, export_csv
from ui.insights.text import local_date
from ui.insights.widgets import Section, content_box, heading


class MessagingSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Messaging",
            "Approved messaging blocks (messaging/*.json in the library) on exported briefs: the ones "
            "no brief carried in this period, and the ones sellers rewrite most, candidates to retire "
            "or to reword.",
            parent,
        )
        self._wording: dict[str, str] = {}
        words = Column("Wording", lambda r: self._wording.get(r.id, "(no longer in the library)"), max_chars=60)
        kind = Column("Kind", lambda r: KIND_LABELS.get(r.kind, r.kind))
        self.unused_model: RowTableModel[MessageUse] = RowTableModel(
            (Column("Block", lambda r: r.id, max_chars=32), kind, words), self)
        self.rewritten_model: RowTableModel[MessageUse] = RowTableModel(
            (
                Column("Block", lambda r: r.id, max_chars=32),
                Column("Rewritten", lambda r: r.edited, align=RIGHT),
                Column("On briefs", lambda r: r.used_on_briefs, align=RIGHT),
                Column("Last used", lambda r: local_date(r.last_used)),
                words,
            ),
            self,
        )
        self.unused_table = ListTable(self.unused_model)
        self.rewritten_table = ListTable(self.rewritten_model)
        # Sub-headings at the body's size, as Ratings' are: at the default 1.25 they read
        # louder than the section's own title.
        self.unused_heading = heading("Never used", 1.0)
        self.rewritten_heading = heading("Most often rewritten", 1.0)
        # Full width for each (block ids and wording need it): the short "rewritten" list first.
        split = content_box(self.rewritten_heading, self.rewritten_table, self.unused_heading, self.unused_table)
        self.set_content(split)
        self._uses: list[MessageUse] = []
        self.csv_button.setToolTip("Save every block's use as a CSV file (opens in Excel)")
        self.csv_button.clicked.connect(
            lambda: export_csv(self, self._uses, "messaging.csv", self.message.emit, row_type=MessageUse))
        self.show_empty("Loading…")

    def show_messaging(self, figures: MessagingFigures) -> None:
        self._uses, self._wording = figures.uses, figures.wording
        self.unused_model.set_rows(figures.never_used)
        self.rewritten_model.set_rows(figures.most_rewritten)
        if not figures.blocks and not figures.uses:
            self.show_empty("No approved messaging yet: add messaging/*.json to the library "
                            "(see docs/briefs.md) and briefs will be built from it.")
            return
        used = figures.blocks - len(figures.never_used)
        self.unused_heading.setText(f"Never used ({len(figures.never_used)} of {figures.blocks} blocks; "
                                    f"{used} used)")
        if figures.most_rewritten:
            rewritten = "Most often rewritten"
        elif any(use.used_on_briefs for use in figures.uses):
            rewritten = "Most often rewritten (none: every use was as approved)"
        else:  # not "every use was as approved" of no use at all
            rewritten = "Most often rewritten (none: no exported brief carried approved messaging)"
        self.rewritten_heading.setText(rewritten)
        self.rewritten_table.setVisible(bool(figures.most_rewritten))  # no empty table under "none"
        self.show_content()
        self.unused_table.fit_columns()
        self.rewritten_table.fit_columns()
