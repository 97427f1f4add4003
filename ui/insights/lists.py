"""The list sections: unused content, ratings, content requests, and activity by team."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMenu, QSpinBox, QSplitter, QWidget

from enablement_desktop.usage.insights import (
    AssetRating,
    ContentRequest,
    GroupActivity,
    RatingComment,
    Ratings,
    Unused,
    UnusedAsset,
)
from ui import theme
from ui.insights.tables import (
    RIGHT,
    Column,
    ListTable,
    RowTableModel,
    StarsDelegate,
    export_csv,
)
from ui.insights.text import local_date, local_time
from ui.insights.widgets import Section, content_box, heading, muted

G = theme.GRID


class UnusedSection(Section):
    daysChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Unused",
            "Assets nobody opened in the last N days, never-opened first: candidates to promote, "
            "fix or retire. The period above does not apply; product, persona and team do.",
            parent,
        )
        self.days = QSpinBox()
        self.days.setRange(7, 730)
        self.days.setValue(90)
        self.days.setSuffix(" days")
        self.days.setAccessibleName("Not opened in")
        self.days.valueChanged.connect(self.daysChanged.emit)
        self.tools.addWidget(QLabel("Not opened in"))
        self.tools.addWidget(self.days)
        self.sentence = heading("", 1.1)
        self.sentence.setWordWrap(True)
        self.model: RowTableModel[UnusedAsset] = RowTableModel(
            (
                Column("Asset", lambda u: u.title, max_chars=48, min_chars=28),
                Column("Product", lambda u: u.product or "—"),
                Column(
                    "Last opened",
                    lambda u: local_date(u.last_opened) if u.last_opened else "never",
                    sort_value=lambda u: u.last_opened,  # ISO text sorts as time; '' (never) first
                ),
                Column("Path", lambda u: u.path, max_chars=40, elide=Qt.TextElideMode.ElideMiddle),
            ),
            self,
        )
        self.table = ListTable(self.model)
        self.unused: Unused | None = None
        self.set_content(content_box(self.sentence, self.table))
        self.csv_button.clicked.connect(
            lambda: export_csv(
                self, self.unused, f"unused-{self.days.value()}-days.csv", self.message.emit
            )
        )
        self.show_empty("Loading…")

    def show_unused(self, unused: Unused) -> None:
        self.unused = unused
        self.model.set_rows(unused.assets)
        if not unused.library_size:
            self.show_empty("No assets match these filters, or the library is not indexed yet.")
            return
        if not unused.assets:
            self.show_empty(
                f"Every asset was opened in the last {unused.days} days. Nothing to retire."
            )
            return
        self.sentence.setText(unused.sentence + ".")
        self.show_content()
        self.table.fit_columns()


class RatingsSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Ratings",
            "Each seller's latest rating counts once. Lowest rated first, then what sellers said, "
            "lowest ratings first.",
            parent,
        )
        self.ratings: Ratings | None = None
        self.assets_model: RowTableModel[AssetRating] = RowTableModel(
            (
                Column(
                    "Asset",
                    lambda r: r.title,
                    tooltip=lambda r: f"{r.title}\n{r.path}",
                    max_chars=48,
                ),
                Column("Ratings", lambda r: r.ratings, align=RIGHT),
                Column("Average", lambda r: r.avg_rating),
            ),
            self,
        )
        self.comments_model: RowTableModel[RatingComment] = RowTableModel(
            (
                Column("Rating", lambda c: float(c.rating)),
                Column(
                    "Asset",
                    lambda c: c.title,
                    tooltip=lambda c: f"{c.title}\n{c.path}",
                    max_chars=36,
                ),
                Column("Comment", lambda c: c.comment, max_chars=64),
                Column(
                    "From",
                    lambda c: (
                        f"{c.user} ({c.team or 'no team'})" if c.user else c.team or "no team"
                    ),
                ),
                Column("Date", lambda c: local_date(c.ts), sort_value=lambda c: c.ts),
            ),
            self,
        )
        self.assets_table = ListTable(self.assets_model)
        self.comments_table = ListTable(self.comments_model)
        stars = StarsDelegate(self)
        self.assets_table.setItemDelegateForColumn(2, stars)
        self.comments_table.setItemDelegateForColumn(0, stars)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(content_box(heading("Average per asset", 1.0), self.assets_table))
        splitter.addWidget(content_box(heading("Comments", 1.0), self.comments_table))
        self.set_content(splitter)
        menu = QMenu(self)
        menu.addAction(
            "Average per asset…",
            lambda: export_csv(self, self.ratings, "ratings.csv", self.message.emit),
        )
        menu.addAction(
            "Comments…",
            lambda: export_csv(
                self,
                self.comments_model.rows(),
                "rating-comments.csv",
                self.message.emit,
                row_type=RatingComment,
            ),
        )
        self.csv_button.setMenu(menu)
        self.show_empty("Loading…")

    def show_ratings(self, ratings: Ratings) -> None:
        self.ratings = ratings
        self.assets_model.set_rows(ratings.assets)
        self.comments_model.set_rows(ratings.comments)
        if not ratings.assets:
            self.show_empty("No ratings in this period. Sellers rate an asset from the viewer.")
            return
        self.show_content()
        self.assets_table.fit_columns()
        self.comments_table.fit_columns()


class RequestsSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Requests",
            "Searches that found nothing, most frequent first: what sellers look for and the "
            "library lacks. Spelling and spacing are folded together.",
            parent,
        )
        self.model: RowTableModel[ContentRequest] = RowTableModel(
            (
                Column("Search", lambda r: r.query, max_chars=48),
                Column("Searches", lambda r: r.searches, align=RIGHT),
                Column("People", lambda r: r.people, align=RIGHT),
                Column(
                    "Last searched",
                    lambda r: local_date(r.last_searched),
                    sort_value=lambda r: r.last_searched,
                ),
            ),
            self,
        )
        self.table = ListTable(self.model)
        self.set_content(content_box(self.table))
        self.csv_button.clicked.connect(
            lambda: export_csv(
                self,
                self.model.rows(),
                "content-requests.csv",
                self.message.emit,
                row_type=ContentRequest,
            )
        )
        self.show_empty("Loading…")

    def show_requests(self, requests: list[ContentRequest]) -> None:
        self.model.set_rows(requests)
        if not requests:
            # Not "every search found something": true of no searches at all, as on a first day.
            self.show_empty("No search in this period came back empty, so there are no content requests.")
            return
        self.show_content()
        self.table.fit_columns()


class ActivitySection(Section):
    """Activity per team — per person only when Settings allow per-person insights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Teams", "", parent)
        self.model: RowTableModel[GroupActivity] = RowTableModel(
            (
                Column("Team", lambda g: g.group, max_chars=32),
                Column("People", lambda g: g.people, align=RIGHT),
                Column("Opens", lambda g: g.opens, align=RIGHT),
                Column("Page views", lambda g: g.page_views, align=RIGHT),
                Column("Searches", lambda g: g.searches, align=RIGHT),
                Column("Ratings", lambda g: g.ratings, align=RIGHT),
                Column("Send-backs", lambda g: g.send_backs, align=RIGHT),
                Column("Briefs", lambda g: g.brief_exports, align=RIGHT),
            ),
            self,
        )
        self.table = ListTable(self.model)
        self.as_of = muted()
        self.set_content(content_box(self.table, self.as_of))
        self.csv_button.clicked.connect(
            lambda: export_csv(
                self, self.model.rows(), "activity.csv", self.message.emit, row_type=GroupActivity
            )
        )
        self.show_empty("Loading…")

    def show_activity(self, rows: list[GroupActivity], per_person: bool) -> None:
        who = "Person" if per_person else "Team"
        self.model.columns[0] = Column(who, lambda g: g.group, max_chars=32)
        self.explainer.setText(
            "What each person did in the period (per-person insights are on in Settings)."
            if per_person
            else "What each team did in the period. Figures stay per team unless per-person "
            "insights are turned on in Settings."
        )
        self.model.set_rows(rows)
        if not rows:
            self.show_empty("No activity in this period.")
            return
        self.show_content()
        self.table.fit_columns()

    def show_as_of(self, as_of: dict[str, str], per_person: bool) -> None:
        if not as_of:
            self.as_of.setText("No synced data yet: figures are this computer's own events.")
        elif per_person:
            lines = [f"{writer}: {local_time(ts)}" for writer, ts in sorted(as_of.items())]
            self.as_of.setText("Data as of, per device:\n" + "\n".join(lines))
        else:
            oldest = min(as_of.values())
            self.as_of.setText(
                f"Data from {len(as_of)} synced devices; the least recent is as of {local_time(oldest)}."
            )
