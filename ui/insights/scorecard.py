"""Insights → Scorecard: both sides' KPIs for the chosen period, with the trend, and the PDF.

The rows (labels, rounding, arrows) come from the core's scorecard_rows, so
the window, `enablement scorecard` and the PDF say the same thing.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from enablement_desktop.usage.scorecard import CampaignReads, Scorecard
from enablement_desktop.usage.scorecard_pdf import write_scorecard_pdf
from enablement_desktop.usage.scorecard_rows import KpiRow, kpi_rows, long_date, period_text
from ui import theme
from ui.insights.tables import RIGHT, Column, ListTable, RowTableModel, ask_save_path, export_csv
from ui.insights.widgets import Section, content_box, heading, muted, while_alive
from ui.worker import run_task

G = theme.GRID
_ARROW = {"up": "▲", "down": "▼", "same": "=", "": ""}
# Colour-blind-safe pair (blue better, orange worse) readable on light and dark backgrounds.
_GOOD = {"light": "#1b5e9e", "dark": "#7fb8f0"}
_BAD = {"light": "#b35806", "dark": "#f4a259"}


NO_TREND = "—"


class ScorecardSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Scorecard",
            "What both sides did in the period above, against the period just before it: was "
            "feedback acted on and how fast, is the library used, did sellers hear of campaigns "
            "before launch. Product and persona filters do not apply; team narrows the sellers.",
            parent,
        )
        self.card: Scorecard | None = None
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.setToolTip("The one-page scorecard for the sales–marketing review")
        self.pdf_button.clicked.connect(self._export_pdf)
        self.tools.addWidget(self.pdf_button)
        self.period = muted("")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(3 * G)
        self.grid.setVerticalSpacing(G)
        grid_box = QWidget()
        grid_box.setLayout(self.grid)
        self.campaigns_model: RowTableModel[CampaignReads] = RowTableModel(
            (
                Column("Campaign", lambda c: c.title, max_chars=40),
                Column("Launch", lambda c: long_date(date.fromisoformat(c.launch))),
                Column("Read before launch", lambda c: c.read_before_launch, align=RIGHT),
                Column("Read after", lambda c: c.read_after_launch, align=RIGHT),
                Column(
                    "Share before",
                    lambda c: "–" if c.share_before_launch is None
                    else f"{round(c.share_before_launch * 100)}%",
                    align=RIGHT,
                ),
            ),
            self,
        )
        self.campaigns_table = ListTable(self.campaigns_model)
        self.campaigns_heading = heading("Campaigns launching in the period", 1.0)
        self.set_content(content_box(self.period, grid_box, self.campaigns_heading, self.campaigns_table))
        self.csv_button.setToolTip("Save the KPIs, this period and the previous, as a CSV file")
        self.csv_button.clicked.connect(
            lambda: export_csv(self, self._rows(), "scorecard.csv", self.message.emit, row_type=KpiRow)
        )
        self.pdf_button.setEnabled(False)
        self.show_empty("Loading…")

    def show_scorecard(self, card: Scorecard) -> None:
        self.card = card
        self.period.setText(
            f"{period_text(card.current)} · {('team ' + card.team) if card.team else 'all teams'} · "
            f"compared with {period_text(card.previous)}"
        )
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        dark = self.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
        rows = self._rows()
        for column, (side, title) in enumerate(
            (("marketing", "Marketing: feedback acted on"), ("sales", "Sales: library used"))
        ):
            self.grid.addWidget(heading(title, 1.05), 0, column * 3, 1, 3)
            for line, row in enumerate((r for r in rows if r.side == side), start=1):
                label = QLabel(row.label)
                label.setToolTip(row.help)
                value = QLabel(row.value)
                font = value.font()
                font.setBold(True)
                value.setFont(font)
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                # A dash when the period before has no figure: "nothing to compare" wrapped
                # to two lines at 1024 px, and the grid clipped both.
                trend = QLabel(f"{_ARROW[row.trend]} was {row.previous.split(' (')[0]}" if row.trend else NO_TREND)
                trend.setToolTip(f"Previous period: {row.previous}" if row.trend
                                 else f"Nothing to compare (previous period: {row.previous})")
                scheme = "dark" if dark else "light"
                colour = (
                    self.palette().color(QPalette.ColorRole.PlaceholderText)
                    if row.good is None
                    else QColor((_GOOD if row.good else _BAD)[scheme])
                )
                trend.setStyleSheet(f"color: {colour.name()};")
                trend.setAccessibleName(
                    f"{row.label}: {row.value}, previous period {row.previous}"
                    + ("" if row.good is None else ", better" if row.good else ", worse")
                )
                self.grid.addWidget(label, line, column * 3)
                self.grid.addWidget(value, line, column * 3 + 1)
                self.grid.addWidget(trend, line, column * 3 + 2)
        self.grid.setColumnStretch(2, 1)
        self.grid.setColumnStretch(5, 1)
        notes = card.current.campaigns.notes
        self.campaigns_model.set_rows(notes)
        self.campaigns_heading.setVisible(bool(notes))
        self.campaigns_table.setVisible(bool(notes))
        self.show_content()
        self.pdf_button.setEnabled(True)
        if notes:
            self.campaigns_table.fit_columns()

    def kpi_text(self, label: str) -> tuple[str, str]:
        """(value, trend) as shown for one KPI; for tests and accessibility checks."""
        for line in range(1, self.grid.rowCount()):
            for column in (0, 3):
                item = self.grid.itemAtPosition(line, column)
                if item is not None and item.widget().text() == label:
                    value = self.grid.itemAtPosition(line, column + 1).widget().text()
                    trend = self.grid.itemAtPosition(line, column + 2).widget().text()
                    return value, trend
        raise KeyError(label)

    def _rows(self) -> list[KpiRow]:
        return kpi_rows(self.card) if self.card is not None else []

    def _export_pdf(self) -> None:
        card = self.card
        if card is None:
            return
        name = f"scorecard-{card.period.since}-{card.period.until}.pdf"
        path = ask_save_path(self, name, "PDF")
        if path is None:
            return
        run_task(
            lambda: (write_scorecard_pdf(card, path), path)[1],
            on_done=while_alive(self, lambda written: self.message.emit(
                f"Saved {written.name} in {written.parent}.")),
            on_error=while_alive(self, self.message.emit),
            what="writing the scorecard PDF",
        )  # fmt: skip
